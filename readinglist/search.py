"""Search everything you have saved: titles, descriptions, notes, topic names and authors.

Queries are plain words; each word matches as a prefix ("attent trans" finds "Attention Is All You Need" in the
Transformers topic), case and accents do not matter, and nothing in a query is syntax. The index itself and the SQL
live in :mod:`readinglist.storage.search`; this module turns words into ranked :class:`~readinglist.Entry` results.
"""

from __future__ import annotations

from typing import Any

from readinglist.storage import search as sdb
from readinglist.types import Entry

words = sdb.words


def run(
    conn: Any,
    pid: int,
    query: str,
    *,
    list_id: int | None = None,
    status: str | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> list[Entry]:
    """Ranked entries matching every word of ``query``; an item held by several lists comes once (its best entry)."""
    found = words(query)
    if not found or limit < 1:
        return []
    pairs = sdb.ranked_entry_ids(
        conn,
        pid,
        found,
        list_id=list_id,
        status=status,
        kind=kind,
        limit=limit * 3 if list_id is None else limit,
    )
    best: dict[int, int] = {}
    for entry_id, resource_id in pairs:
        best.setdefault(resource_id, entry_id)
    chosen = list(best.values())[:limit]
    loaded = sdb.entries_by_id(conn, pid, chosen)
    return [loaded[i] for i in chosen if i in loaded]
