"""Pocket's HTML export (``ril_export.html``, what Pocket gave its readers when it closed in 2025).

``<title>Pocket Export</title>``, then ``<h1>Unread</h1>`` and ``<h1>Read Archive</h1>`` over lists of
``<a href="..." time_added="..." tags="ml,papers">Title</a>`` (older exports wrap them in a Netscape bookmark
``<DL>``). Every web link is an item, in file order: under ``Read Archive`` it is read, under ``Unread`` unread; its
tags become its note. Pocket's two sections are statuses, not topics. Links that are not web pages (``ftp:``,
``javascript:``) are left out, counted in a warning.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from readinglist.exceptions import ImportFormatError
from readinglist.htmlguard import tame
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, ListToImport, Status
from readinglist.urls import is_web_url

NAME = "html"

_TITLE = re.compile(r"<title>\s*Pocket Export\s*</title>", re.IGNORECASE)
_SECTIONS = {"unread": Status.UNREAD, "read archive": Status.READ, "archive": Status.READ}


def is_pocket(text: str) -> bool:
    """True for Pocket's export: its ``<title>`` says so within the first lines."""
    return _TITLE.search(text[:4096]) is not None


def read(text: str, *, source_url: str | None = None) -> ListToImport:
    """Read Pocket's export, already decoded by the HTML importer (see the module docstring).

    Raises :class:`ImportFormatError` when the export holds no web link.
    """
    reader = _Reader()
    reader.feed(tame(text))
    reader.close()
    if not reader.items:
        raise ImportFormatError(f"{source_url or 'input'} is a Pocket export without web links", format=NAME)
    warnings = (f"{reader.skipped} saved link(s) that are not web pages left out",) if reader.skipped else ()
    return ListToImport(
        items=tuple(reader.items), title="Pocket", source_url=source_url, format=NAME, warnings=warnings
    )


class _Reader(HTMLParser):
    """Follows the parser's events: an ``<h1>`` sets the status of the links after it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[ItemToImport] = []
        self.skipped = 0
        self._status: Status | None = None
        self._heading: list[str] | None = None
        self._link: tuple[str, str] | None = None  # (href, tags) of the open <a>
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._heading = []
        elif tag == "a":
            found = dict(attrs)
            self._link = ((found.get("href") or "").strip(), found.get("tags") or "")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            self._status = _SECTIONS.get(" ".join("".join(self._heading).split()).lower(), self._status)
            self._heading = None
        elif tag == "a" and self._link is not None:
            self._add(*self._link, " ".join("".join(self._text).split()))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif self._link is not None:
            self._text.append(data)

    def _add(self, href: str, tags: str, title: str) -> None:
        if not is_web_url(href):
            self.skipped += 1
            return
        self.items.append(
            ItemToImport(
                title=title or href,
                url=href,
                kind=infer_kind(href, title),
                status=self._status,
                note=", ".join(t.strip() for t in tags.split(",") if t.strip()) or None,
            )
        )
