"""Markdown denser than any reading list is refused before its parse (issue 14: at most 1 CPU s per MB).

The tree is built and walked in Python, a node at a time: text made of nothing but the smallest blocks (about a node
a byte) cost 1-2.4 CPU s per MB for nothing to import. A document over ``DENSITY_FLOOR`` characters whose blocks and
spans (counted in C before the parse, links aside) pass ``MAX_DENSITY`` a character is refused with the reason and
the way out (``--format document``); real lists stay far under the limit, and shapes diluted to just under it parse
as before. Costs at the limit are measured by ``bench/reliability.py --only dense``, never here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist import importers
from readinglist.exceptions import ImportFormatError
from readinglist.importers.markdown import chunks
from readinglist.importers.markdown.chunks import blocks_at_most
from reliability.test_markdown_bounds import DENSE

DATA = Path(__file__).resolve().parents[1] / "data"
SIZE = 200_000

FILLER = "\n" + " ".join(["filler"] * 20) + "\n\n"
"""A paragraph of words: next to no blocks for its length."""

REFUSED = [name for name, make in DENSE.items() if blocks_at_most(make(SIZE)) > chunks.MAX_DENSITY * SIZE]
"""The shapes denser than the limit: all but the autolinks (links are an item's, not counted)."""


def diluted(name: str, size: int, density: float, link: str = "") -> str:
    """About ``size`` characters of ``DENSE[name]`` in runs of 8 KB, each followed by ``link`` (a list line) and as
    many short filler paragraphs as bring the whole to just under ``density`` blocks a character."""
    unit = DENSE[name](8_000) + "\n\n" + link
    blocks, length = blocks_at_most(unit), len(unit)
    filler, filler_length = blocks_at_most(FILLER) - blocks_at_most(""), len(FILLER)
    runs = 0
    while blocks + runs * filler > 0.98 * density * (length + runs * filler_length):
        runs += 1
    block = unit + "\n" + FILLER * runs
    return block * max(1, size // len(block))


def test_the_shapes_refused_are_the_dense_ones() -> None:
    assert set(DENSE) - set(REFUSED) == {"autolinks"}


@pytest.mark.parametrize("name", REFUSED)
def test_text_of_the_smallest_blocks_is_refused_before_its_parse(name: str) -> None:
    data = DENSE[name](SIZE).encode()
    with pytest.raises(ImportFormatError) as caught:
        importers.parse(data, format="markdown", filename="dense.md")
    message = str(caught.value)
    assert message.startswith("dense.md is too dense to be a reading list: ")
    assert f"a character; lists make under {chunks.MAX_DENSITY}" in message and "--format document" in message
    assert len(message) < importers.MESSAGE_LIMIT


@pytest.mark.parametrize("name", REFUSED)
def test_the_same_blocks_diluted_under_the_limit_are_read(name: str) -> None:
    """Just under the limit the parse runs: a list line in every run is an item, whatever surrounds it."""
    text = diluted(name, SIZE, chunks.MAX_DENSITY, link="- [Paper](https://example.org/paper)\n")
    assert len(text) > chunks.DENSITY_FLOOR
    assert chunks.too_dense(text) is None and blocks_at_most(text) > 0.8 * chunks.MAX_DENSITY * len(text)
    result = importers.parse(text.encode(), format="markdown")
    assert {item.url for item in result.items} >= {"https://example.org/paper"}


def test_the_suggested_document_reader_reads_what_was_refused() -> None:
    text = DENSE["one-character bullets"](SIZE) + "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    with pytest.raises(ImportFormatError, match="too dense"):
        importers.parse(text.encode(), format="markdown")
    result = importers.parse(text.encode(), format="document")
    assert [item.title for item in result.items] == ["Attention Is All You Need"]


def test_short_documents_are_never_refused_for_density() -> None:
    """Under the floor any shape parses, however dense (a short checklist of one-word items is dense and real)."""
    for name in ("lines of 40 nested bullets", "one-character bullets"):
        tiny = DENSE[name](chunks.DENSITY_FLOOR - 100) + "\n- [x](https://ex.org/x)\n"
        assert chunks.too_dense(tiny) is None and blocks_at_most(tiny) > len(tiny) * 0.9
        assert [item.url for item in importers.parse(tiny.encode(), format="markdown").items] == ["https://ex.org/x"]


def _markdown_fixtures() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.suffix in (".md", ".markdown") and p.stat().st_size > 2_000)


def test_real_lists_are_far_under_the_limit(elicit_files: list[Path]) -> None:
    """Every Markdown fixture trimmed from a real list and the five Elicit versions: at most 60 % of the limit (the
    densest, 0.21, a short list of quoted titles; the Elicit versions 0.11)."""
    paths = [*elicit_files, *_markdown_fixtures()]
    assert len(paths) >= 20
    densest = max(paths, key=lambda p: blocks_at_most(p.read_text("utf-8")) / p.stat().st_size)
    text = densest.read_text("utf-8")
    assert blocks_at_most(text) / len(text) < chunks.MAX_DENSITY * 0.6, densest.name


def test_a_real_list_written_many_times_over_is_read(elicit_files: list[Path]) -> None:
    """The Elicit list copied past a megabyte (no density refusal; every copy's items)."""
    text = elicit_files[-1].read_text("utf-8")
    copies = 1_000_000 // len(text) + 1
    whole = "\n\n".join([text] * copies)
    one = len(importers.parse(text.encode(), format="markdown").items)
    assert len(importers.parse(whole.encode(), format="markdown").items) == one * copies
