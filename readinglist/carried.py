"""Progress that comes with a list, and the one rule for when it disagrees with the reader's own.

Some lists carry a reader's progress: our Markdown checklist (``[x]``, ``[/]``, ``[-]``), our JSON/TOML/CSV
exports (status, rating, note), Goodreads shelves (with the day a book was read). Importing one into a database
that already has progress on some of its items raises a question: whose status wins? One rule answers it, the
same on a first import, a re-import under the same name and a ``sync``:

* an item **you have no progress on** (never marked, or back to unread with no rating or note) takes the list's
  status, rating and note: **applied**;
* an item where the list **agrees** with you changes nothing and is not counted;
* an item where the list **disagrees** (another status, or a rating or note of its own that differs) follows the
  mode: ``keep`` (the default) never overwrites your progress and counts the item as **kept**; ``theirs`` makes the
  list's status win (its rating and note too, when it has them) and counts the item as **overwritten**.

A dated read (``ItemToImport.read_at``, Goodreads' ``Date Read``) is recorded on its day (noon UTC), so streaks
and pace count it there; a date in the future is recorded now. Writes go through the event history like any mark,
as one batch per day: ``undo`` takes an import's progress back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from readinglist.exceptions import InvalidArgumentError
from readinglist.progress import transition
from readinglist.storage import progress as pdb
from readinglist.types import ItemToImport, ProgressMerge, Status

KEEP, THEIRS = "keep", "theirs"
MODES = (KEEP, THEIRS)
"""``keep``: never overwrite the reader's progress; ``theirs``: the list's status wins."""


def check_mode(mode: str | None) -> str:
    """``mode`` as one of :data:`MODES` (None is ``keep``); anything else is refused with the choices."""
    if mode is None:
        return KEEP
    if mode not in MODES:
        raise InvalidArgumentError(f"unknown progress mode {mode!r}; use one of: {', '.join(MODES)}")
    return mode


def read_day(day: str | None) -> dt.datetime | None:
    """Noon UTC of an ISO day (noon: the same calendar day in every time zone a reader is likely to be in)."""
    try:
        return dt.datetime.combine(dt.date.fromisoformat(day or ""), dt.time(12), tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):  # not a day: the read is recorded now
        return None


def _has_progress(state: pdb.State) -> bool:
    return state.status not in (None, Status.UNREAD.value) or state.rating is not None or bool(state.note)


def _rating(item: ItemToImport) -> int | None:
    return item.rating if item.rating is not None and 1 <= item.rating <= 5 else None


def _disagrees(before: pdb.State, item: ItemToImport) -> bool:
    status = item.status.value if item.status is not None else None
    rating = _rating(item)
    return (
        (status is not None and status != (before.status or Status.UNREAD.value))
        or (rating is not None and rating != before.rating)
        or (bool(item.progress_note) and item.progress_note != before.note)
    )


def decide(
    before: pdb.State, item: ItemToImport, now: dt.datetime, mode: str
) -> tuple[str | None, dt.datetime, pdb.State | None]:
    """The rule for one item: (``"applied"``/``"kept"``/``"overwritten"`` or None when nothing is to say, the
    time to record it at, the state to write or None)."""
    status = item.status or Status(before.status or Status.UNREAD.value)
    at = read_day(item.read_at) if status.done and item.read_at else None
    at = at if at is not None and at < now else now
    if _has_progress(before):
        if not _disagrees(before, item):
            return None, at, None
        if mode == KEEP:
            return "kept", at, None
        outcome = "overwritten"
    else:
        outcome = "applied"
    after = transition(before, status, at, rating=_rating(item), note=item.progress_note)
    if (before.status or Status.UNREAD.value, before.rating, before.note) == (after.status, after.rating, after.note):
        return None, at, None
    return outcome, at, after


def merge(
    conn: Any,
    pid: int,
    carried: Mapping[int, ItemToImport],
    now: dt.datetime,
    mode: str = KEEP,
    *,
    write: bool = True,
) -> ProgressMerge | None:
    """Apply the progress ``carried`` (resource id -> the list's item) for profile ``pid`` by the rule above.

    Returns the counts (None when the list carried no progress at all); ``write=False`` only counts (a dry run).
    """
    if not carried:
        return None
    old = pdb.states(conn, pid, list(carried)) if pid >= 0 else {}
    counts = {"applied": 0, "kept": 0, "overwritten": 0}
    by_day: dict[dt.datetime, dict[int, tuple[pdb.State, pdb.State]]] = {}
    for rid, item in carried.items():
        before = old.get(rid, pdb.State())
        outcome, at, after = decide(before, item, now, mode)
        if outcome is None:
            continue
        counts[outcome] += 1
        if after is not None:
            by_day.setdefault(at, {})[rid] = (before, after)
    if write:
        for at, changes in sorted(by_day.items()):
            pdb.write(conn, pid, changes, at)
    return ProgressMerge(mode=mode, **counts)
