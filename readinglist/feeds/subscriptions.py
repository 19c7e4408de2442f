"""Feeds as the Library sees them: subscriptions stored in the database, pulls that add new items to a list.

The network and parsing happen in :mod:`readinglist.feeds.pull` (threads for fetching, processes for parsing);
this module consumes its results in one thread and writes the outcomes that finished together in one transaction,
so SQLite sees one writer and a failure never leaves half a feed's entries behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from readinglist import importing
from readinglist.exceptions import FeedNotFoundError, InvalidArgumentError, ListNotFoundError
from readinglist.identity import resource_key
from readinglist.origins import FROM_FEED
from readinglist.storage import feeds as fdb
from readinglist.storage import lists as db
from readinglist.types import Feed, Item, ItemToImport, ListToImport, PullResult

if TYPE_CHECKING:
    from readinglist.storage import Storage


AUTO = "auto"
"""``topic="auto"``: place each new item in the topic of the list it most resembles."""
EMBED = "embed"
"""``Feed.placement`` of a feed whose user asked for embeddings explicitly (``--topic auto --embed``)."""


def check_pattern(pattern: str | None, what: str, url: str) -> str | None:
    """``pattern`` if it is a valid filter (empty means none); checked by the same code the pull uses."""
    from readinglist.feeds.pull import compile_filter

    return pattern if compile_filter(pattern, what=what, url=url) is not None else None


def topic_path(topic: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"Applied ML / Evals"`` -> ``("Applied ML", "Evals")``."""
    if topic is None:
        return ()
    if isinstance(topic, str):
        return tuple(p.strip() for p in re.split(r"\s+/\s+|\s*>\s*", topic) if p.strip())
    return tuple(topic)


def ensure_list(conn: Any, name: str, now: dt.datetime) -> int:
    """The id of list ``name``, created empty (a feed inbox) if it does not exist."""
    info = db.find_list(conn, name)
    if info is not None:
        return info.id
    list_id, _, _ = importing.create_list(
        conn, name, ListToImport(items=(), title=name, format="feeds"), location=None, digest="", now=now
    )
    return list_id


def add(
    storage: Storage,
    url: str,
    *,
    list_name: str,
    topic: str | Sequence[str] | None,
    tier: int | None,
    include: str | None,
    exclude: str | None,
    title: str | None,
    now: dt.datetime,
    embeddings: bool | None = None,
) -> Feed:
    url = url.strip()
    if not re.match(r"^https?://\S+$", url, re.IGNORECASE):
        raise InvalidArgumentError(f"{url!r} is not an http(s) feed address")
    include = check_pattern(include, "include", url)
    exclude = check_pattern(exclude, "exclude", url)
    placement = None
    if isinstance(topic, str) and topic.strip().lower() == AUTO:
        from readinglist.placement import Placer

        Placer([], embeddings=embeddings or None)  # scikit-learn (or the embed extra) missing: say so now
        placement, topic = (EMBED if embeddings else AUTO), None
    elif embeddings:
        raise InvalidArgumentError("embeddings are for placing items by topic: give topic 'auto' with them")
    with storage.transaction() as conn:
        existing = fdb.find_feed(conn, url)
        if existing is not None:
            raise InvalidArgumentError(f"already subscribed to {url} (into {existing.list_name})")
        list_id = ensure_list(conn, list_name, now)
        fdb.add_feed(
            conn,
            {
                "url": url,
                "title": title,
                "list_id": list_id,
                "section": topic_path(topic),
                "tier": tier,
                "include": include,
                "exclude": exclude,
                "created_at": now,
                "placement": placement,
            },
        )
        feed = fdb.find_feed(conn, url)
    assert feed is not None
    return feed


def remove(storage: Storage, url: str) -> None:
    with storage.transaction() as conn:
        feed = fdb.find_feed(conn, url)
        if feed is None:
            raise FeedNotFoundError(url)
        fdb.delete_feed(conn, feed.id)


def pull(
    storage: Storage,
    now: Callable[[], dt.datetime],
    *,
    urls: Sequence[str] | None = None,
    workers: int = 8,
    progress: Callable[[int, int], None] | None = None,
    session: Any = None,
    timeout: tuple[float, float] | None = None,
) -> Iterator[PullResult]:
    """Fetch every (or the named) enabled feed and add its new entries; yield one result per feed.

    ``timeout`` is (connect, read) seconds per feed, the fetcher's default when None.
    """
    from readinglist.feeds.pull import FeedRequest
    from readinglist.feeds.pull import pull_batches as run

    with storage.read() as conn:
        feeds = fdb.all_feeds(conn)
    if urls is not None:
        wanted = set(urls)
        missing = wanted - {f.url for f in feeds}
        if missing:
            raise FeedNotFoundError(sorted(missing)[0])
        feeds = [f for f in feeds if f.url in wanted]
    start = now()
    due: list[Feed] = []
    for feed in feeds:
        if feed.disabled:
            yield PullResult(feed.url, "skipped", error=feed.last_error or "disabled (the feed is gone)")
        elif feed.retry_after and feed.retry_after > start:
            yield PullResult(
                feed.url, "skipped", error=f"server asked to wait until {feed.retry_after:%H:%M}"
            )
        else:
            due.append(feed)
    by_url = {f.url: f for f in due}
    requests = [
        FeedRequest(
            url=f.url,
            etag=f.etag,
            last_modified=f.last_modified,
            body_hash=f.body_hash,
            include=f.include,
            exclude=f.exclude,
        )
        for f in due
    ]
    kwargs: dict[str, Any] = {"workers": workers, "progress": progress}
    if session is not None:
        kwargs["session"] = session
    if timeout is not None:
        kwargs["timeout"] = timeout
    for batch in run(requests, **kwargs):
        rows = [(by_url[outcome.request.url], outcome, now()) for outcome in batch]
        for chunk in _chunks(rows):
            yield from _store(storage, chunk)


BATCH = 64
"""At most this many outcomes are written in one transaction."""
BATCH_ENTRIES = 5000
"""A transaction stops taking more changed feeds once they bring this many entries (the lock is held briefly)."""


def _chunks(rows: Sequence[tuple[Feed, Any, dt.datetime]]) -> Iterator[list[tuple[Feed, Any, dt.datetime]]]:
    """The outcomes that finished together, in transactions of at most :data:`BATCH` feeds / ``BATCH_ENTRIES``."""
    chunk: list[tuple[Feed, Any, dt.datetime]] = []
    entries = 0
    for row in rows:
        chunk.append(row)
        entries += len(row[1].entries) if row[1].status == "new" else 0
        if len(chunk) >= BATCH or entries >= BATCH_ENTRIES:
            yield chunk
            chunk, entries = [], 0
    if chunk:
        yield chunk


def _store(storage: Storage, outcomes: Sequence[tuple[Feed, Any, dt.datetime]]) -> list[PullResult]:
    """Write the outcomes of feeds that finished together in one transaction (one BEGIN/COMMIT, one fsync).

    The pull hands over every feed that finished while the previous transaction was being written, so a busy
    writer takes bigger batches instead of falling behind. A failure while adding entries rolls the whole
    transaction back: none of its feeds' entries or validators are left behind, and they are pulled again next time.
    """
    deferred: list[tuple[int, dict[str, Any]]] = []
    with storage.transaction() as conn:
        results = [_write(conn, feed, outcome, now, deferred) for feed, outcome, now in outcomes]
        fdb.update_feeds(conn, deferred)
    return results


def _write(
    conn: Any, feed: Feed, outcome: Any, now: dt.datetime, deferred: list[tuple[int, dict[str, Any]]]
) -> PullResult:
    """Record one feed's outcome (validators, errors, new entries) inside the caller's transaction.

    The feed's own row update is appended to ``deferred`` (the caller writes them together), except a move to
    a new URL, which is written at once so that a later feed of the batch sees the URL taken.
    """
    values: dict[str, Any] = {"last_checked": now}
    if outcome.title and not feed.title:
        values["title"] = outcome.title
    status = outcome.status
    if status == "error":
        values["last_error"] = outcome.error
        if outcome.retry_after:
            values["retry_after"] = now + dt.timedelta(seconds=float(outcome.retry_after))
    else:
        values.update(last_error=None, retry_after=None)
        if status == "new":  # an unchanged body keeps the warning its last parse gave
            values["warning"] = outcome.warning
        for field in ("etag", "last_modified", "body_hash"):
            value = getattr(outcome, field, None)
            if value is not None:
                values[field] = value
    if status == "gone":
        values.update(disabled=True, last_error=outcome.error or "the server says the feed is gone (410)")
    new_url = getattr(outcome, "permanent_redirect", None)
    added: tuple[Item, ...] = ()
    if new_url and new_url != feed.url and fdb.find_feed(conn, new_url) is None:
        values["url"] = new_url
    placed: tuple[tuple[int, tuple[str, ...], float], ...] = ()
    if status == "new":
        added, placed = _add_entries(conn, feed, outcome.entries, now)
        if added:
            values["last_new"] = now
    if "url" in values:
        fdb.update_feed(conn, feed.id, values)
    else:
        deferred.append((feed.id, values))
    if status == "new" and not added:
        status = "unchanged"
    entries = outcome.entries if outcome.status == "new" else ()
    return PullResult(
        url=values.get("url", feed.url),
        status=status,
        new_items=added,
        error=outcome.error if status in ("error", "gone") else None,
        warning=outcome.warning,
        title=outcome.title or feed.title,
        shared_links=sum(1 for e in entries if getattr(e, "shared", False) and e.link),
        failure=getattr(outcome, "failure", None) if status in ("error", "gone") else None,
        placed=placed,
    )


def _add_entries(
    conn: Any, feed: Feed, entries: Sequence[Any], now: dt.datetime
) -> tuple[tuple[Item, ...], tuple[tuple[int, tuple[str, ...], float], ...]]:
    """Entries whose guid and resource key are both unknown become resources placed in the feed's target.

    The key is the canonical link, except for entries whose link another entry of the feed shares (their key is
    the link with its fragment, or their id: see ``FeedEntry.shared``), so a podcast whose episodes all link to
    its home page keeps every episode, while a feed that re-publishes a post under a new id adds nothing.
    """
    list_id = fdb.list_id_of(conn, feed.id)
    if list_id is None:  # pragma: no cover - the foreign key cascades feeds away with their list
        raise ListNotFoundError(feed.list_name)
    placed_before = fdb.seen_entries(conn, feed.id, list_id, [e.guid for e in entries])
    _retitle(conn, entries, placed_before, now)
    fresh = [e for e in entries if e.guid not in placed_before]
    keys = {e.guid: e.key or resource_key(e.link, e.title or e.guid) for e in fresh}
    known = fdb.known_keys(conn, feed.id, list_id, keys.values())
    items: list[ItemToImport] = []
    created: dict[int, Item] = {}  # the resources made for these entries, as _resolve wrote them
    picked = []
    batch_keys: set[str] = set()
    for e in fresh:
        key = keys[e.guid]
        if key in known or key in batch_keys:
            continue
        batch_keys.add(key)
        picked.append(e)
        items.append(
            ItemToImport(
                title=e.title or e.link or e.guid,
                url=e.link,
                section=feed.section,
                tier=feed.tier,
                description=e.summary,
                author=e.author,
                published=e.published,
            )
        )
    seen_rows = [
        {"feed_id": feed.id, "guid": e.guid, "link_key": keys[e.guid], "first_seen": now, "score": None}
        for e in fresh
    ]
    scores: list[float | None] = [None] * len(items)
    if items and feed.placement in (AUTO, EMBED):
        items, scores = _place(conn, list_id, items, feed.placement == EMBED)
    if items:
        paths = list(dict.fromkeys(item.section for item in items if item.section))
        if feed.placement in (AUTO, EMBED):  # only create what is missing: existing topics keep their order
            existing = db.section_ids(conn, list_id)
            paths = [p for p in paths if p not in existing]
            section_ids = {**existing, **db.ensure_sections(conn, list_id, paths)}
        else:
            section_ids = db.ensure_sections(conn, list_id, paths) if paths else {}
        resource_ids = _resolve(
            conn,
            items,
            [keys[e.guid] for e in picked],
            [e.shared for e in picked],
            [getattr(e, "prepared", None) or _prepare(item) for e, item in zip(picked, items)],
            now,
            created,
        )
        position = fdb.next_position(conn, list_id)
        rows = [
            importing.entry_row(
                item,
                list_id=list_id,
                resource_id=rid,
                section_id=section_ids.get(item.section) if item.section else None,
                position=position + n,
                now=now,
            )
            | {"origin": FROM_FEED}
            for n, (item, rid) in enumerate(zip(items, resource_ids))
        ]
        db.insert_entries(conn, rows, add_counts=True)
        by_key = {keys[e.guid]: rid for e, rid in zip(picked, resource_ids)}
        for row in seen_rows:
            row["resource_id"] = by_key.get(row["link_key"])
        row_of = {row["guid"]: row for row in seen_rows}
        for e, score in zip(picked, scores):
            row_of[e.guid]["score"] = score
    fdb.record_seen(conn, seen_rows)
    if not items:
        return (), ()
    loaded = created | fdb.load_items(conn, [rid for rid in resource_ids if rid not in created])
    placed = tuple(
        (rid, item.section, score)
        for item, rid, score in zip(items, resource_ids, scores)
        if score is not None
    )
    return tuple(loaded[rid] for rid in dict.fromkeys(resource_ids)), placed


def _retitle(
    conn: Any,
    entries: Sequence[Any],
    placed: Mapping[str, tuple[int, str, int] | None],
    now: dt.datetime,
) -> None:
    """Entries the feed placed before take the title the feed now gives them (a title fixed upstream; feeds are
    identified by their ids, so the entry is the same one). A title the parser made up (from the text or the link)
    is not the feed's; an entry two ids of the feed lead to keeps its title unless both agree."""
    from readinglist.identity import title_key

    wanted: dict[int, tuple[tuple[int, str, int], set[str]]] = {}
    for e in entries:
        row = placed.get(e.guid)
        if row is not None and e.titled and e.title:
            wanted.setdefault(row[0], (row, set()))[1].add(e.title)
    changes = []
    for (entry_id, old, resource_id), titles in wanted.values():
        if len(titles) == 1 and old not in titles:
            (title,) = titles
            changes.append(
                {
                    "entry_id": entry_id,
                    "title": title,
                    "updated_at": now,
                    "resource_id": resource_id,
                    "title_key": title_key(title),
                    "old_key": title_key(old),
                }
            )
    fdb.retitle_entries(conn, changes)


def _place(
    conn: Any, list_id: int, items: Sequence[ItemToImport], embeddings: bool
) -> tuple[list[ItemToImport], list[float | None]]:
    """Each item in the list's topic it most resembles (``Inbox`` when unsure), with its score.

    The placer learns from the list as it is now: items moved by hand (``Library.move``) teach it. Embeddings are
    used when the ``embed`` extra is installed; ``embeddings`` (the user asked for them) without it: all to Inbox.
    """
    from dataclasses import replace

    from readinglist.embedding import EmbeddingUnavailableError
    from readinglist.placement import INBOX, PlacementUnavailableError, Placer, item_text
    from readinglist.storage import placement as pdb

    docs = [
        (path, item_text(title, description, note, abstract))
        for path, title, description, note, abstract in pdb.placed_texts(conn, list_id)
        if path != INBOX
    ]
    try:
        placer = Placer(docs, embeddings=embeddings or None)
    except (PlacementUnavailableError, EmbeddingUnavailableError):
        return [replace(item, section=INBOX) for item in items], [None] * len(items)
    placements = [placer.place(item_text(item.title, item.description)) for item in items]
    placed = [replace(item, section=p.topic) for item, p in zip(items, placements)]
    return placed, [p.score for p in placements]


def _prepare(item: ItemToImport) -> tuple[str, str | None]:
    """``(title key, kind value)`` of an item whose entry did not come with them (see ``FeedEntry.prepared``)."""
    from readinglist.identity import title_key
    from readinglist.kinds import infer_kind

    kind = item.kind or infer_kind(item.url, item.title)
    return title_key(item.title), kind.value if kind is not None else None


def _resolve(
    conn: Any,
    items: Sequence[ItemToImport],
    keys: Sequence[str],
    shared: Sequence[bool],
    prepared: Sequence[tuple[str, str | None]],
    now: dt.datetime,
    created: dict[int, Item],
) -> list[int]:
    """The resource id of each item: by link and title as for any list, or by its own key when its link is shared.

    An entry whose link other entries share is its own resource, found again by its key (``<link>#<fragment>``
    or ``guid:<id>``), never by the shared link: the next episode of a podcast must not become the first one.
    ``prepared`` holds each item's title key and kind, worked out by the parse worker (``FeedEntry.prepared``).
    The resources created are put in ``created`` as :class:`Item` s, made from the values written (no query).
    """
    from readinglist.types import Kind

    plain = [n for n, s in enumerate(shared) if not s]
    own = [n for n, s in enumerate(shared) if s]
    ids: list[int | None] = [None] * len(items)
    if plain:
        ready = (
            [(keys[n], prepared[n][0]) for n in plain],
            [Kind(prepared[n][1]) if prepared[n][1] else None for n in plain],
        )
        new_ids: set[int] = set()
        found, _ = importing.resolve_resources(
            conn, [items[n] for n in plain], now, prepared=ready, new_ids=new_ids
        )
        for n, rid, (key, _), kind in zip(plain, found, *ready):
            ids[n] = rid
            if rid in new_ids and rid not in created:  # the first item of a group wrote the resource's row
                item = items[n]
                canonical = None if key.startswith("title:") else key
                created[rid] = Item(rid, item.title, item.url, canonical, kind)
    if own:
        from readinglist.urls import canonical_url

        existing: dict[str, int] = {}
        for res in sorted(db.existing_resources(conn, [keys[n] for n in own]), key=lambda r: r.id):
            existing.setdefault(res.key, res.id)
        missing = [n for n in own if keys[n] not in existing]
        rows = []
        for n in missing:
            item = items[n]
            rows.append(
                {
                    "key": keys[n],
                    "title_key": prepared[n][0],
                    "url": item.url,
                    "canonical_url": canonical_url(item.url) if item.url else None,
                    "title": item.title,
                    "kind": prepared[n][1],
                    "author": item.author,
                    "published": item.published,
                    "created_at": now,
                }
            )
        made = db.create_resources(conn, rows)
        existing.update(zip((keys[n] for n in missing), made))
        for rid, row in zip(made, rows):
            kind = Kind(row["kind"]) if row["kind"] else None
            created[rid] = Item(rid, row["title"], row["url"], row["canonical_url"], kind)
        for n in own:
            ids[n] = existing[keys[n]]
    return [rid for rid in ids if rid is not None]
