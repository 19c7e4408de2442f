"""The importer registry: detection by content and extension, forced formats, error wrapping."""

from __future__ import annotations

import contextlib
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError, InvalidArgumentError, ReadingListError
from readinglist.types import ListToImport

NATIVE_TOML = (
    b'format = "readinglist"\nformat_version = 1\n\n[[items]]\ntitle = "A"\nurl = "https://a.example/"\n'
)


def test_formats_in_order() -> None:
    assert importers.FORMATS == (
        "readinglist", "markdown", "html", "opml", "xbel", "bibtex", "ris", "csv", "json", "yaml", "rst", "org", "document"
    )
    assert {"readinglist", "opml", "bibtex", "csv"} <= set(importers.available_formats())


@pytest.mark.parametrize(
    ("folder", "name", "expected"),
    [
        ("csv", "goodreads_library_export.csv", "csv"),
        ("csv", "pocket.csv", "csv"),
        ("csv", "list.tsv", "csv"),
        ("opml", "feeds.opml", "opml"),
        ("opml", "curriculum.opml", "opml"),
        ("bibtex", "papers.bib", "bibtex"),
    ],
)
def test_detect_from_content_alone(data_dir: Path, folder: str, name: str, expected: str) -> None:
    data = (data_dir / folder / name).read_bytes()
    assert importers.detect_format(data) == expected
    assert importers.detect_format(data, name) == expected


def test_detect_native_and_extension_breaks_ties() -> None:
    assert importers.detect_format(NATIVE_TOML) == "readinglist"
    assert importers.detect_format(NATIVE_TOML, "list.toml") == "readinglist"
    # a one-column table is unclear content; the extension decides
    assert importers.detect_format(b"Title\nFoo\nBar\n", "x.csv") == "csv"


def test_content_beats_a_misleading_extension(data_dir: Path) -> None:
    data = (data_dir / "bibtex" / "papers.bib").read_bytes()
    assert importers.detect_format(data, "papers.txt") == "bibtex"


def test_unrecognised_content_names_the_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    # only our own modules, so a colleague's permissive sniffer cannot change the answer
    monkeypatch.setattr(importers, "_missing", {"markdown", "html", "document"})
    with pytest.raises(ImportFormatError) as err:
        importers.detect_format(b"\x7fELF? no, just words without structure", "notes.dat")
    assert "readinglist, opml, xbel, bibtex, ris, csv" in str(err.value)
    assert "--format" in str(err.value)


@pytest.mark.parametrize("data", [b"", b"\n\n  ", b"\x00\x01\x02" * 100])
def test_empty_and_binary(data: bytes) -> None:
    with pytest.raises(ImportFormatError):
        importers.parse(data)


def test_parse_fills_format_and_forced_format(data_dir: Path) -> None:
    lst = importers.parse(NATIVE_TOML, filename="x.toml")
    assert (lst.format, [i.title for i in lst.items]) == ("readinglist", ["A"])
    csv_lst = importers.parse(b"title,url\nA,https://a.example/\n", format="CSV")
    assert csv_lst.format == "csv"
    with pytest.raises(ImportFormatError):
        importers.parse((data_dir / "bibtex" / "papers.bib").read_bytes(), format="opml")


def test_unknown_format() -> None:
    with pytest.raises(InvalidArgumentError, match="choose one of: readinglist, markdown"):
        importers.parse(b"x", format="docx")


def test_missing_module_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(importers._MODULES, "ghost", "readinglist.importers._does_not_exist")
    monkeypatch.setattr(importers, "FORMATS", (*importers.FORMATS, "ghost"))
    monkeypatch.setattr(importers, "_missing", set())
    assert "ghost" not in importers.available_formats()
    assert importers.detect_format(NATIVE_TOML) == "readinglist"
    with pytest.raises(InvalidArgumentError, match="not available"):
        importers.parse(NATIVE_TOML, format="ghost")


def _fake_module(monkeypatch: pytest.MonkeyPatch, parse, sniff=lambda text: 0) -> None:
    module = types.ModuleType("readinglist.importers._fake")
    module.NAME = "fake"
    module.EXTENSIONS = (".fake",)
    module.sniff = sniff
    module.parse = parse
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(importers._MODULES, "fake", module.__name__)
    monkeypatch.setattr(importers, "FORMATS", (*importers.FORMATS, "fake"))


def test_raw_exceptions_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
        return [][1]

    _fake_module(monkeypatch, parse)
    with pytest.raises(ImportFormatError) as err:
        importers.parse(b"anything", format="fake", filename="my.fake")
    assert str(err.value) == "could not read my.fake as fake: list index out of range"
    assert isinstance(err.value.__cause__, IndexError)
    assert (err.value.format, err.value.source) == ("fake", "my.fake")


def test_a_crashing_sniffer_does_not_break_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    def sniff(text: str) -> int:
        raise KeyError("boom")

    _fake_module(monkeypatch, lambda data, source_url=None: ListToImport(items=()), sniff)
    assert importers.detect_format(NATIVE_TOML) == "readinglist"


def test_extension_picks_among_weak_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_module(monkeypatch, lambda data, source_url=None: ListToImport(items=()), lambda text: 5)
    monkeypatch.setattr(importers, "_missing", {"markdown", "html", "document"})
    assert importers.detect_format(b"plain words", "a.fake") == "fake"


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=300), st.sampled_from([None, "a.csv", "a.opml", "a.bib", "a.json", "a.toml", "a.md"])
)
def test_random_bytes_only_raise_readinglist_errors(data: bytes, filename: str | None) -> None:
    with contextlib.suppress(ReadingListError):
        importers.parse(data, filename=filename)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(importers.FORMATS))
def test_random_text_with_forced_format_only_raises_readinglist_errors(text: str, fmt: str) -> None:
    with contextlib.suppress(ReadingListError):
        importers.parse(text.encode("utf-8", "replace"), format=fmt)


def test_a_feed_is_pointed_to_feed_add() -> None:
    rss = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>\n'
    with pytest.raises(
        ImportFormatError, match="RSS/Atom feed, not a list; subscribe to it with 'readinglist feed add"
    ):
        importers.parse(rss, filename="index.xml")
