"""SQL for feed subscriptions and the feed entries already seen."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from readinglist.origins import FROM_FEED
from readinglist.storage.lists import _aware
from readinglist.storage.schema import entries, feed_items, feeds, lists, resources
from readinglist.types import Feed, Item, Kind


def _feed(row: Any) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        title=row.title,
        list_name=row.list_name,
        section=tuple(json.loads(row.section)) if row.section else (),
        tier=row.tier,
        include=row.include,
        exclude=row.exclude,
        etag=row.etag,
        last_modified=row.last_modified,
        body_hash=row.body_hash,
        last_checked=_aware(row.last_checked),
        last_new=_aware(row.last_new),
        last_error=row.last_error,
        warning=row.warning,
        disabled=bool(row.disabled),
        retry_after=_aware(row.retry_after),
        placement=row.placement,
    )


def _select() -> Any:
    return select(feeds, lists.c.name.label("list_name")).join(lists, lists.c.id == feeds.c.list_id)


def all_feeds(conn: Connection) -> list[Feed]:
    return [_feed(r) for r in conn.execute(_select().order_by(feeds.c.id))]


def find_feed(conn: Connection, url: str) -> Feed | None:
    row = conn.execute(_select().where(feeds.c.url == url)).first()
    return _feed(row) if row else None


def add_feed(conn: Connection, values: Mapping[str, Any]) -> int:
    row = dict(values)
    if "section" in row:
        row["section"] = json.dumps(list(row["section"] or ()), ensure_ascii=False)
    row.setdefault("disabled", False)
    return conn.execute(insert(feeds).returning(feeds.c.id), [row]).scalar_one()


def update_feed(conn: Connection, feed_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))


def update_feeds(conn: Connection, changes: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    """Update many feeds: one executemany per set of changed columns (a round of 304s is one statement)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for feed_id, values in changes:
        columns = tuple(sorted(values))
        groups.setdefault(columns, []).append(
            {"_feed_id": feed_id, **{f"_{k}": v for k, v in values.items()}}
        )
    for columns, rows in groups.items():
        statement = (
            update(feeds)
            .where(feeds.c.id == bindparam("_feed_id"))
            .values({name: bindparam(f"_{name}") for name in columns})
        )
        conn.execute(statement, rows)


def delete_feed(conn: Connection, feed_id: int) -> None:
    conn.execute(delete(feed_items).where(feed_items.c.feed_id == feed_id))
    conn.execute(delete(feeds).where(feeds.c.id == feed_id))


# The statements a pull runs for every feed, built once: building one costs more than SQLite answering it
# (coercing every value of an IN list, a new cache key each time); expanding parameters take the lists.
_SEEN_KEYS = select(feed_items.c.link_key).where(
    feed_items.c.feed_id == bindparam("feed_id"),
    feed_items.c.link_key.in_(bindparam("values", expanding=True)),
)
_LISTED_KEYS = select(resources.c.key).where(
    resources.c.key.in_(bindparam("values", expanding=True)),
    select(entries.c.id)
    .where(entries.c.resource_id == resources.c.id, entries.c.list_id == bindparam("list_id"))
    .exists(),
)
_LIST_OF_FEED = select(feeds.c.list_id).where(feeds.c.id == bindparam("feed_id"))
_LAST_POSITION = select(func.max(entries.c.position)).where(entries.c.list_id == bindparam("list_id"))


_SEEN_ENTRIES = (
    select(feed_items.c.guid, entries.c.id, entries.c.title, entries.c.resource_id)
    .select_from(feed_items)
    .outerjoin(
        entries,
        (entries.c.resource_id == feed_items.c.resource_id)
        & (entries.c.list_id == bindparam("list_id"))
        & (entries.c.origin == FROM_FEED),
    )
    .where(
        feed_items.c.feed_id == bindparam("feed_id"),
        feed_items.c.guid.in_(bindparam("values", expanding=True)),
    )
)


def seen_entries(
    conn: Connection, feed_id: int, list_id: int, guids: Iterable[str]
) -> dict[str, tuple[int, str, int] | None]:
    """Which of ``guids`` this feed has seen, each with the list entry it placed: ``(entry id, entry title,
    resource id)``, or None when there is none (the list held the work already, or the entry was removed)."""
    guids = list(set(guids))
    found: dict[str, tuple[int, str, int] | None] = {}
    for start in range(0, len(guids), 500):
        params = {"feed_id": feed_id, "list_id": list_id, "values": guids[start : start + 500]}
        for guid, entry_id, title, resource_id in conn.execute(_SEEN_ENTRIES, params):
            if entry_id is None:
                found.setdefault(guid, None)
            else:
                found[guid] = (entry_id, title, resource_id)
    return found


def retitle_entries(conn: Connection, changes: Sequence[Mapping[str, Any]]) -> None:
    """Give feed entries the titles their feed now gives them: ``changes`` hold ``entry_id``, ``title``,
    ``updated_at``, and ``resource_id``, ``title_key``, ``old_key`` to retitle the resource too while it still
    carries the entry's old title (another list may have named the work otherwise: that name stays)."""
    if not changes:
        return
    conn.execute(
        update(entries).where(entries.c.id == bindparam("entry_id")),
        [{"entry_id": c["entry_id"], "title": c["title"], "updated_at": c["updated_at"]} for c in changes],
    )
    conn.execute(
        update(resources).where(
            resources.c.id == bindparam("resource_id"), resources.c.title_key == bindparam("old_key")
        ),
        [
            {
                "resource_id": c["resource_id"],
                "old_key": c["old_key"],
                "title": c["title"],
                "title_key": c["title_key"],
            }
            for c in changes
        ],
    )


def known_keys(conn: Connection, feed_id: int, list_id: int, keys: Iterable[str]) -> set[str]:
    """Which resource keys this feed has seen, or the target list already holds.

    Both lookups start from an index on the key (feed_items(feed_id, link_key), resources(key)) and check the
    list through entries(resource_id), so the cost does not grow with the size of the target list.
    """
    keys = list(set(keys))
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(r[0] for r in conn.execute(_SEEN_KEYS, {"feed_id": feed_id, "values": chunk}))
        found.update(r[0] for r in conn.execute(_LISTED_KEYS, {"list_id": list_id, "values": chunk}))
    return found


def list_id_of(conn: Connection, feed_id: int) -> int | None:
    """The id of the list a feed adds to (a cheap lookup: no entry counts)."""
    return conn.execute(_LIST_OF_FEED, {"feed_id": feed_id}).scalar()


def load_items(conn: Connection, resource_ids: Sequence[int]) -> dict[int, Item]:
    """The resources with these ids, as :class:`Item` s."""
    ids = list(dict.fromkeys(resource_ids))
    found: dict[int, Item] = {}
    cols = (resources.c.id, resources.c.title, resources.c.url, resources.c.canonical_url, resources.c.kind)
    for start in range(0, len(ids), 500):
        for r in conn.execute(select(*cols).where(resources.c.id.in_(ids[start : start + 500]))):
            found[r.id] = Item(
                id=r.id,
                title=r.title,
                url=r.url,
                canonical_url=r.canonical_url,
                kind=Kind(r.kind) if r.kind else None,
            )
    return found


def record_seen(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        conn.execute(insert(feed_items), [dict(r) for r in rows])


def next_position(conn: Connection, list_id: int) -> int:
    current = conn.execute(_LAST_POSITION, {"list_id": list_id}).scalar()
    return 0 if current is None else current + 1


def utc(value: dt.datetime | None) -> dt.datetime | None:
    return _aware(value)
