"""SQL for profiles (one per reader) and the team view: every profile's counts per topic and tier of a list.

Queries are shaped like the answers: counts come from GROUP BY in the database, never from loading entries.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, delete, func, insert, select, update

from readinglist.storage.lists import _aware
from readinglist.storage.schema import entries, events, profiles, progress, sections, tags


@dataclass(frozen=True)
class ProfileRow:
    id: int
    name: str
    created_at: dt.datetime
    read: int
    skipped: int
    reading: int
    last_read: dt.datetime | None


def all_profiles(conn: Connection) -> list[ProfileRow]:
    """Every profile by name, with its status counts over all resources and its last read."""
    counts = (
        select(
            progress.c.profile_id,
            func.sum(case((progress.c.status == "read", 1), else_=0)).label("read"),
            func.sum(case((progress.c.status == "skipped", 1), else_=0)).label("skipped"),
            func.sum(case((progress.c.status == "reading", 1), else_=0)).label("reading"),
            func.max(case((progress.c.status == "read", progress.c.finished_at), else_=None)).label(
                "last_read"
            ),
        )
        .group_by(progress.c.profile_id)
        .subquery()
    )
    q = (
        select(profiles, counts.c.read, counts.c.skipped, counts.c.reading, counts.c.last_read)
        .outerjoin(counts, counts.c.profile_id == profiles.c.id)
        .order_by(profiles.c.name)
    )
    return [
        ProfileRow(
            r.id,
            r.name,
            _aware(r.created_at),
            int(r.read or 0),
            int(r.skipped or 0),
            int(r.reading or 0),
            _aware(r.last_read),
        )
        for r in conn.execute(q)
    ]


def find(conn: Connection, name: str) -> int | None:
    return conn.execute(select(profiles.c.id).where(profiles.c.name == name)).scalar()


def names(conn: Connection) -> list[str]:
    return list(conn.execute(select(profiles.c.name).order_by(profiles.c.name)).scalars())


def add(conn: Connection, name: str, now: dt.datetime) -> int:
    return conn.execute(
        insert(profiles).returning(profiles.c.id), [{"name": name, "created_at": now}]
    ).scalar_one()


def rename(conn: Connection, profile_id: int, new_name: str) -> None:
    conn.execute(update(profiles).where(profiles.c.id == profile_id).values(name=new_name))


def remove(conn: Connection, profile_id: int) -> None:
    """Delete a profile with its progress and history (explicitly: SQLite files may predate foreign keys)."""
    conn.execute(delete(tags).where(tags.c.profile_id == profile_id))
    conn.execute(delete(events).where(events.c.profile_id == profile_id))
    conn.execute(delete(progress).where(progress.c.profile_id == profile_id))
    conn.execute(delete(profiles).where(profiles.c.id == profile_id))


@dataclass(frozen=True)
class GroupTotal:
    """One tier of one topic of a list: how many active entries, in list order."""

    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None
    total: int


def team_counts(
    conn: Connection, list_id: int
) -> tuple[list[GroupTotal], dict[tuple[int, tuple[str, ...], int | None, str], int], dict[int, dt.datetime]]:
    """For one list: the groups (topic x tier) with totals, in list order; entry counts per (profile id, topic
    path, tier, status); and each profile's last read of an item of this list."""
    paths = {
        r.id: tuple(json.loads(r.path)) if r.path else ()
        for r in conn.execute(select(sections.c.id, sections.c.path).where(sections.c.list_id == list_id))
    }
    active = and_(entries.c.list_id == list_id, entries.c.retired.is_(False))
    first = func.min(entries.c.position).label("first")
    groups = conn.execute(
        select(
            entries.c.section_id,
            entries.c.tier,
            func.min(entries.c.tier_label).label("label"),
            func.count().label("total"),
            first,
        )
        .where(active)
        .group_by(entries.c.section_id, entries.c.tier)
        .order_by(first)
    ).all()
    totals = [GroupTotal(paths.get(g.section_id, ()), g.tier, g.label, int(g.total)) for g in groups]
    done_rows = conn.execute(
        select(
            progress.c.profile_id,
            entries.c.section_id,
            entries.c.tier,
            progress.c.status,
            func.count().label("n"),
        )
        .join(progress, progress.c.resource_id == entries.c.resource_id)
        .where(active)
        .group_by(progress.c.profile_id, entries.c.section_id, entries.c.tier, progress.c.status)
    ).all()
    counts = {(r.profile_id, paths.get(r.section_id, ()), r.tier, r.status): int(r.n) for r in done_rows}
    last = {
        r.profile_id: _aware(r.last)
        for r in conn.execute(
            select(progress.c.profile_id, func.max(progress.c.finished_at).label("last"))
            .join(entries, entries.c.resource_id == progress.c.resource_id)
            .where(active, progress.c.status == "read")
            .group_by(progress.c.profile_id)
        )
    }
    return totals, counts, last
