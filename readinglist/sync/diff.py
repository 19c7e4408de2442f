"""The pure diff between a list's stored entries and a newly parsed version (see readinglist.sync)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from readinglist import identity
from readinglist.origins import LISTED
from readinglist.sync.changes import (
    _MIN_RELINK_TITLE,
    ADDED,
    KINDS,
    MERGED,
    MOVED,
    RELINKED,
    REMOVED,
    RESTORED,
    RETIRED,
    RETITLED,
    Change,
    SyncReport,
    TopicRename,
)
from readinglist.types import ItemToImport, Link, ListToImport


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
    origin: str = LISTED
    """``"list"`` for entries from the list's source; ``"added"`` and ``"feed"`` entries are the reader's own."""

    @property
    def own(self) -> bool:
        """Added by the reader or placed by a feed: upstream never listed it, so it never retires it."""
        return self.origin != LISTED

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
    kept: list[Stored] = field(default_factory=list)
    """The reader's own entries (added, or placed by a feed) that no new item matched: left as they are."""
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
    pair(  # an entry without a link that the new list links: the same work, whatever its title's length
        RELINKED,
        lambda e: None if e.url else old_keys[e.id][1] or None,
        lambda i: new_keys[i][1] or None if items[i].url else None,
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
        if e.own:
            plan.kept.append(e)  # the reader's own entry, not upstream's: it stays as it is
            continue
        if e.url and key in linked:
            plan.merged.append((e, linked[key]))
        else:
            plan.gone.append(e)
    plan.added = free
    plan.kept.sort(key=lambda e: (e.position, e.id))
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
