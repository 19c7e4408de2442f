"""Profiles: one per reader. A team shares one database (PostgreSQL): the same lists, progress per person.

Profiles are explicit: ``Library.add_profile`` creates one; the CLI refuses an unknown ``--profile`` (with a
"did you mean") instead of silently starting a new person. The ``default`` profile is the one exception: a personal
database gets it on its first mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from readinglist.exceptions import InvalidArgumentError, ProfileNotFoundError

DEFAULT = "default"


@dataclass(frozen=True)
class Profile:
    """A reader, with counts over every resource they marked and when they last finished reading something."""

    name: str
    created_at: dt.datetime
    read: int = 0
    skipped: int = 0
    reading: int = 0
    last_read: dt.datetime | None = None


def check_name(name: str) -> str:
    """A profile name: a short single-line name (a person's handle)."""
    text = (name or "").strip()
    if not text or len(text) > 200 or any(ch in text for ch in "\n\r\t") or text.startswith("-"):
        raise InvalidArgumentError(f"{name!r} is not a usable profile name; use a short name like 'alice'")
    return text


# --- what the Library delegates to (each one transaction on the storage) ----------------------------------


def all_profiles(storage: Any) -> list[Profile]:
    from readinglist.storage import profiles as prdb

    with storage.read() as conn:
        rows = prdb.all_profiles(conn)
    return [Profile(r.name, r.created_at, r.read, r.skipped, r.reading, r.last_read) for r in rows]


def existing(conn: Any, name: str) -> int:
    """The id of profile ``name``; :class:`ProfileNotFoundError` naming the nearest profile otherwise."""
    from readinglist.names import closest
    from readinglist.storage import profiles as prdb

    pid = prdb.find(conn, name)
    if pid is None:
        raise ProfileNotFoundError(name, suggestion=closest(name, prdb.names(conn)))
    return pid


def add(storage: Any, name: str, now: dt.datetime) -> None:
    from readinglist.storage import profiles as prdb

    name = check_name(name)
    with storage.transaction() as conn:
        if prdb.find(conn, name) is not None:
            raise InvalidArgumentError(f"a profile named {name!r} exists already")
        prdb.add(conn, name, now)


def rename(storage: Any, old: str, new: str) -> str:
    from readinglist.storage import profiles as prdb

    new = check_name(new)
    with storage.transaction() as conn:
        pid = existing(conn, old)
        if prdb.find(conn, new) is not None:
            raise InvalidArgumentError(f"a profile named {new!r} exists already")
        prdb.rename(conn, pid, new)
    return new


def remove(storage: Any, name: str) -> None:
    from readinglist.storage import profiles as prdb

    with storage.transaction() as conn:
        prdb.remove(conn, existing(conn, name))


def require(storage: Any, name: str) -> None:
    if name == DEFAULT:
        return
    with storage.read() as conn:
        existing(conn, name)
