"""CSV and TSV lists: Goodreads, StoryGraph, Pocket, Instapaper and Zotero exports, any table of titles or URLs.

The reading apps' exports are read by their own columns in :mod:`.apps`; every other table here.

Columns are found by their header names, case-insensitively, with synonyms (``title``/``name``/``paper``,
``url``/``link``/``href``, ``topic``/``section``/``category``/``group``/``module``, ``tier``/``level``/``stage``/
``difficulty``, ``status``/``read``/``done``, ``rating``/``stars``, ``note``/``comment``, ``author``,
``description``/``summary``/``text``, ``kind``/``type``/``item type``, ``doi``). A topic cell may hold a path:
``"Fundamentals / Transformers"`` or ``"Fundamentals > Transformers"``. The header may follow a few lines of
preamble (a title row); a table without a header whose first row holds a web URL is read as ``title,url`` rows.
The table written by :mod:`readinglist.export.csvfile` reads back to the same items, topics, tiers and statuses.
A status cell holding a day (``finished: 2015-06-25``) or a ``date read`` column says read (on that day); a DOI
beside another URL is an extra link. Quoted cells may span lines (Raindrop's notes); sniffing reads them as records.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.kinds import infer_kind, kind_from_tag
from readinglist.types import ItemToImport, Kind, Link, ListToImport, Status
from readinglist.urls import canonical_url

NAME = "csv"
EXTENSIONS = (".csv", ".tsv", ".tab")

_DELIMITERS = (",", "\t", ";", "|")
_HEADER_SEARCH_ROWS = 10

# normalised header -> field; the first column found for a field wins
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "name",
        "paper",
        "paper title",
        "book title",
        "article",
        "resource",
        "item",
        "headline",
    ),
    "url": (
        "url",
        "link",
        "href",
        "links",
        "uri",
        "web",
        "website",
        "paper url",
        "source url",
        "resource url",
    ),
    "section": (
        "topic",
        "section",
        "category",
        "group",
        "module",
        "topic path",
        "theme",
        "subject",
        "area",
        "chapter",
        "unit",
        "folder",
    ),
    "subsection": ("subtopic", "sub topic", "subsection", "subcategory", "sub category"),
    "tier": ("tier", "level", "stage", "difficulty", "priority"),
    "tier_label": ("tier label", "tier name", "level name"),
    "status": (
        "status",
        "read",
        "done",
        "state",
        "completed",
        "finished",
        "archived",
        "is archived",
        "is read",
    ),
    "rating": ("rating", "stars", "score", "my rating"),
    "note": ("note", "notes", "comment", "comments", "remark", "remarks", "venue", "conference"),
    "author": ("author", "authors", "by", "creator", "speaker"),
    "description": ("description", "summary", "abstract", "details", "abstract note", "text", "excerpt"),
    "kind": ("kind", "type", "format", "media", "medium", "item type"),
    "published": (
        "published",
        "year",
        "date published",
        "publication year",
        "date",
        "issued",
        "published date",
        "publication date",
    ),
    "progress_note": ("progress note", "my note", "my notes", "review", "my review", "highlights", "quotes"),
    "read_at": ("date read", "read at", "read on", "read date", "date finished", "finished on", "date completed"),
    "list": ("list", "list name"),
    "canonical_url": ("canonical url",),
    "isbn": ("isbn13", "isbn", "isbn 13", "isbn10"),
    "doi": ("doi",),
    "arxiv": ("arxiv", "arxiv id", "eprint"),
    "new": ("new",),
}
_HEADER_PUNCTUATION = re.compile(r"[_\-.]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_FIELD_OF: dict[str, str] = {syn: field for field, syns in _SYNONYMS.items() for syn in syns}


_STATUS_WORDS: dict[str, Status] = {
    **dict.fromkeys(
        ("read", "yes", "y", "x", "true", "1", "done", "finished", "complete", "completed"), Status.READ
    ),
    **dict.fromkeys(("✓", "✔", "✅", "[x]", "archive", "archived"), Status.READ),
    **dict.fromkeys(
        ("unread", "no", "n", "false", "0", "to-read", "to read", "todo", "to do", "[ ]"), Status.UNREAD
    ),
    # Notion's "Not started"; Omnivore's SUCCEEDED: saved (and fetched), not yet read
    **dict.fromkeys(("not started", "want to read", "succeeded"), Status.UNREAD),
    **dict.fromkeys(
        ("reading", "currently-reading", "currently reading", "in progress", "started"), Status.READING
    ),
    **dict.fromkeys(
        ("skipped", "skip", "dnf", "did-not-finish", "did not finish", "abandoned"), Status.SKIPPED
    ),
}

_LEVEL_WORDS: dict[str, int] = {
    **dict.fromkeys(("beginner", "basic", "basics", "easy", "introductory", "intro", "foundation"), 1),
    **dict.fromkeys(("foundations", "fundamental", "fundamentals", "elementary", "novice"), 1),
    **dict.fromkeys(("intermediate", "medium", "moderate", "core"), 2),
    **dict.fromkeys(("advanced", "hard", "expert", "difficult", "research"), 3),
}
_TIER_TEXT = re.compile(
    r"^(?:(?:tier|level|lvl|stage|t|l)\s*[-:#]?\s*)?(\d{1,4})(?:\.0+)?\s*(\+)?$", re.IGNORECASE
)
_PATH_SPLIT = re.compile(r"\s+/\s+|\s*>\s*|\s*»\s*|\s*::\s*")
_RATING = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:/\s*(\d+))?")
_ISBN = re.compile(r"^[0-9]{9}[0-9Xx]$|^[0-9]{13}$")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
"""What a link starts with (``https:``, ``mailto:``); a URL cell without it holds no link."""
_DOMAINISH = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", re.IGNORECASE)


def normalise_header(name: str) -> str:
    """``" Paper_Title "`` -> ``"paper title"``: lower case, ``_``/``-``/``.`` and camelCase humps as spaces."""
    name = _CAMEL.sub(" ", name.strip().lstrip("\ufeff"))  # JSON's "dateRead", "abstractNote": words
    cleaned = _HEADER_PUNCTUATION.sub(" ", name.lower())
    return " ".join(cleaned.split())


@functools.lru_cache(maxsize=4096)
def field_of(header: str) -> str | None:
    """The field a column header names (``"Paper URL"`` -> ``"url"``), or None; field names name themselves.
    Memoised: JSON records ask for every key of every record, and the keys repeat."""
    return _FIELD_OF.get(normalise_header(header))


def parse_tier(text: str) -> tuple[int | None, str | None]:
    """A tier cell as ``(tier, label)``: ``"2"`` -> ``(2, None)``, ``"Tier 4+"`` -> ``(4, "Tier 4+")``,
    ``"Beginner"`` -> ``(1, "Beginner")``; anything else keeps its text as the label with no number."""
    text = " ".join(text.split())
    if not text:
        return None, None
    m = _TIER_TEXT.match(text)
    if m:
        tier = int(m.group(1))
        plain = re.fullmatch(r"(tier\s*)?\d+(\.0+)?", text, re.IGNORECASE) is not None
        return tier, None if plain else text
    level = _LEVEL_WORDS.get(text.lower())
    if level is not None:
        return level, text
    return None, text


def parse_status(text: str) -> Status | None:
    """A status cell: yes/x/true/read -> read, no/unread -> unread, skipped, reading; empty or unknown -> None."""
    return _STATUS_WORDS.get(" ".join(text.split()).lower())


def parse_rating(text: str) -> int | None:
    """``"4"``, ``"4/5"``, ``"8/10"``, ``"★★★★"``, ``"4.0"`` -> 4; 0 or nothing -> None; out of 1..5 -> None."""
    text = text.strip()
    if not text:
        return None
    stars = text.count("★") + text.count("⭐")
    if stars:
        return min(stars, 5)
    m = _RATING.match(text)
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2):
        scale = int(m.group(2))
        if scale <= 0:
            return None
        value = value * 5 / scale
    rating = round(value)
    return rating if 1 <= rating <= 5 else None


def split_path(text: str) -> tuple[str, ...]:
    """``"A / B"`` or ``"A > B"`` -> ``("A", "B")``; ``"A/B testing"`` stays one topic."""
    parts = [" ".join(p.split()) for p in _PATH_SPLIT.split(text)]
    return tuple(p for p in parts if p)


def unquote_cell(text: str) -> str:
    """Strip whitespace and spreadsheet formula quoting: Goodreads writes ISBNs as ``="0316769487"``."""
    text = text.strip()
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        text = text[2:-1]
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") and len(text) >= 2:
        text = text[1:]  # our CSV export's formula neutralising (export/csvfile.py), undone
    return text.strip()


def clean_url(text: str) -> str | None:
    """A URL from a cell: bare ``www.x.org/...`` and ``arxiv.org/abs/...`` get ``https://``; DOIs go to doi.org."""
    text = unquote_cell(text)
    if text.startswith("<") and text.endswith(">"):  # Markdown-style <https://...>
        text = text[1:-1].strip()
    if not text:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) or text.startswith("mailto:"):
        return text
    if text.startswith("//") and _DOMAINISH.match(text[2:]):  # protocol-relative: "//host/path"
        return f"https:{text}"
    if re.match(r"^10\.\d{4,9}/\S+$", text):
        return f"https://doi.org/{text}"
    if " " not in text and _DOMAINISH.match(text):
        return f"https://{text}"
    return text  # no link ("n/a", "-----", "see notes"): the caller keeps the row by its title (_not_links)


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return unquote_cell(row[index])


# --- sniffing --------------------------------------------------------------------------------------------


def _sample_lines(text: str, count: int = 20) -> list[str]:
    return [line for line in text[:16384].split("\n")[:count] if line.strip()]


def _record_consistency(text: str, delimiter: str, width: int, count: int = 12) -> float:
    """The share of the first records (read as CSV, so a quoted cell may hold line breaks) that are ``width``
    cells wide; a record cut by the end of the sample is not counted."""
    sample = text[:16384]
    cut = len(text) > len(sample)
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        records = [r for r in itertools.islice(reader, count + 1) if r]
    except csv.Error:
        return 0.0
    if len(records) > count or (cut and len(records) > 1):
        records = records[:-1]
    return sum(1 for r in records if len(r) == width) / len(records) if records else 0.0


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _header_score(cells: Sequence[str]) -> int:
    fields = {_FIELD_OF.get(normalise_header(c)) for c in cells} - {None}
    return 2 * (("title" in fields) + ("url" in fields)) + len(fields)


def choose_delimiter(text: str) -> str:
    """The delimiter whose split of the first lines finds the most known column names, then the most columns.

    ``csv.Sniffer``'s guess is tried first and wins ties; plain counting is the fallback when it gives up.
    """
    lines = _sample_lines(text)
    if not lines:
        return ","
    candidates: list[str] = []
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines[:10])[:4096], delimiters="".join(_DELIMITERS)).delimiter
        candidates.append(sniffed)
    except csv.Error:
        pass
    candidates += [d for d in _DELIMITERS if d not in candidates]

    def score(delimiter: str) -> tuple[int, int, int]:
        header = max(
            (_header_score(_split(line, delimiter)) for line in lines[:_HEADER_SEARCH_ROWS]), default=0
        )
        widths = [len(_split(line, delimiter)) for line in lines[:10]]
        consistent = sum(1 for w in widths if w == widths[0] and w > 1)
        return header, consistent, widths[0] if widths else 0

    return max(candidates, key=score)  # max keeps the first of equal scores: the sniffer's guess


MARKDOWN_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
"""The line under a Markdown table's header (``| --- | :---: |``)."""


def sniff(text: str) -> int:
    """High for a table whose header names known columns; some for any consistent delimited table. Not a Markdown
    table: its header and rule are pipe-delimited, but the Markdown importer reads its links and emphasis."""
    lines = _sample_lines(text, 12)
    if len(lines) < 1:
        return 0
    head = normalise_header(lines[0])
    if all(word in head for word in ("book id", "exclusive shelf")):
        return 100
    first = lines[0].lstrip()
    if first.startswith(("{", "<", "#", "@", "[", "-", "*")):
        return 0
    if len(lines) > 1 and MARKDOWN_TABLE_RULE.fullmatch(lines[1]):
        return 0  # "| Title | Link |" over "| --- | --- |": a Markdown table, which the Markdown importer reads
    best = 0
    for delimiter in _DELIMITERS:
        widths = [len(_split(line, delimiter)) for line in lines]
        if widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0]) / len(widths)
        if consistent < 0.9 and '"' in text[:16384]:  # quoted cells over several lines (Raindrop's notes)
            consistent = max(consistent, _record_consistency(text, delimiter, widths[0]))
        cells = _split(lines[0], delimiter)
        fields = {_FIELD_OF.get(normalise_header(c)) for c in cells} - {None}
        if fields & {"title", "url"} and consistent >= 0.6:
            best = max(best, 90 if {"title", "url"} <= fields else 80)
        elif consistent >= 0.9 and len(lines) >= 3:
            best = max(best, 25 if delimiter in ",\t" else 15)
    return best


# --- parsing ---------------------------------------------------------------------------------------------


@dataclass
class _Columns:
    """Which column index holds each field (``None`` when absent)."""

    index: dict[str, int]
    names: list[str]

    def get(self, field: str) -> int | None:
        return self.index.get(field)


def _columns(header: Sequence[str]) -> _Columns:
    index: dict[str, int] = {}
    for i, raw in enumerate(header):
        field = _FIELD_OF.get(normalise_header(raw))
        if field is not None and field not in index:
            index[field] = i
    return _Columns(index=index, names=[h.strip() for h in header])


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """All rows with the line number each starts on (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFormatError(f"broken CSV near line {reader.line_num}: {exc}", format=NAME) from exc
    return rows


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read an app's export (:func:`.apps.reader_for`) or a generic CSV/TSV list into a :class:`ListToImport`."""
    text = decode(data, format=NAME, source=source_url)
    csv.field_size_limit(max(csv.field_size_limit(), 10 * 1024 * 1024))
    delimiter = choose_delimiter(text)
    rows = _rows(text, delimiter)
    header_at = _header_at(rows)
    if header_at is None:
        headerless = _headerless_columns(rows)
        if headerless is not None:
            return _generic(rows, headerless, source_url)
        found = [c.strip() for c in (rows[0][1] if rows else []) if c.strip()]
        shown = ", ".join(repr(c) for c in found[:12]) or "none"
        raise ImportFormatError(
            f"this CSV has no title or URL column (columns found: {shown}); name one 'title' or 'url'",
            format=NAME,
            source=source_url,
        )
    header = rows[header_at][1]
    body = rows[header_at + 1 :]
    names = [normalise_header(h) for h in header]
    from readinglist.importers import apps

    export = apps.reader_for(names)
    if export is not None:
        return export(body, _columns(header), source_url)
    return _generic(body, _columns(header), source_url)


def _header_at(rows: list[tuple[int, list[str]]]) -> int | None:
    """Where the header is: a YouTube playlist's video table first (Google Takeout's older exports put the
    playlist's own ``Title`` header above it), else the first row that names a title or URL column."""
    from readinglist.importers.apps import VIDEO_ID

    head = rows[:_HEADER_SEARCH_ROWS]
    for n, (_line, row) in enumerate(head):
        if any(normalise_header(cell) == VIDEO_ID for cell in row):
            return n
    for n, (_line, row) in enumerate(head):
        cols = _columns(row)
        if "title" in cols.index or "url" in cols.index:
            return n
    return None


def _headerless_columns(rows: list[tuple[int, list[str]]]) -> _Columns | None:
    """Columns for a table without a header whose first row has a web URL: ``Title,https://...`` lines."""
    first = next((row for _line, row in rows if any(c.strip() for c in row)), None)
    if first is None:
        return None
    url_at = next((i for i, c in enumerate(first) if re.match(r"https?://\S+$", c.strip())), None)
    if url_at is None:
        return None
    index = {"url": url_at}
    title_at = next((i for i, c in enumerate(first) if i != url_at and c.strip()), None)
    if title_at is not None:
        index["title"] = title_at
    return _Columns(index=index, names=[])


def table(
    header: Sequence[str], rows: list[tuple[int, list[str]]], *, source_url: str | None, format: str
) -> ListToImport:
    """Items from a table given as a header and rows, read by the column rules above (JSON records use it)."""
    return _generic(rows, _columns(header), source_url, format=format)


def _generic(
    rows: list[tuple[int, list[str]]], cols: _Columns, source_url: str | None, *, format: str = NAME
) -> ListToImport:
    items: list[ItemToImport] = []
    warnings: list[str] = []
    unknown_tiers: set[str] = set()
    list_names: set[str] = set()
    has_kind = cols.get("kind") is not None
    has_doi = cols.get("doi") is not None
    not_links: list[str] = []  # URL cells that hold no link
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        title = " ".join(_cell(row, cols.get("title")).split())
        url = clean_url(_cell(row, cols.get("url"))) or clean_url(_cell(row, cols.get("canonical_url")))
        if not url and re.match(r"https?://\S+$", title):  # a bare link in the title column
            url = title
        doi = clean_url(_cell(row, cols.get("doi")).removeprefix("doi:").strip()) if has_doi else None
        if not url and doi:  # Zotero's export: a DOI beside an empty Url
            url = doi
        arxiv = _arxiv_url(_cell(row, cols.get("arxiv"))) if cols.get("arxiv") is not None else None
        if not url and arxiv:
            url = arxiv
        if not url and cols.get("isbn") is not None:
            url = isbn_url(_cell(row, cols.get("isbn")))
        if url and not _SCHEME.match(url):
            not_links.append(url)
            url = None
        if not title and not url:
            warnings.append(f"line {line}: no title or URL; row skipped")
            continue
        section = split_path(_cell(row, cols.get("section")))
        section += split_path(_cell(row, cols.get("subsection")))
        tier, label = parse_tier(_cell(row, cols.get("tier")))
        explicit_label = _cell(row, cols.get("tier_label"))
        if explicit_label:
            label = explicit_label
        if tier is None and label and not explicit_label:
            unknown_tiers.add(label)
        doi = doi if doi and doi.startswith("https://doi.org/") else None
        kind = _kind(_cell(row, cols.get("kind"))) if has_kind else infer_kind(url, title)
        if kind is None and (doi or arxiv):  # a work with a DOI or an arXiv id and no type of its own: a paper
            kind = Kind.PAPER
        extra = [Link(name, link) for name, link in (("arXiv", arxiv), ("DOI", doi)) if link and url]
        extra = [link for link in extra if canonical_url(link.url) != canonical_url(url or "")]
        status_text = _cell(row, cols.get("status"))
        status = parse_status(status_text)
        read_at = iso_day(status_text) if status is None else None
        if read_at is not None:  # "finished: 2015-06-25": the day it was read
            status = Status.READ
        if status_text and status is None:
            warnings.append(f"line {line}: status {status_text!r} not understood; left empty")
        read_text = _cell(row, cols.get("read_at"))
        if read_text and status in (None, Status.READ):  # "date_read: May 2020": read, on a day if it says one
            status, read_at = Status.READ, read_at or iso_day(read_text)
        if cols.get("list") is not None and _cell(row, cols.get("list")):
            list_names.add(_cell(row, cols.get("list")))
        items.append(
            ItemToImport(
                title=title or url or "",
                url=url,
                section=section,
                tier=tier,
                tier_label=label or None,
                note=_cell(row, cols.get("note")) or None,
                description=_cell(row, cols.get("description")) or None,
                new=parse_status(_cell(row, cols.get("new"))) == Status.READ,
                kind=kind,
                author=_cell(row, cols.get("author")) or None,
                published=_cell(row, cols.get("published")) or None,
                status=status,
                rating=parse_rating(_cell(row, cols.get("rating"))),
                progress_note=_cell(row, cols.get("progress_note")) or None,
                read_at=read_at,
                links=tuple(extra),
            )
        )
    if unknown_tiers:
        shown = ", ".join(repr(t) for t in sorted(unknown_tiers)[:5])
        warnings.append(f"tier values without a number kept as labels only: {shown}")
    if not_links:
        distinct = list(dict.fromkeys(not_links))
        shown = ", ".join(repr(t[:40]) for t in distinct[:3]) + (" ..." if len(distinct) > 3 else "")
        warnings.append(f"{len(not_links)} URL cell(s) hold no link ({shown}): their rows are kept by title")
    if not items:
        what = "this CSV has a header but no rows with" if format == NAME else "no record has"
        raise ImportFormatError(f"{what} a title or URL", format=format)
    return ListToImport(
        items=tuple(items),
        name=next(iter(list_names)) if len(list_names) == 1 else None,
        source_url=source_url,
        format=format,
        warnings=tuple(warnings),
    )


def _kind(text: str) -> Kind | None:
    word = text.strip().lower()
    if not word:
        return None
    try:
        return Kind(word)
    except ValueError:
        return kind_from_tag(word)


_ARXIV_ID = re.compile(r"(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I)


def _arxiv_url(text: str) -> str | None:
    """The abstract page of an arXiv id cell (``2003.00425``, ``arXiv:1706.03762v5``, ``hep-th/9901001``)."""
    m = _ARXIV_ID.fullmatch(text.strip())
    return f"https://arxiv.org/abs/{m.group(1)}" if m else None


def iso_day(text: str) -> str | None:
    """``2015-06-25`` or ``2015/06/25`` (Goodreads' and StoryGraph's spelling; a YAML date reads back as the
    first) as an ISO day, else None: the same days on every Python (3.11's ``fromisoformat`` alone reads more)."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}[-/]\d{2}[-/]\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
    except ValueError:
        return None


def isbn_url(text: str) -> str | None:
    """The Open Library page of an ISBN-10 or ISBN-13 (hyphens and spaces allowed), else None."""
    isbn = re.sub(r"[\s-]", "", text)
    return f"https://openlibrary.org/isbn/{isbn}" if _ISBN.match(isbn) else None


def _header_index(cols: _Columns, name: str) -> int | None:
    for i, raw in enumerate(cols.names):
        if normalise_header(raw) == name:
            return i
    return None


__all__ = [
    "EXTENSIONS",
    "NAME",
    "choose_delimiter",
    "clean_url",
    "normalise_header",
    "parse",
    "parse_rating",
    "parse_status",
    "parse_tier",
    "sniff",
    "split_path",
    "unquote_cell",
]
