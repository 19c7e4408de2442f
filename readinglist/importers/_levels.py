"""Levels as tiers: a list whose sections progress (Intro / Core / Advanced, Part 1 / Part 2, Beginner / Advanced)
is tiered by those sections, whatever the format it was written in.

Pure functions over a parsed :class:`ListToImport`; the importer registry applies them after every text format
(Markdown, reStructuredText, HTML, plain documents) according to the ``tiers`` option:

* ``auto`` (default): the first section depth at which two or more sections read as levels of a progression,
  in non-decreasing order, becomes the tiers: each such section is a tier labelled with its heading (``Intro CS``,
  ``Part 1: Fundamentals``), numbered by its level (Intro 1, Core 2, Advanced 3, Part N = N), and is dropped from the topic path of its items (the
  sections below it are their topics). Items that already carry a tier (an explicit ``Tier 2`` marker) keep it.
* ``headings``: the first depth with two or more different sections becomes the tiers, in document order,
  whatever the headings say.
* ``none``: no tiers at all; every item is untiered and the list's order is its reading order.
"""

from __future__ import annotations

import dataclasses
import re

from readinglist.exceptions import InvalidArgumentError
from readinglist.types import ItemToImport, ListToImport

MODES = ("auto", "headings", "none")

_LEVEL_WORDS = {
    "intro": 1,
    "introductory": 1,
    "introduction": 1,
    "beginner": 1,
    "beginners": 1,
    "basic": 1,
    "basics": 1,
    "elementary": 1,
    "fundamental": 1,
    "fundamentals": 1,
    "foundation": 1,
    "foundations": 1,
    "foundational": 1,
    "prerequisites": 1,
    "core": 2,
    "intermediate": 2,
    "advanced": 3,
    "expert": 3,
    "final": 4,
    "capstone": 4,
    "入门": 1,
    "基础": 1,
    "初级": 1,
    "进阶": 2,
    "中级": 2,
    "高级": 3,
}
_LEADING_NUMBER = re.compile(r"^(?:\d{1,2}[.)]\s*|[a-z][.)]\s+)")
_NUMBERED = re.compile(
    r"(?:part|level|stage|phase|tier|step|阶段)\s*(\d{1,2})\b|第\s*(\d{1,2})\s*阶段", re.IGNORECASE
)
_FIRST_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def level_rank(heading: str) -> int | None:
    """How far along a progression a section heading sits (``Intro CS`` 1, ``Core CS`` 2, ``Advanced CS`` 3,
    ``Part 2: Models`` 2), or ``None`` for a heading that is not a level (``Introduction to Programming``)."""
    text = _LEADING_NUMBER.sub("", heading.strip().lstrip("#*_ ")).strip()
    m = _NUMBERED.match(text)
    if m:
        return int(m.group(1) or m.group(2))
    for word, rank in _LEVEL_WORDS.items():
        if not word.isascii() and text.startswith(word):
            return rank
    first = _FIRST_WORD.match(text)
    if first is None or len(text.split()) > 4:
        return None
    word = first.group(0).lower()
    if word not in _LEVEL_WORDS:
        return None
    after = text[first.end() :].strip().lower()
    if after.startswith(("to ", "of ", "for ", "on ")):
        return None  # "Introduction to Programming", "Foundations of Statistics": a course, not a level
    return _LEVEL_WORDS[word]


def check_mode(mode: str | None) -> str:
    mode = (mode or "auto").strip().lower()
    if mode not in MODES:
        raise InvalidArgumentError(f"unknown --tiers {mode!r}; choose one of: {', '.join(MODES)}")
    return mode


def apply(lst: ListToImport, mode: str | None = "auto") -> ListToImport:
    """``lst`` with its tiers decided by ``mode`` (see the module docstring); a warning says what was done."""
    mode = check_mode(mode)
    items = list(lst.items)
    if mode == "none":
        if not any(i.tier is not None for i in items):
            return lst
        items = [dataclasses.replace(i, tier=None, tier_label=None) for i in items]
        return dataclasses.replace(
            lst,
            items=tuple(items),
            warnings=(*lst.warnings, "tiers ignored (--tiers none): read in list order"),
        )
    if mode == "auto" and items and all(i.status is not None for i in items):
        return lst  # a checklist (our own export): its tiers are written out, its sections are topics
    found = _levels(items, by_heading=mode == "headings")
    if found is None:
        return lst
    depth, tiers = found
    out = []
    for item in items:
        value = item.section[depth] if len(item.section) > depth else None
        if value in tiers and (mode == "headings" or item.tier is None or item.tier == tiers[value]):
            section = item.section[:depth] + item.section[depth + 1 :]
            item = dataclasses.replace(item, section=section, tier=tiers[value], tier_label=value)
        out.append(item)
    shown = ", ".join(f"{v!r} = {n}" for v, n in tiers.items())
    how = "sections" if mode == "headings" else "sections forming a progression"
    sections = tuple(
        path[:depth] + path[depth + 1 :] if len(path) > depth and path[depth] in tiers else path
        for path in lst.sections
    )
    return dataclasses.replace(
        lst,
        items=tuple(out),
        sections=tuple(p for p in sections if p),
        warnings=(
            *lst.warnings,
            f"{how} read as tiers ({shown}); --tiers none keeps them as topics",
        ),
    )


def _levels(items: list[ItemToImport], *, by_heading: bool) -> tuple[int, dict[str, int]] | None:
    """The depth and the tier of each level section, or ``None`` when the list has no progression."""
    deepest = max((len(i.section) for i in items), default=0)
    for depth in range(deepest):
        values = list(dict.fromkeys(i.section[depth] for i in items if len(i.section) > depth))
        if len(values) < 2:
            continue
        if by_heading:
            return depth, {v: n for n, v in enumerate(values, 1)}
        ranks = {v: r for v in values if (r := level_rank(v)) is not None}
        ordered = [ranks[v] for v in values if v in ranks]
        if len(ranks) < 2 or len(set(ordered)) < 2 or ordered != sorted(ordered):
            continue
        if any(
            i.tier is not None and i.section[depth] in ranks and i.tier != ranks[i.section[depth]]
            for i in items
            if len(i.section) > depth
        ):
            return None  # the list tiers these sections its own way
        return depth, ranks
    return None
