"""The Markdown and document importers on about a megabyte of hostile Markdown each (issue 14: parsers linear).

Each attack goes through ``parse()`` (the parser, the tree and the walker) and must cost at most a few times a
plain link list of the same size, measured in the same run as CPU time of this process, so a busy machine does not
make it flaky. A quadratic scan or an exponential regex costs hundreds of times more at this size (the wrapped-links
regex took 2 s on one line of 22 links inside an unclosed parenthesis; markdown-it took 15 s on 50,000 ``[``).
Deep nesting must be reported, never crash.
"""

from __future__ import annotations

import contextlib
import functools
import time

import pytest

from readinglist import importers
from readinglist.exceptions import ReadingListError

SIZE = 1_000_000
RATIO = 4
"""Allowed cost of an attack relative to the plain list (most cost less than it; the densest, one item line of
100k links, about twice)."""


def _repeat(unit: str, head: str = "", tail: str = "") -> str:
    return head + unit * ((SIZE - len(head) - len(tail)) // len(unit)) + tail


ATTACKS = {
    "runs of [": lambda: _repeat("["),
    "emphasis runs": lambda: _repeat("*a **b "),
    "emphasis nested": lambda: "*" * (SIZE // 2) + "a" + "*" * (SIZE // 2),
    "a list 500,000 levels deep": lambda: _repeat("- ", tail="x\n"),
    "quotes holding lists": lambda: _repeat("> - ", tail="x\n"),
    "blockquotes 1,000,000 deep": lambda: _repeat(">", tail=" [x](https://ex.org)\n"),
    "one line of links": lambda: _repeat("[a](https://ex.org/a) ", head="- "),
    "links inside an unclosed parenthesis": lambda: _repeat("[a](https://ex.org/a) ", head="- ("),
    "a paragraph of links": lambda: _repeat("[a](https://ex.org/) "),
    "script links": lambda: _repeat("- [a](javascript:x)\n"),
    "unclosed html block": lambda: _repeat("<a href='x'>[t](https://ex.org)\n", head="<div>\n"),
    "summaries never closed": lambda: _repeat("<summary>", head="<details>"),
    "tags never closed": lambda: _repeat("<a "),
    "a run of spaces": lambda: _repeat(" ", head="- [a](https://ex.org) ", tail="x\n"),
    "bold runs on one line": lambda: _repeat("**a** ", head="- ", tail="[x](https://ex.org)\n"),
    "table rows": lambda: _repeat("|[x](https://ex.org)|z|\n", head="|a|b|\n|-|-|\n"),
}


def _cpu(fn: object, *args: object, **kwargs: object) -> float:
    start = time.process_time()
    with contextlib.suppress(ReadingListError):
        fn(*args, **kwargs)  # type: ignore[operator]
    return time.process_time() - start


@functools.cache
def _baseline(fmt: str) -> float:
    plain = "".join(f"- [Paper {i}](https://example.org/p/{i}) - notes\n" for i in range(SIZE // 48))
    return min(_cpu(importers.parse, plain.encode(), format=fmt) for _ in range(2))


@pytest.mark.parametrize("fmt", ["markdown", "document"])
@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_megabyte_of_hostile_markdown_parses_in_linear_time(name: str, fmt: str) -> None:
    data = ATTACKS[name]().encode()
    assert abs(len(data) - SIZE) < 100
    baseline = _baseline(fmt)
    spent = _cpu(importers.parse, data, format=fmt)
    assert spent <= RATIO * baseline + 0.2, f"{fmt} took {spent:.2f} s on {name} (a plain list: {baseline:.2f} s)"


TOP = "- [First paper](https://ex.org/first)\n\n"


@pytest.mark.parametrize(
    "text",
    [
        TOP + "- " * 200_000 + "[deep](https://ex.org/deep)\n",
        TOP + ">" * 200_000 + " - [deep](https://ex.org/deep)\n",
        TOP + "> - " * 100_000 + "[deep](https://ex.org/deep)\n",
        TOP + "".join("  " * d + f"- [Item {d}](https://ex.org/{d})\n" for d in range(300)),
        TOP + "- [x](https://ex.org/x) " + "*a " * 50_000 + "[y](https://ex.org/y)" + " b*" * 50_000 + "\n",
        TOP + "- [x](https://ex.org/x) " + "![" * 50_000 + "a" + "](b)" * 50_000 + "\n",
    ],
    ids=["list markers", "quote markers", "quotes and lists", "indented lists", "emphasis", "images in images"],
)
def test_deep_nesting_is_reported_not_a_crash(text: str) -> None:
    result = importers.parse(text.encode(), format="markdown")
    titles = [item.title for item in result.items]
    assert titles[0] == "First paper"
    if "[deep]" in text or "Item 299" in text:
        assert any("nested too deeply" in w for w in result.warnings)
        assert "deep" not in titles and "Item 299" not in titles
    else:  # inline nesting is opened up, not dropped
        assert titles[1] == "x"


def test_items_above_the_nesting_limit_are_kept() -> None:
    text = "".join("  " * d + f"- [Item {d}](https://ex.org/{d})\n" for d in range(60))
    result = importers.parse(text.encode(), format="markdown")
    assert [i.title for i in result.items] == [f"Item {d}" for d in range(49)]  # 49 lists: 98 levels, all read
    assert any("nested too deeply" in w for w in result.warnings)
