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

from readinglist import lookup, reading, validate
from readinglist.exceptions import (
    InvalidArgumentError,
    ItemNotFoundError,
    ListNotFoundError,
    NothingToUndoError,
    ReadingListError,
)
from readinglist.names import no_items
from readinglist.progress import check_rating, parse_status, parse_tier, transition
from readinglist.recommend import check_strategy
from readinglist.storage import Storage
from readinglist.storage import lists as db
from readinglist.storage import metadata as mdb
from readinglist.storage import progress as pdb
from readinglist.types import Effort, Entry, Item, Kind, ListInfo, ProgressRow, Recommendation, Status

if TYPE_CHECKING:
    from readinglist.profiles import Profile
    from readinglist.stats import Stats
    from readinglist.sync import SyncReport, Version
    from readinglist.team import TeamProgress
    from readinglist.types_extra import (
        EnrichResult,
        Feed,
        ImportResult,
        LinkCheck,
        ListToImport,
        MarkResult,
        Metadata,
        PullResult,
        UndoResult,
    )

log = logging.getLogger("readinglist")
log.addHandler(logging.NullHandler())  # the library logs; the application decides where it goes (-v in the CLI)

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
        validate.text(self.profile, "profile name")

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
        progress: Callable[[str], None] | None = None,
        base_url: str | None = None,
        tiers: str | None = None,
        on_conflict: str | None = None,
        network: str | None = None,
    ) -> ImportResult:
        """Import a list from a file path, an http(s) URL, a bundled list name, or a :class:`ListToImport`.

        Importing under a name that exists re-imports: unchanged content writes nothing, changed content is synced
        (see :meth:`sync`). The whole import is one transaction. ``progress`` is called with each phase as it
        starts: ``"reading"``, ``"parsing"``, ``"writing"``. ``base_url`` resolves a local file's relative links;
        ``tiers`` is ``auto``, ``headings`` or ``none`` (see :func:`readinglist.importers.parse`); both are
        remembered for the list and reused by :meth:`sync`. ``on_conflict`` decides whose status wins when the list
        carries progress (``[x]`` marks, an export's statuses) that disagrees with yours: ``"keep"`` (default,
        yours) or ``"theirs"`` (see :mod:`readinglist.carried`); ``result.progress`` counts what happened.
        ``network`` limits the addresses a URL (and its redirects) may lead to: ``"any"`` (default), ``"local"``
        (no link-local, for a web app bound to loopback) or ``"public"`` (see :func:`readinglist.net.address_policy`).
        """
        from readinglist import carried as carrying
        from readinglist import identity, importing
        from readinglist.types import ImportResult

        mode = carrying.check_mode(on_conflict)
        base_url, tiers = self._remembered_options(name, base_url, tiers)
        lst, location, digest, filename = self._read_source(
            source, format=format, ref=ref, progress=progress, base_url=base_url, tiers=tiers, network=network
        )
        validate.list_to_import(lst)
        _phase(progress, "writing")
        list_name = self._check_name(name or importing.default_name(lst, filename))
        with self._storage.read() as conn:
            existing = db.find_list(conn, list_name)
        if existing is not None:
            result = self._reimport(existing, lst, location=location, digest=digest, mode=mode)
            return self._remember_options(result, base_url, tiers)
        now = self._now()
        prepared = importing.prepare(lst.items)  # pure work first: the write lock is held only for the writes
        with self._storage.transaction() as conn:
            list_id, resource_ids, created = importing.create_list(
                conn, list_name, lst, location=location, digest=digest, now=now, prepared=prepared
            )
            merged = self._apply_imported_progress(
                conn, importing.imported_progress(lst, resource_ids), now, mode
            )
            if base_url is not None or tiers is not None:
                db.update_list(conn, list_id, {"base_url": base_url, "tiers": tiers})
            info = db.find_list(conn, list_name)
        assert info is not None
        warnings = (*lst.warnings, *identity.shared_url_warnings(lst.items, lst.warnings, keyed=prepared[0]))
        return ImportResult(
            list=info,
            entries=len(lst.items),
            resources_new=created,
            topics=len({i.section for i in lst.items if i.section}),
            warnings=warnings,
            created=True,
            progress=merged,
        )

    def _reimport(
        self, existing: ListInfo, lst: ListToImport, *, location: str | None, digest: str, mode: str = "keep"
    ) -> ImportResult:
        from readinglist.types import ImportResult

        carries = any(i.status is not None or i.rating is not None or i.progress_note for i in lst.items)
        if existing.content_hash == digest and not carries:  # the same bytes, and no progress in them to merge
            return ImportResult(
                list=existing, entries=existing.entry_count, resources_new=0, topics=0, created=False
            )
        sync = getattr(self, "_apply_sync", None)
        if sync is None:
            raise ReadingListError(
                f"a list named {existing.name!r} exists; import under another --name or remove it first"
            )
        return sync(existing, lst, location=location, digest=digest, mode=mode)  # pragma: no cover

    def _read_source(
        self,
        source: str | os.PathLike[str] | ListToImport,
        *,
        format: str | None,
        ref: str | None,
        progress: Callable[[str], None] | None = None,
        base_url: str | None = None,
        tiers: str | None = None,
        network: str | None = None,
    ) -> tuple[ListToImport, str | None, str, str | None]:
        from readinglist import importing
        from readinglist.types import ListToImport

        if isinstance(source, ListToImport):
            digest = importing.content_hash(repr(source).encode())
            return importing.drop_unsafe_links(source), source.source_url, digest, None
        from readinglist import sources

        _phase(progress, "reading")
        loaded = sources.load(os.fspath(source), ref=ref, network=network)
        _phase(progress, "parsing")
        return self._parse(loaded, format=format, base_url=base_url, tiers=tiers)

    @staticmethod
    def _parse(
        loaded: Any, *, format: str | None, base_url: str | None = None, tiers: str | None = None
    ) -> tuple[ListToImport, str | None, str, str | None]:
        from readinglist import importers, importing

        lst = importers.parse(
            loaded.data,
            format=format,
            filename=loaded.filename,
            source_url=loaded.source_url,
            base_url=base_url,
            tiers=tiers,
        )
        if loaded.revision and not lst.revision:  # a pinned --ref is the revision we read
            lst = dataclasses.replace(lst, revision=loaded.revision)
        lst = importing.drop_unsafe_links(lst)
        return lst, loaded.location, importing.content_hash(loaded.data), loaded.filename

    @staticmethod
    def _check_name(name: str) -> str:
        name = validate.text(name, "list name").strip()
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
        with self._storage.read() as conn:
            f = reading.filters(conn, list, topic=topic, tier=tier, kind=kind, include_retired=include_retired)
            return reading.entries(conn, self._pid(conn, create=False), f, status)

    def _list_ids(self, conn: Any, name: str | None) -> list[int] | None:
        """The id of list ``name`` as a one-item filter (None: every list); raises when there is no such list."""
        return reading.filters(conn, name).list_ids

    def find(self, query: Target, *, list: str | None = None) -> Item:
        """The one item ``query`` names: an id, a URL, or words of its title. Raises if none or several match."""
        if isinstance(query, (Item, Entry)):
            return self._find_in(None, -1, query, list)
        validate.target(query)
        with self._storage.read() as conn:
            return self._find_in(conn, self._pid(conn, create=False), query, list)

    def _find_in(self, conn: Any, pid: int, query: Target, list: str | None) -> Item:
        """:meth:`find` inside an open transaction (a mark finds and writes in one)."""
        if isinstance(query, Item):
            return query
        if isinstance(query, Entry):
            return query.item
        validate.target(query)
        return reading.find(conn, pid, query, reading.filters(conn, list, include_retired=True))

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
        validate.text(note, "note")
        targets = [target] if isinstance(target, (int, str, Item, Entry)) else builtins_list(target)
        for t in targets:
            if not isinstance(t, (Item, Entry)):
                validate.target(t)

        def pick(conn: Any, pid: int) -> list[Item]:
            return [self._find_in(conn, pid, t, list) for t in targets]

        return self._set(pick, new_status, rating=rating, note=note, replace_note=replace_note)

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
            raise no_items(list=list, topic=topic, tier=tier, kind=kind)
        # Skipping a topic in bulk means "skip what is left": items already read stay read.
        keep = {e.item.id for e in chosen if new_status is Status.SKIPPED and e.status is Status.READ}
        unique = {e.item.id: e.item for e in chosen if e.item.id not in keep}
        result = self._set(lambda conn, pid: unique.values(), new_status)
        return dataclasses.replace(result, unchanged=result.unchanged + len(keep), kept_read=len(keep))

    def _set(
        self,
        pick: Callable[[Any, int], Iterable[Item]],
        status: Status,
        *,
        rating: int | None = None,
        note: str | None = None,
        replace_note: bool = True,
    ) -> MarkResult:
        """Give the items ``pick`` finds (in the writing transaction, so what is found is what is written) ``status``."""
        from readinglist.types import MarkResult

        now = self._now()
        with self._storage.transaction() as conn:
            pid = self._pid(conn)
            items = {i.id: i for i in pick(conn, pid)}
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
            messages = (
                reading.write_and_report(
                    conn, pid, {rid: status for rid in changes}, lambda: pdb.write(conn, pid, changes, now)
                )
                if changes
                else []
            )
        return MarkResult(
            status=status,
            items=tuple(items[rid] for rid in changes),
            unchanged=len(items) - len(changes),
            messages=tuple(messages),
        )

    def _apply_imported_progress(
        self, conn: Any, carried: Any, now: dt.datetime, mode: str = "keep", *, write: bool = True
    ) -> Any:
        """Progress that came with the list (our exports, a Goodreads shelf), merged with the reader's by the one
        rule of :mod:`readinglist.carried`; returns its :class:`ProgressMerge` (None when the list carried none)."""
        from readinglist import carried as carrying

        if not carried:
            return None
        return carrying.merge(conn, self._pid(conn, create=write), carried, now, mode, write=write)

    def undo(self) -> UndoResult:
        """Take back the last mark (one call of :meth:`mark` or :meth:`mark_many`); repeat to go further back."""
        from readinglist.types import UndoResult

        now = self._now()
        with self._storage.transaction() as conn:
            pid = self._pid(conn)
            batch = pdb.last_undoable_batch(conn, pid)
            if batch is None:
                raise NothingToUndoError(pdb.nothing_to_undo_message(conn, pid))
            rows = pdb.batch_events(conn, pid, batch)
            current = pdb.states(conn, pid, [r.resource_id for r in rows])
            changes = {}
            for r in rows:
                before = current.get(r.resource_id, pdb.State())
                prior = pdb.state_before(r, before)
                changes[r.resource_id] = (before, prior)
            pdb.write(conn, pid, changes, now, undoes=batch)
            held = db.load_entries(conn, pid, resource_ids=builtins_list(changes))
        items = {e.item.id: e.item for e in held}
        return UndoResult(
            items=tuple(items[r] for r in changes if r in items),
            restored=tuple(Status(p.status or "unread") for _, p in changes.values()),
        )

    def progress(self, list: str | None = None, *, effort: bool = True) -> list[ProgressRow]:
        """Counts per list, topic and tier, with the effort left (``minutes_left``, ``unestimated``) unless
        ``effort=False``."""
        with self._storage.read() as conn:
            pid, f = self._pid(conn, create=False), reading.filters(conn, list)
            return reading.progress_rows(conn, pid, f, effort=mdb.effort_left(conn, pid, f) if effort else None)

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
        with self._storage.read() as conn:
            f = reading.filters(conn, list, topic=topic, tier=tier, kind=kind)
            return reading.next_up(conn, self._pid(conn, create=False), f, strategy=strategy, limit=limit)

    # --- sync -------------------------------------------------------------------------------------------

    def sync(
        self,
        name: str,
        *,
        dry_run: bool = False,
        ref: str | None = None,
        source: str | None = None,
        progress: Callable[[str], None] | None = None,
        on_conflict: str | None = None,
        network: str | None = None,
    ) -> SyncReport:
        """Re-read the list's recorded source (or ``source``), apply what changed in one transaction, report it.

        Progress is never lost: see :mod:`readinglist.sync` for how entries are matched, retired and restored.
        ``dry_run`` writes nothing; ``ref`` pins a GitHub source to a branch, tag or commit. Unchanged bytes
        (the same hash as the last version) are not parsed at all. ``progress`` hears each phase as it starts.
        The ``base_url`` and ``tiers`` given at import are used again. ``on_conflict`` and ``network`` are those of
        :meth:`import_list`: statuses the list carries follow the same rule as on import (``report.progress``).
        """
        from readinglist import carried as carrying
        from readinglist import importing, sources
        from readinglist import sync as syncing

        mode = carrying.check_mode(on_conflict)
        info = self.get_list(name)
        where = source or info.source
        if not where:
            raise InvalidArgumentError(f"list {name!r} has no recorded source; give one with --source")
        _phase(progress, "reading")
        loaded = sources.load(where, ref=ref, network=network)
        if info.content_hash == importing.content_hash(loaded.data):  # unchanged bytes: nothing to parse
            return syncing.up_to_date(
                info,
                dry_run=dry_run,
                source=loaded.location or info.source,
                revision=loaded.revision or ref or info.revision,
                content_hash=info.content_hash,
                previous_hash=info.content_hash,
                synced_at=self._now(),
            )
        _phase(progress, "parsing")
        lst, location, digest, _ = self._parse(loaded, format=None, base_url=info.base_url, tiers=info.tiers)
        validate.list_to_import(lst)
        _phase(progress, "writing")
        now = self._now()
        return syncing.run(
            self._storage,
            name,
            lst,
            location=location,
            digest=digest,
            now=now,
            dry_run=dry_run,
            ref=ref,
            carry=self._carrier(lst, now, mode),
        )

    def sync_all(self, *, dry_run: bool = False, on_conflict: str | None = None) -> builtins_list[SyncReport]:
        """Sync every list that has a source; a list that fails gets a report with ``error`` set, the rest go on."""
        from readinglist.sync import SyncReport as Report

        reports = []
        for info in self.lists():
            if not info.source:
                continue
            try:
                reports.append(self.sync(info.name, dry_run=dry_run, on_conflict=on_conflict))
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
        self, existing: ListInfo, lst: ListToImport, *, location: str | None, digest: str, mode: str = "keep"
    ) -> ImportResult:
        """``import_list`` under an existing name with new content: a sync, reported in the import result."""
        from readinglist import sync as syncing

        now = self._now()
        found = syncing.run(
            self._storage,
            existing.name,
            lst,
            location=location,
            digest=digest,
            now=now,
            carry=self._carrier(lst, now, mode),
            merge_same=True,  # importing the same checklist again still applies the progress rule
        )
        return syncing.SyncImportResult(
            list=self.get_list(existing.name),
            entries=len(lst.items),
            resources_new=found.counts["added"],
            topics=len({i.section for i in lst.items if i.section}),
            warnings=tuple(lst.warnings),
            created=False,
            report=found,
            progress=found.progress,
        )

    # --- export -----------------------------------------------------------------------------------------

    def export(self, name: str, format: str = "md", *, include_retired: bool = True) -> str:
        """The list with your progress as text: ``md`` checklist, ``json``/``toml`` (lossless), or ``csv``."""
        from readinglist import export as exporters

        info = self.get_list(name)
        chosen = self.with_tags(self.entries(name, include_retired=include_retired))
        archived = self.archive_links([e.item.id for e in chosen])  # dead links' Wayback copies (issue 12)
        return exporters.export(info, chosen, format, archived=archived)

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
        embeddings: bool | None = None,
    ) -> Feed:
        """Subscribe to an RSS/Atom feed whose new entries become unread items of ``list`` (created if needed).

        ``include``/``exclude`` are case-insensitive regular expressions on each entry's title and summary.
        ``topic="auto"`` puts each new item in the list's topic it most resembles (``Inbox`` when unsure;
        needs the ``placement`` extra, scikit-learn); it also uses word embeddings when the ``embed`` extra is
        installed. ``embeddings=True`` requires them (``readinglist.embedding.EmbeddingUnavailableError`` without it).
        """
        from readinglist.feeds import subscriptions

        wanted_tier = parse_tier(tier)
        validate.value((url, topic, include, exclude, title), "feed setting")
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
            embeddings=embeddings,
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

    # --- enrich: metadata, effort estimates and link health -------------------------------------------------

    def enrich(
        self,
        list: str | None = None,
        *,
        only: str | Sequence[str] | None = None,
        refresh: bool = False,
        progress: Callable[[int, int], None] | None = None,
        endpoints: Any = None,
        client: Any = None,
    ) -> Iterator[EnrichResult]:
        """Fetch what each item is (authors, year, pages, duration...) and how long it takes; yields per item.

        ``only`` picks sources: arxiv, doi, books, pages, video. Items fetched before are skipped (``cached``)
        unless ``refresh``; each batch is stored as soon as it is fetched, so an interrupted run resumes.
        ``endpoints`` (:class:`readinglist.enrich.settings.Endpoints`) and ``client`` (:class:`readinglist.net.Client`)
        default to the real services (overridable by environment variables) and a polite client.
        """
        from readinglist.enrich import runner

        with self._storage.read() as conn:
            targets = mdb.targets(conn, self._list_ids(conn, list))
        return runner.enrich(
            self._storage, self._now, targets, only=only, refresh=refresh, progress=progress,
            endpoints=endpoints, client=client,
        )

    def accept_suggestion(
        self, item: Target, source_id: str | None = None, *, endpoints: Any = None, client: Any = None
    ) -> EnrichResult:
        """Attach a suggested paper (the best one, or ``source_id``) to an item a title search nearly matched."""
        from readinglist.enrich import runner

        found = self.find(item)
        with self._storage.read() as conn:
            suggestions = mdb.suggestions_of(conn, found.id)
            target = mdb.target(conn, found.id)
        return runner.accept(
            self._storage, self._now, target, suggestions, source_id, endpoints=endpoints, client=client
        )

    def metadata(self, items: Iterable[Target]) -> dict[int, Metadata]:
        """What was fetched about these items (ids or items), by item id; items never enriched are left out."""
        ids = [i if isinstance(i, int) else self.find(i).id for i in items]
        with self._storage.read() as conn:
            return mdb.load_metadata(conn, ids)

    def effort(self, item_ids: Iterable[int]) -> dict[int, Effort]:
        """How long each item takes (minutes, source, label such as "~25 min read"), by item id, where known."""
        with self._storage.read() as conn:
            return mdb.efforts(conn, builtins_list(item_ids))

    def set_minutes(self, item: Target, minutes: int | None) -> Item:
        """Your own estimate of an item's minutes (overrides the fetched one); None removes it."""
        if minutes is not None and not 0 < minutes <= 100_000:
            raise InvalidArgumentError("minutes must be a positive number")
        found = self.find(item)
        with self._storage.transaction() as conn:
            mdb.set_user_minutes(conn, found.id, minutes)
        return found

    def check_links(
        self,
        list: str | None = None,
        *,
        refresh: bool = False,
        fresh_for: dt.timedelta = dt.timedelta(days=1),
        progress: Callable[[int, int], None] | None = None,
        endpoints: Any = None,
        client: Any = None,
        workers: int = 32,
    ) -> Iterator[LinkCheck]:
        """Check every item's link (at most two requests open per host); yields per link, stored as it goes.

        Links checked within ``fresh_for`` are not asked again (their stored result is yielded) unless
        ``refresh``: an interrupted check resumes where it stopped. Dead links get a Wayback Machine copy.
        """
        from readinglist.enrich import check

        with self._storage.read() as conn:
            targets = mdb.targets(conn, self._list_ids(conn, list))
        return check.check_links(
            self._storage, self._now, targets, refresh=refresh, fresh_for=fresh_for, progress=progress,
            endpoints=endpoints, client=client, workers=workers,
        )

    def link_checks(self, list: str | None = None) -> builtins_list[LinkCheck]:
        """The stored results of the last ``check_links`` for a list's items (all lists when None)."""
        with self._storage.read() as conn:
            return mdb.load_link_checks(conn, [t.item.id for t in mdb.targets(conn, self._list_ids(conn, list))])

    def archive_links(self, item_ids: Iterable[int]) -> dict[int, str]:
        """Archived copies (Wayback Machine) of items whose link the last check found dead, by item id."""
        with self._storage.read() as conn:
            return mdb.archive_links(conn, builtins_list(item_ids))


    def redirects(self, list: str | None = None) -> builtins_list[LinkCheck]:
        """Links the last check found moved for good (``new_url``): what :meth:`apply_redirects` would apply."""
        return [c for c in self.link_checks(list) if c.outcome == "moved" and c.new_url]

    def apply_redirects(
        self, list: str | None = None, *, items: Iterable[Target] | None = None
    ) -> builtins_list[LinkCheck]:
        """Give each item whose link moved for good (see :meth:`redirects`; only ``items`` if given) its new URL.

        The item keeps its identity: progress stays, and the old URL still finds it. Returns what was applied (the
        checks as they were, ``url`` the old link, ``new_url`` the new one). New URLs that are not plain web links
        are refused (left as they are).
        """
        from readinglist import identity
        from readinglist.safety import clickable_url, safe_link

        wanted = None if items is None else {self.find(i, list=list).id for i in items}
        offered = [c for c in self.redirects(list) if wanted is None or c.item.id in wanted]
        applied = []
        with self._storage.transaction() as conn:
            for c in offered:
                new = safe_link(c.new_url)
                if new is None or clickable_url(new) != new:
                    continue
                key = identity.resource_key(new, c.item.title)
                if mdb.apply_redirect(conn, c.item.id, c.url, new, key, self._now()):  # if it still has that link
                    applied.append(c)
        return applied

    # --- adding and opening one item by hand ----------------------------------------------------------

    def add_item(
        self,
        url: str,
        *,
        list: str,
        topic: str | Sequence[str] | None = None,
        tier: int | str | None = None,
        title: str | None = None,
        kind: str | Kind | None = None,
        create: bool = False,
    ) -> Entry:
        """Put one item (an http(s) URL) at the end of ``list``, in ``topic`` and ``tier``; returns its entry.

        The list must exist unless ``create``; the same canonical URL already in the list is refused.
        """
        from readinglist import adding

        if not create:
            self.check_filters(list=list)
        rid = adding.add_item(
            self._storage,
            self._check_name(list),
            url,
            topic=topic,
            tier=parse_tier(tier),
            title=title,
            kind=lookup.parse_kind(kind),
            create=create,
            now=self._now(),
        )
        return next(e for e in self.entries(list, include_retired=True) if e.item.id == rid)

    # --- tags: a reader's own labels on items (see readinglist.tagging) --------------------------------

    def tag(
        self, target: Target | Iterable[Target], *names: str, list: str | None = None
    ) -> builtins_list[Item]:
        """Put tags on items (by id, URL, title words); tags are the profile's own, compared without case."""
        return self._retag(target, names, list, add=True)

    def untag(
        self, target: Target | Iterable[Target], *names: str, list: str | None = None
    ) -> builtins_list[Item]:
        """Take tags off items."""
        return self._retag(target, names, list, add=False)

    def _retag(
        self, target: Any, names: Sequence[str], list: str | None, *, add: bool
    ) -> builtins_list[Item]:
        from readinglist import tagging

        targets = [target] if isinstance(target, (int, str, Item, Entry)) else target
        items = [self.find(t, list=list) for t in targets]
        tagging.retag(self._storage, self.profile, items, names, add=add, now=self._now())
        return items

    def tags(self) -> dict[str, int]:
        """The profile's tags with how many items carry each."""
        from readinglist import tagging

        return tagging.counts(self._storage, self.profile)

    def tagged(self, name: str) -> set[int]:
        """Ids of the items carrying tag ``name``."""
        from readinglist import tagging

        return tagging.tagged(self._storage, self.profile, name)

    def with_tags(self, entries: Iterable[Entry]) -> builtins_list[Entry]:
        """The entries with their ``tags`` filled in."""
        from readinglist import tagging

        return tagging.with_tags(self._storage, self.profile, entries)

    # --- people and teams (see readinglist.profiles and readinglist.team) -------------------------------

    def profiles(self) -> builtins_list[Profile]:
        """Every profile (reader) in the database, by name, with counts and their last read."""
        from readinglist import profiles  # people commands only: not loaded by every command

        return profiles.all_profiles(self._storage)

    def add_profile(self, name: str) -> Profile:
        """Create a profile (one per person sharing the database); its progress starts empty."""
        from readinglist import profiles

        profiles.add(self._storage, name, self._now())
        return next(p for p in self.profiles() if p.name == profiles.check_name(name))

    def rename_profile(self, old: str, new: str) -> Profile:
        """Give a profile another name; its progress and history follow it."""
        from readinglist import profiles

        new = profiles.rename(self._storage, old, new)
        self.profile = new if self.profile == old else self.profile
        return next(p for p in self.profiles() if p.name == new)

    def remove_profile(self, name: str) -> None:
        """Delete a profile with its progress, tags and history. The lists stay: they are shared."""
        from readinglist import profiles

        profiles.remove(self._storage, name)

    def check_profile(self, name: str | None = None) -> None:
        """Raise :class:`ProfileNotFoundError` (naming a near one) unless the profile exists; ``default`` may."""
        if (name or self.profile) == DEFAULT_PROFILE:
            return  # it may not exist yet: a personal database makes it on the first mark (no need to ask)
        from readinglist import profiles

        profiles.require(self._storage, name or self.profile)

    def team_progress(self, list: str | None = None) -> TeamProgress:
        """Every profile's progress through ``list`` per topic and tier, side by side: who finished what, who is
        stuck (no read for 14 days). ``list`` may be left out when the database holds one list."""
        from readinglist import team

        if list is None:
            found = self.lists()
            if len(found) != 1:
                raise InvalidArgumentError(
                    f"name a list (you have {', '.join(i.name for i in found) or 'none'})"
                )
            list = found[0].name
        self.check_filters(list=list)
        info = self.get_list(list)
        return team.team_progress(self._storage, info.id, info.name, self._now())

    # --- names people type ---------------------------------------------------------------------------

    def check_filters(
        self, *, list: str | None = None, topic: str | None = None, tier: int | str | None = None
    ) -> None:
        """Refuse a list, topic or tier that does not exist, naming the nearest one ("did you mean elicit?")."""
        from readinglist import names

        known = [i.name for i in self.lists()]
        names.check_filters(known, lambda: self.progress(list, effort=False), list=list, topic=topic, tier=tier)

    def find_feed(self, name: str) -> Feed:
        """The feed ``name`` names: its URL, its title, or a part of the title or URL only it has."""
        from readinglist.names import pick_feed

        return pick_feed(name, self.feeds())

    # --- placement: moving items between topics (issue 10) -------------------------------------------------

    def move(
        self,
        target: Target,
        *,
        topic: str | Sequence[str] | None = None,
        tier: int | str | None = None,
        list: str | None = None,
    ) -> Entry:
        """Move an item's entry to another topic (created if missing; ``""`` for the root) and/or tier.

        Feeds that place new items by topic (``add_feed(..., topic="auto")``) learn from the move.
        """
        from readinglist import move as moving
        from readinglist.feeds.subscriptions import topic_path

        item = self.find(target, list=list)
        entry = moving.pick_entry(self.entries(list, include_retired=True), item.id)
        wanted_tier = parse_tier(tier)
        if isinstance(wanted_tier, str):
            raise InvalidArgumentError(f"move needs a tier number, not {tier!r}")
        path = None if topic is None else topic_path(topic)
        moving.move(self._storage, entry, topic=path, tier=wanted_tier, now=self._now())
        return next(e for e in self.entries(entry.list_name, include_retired=True) if e.id == entry.id)

    # --- the list after this one (issue 9: a finished list offers its next_list) -------------------------------

    def finished_with_next(self, list: str | None = None) -> builtins_list[tuple[ListInfo, str, bool]]:
        """Lists that are done (every active entry read or skipped) and name a ``next_list``: ``(list, next list
        name, whether that list is imported)``; only ``list`` when given."""
        infos = [self.get_list(list)] if list is not None else self.lists()
        names = {info.name for info in self.lists()}
        out = []
        for info in infos:
            if not info.next_list or not info.entry_count:
                continue
            if all(row.done == row.total for row in self.progress(info.name, effort=False)):  # counts, not every entry
                out.append((info, info.next_list, info.next_list in names))
        return out

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

    def stats(
        self, list: str | None = None, *, since: dt.date | str | None = None, minutes_per_day: float | None = None
    ) -> Stats:
        """Reads per day and week, streaks, pace over the last 4 weeks, days from started to read, and when each
        list, tier and topic will be done at that pace: all replayed from the event history.

        Where items have effort estimates, the finish dates come from the minutes left over your pace in minutes
        (``minutes_per_day``, or the effort of what you read in the last 4 weeks); else from items a week."""
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
            today = self._now().astimezone(dt.timezone.utc).date()
            read_minutes = mdb.minutes_of(conn, statistics.recent_reads(found, today))  # effort of recent reads
        if minutes_per_day is not None and not 0 < minutes_per_day <= 24 * 60:
            raise InvalidArgumentError("minutes per day must be between 1 and 1440")
        return statistics.compute(
            found, rows, today=today, since=start, read_minutes=read_minutes, minutes_per_day=minutes_per_day
        )

    # --- people and the web app (see readinglist/web/) ------------------------------------------------

    def profile_names(self) -> builtins_list[str]:
        """The name of every reader profile in the database, and this library's own (it may have no mark yet)."""
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
        network: str | None = None,
    ) -> ListToImport:
        """What importing ``source`` (a path, URL, bundled name, or the bytes of a file) would bring, without
        writing anything: a preview to show before :meth:`import_list` (``network`` as there)."""
        if isinstance(source, bytes):
            from readinglist import importers

            return importers.parse(source, format=format, filename=filename)
        return self._read_source(source, format=format, ref=None, network=network)[0]

    # --- progress a list carries, and the settings an import remembers (issue 9) ------------------------------

    def _carrier(self, lst: ListToImport, now: dt.datetime, mode: str) -> Callable[[Any, dict, bool], Any]:
        """The ``carry`` of :func:`readinglist.sync.run`: the statuses ``lst`` carries, merged by the import rule."""

        from readinglist import importing

        def carry(conn: Any, resource_of: dict[int, int], write: bool) -> Any:
            ids = [resource_of.get(i, -1 - i) for i in range(len(lst.items))]
            carried = importing.imported_progress(lst, ids)
            return self._apply_imported_progress(conn, carried, now, mode, write=write)

        return carry

    def _remembered_options(
        self, name: str | None, base_url: str | None, tiers: str | None
    ) -> tuple[str | None, str | None]:
        """``base_url``/``tiers`` as given, else those the list ``name`` (when it exists) remembers from its import."""
        if name is None or (base_url is not None and tiers is not None):
            return base_url, tiers
        with self._storage.read() as conn:
            info = db.find_list(conn, name)
        if info is None:
            return base_url, tiers
        return base_url if base_url is not None else info.base_url, tiers if tiers is not None else info.tiers

    def _remember_options(self, result: ImportResult, base_url: str | None, tiers: str | None) -> ImportResult:
        """Record a re-import's ``base_url``/``tiers`` for the list when they differ from what it remembers."""
        info = result.list
        if (base_url is None or base_url == info.base_url) and (tiers is None or tiers == info.tiers):
            return result
        values = {k: v for k, v in (("base_url", base_url), ("tiers", tiers)) if v is not None}
        with self._storage.transaction() as conn:
            db.update_list(conn, info.id, values)
            found = db.find_list(conn, info.name)
        return dataclasses.replace(result, list=found or info)


def _phase(progress: Callable[[str], None] | None, name: str) -> None:
    if progress is not None:
        progress(name)


builtins_list = list  # the methods above shadow ``list`` with a parameter name
