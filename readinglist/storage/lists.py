"""SQL for lists, their versions, sections, resources and entries.

Every function takes an open :class:`~sqlalchemy.Connection` (the caller owns the transaction) and speaks in
plain values or the public types, so nothing above the storage layer sees SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, update

from readinglist.storage import totals
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
from readinglist.types import Entry, Item, Kind, Link, ListInfo, Status

if TYPE_CHECKING:
    from readinglist.identity import Existing

# --- lists -------------------------------------------------------------------------------------------------


def _list_info(row: Any, count: int = 0) -> ListInfo:
    return ListInfo(
        id=row.id,
        name=row.name,
        title=row.title,
        source=row.source,
        format=row.format,
        revision=row.revision,
        content_hash=row.content_hash,
        imported_at=_aware(row.imported_at),
        source_date=row.source_date,
        description=row.description,
        next_list=row.next_list,
        entry_count=count,
        base_url=row.base_url,
        tiers=row.tiers,
    )


def _counts(conn: Connection) -> dict[int, int]:
    q = select(group_totals.c.list_id, func.sum(group_totals.c.total)).group_by(group_totals.c.list_id)
    return {lid: int(n) for lid, n in conn.execute(q)}


def list_id(conn: Connection, name: str) -> int | None:
    """The id of list ``name`` (None when there is none): a lookup by its unique name, no counting."""
    return conn.execute(select(lists.c.id).where(lists.c.name == name)).scalar()


def find_list(conn: Connection, name: str) -> ListInfo | None:
    row = conn.execute(select(lists).where(lists.c.name == name)).first()
    if row is None:
        return None
    count = conn.execute(
        select(func.coalesce(func.sum(group_totals.c.total), 0)).where(group_totals.c.list_id == row.id)
    ).scalar_one()
    return _list_info(row, count)


def all_lists(conn: Connection) -> list[ListInfo]:
    counts = _counts(conn)
    rows = conn.execute(select(lists).order_by(lists.c.id)).all()
    return [_list_info(r, counts.get(r.id, 0)) for r in rows]


def create_list(conn: Connection, values: Mapping[str, Any]) -> int:
    return conn.execute(insert(lists).returning(lists.c.id), [dict(values)]).scalar_one()


def update_list(conn: Connection, list_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(update(lists).where(lists.c.id == list_id).values(**values))


def delete_list(conn: Connection, list_id: int) -> None:
    conn.execute(delete(group_totals).where(group_totals.c.list_id == list_id))
    conn.execute(delete(entries).where(entries.c.list_id == list_id))
    conn.execute(update(sections).where(sections.c.list_id == list_id).values(parent_id=None))
    conn.execute(delete(sections).where(sections.c.list_id == list_id))
    conn.execute(delete(list_versions).where(list_versions.c.list_id == list_id))
    conn.execute(delete(lists).where(lists.c.id == list_id))


def record_version(conn: Connection, list_id: int, values: Mapping[str, Any], summary: Any = None) -> None:
    row = dict(values, list_id=list_id, summary=json.dumps(summary) if summary is not None else None)
    conn.execute(insert(list_versions), [row])


def versions(conn: Connection, list_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(list_versions).where(list_versions.c.list_id == list_id).order_by(list_versions.c.id)
    ).all()
    out = []
    for r in rows:
        d = dict(r._mapping)
        d["imported_at"] = _aware(d["imported_at"])
        d["summary"] = json.loads(d["summary"]) if d["summary"] else None
        out.append(d)
    return out


# --- sections ----------------------------------------------------------------------------------------------


def section_ids(conn: Connection, list_id: int) -> dict[tuple[str, ...], int]:
    rows = conn.execute(select(sections.c.id, sections.c.path).where(sections.c.list_id == list_id)).all()
    return {tuple(json.loads(r.path)): r.id for r in rows}


def ensure_sections(
    conn: Connection, list_id: int, paths: Sequence[tuple[str, ...]]
) -> dict[tuple[str, ...], int]:
    """Make sure every path (and its parents) exists, ordered as given; returns path -> id for all sections."""
    known = section_ids(conn, list_id)
    for position, path in enumerate(paths):
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub in known:
                continue
            parent = known.get(sub[:-1]) if depth > 1 else None
            known[sub] = conn.execute(
                insert(sections).returning(sections.c.id),
                [
                    {
                        "list_id": list_id,
                        "parent_id": parent,
                        "title": sub[-1],
                        "path": json.dumps(list(sub), ensure_ascii=False),
                        "position": position,
                    }
                ],
            ).scalar_one()
    order = {p: i for i, p in enumerate(paths)}
    updates = [{"sid": sid, "pos": order[p]} for p, sid in known.items() if p in order]
    if updates:
        from sqlalchemy import bindparam

        conn.execute(
            update(sections).where(sections.c.id == bindparam("sid")).values(position=bindparam("pos")),
            updates,
        )
    return known


def rename_section(conn: Connection, section_id: int, new_path: tuple[str, ...]) -> None:
    conn.execute(
        update(sections)
        .where(sections.c.id == section_id)
        .values(title=new_path[-1], path=json.dumps(list(new_path), ensure_ascii=False))
    )


def prune_sections(conn: Connection, list_id: int) -> None:
    """Delete sections that hold no entry and have no child section (repeatedly, leaves first)."""
    while True:
        used = select(entries.c.section_id).where(
            entries.c.list_id == list_id, entries.c.section_id.is_not(None)
        )
        parents = select(sections.c.parent_id).where(
            sections.c.list_id == list_id, sections.c.parent_id.is_not(None)
        )
        gone = conn.execute(
            delete(sections).where(
                sections.c.list_id == list_id,
                sections.c.id.not_in(used),
                sections.c.id.not_in(parents),
            )
        ).rowcount
        if not gone:
            return


# --- resources ---------------------------------------------------------------------------------------------


def existing_resources(conn: Connection, keys: Iterable[str]) -> list[Existing]:
    from readinglist.identity import Existing  # (imports only: identity brings URL canonicalisation along)

    keys = list(set(keys))
    out: list[Existing] = []
    query = select(resources.c.id, resources.c.key, resources.c.title_key).where(
        resources.c.key.in_(bindparam("keys", expanding=True))  # compiled once, not coerced value by value
    )
    aliased = (
        select(resource_aliases.c.resource_id, resource_aliases.c.key, resources.c.title_key)
        .join(resources, resources.c.id == resource_aliases.c.resource_id)
        .where(resource_aliases.c.key.in_(bindparam("keys", expanding=True)))
    )
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = conn.execute(query, {"keys": chunk}).all()
        out.extend(Existing(r.id, r.key, r.title_key) for r in rows)
        # a key a resource's link moved to (an applied redirect) names that resource too
        out.extend(Existing(r.resource_id, r.key, r.title_key) for r in conn.execute(aliased, {"keys": chunk}))
    return out


def create_resources(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert resources; returns their ids in the order of ``rows``.

    SQLite cannot return ids of a multi-row insert in parameter order, so SQLAlchemy would send one INSERT per
    row; there the rows go in with one ``executemany`` and their ids are read back: inside the write transaction
    the new rows are exactly those above the largest id before it, in insertion order.
    """
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        before = conn.execute(select(func.max(resources.c.id))).scalar() or 0
        for batch in _batches(rows):
            conn.execute(insert(resources), batch)
        ids = list(
            conn.execute(select(resources.c.id).where(resources.c.id > before).order_by(resources.c.id)).scalars()
        )
        if len(ids) != len(rows):  # pragma: no cover - another writer cannot interleave inside our transaction
            raise RuntimeError("resource ids could not be read back after insert")
        return ids
    out: list[int] = []
    for batch in _batches(rows):
        result = conn.execute(insert(resources).returning(resources.c.id, sort_by_parameter_order=True), batch)
        out.extend(r[0] for r in result)
    return out


def fill_resource_kinds(conn: Connection, kinds: Mapping[int, str]) -> None:
    """Give resources without a kind the kind a later list knows."""
    from sqlalchemy import bindparam

    if kinds:
        conn.execute(
            update(resources)
            .where(resources.c.id == bindparam("rid"), resources.c.kind.is_(None))
            .values(kind=bindparam("k")),
            [{"rid": rid, "k": kind} for rid, kind in kinds.items()],
        )


# --- entries -----------------------------------------------------------------------------------------------


BATCH = 2000
"""Rows per ``executemany``: large writes stream in batches instead of holding every row at once."""


def _batches(rows: Iterable[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def insert_entries(conn: Connection, rows: Iterable[Mapping[str, Any]], *, add_counts: bool = False) -> int:
    """Insert entries (any iterable, consumed in batches); returns how many. Past one batch, the search index
    is written once for all of them (:func:`readinglist.storage.search.bulk_entries`).

    ``add_counts``: add the rows to their groups' counts now (:func:`totals.added`: a few rows appended to a big
    list, as a feed pull does) instead of counting their lists again at commit."""
    from readinglist.storage.search import bulk_entries

    def recount(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        totals.touch(conn, {row["list_id"] for row in rows})

    count_them = totals.added if add_counts else recount
    batches = _batches(rows)
    first = next(batches, None)
    if first is None:
        return 0
    if len(first) < BATCH:
        conn.execute(insert(entries), first)
        count_them(conn, first)
        return len(first)
    count = 0
    with bulk_entries(conn):
        for batch in itertools.chain([first], batches):
            conn.execute(insert(entries), batch)
            count_them(conn, batch)
            count += len(batch)
    return count


def update_entries(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Update entries by id: each row has ``entry_id`` plus the columns to set (the same columns in every row)."""
    from sqlalchemy import bindparam

    totals.touch_entries(conn, [row["entry_id"] for row in rows])
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        cols = tuple(sorted(k for k in row if k != "entry_id"))
        by_columns.setdefault(cols, []).append(
            {("b_" + k if k != "entry_id" else k): v for k, v in row.items()}
        )
    for cols, batch in by_columns.items():
        stmt = (
            update(entries)
            .where(entries.c.id == bindparam("entry_id"))
            .values(**{c: bindparam("b_" + c) for c in cols})
        )
        conn.execute(stmt, batch)


def delete_entries(conn: Connection, ids: Sequence[int]) -> None:
    ids = list(ids)
    totals.touch_entries(conn, ids)
    for start in range(0, len(ids), 500):
        conn.execute(delete(entries).where(entries.c.id.in_(ids[start : start + 500])))


def entry_columns() -> tuple[Any, ...]:
    """The columns :func:`row_to_entry` reads: an entry with its list, section, resource and progress."""
    return (
        entries,
        lists.c.name.label("list_name"),
        sections.c.path.label("section_path"),
        resources.c.title.label("r_title"),
        resources.c.url.label("r_url"),
        resources.c.canonical_url.label("r_canonical"),
        resources.c.kind.label("r_kind"),
        resources.c.author.label("r_author"),
        resources.c.published.label("r_published"),
        progress.c.status.label("p_status"),
        progress.c.rating.label("p_rating"),
        progress.c.note.label("p_note"),
        progress.c.updated_at.label("p_updated"),
    )


def entry_query(profile_id: int) -> Any:
    """SELECT of :func:`entry_columns`: entries joined to their list, resource, section and the profile's progress."""
    return (
        select(*entry_columns())
        .join(lists, lists.c.id == entries.c.list_id)
        .join(resources, resources.c.id == entries.c.resource_id)
        .outerjoin(sections, sections.c.id == entries.c.section_id)
        .outerjoin(
            progress,
            and_(progress.c.resource_id == entries.c.resource_id, progress.c.profile_id == profile_id),
        )
    )


def load_entries(
    conn: Connection,
    profile_id: int,
    *,
    list_ids: Sequence[int] | None = None,
    include_retired: bool = False,
    resource_ids: Sequence[int] | None = None,
) -> list[Entry]:
    """Entries with their resource and this profile's progress, ordered by list then position."""
    q = entry_query(profile_id).order_by(entries.c.list_id, entries.c.position)
    if list_ids is not None:
        q = q.where(entries.c.list_id.in_(list(list_ids)))
    if not include_retired:
        q = q.where(entries.c.retired.is_(False))
    if resource_ids is not None:
        q = q.where(entries.c.resource_id.in_(list(resource_ids)))
    return [row_to_entry(r) for r in conn.execute(q)]


@functools.lru_cache(maxsize=65536)
def section_path(stored: str | None) -> tuple[str, ...]:
    """A section's stored JSON path as a tuple (sections are few and shared by many entries: parsed once)."""
    return tuple(json.loads(stored)) if stored else ()


_STATUSES = {s.value: s for s in Status}
_KINDS = {k.value: k for k in Kind}


def row_to_entry(r: Any) -> Entry:
    """An :class:`Entry` from a row of :func:`entry_columns`."""
    item = Item(
        id=r.resource_id,
        title=r.r_title,
        url=r.r_url,
        canonical_url=r.r_canonical,
        kind=_KINDS.get(r.r_kind) if r.r_kind else None,
    )
    links = tuple(Link(d["title"], d["url"]) for d in json.loads(r.links)) if r.links else ()
    return Entry(
        id=r.id,
        list_name=r.list_name,
        item=item,
        title=r.title,
        section=section_path(r.section_path),
        tier=r.tier,
        tier_label=r.tier_label,
        position=r.position,
        status=_STATUSES[r.p_status] if r.p_status else Status.UNREAD,
        note=r.note,
        description=r.description,
        links=links,
        new=bool(r.new),
        retired=bool(r.retired),
        rating=r.p_rating,
        progress_note=r.p_note,
        updated_at=_aware(r.p_updated),
        author=r.r_author,
        published=r.r_published,
        list_url=r.url,
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


# --- sync --------------------------------------------------------------------------------------------------


def sync_entries(conn: Connection, list_id: int) -> list[dict[str, Any]]:
    """Every entry of a list, retired ones included, as plain values for :mod:`readinglist.sync`."""
    q = (
        select(entries, sections.c.path.label("section_path"), resources.c.title_key.label("r_title_key"))
        .join(resources, resources.c.id == entries.c.resource_id)
        .outerjoin(sections, sections.c.id == entries.c.section_id)
        .where(entries.c.list_id == list_id)
        .order_by(entries.c.position, entries.c.id)
    )
    out = []
    for r in conn.execute(q):
        d = dict(r._mapping)
        d["section"] = tuple(json.loads(d.pop("section_path"))) if d.get("section_path") else ()
        d["links"] = tuple(Link(x["title"], x["url"]) for x in json.loads(d["links"])) if d["links"] else ()
        d["new"], d["retired"] = bool(d["new"]), bool(d["retired"])
        out.append(d)
    return out


_STATUS_RANK = {"unread": 0, "reading": 1, "skipped": 2, "read": 3}


def carry_progress(conn: Connection, pairs: Sequence[tuple[int, int]], now: dt.datetime) -> int:
    """Merge each profile's progress on resource ``a`` into resource ``b`` for every ``(a, b)``; returns rows written.

    Used when a list merges or relinks an entry: ``b`` keeps its own status unless ``a``'s is further along
    (unread < reading < skipped < read), its rating unless it has none, and notes are joined. ``a``'s own rows
    stay as they are (other lists may hold ``a``). No event is written: the reader did not change anything, so
    ``undo`` keeps taking back the reader's own marks.
    """
    written = 0
    for a, b in pairs:
        if a == b:
            continue
        rows = conn.execute(select(progress).where(progress.c.resource_id.in_([a, b]))).all()
        theirs = {r.profile_id: r for r in rows if r.resource_id == a}
        mine = {r.profile_id: r for r in rows if r.resource_id == b}
        for pid, src in theirs.items():
            dst = mine.get(pid)
            if dst is None:
                values = {
                    k: getattr(src, k) for k in ("status", "rating", "note", "started_at", "finished_at")
                }
                conn.execute(
                    insert(progress), [{"profile_id": pid, "resource_id": b, **values, "updated_at": now}]
                )
                written += 1
                continue
            merged: dict[str, Any] = {}
            if _STATUS_RANK.get(src.status, 0) > _STATUS_RANK.get(dst.status, 0):
                merged.update(status=src.status, started_at=src.started_at, finished_at=src.finished_at)
            if dst.rating is None and src.rating is not None:
                merged["rating"] = src.rating
            if src.note and src.note != dst.note and src.note not in (dst.note or ""):
                merged["note"] = f"{dst.note}\n{src.note}" if dst.note else src.note
            if merged:
                conn.execute(
                    update(progress)
                    .where(progress.c.profile_id == pid, progress.c.resource_id == b)
                    .values(**merged, updated_at=now)
                )
                written += 1
    return written


def retitle_resource(
    conn: Connection, resource_id: int, title: str, title_key: str, old_title_key: str
) -> None:
    """Fix a resource's title when a list fixed it (only while the resource still carries the old title)."""
    conn.execute(
        update(resources)
        .where(resources.c.id == resource_id, resources.c.title_key == old_title_key)
        .values(title=title, title_key=title_key)
    )


def entries_added_by_sync(conn: Connection, list_ids: Sequence[int] | None = None) -> set[int]:
    """Ids of active entries added to their list after its first import (by a sync)."""
    first = (
        select(list_versions.c.list_id, func.min(list_versions.c.imported_at).label("first_at"))
        .group_by(list_versions.c.list_id)
        .subquery()
    )
    q = (
        select(entries.c.id)
        .join(first, first.c.list_id == entries.c.list_id)
        .where(entries.c.added_at > first.c.first_at, entries.c.retired.is_(False))
    )
    if list_ids is not None:
        q = q.where(entries.c.list_id.in_(list(list_ids)))
    return {r[0] for r in conn.execute(q)}


# --- identity by title (items without links) -------------------------------------------------------------------


def resources_by_title_key(conn: Connection, title_keys: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """Resources whose title key is one of ``title_keys``: title key -> ``[(id, key)]`` in id order."""
    wanted = sorted({t for t in title_keys if t})
    out: dict[str, list[tuple[int, str]]] = {}
    query = (
        select(resources.c.id, resources.c.key, resources.c.title_key)
        .where(resources.c.title_key.in_(bindparam("keys", expanding=True)))
        .order_by(resources.c.id)
    )
    for start in range(0, len(wanted), 500):
        rows = conn.execute(query, {"keys": wanted[start : start + 500]}).all()
        for r in rows:
            out.setdefault(r.title_key, []).append((r.id, r.key))
    return out


def attach_url(conn: Connection, resource_id: int, key: str, url: str) -> None:
    """Give a resource known only by its title the link a later list gives it (its identity becomes the URL)."""
    conn.execute(
        update(resources).where(resources.c.id == resource_id).values(key=key, url=url, canonical_url=key)
    )
