"""SQL for profiles, progress and the append-only event history.

A progress change is written twice: the current state in ``progress`` (one row per profile and resource), and a
fact in ``events`` (old and new values). Changes made by one call share a ``batch`` number, which is what ``undo``
takes back; an undo is itself a batch of events whose ``undoes`` names the batch it reversed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from readinglist.storage.schema import event_batches, events, profiles, progress


class State(NamedTuple):  # a NamedTuple, not a frozen dataclass: defining it costs a tenth (start-up)
    """One resource's progress as stored (``status`` None = no row, i.e. unread)."""

    status: str | None = None
    rating: int | None = None
    note: str | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


def profile_id(conn: Connection, name: str, now: dt.datetime) -> int:
    """The id of profile ``name``, created on first use, and locked for this (writing) transaction.

    Create-if-missing is ``INSERT ... ON CONFLICT DO NOTHING`` then a select, so processes making a profile's first
    mark at once all get the one row. The select locks it (``FOR UPDATE`` on PostgreSQL; SQLite writers already
    hold the database's write lock): writers of one profile take turns, so each reads the progress the previous
    one committed and every event's old state is the previous event's new state.
    """
    found = conn.execute(_PROFILE_LOCKED, {"name": name}).scalar()
    if found is not None:
        return found
    conn.execute(_insert_ignoring_conflict(conn).values(name=name, created_at=now))
    return conn.execute(_PROFILE_LOCKED, {"name": name}).scalar_one()


# Built once: every mark asks for its profile, and building a statement costs more than running this one.
_PROFILE = select(profiles.c.id).where(profiles.c.name == bindparam("name"))
_PROFILE_LOCKED = _PROFILE.with_for_update()


def _insert_ignoring_conflict(conn: Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(profiles).on_conflict_do_nothing(index_elements=["name"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(profiles).on_conflict_do_nothing(index_elements=["name"])


def find_profile(conn: Connection, name: str) -> int | None:
    return conn.execute(_PROFILE, {"name": name}).scalar()


@functools.cache
def _states() -> Any:
    """The statement of :func:`states`, built once (a mark runs it; building it cost more than running it)."""
    return select(progress).where(
        progress.c.profile_id == bindparam("pid"), progress.c.resource_id.in_(bindparam("ids", expanding=True))
    )


@functools.cache
def _last_batch() -> Any:
    return select(func.max(events.c.batch)).where(events.c.profile_id == bindparam("pid"))


def states(conn: Connection, pid: int, resource_ids: Sequence[int]) -> dict[int, State]:
    out: dict[int, State] = {}
    ids = list(resource_ids)
    for start in range(0, len(ids), 500):
        rows = conn.execute(_states(), {"pid": pid, "ids": ids[start : start + 500]}).all()
        for r in rows:
            out[r.resource_id] = State(r.status, r.rating, r.note, r.started_at, r.finished_at)
    return out


def _next_batch(conn: Connection, pid: int) -> int:
    if conn.dialect.name == "postgresql":
        return conn.execute(select(event_batches.next_value())).scalar_one()
    # SQLite: this transaction holds the write lock (BEGIN IMMEDIATE), so nobody else can take the same number.
    current = conn.execute(_last_batch(), {"pid": pid}).scalar()
    return (current or 0) + 1


def state_before(event: Any, current: State) -> State:
    """The state a resource had before ``event``, which undo restores.

    Events written before schema 0004 kept no timestamps: for them the current ``started_at`` (and, back to
    ``read``, ``finished_at``) is kept rather than lost.
    """
    if event.old_status is None:
        return State()
    started = getattr(event, "old_started_at", None)
    finished = getattr(event, "old_finished_at", None)
    if started is None and event.old_status in ("reading", "read"):
        started = current.started_at
    if finished is None and event.old_status == "read":
        finished = current.finished_at
    return State(event.old_status, event.old_rating, event.old_note, started, finished)


_WRITTEN = ("status", "rating", "note", "started_at", "finished_at", "updated_at")


@functools.cache
def _update_one() -> Any:
    """One progress row's new state, as :func:`write` sets it: built once, values bound at each call."""
    where = (progress.c.profile_id == bindparam("pid"), progress.c.resource_id == bindparam("rid"))
    return update(progress).where(*where).values(**{k: bindparam("v_" + k) for k in _WRITTEN})


@functools.cache
def _delete_one() -> Any:
    return delete(progress).where(progress.c.profile_id == bindparam("pid"), progress.c.resource_id == bindparam("rid"))


def write(
    conn: Connection,
    pid: int,
    changes: Mapping[int, tuple[State, State]],
    now: dt.datetime,
    *,
    undoes: int | None = None,
) -> int:
    """Store ``resource_id -> (old, new)`` states and append one event each; returns the batch number."""
    batch = _next_batch(conn, pid)
    event_rows = []
    for rid, (old, new) in changes.items():
        if new.status is None:
            conn.execute(_delete_one(), {"pid": pid, "rid": rid})
        else:
            values = {
                "status": new.status,
                "rating": new.rating,
                "note": new.note,
                "started_at": new.started_at,
                "finished_at": new.finished_at,
                "updated_at": now,
            }
            if old.status is None:
                conn.execute(insert(progress), [{"profile_id": pid, "resource_id": rid, **values}])
            else:
                conn.execute(_update_one(), {"pid": pid, "rid": rid, **{"v_" + k: v for k, v in values.items()}})
        event_rows.append(
            {
                "profile_id": pid,
                "resource_id": rid,
                "batch": batch,
                "undoes": undoes,
                "at": now,
                "old_status": old.status,
                "new_status": new.status,
                "old_rating": old.rating,
                "new_rating": new.rating,
                "old_note": old.note,
                "new_note": new.note,
                "old_started_at": old.started_at,
                "old_finished_at": old.finished_at,
            }
        )
    if event_rows:
        conn.execute(insert(events), event_rows)
    return batch


def last_undoable_batch(conn: Connection, pid: int) -> int | None:
    """The newest batch that is not an undo and has not been undone."""
    undone = select(events.c.undoes).where(events.c.profile_id == pid, events.c.undoes.is_not(None))
    return conn.execute(
        select(func.max(events.c.batch)).where(
            events.c.profile_id == pid, events.c.undoes.is_(None), events.c.batch.not_in(undone)
        )
    ).scalar()


def nothing_to_undo_message(conn: Connection, pid: int) -> str:
    """Why undo has nothing to take back: no marks yet, or every mark already undone."""
    if conn.execute(select(events.c.id).where(events.c.profile_id == pid).limit(1)).first() is None:
        return "nothing to undo: no marks have been made with this profile"
    return "nothing to undo: every mark made with this profile has already been undone"


def batch_events(conn: Connection, pid: int, batch: int) -> list[Any]:
    return conn.execute(
        select(events).where(events.c.profile_id == pid, events.c.batch == batch).order_by(events.c.id.desc())
    ).all()


def history(conn: Connection, pid: int, limit: int = 50) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(events).where(events.c.profile_id == pid).order_by(events.c.id.desc()).limit(limit)
    ).all()
    return [dict(r._mapping) for r in rows]


def resources_with_progress(conn: Connection, resource_ids: Sequence[int]) -> set[int]:
    """Which of these resources carry progress or a note for any profile (so they must not be deleted)."""
    ids = list(resource_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(progress.c.resource_id).where(progress.c.resource_id.in_(ids[start : start + 500]))
        ).all()
        found.update(r[0] for r in rows)
    return found
