"""Moving an entry to another topic and/or tier of its list, by hand.

Auto placement (:mod:`readinglist.placement`) learns from the list as it is, so a move also teaches it: the next
item that resembles the moved one goes where the reader put it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readinglist.exceptions import InvalidArgumentError
from readinglist.storage import lists as db
from readinglist.storage import placement as pdb
from readinglist.types import Entry

if TYPE_CHECKING:
    from readinglist.storage import Storage


def pick_entry(entries: Sequence[Entry], item_id: int) -> Entry:
    """The one entry of ``item_id`` among ``entries``; several lists holding it need ``list=`` to choose."""
    found = [e for e in entries if e.item.id == item_id]
    if not found:
        raise InvalidArgumentError("that item is in no list")
    names = sorted({e.list_name for e in found})
    if len(names) > 1:
        raise InvalidArgumentError(f"the item is in several lists ({', '.join(names)}); say which with list=")
    return found[0]


def move(
    storage: Storage,
    entry: Entry,
    *,
    topic: tuple[str, ...] | None,
    tier: int | None,
    now: dt.datetime,
) -> None:
    """Put ``entry`` in ``topic`` (a path; created if missing, ``()`` for the list's root) and/or at ``tier``."""
    if topic is None and tier is None:
        raise InvalidArgumentError("move needs a topic or a tier (or both)")
    with storage.transaction() as conn:
        info = db.find_list(conn, entry.list_name)
        assert info is not None
        values: dict[str, object] = {}
        if topic is not None:
            if topic:
                existing = db.section_ids(conn, info.id)
                ids = existing if topic in existing else db.ensure_sections(conn, info.id, [topic])
                values["section_id"] = ids[topic]
            else:
                values["section_id"] = None
        if tier is not None:
            values["tier"] = tier
        pdb.move_entry(conn, entry.id, values, now)
