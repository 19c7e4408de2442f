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

from readinglist.enrich.left import total as effort_total
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
    minutes_left: int = 0  # effort of the open items that have an estimate
    unestimated: int = 0  # open items without an estimate
    basis: str = "items"  # "minutes": effort left / minutes a week; "items": items left / items a week


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
    minutes_pace: float | None = None  # minutes a week: your own, or the effort of what you read lately
    minutes_basis: str | None = None  # "yours" (minutes_per_day), "observed", or None: no effort figures


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


def estimates(
    rows: Sequence[ProgressRow], pace: float, today: dt.date, minutes_pace: float | None = None
) -> list[Estimate]:
    """Per list, per tier (tier-first order: a tier is done when it and every lower tier are) and per topic
    (if read on its own), when it will be done.

    With effort figures (some open item of the list has an estimate, see ``ProgressRow.minutes_left``) and a
    ``minutes_pace`` (minutes a week), the time is the minutes left / that pace, each open item without an
    estimate counted at the list's average estimate. Otherwise (the fallback) it is the items left / ``pace``
    items a week."""

    def make(
        rows_in: Sequence[ProgressRow],
        list_name: str,
        scope: str,
        name: str,
        before: Sequence[ProgressRow],
        average: float | None,
    ) -> Estimate:
        done, total = sum(r.done for r in rows_in), sum(r.total for r in rows_in)
        minutes, unknown = effort_total(rows_in)
        remaining = total - done
        if remaining == 0:
            return Estimate(list_name, scope, name, done, total, 0, 0.0, today, 0, 0, "items")
        if average is not None and minutes_pace:
            to_do = sum(r.minutes_left + r.unestimated * average for r in (*rows_in, *before))
            weeks: float | None = to_do / minutes_pace
            basis = "minutes"
        elif pace > 0:
            weeks = sum(r.total - r.done for r in (*rows_in, *before)) / pace
            basis = "items"
        else:
            weeks, basis = None, "items"
        date = None if weeks is None else today + dt.timedelta(days=math.ceil(weeks * 7))
        return Estimate(list_name, scope, name, done, total, remaining, weeks, date, minutes, unknown, basis)

    out: list[Estimate] = []
    for list_name in dict.fromkeys(r.list_name for r in rows):
        mine = [r for r in rows if r.list_name == list_name]
        known_minutes = sum(r.minutes_left for r in mine)
        known_items = sum(r.total - r.done - r.unestimated for r in mine)
        average = known_minutes / known_items if known_minutes and known_items > 0 else None
        out.append(make(mine, list_name, "list", list_name, (), average))
        before: list[ProgressRow] = []
        for tier in sorted({r.tier for r in mine}, key=tier_rank):
            at = [r for r in mine if r.tier == tier]
            out.append(make(at, list_name, "tier", tier_name(tier, at[0].tier_label), before, average))
            before += at
        topics: dict[tuple[str, ...], list[ProgressRow]] = {}
        for r in mine:
            topics.setdefault(r.section, []).append(r)
        for section, at in topics.items():
            name = " / ".join(section) if section else "(no topic)"
            out.append(make(at, list_name, "topic", name, (), average))
    return out


def recent_reads(final: Mapping[int, tuple[str, int, int | None]], today: dt.date) -> list[int]:
    """The resources read in the pace window (the last :data:`PACE_WEEKS` weeks up to today)."""
    start = today - dt.timedelta(days=7 * PACE_WEEKS - 1)
    return [rid for rid, (status, at, _) in final.items() if status == "read" and start <= _day(at) <= today]


def minutes_pace(
    recent: Sequence[int], minutes: Mapping[int, int], *, minutes_per_day: float | None = None
) -> tuple[float | None, str | None]:
    """``(minutes a week, basis)``: your own ``minutes_per_day`` x 7 (basis ``"yours"``), else what you read in
    the pace window, in minutes (``"observed"``: the items read there x their average estimate, over
    :data:`PACE_WEEKS` weeks), else ``(None, None)``: no effort figures to go by."""
    if minutes_per_day:
        return minutes_per_day * 7, "yours"
    known = [minutes[rid] for rid in recent if rid in minutes]
    if not known:
        return None, None
    return sum(known) / len(known) * len(recent) / PACE_WEEKS, "observed"


def compute(
    final: Mapping[int, tuple[str, int, int | None]],
    rows: Sequence[ProgressRow],
    *,
    today: dt.date,
    since: dt.date | None = None,
    read_minutes: Mapping[int, int] | None = None,
    minutes_per_day: float | None = None,
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
    by_minutes, basis = minutes_pace(
        recent_reads(final, today), read_minutes or {}, minutes_per_day=minutes_per_day
    )
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
        estimates=tuple(estimates(rows, pace, today, by_minutes)),
        minutes_pace=by_minutes,
        minutes_basis=basis,
    )
