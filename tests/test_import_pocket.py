"""Pocket's HTML export: its Unread and Read Archive sections are statuses, its tags notes."""

from __future__ import annotations

from pathlib import Path

from readinglist import importers
from readinglist.types import Status


def test_pocket_export_sections_are_statuses_and_tags_notes(data_dir: Path) -> None:
    data = (data_dir / "html" / "pocket_export.html").read_bytes()
    assert importers.detect_format(data, "ril_export.html") == "html"
    result = importers.parse(data, filename="ril_export.html")
    assert result.title == "Pocket"
    assert [(i.url, i.section, i.status, i.note) for i in result.items] == [
        ("https://example.net/", (), Status.UNREAD, None),
        ("https://example.org/#test", (), Status.UNREAD, "tag1, tag2"),
        ("https://example.net/#foo", (), Status.UNREAD, None),
        ("https://example.org/read", (), Status.READ, None),
    ]
    assert result.warnings == ("1 saved link(s) that are not web pages left out",)


def test_pocket_export_in_bookmark_file_dress() -> None:
    """Older exports wrap the same sections in a Netscape bookmark file: still Pocket's statuses, not folders."""
    text = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Pocket Export</TITLE>\n<H1>Unread</H1>\n<DL>\n"
        '  <DT><A HREF="https://example.com/pocket1" ADD_DATE="1705312200" TAGS="tech,programming">Saved</A>\n'
        "</DL>\n<H1>Read Archive</H1>\n<DL>\n"
        '  <DT><A HREF="https://example.com/pocket3" ADD_DATE="1705139400" TAGS="science">Archived</A>\n</DL>\n'
    )
    got = [(i.title, i.status, i.note) for i in importers.parse(text.encode(), format="html").items]
    assert got == [("Saved", Status.UNREAD, "tech, programming"), ("Archived", Status.READ, "science")]


def test_hostile_pocket_exports_read_in_linear_time() -> None:
    import contextlib
    import time

    from readinglist.exceptions import ReadingListError

    head = "<title>Pocket Export</title><h1>Unread</h1><ul>"
    plain = head + "".join(f'<li><a href="https://example.org/p/{i}" tags="a,b">Paper {i}</a></li>' for i in range(800))

    def cpu(text: str) -> float:
        start = time.process_time()
        with contextlib.suppress(ReadingListError):
            importers.parse(text.encode(), format="html")
        return time.process_time() - start

    baseline = min(cpu(plain) for _ in range(2))
    size = len(plain)
    for attack in ("<a href='https://e.org/" * (size // 22), "<h1>" * (size // 4), "<a " * (size // 3)):
        assert cpu(head + attack) <= 10 * baseline + 0.2
