"""SQL for placing items by topic: the texts of a list's placed entries, and moving an entry."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, select, update

from readinglist.storage import totals
from readinglist.storage.schema import entries, item_metadata, sections


def placed_texts(
    conn: Connection, list_id: int
) -> list[tuple[tuple[str, ...], str, str | None, str | None, str | None]]:
    """``(topic path, title, description, note, abstract)`` of every current entry of the list in a topic.

    ``abstract`` is the enrichment's (``item_metadata``), None where the item was never enriched.
    """
    rows = conn.execute(
        select(
            sections.c.path, entries.c.title, entries.c.description, entries.c.note, item_metadata.c.abstract
        )
        .join(sections, sections.c.id == entries.c.section_id)
        .outerjoin(item_metadata, item_metadata.c.resource_id == entries.c.resource_id)
        .where(entries.c.list_id == list_id, entries.c.retired.is_(False))
        .order_by(entries.c.position)
    )
    return [(tuple(json.loads(r.path)), r.title, r.description, r.note, r.abstract) for r in rows]


def move_entry(conn: Connection, entry_id: int, values: dict[str, Any], now: dt.datetime) -> None:
    """Set an entry's ``section_id`` and/or ``tier``."""
    totals.touch_entries(conn, [entry_id])
    conn.execute(update(entries).where(entries.c.id == entry_id).values(**values, updated_at=now))
