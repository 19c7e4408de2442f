"""What to read next: a pure ranking of entries by a strategy.

*tier-first* (the default, and what the Elicit list asks: "read Tier 1 for all topics, then Tier 2 for all topics")
takes the lowest tier that still has unread items across all topics, in the list's order. *topic-first* finishes a
topic, tier by tier, before the next topic. Items you are reading come first in both; Tier 4+ and untiered items
come last; read and skipped items never come back. A resource listed twice is recommended once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from readinglist.exceptions import InvalidArgumentError
from readinglist.types import Entry, Kind, Recommendation, Status, tier_name

STRATEGIES = ("tier-first", "topic-first")
_UNTIERED = 10**6


def tier_rank(tier: int | None) -> int:
    return _UNTIERED if tier is None else tier


def check_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise InvalidArgumentError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    return strategy


def group_key(entry: Entry) -> tuple[str, tuple[str, ...], int | None]:
    """Entries that make up one tier of one topic of one list."""
    return (entry.list_name, entry.section, entry.tier)


def recommend(
    entries: Sequence[Entry],
    *,
    strategy: str = "tier-first",
    limit: int | None = 5,
    list_order: Sequence[str] | None = None,
    fresh: Collection[int] = (),
    kind: Kind | None = None,
) -> list[Recommendation]:
    """Rank the open entries of ``entries`` (active entries with their progress) and explain each pick.

    ``fresh`` are ids of entries a sync added after the first import: when the rest of such an entry's tier of its
    topic is all read or skipped, its reason says so ("new since you finished Tier 1 of Transformers"), so a
    reader who had moved on learns that a finished tier grew.
    """
    check_strategy(strategy)
    lists_seen: dict[str, int] = {name: i for i, name in enumerate(list_order or [])}
    section_order: dict[tuple[str, tuple[str, ...]], int] = {}
    totals: dict[tuple, int] = {}
    left: dict[tuple, int] = {}
    older: dict[tuple, int] = {}
    older_open: dict[tuple, int] = {}
    for e in entries:
        lists_seen.setdefault(e.list_name, len(lists_seen))
        section_order.setdefault((e.list_name, e.section), e.position)
        key = group_key(e)
        totals[key] = totals.get(key, 0) + 1
        if not e.status.done:
            left[key] = left.get(key, 0) + 1
        if e.id not in fresh:
            older[key] = older.get(key, 0) + 1
            if not e.status.done:
                older_open[key] = older_open.get(key, 0) + 1

    def tier_first(e: Entry) -> tuple:
        return (e.status is not Status.READING, tier_rank(e.tier), lists_seen[e.list_name], e.position)

    def topic_first(e: Entry) -> tuple:
        return (
            e.status is not Status.READING,
            lists_seen[e.list_name],
            section_order[(e.list_name, e.section)],
            tier_rank(e.tier),
            e.position,
        )

    key_fn: Callable[[Entry], tuple] = tier_first if strategy == "tier-first" else topic_first
    picked: list[Recommendation] = []
    seen_items: set[int] = set()
    for e in sorted((e for e in entries if not e.status.done), key=key_fn):
        if e.item.id in seen_items or (kind is not None and e.item.kind is not kind):
            continue
        seen_items.add(e.item.id)
        why = reason(e, left[group_key(e)], totals[group_key(e)])
        key = group_key(e)
        if e.id in fresh and older.get(key, 0) and not older_open.get(key, 0):
            why += f" (new since you finished {tier_name(e.tier, e.tier_label)} of {e.topic or e.list_name})"
        picked.append(Recommendation(entry=e, reason=why))
        if limit is not None and len(picked) >= limit:
            break
    return picked


def reason(entry: Entry, left: int, total: int) -> str:
    """``"Tier 2 of Transformers: 3 of 5 left"``; says so when the item is already being read."""
    where = entry.topic or entry.list_name
    head = f"{tier_name(entry.tier, entry.tier_label)} of {where}" if entry.tier is not None else where
    text = f"{head}: {left} of {total} left"
    if entry.status is Status.READING:
        text += " (you are reading it)"
    if entry.new:
        text += " (new in the list)"
    return text
