"""Exports of reading apps as CSV, each read by its own documented columns: Goodreads, StoryGraph, Pocket and
Instapaper.

:func:`reader_for` picks the reader from the header (:mod:`.csvfile` reads every other table by its column names).

* Goodreads' "Export Library": a book a row, linked to ``https://www.goodreads.com/book/show/<Book Id>`` (every row
  has a Book Id; about one in five has no ISBN), the ISBN's Open Library page an extra link; shelves give the status
  (``to-read`` unread, ``currently-reading`` reading, ``read``, and ``did-not-finish``/``abandoned`` skipped),
  ``My Rating`` 0 means unrated, ``My Review`` and ``Private Notes`` are the reader's note.
* Pocket (``title,url,time_added,tags,status``): ``archive`` means read; tags (``a|b``) become the note.
* StoryGraph (``Title,Authors,Contributors,ISBN/UID,Format,Read Status,...,Star Rating,Review,Tags,Owned?``): books
  linked to the ISBN's Open Library page (a ``UID`` that is no ISBN links nothing), read statuses as Goodreads
  shelves, ``Star Rating`` (quarter stars) rounded, ``Review`` the reader's note, ``Last Date Read`` when read.
* Readwise Reader (``Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen``): ``archive`` means
  read, a document begun (``Reading progress`` above 0) elsewhere is being read; what Reader's Feed pulled in
  (``feed``) was never saved by the reader and is left out; the tags (``['ml', 'rl']``) become the note.
* a YouTube playlist from Google Takeout (``Video ID,Playlist Video Creation Timestamp``, or under the playlist's own
  header row in older exports): one video a row, known by its id alone (titled by its address; ``readinglist enrich``
  fetches each video's title and channel).
* Instapaper (``URL,Title,Selection,Folder,Timestamp[,Tags]``): the ``Archive`` folder means read and ``Unread``
  unread, neither a topic; ``Starred`` is a mark, not a topic, and says nothing of reading; any other folder is
  the reader's own topic. ``Selection`` (the text selected when saving) describes the item; tags (a JSON array
  in newer exports, ``["coding"]``) become the note.
* Raindrop.io's CSV backup (``id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite``): the folder
  is the topic, nested by `` / `` (or ``/``), its inbox ``Unsorted`` none; the ``excerpt`` describes the item,
  the ``note`` is its note and the reader's ``highlights`` the reader's note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from readinglist.importers.csvfile import (
    NAME,
    _cell,
    _Columns,
    _header_index,
    clean_url,
    field_of,
    isbn_url,
    iso_day,
    parse_rating,
    parse_status,
)
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, Kind, Link, ListToImport, Status

_GOODREADS = ("book id", "title", "author", "exclusive shelf")
_POCKET = ("title", "url", "time added", "tags", "status")
_INSTAPAPER = ("url", "title", "selection", "folder", "timestamp")
VIDEO_ID = "video id"
"""The column of a YouTube playlist exported by Google Takeout (``Video ID,Playlist Video Creation Timestamp``)."""
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_RAINDROP = ("id", "title", "note", "excerpt", "url", "folder", "tags", "highlights")
_READWISE = ("title", "url", "id", "document tags", "saved date", "reading progress", "location")
_STORYGRAPH = ("title", "authors", "isbn/uid", "read status")
_STORYGRAPH_COLUMNS = (
    *_STORYGRAPH,
    "contributors",
    "format",
    "last date read",
    "star rating",
    "review",
    "tags",
)

Reader = Callable[[list[tuple[int, list[str]]], _Columns, "str | None"], ListToImport]


def reader_for(names: list[str]) -> Reader | None:
    """The reader of the app whose export has these (normalised) header names, if any."""
    if all(word in names for word in _GOODREADS):
        return goodreads
    if all(word in names for word in _POCKET):
        return pocket
    if all(word in names for word in _INSTAPAPER):
        return instapaper
    if all(word in names for word in _STORYGRAPH):
        return storygraph
    if all(word in names for word in _READWISE):
        return readwise
    if all(word in names for word in _RAINDROP):
        return raindrop
    if VIDEO_ID in names and not any(field_of(name) in ("title", "url") for name in names):
        return youtube_playlist  # (a table with titles or links of its own is read by its columns)
    return None


_SHELF_STATUS = {
    "read": Status.READ,
    "currently-reading": Status.READING,
    "to-read": Status.UNREAD,
}


def goodreads(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Goodreads' "Export Library" CSV: one book a row; shelves are statuses, ``My Rating`` 0 means unrated."""
    return _read(rows, cols, source_url, _GOODREADS_COLUMNS, "Goodreads library", _goodreads_item)


def _goodreads_item(cell: dict[str, str]) -> ItemToImport | str:
    title = " ".join(cell["title"].split())
    book_id = cell["book id"]
    library = isbn_url(cell["isbn13"]) or isbn_url(cell["isbn"])
    url = f"https://www.goodreads.com/book/show/{book_id}" if book_id.isdigit() else library
    if not title and not url:
        return "no title or book id"
    authors = [cell["author"], *(a.strip() for a in cell["additional authors"].split(","))]
    shelf = cell["exclusive shelf"].lower()
    status = _SHELF_STATUS.get(shelf) or parse_status(shelf)
    return ItemToImport(
        title=title or url or "",
        url=url,
        kind=Kind.BOOK,
        author=", ".join(a for a in authors if a) or None,
        published=cell["original publication year"] or cell["year published"] or None,
        status=status,
        rating=parse_rating(cell["my rating"]),
        progress_note="\n\n".join(p for p in (cell["my review"], cell["private notes"]) if p) or None,
        links=(Link("Open Library", library),) if library and library != url else (),
        read_at=iso_day(cell["date read"]) if status is Status.READ else None,
    )


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
    return _read(rows, cols, source_url, _POCKET, "Pocket", _pocket_item)


def _pocket_item(cell: dict[str, str]) -> ItemToImport | str:
    url = clean_url(cell["url"])
    if not url:
        return "no URL"
    title = " ".join(cell["title"].split())
    tags = [t.strip() for t in cell["tags"].split("|") if t.strip()]
    return ItemToImport(
        title=title or url,
        url=url,
        kind=infer_kind(url, title),
        note=", ".join(tags) or None,
        status=parse_status(cell["status"]),
    )


_INSTAPAPER_FOLDERS = {"unread": Status.UNREAD, "archive": Status.READ, "starred": None}


def instapaper(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Instapaper's export CSV (see the module docstring)."""
    return _read(rows, cols, source_url, (*_INSTAPAPER, "tags"), "Instapaper", _instapaper_item)


def _instapaper_item(cell: dict[str, str]) -> ItemToImport | str:
    url = clean_url(cell["url"])
    if not url:
        return "no URL"
    title = " ".join(cell["title"].split())
    folder = " ".join(cell["folder"].split())
    return ItemToImport(
        title=title or url,
        url=url,
        kind=infer_kind(url, title),
        section=() if not folder or folder.lower() in _INSTAPAPER_FOLDERS else (folder,),
        status=_INSTAPAPER_FOLDERS.get(folder.lower()),
        description=" ".join(cell["selection"].split()) or None,
        note=", ".join(_tags(cell["tags"])) or None,
    )


def raindrop(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Raindrop.io's CSV backup (see the module docstring)."""
    return _read(rows, cols, source_url, _RAINDROP, "Raindrop.io", _raindrop_item)


def _raindrop_item(cell: dict[str, str]) -> ItemToImport | str:
    url = clean_url(cell["url"])
    if not url:
        return "no URL"
    title = " ".join(cell["title"].split())
    folder = cell["folder"].strip()
    path = folder.split(" / ") if " / " in folder else folder.split("/")
    section = tuple(p for p in (" ".join(part.split()) for part in path) if p)
    return ItemToImport(
        title=title or url,
        url=url,
        kind=infer_kind(url, title),
        section=() if section == ("Unsorted",) else section,
        description=" ".join(cell["excerpt"].split()) or None,
        note=cell["note"].strip() or None,
        progress_note=cell["highlights"].strip() or None,
    )


def storygraph(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """The StoryGraph's export CSV (see the module docstring)."""
    return _read(rows, cols, source_url, _STORYGRAPH_COLUMNS, "StoryGraph library", _storygraph_item)


def _storygraph_item(cell: dict[str, str]) -> ItemToImport | str:
    title = " ".join(cell["title"].split())
    if not title:
        return "no title"
    status = _SHELF_STATUS.get(cell["read status"].strip().lower()) or parse_status(cell["read status"])
    return ItemToImport(
        title=title,
        url=isbn_url(cell["isbn/uid"]),
        kind=Kind.BOOK,
        author=" ".join(cell["authors"].split()) or None,
        status=status,
        rating=parse_rating(cell["star rating"]),
        progress_note=cell["review"].strip() or None,
        note=" ".join(cell["tags"].split()) or None,
        read_at=iso_day(cell["last date read"]) if status is Status.READ else None,
    )


def readwise(rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None) -> ListToImport:
    """Readwise Reader's library export CSV (see the module docstring)."""
    return _read(rows, cols, source_url, _READWISE, "Readwise Reader", _readwise_item)


def _readwise_item(cell: dict[str, str]) -> ItemToImport | str:
    location = cell["location"].strip().lower()
    if location == "feed":
        return "a Reader feed entry the reader never saved"
    url = clean_url(cell["url"])
    if not url:
        return "no URL"
    title = " ".join(cell["title"].split())
    try:
        begun = float(cell["reading progress"] or 0) > 0
    except ValueError:
        begun = False
    status = Status.READ if location == "archive" else Status.READING if begun else Status.UNREAD
    tags = [t.strip().strip("'\"") for t in cell["document tags"].strip().strip("[]").split(",")]
    return ItemToImport(
        title=title or url,
        url=url,
        kind=infer_kind(url, title),
        status=status,
        note=", ".join(t for t in tags if t) or None,
    )


def youtube_playlist(
    rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None
) -> ListToImport:
    """A YouTube playlist exported by Google Takeout (see the module docstring)."""
    return _read(rows, cols, source_url, (VIDEO_ID,), "YouTube playlist", _video_item)


def _video_item(cell: dict[str, str]) -> ItemToImport | str:
    video = cell[VIDEO_ID].strip()
    if not _YOUTUBE_ID.fullmatch(video):
        return "no YouTube video id"
    url = f"https://www.youtube.com/watch?v={video}"
    return ItemToImport(title=url, url=url, kind=Kind.VIDEO)


def _read(
    rows: list[tuple[int, list[str]]],
    cols: _Columns,
    source_url: str | None,
    columns: tuple[str, ...],
    title: str,
    item: Callable[[dict[str, str]], ItemToImport | str],
) -> ListToImport:
    """An app's export: each non-blank row read by ``item`` from its cells by column name; a row it refuses (a
    reason instead of an item) is skipped with a warning naming its line."""
    at = {name: _header_index(cols, name) for name in columns}
    items: list[ItemToImport] = []
    skipped: dict[str, list[int]] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        found = item({name: _cell(row, index) for name, index in at.items()})
        if isinstance(found, str):
            skipped.setdefault(found, []).append(line)
        else:
            items.append(found)
    warnings = [_skipped(reason, lines) for reason, lines in skipped.items()]
    return ListToImport(
        items=tuple(items), title=title, source_url=source_url, format=NAME, warnings=tuple(warnings)
    )


def _skipped(reason: str, lines: list[int]) -> str:
    """One warning for the rows skipped for one reason: the line itself, or the count and the first lines."""
    if len(lines) == 1:
        return f"line {lines[0]}: {reason}; row skipped"
    shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
    return f"{len(lines)} rows skipped: {reason} (lines {shown})"


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
