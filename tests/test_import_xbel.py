"""XBEL bookmark files (Floccus, Falkon, Konqueror): folders are topics, bookmarks items."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import xbel


def test_the_xbel_example(data_dir: Path) -> None:
    data = (data_dir / "xbel" / "wikimedia.xbel").read_bytes()
    assert importers.detect_format(data) == "xbel"
    result = importers.parse(data, filename="bookmarks.xbel")
    assert [(i.title, i.url, i.section) for i in result.items] == [
        ("Wikipedia", "https://en.wikipedia.org/", ("Wikimedia resources", "Wikimedia websites")),
        ("Wikibooks", "https://en.wikibooks.org/", ("Wikimedia resources", "Wikimedia websites")),
    ]


def test_descriptions_titles_and_links_that_are_not_web_pages() -> None:
    text = (
        "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
        '<!DOCTYPE xbel PUBLIC "+//IDN python.org//DTD XML Bookmark Exchange Language 1.0//EN//XML" '
        '"http://pyxml.sourceforge.net/topics/dtds/xbel.dtd">\n'
        "<xbel version='1.0'><title>Lectures</title>"
        "<bookmark href='https://example.org/a'><title>Caf\xe9 talk</title><desc>Slides and  video</desc></bookmark>"
        "<separator/><bookmark href='javascript:alert(1)'><title>A bookmarklet</title></bookmark>"
        "<bookmark href='https://example.org/b'/></xbel>"
    )
    result = xbel.parse(text.encode("iso-8859-1"))
    assert result.title == "Lectures"
    assert [(i.title, i.url, i.description) for i in result.items] == [
        ("Café talk", "https://example.org/a", "Slides and video"),
        ("https://example.org/b", "https://example.org/b", None),
    ]
    assert result.warnings == (
        "1 bookmark(s) that are not web links (bookmarklets, place: queries, files) left out",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xbel><folder><title>x</title></folder></xbel>", "without web bookmarks"),
        (b"<opml><body/></opml>", "not XBEL"),
        (b"<xbel><bookmark href='https://a", "not well-formed"),
        (
            b'<!DOCTYPE xbel [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><xbel><bookmark href="https://e.org">'
            b"<title>&b;</title></bookmark></xbel>",
            "entities",
        ),
        (b"<xbel>" + b"<folder><title>f</title>" * 150 + b"</folder>" * 150 + b"</xbel>", "nest more than"),
    ],
)
def test_bad_files_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        xbel.parse(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="<>/=' xbelfodrkmatiphs:.\n", max_size=200))
def test_random_markup_only_raises_readinglist_errors(text: str) -> None:
    with contextlib.suppress(ReadingListError):
        xbel.parse(("<xbel>" + text).encode())
