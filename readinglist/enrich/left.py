"""Effort left: the minutes of the open items summed per list, topic and tier, merged into the progress rows.

The sums come from one grouped query of their own (:func:`readinglist.storage.metadata.effort_left`), beside the
progress counts, so the counts' query stays as it is and the sums cost one GROUP BY, not a look at every item;
:func:`readinglist.reading.progress_rows` puts them in the rows as it makes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.types import ProgressRow


def total(rows: Sequence[ProgressRow]) -> tuple[int, int]:
    """``(minutes left, open items without an estimate)`` over ``rows``."""
    return sum(r.minutes_left for r in rows), sum(r.unestimated for r in rows)
