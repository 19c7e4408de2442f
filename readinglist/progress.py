"""Reading progress rules: parsing statuses and tiers, state transitions, and what a change finished.

Pure functions; the :class:`~readinglist.Library` stores what they decide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

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
        from readinglist.validate import whole_number

        return whole_number(value, "tier")
    text = str(value).strip().lower().removeprefix("tier").strip().rstrip("+").strip()
    if text in ("untiered", "none", "-"):
        return UNTIERED
    if text.isdigit() and text.isascii() and len(text) <= 9:  # fits an INTEGER column on every engine
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


class Finished(NamedTuple):  # a NamedTuple, not a frozen dataclass: defining it costs a tenth (start-up)
    """A tier of a topic that a change finished, with what comes next there and in its list.

    ``next_in_topic`` / ``next_in_list`` are ``(tier name, open items)`` or None when nothing is left;
    ``whole_tier`` says the change also finished that tier in every topic of the list.
    """

    list_name: str
    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None
    first_position: int
    next_in_topic: tuple[str, int] | None
    whole_tier: bool = False
    next_in_list: tuple[str, int] | None = None


def finished_messages(finished: Sequence[Finished]) -> list[str]:
    """The messages for what a change finished: lower tiers first, then topics in list order; one line per tier
    finished in every topic of a list, after the topics."""
    messages: list[str] = []
    whole: dict[tuple[str, int], str] = {}
    several_lists = len({f.list_name for f in finished}) > 1
    for f in sorted(finished, key=lambda f: (f.list_name, tier_rank(f.tier), f.first_position)):
        topic = f.section[-1] if f.section else f.list_name
        if f.section and several_lists:  # the same topic finished in two lists: say which is which
            topic = f"{topic} in {f.list_name}"
        if f.next_in_topic is not None:
            tail = f"next there: {f.next_in_topic[0]} ({f.next_in_topic[1]} left)"
        else:
            tail = "that topic is finished"
        name = tier_name(f.tier, f.tier_label)
        messages.append(f"Finished {name} of {topic}; {tail}.")
        if f.whole_tier and f.tier is not None and (f.list_name, f.tier) not in whole:
            if f.next_in_list is not None:
                whole[(f.list_name, f.tier)] = (
                    f"{name} is done in every topic of {f.list_name}: "
                    f"{f.next_in_list[0]} is next ({f.next_in_list[1]} items)."
                )
            else:  # said once, however many tiers the change finished
                whole[(f.list_name, -1)] = f"Every item of {f.list_name} is read or skipped."
    return messages + list(whole.values())


def _next_open(rest: Sequence[Entry]) -> tuple[str, int] | None:
    if not rest:
        return None
    nxt = min(rest, key=lambda e: (tier_rank(e.tier), e.position))
    return nxt.tier_name, sum(1 for e in rest if e.tier == nxt.tier)


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
    touched = {group_key(e) for e in entries if e.item.id in changed}
    first_at: dict[tuple, int] = {}
    for e in entries:
        first_at.setdefault(group_key(e), e.position)
    finished = []
    for key in touched:
        list_name, section, tier = key
        was = all(e.status.done for e in entries if group_key(e) == key)
        now_done = all(e.status.done for e in after if group_key(e) == key)
        if was or not now_done:
            continue
        sample = next(e for e in after if group_key(e) == key)
        rest = [e for e in after if e.list_name == list_name and e.section == section and not e.status.done]
        in_list = [e for e in after if e.list_name == list_name]
        whole = (
            tier is not None
            and all(e.status.done for e in in_list if e.tier == tier)
            and not all(e.status.done for e in entries if e.list_name == list_name and e.tier == tier)
        )
        finished.append(
            Finished(
                list_name,
                section,
                tier,
                sample.tier_label,
                first_at[key],
                _next_open(rest),
                whole,
                _next_open([e for e in in_list if not e.status.done]) if whole else None,
            )
        )
    return finished_messages(finished)


def progress_rows(entries: Sequence[Entry]) -> list[ProgressRow]:
    """Counts per list, topic and tier, in the list's order (a resource listed twice counts twice)."""
    order: dict[tuple, int] = {}
    counts: dict[tuple, dict[str, int]] = {}
    labels: dict[tuple, str | None] = {}
    for e in entries:
        key = group_key(e)
        order.setdefault(key, len(order))
        if e.tier_label is not None and (labels.get(key) is None or e.tier_label < labels[key]):
            labels[key] = e.tier_label  # the group's label: the smallest one given (entries of a tier agree)
        labels.setdefault(key, None)
        c = counts.setdefault(key, {"total": 0, "read": 0, "skipped": 0, "reading": 0})
        c["total"] += 1
        if e.status is not Status.UNREAD:
            c[e.status.value] += 1
    rows = []
    for key in order:
        list_name, section, tier = key
        rows.append(ProgressRow(list_name, section, tier, labels[key], **counts[key]))
    return rows
