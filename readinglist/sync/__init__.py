"""Sync: re-import a changed upstream list, keep every bit of progress, and say what changed.

A sync compares the entries stored for a list (retired ones included) with a freshly parsed
:class:`~readinglist.types.ListToImport` and applies the difference in the caller's transaction.

Matching, in this order (each pass only sees what earlier passes left unmatched):

1. **same** resource key (canonical URL, or title for URL-less items) **and** same title key: the entry stays,
   whatever tier, topic or position it moved to. Duplicates pair up in list order.
2. **retitled**: same canonical URL, another title (a title fix). A URL that the new list gives under two titles
   stays two entries: pass 1 already paired the title that did not change.
3. **relinked**: same title, a different URL that is not the same resource (a link fixed); only when that title is
   unique among what is left on both sides. The entry now points at the new URL's resource, and the old resource's
   progress is carried over (see below).
4. **merged**: an old entry whose URL is now an extra link of a new item (two entries merged upstream into one
   entry with two links). The merged-away entry is deleted and its resource's progress is carried into the merged
   entry's resource, for every profile: the further status wins (unread < reading < skipped < read), a rating
   fills a missing one, notes are joined. The old resource keeps its own progress rows untouched, so nothing is
   ever lost and other lists holding it are unaffected. Carrying writes no event: ``undo`` keeps taking back the
   reader's own marks.

What is left on the new side is **added**; what is left on the old side is **removed**: deleted when no profile has
progress or a note on its resource (or when another entry of the list still holds that resource, as when a list
drops one of two copies of an item), else kept as **retired** (hidden from ``next`` and listings unless asked for).
A retired entry that matches a new item again is **restored**. Statuses belong to resources, so moved entries keep
them.

Progress the new version carries (``[x]`` marks of a checklist, an export's statuses) is merged with the reader's
by the one rule of :mod:`readinglist.carried` (``carry``), the same as on a first import, and counted in the report.

Topics: an old topic path that no longer exists, whose matched entries mostly went to one new path that did not
exist before, is a **rename** (the section row is renamed in place, children follow). Matched entries whose topic
(after renames) or tier changed are **moved**. Positions follow the new list; retired entries go after the active
ones, in their old order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from readinglist.sync.apply import apply, planned_resources
from readinglist.sync.changes import (
    KINDS,
    RELINKED,
    Change,
    SyncImportResult,
    SyncReport,
    TopicRename,
    Version,
    version_from_row,
)
from readinglist.sync.diff import Plan, Stored, diff, report
from readinglist.types import ListToImport


def run(
    storage: Any,
    name: str,
    new: ListToImport,
    *,
    location: str | None,
    digest: str,
    now: dt.datetime,
    dry_run: bool = False,
    ref: str | None = None,
    carry: Callable[[Any, dict[int, int], bool], Any] | None = None,
    merge_same: bool = False,
) -> SyncReport:
    """Sync list ``name`` to ``new`` in one transaction (or read-only on ``dry_run``) and return the report.

    Same content hash as the last version: nothing is written and the report says up to date (with
    ``merge_same``, a re-import of the same content, the progress it carries is still merged). ``carry(conn,
    resource id by item index, write)`` merges the progress the new items carry and returns the report's
    ``progress`` (on a dry run it only counts).
    """
    from readinglist.exceptions import ListNotFoundError
    from readinglist.storage import lists as db
    from readinglist.storage import progress as pdb

    if ref and not new.revision:
        new = dataclasses.replace(new, revision=ref)
    opened = storage.read() if dry_run else storage.transaction()
    with opened as conn:
        info = db.find_list(conn, name)
        if info is None:
            raise ListNotFoundError(name)
        location = location or info.source
        base: dict[str, Any] = dict(
            source=location,
            revision=new.revision,
            content_hash=digest,
            previous_hash=info.content_hash,
            synced_at=now,
        )
        if info.content_hash == digest:
            same = up_to_date(info, dry_run=dry_run, **base)
            if not merge_same or carry is None:
                return same
            # the same content brought in again on purpose (a re-import): only the progress it carries to merge
            unchanged = diff([Stored.from_row(r) for r in db.sync_entries(conn, info.id)], new)
            merged = carry(conn, planned_resources(conn, unchanged, new.items), not dry_run)
            return dataclasses.replace(same, progress=merged)
        old = [Stored.from_row(r) for r in db.sync_entries(conn, info.id)]
        plan = diff(old, new)
        # A removed duplicate whose resource stays listed in another entry needs no retired copy.
        staying = {m.old.resource_id for m in plan.matches if m.how != RELINKED}
        gone = [e.resource_id for e in plan.gone if e.resource_id not in staying]
        with_progress = pdb.resources_with_progress(conn, gone)
        result = dataclasses.replace(report(name, plan, new, with_progress, dry_run=dry_run), **base)
        if not dry_run:
            result = apply(
                conn, info.id, plan, new, result, with_progress, location=location, digest=digest, now=now, carry=carry
            )
        elif carry is not None:
            result = dataclasses.replace(result, progress=carry(conn, planned_resources(conn, plan, new.items), False))
    return result


def up_to_date(info: Any, *, dry_run: bool, **base: Any) -> SyncReport:
    """The report of a sync whose source has the same content hash as the last version: nothing to do."""
    return SyncReport(info.name, up_to_date=True, dry_run=dry_run, entries=info.entry_count, **base)


__all__ = [
    "KINDS",
    "Change",
    "Plan",
    "Stored",
    "SyncImportResult",
    "SyncReport",
    "TopicRename",
    "Version",
    "apply",
    "diff",
    "report",
    "run",
    "version_from_row",
]
