"""Browser bookmarks (the Netscape bookmark file every browser exports, and Raindrop and Pinboard too).

Pocket's export, which some versions dress as such a file, is read by :mod:`.pocket` (its sections are statuses).

``<!DOCTYPE NETSCAPE-Bookmark-file-1>``: folders are ``<DT><H3>Name</H3>`` followed by a ``<DL>`` of their
contents, bookmarks are ``<DT><A HREF=...>Title</A>``, an optional ``<DD>`` after a bookmark describes it. The
``<DT>`` and ``<p>`` tags are never closed, so the nesting comes from the ``<DL>`` elements alone: this reader
follows the parser's events (a folder name waits for the next ``<DL>`` to open) instead of a tree.

* A folder path is the item's topic path. The browsers' own root folders (``Bookmarks bar``, ``Bookmarks Menu``,
  ``Other bookmarks``...) are no topic.
* Only web links are items: bookmarklets (``javascript:``), Firefox's ``place:`` queries and ``file:`` links are
  left out, counted in a warning.
* ``TAGS="ml,papers"`` (Firefox, Pinboard, Pocket) and the ``ADD_DATE`` are not kept: they are the reader's, not
  the list's.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from readinglist.exceptions import ImportFormatError
from readinglist.htmlguard import tame
from readinglist.types import ItemToImport, ListToImport
from readinglist.urls import is_web_url

NAME = "html"

DOCTYPE = re.compile(r"\A\s*<!DOCTYPE\s+NETSCAPE-Bookmark-file-1\s*>", re.IGNORECASE)
"""The first line of every browser's bookmark export."""

ROOT_FOLDERS = frozenset(
    name.casefold()
    for name in (
        "Bookmarks bar",
        "Bookmarks Toolbar",
        "Bookmarks Toolbar Folder",
        "Bookmarks Menu",
        "Other bookmarks",
        "Other Bookmarks",
        "Mobile bookmarks",
        "Favorites bar",
        "Favourites bar",
        "Unsorted Bookmarks",
    )
)
"""Folders a browser makes itself: they hold bookmarks but name no topic."""

MAX_DEPTH = 100
"""Folders nested deeper than this keep the path of their 100th level (a hostile file cannot grow paths)."""


def is_bookmarks(text: str) -> bool:
    """Whether ``text`` is a Netscape bookmark file (its doctype opens it)."""
    return bool(DOCTYPE.match(text[:200]))


def read(text: str, *, source_url: str | None = None) -> ListToImport:
    """Read a bookmark export, already decoded by the HTML importer (which honours its ``META`` charset): one item
    per web bookmark, in file order, its folders as the topic path.

    Raises :class:`ImportFormatError` when the file holds no web bookmark.
    """
    reader = _Reader()
    reader.feed(tame(text))
    reader.close()
    warnings = []
    if reader.skipped:
        warnings.append(
            f"{reader.skipped} bookmark(s) that are not web links (bookmarklets, place: queries, files) left out"
        )
    if not reader.items:
        raise ImportFormatError(
            f"{source_url or 'input'} is a bookmark file without web bookmarks",
            format=NAME,
            source=source_url,
        )
    return ListToImport(
        items=tuple(reader.items),
        title=reader.title or None,
        source_url=source_url,
        format=NAME,
        warnings=tuple(warnings),
    )


class _Reader(HTMLParser):
    """Follows ``<DL>``/``<H3>``/``<A>``/``<DD>`` events; see the module docstring."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[ItemToImport] = []
        self.title = ""
        self.skipped = 0
        self._folders: list[str | None] = []  # one per open <DL>: the folder it lists, None for a root folder
        self._pending: str | None = None  # the last <H3>'s name, waiting for its <DL>
        self._capture: str | None = None  # "h1", "h3", "a" or "dd" while its text is read
        self._text: list[str] = []
        self._href = ""
        self._described: int | None = None  # the item a <DD> after it describes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dl":
            name = self._pending
            self._pending = None
            self._folders.append(None if name is None or name.casefold() in ROOT_FOLDERS else name)
            self._described = None
        elif tag in ("h1", "h3", "a"):
            self._finish()
            self._capture, self._text = tag, []
            self._href = next((v or "" for k, v in attrs if k == "href"), "") if tag == "a" else ""
        elif tag == "dd" and self._described is not None:
            self._finish()
            self._capture, self._text = "dd", []
        elif tag == "dt":
            self._finish()
            self._described = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self._finish()
            if self._folders:
                self._folders.pop()
            self._described = None
        elif tag == self._capture and tag != "dd":
            self._finish()

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._finish()

    def _finish(self) -> None:
        """The element whose text was being read ends: a title, a folder name, a bookmark or a description."""
        kind, self._capture = self._capture, None
        text = " ".join("".join(self._text).split())
        self._text = []
        if kind == "h1" and not self.title:
            self.title = text
        elif kind == "h3":
            self._pending = text or None
        elif kind == "a":
            self._bookmark(self._href.strip(), text)
        elif kind == "dd" and self._described is not None and text:
            self.items[self._described] = dataclasses.replace(self.items[self._described], description=text)
            self._described = None

    def _bookmark(self, href: str, title: str) -> None:
        if not is_web_url(href):
            self.skipped += 1
            self._described = None
            return
        section = tuple(name for name in self._folders[:MAX_DEPTH] if name)
        self.items.append(ItemToImport(title=title or href, url=href, section=section))
        self._described = len(self.items) - 1
