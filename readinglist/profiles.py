"""Profiles: one per reader. A team shares one database (PostgreSQL): the same lists, progress per person.

Profiles are explicit: ``Library.add_profile`` creates one; the CLI refuses an unknown ``--profile`` (with a
"did you mean") instead of silently starting a new person. The ``default`` profile is the one exception: a personal
database gets it on its first mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readinglist.exceptions import InvalidArgumentError

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
