"""Reading progress rules: parsing statuses and tiers, state transitions, and what a change finished.

Pure functions; the :class:`~readinglist.Library` stores what they decide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from readinglist.exceptions import InvalidArgumentError
from readinglist.recommend import group_key, tier_rank
from readinglist.storage.progress import State
from readinglist.types import Entry, ProgressRow, Status, tier_name

UNTIERED = "untiered"
"""The word for 'no tier' in filters (``--tier untiered``)."""


def parse_status(value: str | Status) -> Status:
    if isinstance(value, Status):
        return value
    text = str(value).strip().lower()
    aliases = {"done": "read", "todo": "unread", "skip": "skipped", "started": "reading", "new": "unread"}
    try:
        return Status(aliases.get(text, text))
    except ValueError:
        valid = ", ".join(s.value for s in Status)
        raise InvalidArgumentError(f"unknown status {value!r}; use one of {valid}") from None


def parse_tier(value: int | str | None) -> int | str | None:
    """``1``, ``"2"``, ``"Tier 3"``, ``"4+"`` -> an int; ``"untiered"`` -> :data:`UNTIERED`; None -> None (any)."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip().lower().removeprefix("tier").strip().rstrip("+").strip()
    if text in ("untiered", "none", "-"):
        return UNTIERED
    if text.isdigit():
        return int(text)
    raise InvalidArgumentError(f"unknown tier {value!r}; use a number like 1 or 4+, or 'untiered'")


def tier_matches(entry_tier: int | None, wanted: int | str | None) -> bool:
    if wanted is None:
        return True
    if wanted == UNTIERED:
        return entry_tier is None
    return entry_tier == wanted


def check_rating(rating: int | None) -> int | None:
    if rating is None:
        return None
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidArgumentError(f"rating must be a whole number from 1 to 5, not {rating!r}")
    return rating


def transition(
    old: State,
    status: Status,
    now: dt.datetime,
    *,
    rating: int | None = None,
    note: str | None = None,
    replace_note: bool = True,
) -> State:
    """The state after marking: timestamps follow the status; rating and note are kept unless given.

    With ``replace_note=False`` a new note is added below the old one with its date (see :func:`add_note`).
    """
    started = old.started_at
    finished = old.finished_at
    if status is Status.READING:
        started = started or now
        finished = None
    elif status.done:
        started = started or now
        finished = now if Status(old.status or "unread") is not status or finished is None else finished
    else:
        started = finished = None
    return State(
        status=status.value,
        rating=rating if rating is not None else old.rating,
        note=old.note if note is None else note if replace_note else add_note(old.note, note, now),
        started_at=started,
        finished_at=finished,
    )


def add_note(old: str | None, note: str, now: dt.datetime) -> str:
    """Notes accumulate: the new one goes under the old ones, dated; the same note twice is kept once."""
    note = note.strip()
    if not old or not old.strip():
        return note
    if not note or old.rstrip().endswith(note):
        return old
    return f"{old.rstrip()}\n{now:%Y-%m-%d}: {note}"


def completion_messages(entries: Sequence[Entry], changed: Mapping[int, Status]) -> list[str]:
    """What a change of statuses (``resource id -> new status``) finished: a tier of a topic, or a whole tier.

    ``entries`` are the active entries of the lists concerned, with their statuses before the change.
    """
    after = [
        dataclasses.replace(e, status=changed[e.item.id]) if e.item.id in changed else e for e in entries
    ]
    messages: list[str] = []
    whole: dict[tuple[str, int], str] = {}  # one "done in every topic" per list and tier, after the topics
    touched = {group_key(e) for e in entries if e.item.id in changed}
    first_at: dict[tuple, int] = {}
    for e in entries:
        first_at.setdefault(group_key(e), e.position)
    several_lists = len({k[0] for k in touched}) > 1
    # Lower tiers first, then the topics in the list's order (a set alone would give a random order).
    for key in sorted(touched, key=lambda k: (k[0], tier_rank(k[2]), first_at[k])):
        list_name, section, tier = key
        was = all(e.status.done for e in entries if group_key(e) == key)
        now_done = all(e.status.done for e in after if group_key(e) == key)
        if was or not now_done:
            continue
        sample = next(e for e in after if group_key(e) == key)
        topic = section[-1] if section else list_name
        if section and several_lists:  # the same topic finished in two lists: say which is which
            topic = f"{topic} in {list_name}"
        rest = [e for e in after if e.list_name == list_name and e.section == section and not e.status.done]
        if rest:
            nxt = min(rest, key=lambda e: (tier_rank(e.tier), e.position))
            count = sum(1 for e in rest if e.tier == nxt.tier)
            tail = f"next there: {nxt.tier_name} ({count} left)"
        else:
            tail = "that topic is finished"
        messages.append(f"Finished {tier_name(tier, sample.tier_label)} of {topic}; {tail}.")
        list_entries = [e for e in after if e.list_name == list_name]
        if tier is not None and all(e.status.done for e in list_entries if e.tier == tier):
            was_all = all(e.status.done for e in entries if e.list_name == list_name and e.tier == tier)
            later = [e for e in list_entries if not e.status.done]
            if not was_all:
                if later:
                    nxt = min(later, key=lambda e: (tier_rank(e.tier), e.position))
                    n = sum(1 for e in later if e.tier == nxt.tier)
                    whole[(list_name, tier)] = (
                        f"{tier_name(tier, sample.tier_label)} is done in every topic of {list_name}: "
                        f"{nxt.tier_name} is next ({n} items)."
                    )
                else:
                    whole[(list_name, tier)] = f"Every item of {list_name} is read or skipped."
    return messages + list(whole.values())


def progress_rows(entries: Sequence[Entry]) -> list[ProgressRow]:
    """Counts per list, topic and tier, in the list's order (a resource listed twice counts twice)."""
    order: dict[tuple, int] = {}
    counts: dict[tuple, dict[str, int]] = {}
    labels: dict[tuple, str | None] = {}
    for e in entries:
        key = group_key(e)
        order.setdefault(key, len(order))
        labels.setdefault(key, e.tier_label)
        c = counts.setdefault(key, {"total": 0, "read": 0, "skipped": 0, "reading": 0})
        c["total"] += 1
        if e.status is not Status.UNREAD:
            c[e.status.value] += 1
    rows = []
    for key in order:
        list_name, section, tier = key
        rows.append(ProgressRow(list_name, section, tier, labels[key], **counts[key]))
    return rows
