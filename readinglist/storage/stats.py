"""SQL for statistics: the event history as plain tuples, cheap to read in bulk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Integer, cast, func, literal_column, select

from readinglist.storage.schema import entries, events


def status_events(
    conn: Connection, pid: int, *, list_id: int | None = None
) -> list[tuple[int, int, Any, Any]]:
    """``(resource id, unix seconds, old status, new status)`` of every status change of the profile, oldest first.

    Times come out as numbers (not datetimes) so that 100,000 events are read in a few tens of milliseconds.
    """
    if conn.dialect.name == "sqlite":
        seconds = cast(func.strftime("%s", events.c.at), Integer)
    else:
        seconds = cast(func.extract("epoch", events.c.at), Integer)
    q = (
        select(events.c.resource_id, seconds, events.c.old_status, events.c.new_status)
        .where(events.c.profile_id == pid)
        .where(
            func.coalesce(events.c.old_status, "") != func.coalesce(events.c.new_status, literal_column("''"))
        )
        .order_by(events.c.id)
    )
    if list_id is not None:
        q = q.where(
            events.c.resource_id.in_(select(entries.c.resource_id).where(entries.c.list_id == list_id))
        )
    return [tuple(r) for r in conn.execute(q)]  # type: ignore[misc]


def profile_names(conn: Connection) -> list[str]:
    """Every profile, oldest first."""
    from readinglist.storage.schema import profiles

    return [r[0] for r in conn.execute(select(profiles.c.name).order_by(profiles.c.id))]
