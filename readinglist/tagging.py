"""Tags: a reader's own labels on items (``mark --tag``, ``add --tag``, ``show --tag``, ``tag``, ``tags``).

Tags belong to a profile, like notes. They are stored trimmed and lower case, one word each (see
:func:`readinglist.names.check_tags`). The functions here are what :class:`~readinglist.Library` delegates to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from readinglist.names import check_tags
from readinglist.storage import progress as pdb
from readinglist.storage import tags as tdb
from readinglist.types import Entry, Item


def retag(
    storage: Any, profile: str, items: Sequence[Item], names: Iterable[str], *, add: bool, now: dt.datetime
) -> None:
    wanted = check_tags(names)
    with storage.transaction() as conn:
        pid = pdb.profile_id(conn, profile, now)
        (tdb.add if add else tdb.remove)(conn, pid, [i.id for i in items], wanted)


def _pid(conn: Any, profile: str) -> int:
    found = pdb.find_profile(conn, profile)
    return -1 if found is None else found


def counts(storage: Any, profile: str) -> dict[str, int]:
    with storage.read() as conn:
        return tdb.counts(conn, _pid(conn, profile))


def tagged(storage: Any, profile: str, name: str) -> set[int]:
    [wanted] = check_tags([name])
    with storage.read() as conn:
        return tdb.tagged(conn, _pid(conn, profile), wanted)


def with_tags(storage: Any, profile: str, entries: Iterable[Entry]) -> list[Entry]:
    entries = list(entries)
    with storage.read() as conn:
        found = tdb.tags_of(conn, _pid(conn, profile), sorted({e.item.id for e in entries}))
    return [dataclasses.replace(e, tags=found[e.item.id]) if e.item.id in found else e for e in entries]
