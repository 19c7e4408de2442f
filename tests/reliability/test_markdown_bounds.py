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
from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers.markdown import chunks
from readinglist.importers.markdown.chunks import nodes_at_most
from readinglist.importers.markdown.events import build
from readinglist.importers.markdown.tree import Node

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


DENSE = {
    "one-character bullets": lambda n: "- x\n" * (n // 4),
    "one-word paragraphs": lambda n: "x\n\n" * (n // 3),
    "lines of 40 nested bullets": lambda n: ("- " * 40 + "x\n") * (n // 83),
    "one-cell table rows": lambda n: "|a|b|\n|-|-|\n" + "|x|y|\n" * (n // 6),
    "one-line headings": lambda n: "# x\n" * (n // 4),
    "numbered items": lambda n: "1. x\n" * (n // 5),
    "numbered items with parentheses": lambda n: "1) x\n" * (n // 5),
    "struck words": lambda n: "~~a~~ " * (n // 6),
    "autolinks": lambda n: "<https://e.o> " * (n // 14),
    "code spans and emphasis": lambda n: "`a` _b_ " * (n // 8),
}
"""Valid Markdown made only of the smallest blocks: nothing to exploit, but about one tree node per byte."""


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
def test_a_megabyte_of_hostile_markdown_parses_in_linear_time(
    name: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parser itself: most of these are refused at once as too dense to be a list, so the limit is lifted."""
    monkeypatch.setattr(chunks, "MAX_DENSITY", float("inf"))
    data = ATTACKS[name]().encode()
    assert abs(len(data) - SIZE) < 100
    baseline = _baseline(fmt)
    spent = _cpu(importers.parse, data, format=fmt)
    assert spent <= RATIO * baseline + 0.2, f"{fmt} took {spent:.2f} s on {name} (a plain list: {baseline:.2f} s)"


TOP = "- [First paper](https://ex.org/first)\n\n"


@pytest.mark.parametrize(
    "text",
    [
        TOP + "- " * 20_000 + "[deep](https://ex.org/deep)\n",
        TOP + ">" * 20_000 + " - [deep](https://ex.org/deep)\n",
        TOP + "> - " * 10_000 + "[deep](https://ex.org/deep)\n",
        TOP + "".join("  " * d + f"- [Item {d}](https://ex.org/{d})\n" for d in range(300)),
        TOP + "- [x](https://ex.org/x) " + "*a " * 5_000 + "[y](https://ex.org/y)" + " b*" * 5_000 + "\n",
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


def _nodes(node: Node) -> int:
    count, stack = 0, [node]
    while stack:
        count += 1
        stack.extend(stack.pop().children)
    return count


@pytest.mark.parametrize("name", [*ATTACKS, *DENSE])
def test_the_node_bound_holds_for_the_densest_shapes(name: str) -> None:
    """The bound read before the parse (which refuses what could outgrow memory) is never below the real tree."""
    text = ATTACKS[name]() if name in ATTACKS else DENSE[name](SIZE // 10)
    assert _nodes(build(text).root) <= nodes_at_most(text)


def test_a_piece_too_dense_to_hold_is_refused_before_its_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A piece whose tree could outgrow MAX_NODES is refused with the reason; the same blocks under headings, cut
    into pieces each under it, import (one piece's tree in memory at a time)."""
    monkeypatch.setattr(chunks, "MAX_NODES", 50_000)
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 10_000)
    monkeypatch.setattr(chunks, "MAX_DENSITY", float("inf"))  # the bullets are far denser than a list
    rows = [f"- [Paper {i}](https://ex.org/{i})\n" for i in range(1_000)]
    with pytest.raises(ImportFormatError, match=r"^dense\.md is too dense to import: .* add headings or split"):
        importers.parse(("- x\n" * 20_000 + "".join(rows)).encode(), format="markdown", filename="dense.md")
    parts = ["".join([f"\n## Papers on topic {p}\n\n", "- x\n" * 4_000, *rows[p * 100 : p * 100 + 100]]) for p in range(10)]
    assert nodes_at_most("".join(parts)) > chunks.MAX_NODES > max(map(nodes_at_most, parts))
    result = importers.parse("".join(parts).encode(), format="markdown")
    assert len(result.items) == 1_000
    assert {item.section for item in result.items} == {(f"Papers on topic {p}",) for p in range(10)}
