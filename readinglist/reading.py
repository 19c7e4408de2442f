"""Answers about your reading, asked of the database: entries, what to read next, progress counts, one item, and
what a mark finished.

Each function runs inside the caller's connection and asks :mod:`readinglist.storage.reads` for no more than the
answer needs; the wording and the rules come from the pure modules (:mod:`readinglist.recommend`,
:mod:`readinglist.progress`, :mod:`readinglist.lookup`), which tests hold these answers to.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from readinglist import collector, lookup
from readinglist.exceptions import InvalidArgumentError, ItemNotFoundError, ListNotFoundError
from readinglist.progress import UNTIERED, Finished, finished_messages, parse_status, parse_tier
from readinglist.recommend import check_strategy, reason, tier_rank
from readinglist.storage import lists as list_store
from readinglist.storage import reads
from readinglist.types import Entry, Item, Kind, ProgressRow, Recommendation, Status, tier_name

_MAX_ID = 2**63 - 1


def filters(
    conn: Any,
    list: str | None = None,
    *,
    topic: str | None = None,
    tier: int | str | None = None,
    kind: str | Kind | None = None,
    include_retired: bool = False,
) -> reads.Filters:
    """The filters of a read, with the list name and the topic resolved (raising when either is unknown)."""
    wanted_tier = parse_tier(tier)
    wanted_kind = lookup.parse_kind(kind)
    list_ids = None
    if list is not None:
        found = list_store.list_id(conn, list)
        if found is None:
            raise ListNotFoundError(list)
        list_ids = [found]
    section_ids = None
    if topic is not None:
        section_ids = [
            sid for sid, path in reads.sections_of(conn, list_ids).items() if lookup.path_matches(path, topic)
        ]
        if not section_ids:
            raise InvalidArgumentError(f"no topic matches {topic!r}; 'readinglist progress' lists the topics")
    return reads.Filters(
        list_ids=list_ids,
        section_ids=section_ids,
        tier=UNTIERED if wanted_tier == UNTIERED else wanted_tier,
        kind=wanted_kind.value if wanted_kind else None,
        include_retired=include_retired,
    )


def entries(conn: Any, pid: int, f: reads.Filters, status: str | Status | None = None) -> list[Entry]:
    wanted = parse_status(status).value if status is not None else None
    return reads.entries_where(conn, pid, f, status=wanted)


# --- next ------------------------------------------------------------------------------------------------------


def next_up(conn: Any, pid: int, f: reads.Filters, *, strategy: str, limit: int | None) -> list[Recommendation]:
    """What to read now (see :func:`readinglist.recommend.recommend`, whose answers these are)."""
    check_strategy(strategy)
    keys: reads.Keys = {}  # each entry read: its group and when it was added (for the reasons)
    reading = reads.reading_entries(conn, pid, f, keys) if pid >= 0 else []  # no profile yet: nothing being read
    # The lists in their order: what ranks the items being read, and the walk of topic-first.
    names = reads.lists_in_order(conn, f) if reading or strategy != "tier-first" else {}
    list_ids = list(names)
    rank = {names[lid]: i for i, lid in enumerate(list_ids)}
    starts: dict[int, list[tuple[int | None, int]]] = {}

    def section_starts(list_id: int) -> list[tuple[int | None, int]]:
        if list_id not in starts:
            starts[list_id] = reads.section_starts(conn, f, list_id)
        return starts[list_id]

    if strategy == "tier-first":
        reading.sort(key=lambda e: (tier_rank(e.tier), rank[e.list_name], e.position))
        stream: Iterator[Entry] = reads.open_tier_first(conn, pid, f, _first(limit), keys)
    else:
        ids_by_name = {n: i for i, n in names.items()}

        def section_rank(e: Entry) -> int:
            lid = ids_by_name[e.list_name]
            order = {sid: start for sid, start in section_starts(lid)}
            return order.get(keys[e.id][0][1], e.position)

        reading.sort(key=lambda e: (rank[e.list_name], section_rank(e), tier_rank(e.tier), e.position))
        stream = _topic_first(conn, pid, f, list_ids, section_starts, _first(limit), keys)
    picked: list[Entry] = []
    seen: set[int] = set()
    for e in itertools.chain(reading, stream):
        if e.item.id in seen:
            continue
        seen.add(e.item.id)
        picked.append(e)
        if limit is not None and len(picked) >= limit:
            break
    return _explain(conn, pid, picked, keys)


def _first(limit: int | None) -> int:
    return 200 if limit is None else 2 * limit + 8


def _topic_first(
    conn: Any,
    pid: int,
    f: reads.Filters,
    list_ids: list[int],
    section_starts: Callable[[int], list[tuple[int | None, int]]],
    first: int,
    keys: reads.Keys,
) -> Iterator[Entry]:
    for list_id in list_ids:
        for section_id, _start in section_starts(list_id):
            yield from reads.open_in_section(conn, pid, f, list_id, section_id, first, keys)


def _explain(conn: Any, pid: int, picked: list[Entry], keys: reads.Keys) -> list[Recommendation]:
    """Each pick with its reason: the counts of its whole tier of its topic (``keys``: each pick's group, noted by the
    read that found it)."""
    if not picked:
        return []
    keys = {e.id: keys[e.id] for e in picked}
    first_at = reads.first_imports(conn, sorted({k[0] for k, _ in keys.values()}))
    counts = reads.group_counts(conn, pid, list({k for k, _ in keys.values()}), first_at)
    out = []
    for e in picked:
        key, added = keys[e.id]
        c = counts[key]
        first = first_at.get(key[0])
        grew = bool(c.older) and not c.older_open and first is not None and added > first
        out.append(Recommendation(entry=e, reason=reason(e, c.left, c.total, grew=grew)))
    return out


# --- progress ----------------------------------------------------------------------------------------------------


def progress_rows(
    conn: Any,
    pid: int,
    f: reads.Filters,
    *,
    effort: Mapping[tuple[str, tuple[str, ...], int | None], tuple[int, int]] | None = None,
) -> list[ProgressRow]:
    """Counts per list, topic and tier, in list order; with ``effort`` (``(list, topic path, tier) -> (minutes of
    the open estimated items, how many they are)``) each row also says the minutes left and the open items that
    have no estimate."""
    with collector.paused():
        totals, statuses = reads.group_rows(conn, pid, f)
        list_ids = sorted({g[0] for g in totals})
        names = reads.list_names(conn, list_ids)
        paths = reads.sections_of(conn, list_ids) if totals else {}
        none = (0, 0, 0)
        no_effort = (0, 0)
        make = _progress_row
        rows = []
        if effort is not None and not effort:  # nothing estimated: every open item is unestimated, no lookups
            for lid, sid, tier, label, _start, total in totals:
                read, skipped, reading = statuses.get((lid, sid, tier), none)
                left = total - read - skipped
                rows.append(make(names[lid], paths.get(sid, ()), tier, label, total, read, skipped, reading, 0,
                                 left if left > 0 else 0))
            return rows
        for lid, sid, tier, label, _start, total in totals:
            name, path = names[lid], paths.get(sid, ())
            read, skipped, reading = statuses.get((lid, sid, tier), none)
            if effort is None:
                rows.append(make(name, path, tier, label, total, read, skipped, reading, 0, 0))
                continue
            minutes, estimated = effort.get((name, path, tier), no_effort)
            unestimated = max(0, total - read - skipped - estimated)  # the open items, less those with an estimate
            rows.append(make(name, path, tier, label, total, read, skipped, reading, minutes, unestimated))
        return rows


def _row_maker() -> Callable[..., ProgressRow]:
    """``ProgressRow(*fields)`` with every field given, at a fifth of the frozen dataclass's ``__init__`` cost
    (100,000 rows at a million entries: 0.29 s -> 0.17 s). The generated ``__init__`` sets each field through
    ``object.__setattr__`` (frozen); this sets the same slots through their descriptors, in field order. The
    result equals the constructor's (``tests/test_read_queries.py`` holds it to the fields)."""
    (s0, s1, s2, s3, s4, s5, s6, s7, s8, s9) = (ProgressRow.__dict__[name].__set__ for name in PROGRESS_FIELDS)
    new = object.__new__

    def make(a: Any, b: Any, c: Any, d: Any, e: Any, f: Any, g: Any, h: Any, i: Any, j: Any) -> ProgressRow:
        row = new(ProgressRow)
        s0(row, a), s1(row, b), s2(row, c), s3(row, d), s4(row, e)
        s5(row, f), s6(row, g), s7(row, h), s8(row, i), s9(row, j)
        return row

    return make


PROGRESS_FIELDS = (
    "list_name",
    "section",
    "tier",
    "tier_label",
    "total",
    "read",
    "skipped",
    "reading",
    "minutes_left",
    "unestimated",
)
""":class:`ProgressRow`'s fields in order, as :func:`_row_maker` sets them."""

_progress_row = _row_maker()


# --- one item ------------------------------------------------------------------------------------------------------


def find(conn: Any, pid: int, query: int | str, f: reads.Filters) -> Item:
    """The one item ``query`` names (an id, a URL or title words), looked up by index; ranked by
    :func:`readinglist.lookup.pick`."""
    from readinglist.identity import resource_key, title_key

    text = str(query).strip()
    shape = lookup.query_shape(query)
    if shape == "id":
        number = int(text)
        found = reads.candidates_by_id(conn, pid, number, f) if number <= _MAX_ID else []
    elif shape == "url":
        key = resource_key(text, "")
        found = reads.candidates_by_key(conn, pid, key, f)
        moved_here = reads.alias_of(conn, key) if not found else None
        if moved_here is not None:  # the new home of a link that moved for good: the resource it names
            held = reads.candidates_by_id(conn, pid, moved_here, f)
            if held:
                return held[0].item
    else:
        words = lookup.query_words(text)
        if not words:
            raise ItemNotFoundError(text)
        found = reads.candidates_by_words(conn, pid, words, [title_key(w) for w in words], f)
    return lookup.pick(query, found)


# --- what a mark finished -------------------------------------------------------------------------------------------


def write_and_report(
    conn: Any, pid: int, changed: Mapping[int, Status], write: Callable[[], None]
) -> list[str]:
    """Run ``write`` (which stores ``changed``) and say which tiers of which topics it finished.

    Only the groups (list, topic, tier) holding a changed resource are looked at, before and after the write.
    """
    groups = reads.groups_holding(conn, list(changed))
    was_open = {k: reads.group_is_open(conn, pid, k) for k in groups}
    tiers = {(k[0], k[2]) for k in groups if k[2] is not None}
    tier_was_open = {t: reads.tier_is_open(conn, pid, t[0], t[1]) for t in tiers}
    write()
    finished = []
    for key, (list_name, section) in groups.items():
        if not was_open[key] or reads.group_is_open(conn, pid, key):
            continue
        list_id, section_id, tier = key
        start, label = reads.group_start(conn, key)
        whole = tier is not None and tier_was_open[(list_id, tier)] and not reads.tier_is_open(conn, pid, list_id, tier)
        finished.append(
            Finished(
                list_name,
                section,
                tier,
                label,
                start,
                _named(reads.next_open_tier(conn, pid, list_id, section_id, whole_list=False)),
                whole,
                _named(reads.next_open_tier(conn, pid, list_id, section_id, whole_list=True)) if whole else None,
            )
        )
    return finished_messages(finished)


def _named(found: tuple[int | None, str | None, int] | None) -> tuple[str, int] | None:
    return None if found is None else (tier_name(found[0], found[1]), found[2])
