"""Plain, frozen data types that cross the public API.

Two families live here:

* the **import structure** (:class:`ListToImport`, :class:`ItemToImport`, :class:`Link`) that every importer
  produces from bytes and that :meth:`readinglist.Library.import_list` consumes. It is format-neutral: a topic is a
  path of heading titles, a tier is a number (``None`` = untiered) with the label the list used for it.
* the **results** the :class:`readinglist.Library` returns (:class:`Entry`, :class:`Recommendation`, ...).

Tiers: ``1, 2, 3`` are the list's tiers; ``4`` with label ``"Tier 4+"`` is Elicit's collapsed rest; ``None`` is an
item before any tier marker (or a list that has no tiers at all, whose own order is then the reading order).

The types most commands need are defined here; the others (the import structure, the results of writes, feeds,
metadata and link checks) live in :mod:`readinglist.types_extra` and load on first use, because making a frozen
dataclass costs about a millisecond and a half: ``from readinglist.types import ListToImport`` works as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, fields
from enum import Enum
from typing import TypeVar

_T = TypeVar("_T")


def direct_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass (applied above ``@dataclass``) an ``__init__`` that fills the instance's ``__dict__``
    in one call, with the same parameters and defaults.

    The generated ``__init__`` of a frozen dataclass sets each field through ``object.__setattr__``: 3.7 us for an
    :class:`ItemToImport` of 17 fields, 1.5 us this way, and importers make one per line of a list (and the read
    path one :class:`Entry` per row). Equality, hashing, ``repr``, ``replace`` and immutability stay the
    dataclass's. Fields with a ``default_factory`` are not supported (none of ours has one).
    """
    declared = fields(cls)  # type: ignore[arg-type]
    if any(f.default_factory is not MISSING for f in declared):
        raise TypeError(f"{cls.__name__}: direct_init does not support default_factory")
    names = [f.name for f in declared]
    namespace = {f"_{f.name}": f.default for f in declared if f.default is not MISSING}
    params = ", ".join(f"{n}=_{n}" if f"_{n}" in namespace else n for n in names)
    body = ", ".join(f"{n}={n}" for n in names)
    exec(f"def __init__(self, {params}):\n    self.__dict__.update({body})\n", namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)  # type: ignore[misc]
    cls.__init__ = init  # type: ignore[misc]
    return cls


class Status(str, Enum):
    """Where a reader stands with one resource."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"
    SKIPPED = "skipped"

    @property
    def done(self) -> bool:
        """Read and skipped both close an item for the purpose of finishing a tier."""
        return self in (Status.READ, Status.SKIPPED)


class Kind(str, Enum):
    """What sort of resource an item is; inferred from tags and URLs, or given by the list."""

    PAPER = "paper"
    VIDEO = "video"
    POST = "post"
    BOOK = "book"
    COURSE = "course"
    REPOSITORY = "repository"
    PODCAST = "podcast"
    OTHER = "other"


def tier_name(tier: int | None, label: str | None = None) -> str:
    """The human name of a tier: the list's own label when it has one, else ``Tier N`` / ``untiered``."""
    if label:
        return label
    return "untiered" if tier is None else f"Tier {tier}"


class Placed:
    """Mixin for things placed in a list at ``section`` and ``tier``/``tier_label``: their topic and tier names."""

    __slots__ = ()  # a slotted subclass (ProgressRow) stays slotted

    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None

    @property
    def topic(self) -> str:
        """The innermost heading, or the list's root as ``""``."""
        return self.section[-1] if self.section else ""

    @property
    def tier_name(self) -> str:
        return tier_name(self.tier, self.tier_label)


# --- results of the API --------------------------------------------------------------------------------


@direct_init
@dataclass(frozen=True)
class Link:
    """An extra link on an item, e.g. ``([video](https://...))`` after a paper (part of the import structure too)."""

    title: str
    url: str


@direct_init
@dataclass(frozen=True)
class Item:
    """A resource: the thing you read, shared by every list that contains it."""

    id: int
    title: str
    url: str | None
    canonical_url: str | None
    kind: Kind | None = None


@direct_init
@dataclass(frozen=True)
class Entry(Placed):
    """A resource placed in one list, with the reader's progress on that resource."""

    id: int
    list_name: str
    item: Item
    title: str
    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None
    position: int
    status: Status = Status.UNREAD
    note: str | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    new: bool = False
    retired: bool = False
    rating: int | None = None
    progress_note: str | None = None
    updated_at: dt.datetime | None = None
    author: str | None = None
    published: str | None = None
    tags: tuple[str, ...] = ()
    """The reader's own tags on the item (filled by :meth:`Library.export` and ``show --tag``; else empty)."""
    list_url: str | None = None
    """The link as this list wrote it (``arxiv.org/pdf/...v5``); ``item.url`` is the shared resource's."""

    @property
    def url(self) -> str | None:
        """The link to show and export for this entry: the list's own, else the resource's."""
        return self.list_url or self.item.url


@dataclass(frozen=True)
class ListInfo:
    """A list in the database and the version last imported."""

    id: int
    name: str
    title: str | None
    source: str | None
    format: str | None
    revision: str | None
    content_hash: str | None
    imported_at: dt.datetime | None
    source_date: str | None = None
    description: str | None = None
    next_list: str | None = None
    entry_count: int = 0
    base_url: str | None = None
    """The ``--base-url`` given at import (relative links of a local file resolve against it); sync reuses it."""
    tiers: str | None = None
    """The ``--tiers`` choice given at import (``auto``, ``headings``, ``none``); sync reuses it."""


@dataclass(frozen=True)
class Recommendation:
    """An entry to read next and why it is next."""

    entry: Entry
    reason: str

    @property
    def item(self) -> Item:
        return self.entry.item


@dataclass(frozen=True, slots=True)  # slots: progress makes one per topic and tier (100k at a million entries)
class ProgressRow(Placed):
    """Counts for one topic at one tier of one list."""

    list_name: str
    section: tuple[str, ...]
    tier: int | None
    tier_label: str | None
    total: int
    read: int = 0
    skipped: int = 0
    reading: int = 0
    minutes_left: int = 0
    """Effort left: minutes of the open (not read or skipped) items that have an estimate, your own first."""
    unestimated: int = 0
    """Open items with no effort estimate (not counted in ``minutes_left``)."""

    @property
    def done(self) -> int:
        return self.read + self.skipped


# --- metadata, effort and link health (enrich / check) ------------------------------------------------------


@dataclass(frozen=True)
class Effort:
    """How long an item takes, in minutes, and where the figure comes from.

    ``source``: ``"pages"`` (pages × a per-page rate), ``"words"`` (words / 238 per minute), ``"video"`` (its
    duration), or ``"user"`` (your own ``--minutes``). ``label`` is what a person reads: ``"~25 min read"``,
    ``"45 min video"``, ``"30-page paper"``.
    """

    minutes: int
    source: str
    label: str


EXTRA = frozenset(
    {
        "DEAD_OUTCOMES",
        "EnrichResult",
        "Feed",
        "ImportResult",
        "ItemToImport",
        "LinkCheck",
        "ListToImport",
        "MarkResult",
        "Metadata",
        "Progress",
        "ProgressMerge",
        "PullResult",
        "Suggestion",
        "UndoResult",
    }
)
"""Names defined in :mod:`readinglist.types_extra`, loaded the first time one of them is asked for."""


def __getattr__(name: str) -> object:
    if name not in EXTRA:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from readinglist import types_extra

    for extra in EXTRA:
        globals()[extra] = getattr(types_extra, extra)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | EXTRA)
