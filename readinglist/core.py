"""The :class:`Library`: the facade every caller uses, the CLI included.

A Library is an open database plus a reader profile. Each public method is one transaction: an import, a mark or a
sync either happens whole or not at all. Time comes from one place (``clock``) so tests can pin it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from readinglist import identity, importing, lookup
from readinglist.exceptions import (
    InvalidArgumentError,
    ItemNotFoundError,
    ListNotFoundError,
    NothingToUndoError,
    ReadingListError,
)
from readinglist.progress import (
    check_rating,
    completion_messages,
    parse_status,
    parse_tier,
    progress_rows,
    tier_matches,
    transition,
)
from readinglist.recommend import check_strategy, recommend
from readinglist.storage import Storage
from readinglist.storage import lists as db
from readinglist.storage import progress as pdb
from readinglist.types import (
    Entry,
    Feed,
    ImportResult,
    Item,
    Kind,
    ListInfo,
    ListToImport,
    MarkResult,
    ProgressRow,
    PullResult,
    Recommendation,
    Status,
    UndoResult,
)

if TYPE_CHECKING:
    from readinglist.stats import Stats
    from readinglist.sync import SyncReport, Version

log = logging.getLogger("readinglist")

PROFILE_ENV = "READINGLIST_PROFILE"
DEFAULT_PROFILE = "default"

Target = int | str | Item | Entry


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Library:
    """Your reading lists and your progress through them.

    Open one with :func:`readinglist.open`. Lists are addressed by name, items by resource id, URL, or title words.
    """

    def __init__(
        self,
        storage: Storage,
        *,
        profile: str | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self._storage = storage
        self._now = clock
        self.profile = profile or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE

    # --- lifecycle --------------------------------------------------------------------------------------

    @property
    def database(self) -> str:
        """The database as a person would name it (file path, or URL without password)."""
        return self._storage.where

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pid(self, conn: Any, *, create: bool = True) -> int:
        """The profile's id (not cached: a rolled-back transaction may have created it).

        Read-only callers pass ``create=False`` and get -1 (no progress at all) before the profile's first mark.
        """
        if create:
            return pdb.profile_id(conn, self.profile, self._now())
        found = pdb.find_profile(conn, self.profile)
        return -1 if found is None else found

    # --- lists ------------------------------------------------------------------------------------------

    def lists(self) -> list[ListInfo]:
        """Every list in the database, oldest first, with its active entry count."""
        with self._storage.read() as conn:
            return db.all_lists(conn)

    def get_list(self, name: str) -> ListInfo:
        with self._storage.read() as conn:
            info = db.find_list(conn, name)
        if info is None:
            raise ListNotFoundError(name)
        return info

    def remove_list(self, name: str) -> None:
        """Delete a list and its entries; resources and progress stay (other lists may hold them)."""
        with self._storage.transaction() as conn:
            info = db.find_list(conn, name)
            if info is None:
                raise ListNotFoundError(name)
            db.delete_list(conn, info.id)

    def import_list(
        self,
        source: str | os.PathLike[str] | ListToImport,
        *,
        name: str | None = None,
        format: str | None = None,
        ref: str | None = None,
    ) -> ImportResult:
        """Import a list from a file path, an http(s) URL, a bundled list name, or a :class:`ListToImport`.

        Importing under a name that exists re-imports: unchanged content writes nothing, changed content is synced
        (see :meth:`sync`). The whole import is one transaction.
        """
        lst, location, digest, filename = self._read_source(source, format=format, ref=ref)
        list_name = self._check_name(name or importing.default_name(lst, filename))
        with self._storage.read() as conn:
            existing = db.find_list(conn, list_name)
        if existing is not None:
            return self._reimport(existing, lst, location=location, digest=digest)
        now = self._now()
        with self._storage.transaction() as conn:
            list_id, resource_ids, created = importing.create_list(
                conn, list_name, lst, location=location, digest=digest, now=now
            )
            carried = importing.imported_progress(lst, resource_ids)
            if carried:
                self._apply_imported_progress(conn, carried, now)
            info = db.find_list(conn, list_name)
        assert info is not None
        warnings = (*lst.warnings, *identity.shared_url_warnings(lst.items, lst.warnings))
        return ImportResult(
            list=info,
            entries=len(lst.items),
            resources_new=created,
            topics=len({i.section for i in lst.items if i.section}),
            warnings=warnings,
            created=True,
        )

    def _reimport(
        self, existing: ListInfo, lst: ListToImport, *, location: str | None, digest: str
    ) -> ImportResult:
        if existing.content_hash == digest:
            return ImportResult(
                list=existing, entries=existing.entry_count, resources_new=0, topics=0, created=False
            )
        sync = getattr(self, "_apply_sync", None)
        if sync is None:
            raise ReadingListError(
                f"a list named {existing.name!r} exists; import under another --name or remove it first"
            )
        return sync(existing, lst, location=location, digest=digest)  # pragma: no cover - filled by sync

    def _read_source(
        self, source: str | os.PathLike[str] | ListToImport, *, format: str | None, ref: str | None
    ) -> tuple[ListToImport, str | None, str, str | None]:
        if isinstance(source, ListToImport):
            digest = importing.content_hash(repr(source).encode())
            return source, source.source_url, digest, None
        from readinglist import importers, sources

        loaded = sources.load(os.fspath(source), ref=ref)
        lst = importers.parse(
            loaded.data, format=format, filename=loaded.filename, source_url=loaded.source_url
        )
        if loaded.revision and not lst.revision:  # a pinned --ref is the revision we read
            lst = dataclasses.replace(lst, revision=loaded.revision)
        return lst, loaded.location, importing.content_hash(loaded.data), loaded.filename

    @staticmethod
    def _check_name(name: str) -> str:
        name = name.strip()
        if not name or len(name) > 200 or any(ch in name for ch in "\n\r\t"):
            raise InvalidArgumentError(f"{name!r} is not a usable list name; use a short word like 'elicit'")
        return name

    # --- reading the lists ------------------------------------------------------------------------------

    def entries(
        self,
        list: str | None = None,
        *,
        topic: str | None = None,
        tier: int | str | None = None,
        status: str | Status | None = None,
        kind: str | Kind | None = None,
        include_retired: bool = False,
    ) -> list[Entry]:
        """Entries in list order, filtered by list, topic (any heading on the path), tier, status and kind."""
        wanted_tier = parse_tier(tier)
        wanted_status = parse_status(status) if status is not None else None
        wanted_kind = lookup.parse_kind(kind)
        with self._storage.read() as conn:
            list_ids = self._list_ids(conn, list)
            found = db.load_entries(
                conn, self._pid(conn, create=False), list_ids=list_ids, include_retired=include_retired
            )
        if topic is not None:
            found = [e for e in found if lookup.topic_matches(e, topic)]
            if not found:
                raise InvalidArgumentError(
                    f"no topic matches {topic!r}; 'readinglist progress' lists the topics"
                )
        return [
            e
            for e in found
            if tier_matches(e.tier, wanted_tier)
            and (wanted_status is None or e.status is wanted_status)
            and (wanted_kind is None or e.item.kind is wanted_kind)
        ]

    def _list_ids(self, conn: Any, name: str | None) -> list[int] | None:
        if name is None:
            return None
        info = db.find_list(conn, name)
        if info is None:
            raise ListNotFoundError(name)
        return [info.id]

    def find(self, query: Target, *, list: str | None = None) -> Item:
        """The one item ``query`` names: an id, a URL, or words of its title. Raises if none or several match."""
        if isinstance(query, Item):
            return query
        if isinstance(query, Entry):
            return query.item
        candidates = self.entries(list, include_retired=True)
        return lookup.pick(query, candidates)

    # --- progress ---------------------------------------------------------------------------------------

    def mark(
        self,
        target: Target | Iterable[Target],
        status: str | Status,
        *,
        note: str | None = None,
        rating: int | None = None,
        list: str | None = None,
        replace_note: bool = False,
    ) -> MarkResult:
        """Set the status (and optionally a note and a 1-5 rating) of one item, or of several given together.

        A note is added to the item's notes with its date; ``replace_note=True`` replaces them instead.
        """
        new_status = parse_status(status)
        check_rating(rating)
        targets = [target] if isinstance(target, (int, str, Item, Entry)) else target
        items = [self.find(t, list=list) for t in targets]
        return self._set(items, new_status, rating=rating, note=note, replace_note=replace_note)

    def mark_many(
        self,
        status: str | Status,
        *,
        list: str | None = None,
        topic: str | None = None,
        tier: int | str | None = None,
        kind: str | Kind | None = None,
    ) -> MarkResult:
        """Mark every active entry matching the filters (at least one filter is required).

        Bulk ``skipped`` leaves items you already read as read.
        """
        if list is None and topic is None and tier is None and kind is None:
            raise InvalidArgumentError("bulk marking needs at least one of list, topic, tier or kind")
        new_status = parse_status(status)
        chosen = self.entries(list, topic=topic, tier=tier, kind=kind)
        if not chosen:
            raise ItemNotFoundError(f"list={list} topic={topic} tier={tier} kind={kind}")
        # Skipping a topic in bulk means "skip what is left": items already read stay read.
        keep = {e.item.id for e in chosen if new_status is Status.SKIPPED and e.status is Status.READ}
        unique = {e.item.id: e.item for e in chosen if e.item.id not in keep}
        result = self._set(unique.values(), new_status)
        return dataclasses.replace(result, unchanged=result.unchanged + len(keep))

    def _set(
        self,
        items: Iterable[Item],
        status: Status,
        *,
        rating: int | None = None,
        note: str | None = None,
        replace_note: bool = True,
    ) -> MarkResult:
        now = self._now()
        items = {i.id: i for i in items}
        with self._storage.transaction() as conn:
            pid = self._pid(conn)
            old = pdb.states(conn, pid, builtins_list(items))
            changes = {}
            for rid in items:
                before = old.get(rid, pdb.State())
                after = transition(before, status, now, rating=rating, note=note, replace_note=replace_note)
                if (before.status or "unread", before.rating, before.note) != (
                    after.status,
                    after.rating,
                    after.note,
                ):
                    changes[rid] = (before, after)
            touched_lists = self._lists_holding(conn, pid, builtins_list(changes))
            before_entries = db.load_entries(conn, pid, list_ids=touched_lists) if touched_lists else []
            if changes:
                pdb.write(conn, pid, changes, now)
        messages = completion_messages(before_entries, {rid: status for rid in changes})
        return MarkResult(
            status=status,
            items=tuple(items[rid] for rid in changes),
            unchanged=len(items) - len(changes),
            messages=tuple(messages),
        )

    def _lists_holding(self, conn: Any, pid: int, resource_ids: Sequence[int]) -> list[int]:
        if not resource_ids:
            return []
        holding = db.load_entries(conn, pid, resource_ids=resource_ids)
        names = {e.list_name for e in holding}
        return [info.id for info in db.all_lists(conn) if info.name in names]

    def _apply_imported_progress(self, conn: Any, carried: dict, now: dt.datetime) -> None:
        """Progress that came with the list (our exports): applied where the reader has none yet."""
        pid = self._pid(conn)
        old = pdb.states(conn, pid, builtins_list(carried))
        changes = {}
        for rid, item in carried.items():
            before = old.get(rid, pdb.State())
            if before.status is not None:
                continue
            status = item.status or Status.UNREAD
            rating = item.rating if item.rating is not None and 1 <= item.rating <= 5 else None
            changes[rid] = (before, transition(before, status, now, rating=rating, note=item.progress_note))
        if changes:
            pdb.write(conn, pid, changes, now)

    def undo(self) -> UndoResult:
        """Take back the last mark (one call of :meth:`mark` or :meth:`mark_many`); repeat to go further back."""
        now = self._now()
        with self._storage.transaction() as conn:
            pid = self._pid(conn)
            batch = pdb.last_undoable_batch(conn, pid)
            if batch is None:
                raise NothingToUndoError("nothing to undo: no marks have been made with this profile")
            rows = pdb.batch_events(conn, pid, batch)
            current = pdb.states(conn, pid, [r.resource_id for r in rows])
            changes = {}
            for r in rows:
                before = current.get(r.resource_id, pdb.State())
                prior = _state_before(r)
                changes[r.resource_id] = (before, prior)
            pdb.write(conn, pid, changes, now, undoes=batch)
            held = db.load_entries(conn, pid, resource_ids=builtins_list(changes))
        items = {e.item.id: e.item for e in held}
        return UndoResult(
            items=tuple(items[r] for r in changes if r in items),
            restored=tuple(Status(p.status or "unread") for _, p in changes.values()),
        )

    def progress(self, list: str | None = None) -> list[ProgressRow]:
        """Counts per list, topic and tier."""
        return progress_rows(self.entries(list))

    def next(
        self,
        limit: int | None = 5,
        *,
        list: str | None = None,
        topic: str | None = None,
        tier: int | str | None = None,
        kind: str | Kind | None = None,
        strategy: str = "tier-first",
    ) -> list[Recommendation]:
        """What to read now, and why: see :mod:`readinglist.recommend` for the strategies."""
        check_strategy(strategy)
        if limit is not None and limit < 1:
            raise InvalidArgumentError("limit must be at least 1")
        candidates = self.entries(list, topic=topic, tier=tier, kind=kind)
        order = [info.name for info in self.lists()]
        with self._storage.read() as conn:
            fresh = db.entries_added_by_sync(conn)
        return recommend(candidates, strategy=strategy, limit=limit, list_order=order, fresh=fresh)

    # --- sync -------------------------------------------------------------------------------------------

    def sync(
        self, name: str, *, dry_run: bool = False, ref: str | None = None, source: str | None = None
    ) -> SyncReport:
        """Re-read the list's recorded source (or ``source``), apply what changed in one transaction, report it.

        Progress is never lost: see :mod:`readinglist.sync` for how entries are matched, retired and restored.
        ``dry_run`` writes nothing; ``ref`` pins a GitHub source to a branch, tag or commit.
        """
        from readinglist import sync as syncing

        where = source or self.get_list(name).source
        if not where:
            raise InvalidArgumentError(f"list {name!r} has no recorded source; give one with --source")
        lst, location, digest, _ = self._read_source(where, format=None, ref=ref)
        return syncing.run(
            self._storage,
            name,
            lst,
            location=location,
            digest=digest,
            now=self._now(),
            dry_run=dry_run,
            ref=ref,
        )

    def sync_all(self, *, dry_run: bool = False) -> builtins_list[SyncReport]:
        """Sync every list that has a source; a list that fails gets a report with ``error`` set, the rest go on."""
        from readinglist.sync import SyncReport as Report

        reports = []
        for info in self.lists():
            if not info.source:
                continue
            try:
                reports.append(self.sync(info.name, dry_run=dry_run))
            except ReadingListError as exc:
                reports.append(Report(info.name, dry_run=dry_run, source=info.source, error=str(exc)))
        return reports

    def history(self, name: str) -> builtins_list[Version]:
        """The versions of a list imported so far, oldest first, each with the report of what it changed."""
        from readinglist.sync import version_from_row

        with self._storage.read() as conn:
            info = db.find_list(conn, name)
            if info is None:
                raise ListNotFoundError(name)
            return [version_from_row(row) for row in db.versions(conn, info.id)]

    def _apply_sync(
        self, existing: ListInfo, lst: ListToImport, *, location: str | None, digest: str
    ) -> ImportResult:
        """``import_list`` under an existing name with new content: a sync, reported in the import result."""
        from readinglist import sync as syncing

        found = syncing.run(
            self._storage, existing.name, lst, location=location, digest=digest, now=self._now()
        )
        return syncing.SyncImportResult(
            list=self.get_list(existing.name),
            entries=len(lst.items),
            resources_new=found.counts["added"],
            topics=len({i.section for i in lst.items if i.section}),
            warnings=tuple(lst.warnings),
            created=False,
            report=found,
        )

    # --- export -----------------------------------------------------------------------------------------

    def export(self, name: str, format: str = "md", *, include_retired: bool = True) -> str:
        """The list with your progress as text: ``md`` checklist, ``json``/``toml`` (lossless), or ``csv``."""
        from readinglist import export as exporters

        info = self.get_list(name)
        chosen = self.entries(name, include_retired=include_retired)
        return exporters.export(info, chosen, format)

    # --- feeds ------------------------------------------------------------------------------------------

    def add_feed(
        self,
        url: str,
        *,
        list: str = "inbox",
        topic: str | Sequence[str] | None = None,
        tier: int | str | None = None,
        include: str | None = None,
        exclude: str | None = None,
        title: str | None = None,
    ) -> Feed:
        """Subscribe to an RSS/Atom feed whose new entries become unread items of ``list`` (created if needed).

        ``include``/``exclude`` are case-insensitive regular expressions on each entry's title and summary.
        """
        from readinglist.feeds import subscriptions

        wanted_tier = parse_tier(tier)
        return subscriptions.add(
            self._storage,
            url,
            list_name=self._check_name(list),
            topic=topic,
            tier=wanted_tier if isinstance(wanted_tier, int) else None,
            include=include,
            exclude=exclude,
            title=title,
            now=self._now(),
        )

    def feeds(self) -> builtins_list[Feed]:
        """Every subscription with its last check, last new item and last error."""
        from readinglist.storage import feeds as fdb

        with self._storage.read() as conn:
            return fdb.all_feeds(conn)

    def remove_feed(self, url: str) -> None:
        """Unsubscribe; the items the feed brought stay in their list."""
        from readinglist.feeds import subscriptions

        subscriptions.remove(self._storage, url)

    def pull_feeds(
        self,
        urls: Sequence[str] | None = None,
        *,
        workers: int = 8,
        progress: Callable[[int, int], None] | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> Iterator[PullResult]:
        """Fetch feeds concurrently and add their new entries; yields a result per feed as each finishes.

        Fetching uses ``workers`` threads and conditional requests; unchanged bodies are not parsed; each feed's
        new entries are written in their own transaction, and one broken feed never stops the rest.
        ``timeout`` is (connect, read) seconds per feed (default 5 and 20).
        """
        from readinglist.feeds import subscriptions

        return subscriptions.pull(
            self._storage, self._now, urls=urls, workers=workers, progress=progress, timeout=timeout
        )

    def import_opml(
        self, source: str | os.PathLike[str] | bytes, *, list: str = "inbox", tier: int | str | None = None
    ) -> builtins_list[Feed]:
        """Subscribe to every feed of an OPML file; its folders become topics. Known feeds are skipped."""
        from readinglist import sources
        from readinglist.feeds.opml import read_opml

        data = source if isinstance(source, bytes) else sources.load(os.fspath(source)).data
        known = {f.url for f in self.feeds()}
        added = []
        for sub in read_opml(data):
            if sub.url in known:
                continue
            known.add(sub.url)
            topic = builtins_list(sub.folder) or None
            added.append(self.add_feed(sub.url, list=list, topic=topic, tier=tier, title=sub.title))
        return added

    def export_opml(self) -> str:
        """Your subscriptions as OPML, with topics as folders."""
        from readinglist.feeds.opml import Subscription, write_opml

        subs = [Subscription(url=f.url, title=f.title, html_url=None, folder=f.section) for f in self.feeds()]
        return write_opml(subs, title="readinglist subscriptions")

    # --- search and stats (see readinglist/search.py, readinglist/stats.py) -----------------------------

    def search(
        self,
        query: str,
        *,
        list: str | None = None,
        status: str | Status | None = None,
        kind: str | Kind | None = None,
        limit: int = 20,
    ) -> builtins_list[Entry]:
        """Entries whose title, description, notes, topic or author hold every word of ``query`` (as prefixes),
        best first; case and accents do not matter. Each item comes once; ``entry.item.id`` is what :meth:`mark` takes.
        """
        from readinglist import search as searching

        wanted_status = parse_status(status).value if status is not None else None
        wanted_kind = lookup.parse_kind(kind)
        with self._storage.read() as conn:
            list_ids = self._list_ids(conn, list)
            return searching.run(
                conn,
                self._pid(conn, create=False),
                query,
                list_id=list_ids[0] if list_ids else None,
                status=wanted_status,
                kind=wanted_kind.value if wanted_kind else None,
                limit=limit,
            )

    def stats(self, list: str | None = None, *, since: dt.date | str | None = None) -> Stats:
        """Reads per day and week, streaks, pace over the last 4 weeks, days from started to read, and when each
        list, tier and topic will be done at that pace: all replayed from the event history."""
        from readinglist import stats as statistics
        from readinglist.storage import stats as sdb

        try:
            start = dt.date.fromisoformat(since) if isinstance(since, str) else since
        except ValueError:
            raise InvalidArgumentError(f"since must be a date like 2025-11-01, not {since!r}") from None
        rows = self.progress(list)
        with self._storage.read() as conn:
            list_ids = self._list_ids(conn, list)
            found = sdb.final_states(
                conn, self._pid(conn, create=False), list_id=list_ids[0] if list_ids else None
            )
        return statistics.compute(
            found, rows, today=self._now().astimezone(dt.timezone.utc).date(), since=start
        )

    # --- people and the web app (see readinglist/web/) ------------------------------------------------

    def profiles(self) -> builtins_list[str]:
        """Every reader profile in the database (a team shares one database, each with a profile)."""
        from readinglist.storage import stats as sdb

        with self._storage.read() as conn:
            names = sdb.profile_names(conn)
        return names if self.profile in names else [*names, self.profile]

    def with_profile(self, profile: str) -> Library:
        """The same database seen as another reader; shares this library's connection (close only this one)."""
        return Library(self._storage, profile=profile, clock=self._now)

    def holding(self, target: Target) -> builtins_list[Entry]:
        """Every entry of one item, in every list (retired ones too), with your progress."""
        rid = target if isinstance(target, int) else self.find(target).id
        with self._storage.read() as conn:
            found = db.load_entries(
                conn, self._pid(conn, create=False), resource_ids=[rid], include_retired=True
            )
        if not found:
            raise ItemNotFoundError(str(target))
        return found

    def read_list(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        filename: str | None = None,
        format: str | None = None,
    ) -> ListToImport:
        """What importing ``source`` (a path, URL, bundled name, or the bytes of a file) would bring, without
        writing anything: a preview to show before :meth:`import_list`."""
        if isinstance(source, bytes):
            from readinglist import importers

            return importers.parse(source, format=format, filename=filename)
        return self._read_source(source, format=format, ref=None)[0]


builtins_list = list  # the methods above shadow ``list`` with a parameter name


def _state_before(event: Any) -> pdb.State:
    """The state a resource had before ``event``: status, rating and note (events keep no timestamps)."""
    if event.old_status is None:
        return pdb.State()
    return pdb.State(status=event.old_status, rating=event.old_rating, note=event.old_note)
