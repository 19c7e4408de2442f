"""A long Markdown list is parsed piece by piece (readinglist.importers.markdown.chunks): the pieces must give
exactly the items, sections, tiers and warnings of the whole document."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import markdown
from readinglist.importers.markdown import chunks

HERE = Path(__file__).resolve().parent
ELICIT = HERE.parent.parent / "shared" / "data" / "elicit"
FILES = sorted(
    [*(HERE / "data").rglob("*.md"), *(ELICIT.glob("*.md") if ELICIT.is_dir() else [])], key=lambda p: p.name
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pieces_parse_like_the_whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    url = "https://github.com/o/r/blob/main/README.md"
    try:
        expected = markdown.parse(data, source_url=url)
    except Exception as exc:  # noqa: BLE001 - the same refusal is expected from the pieces
        expected = repr(exc)
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 200)  # cut at every safe heading
    try:
        got = markdown.parse(data, source_url=url)
    except Exception as exc:  # noqa: BLE001
        got = repr(exc)
    assert got == expected


def test_elicit_is_cut_into_pieces() -> None:
    if not ELICIT.is_dir():
        pytest.skip("../shared/data/elicit is absent")
    text = next(ELICIT.glob("*.md")).read_text(encoding="utf-8")
    parts = list(chunks.pieces(text, 200))
    assert len(parts) > 10 and "".join(parts) == text
    assert all(p.startswith("#") for p in parts[1:])


@pytest.mark.parametrize(
    "text",
    [
        "```\n\n# not a heading\n```\n",  # fenced code holding a heading after a blank line
        "<!--\n\n# not a heading\n-->\n",  # an HTML comment that a blank line does not end
        "<pre>\n\n# not a heading\n</pre>\n",
        "[ref]: https://example.org/a\n\n# h\n",  # a link reference serves the whole document
        "- item\n  ~~~\n\n# h\n",
    ],
)
def test_documents_a_cut_could_split_stay_whole(text: str) -> None:
    big = text + ("x\n\n# heading\n\n- [a](https://example.org/a)\n\n" * 50)
    assert list(chunks.pieces(big, 100)) == [big]


def test_cuts_only_before_a_heading_after_a_blank_line() -> None:
    text = "# t\n\n- [a](https://e.org/a)\n# glued\n\n## free\n\n- [b](https://e.org/b)\n\n### also\n"
    parts = list(chunks.pieces(text, 10))
    assert parts == ["# t\n\n- [a](https://e.org/a)\n# glued\n\n", "## free\n\n- [b](https://e.org/b)\n\n", "### also\n"]
