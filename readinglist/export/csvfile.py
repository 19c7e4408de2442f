"""The CSV writer: one row per entry, with the reader's progress, readable by the generic CSV importer.

Columns (:data:`COLUMNS`): ``list, topic, tier, tier_label, position, title, url, canonical_url, kind, note,
status, rating, progress_note, updated_at``, then ``author, published, description, new, retired, tags`` (the reader's tags, ``|``-separated), ``archive_url`` (an archived copy of a link the last check found dead). ``topic`` is
the section path joined with ``" / "``; a heading that itself contains ``" / "`` or ``">"`` would split on
re-import, so inside a heading ``" / "`` is written ``"/"`` and ``">"``/``"»"`` are written ``"›"``.

Titles and notes come from lists and feeds anyone can write: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is a formula to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``+cmd|...``).
Such cells are written with a leading ``'`` (OWASP's advice for CSV injection), which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from readinglist.types import Entry, ListInfo

COLUMNS: tuple[str, ...] = (
    "list",
    "topic",
    "tier",
    "tier_label",
    "position",
    "title",
    "url",
    "canonical_url",
    "kind",
    "note",
    "status",
    "rating",
    "progress_note",
    "updated_at",
    "author",
    "published",
    "description",
    "new",
    "retired",
    "tags",
    "archive_url",
)


def topic_cell(section: Sequence[str]) -> str:
    """``("A", "B")`` -> ``"A / B"``, with separators inside a heading defused so the path reads back the same."""
    safe = []
    for part in section:
        text = " ".join(part.split())
        text = text.replace(">", "›").replace("»", "›").replace("::", ":")
        safe.append(re.sub(r"\s+/\s+", "/", text))
    return " / ".join(safe)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made inert for spreadsheets: a leading ``'`` when it would start a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _row(info: ListInfo, e: Entry, archive_url: str | None = None) -> list[str]:
    return [neutralise(cell) for cell in _cells(info, e, archive_url)]


def _cells(info: ListInfo, e: Entry, archive_url: str | None = None) -> list[str]:
    return [
        info.name,
        topic_cell(e.section),
        "" if e.tier is None else str(e.tier),
        e.tier_label or "",
        str(e.position),
        e.title,
        e.url or "",
        e.item.canonical_url or "",
        e.item.kind.value if e.item.kind is not None else "",
        e.note or "",
        e.status.value,
        "" if e.rating is None else str(e.rating),
        e.progress_note or "",
        e.updated_at.isoformat(timespec="seconds") if e.updated_at else "",
        e.author or "",
        e.published or "",
        e.description or "",
        "yes" if e.new else "",
        "yes" if e.retired else "",
        "|".join(e.tags),
        archive_url or "",
    ]


def export(info: ListInfo, entries: Sequence[Entry], *, archived: Mapping[int, str] | None = None) -> str:
    """The entries as CSV text (header row first, ``\\n`` line ends, quoted only where needed); ``archived``:
    item id -> archived copy of its dead link."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(_row(info, entry, (archived or {}).get(entry.item.id)))
    return out.getvalue()


__all__ = ["COLUMNS", "export", "neutralise", "topic_cell"]
