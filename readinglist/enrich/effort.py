"""Effort estimates: how many minutes an item takes, and the source of the figure.

- ``pages``: pages × a per-page rate (a paper is read slowly: :data:`PAPER_MINUTES_PER_PAGE`; a book page is about
  300 words: :data:`BOOK_MINUTES_PER_PAGE`);
- ``words``: words / :data:`WORDS_PER_MINUTE` (238, the average silent reading rate for non-fiction in Brysbaert's
  2019 meta-analysis);
- ``video``: the video's duration;
- ``user``: the reader's own figure (``mark --minutes``), which overrides all of the above.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

from readinglist.types import Effort

WORDS_PER_MINUTE = 238
PAPER_MINUTES_PER_PAGE = 4.0
BOOK_MINUTES_PER_PAGE = 300 / WORDS_PER_MINUTE


def estimate(
    *,
    kind: str | None,
    pages: int | None = None,
    words: int | None = None,
    duration_minutes: float | None = None,
) -> tuple[int, str] | None:
    """``(minutes, source)`` from what is known, or None. A video's duration beats its page's words."""
    if duration_minutes:
        return max(1, round(duration_minutes)), "video"
    if pages:
        rate = BOOK_MINUTES_PER_PAGE if kind == "book" else PAPER_MINUTES_PER_PAGE
        return max(1, round(pages * rate)), "pages"
    if words:
        return max(1, math.ceil(words / WORDS_PER_MINUTE)), "words"
    return None


def describe(minutes: int, source: str, *, pages: int | None = None, kind: str | None = None) -> Effort:
    """The :class:`Effort` with its label: ``"~25 min read"``, ``"45 min video"``, ``"30-page paper"``."""
    if source == "pages" and pages:
        noun = "book" if kind == "book" else "paper"
        label = f"{pages}-page {noun}"
    elif source == "video":
        label = f"{duration_text(minutes)} video"
    elif source == "user":
        label = f"~{duration_text(minutes)} (your estimate)"
    else:
        label = f"~{duration_text(minutes)} read"
    return Effort(minutes=minutes, source=source, label=label)


def duration_text(minutes: int) -> str:
    """``45`` -> ``"45 min"``; ``80`` -> ``"1 h 20 min"``; ``120`` -> ``"2 h"``."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "")


def sums(
    rows: Iterable[tuple[Hashable, int, bool]], efforts: Mapping[int, Effort]
) -> dict[Hashable, tuple[int, int]]:
    """Minutes left per group: ``rows`` are ``(group, item id, done)``; the answer maps each group to
    ``(minutes of the unfinished items with an estimate, number of unfinished items without one)``.

    For ``progress`` (group = list, topic, tier) and time-to-finish estimates: an item counts once per group.
    """
    out: dict[Hashable, tuple[int, int]] = {}
    seen: set[tuple[Hashable, int]] = set()
    for group, item_id, done in rows:
        if done or (group, item_id) in seen:
            continue
        seen.add((group, item_id))
        minutes, unknown = out.get(group, (0, 0))
        found = efforts.get(item_id)
        out[group] = (minutes + found.minutes, unknown) if found else (minutes, unknown + 1)
    return out
