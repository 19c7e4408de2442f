"""Applying a sync plan through the storage layer, in the caller's transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from readinglist import identity, importing
from readinglist.origins import LISTED
from readinglist.sync.changes import RELINKED, RETITLED, SyncReport
from readinglist.sync.diff import Plan, Stored, _details
from readinglist.types import ItemToImport, ListToImport


def apply(
    conn: Any,
    list_id: int,
    plan: Plan,
    new: ListToImport,
    result: SyncReport,
    with_progress: set[int],
    *,
    location: str | None,
    digest: str,
    now: dt.datetime,
    carry: Callable[[Any, dict[int, int], bool], Any] | None = None,
) -> SyncReport:
    """Write ``plan`` in the caller's transaction: sections, entries, carried progress, list row, version.

    ``carry`` (see :func:`readinglist.sync.run`) merges the progress the new items carry; the report returned is
    ``result`` with its outcome.
    """
    from readinglist.storage import lists as db

    items = new.items
    for sid, path in _section_rows(db.section_ids(conn, list_id)):
        mapped = plan.mapped(path)
        if mapped != path:
            db.rename_section(conn, sid, mapped)
    section_ids = db.ensure_sections(conn, list_id, new.section_order())

    def sid_of(path: tuple[str, ...]) -> int | None:
        return section_ids.get(path) if path else None

    resource_of = _resolve_new(conn, plan, items, now)
    carried: list[tuple[int, int]] = []
    item_resources = dict(resource_of)
    updates = []
    for m in plan.matches:
        item = items[m.index]
        rid = m.old.resource_id
        if m.how == RELINKED:
            rid = resource_of[m.index]
            carried.append((m.old.resource_id, rid))
        item_resources[m.index] = rid
        if m.how == RETITLED and m.old.resource_title_key == identity.title_key(m.old.title):
            db.retitle_resource(
                conn, rid, item.title, identity.title_key(item.title), identity.title_key(m.old.title)
            )
        row = importing.entry_row(
            item, list_id=list_id, resource_id=rid, section_id=sid_of(item.section), position=m.index, now=now
        )
        row.pop("list_id")
        row.pop("added_at")
        if m.old.own:  # the source lists the work the reader had added: the entry is the source's from now on
            row["origin"] = LISTED
        if m.old.own or _changed(m.old, row):
            updates.append(dict(row, entry_id=m.old.id))
    db.update_entries(conn, updates)
    db.insert_entries(
        conn,
        [
            importing.entry_row(
                items[i],
                list_id=list_id,
                resource_id=resource_of[i],
                section_id=sid_of(items[i].section),
                position=i,
                now=now,
            )
            for i in plan.added
        ],
    )
    carried += [(e.resource_id, _target(plan, idx, resource_of)) for e, idx in plan.merged]
    to_delete = [e.id for e, _ in plan.merged]
    after_items = []  # entries placed after the new list's items: retired ones, then the reader's own
    keep = sorted((e for e in plan.gone), key=lambda e: (e.position, e.id))
    for e in keep:
        if e.retired or e.resource_id in with_progress:
            after_items.append({"entry_id": e.id, "retired": True, "position": len(items) + len(after_items)})
        else:
            to_delete.append(e.id)
    start = len(items) + len(after_items)  # the reader's own entries keep their order
    after_items += [{"entry_id": e.id, "position": start + n} for n, e in enumerate(plan.kept) if e.position != start + n]
    db.update_entries(conn, after_items)
    db.delete_entries(conn, to_delete)
    if carried:
        db.carry_progress(conn, carried, now)
    if carry is not None:
        result = dataclasses.replace(result, progress=carry(conn, item_resources, True))
    db.prune_sections(conn, list_id)
    db.update_list(conn, list_id, importing.list_values(new, location=location, digest=digest, now=now))
    db.record_version(
        conn,
        list_id,
        {
            "imported_at": now,
            "source": location,
            "revision": new.revision,
            "source_date": new.date,
            "content_hash": digest,
            "entry_count": len(items),
        },
        summary=result.to_dict(),
    )
    return result


def planned_resources(conn: Any, plan: Plan, items: Sequence[ItemToImport]) -> dict[int, int]:
    """What :func:`apply` would give as the resource of each item, read-only (for a dry run's progress counts).

    Matched items keep their entry's resource; relinked and added items take an existing resource with their key
    when there is one; an item whose resource does not exist yet gets a negative stand-in id (no progress on it).
    """
    from readinglist.storage import lists as db

    out = {m.index: m.old.resource_id for m in plan.matches if m.how != RELINKED}
    wanted = [i for i in range(len(items)) if i not in out]
    keys = {i: identity.resource_key(items[i].url, items[i].title) for i in wanted}
    found = {e.key: e.id for e in db.existing_resources(conn, keys.values())}
    for i in wanted:
        out[i] = found.get(keys[i], -1 - i)
    return out


def _section_rows(ids: Mapping[tuple[str, ...], int]) -> list[tuple[int, tuple[str, ...]]]:
    return [(sid, path) for path, sid in ids.items()]


def _target(plan: Plan, idx: int, resource_of: Mapping[int, int]) -> int:
    """The resource of new item ``idx`` (matched or added)."""
    if idx in resource_of:
        return resource_of[idx]
    for m in plan.matches:
        if m.index == idx:
            return resource_of.get(idx, m.old.resource_id)
    raise AssertionError(f"item {idx} is neither matched nor added")  # pragma: no cover


def _resolve_new(conn: Any, plan: Plan, items: Sequence[ItemToImport], now: dt.datetime) -> dict[int, int]:
    """Resource ids for added and relinked items, resolved together with the items sharing their URL.

    Passing the siblings (items of the new list with the same resource key) keeps identity's "one URL under two
    titles is two resources" rule intact: a third title for a reused link does not fall onto the first title's
    resource.
    """
    wanted = set(plan.added) | {m.index for m in plan.matches if m.how == RELINKED}
    if not wanted:
        return {}
    keys = [identity.resource_key(i.url, i.title) for i in items]
    wanted_keys = {keys[i] for i in wanted}
    context = [i for i in range(len(items)) if keys[i] in wanted_keys]
    ids, _ = importing.resolve_resources(conn, [items[i] for i in context], now)
    return {i: rid for i, rid in zip(context, ids) if i in wanted}


def _changed(old: Stored, row: Mapping[str, Any]) -> bool:
    links = json.loads(row["links"]) if row["links"] else []
    old_links = [{"title": link.title, "url": link.url} for link in old.links]
    return (
        old.retired
        or old.position != row["position"]
        or old.tier != row["tier"]
        or old.resource_id != row["resource_id"]
        or old.section_id != row["section_id"]
        or _details(old)[:4] != (row["title"], row["url"], row["note"], row["description"])
        or old_links != links
        or bool(old.new) != bool(row["new"])
        or old.tier_label != row["tier_label"]
    )
