"""The reStructuredText importer's bounds on what it hands docutils (issue 14: about 1 CPU s per MB, linear).

docutils spends 7-50 CPU s per MB on anything beyond the plain lists the fast path reads, and is quadratic in
auto-numbered footnotes and in transitions. A document the fast path does not take is refused before docutils sees
it when it is bigger, longer or denser in references than any real list read by docutils, or holds more footnotes or
transitions than any reading list; each refusal says what, how many, the limit and the way out. Real lists, and a
list four times the largest real one, still read; a plain list of links is still read up to 2 MB.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist import importers
from readinglist.exceptions import ImportFormatError
from readinglist.importers import rst

HEAD = "Papers\n======\n\n"
DATA = Path(__file__).resolve().parents[1] / "data"


def _refusal(text: str) -> str:
    with pytest.raises(ImportFormatError) as info:
        importers.parse(text.encode(), format="rst")
    return str(info.value)


def test_a_big_document_beyond_plain_lists_is_refused_with_its_size_the_limit_and_the_way_out() -> None:
    text = HEAD + ("#. `Paper <https://example.org/p>`__ notes\n" * 4000)  # enumerated: not the fast path's
    message = _refusal(text)
    assert f"is {len(text) / 1024:,.0f} KB" in message
    assert f"over {rst.MAX_DOCUTILS_BYTES // 1024} KB it is refused" in message
    assert "read up to 2 MB" in message and "convert it to Markdown" in message


def test_a_long_document_beyond_plain_lists_is_refused_with_its_lines() -> None:
    text = HEAD + "term\n  definition\n" * (rst.MAX_DOCUTILS_LINES // 2 + 10)  # a definition list: 10 KB
    assert len(text) < rst.MAX_DOCUTILS_BYTES
    message = _refusal(text)
    assert f"has {len(text.splitlines()):,} lines" in message
    assert f"over {rst.MAX_DOCUTILS_LINES:,} lines it is refused" in message and "read up to 2 MB" in message


def test_lines_are_counted_at_every_line_break_docutils_honours() -> None:
    text = HEAD + "term\u2028  definition\u2028" * (rst.MAX_DOCUTILS_LINES // 2 + 10)
    assert "lines it is refused" in _refusal(text)


def test_references_past_the_limit_across_paragraphs_are_refused() -> None:
    paragraph = "a__ " * 400 + "\n\n"  # under the per-paragraph limit, 40 KB in all
    text = HEAD + paragraph * (rst.MAX_DOCUTILS_REFERENCES // 400 + 1)
    message = _refusal(text)
    assert f"has {(rst.MAX_DOCUTILS_REFERENCES // 400 + 1) * 400:,} references or substitutions" in message
    assert f"over {rst.MAX_DOCUTILS_REFERENCES:,} it is refused" in message


@pytest.mark.parametrize("label", ["#", "*", "#note", "1", "Name"])
def test_footnote_references_past_the_limit_are_refused(label: str) -> None:
    refs = (f"[{label}]_ " * 400 + "\n\n") * 3  # 1,200 references
    message = _refusal(HEAD + refs + f".. [{label}] x\n")
    assert "1 footnotes or citations and 1,200 references to them" in message
    assert f"more than {rst.MAX_NOTES:,}" in message and "convert it to Markdown" in message


def test_footnotes_past_the_limit_are_refused() -> None:
    text = HEAD + ".. [#] x\n" * (rst.MAX_NOTES + 1)
    assert f"has {rst.MAX_NOTES + 1:,} footnotes or citations and 0 references" in _refusal(text)


def test_transitions_past_the_limit_are_refused_and_section_lines_are_no_transitions() -> None:
    text = HEAD + "x\n\n----\n\n" * (rst.MAX_TRANSITIONS + 1) + "x\n"
    assert f"has {rst.MAX_TRANSITIONS + 1:,} transitions" in _refusal(text)
    overlined = "".join(f"=====\nS{i}\n=====\n\n- `P{i} <https://e.org/{i}>`__ *x*\n\n" for i in range(300))
    assert len(importers.parse((HEAD + overlined).encode(), format="rst").items) == 300


def test_a_list_four_times_the_key_papers_is_read() -> None:
    """Spinning Up's key papers (19 KB, 105 footnotes, 260 lines) four times over: 420 footnotes read by docutils."""
    sections = []
    for s in range(13):
        notes = "".join(
            f".. [#] `Paper {s}-{i} on deep reinforcement learning <https://arxiv.org/abs/18{s:02d}.{i:05d}>`_, "
            f"Author et al, 2018. **Algorithm: A{s}x{i}.** It introduces a method worth reading today.\n\n"
            for i in range(33)
        )
        sections.append(f"{s}. Topic {s}\n{'=' * 12}\n\n{notes}")
    text = "=====================\nKey Papers in Deep RL\n=====================\n\n" + "".join(sections)
    assert len(text) < rst.MAX_DOCUTILS_BYTES and len(text.splitlines()) < rst.MAX_DOCUTILS_LINES
    result = importers.parse(text.encode(), format="rst")
    assert len(result.items) == 13 * 33
    assert result.items[-1].url == "https://arxiv.org/abs/1812.00032"


def test_real_lists_read_by_docutils_are_far_under_every_limit() -> None:
    for path in sorted(DATA.rglob("*.rst")):
        text = path.read_text(encoding="utf-8")
        assert importers.parse(text.encode(), format="rst").items, path
        assert len(text.encode()) * 4 <= rst.MAX_DOCUTILS_BYTES and len(text.splitlines()) * 4 <= rst.MAX_DOCUTILS_LINES
        assert text.count("]_") * 4 <= rst.MAX_NOTES and len(rst._NOTE.findall(text)) * 4 <= rst.MAX_NOTES


def test_a_plain_list_of_links_is_still_read_up_to_two_megabytes() -> None:
    lines = [f"- `Paper {i} <https://example.org/p/{i}>`_\n" for i in range(40_000)]
    text = HEAD + "".join(lines)
    assert rst.MAX_DOCUTILS_BYTES < len(text) < rst.MAX_BYTES
    assert len(importers.parse(text.encode(), format="rst").items) == 40_000


@pytest.mark.parametrize("unit", ["- x\n", "- *x*\n", "x\n\n", "`a`_\n"])
def test_text_of_more_lines_than_a_list_writes_is_refused_before_its_parse(unit: str) -> None:
    """1 MB of the smallest blocks cost the fast path 1-1.4 CPU s a MB for nothing: refused, with the way out."""
    text = HEAD + unit * (200_000 // len(unit))
    message = _refusal(text)
    assert message.startswith("input is too dense to be a reading list: ") and "--format document" in message
    assert f"lists write {rst.MIN_LINE_CHARS} or more" in message


def test_the_same_lines_under_the_limit_or_the_floor_are_read() -> None:
    item = "- `Attention Is All You Need <https://arxiv.org/abs/1706.03762>`_\n"
    filler = " ".join(["filler"] * 20) + "\n\n"
    diluted = HEAD + "- x\n" * 24_000 + "\n" + item + "\n" + filler * 2_000  # about 13.5 characters a line
    assert len(diluted) > rst.DENSITY_FLOOR
    assert rst.MIN_LINE_CHARS < len(diluted) / (diluted.count("\n") + 1) < rst.MIN_LINE_CHARS * 1.3
    assert [i.url for i in importers.parse(diluted.encode(), format="rst").items] == ["https://arxiv.org/abs/1706.03762"]
    short = HEAD + "- x\n" * (rst.DENSITY_FLOOR // 4 - 100) + item
    assert len(short) <= rst.DENSITY_FLOOR
    assert [i.url for i in importers.parse(short.encode(), format="rst").items] == ["https://arxiv.org/abs/1706.03762"]


def test_real_lists_write_lines_far_longer_than_the_limit() -> None:
    for path in sorted(DATA.rglob("*.rst")):
        text = path.read_text(encoding="utf-8")
        assert len(text) / (text.count("\n") + 1) >= 2.5 * rst.MIN_LINE_CHARS, path
