"""Writing a parsed list into the database: resources resolved by identity, sections, entries, a version.

Everything here runs inside the caller's transaction, so an import is all or nothing. ``place_items`` is shared by
first imports, syncs and feed pulls: it is the one place where a line of a list becomes (or finds) a resource.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection

from readinglist import identity
from readinglist.kinds import infer_kind
from readinglist.storage import lists as db
from readinglist.types import ItemToImport, ListToImport


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slugify(text: str) -> str:
    """``"Elicit Machine Learning Reading List"`` -> ``"elicit-machine-learning-reading-list"``."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return slug[:80] or "list"


def default_name(lst: ListToImport, filename: str | None) -> str:
    """A name for a list the user did not name: the list's own, the file's stem, or the title."""
    if lst.name:
        return slugify(lst.name)
    stem = PurePath(filename).stem if filename else ""
    if stem and not stem.lower().startswith(("readme", "index", "list")) and "." not in stem:
        return slugify(stem)
    if lst.title:
        return slugify(lst.title)
    return slugify(stem) if stem else "list"


def drop_unsafe_links(lst: ListToImport) -> ListToImport:
    """``lst`` without the links :mod:`readinglist.safety` refuses (``javascript:``, ``data:``...), one warning each.

    Every list, from any importer, file or URL, passes here on its way in (``Library._read_source``).
    """
    from readinglist.safety import check_link

    items: list[ItemToImport] = []
    warnings: list[str] = []
    for item in lst.items:
        url, reason = check_link(item.url)
        if reason:
            warnings.append(f"{item.title!r}: link dropped ({reason})")
        kept = []
        for link in item.links:
            link_url, link_reason = check_link(link.url)
            if link_url is None:
                warnings.append(f"{item.title!r}: link {link.title!r} dropped ({link_reason})")
            else:
                kept.append(link if link_url == link.url else replace(link, url=link_url))
        if url != item.url or len(kept) != len(item.links):
            item = replace(item, url=url, links=tuple(kept))
        items.append(item)
    if not warnings:
        return lst
    return replace(lst, items=tuple(items), warnings=(*lst.warnings, *warnings))


Prepared = tuple[list[tuple[str, str]], list[Any]]
"""What :func:`prepare` computes: each item's (resource key, title key) and kind."""


def prepare_keys(items: Sequence[ItemToImport]) -> list[tuple[str, str]]:
    """Each item's identity: (resource key, title key)."""
    return [(identity.resource_key(i.url, i.title), identity.title_key(i.title)) for i in items]


def prepare(items: Sequence[ItemToImport]) -> Prepared:
    """The pure, slow part of resolving items (URL canonicalisation, kind inference), done before the caller opens
    its write transaction so that other writers are blocked only while rows are written."""
    return prepare_keys(items), [i.kind or infer_kind(i.url, i.title) for i in items]


def resolve_resources(
    conn: Connection,
    items: Sequence[ItemToImport],
    now: dt.datetime,
    prepared: Prepared | None = None,
    new_ids: set[int] | None = None,
) -> tuple[list[int], int]:
    """The resource id of each item, creating missing resources; returns (ids, number created).

    ``new_ids``, when given, receives the ids of the resources created (their rows are the items' own values)."""
    keyed = prepared[0] if prepared is not None else prepare_keys(items)
    keys = [k for k, _ in keyed]
    existing = db.existing_resources(conn, keys)
    existing += by_title(conn, items, keys, existing, [t for _, t in keyed])
    plan = identity.assign(items, existing, keyed=keyed)
    new_rows: list[dict[str, Any]] = []
    new_groups: list[int] = []
    seen_groups: set[int] = set()
    for n, (item, (key, tkey, found, group)) in enumerate(zip(items, plan)):
        if found is None and group not in seen_groups:
            seen_groups.add(group)
            new_groups.append(group)
            kind = prepared[1][n] if prepared is not None else item.kind or infer_kind(item.url, item.title)
            new_rows.append(
                {
                    "key": key,
                    "title_key": tkey,
                    "url": item.url,
                    "canonical_url": None if key.startswith("title:") else key,
                    "title": item.title,
                    "kind": kind.value if kind else None,
                    "author": item.author,
                    "published": item.published,
                    "created_at": now,
                }
            )
    created = dict(zip(new_groups, db.create_resources(conn, new_rows)))
    if new_ids is not None:
        new_ids.update(created.values())
    ids = [found if found is not None else created[group] for (_, _, found, group) in plan]
    kinds = {rid: i.kind.value for rid, i in zip(ids, items) if i.kind is not None}
    if kinds:
        db.fill_resource_kinds(conn, kinds)
    return ids, len(new_rows)


def by_title(
    conn: Connection,
    items: Sequence[ItemToImport],
    keys: Sequence[str],
    existing: Sequence[identity.Existing],
    title_keys: Sequence[str] | None = None,
) -> list[identity.Existing]:
    """Identity across the link / no-link divide, by normalised title, for keys no resource has yet.

    An item without a link takes the one resource with its title key (a paper another list links), so marking it
    read once counts in both lists. An item with a link whose URL is new takes the one link-less resource with its
    title key and gives it the URL (a later list, sync or enrichment attaching the link keeps the progress).
    Ambiguous titles (several resources) match nothing.
    """
    known = {e.key for e in existing}
    if title_keys is None:
        title_keys = [identity.title_key(item.title) for item in items]
    wanted = {tkey: key for tkey, key in zip(title_keys, keys) if key not in known}
    wanted.pop("", None)
    if not wanted:
        return []
    found = db.resources_by_title_key(conn, wanted)
    out: list[identity.Existing] = []
    taken: set[int] = set()
    for item, key, tkey in zip(items, keys, title_keys):
        candidates = found.get(tkey, [])
        if key in known or not tkey or not candidates:
            continue
        if key.startswith("title:"):
            ids = {rid for rid, _ in candidates}
            if len(ids) == 1:
                out.append(identity.Existing(candidates[0][0], key, tkey))
                known.add(key)
        else:
            linkless = [rid for rid, rkey in candidates if rkey == "title:" + tkey and rid not in taken]
            if len(linkless) == 1 and item.url:
                db.attach_url(conn, linkless[0], key, item.url)
                taken.add(linkless[0])
                out.append(identity.Existing(linkless[0], key, tkey))
                known.add(key)
    return out


def entry_row(
    item: ItemToImport,
    *,
    list_id: int,
    resource_id: int,
    section_id: int | None,
    position: int,
    now: dt.datetime,
) -> dict[str, Any]:
    """The database row of one entry."""
    links = [{"title": link.title, "url": link.url} for link in item.links]
    return {
        "list_id": list_id,
        "section_id": section_id,
        "resource_id": resource_id,
        "position": position,
        "tier": item.tier,
        "tier_label": item.tier_label,
        "title": item.title,
        "url": item.url,
        "note": item.note,
        "description": item.description,
        "links": json.dumps(links, ensure_ascii=False) if links else None,
        "new": bool(item.new),
        "retired": bool(item.retired),
        "added_at": now,
        "updated_at": now,
    }


def list_values(lst: ListToImport, *, location: str | None, digest: str, now: dt.datetime) -> dict[str, Any]:
    """The ``lists`` columns that describe the imported version."""
    return {
        "title": lst.title,
        "description": lst.description,
        "source": location,
        "format": lst.format,
        "next_list": lst.next_list,
        "source_date": lst.date,
        "revision": lst.revision,
        "content_hash": digest,
        "imported_at": now,
    }


def create_list(
    conn: Connection,
    name: str,
    lst: ListToImport,
    *,
    location: str | None,
    digest: str,
    now: dt.datetime,
    prepared: Prepared | None = None,
) -> tuple[int, list[int], int]:
    """Write a new list; returns (list id, resource id per item, resources created)."""
    list_id = db.create_list(
        conn, dict(list_values(lst, location=location, digest=digest, now=now), name=name, created_at=now)
    )
    section_ids = db.ensure_sections(conn, list_id, lst.section_order())
    resource_ids, created = resolve_resources(conn, lst.items, now, prepared)
    rows = (  # generated: the storage layer writes them in batches, never all at once
        entry_row(
            item,
            list_id=list_id,
            resource_id=rid,
            section_id=section_ids.get(item.section) if item.section else None,
            position=position,
            now=now,
        )
        for position, (item, rid) in enumerate(zip(lst.items, resource_ids))
    )
    count = db.insert_entries(conn, rows)
    db.record_version(
        conn,
        list_id,
        {
            "imported_at": now,
            "source": location,
            "revision": lst.revision,
            "source_date": lst.date,
            "content_hash": digest,
            "entry_count": count,
        },
        summary={"added": count, "first_import": True},
    )
    return list_id, resource_ids, created


def imported_progress(lst: ListToImport, resource_ids: Sequence[int]) -> Mapping[int, ItemToImport]:
    """Items that carry progress of their own (our exports, Goodreads shelves), by resource id."""
    return {
        rid: item
        for item, rid in zip(lst.items, resource_ids)
        if item.status is not None or item.rating is not None or item.progress_note
    }
