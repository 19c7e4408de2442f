"""The team view: every profile's progress through one list, topic by topic and tier by tier, side by side.

Pure: :func:`build` turns the storage layer's counts into a :class:`TeamProgress`. *Finished* means every active
entry of a topic's tier is read or skipped; *stuck* means a member who has not finished the list and has read
nothing of it for :data:`STUCK_AFTER_DAYS` days (a member who joined less than that long ago is not stuck yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.recommend import tier_rank
from readinglist.types import Placed, tier_name

STUCK_AFTER_DAYS = 14


@dataclass(frozen=True)
class TeamRow(Placed):
    """One tier of one topic: its size, and how many entries each profile has done (read or skipped)."""

    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None
    total: int
    done: Mapping[str, int]


@dataclass(frozen=True)
class Member:
    """One profile's standing in the list."""

    profile: str
    done: int
    read: int
    reading: int
    total: int
    last_read: dt.datetime | None
    stuck: bool
    finished: tuple[str, ...]
    """Whole tiers done in every topic (``"Tier 1"``), then single topic tiers (``"Tier 2 of Transformers"``)."""


@dataclass(frozen=True)
class TeamProgress:
    list_name: str
    members: tuple[Member, ...]
    rows: tuple[TeamRow, ...]
    stuck_after_days: int = STUCK_AFTER_DAYS


def build(
    list_name: str,
    groups: Sequence,
    counts: Mapping[tuple[int, tuple[str, ...], int | None, str], int],
    last_read: Mapping[int, dt.datetime],
    profiles: Sequence,
    now: dt.datetime,
    stuck_after_days: int = STUCK_AFTER_DAYS,
) -> TeamProgress:
    """``groups`` are (section, tier, tier_label, total) in list order; ``counts`` entry counts per (profile id,
    section, tier, status); ``profiles`` rows with ``id``, ``name`` and ``created_at``."""
    rows = []
    for g in groups:
        done = {
            p.name: counts.get((p.id, g.section, g.tier, "read"), 0)
            + counts.get((p.id, g.section, g.tier, "skipped"), 0)
            for p in profiles
        }
        rows.append(TeamRow(g.section, g.tier, g.tier_label, g.total, done))
    total = sum(r.total for r in rows)
    cutoff = now - dt.timedelta(days=stuck_after_days)
    members = []
    for p in profiles:
        done = sum(r.done[p.name] for r in rows)
        read = sum(n for (pid, _, _, status), n in counts.items() if pid == p.id and status == "read")
        reading = sum(n for (pid, _, _, status), n in counts.items() if pid == p.id and status == "reading")
        last = last_read.get(p.id)
        started = p.created_at if p.created_at.tzinfo else p.created_at.replace(tzinfo=dt.timezone.utc)
        stuck = done < total and (last < cutoff if last is not None else started < cutoff)
        members.append(Member(p.name, done, read, reading, total, last, stuck, _finished(rows, p.name)))
    return TeamProgress(list_name, tuple(members), tuple(rows), stuck_after_days)


def _finished(rows: Sequence[TeamRow], who: str) -> tuple[str, ...]:
    whole: dict[int | None, bool] = {}
    labels: dict[int | None, str] = {}
    for r in rows:
        whole[r.tier] = whole.get(r.tier, True) and r.done[who] >= r.total
        labels.setdefault(r.tier, r.tier_name)
    out = [labels[t] for t in sorted(whole, key=tier_rank) if whole[t]]
    for r in rows:
        if not whole[r.tier] and r.done[who] >= r.total > 0:
            out.append(f"{r.tier_name} of {r.topic or '(no topic)'}")
    return tuple(out)


def cell_name(row: TeamRow) -> str:
    return f"{row.topic or '(no topic)'} · {tier_name(row.tier, row.tier_label)}"


def team_progress(storage: Any, list_id: int, list_name: str, now: dt.datetime) -> TeamProgress:
    """Read the counts for one list (three GROUP BY queries) and build the view."""
    from readinglist.storage import profiles as prdb

    with storage.read() as conn:
        groups, counts, last = prdb.team_counts(conn, list_id)
        people = prdb.all_profiles(conn)
    return build(list_name, groups, counts, last, people, now)
