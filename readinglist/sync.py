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

Topics: an old topic path that no longer exists, whose matched entries mostly went to one new path that did not
exist before, is a **rename** (the section row is renamed in place, children follow). Matched entries whose topic
(after renames) or tier changed are **moved**. Positions follow the new list; retired entries go after the active
ones, in their old order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from readinglist import identity, importing
from readinglist.types import ImportResult, ItemToImport, Link, ListToImport, tier_name

ADDED, REMOVED, RETIRED, RESTORED = "added", "removed", "retired", "restored"
MOVED, RETITLED, RELINKED, MERGED = "moved", "retitled", "relinked", "merged"
KINDS = (ADDED, REMOVED, RETIRED, RESTORED, MOVED, RETITLED, RELINKED, MERGED)
"""Kinds of :class:`Change`, in report order."""

_MIN_RELINK_TITLE = 8
"""Shorter title keys ("video", "paper") are too generic to say two different URLs are one entry."""


# --- the report --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One entry that changed. ``section``/``tier`` are where it is now (where it was, for removed/retired).

    ``old_*`` say where it came from (moved), what it was called (retitled), its old URL (relinked); ``into``
    names the entry a merged entry went into. A restored or retitled entry that also moved has ``old_section``/
    ``old_tier`` set too.
    """

    kind: str
    title: str
    url: str | None = None
    section: tuple[str, ...] = ()
    tier: int | None = None
    tier_label: str | None = None
    old_title: str | None = None
    old_url: str | None = None
    old_section: tuple[str, ...] | None = None
    old_tier: int | None = None
    old_tier_label: str | None = None
    into: str | None = None

    @property
    def topic(self) -> str:
        return self.section[-1] if self.section else ""

    @property
    def tier_name(self) -> str:
        return tier_name(self.tier, self.tier_label)

    @property
    def moved(self) -> bool:
        """The entry changed topic or tier."""
        return self.old_section is not None and (self.old_section, self.old_tier) != (self.section, self.tier)


@dataclass(frozen=True)
class TopicRename:
    """A topic heading that changed while its entries stayed: ``old`` and ``new`` paths."""

    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed (or would change, on a dry run), per entry and per topic.

    ``up_to_date`` means the source's content hash equals the last version's: nothing was written. ``updated``
    counts entries whose list-given details changed (note, links, description, ✨ flag) without any other change;
    ``error`` is set only in :meth:`Library.sync_all` results for a list whose sync failed (nothing changed there).
    """

    list_name: str
    up_to_date: bool = False
    dry_run: bool = False
    changes: tuple[Change, ...] = ()
    renamed: tuple[TopicRename, ...] = ()
    updated: int = 0
    entries: int = 0
    source: str | None = None
    revision: str | None = None
    content_hash: str | None = None
    previous_hash: str | None = None
    synced_at: dt.datetime | None = None
    error: str | None = None

    def of(self, kind: str) -> tuple[Change, ...]:
        """The changes of one kind (``"added"``, ``"moved"``...)."""
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        """Number of changes of each kind, plus ``renamed`` topics and ``updated`` entries."""
        found = Counter(c.kind for c in self.changes)
        out = {k: found.get(k, 0) for k in KINDS}
        out["renamed"] = len(self.renamed)
        out["updated"] = self.updated
        return out

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.renamed or self.updated)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (stored as the version's summary, printed by ``--json``)."""
        out = _jsonable(self)
        out["counts"] = self.counts
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncReport:
        """Rebuild a report from :meth:`to_dict` output (a stored version summary)."""
        names = {f.name for f in dataclasses.fields(Change)}
        changes = tuple(
            Change(**{k: _untuple(k, v) for k, v in c.items() if k in names}) for c in data.get("changes", ())
        )
        renamed = tuple(TopicRename(tuple(r["old"]), tuple(r["new"])) for r in data.get("renamed", ()))
        at = data.get("synced_at")
        return cls(
            list_name=data.get("list_name", ""),
            up_to_date=bool(data.get("up_to_date")),
            dry_run=bool(data.get("dry_run")),
            changes=changes,
            renamed=renamed,
            updated=int(data.get("updated", 0)),
            entries=int(data.get("entries", 0)),
            source=data.get("source"),
            revision=data.get("revision"),
            content_hash=data.get("content_hash"),
            previous_hash=data.get("previous_hash"),
            synced_at=dt.datetime.fromisoformat(at) if at else None,
            error=data.get("error"),
        )

    def lines(self) -> list[str]:
        """Human-readable lines: a headline, then one line per topic, then renamed topics."""
        if self.error:
            return [f"{self.list_name}: failed: {self.error}"]
        if self.up_to_date:
            return [f"{self.list_name}: up to date ({self.entries} items)"]
        verb = "would change" if self.dry_run else "changed"
        if not self.changed:
            return [
                f"{self.list_name}: new source version, no entry {verb.split()[-1]} ({self.entries} items)"
            ]
        parts = [f"{n} {k}" for k, n in self.counts.items() if n]
        out = [f"{self.list_name}: {verb}: {', '.join(parts)}; {self.entries} items now"]
        for topic, text in topic_lines(self.changes):
            out.append(f"  {topic}: {text}")
        for r in self.renamed:
            out.append(f"  topic renamed: {' / '.join(r.old)} → {' / '.join(r.new)}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _untuple(key: str, value: Any) -> Any:
    return tuple(value) if key in ("section", "old_section") and value is not None else value


def topic_lines(changes: Iterable[Change]) -> list[tuple[str, str]]:
    """``("Transformers", "+2 in Tier 2 (new), 1 moved Tier 3 → Tier 2, 1 retired")`` per topic, in first-seen order."""
    by_topic: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_topic[" / ".join(c.section) or "(top)"].append(c)
    out = []
    for topic, group in by_topic.items():
        parts: list[str] = []
        added = Counter(c.tier_name for c in group if c.kind == ADDED)
        parts += [f"+{n} in {t} (new)" for t, n in added.items()]
        restored = Counter(c.tier_name for c in group if c.kind == RESTORED)
        parts += [f"{n} restored in {t}" for t, n in restored.items()]
        moves = Counter(_move_text(c) for c in group if c.kind == MOVED)
        parts += [f"{n} moved {text}" for text, n in moves.items()]
        for kind in (RETITLED, RELINKED, MERGED, RETIRED, REMOVED):
            n = sum(1 for c in group if c.kind == kind)
            if n:
                parts.append(f"{n} {kind}")
        out.append((topic, ", ".join(parts)))
    return out


def _move_text(c: Change) -> str:
    old_tier = tier_name(c.old_tier, c.old_tier_label)
    if c.old_section == c.section:
        return f"{old_tier} → {c.tier_name}"
    return f"from {' / '.join(c.old_section or ()) or '(top)'} {old_tier} → {c.tier_name}"


@dataclass(frozen=True)
class Version:
    """One imported version of a list: when, from where, which revision, and what it changed."""

    id: int
    imported_at: dt.datetime | None
    source: str | None
    revision: str | None
    source_date: str | None
    content_hash: str | None
    entry_count: int
    first_import: bool = False
    report: SyncReport | None = None

    def lines(self) -> list[str]:
        when = self.imported_at.strftime("%Y-%m-%d %H:%M") if self.imported_at else "?"
        rev = f" {self.revision}" if self.revision else ""
        head = f"{when}  {(self.content_hash or '')[:10]}{rev}  {self.entry_count} items"
        if self.first_import:
            return [f"{head}  first import"]
        if self.report is None:
            return [head]
        body = self.report.lines()
        return [f"{head}  {body[0].split(': ', 1)[-1]}"] + body[1:]


@dataclass(frozen=True)
class SyncImportResult(ImportResult):
    """What ``import_list`` returns when it re-imported an existing list: the import result plus the report."""

    report: SyncReport | None = None


def version_from_row(row: Mapping[str, Any]) -> Version:
    summary = row.get("summary") or {}
    first = bool(summary.get("first_import"))
    report = SyncReport.from_dict(summary) if summary and not first else None
    return Version(
        id=row["id"],
        imported_at=row.get("imported_at"),
        source=row.get("source"),
        revision=row.get("revision"),
        source_date=row.get("source_date"),
        content_hash=row.get("content_hash"),
        entry_count=int(row.get("entry_count") or 0),
        first_import=first,
        report=report,
    )


# --- the pure diff -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """An entry as stored, as sync needs it."""

    id: int
    resource_id: int
    title: str
    url: str | None
    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None = None
    position: int = 0
    retired: bool = False
    section_id: int | None = None
    note: str | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    new: bool = False
    resource_title_key: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Stored:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in row.items() if k in names}
        return cls(**values, resource_title_key=row.get("r_title_key"))


@dataclass(frozen=True)
class Match:
    """An old entry paired with the new item at ``index``; ``how`` is same, retitled or relinked."""

    old: Stored
    index: int
    how: str


@dataclass
class Plan:
    """The difference between stored entries and a new list, before progress decides retire vs delete."""

    matches: list[Match] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    merged: list[tuple[Stored, int]] = field(default_factory=list)
    gone: list[Stored] = field(default_factory=list)
    section_map: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    renamed: list[TopicRename] = field(default_factory=list)

    def mapped(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """An old section path after topic renames."""
        return map_path(path, self.section_map)


def _keys(url: str | None, title: str) -> tuple[str, str]:
    return identity.resource_key(url, title), identity.title_key(title)


def diff(old: Sequence[Stored], new: ListToImport) -> Plan:
    """Match stored entries to the new list's items (see the module docs for the passes)."""
    items = new.items
    new_keys = [_keys(i.url, i.title) for i in items]
    # Active entries first so that a duplicate keeps its live copy; then list order.
    pending = sorted(old, key=lambda e: (e.retired, e.position, e.id))
    old_keys = {e.id: _keys(e.url, e.title) for e in pending}
    free = list(range(len(items)))
    plan = Plan()

    def pair(how: str, old_key: Any, new_key: Any, usable: Any = None) -> None:
        nonlocal pending, free
        waiting: dict[Any, list[int]] = defaultdict(list)
        for idx in free:
            k = new_key(idx)
            if k is not None:
                waiting[k].append(idx)
        if usable is not None:
            old_count = Counter(old_key(e) for e in pending)
            waiting = defaultdict(list, {k: v for k, v in waiting.items() if usable(k, old_count[k], len(v))})
        taken: set[int] = set()
        left = []
        for e in pending:
            queue = waiting.get(old_key(e))
            if queue:
                idx = queue.pop(0)
                taken.add(idx)
                plan.matches.append(Match(e, idx, how))
            else:
                left.append(e)
        pending = left
        free = [i for i in free if i not in taken]

    pair("same", lambda e: old_keys[e.id], lambda i: new_keys[i])
    pair(
        RETITLED,
        lambda e: _url_key(old_keys[e.id][0]),
        lambda i: _url_key(new_keys[i][0]),
    )
    pair(
        RELINKED,
        lambda e: _long_title(old_keys[e.id][1]),
        lambda i: _long_title(new_keys[i][1]),
        usable=lambda k, n_old, n_new: k is not None and n_old == 1 and n_new == 1,
    )
    linked: dict[str, int] = {}
    for idx, item in enumerate(items):
        for link in item.links:
            key = identity.resource_key(link.url, link.title)
            if not key.startswith("title:"):
                linked.setdefault(key, idx)
    for e in pending:
        key = old_keys[e.id][0]
        if e.url and key in linked:
            plan.merged.append((e, linked[key]))
        else:
            plan.gone.append(e)
    plan.added = free
    plan.matches.sort(key=lambda m: m.index)
    plan.section_map, plan.renamed = find_renames(old, items, plan.matches, new.section_order())
    return plan


def _url_key(key: str) -> str | None:
    return None if key.startswith("title:") else key


def _long_title(tkey: str) -> str | None:
    return tkey if len(tkey) >= _MIN_RELINK_TITLE else None


def find_renames(
    old: Sequence[Stored],
    items: Sequence[ItemToImport],
    matches: Sequence[Match],
    new_paths: Sequence[tuple[str, ...]],
    old_paths: Iterable[tuple[str, ...]] = (),
) -> tuple[dict[tuple[str, ...], tuple[str, ...]], list[TopicRename]]:
    """Topic renames: an old path gone from the new list whose matched entries mostly went to one new path.

    Returns the mapping for every level that changed (parents included) and the renames to report. A rename is
    refused when it would collide with a path that exists on the other side, or contradict another rename.
    """
    new_set = set(new_paths)
    known_old: set[tuple[str, ...]] = set(old_paths)
    for e in old:
        for d in range(1, len(e.section) + 1):
            known_old.add(e.section[:d])
    went: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for m in matches:
        if m.old.section and m.old.section not in new_set:
            went[m.old.section][items[m.index].section] += 1
    level_map: dict[tuple[str, ...], tuple[str, ...]] = {}
    for path in sorted(went, key=lambda p: min(e.position for e in old if e.section == p)):
        target, count = went[path].most_common(1)[0]
        if len(target) != len(path) or count * 2 <= sum(went[path].values()) or target in known_old:
            continue
        steps = {path[:d]: target[:d] for d in range(1, len(path) + 1) if path[:d] != target[:d]}
        claimed = {dst: src for src, dst in level_map.items()}
        ok = all(
            src not in new_set
            and dst not in known_old
            and level_map.get(src, dst) == dst
            and claimed.get(dst, src) == src
            for src, dst in steps.items()
        )
        if ok:
            level_map.update(steps)
    renamed = [TopicRename(src, dst) for src, dst in level_map.items()]
    return level_map, renamed


def map_path(path: tuple[str, ...], level_map: Mapping[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """``path`` with its longest renamed prefix replaced."""
    for d in range(len(path), 0, -1):
        head = path[:d]
        if head in level_map:
            return level_map[head] + path[d:]
    return path


def report(
    name: str, plan: Plan, new: ListToImport, with_progress: set[int], *, dry_run: bool = False
) -> SyncReport:
    """The report of a plan; ``with_progress`` are the resource ids some profile has progress or a note on."""
    items = new.items
    changes: list[Change] = []
    updated = 0
    for m in plan.matches:
        item = items[m.index]
        old_section = plan.mapped(m.old.section)
        where_changed = (old_section, m.old.tier) != (item.section, item.tier)
        base = dict(
            title=item.title,
            url=item.url,
            section=item.section,
            tier=item.tier,
            tier_label=item.tier_label,
            old_section=old_section if where_changed else None,
            old_tier=m.old.tier if where_changed else None,
            old_tier_label=m.old.tier_label if where_changed else None,
        )
        if m.old.retired:
            changes.append(Change(RESTORED, **base))
        elif m.how == RETITLED:
            changes.append(Change(RETITLED, old_title=m.old.title, **base))
        elif m.how == RELINKED:
            changes.append(Change(RELINKED, old_url=m.old.url, **base))
        elif where_changed:
            changes.append(Change(MOVED, **base))
        elif _details(m.old) != _details_of(item):
            updated += 1
    for idx in plan.added:
        item = items[idx]
        changes.append(Change(ADDED, item.title, item.url, item.section, item.tier, item.tier_label))
    for e, idx in plan.merged:
        changes.append(
            Change(
                MERGED, e.title, e.url, plan.mapped(e.section), e.tier, e.tier_label, into=items[idx].title
            )
        )
    for e in plan.gone:
        if e.retired:
            continue
        kind = RETIRED if e.resource_id in with_progress else REMOVED
        changes.append(Change(kind, e.title, e.url, plan.mapped(e.section), e.tier, e.tier_label))
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: order[c.kind])
    return SyncReport(
        list_name=name,
        dry_run=dry_run,
        changes=tuple(changes),
        renamed=tuple(plan.renamed),
        updated=updated,
        entries=len(items),
    )


def _details(e: Stored) -> tuple:
    return (e.title, e.url, e.note, e.description, tuple(e.links), bool(e.new), e.tier_label)


def _details_of(item: ItemToImport) -> tuple:
    return (
        item.title,
        item.url,
        item.note,
        item.description,
        tuple(item.links),
        bool(item.new),
        item.tier_label,
    )


# --- applying a plan ---------------------------------------------------------------------------------------


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
) -> None:
    """Write ``plan`` in the caller's transaction: sections, entries, carried progress, list row, version."""
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
    carry: list[tuple[int, int]] = []
    updates = []
    for m in plan.matches:
        item = items[m.index]
        rid = m.old.resource_id
        if m.how == RELINKED:
            rid = resource_of[m.index]
            carry.append((m.old.resource_id, rid))
        if m.how == RETITLED and m.old.resource_title_key == identity.title_key(m.old.title):
            db.retitle_resource(
                conn, rid, item.title, identity.title_key(item.title), identity.title_key(m.old.title)
            )
        row = importing.entry_row(
            item, list_id=list_id, resource_id=rid, section_id=sid_of(item.section), position=m.index, now=now
        )
        row.pop("list_id")
        row.pop("added_at")
        if _changed(m.old, row):
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
    carry += [(e.resource_id, _target(plan, idx, resource_of)) for e, idx in plan.merged]
    to_delete = [e.id for e, _ in plan.merged]
    retired_rows = []
    keep = sorted((e for e in plan.gone), key=lambda e: (e.position, e.id))
    for e in keep:
        if e.retired or e.resource_id in with_progress:
            retired_rows.append(
                {"entry_id": e.id, "retired": True, "position": len(items) + len(retired_rows)}
            )
        else:
            to_delete.append(e.id)
    db.update_entries(conn, retired_rows)
    db.delete_entries(conn, to_delete)
    if carry:
        db.carry_progress(conn, carry, now)
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


# --- running a sync ----------------------------------------------------------------------------------------


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
) -> SyncReport:
    """Sync list ``name`` to ``new`` in one transaction (or read-only on ``dry_run``) and return the report.

    Same content hash as the last version: nothing is written and the report says up to date.
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
            return SyncReport(name, up_to_date=True, dry_run=dry_run, entries=info.entry_count, **base)
        old = [Stored.from_row(r) for r in db.sync_entries(conn, info.id)]
        plan = diff(old, new)
        # A removed duplicate whose resource stays listed in another entry needs no retired copy.
        staying = {m.old.resource_id for m in plan.matches if m.how != RELINKED}
        gone = [e.resource_id for e in plan.gone if e.resource_id not in staying]
        with_progress = pdb.resources_with_progress(conn, gone)
        result = dataclasses.replace(report(name, plan, new, with_progress, dry_run=dry_run), **base)
        if not dry_run:
            apply(conn, info.id, plan, new, result, with_progress, location=location, digest=digest, now=now)
    return result
