"""SQL for tags: a reader's own labels on resources, one row per (profile, resource, tag)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, func, insert, select

from readinglist.storage.schema import tags


def add(conn: Connection, pid: int, resource_ids: Iterable[int], names: Iterable[str]) -> int:
    """Tag the resources; tags they already have are left alone. Returns the number of tags added."""
    ids, wanted = list(dict.fromkeys(resource_ids)), list(dict.fromkeys(names))
    if not ids or not wanted:
        return 0
    have = set(
        conn.execute(
            select(tags.c.resource_id, tags.c.tag).where(
                tags.c.profile_id == pid, tags.c.resource_id.in_(ids), tags.c.tag.in_(wanted)
            )
        ).all()
    )
    rows = [
        {"profile_id": pid, "resource_id": rid, "tag": t}
        for rid in ids
        for t in wanted
        if (rid, t) not in have
    ]
    if rows:
        conn.execute(insert(tags), rows)
    return len(rows)


def remove(conn: Connection, pid: int, resource_ids: Iterable[int], names: Iterable[str]) -> int:
    result = conn.execute(
        delete(tags).where(
            tags.c.profile_id == pid, tags.c.resource_id.in_(list(resource_ids)), tags.c.tag.in_(list(names))
        )
    )
    return result.rowcount or 0


def tagged(conn: Connection, pid: int, name: str) -> set[int]:
    """Resources carrying the tag."""
    return set(
        conn.execute(select(tags.c.resource_id).where(tags.c.profile_id == pid, tags.c.tag == name)).scalars()
    )


def tags_of(
    conn: Connection, pid: int, resource_ids: Sequence[int] | None = None
) -> dict[int, tuple[str, ...]]:
    """Each resource's tags, sorted (all the profile's tagged resources when ``resource_ids`` is None)."""
    q = select(tags.c.resource_id, tags.c.tag).where(tags.c.profile_id == pid).order_by(tags.c.tag)
    out: dict[int, list[str]] = {}
    if resource_ids is None:
        chunks: list[list[int] | None] = [None]
    else:
        ids = list(resource_ids)
        chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        rows = conn.execute(q if chunk is None else q.where(tags.c.resource_id.in_(chunk))).all()
        for rid, tag in rows:
            out.setdefault(rid, []).append(tag)
    return {rid: tuple(names) for rid, names in out.items()}


def counts(conn: Connection, pid: int) -> dict[str, int]:
    rows = conn.execute(
        select(tags.c.tag, func.count())
        .where(tags.c.profile_id == pid)
        .group_by(tags.c.tag)
        .order_by(tags.c.tag)
    ).all()
    return {tag: int(n) for tag, n in rows}
