"""Exports of reading apps as CSV, each read by its own documented columns: Goodreads, Pocket and Instapaper.

:func:`reader_for` picks the reader from the header (:mod:`.csvfile` reads every other table by its column names).

* Goodreads' "Export Library": a book a row, linked to ``https://www.goodreads.com/book/show/<Book Id>`` (every row
  has a Book Id; about one in five has no ISBN), the ISBN's Open Library page an extra link; shelves give the status
  (``to-read`` unread, ``currently-reading`` reading, ``read``, and ``did-not-finish``/``abandoned`` skipped),
  ``My Rating`` 0 means unrated, ``My Review`` and ``Private Notes`` are the reader's note.
* Pocket (``title,url,time_added,tags,status``): ``archive`` means read; tags (``a|b``) become the note.
* Instapaper (``URL,Title,Selection,Folder,Timestamp[,Tags]``): the ``Archive`` folder means read and ``Unread``
  unread, neither a topic; ``Starred`` is a mark, not a topic, and says nothing of reading; any other folder is
  the reader's own topic. ``Selection`` (the text selected when saving) describes the item; tags (a JSON array
  in newer exports, ``["coding"]``) become the note.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from readinglist.importers.csvfile import (
    NAME,
    _cell,
    _Columns,
    _header_index,
    clean_url,
    isbn_url,
    parse_rating,
    parse_status,
)
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, Kind, Link, ListToImport, Status

_GOODREADS = ("book id", "title", "author", "exclusive shelf")
_POCKET = ("title", "url", "time added", "tags", "status")
_INSTAPAPER = ("url", "title", "selection", "folder", "timestamp")

Reader = Callable[[list[tuple[int, list[str]]], _Columns, "str | None"], ListToImport]


def reader_for(names: list[str]) -> Reader | None:
    """The reader of the app whose export has these (normalised) header names, if any."""
    if all(word in names for word in _GOODREADS):
        return goodreads
    if all(word in names for word in _POCKET):
        return pocket
    if all(word in names for word in _INSTAPAPER):
        return instapaper
    return None


_SHELF_STATUS = {
    "read": Status.READ,
    "currently-reading": Status.READING,
    "to-read": Status.UNREAD,
}


def goodreads(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Goodreads' "Export Library" CSV: one book a row; shelves are statuses, ``My Rating`` 0 means unrated."""
    at = {name: _header_index(cols, name) for name in _GOODREADS_COLUMNS}
    items: list[ItemToImport] = []
    warnings: list[str] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        title = " ".join(_cell(row, at["title"]).split())
        book_id = _cell(row, at["book id"])
        library = isbn_url(_cell(row, at["isbn13"])) or isbn_url(_cell(row, at["isbn"]))
        url = f"https://www.goodreads.com/book/show/{book_id}" if book_id.isdigit() else library
        if not title and not url:
            warnings.append(f"line {line}: no title or book id; row skipped")
            continue
        links = (Link("Open Library", library),) if library and library != url else ()
        authors = [_cell(row, at["author"])]
        authors += [a.strip() for a in _cell(row, at["additional authors"]).split(",")]
        shelf = _cell(row, at["exclusive shelf"]).lower()
        status = _SHELF_STATUS.get(shelf) or parse_status(shelf)
        review = _cell(row, at["my review"])
        private = _cell(row, at["private notes"])
        published = _cell(row, at["original publication year"]) or _cell(row, at["year published"])
        items.append(
            ItemToImport(
                title=title or url or "",
                url=url,
                kind=Kind.BOOK,
                author=", ".join(a for a in authors if a) or None,
                published=published or None,
                status=status,
                rating=parse_rating(_cell(row, at["my rating"])),
                progress_note="\n\n".join(p for p in (review, private) if p) or None,
                links=links,
                read_at=_iso_day(_cell(row, at["date read"])) if status is Status.READ else None,
            )
        )
    return ListToImport(
        items=tuple(items),
        title="Goodreads library",
        source_url=source_url,
        format=NAME,
        warnings=tuple(warnings),
    )


def _iso_day(text: str) -> str | None:
    """Goodreads' ``2023/01/14`` (or ``2023-01-14``) as an ISO day; None for anything that is not a real day."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip().replace("/", "-")).isoformat()
    except ValueError:
        return None


_GOODREADS_COLUMNS = (
    "book id",
    "date read",
    "title",
    "author",
    "additional authors",
    "isbn",
    "isbn13",
    "my rating",
    "original publication year",
    "year published",
    "exclusive shelf",
    "my review",
    "private notes",
)


def pocket(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Pocket's export CSV (title, url, time_added, tags, status): ``archive`` means read."""
    at = {name: _header_index(cols, name) for name in _POCKET}
    items: list[ItemToImport] = []
    warnings: list[str] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        url = clean_url(_cell(row, at["url"]))
        title = " ".join(_cell(row, at["title"]).split())
        if not url:
            if any(cell.strip() for cell in row):
                warnings.append(f"line {line}: no URL; row skipped")
            continue
        tags = [t.strip() for t in _cell(row, at["tags"]).split("|") if t.strip()]
        items.append(
            ItemToImport(
                title=title or url,
                url=url,
                kind=infer_kind(url, title),
                note=", ".join(tags) or None,
                status=parse_status(_cell(row, at["status"])),
            )
        )
    return ListToImport(
        items=tuple(items), title="Pocket", source_url=source_url, format=NAME, warnings=tuple(warnings)
    )


_INSTAPAPER_FOLDERS = {"unread": Status.UNREAD, "archive": Status.READ, "starred": None}


def instapaper(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Instapaper's export CSV (see the module docstring)."""
    at = {name: _header_index(cols, name) for name in (*_INSTAPAPER, "tags")}
    items: list[ItemToImport] = []
    warnings: list[str] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        url = clean_url(_cell(row, at["url"]))
        if not url:
            warnings.append(f"line {line}: no URL; row skipped")
            continue
        title = " ".join(_cell(row, at["title"]).split())
        folder = " ".join(_cell(row, at["folder"]).split())
        known = folder.lower() in _INSTAPAPER_FOLDERS
        items.append(
            ItemToImport(
                title=title or url,
                url=url,
                kind=infer_kind(url, title),
                section=() if known or not folder else (folder,),
                status=_INSTAPAPER_FOLDERS.get(folder.lower()),
                description=" ".join(_cell(row, at["selection"]).split()) or None,
                note=", ".join(_tags(_cell(row, at["tags"]))) or None,
            )
        )
    return ListToImport(
        items=tuple(items), title="Instapaper", source_url=source_url, format=NAME, warnings=tuple(warnings)
    )


def _tags(cell: str) -> list[str]:
    """Instapaper's tags cell: a JSON array of names (``["coding", "ml"]``) or, in older files, words by commas."""
    text = cell.strip()
    if text.startswith("["):
        try:
            found = json.loads(text)
        except ValueError:
            found = None
        if isinstance(found, list):
            return [str(t).strip() for t in found if isinstance(t, (str, int)) and str(t).strip()]
    return [t.strip() for t in text.split(",") if t.strip()]
