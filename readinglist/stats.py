"""Reading statistics from the event history: reads per day and week, streaks, pace, time to finish, estimates.

Pure functions: nothing here is counted as it happens, everything is replayed from the events (an undo takes a read
back because its event says so), so the figures cannot drift from what happened. Days are UTC days.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from readinglist.recommend import tier_rank
from readinglist.types import ProgressRow, tier_name

PACE_WEEKS = 4
"""Pace is measured over this many weeks up to today."""
WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Estimate:
    """When something will be done at the current pace: a list, one tier of a list, or one topic of a list."""

    list_name: str
    scope: str  # "list", "tier" or "topic"
    name: str  # the list name, "Tier 2", or the topic
    done: int
    total: int
    remaining: int
    weeks: float | None  # None: no pace yet (nothing read in the last weeks)
    date: dt.date | None


@dataclass(frozen=True)
class Stats:
    """What :meth:`readinglist.Library.stats` returns. ``per_day`` and ``per_week`` count items read (not skipped)."""

    today: dt.date
    since: dt.date | None
    read: int  # items read (in the period, if ``since``)
    skipped: int
    per_day: tuple[tuple[dt.date, int], ...]  # every day with a read, oldest first
    per_week: tuple[tuple[dt.date, int], ...]  # the last 12 weeks (Monday of each), zeros included
    current_streak: int  # days in a row with a read, ending today (or yesterday: today is not over)
    longest_streak: int
    pace: float  # items read per week over the last 4 weeks
    days_to_finish: float | None  # median days from started (reading) to read
    estimates: tuple[Estimate, ...] = field(default=())


def _day(seconds: int) -> dt.date:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()


def replay(
    events: Iterable[tuple[int, int, str | None, str | None]],
) -> dict[int, tuple[str, int, int | None]]:
    """Each resource's final ``(status, seconds it got there, seconds it was started or None)``."""
    state: dict[int, tuple[str, int, int | None]] = {}
    for rid, at, _old, new in events:
        status = new or "unread"
        started = state[rid][2] if rid in state else None
        if status == "reading":
            started = started if started is not None else at
        elif status == "unread":
            started = None
        state[rid] = (status, at, started)
    return state


def streaks(days: Iterable[dt.date], today: dt.date) -> tuple[int, int]:
    """``(current, longest)`` runs of consecutive days; the current run may end yesterday."""
    ordered = sorted(set(days))
    longest = run = 0
    previous: dt.date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    present = set(ordered)
    start = today if today in present else today - dt.timedelta(days=1)
    while start in present:
        current += 1
        start -= dt.timedelta(days=1)
    return current, longest


def estimates(rows: Sequence[ProgressRow], pace: float, today: dt.date) -> list[Estimate]:
    """Per list, per tier (tier-first order: a tier is done when it and every lower tier are) and per topic
    (if read on its own), when it will be done at ``pace`` items a week."""

    def make(
        list_name: str, scope: str, name: str, done: int, total: int, remaining_before: int = 0
    ) -> Estimate:
        remaining = total - done
        to_read = remaining + remaining_before
        if remaining == 0:
            return Estimate(list_name, scope, name, done, total, 0, 0.0, today)
        if pace <= 0:
            return Estimate(list_name, scope, name, done, total, remaining, None, None)
        weeks = to_read / pace
        return Estimate(
            list_name,
            scope,
            name,
            done,
            total,
            remaining,
            weeks,
            today + dt.timedelta(days=math.ceil(weeks * 7)),
        )

    out: list[Estimate] = []
    for list_name in dict.fromkeys(r.list_name for r in rows):
        mine = [r for r in rows if r.list_name == list_name]
        out.append(make(list_name, "list", list_name, sum(r.done for r in mine), sum(r.total for r in mine)))
        before = 0
        for tier in sorted({r.tier for r in mine}, key=tier_rank):
            at = [r for r in mine if r.tier == tier]
            done, total = sum(r.done for r in at), sum(r.total for r in at)
            out.append(make(list_name, "tier", tier_name(tier, at[0].tier_label), done, total, before))
            before += total - done
        topics: dict[tuple[str, ...], list[ProgressRow]] = {}
        for r in mine:
            topics.setdefault(r.section, []).append(r)
        for section, at in topics.items():
            name = " / ".join(section) if section else "(no topic)"
            out.append(make(list_name, "topic", name, sum(r.done for r in at), sum(r.total for r in at)))
    return out


def compute(
    final: Mapping[int, tuple[str, int, int | None]],
    rows: Sequence[ProgressRow],
    *,
    today: dt.date,
    since: dt.date | None = None,
) -> Stats:
    """All the figures from each resource's replayed history (see :func:`replay`) and the progress rows."""
    read_days: list[dt.date] = []
    durations: list[float] = []
    skipped = 0
    for status, at, started in final.values():
        day = _day(at)
        if since is not None and day < since:
            continue
        if status == "read":
            read_days.append(day)
            if started is not None and at >= started:
                durations.append((at - started) / 86400)
        elif status == "skipped":
            skipped += 1
    per_day = Counter(read_days)
    monday = today - dt.timedelta(days=today.weekday())
    weeks = [monday - dt.timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    per_week = Counter(d - dt.timedelta(days=d.weekday()) for d in read_days)
    window_start = today - dt.timedelta(days=7 * PACE_WEEKS - 1)
    recent = sum(n for d, n in per_day.items() if window_start <= d <= today)
    pace = recent / PACE_WEEKS
    current, longest = streaks(per_day, today)
    return Stats(
        today=today,
        since=since,
        read=len(read_days),
        skipped=skipped,
        per_day=tuple(sorted(per_day.items())),
        per_week=tuple((w, per_week.get(w, 0)) for w in weeks),
        current_streak=current,
        longest_streak=longest,
        pace=pace,
        days_to_finish=statistics.median(durations) if durations else None,
        estimates=tuple(estimates(rows, pace, today)),
    )
