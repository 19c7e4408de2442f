"""Effort left: the minutes of the open items summed per list, topic and tier, merged into the progress rows.

The sums come from one grouped query of their own (:func:`readinglist.storage.metadata.effort_left`), beside the
progress counts, so the counts' query stays as it is and the sums cost one GROUP BY, not a look at every item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from readinglist.storage import metadata as mdb
from readinglist.types import ProgressRow


def with_effort(conn: Any, pid: int, f: Any, rows: Sequence[ProgressRow]) -> list[ProgressRow]:
    """``rows`` with ``minutes_left`` and ``unestimated`` filled in (for the entries the filters ``f`` select)."""
    if not rows:
        return list(rows)
    sums = mdb.effort_left(conn, pid, f)
    out = []
    for row in rows:
        minutes, estimated = sums.get((row.list_name, tuple(row.section), row.tier), (0, 0))
        unknown = max(0, row.total - row.done - estimated)  # the open items, less those with an estimate
        out.append(dataclasses.replace(row, minutes_left=minutes, unestimated=unknown))
    return out


def total(rows: Sequence[ProgressRow]) -> tuple[int, int]:
    """``(minutes left, open items without an estimate)`` over ``rows``."""
    return sum(r.minutes_left for r in rows), sum(r.unestimated for r in rows)
