"""Read queries shaped like the answers the Library returns: cost grows with the answer, not with the database.

``next`` asks for the first few open entries in strategy order (an indexed ORDER BY ... LIMIT that stops early),
``progress`` for counts per topic and tier (GROUP BY on a covering index, plus the profile's few progress rows),
``mark`` for the one item it names and the groups (list, topic, tier) it touches. The pure rules in
:mod:`readinglist.recommend` and :mod:`readinglist.progress` state the behaviour; tests check these queries give
the same answers on random data, on SQLite and PostgreSQL.

A *group* is one tier of one topic of one list: ``(list_id, section_id, tier)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, case, exists, func, literal, or_, select

from readinglist.storage.lists import entry_query, row_to_entry, section_path
from readinglist.storage.schema import (
    entries,
    group_totals,
    list_versions,
    lists,
    progress,
    resource_aliases,
    resources,
    sections,
)
from readinglist.storage.totals import counting
from readinglist.types import Entry

DONE = ("read", "skipped")
UNTIERED = "untiered"
GroupKey = tuple[int, int | None, int | None]
"""``(list_id, section_id, tier)``."""
Keys = dict[int, tuple[GroupKey, dt.datetime]]
"""Entry id -> its group and when it was added (what a reason needs to know about a pick)."""


@dataclasses.dataclass(frozen=True)
class Filters:
    """Which active entries a read looks at: lists, topics (as section ids), a tier and a kind."""

    list_ids: Sequence[int] | None = None
    section_ids: Sequence[int] | None = None
    tier: int | str | None = None
    kind: str | None = None
    include_retired: bool = False

    @property
    def only_lists(self) -> bool:
        """These are the current entries of some lists (or all), narrowed no further: what the kept group counts
        describe."""
        return self.section_ids is None and self.tier is None and self.kind is None and not self.include_retired

    def where(self, q: Any, *, with_kind: bool = True, places_indexed: bool = True) -> Any:
        """``q`` narrowed to these entries. ``places_indexed=False`` words the list and topic conditions so that no
        index serves them (``list_id + 0``): a query driven from a few progress rows then stays driven from them,
        instead of the planner walking every entry of the list to probe progress."""
        list_id, section_id = entries.c.list_id, entries.c.section_id
        if not places_indexed:
            list_id, section_id = list_id + 0, section_id + 0
        if self.list_ids is not None:
            ids = list(self.list_ids)
            q = q.where(list_id == ids[0]) if len(ids) == 1 else q.where(list_id.in_(ids))
        if self.section_ids is not None:
            q = q.where(section_id.in_(list(self.section_ids)))
        if self.tier == UNTIERED:
            q = q.where(entries.c.tier.is_(None))
        elif self.tier is not None:
            q = q.where(entries.c.tier == self.tier)
        if with_kind and self.kind is not None:
            q = q.where(entries.c.resource_id.in_(_of_kind(self.kind)))
        if not self.include_retired:
            q = q.where(entries.c.retired.is_(False))
        return q


_R_KIND = resources.alias("r_kind")
_P_PROBE = progress.alias("p_probe")  # the outer query may join progress too: probe a copy of its own
# (aliases are made once: making one sets up its column collections, which cost more than the query they serve)


def _of_kind(kind: str) -> Any:
    r = _R_KIND
    return select(r.c.id).where(r.c.kind == kind)


def _status_is(pid: int, statuses: Sequence[str]) -> Any:
    """The entry's resource has one of ``statuses`` for the profile (an indexed probe of progress's key)."""
    p = _P_PROBE
    return exists().where(
        p.c.profile_id == pid, p.c.resource_id == entries.c.resource_id, p.c.status.in_(list(statuses))
    )


def _entries(
    conn: Connection, q: Any, params: dict[str, Any] | None = None, keys: Keys | None = None
) -> list[Entry]:
    """Entries of ``q`` (an :func:`entry_query`); with ``keys``, also each one's group and when it was added, read
    from the same rows (asking for them again would cost a statement)."""
    rows = conn.execute(q, params)
    if keys is None:
        return [row_to_entry(r) for r in rows]
    out = []
    for r in rows:
        keys[r.id] = ((r.list_id, r.section_id, r.tier), r.added_at)
        out.append(row_to_entry(r))
    return out


# --- lists of entries --------------------------------------------------------------------------------------


def entries_where(conn: Connection, pid: int, f: Filters, *, status: str | None = None) -> list[Entry]:
    """Entries matching ``f`` (and ``status``), in list order: what ``show`` and ``export`` print."""
    q = f.where(entry_query(pid))
    if status == "unread":
        q = q.where(or_(progress.c.status.is_(None), progress.c.status == "unread"))
    elif status is not None:
        q = q.where(progress.c.status == status)
    return _entries(conn, q.order_by(entries.c.list_id, entries.c.position))


def sections_of(conn: Connection, list_ids: Sequence[int] | None) -> dict[int, tuple[str, ...]]:
    """Section id -> path for the lists (sections are few: about one per hundred entries)."""
    q = select(sections.c.id, sections.c.path)
    if list_ids is not None:
        q = q.where(sections.c.list_id.in_(list(list_ids)))
    return {sid: section_path(path) for sid, path in conn.execute(q).all()}


@functools.cache
def _groups_holding() -> Any:
    """The statement of :func:`groups_holding`, built once (each mark runs it); the ids are bound at each call."""
    return (
        select(entries.c.list_id, entries.c.section_id, entries.c.tier, lists.c.name, sections.c.path)
        .join(lists, lists.c.id == entries.c.list_id)
        .outerjoin(sections, sections.c.id == entries.c.section_id)
        .where(entries.c.resource_id.in_(bindparam("ids", expanding=True)), entries.c.retired.is_(False))
        .order_by(entries.c.list_id, entries.c.position)
    )


def groups_holding(conn: Connection, resource_ids: Sequence[int]) -> dict[GroupKey, tuple[str, tuple[str, ...]]]:
    """The groups (list, topic, tier) whose active entries hold these resources, with list name and topic path."""
    if not resource_ids:
        return {}
    out: dict[GroupKey, tuple[str, tuple[str, ...]]] = {}
    for r in conn.execute(_groups_holding(), {"ids": list(resource_ids)}):
        out.setdefault((r.list_id, r.section_id, r.tier), (r.name, section_path(r.path)))
    return out


# --- finding one item --------------------------------------------------------------------------------------


def candidates_by_id(conn: Connection, pid: int, resource_id: int, f: Filters) -> list[Entry]:
    if f == _EVERY_ENTRY:  # a mark's usual lookup: one statement built once, values bound at each call
        return _entries(conn, _by_id(), {"pid": pid, "rid": resource_id})
    q = f.where(entry_query(pid)).where(entries.c.resource_id == resource_id)
    return _entries(conn, q.order_by(entries.c.list_id, entries.c.position).limit(1))


_EVERY_ENTRY = Filters(include_retired=True)


@functools.cache
def _by_id() -> Any:
    q = entry_query(bindparam("pid")).where(entries.c.resource_id == bindparam("rid"))
    return q.order_by(entries.c.list_id, entries.c.position).limit(1)


def candidates_by_key(conn: Connection, pid: int, key: str, f: Filters) -> list[Entry]:
    """Entries whose resource has this canonical URL (the resource key is indexed)."""
    q = f.where(entry_query(pid)).where(resources.c.key == key, resources.c.canonical_url == key)
    return _entries(conn, q.order_by(entries.c.list_id, entries.c.position))


def alias_of(conn: Connection, key: str) -> int | None:
    """The resource whose link moved to the URL with this key (an applied redirect), if any."""
    return conn.execute(select(resource_aliases.c.resource_id).where(resource_aliases.c.key == key)).scalar()


def candidates_by_words(
    conn: Connection, pid: int, words: Sequence[str], word_keys: Sequence[str], f: Filters
) -> list[Entry]:
    """Entries whose title holds every word (as typed, or reduced like title keys): a superset of title matches.

    The exact ranking (whole title, phrase, all words) stays in :func:`readinglist.lookup.pick`.
    """
    q = f.where(entry_query(pid))
    for word, key in zip(words, word_keys):
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds = [entries.c.title.ilike(like, escape="\\"), resources.c.title.ilike(like, escape="\\")]
        if key:
            kl = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conds.append(resources.c.title_key.like(kl, escape="\\"))
        q = q.where(or_(*conds))
    return _entries(conn, q.order_by(entries.c.list_id, entries.c.position))


# --- next ----------------------------------------------------------------------------------------------------


def reading_entries(conn: Connection, pid: int, f: Filters, keys: Keys | None = None) -> list[Entry]:
    """Active entries (matching ``f``) of resources the profile is reading: they come first in ``next``."""
    reading = select(progress.c.resource_id).where(progress.c.profile_id == pid, progress.c.status == "reading")
    q = f.where(entry_query(pid)).where(entries.c.resource_id.in_(reading.scalar_subquery()))
    return _entries(conn, q.order_by(entries.c.list_id, entries.c.position), keys=keys)


def _chunks(conn: Connection, q: Any, first: int, keys: Keys | None = None) -> Iterator[Entry]:
    """Rows of ``q`` (already ordered) fetched in growing chunks, so a caller that stops early pays little."""
    size, done = first, 0
    while True:
        rows = _entries(conn, q.limit(size).offset(done), keys=keys)
        yield from rows
        if len(rows) < size:
            return
        done += len(rows)
        size *= 4


def open_tier_first(conn: Connection, pid: int, f: Filters, first: int, keys: Keys | None = None) -> Iterator[Entry]:
    """Unread (not reading, not done) entries: lower tiers first across lists, then list order; untiered last."""
    base = f.where(entry_query(pid)).where(~_status_is(pid, ("read", "skipped", "reading")))
    tiered = base.where(entries.c.tier.is_not(None)).order_by(
        entries.c.tier, entries.c.list_id, entries.c.position
    )
    yield from _chunks(conn, tiered, first, keys)
    if f.tier is None or f.tier == UNTIERED:
        untiered = base.where(entries.c.tier.is_(None)).order_by(entries.c.list_id, entries.c.position)
        yield from _chunks(conn, untiered, first, keys)


def section_starts(conn: Connection, f: Filters, list_id: int) -> list[tuple[int | None, int]]:
    """Each section of one list with the position of its first entry matching ``f`` (any kind), in that order."""
    if dataclasses.replace(f, kind=None).only_lists:  # the kept group counts know where each section starts
        g = group_totals
        q = select(g.c.section_id, func.min(g.c.start).label("start")).where(g.c.list_id == list_id)
    else:
        q = f.where(
            select(entries.c.section_id, func.min(entries.c.position).label("start")), with_kind=False
        ).where(entries.c.list_id == list_id)
    q = q.group_by(q.selected_columns.section_id).order_by("start")
    return [(r.section_id, r.start) for r in conn.execute(q)]


def open_in_section(
    conn: Connection,
    pid: int,
    f: Filters,
    list_id: int,
    section_id: int | None,
    first: int,
    keys: Keys | None = None,
) -> Iterator[Entry]:
    """Unread entries of one section of one list, lower tiers first, untiered last."""
    base = f.where(entry_query(pid)).where(
        entries.c.list_id == list_id, _section_is(section_id), ~_status_is(pid, ("read", "skipped", "reading"))
    )
    rank = case((entries.c.tier.is_(None), 1), else_=0)
    yield from _chunks(conn, base.order_by(rank, entries.c.tier, entries.c.position), first, keys)


def _section_is(section_id: int | None) -> Any:
    return entries.c.section_id.is_(None) if section_id is None else entries.c.section_id == section_id


def lists_in_order(conn: Connection, f: Filters) -> dict[int, str]:
    """Id -> name of the lists a read looks at, oldest first (the order lists are recommended in)."""
    q = select(lists.c.id, lists.c.name).order_by(lists.c.id)
    if f.list_ids is not None:
        q = q.where(lists.c.id.in_(list(f.list_ids)))
    return {r.id: r.name for r in conn.execute(q)}


class GroupCounts(NamedTuple):  # a NamedTuple, not a frozen dataclass: defining it costs a tenth (start-up)
    """One group's counts for a reason: entries, open ones, and those from the first import (and still open)."""

    total: int
    left: int
    older: int
    older_open: int


def first_imports(conn: Connection, list_ids: Sequence[int]) -> dict[int, dt.datetime]:
    """When each list was first imported: entries added later came from a sync."""
    q = (
        select(list_versions.c.list_id, func.min(list_versions.c.imported_at))
        .where(list_versions.c.list_id.in_(list(list_ids)))
        .group_by(list_versions.c.list_id)
    )
    return {r[0]: r[1] for r in conn.execute(q)}


def group_counts(
    conn: Connection, pid: int, keys: Sequence[GroupKey], first_at: dict[int, dt.datetime]
) -> dict[GroupKey, GroupCounts]:
    """Counts of these groups' active entries (every kind: a reason describes the whole tier), in one query."""
    if not keys:
        return {}
    done = _status_is(pid, DONE)
    older = (
        or_(*[and_(entries.c.list_id == lid, entries.c.added_at <= at) for lid, at in first_at.items()])
        if first_at
        else literal(False)
    )
    q = (
        select(
            entries.c.list_id,
            entries.c.section_id,
            entries.c.tier,
            func.count(),
            func.coalesce(func.sum(case((done, 0), else_=1)), 0),
            func.coalesce(func.sum(case((older, 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(older, ~done), 1), else_=0)), 0),
        )
        .where(or_(*[_group_is(k) for k in keys]), entries.c.retired.is_(False))
        .group_by(entries.c.list_id, entries.c.section_id, entries.c.tier)
    )
    return {
        (lid, sid, tier): GroupCounts(int(total), int(left), int(old), int(old_open))
        for lid, sid, tier, total, left, old, old_open in conn.execute(q)
    }


def _group_is(key: GroupKey) -> Any:
    list_id, section_id, tier = key
    tier_is = entries.c.tier.is_(None) if tier is None else entries.c.tier == tier
    return and_(entries.c.list_id == list_id, _section_is(section_id), tier_is)


# --- progress ------------------------------------------------------------------------------------------------


def group_rows(conn: Connection, pid: int, f: Filters) -> tuple[list[Any], dict[GroupKey, list[int]]]:
    """Counts per list, topic and tier: ``(totals, statuses)``.

    ``totals`` are rows ``(list_id, section_id, tier, tier_label, first position, total)`` in list order;
    ``statuses`` maps a group to its ``[read, skipped, reading]`` counts (groups with none are absent). Two
    queries, each shaped like its part of the answer: the totals are one GROUP BY over the covering index (no join,
    so no probe per entry), and the statuses are counted from the profile's own progress rows (which grow with what
    the reader did, not with what is stored). The caller joins them as it makes its rows (no copy of 100k rows).
    """
    totals = _kept_totals(f) if f.only_lists else _counted_totals(f)
    done = f.where(
        select(entries.c.list_id, entries.c.section_id, entries.c.tier, progress.c.status, func.count())
        .select_from(progress)
        .join(entries, entries.c.resource_id == progress.c.resource_id)
        .where(progress.c.profile_id == pid, progress.c.status.in_(_COUNTED)),
        places_indexed=False,  # from the profile's progress rows, through ix_entries_resource
    ).group_by(entries.c.list_id, entries.c.section_id, entries.c.tier, progress.c.status)
    counts: dict[GroupKey, list[int]] = {}
    for lid, sid, tier, status, n in conn.execute(done):
        counts.setdefault((lid, sid, tier), [0, 0, 0])[_COUNTED.index(status)] = int(n)
    return conn.execute(totals).all(), counts


_COUNTED = ("read", "skipped", "reading")


def _kept_totals(f: Filters) -> Any:
    """The group counts the storage layer keeps (:mod:`readinglist.storage.totals`): one row per group read, in
    list order, from ``ix_group_totals_list_start``."""
    g = group_totals
    q = select(g.c.list_id, g.c.section_id, g.c.tier, g.c.tier_label, g.c.start, g.c.total)
    if f.list_ids is not None:
        ids = list(f.list_ids)
        q = q.where(g.c.list_id == ids[0]) if len(ids) == 1 else q.where(g.c.list_id.in_(ids))
    return q.order_by(g.c.list_id, g.c.start)


def _counted_totals(f: Filters) -> Any:
    """The group counts of entries narrowed further than by list (topic, tier, kind, retired ones too), counted
    from the covering index."""
    return f.where(counting()).order_by(entries.c.list_id, "start")


def list_names(conn: Connection, list_ids: Sequence[int] | None = None) -> dict[int, str]:
    q = select(lists.c.id, lists.c.name)
    if list_ids is not None:
        q = q.where(lists.c.id.in_(list(list_ids)))
    return {r.id: r.name for r in conn.execute(q)}


# --- completion (what a mark finished) --------------------------------------------------------------------------


@functools.cache
def _open_check(by_section: bool, section_is_none: bool, tier_is_none: bool) -> Any:
    """The statement of an open-entry check, built once per shape (a mark runs a few: building them cost more
    than running them); the list, section, tier and profile are bound at each call."""
    conds = [entries.c.list_id == bindparam("lid")]
    if by_section:
        conds.append(entries.c.section_id.is_(None) if section_is_none else entries.c.section_id == bindparam("sid"))
    conds.append(entries.c.tier.is_(None) if tier_is_none else entries.c.tier == bindparam("tier"))
    return select(entries.c.id).where(
        *conds, entries.c.retired.is_(False), ~_status_is(bindparam("pid"), DONE)
    ).limit(1)


def group_is_open(conn: Connection, pid: int, key: GroupKey) -> bool:
    list_id, section_id, tier = key
    q = _open_check(True, section_id is None, tier is None)
    params = {"lid": list_id, "sid": section_id, "tier": tier, "pid": pid}
    return conn.execute(q, {k: v for k, v in params.items() if v is not None}).first() is not None


def tier_is_open(conn: Connection, pid: int, list_id: int, tier: int) -> bool:
    """Some entry of this tier of the list, in any topic, is still open."""
    q = _open_check(False, False, False)
    return conn.execute(q, {"lid": list_id, "tier": tier, "pid": pid}).first() is not None


def next_open_tier(
    conn: Connection, pid: int, list_id: int, section_id: int | None, *, whole_list: bool
) -> tuple[int | None, str | None, int] | None:
    """The lowest open tier (untiered last) of a topic, or of the whole list: ``(tier, label, open count)``."""
    where = [entries.c.list_id == list_id, entries.c.retired.is_(False), ~_status_is(pid, DONE)]
    if not whole_list:
        where.append(_section_is(section_id))
    rank = case((entries.c.tier.is_(None), 1), else_=0)
    first = conn.execute(
        select(entries.c.tier, entries.c.tier_label)
        .where(*where)
        .order_by(rank, entries.c.tier, entries.c.position)
        .limit(1)
    ).first()
    if first is None:
        return None
    tier_is = entries.c.tier.is_(None) if first.tier is None else entries.c.tier == first.tier
    count = conn.execute(select(func.count()).where(*where, tier_is)).scalar_one()
    return first.tier, first.tier_label, int(count)


def group_start(conn: Connection, key: GroupKey) -> tuple[int, str | None]:
    """A group's first position and the tier label of its first entry."""
    list_id, section_id, tier = key
    tier_is = entries.c.tier.is_(None) if tier is None else entries.c.tier == tier
    row = conn.execute(
        select(entries.c.position, entries.c.tier_label)
        .where(entries.c.list_id == list_id, _section_is(section_id), tier_is, entries.c.retired.is_(False))
        .order_by(entries.c.position)
        .limit(1)
    ).first()
    return (row.position, row.tier_label) if row is not None else (0, None)
