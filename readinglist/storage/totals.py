"""Counts per (list, section, tier) group, kept in ``group_totals`` so that ``progress`` reads one row per group
instead of counting every entry (issue 8: a million entries are ~100k groups; counting them took a second).

Every function of the storage layer that writes entries says which lists it touched (:func:`touch`,
:func:`touch_entries`); :class:`readinglist.storage.Storage` calls :func:`flush` as a write transaction is about to
commit, which counts those lists again from their entries (a GROUP BY over ``ix_entries_group``, one list at a
time) in the same transaction. So the counts are never stale to any reader, whatever path wrote the entries, and a
list costs one recount per transaction, however many rows the transaction wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, delete, func, insert, select, update

from readinglist.storage.schema import entries, group_totals

_DIRTY = "readinglist_dirty_lists"
"""The key in ``Connection.info`` of the lists whose entries this transaction changed."""

_CHUNK = 500


def touch(conn: Connection, list_ids: Iterable[int]) -> None:
    """Note that this transaction changed entries of ``list_ids``: their counts are made again before it commits."""
    conn.info.setdefault(_DIRTY, set()).update(list_ids)


def touch_entries(conn: Connection, entry_ids: Sequence[int]) -> None:
    """:func:`touch` the lists holding these entries (called before the entries change or go)."""
    ids = list(entry_ids)
    lists: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        q = select(entries.c.list_id).where(entries.c.id.in_(ids[start : start + _CHUNK])).distinct()
        lists.update(conn.execute(q).scalars())
    touch(conn, lists)


def added(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Count entries this transaction just inserted into their groups' totals, one UPDATE (or INSERT) per group.

    The cost grows with the rows added, not with the lists they join (a feed pull appends a few entries to an
    inbox of thousands, once per transaction). Rows with a tier label, or retired, are left to the recount at
    commit (:func:`touch`): labels compare in the database's collation, which Python cannot mimic.
    """
    if any(row.get("tier_label") is not None or row.get("retired") for row in rows):
        touch(conn, {row["list_id"] for row in rows})
        return
    groups: dict[tuple[int, int | None, int | None], list[int]] = {}
    for row in rows:
        key = (row["list_id"], row.get("section_id"), row.get("tier"))
        group = groups.setdefault(key, [0, row["position"]])
        group[0] += 1
        group[1] = min(group[1], row["position"])
    for (list_id, section_id, tier), (count, start) in groups.items():
        found = {
            "g_list": list_id,
            "g_section": section_id,
            "g_tier": tier,
            "g_count": count,
            "g_first": start,
        }
        if not conn.execute(_ADD, found).rowcount:
            group = {"list_id": list_id, "section_id": section_id, "tier": tier}
            conn.execute(
                insert(group_totals), [{**group, "tier_label": None, "start": start, "total": count}]
            )


_ADD = (
    update(group_totals)
    .where(
        group_totals.c.list_id == bindparam("g_list"),
        group_totals.c.section_id.is_not_distinct_from(bindparam("g_section")),
        group_totals.c.tier.is_not_distinct_from(bindparam("g_tier")),
    )
    .values(
        total=group_totals.c.total + bindparam("g_count"),
        start=case(
            (group_totals.c.start > bindparam("g_first"), bindparam("g_first")), else_=group_totals.c.start
        ),
    )
)
"""Add ``count`` entries from position ``first`` on to one (list, section, tier) group (built once)."""


def forget(conn: Connection) -> None:
    """Drop the notes of a transaction that did not commit (its counts were never written either)."""
    conn.info.pop(_DIRTY, None)


def flush(conn: Connection) -> None:
    """Count again the groups of every list this transaction touched."""
    dirty = conn.info.pop(_DIRTY, None)
    if dirty:
        refresh(conn, sorted(dirty))


def refresh(conn: Connection, list_ids: Sequence[int]) -> None:
    """Replace the counts of ``list_ids`` with counts made from their current entries."""
    for start in range(0, len(list_ids), _CHUNK):
        ids = list(list_ids[start : start + _CHUNK])
        conn.execute(delete(group_totals).where(group_totals.c.list_id.in_(ids)))
        counted = counting().where(entries.c.list_id.in_(ids), entries.c.retired.is_(False))
        columns = ["list_id", "section_id", "tier", "tier_label", "start", "total"]
        conn.execute(insert(group_totals).from_select(columns, counted))


def counting() -> Select[Any]:
    """Per (list, section, tier) group of entries: its smallest label, its first position (``start``) and how many
    entries it holds, counted from the entries themselves (``ix_entries_group`` covers it). Narrow it with
    ``.where``: :func:`refresh` keeps these counts; reads that narrow further than by list count them live."""
    return select(
        entries.c.list_id,
        entries.c.section_id,
        entries.c.tier,
        func.min(entries.c.tier_label),
        func.min(entries.c.position).label("start"),
        func.count(),
    ).group_by(entries.c.list_id, entries.c.section_id, entries.c.tier)
