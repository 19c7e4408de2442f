"""SQL for fetched metadata, effort estimates and link checks (tables ``item_metadata`` and ``link_checks``)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from readinglist.storage.lists import _aware, section_path
from readinglist.storage.schema import (
    entries,
    item_metadata,
    link_checks,
    lists,
    progress,
    resource_aliases,
    resources,
    sections,
)
from readinglist.types import Effort, Item, Kind

if TYPE_CHECKING:
    from readinglist.types import LinkCheck, Metadata, Suggestion

_CHUNK = 500


class Target(NamedTuple):  # a NamedTuple, not a frozen dataclass: defining it costs a tenth (start-up)
    """A resource to enrich or check, with what is already stored about it."""

    item: Item
    author: str | None
    note: str | None
    status: str | None
    fetched_at: dt.datetime | None
    checked_at: dt.datetime | None


def _item(r: Any) -> Item:
    return Item(
        id=r.id,
        title=r.title,
        url=r.url,
        canonical_url=r.canonical_url,
        kind=Kind(r.kind) if r.kind else None,
    )


def targets(conn: Connection, list_ids: Sequence[int] | None) -> list[Target]:
    """Every resource with an active entry in ``list_ids`` (all lists when None), in list order, each once."""
    q = (
        select(
            resources.c.id,
            resources.c.title,
            resources.c.url,
            resources.c.canonical_url,
            resources.c.kind,
            resources.c.author,
            entries.c.note,
            item_metadata.c.status,
            item_metadata.c.fetched_at,
            link_checks.c.checked_at,
        )
        .join(entries, entries.c.resource_id == resources.c.id)
        .outerjoin(item_metadata, item_metadata.c.resource_id == resources.c.id)
        .outerjoin(link_checks, link_checks.c.resource_id == resources.c.id)
        .where(entries.c.retired.is_(False))
        .order_by(entries.c.list_id, entries.c.position)
    )
    if list_ids is not None:
        q = q.where(entries.c.list_id.in_(list_ids))
    seen: set[int] = set()
    out = []
    for r in conn.execute(q):
        if r.id in seen:
            continue
        seen.add(r.id)
        out.append(
            Target(
                item=_item(r),
                author=r.author,
                note=r.note,
                status=r.status,
                fetched_at=_aware(r.fetched_at),
                checked_at=_aware(r.checked_at),
            )
        )
    return out


def items(conn: Connection, ids: Iterable[int]) -> dict[int, Item]:
    ids = list(set(ids))
    out: dict[int, Item] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for r in conn.execute(select(resources).where(resources.c.id.in_(chunk))):
            out[r.id] = _item(r)
    return out


# --- metadata ----------------------------------------------------------------------------------------------

_FETCHED = (
    "status",
    "source",
    "source_id",
    "title",
    "authors",
    "year",
    "abstract",
    "category",
    "pages",
    "words",
    "duration_minutes",
    "link",
    "suggestions",
    "effort_minutes",
    "effort_source",
    "error",
    "fetched_at",
)


def save_metadata(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store what was fetched for each resource (replacing an earlier fetch, keeping the user's own minutes)."""
    if not rows:
        return
    values = []
    for row in rows:
        v = {k: row.get(k) for k in _FETCHED}
        v["resource_id"] = row["resource_id"]
        v["authors"] = json.dumps(list(row.get("authors") or ()), ensure_ascii=False)
        v["suggestions"] = (
            json.dumps([s.__dict__ for s in row.get("suggestions") or ()], ensure_ascii=False)
            if row.get("suggestions")
            else None
        )
        values.append(v)
    ids = [v["resource_id"] for v in values]
    existing = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        existing.update(
            conn.execute(
                select(item_metadata.c.resource_id).where(item_metadata.c.resource_id.in_(chunk))
            ).scalars()
        )
    new = [v for v in values if v["resource_id"] not in existing]
    if new:
        conn.execute(insert(item_metadata), new)
    for v in values:
        if v["resource_id"] in existing:
            conn.execute(
                update(item_metadata)
                .where(item_metadata.c.resource_id == v["resource_id"])
                .values({k: v[k] for k in _FETCHED})
            )


def set_user_minutes(conn: Connection, resource_id: int, minutes: int | None) -> None:
    found = conn.execute(
        select(item_metadata.c.resource_id).where(item_metadata.c.resource_id == resource_id)
    ).first()
    if found:
        conn.execute(
            update(item_metadata)
            .where(item_metadata.c.resource_id == resource_id)
            .values(user_minutes=minutes)
        )
    else:
        conn.execute(insert(item_metadata), [{"resource_id": resource_id, "user_minutes": minutes}])


def load_metadata(conn: Connection, resource_ids: Iterable[int]) -> dict[int, Metadata]:
    """Metadata of these resources (those with something fetched or a user estimate)."""
    ids = list(set(resource_ids))
    out: dict[int, Metadata] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        q = (
            select(item_metadata, resources.c.kind)
            .join(resources, resources.c.id == item_metadata.c.resource_id)
            .where(item_metadata.c.resource_id.in_(chunk))
        )
        for r in conn.execute(q):
            out[r.resource_id] = _metadata(r)
    return out


def _metadata(r: Any) -> Metadata:
    from readinglist.types import Metadata, Suggestion

    suggestions = tuple(Suggestion(**s) for s in json.loads(r.suggestions)) if r.suggestions else ()
    return Metadata(
        item_id=r.resource_id,
        source=r.source or "",
        source_id=r.source_id,
        title=r.title,
        authors=tuple(json.loads(r.authors)) if r.authors else (),
        year=r.year,
        abstract=r.abstract,
        category=r.category,
        pages=r.pages,
        words=r.words,
        duration_minutes=r.duration_minutes,
        link=r.link,
        effort=_effort(r),
        fetched_at=_aware(r.fetched_at),
        suggestions=suggestions,
    )


def _effort(r: Any) -> Effort | None:
    from readinglist.enrich.effort import describe

    if r.user_minutes:
        return describe(r.user_minutes, "user")
    if r.effort_minutes:
        kind = "book" if r.kind == "book" or r.source == "openlibrary" else r.kind
        return describe(r.effort_minutes, r.effort_source or "words", pages=r.pages, kind=kind)
    return None


def efforts(conn: Connection, resource_ids: Iterable[int]) -> dict[int, Effort]:
    """The effort of these resources, where known (what ``next`` shows: only the columns an estimate needs)."""
    ids = list(set(resource_ids))
    out: dict[int, Effort] = {}
    for start in range(0, len(ids), _CHUNK):
        for r in conn.execute(_efforts_query(), {"ids": ids[start : start + _CHUNK]}):
            effort = _effort(r)
            if effort is not None:
                out[r.resource_id] = effort
    return out


@functools.cache
def _efforts_query() -> Any:
    m = item_metadata.c
    return (
        select(m.resource_id, m.user_minutes, m.effort_minutes, m.effort_source, m.pages, m.source, resources.c.kind)
        .join(resources, resources.c.id == m.resource_id)
        .where(m.resource_id.in_(bindparam("ids", expanding=True)))
        .where(or_(m.user_minutes.is_not(None), m.effort_minutes.is_not(None)))
    )


def suggestions_of(conn: Connection, resource_id: int) -> tuple[Suggestion, ...]:
    found = load_metadata(conn, [resource_id]).get(resource_id)
    return found.suggestions if found else ()


def attach_link(conn: Connection, resource_id: int, link: str, source_id: str) -> None:
    conn.execute(
        update(item_metadata)
        .where(item_metadata.c.resource_id == resource_id)
        .values(link=link, source_id=source_id, suggestions=None, status="enriched")
    )


# --- effort left per group (progress, stats) ------------------------------------------------------------------


EffortKey = tuple[str, tuple[str, ...], "int | None"]
"""``(list name, topic path, tier)``: the place of a :class:`readinglist.types.ProgressRow`."""


def effort_left(conn: Connection, pid: int, f: Any) -> dict[EffortKey, tuple[int, int]]:
    """Per list, topic and tier: ``(minutes of the open entries that have an estimate, how many they are)``, for
    the entries ``f`` (a :class:`readinglist.storage.reads.Filters`) selects. Open = neither read nor skipped by
    profile ``pid``; the reader's own minutes come before the fetched estimate.

    One GROUP BY over the estimated entries (inner join on ``item_metadata``), each probing the profile's progress
    row by key; nothing when no item has an estimate at all (one indexed look). No per-item Python.
    Groups without an open estimated entry are absent.
    """
    minutes = func.coalesce(item_metadata.c.user_minutes, item_metadata.c.effort_minutes)
    group = (entries.c.list_id, entries.c.section_id, entries.c.tier)
    if conn.execute(select(item_metadata.c.resource_id).where(minutes.is_not(None)).limit(1)).first() is None:
        return {}  # nothing estimated anywhere (never enriched): no walk over the entries at all
    p = progress.alias("p_effort")
    q = f.where(
        select(*group, func.sum(minutes), func.count())
        .select_from(entries)
        .join(item_metadata, item_metadata.c.resource_id == entries.c.resource_id)
        .outerjoin(p, and_(p.c.profile_id == pid, p.c.resource_id == entries.c.resource_id))
        .where(minutes.is_not(None), or_(p.c.status.is_(None), p.c.status.not_in(("read", "skipped"))))
    ).group_by(*group)
    estimated = {tuple(r[:3]): (int(r[3] or 0), int(r[4])) for r in conn.execute(q)}
    if not estimated:
        return {}
    list_ids = sorted({k[0] for k in estimated})
    section_ids = sorted({k[1] for k in estimated if k[1] is not None})
    names = {r[0]: r[1] for r in conn.execute(select(lists.c.id, lists.c.name).where(lists.c.id.in_(list_ids)))}
    paths = {
        r[0]: r[1] for r in conn.execute(select(sections.c.id, sections.c.path).where(sections.c.id.in_(section_ids)))
    }
    out: dict[EffortKey, tuple[int, int]] = {}
    for key, (known, count) in estimated.items():
        place = (names[key[0]], section_path(paths.get(key[1])), key[2])
        before = out.get(place, (0, 0))  # two sections with one path: one progress place
        out[place] = (before[0] + known, before[1] + count)
    return out


def minutes_of(conn: Connection, resource_ids: Iterable[int]) -> dict[int, int]:
    """The minutes (the reader's own first, else the fetched estimate) of these resources, where known."""
    ids = list(set(resource_ids))
    minutes = func.coalesce(item_metadata.c.user_minutes, item_metadata.c.effort_minutes)
    out: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        q = select(item_metadata.c.resource_id, minutes).where(
            item_metadata.c.resource_id.in_(ids[start : start + _CHUNK]), minutes.is_not(None)
        )
        out.update({r[0]: int(r[1]) for r in conn.execute(q)})
    return out


# --- link checks -------------------------------------------------------------------------------------------


def save_link_checks(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    ids = [r["resource_id"] for r in rows]
    for start in range(0, len(ids), _CHUNK):
        conn.execute(delete(link_checks).where(link_checks.c.resource_id.in_(ids[start : start + _CHUNK])))
    conn.execute(insert(link_checks), [dict(r) for r in rows])


def load_link_checks(conn: Connection, resource_ids: Iterable[int] | None = None) -> list[LinkCheck]:
    from readinglist.types import LinkCheck

    q = select(
        link_checks,
        resources.c.title,
        resources.c.url.label("r_url"),
        resources.c.canonical_url,
        resources.c.kind,
    ).join(resources, resources.c.id == link_checks.c.resource_id)
    ids = None if resource_ids is None else list(set(resource_ids))
    rows = []
    if ids is None:
        rows = list(conn.execute(q.order_by(link_checks.c.resource_id)))
    else:
        for start in range(0, len(ids), _CHUNK):
            rows.extend(conn.execute(q.where(link_checks.c.resource_id.in_(ids[start : start + _CHUNK]))))
    return [
        LinkCheck(
            item=Item(
                id=r.resource_id,
                title=r.title,
                url=r.r_url,
                canonical_url=r.canonical_url,
                kind=Kind(r.kind) if r.kind else None,
            ),
            url=r.url,
            outcome=r.outcome,
            http_status=r.http_status,
            new_url=r.new_url,
            archive_url=r.archive_url,
            error=r.error,
            checked_at=_aware(r.checked_at),
        )
        for r in rows
    ]


def apply_redirect(
    conn: Connection, resource_id: int, old_url: str, new_url: str, new_key: str, now: dt.datetime
) -> bool:
    """Point a resource at the new home of its link (a permanent redirect ``check`` found); False when the resource
    or its link changed since the check.

    The link to open changes and the resource's identity (its key and canonical URL) stays, so its progress, the
    old URL and the lists that still say the old URL keep finding it; the new URL's key becomes an alias of the
    resource (unless another resource already has that key), so the new URL finds it too, and a list that switches
    to it stays on the same resource. The stored check now describes the new link.
    """
    done = conn.execute(
        update(resources).where(resources.c.id == resource_id, resources.c.url == old_url).values(url=new_url)
    )
    if not done.rowcount:
        return False
    taken = conn.execute(select(resources.c.id).where(resources.c.key == new_key).limit(1)).first()
    known = conn.execute(select(resource_aliases.c.key).where(resource_aliases.c.key == new_key)).first()
    if taken is None and known is None:
        conn.execute(insert(resource_aliases).values(key=new_key, resource_id=resource_id, created_at=now))
    conn.execute(
        update(link_checks)
        .where(link_checks.c.resource_id == resource_id)
        .values(url=new_url, outcome="ok", new_url=None, error=None)
    )
    return True


def archive_links(conn: Connection, resource_ids: Iterable[int]) -> dict[int, str]:
    """The Wayback copies of these resources' dead links (the fallback link to show instead)."""
    ids = list(set(resource_ids))
    out: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        q = select(link_checks.c.resource_id, link_checks.c.archive_url).where(
            link_checks.c.resource_id.in_(ids[start : start + _CHUNK]), link_checks.c.archive_url.is_not(None)
        )
        out.update({r.resource_id: r.archive_url for r in conn.execute(q)})
    return out


def target(conn: Connection, resource_id: int) -> Target | None:
    """One resource as a :class:`Target` (whether or not a list holds it now)."""
    q = (
        select(
            resources.c.id,
            resources.c.title,
            resources.c.url,
            resources.c.canonical_url,
            resources.c.kind,
            resources.c.author,
            item_metadata.c.status,
            item_metadata.c.fetched_at,
        )
        .outerjoin(item_metadata, item_metadata.c.resource_id == resources.c.id)
        .where(resources.c.id == resource_id)
    )
    r = conn.execute(q).first()
    if r is None:
        return None
    return Target(
        item=_item(r),
        author=r.author,
        note=None,
        status=r.status,
        fetched_at=_aware(r.fetched_at),
        checked_at=None,
    )
