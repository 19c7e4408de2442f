"""The data types fewer commands need, loaded on first use through :mod:`readinglist.types`.

Import them from there (``from readinglist.types import ListToImport``) or as ``readinglist.ListToImport``: this
module is where they are defined, not a public name. They sit apart from the types every command needs (items,
entries, recommendations) only because creating a frozen dataclass costs about a millisecond and a half, which
``readinglist next`` should not pay for the import structure, feeds or link checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from readinglist.types import Effort, Item, Kind, Link, ListInfo, Status, direct_init

# --- the import structure ------------------------------------------------------------------------------


@direct_init
@dataclass(frozen=True)
class ItemToImport:
    """One line of a list: a resource placed in a topic at a tier.

    ``section`` is the path of topic headings from the top (``("Fundamentals", "Transformers")``); ``()`` means the
    list's root. ``note`` is a trailing remark the list adds (``"Karpathy"``); ``description`` is free text that
    came with the item. ``status``/``rating``/``progress_note`` carry a reader's progress when the source has it
    (our own exports, Goodreads shelves); importers of plain lists leave them ``None``.
    """

    title: str
    url: str | None = None
    section: tuple[str, ...] = ()
    tier: int | None = None
    tier_label: str | None = None
    note: str | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    new: bool = False
    kind: Kind | None = None
    author: str | None = None
    published: str | None = None
    status: Status | None = None
    rating: int | None = None
    progress_note: str | None = None
    retired: bool = False
    """Removed upstream but kept for its progress (only our own lossless exports carry this)."""
    read_at: str | None = None
    """The day the reader finished it, as the source says (ISO ``2023-01-14``: Goodreads' ``Date Read``)."""


@dataclass(frozen=True)
class ListToImport:
    """What an importer returns: a whole list, in its order, plus where it came from.

    ``sections`` optionally lists every topic path in document order (so empty topics and the order of topics are
    kept); when empty, the order in which ``items`` first mention a section is used. ``warnings`` are things the
    importer noticed and the user should hear about (a URL under two titles, a skipped line).
    """

    items: tuple[ItemToImport, ...]
    title: str | None = None
    name: str | None = None
    description: str | None = None
    sections: tuple[tuple[str, ...], ...] = ()
    source_url: str | None = None
    revision: str | None = None
    date: str | None = None
    next_list: str | None = None
    format: str | None = None
    warnings: tuple[str, ...] = ()

    def section_order(self) -> list[tuple[str, ...]]:
        """Every section path in document order, parents before children, without duplicates."""
        seen: dict[tuple[str, ...], None] = {}
        for path in list(self.sections) + [i.section for i in self.items]:
            for depth in range(1, len(path) + 1):
                seen.setdefault(path[:depth], None)
        return list(seen)


# --- results of the API --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressMerge:
    """What became of the progress a list carried (``[x]`` marks, statuses, ratings): see :mod:`readinglist.carried`.

    ``applied``: items you had no progress on, recorded as the list says; ``kept``: items where the list disagreed
    with your progress and yours stayed (``mode="keep"``); ``overwritten``: items where the list's status replaced
    yours (``mode="theirs"``). Items where the list agrees with you are not counted.
    """

    mode: str = "keep"
    applied: int = 0
    kept: int = 0
    overwritten: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.applied or self.kept or self.overwritten)

    def line(self) -> str:
        """``progress from the list: 3 applied, 2 kept (yours; --progress theirs takes the list's)``."""
        parts = [f"{self.applied} applied"]
        if self.kept:
            parts.append(f"{self.kept} kept (yours; --progress theirs takes the list's)")
        if self.overwritten:
            parts.append(f"{self.overwritten} overwritten by the list")
        return "progress from the list: " + ", ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`Library.import_list` did."""

    list: ListInfo
    entries: int
    resources_new: int
    topics: int
    warnings: tuple[str, ...] = ()
    created: bool = True
    progress: ProgressMerge | None = None
    """What became of the statuses the list carried (None when it carried none or nothing was imported)."""


@dataclass(frozen=True)
class Progress:
    """One reader's state on one resource."""

    item: Item
    status: Status
    rating: int | None = None
    note: str | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class MarkResult:
    """What a (bulk) mark changed, and what it finished."""

    status: Status
    items: tuple[Item, ...]
    unchanged: int = 0
    messages: tuple[str, ...] = ()
    kept_read: int = 0
    """Of ``unchanged``: items a bulk skip left as read (skipping what is left never unreads a read item)."""


@dataclass(frozen=True)
class UndoResult:
    """What ``undo`` took back."""

    items: tuple[Item, ...]
    restored: tuple[Status, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Feed:
    """A feed subscription: where new items come from and where they go (list, topic, tier)."""

    id: int
    url: str
    title: str | None
    list_name: str
    section: tuple[str, ...] = ()
    tier: int | None = None
    include: str | None = None
    exclude: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_checked: dt.datetime | None = None
    last_new: dt.datetime | None = None
    last_error: str | None = None
    warning: str | None = None
    disabled: bool = False
    retry_after: dt.datetime | None = None
    placement: str | None = None
    """``"auto"``: each new item goes to the list's topic it most resembles (see ``readinglist.placement``)."""


@dataclass(frozen=True)
class PullResult:
    """What one feed gave on a pull: ``status`` is new, unchanged, gone, skipped or error.

    ``shared_links`` counts the entries of the body just read whose link another entry (with another id) also
    has; they are kept as separate items, told apart by their ids. ``failure`` says in a few words why a feed
    failed (``"could not be reached"``, ``"not a feed"``...), for summaries; ``error`` has the details.
    """

    url: str
    status: str
    new_items: tuple[Item, ...] = ()
    error: str | None = None
    warning: str | None = None
    title: str | None = None
    shared_links: int = 0
    failure: str | None = None
    placed: tuple[tuple[int, tuple[str, ...], float], ...] = ()
    """For a feed with ``--topic auto``: (item id, topic chosen, similarity score) of each new item."""


# --- metadata, effort and link health (enrich / check) ------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A near miss of a title search: a paper that might be the item, never attached without ``accept``."""

    source_id: str
    title: str
    url: str
    score: float


@dataclass(frozen=True)
class Metadata:
    """What was fetched about an item, kept beside (never over) what the list says, with its fetch date.

    ``source`` names the service (arxiv, crossref, openlibrary, page, oembed); ``source_id`` its identifier there.
    ``link`` is a link found for an item the list gave without one (title search, exact title match only).
    """

    item_id: int
    source: str
    source_id: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    abstract: str | None = None
    category: str | None = None
    pages: int | None = None
    words: int | None = None
    duration_minutes: float | None = None
    link: str | None = None
    effort: Effort | None = None
    fetched_at: dt.datetime | None = None
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class EnrichResult:
    """What enriching one item did: ``status`` is enriched, cached, suggested, not_found, skipped or error."""

    item: Item
    source: str
    status: str
    message: str | None = None
    metadata: Metadata | None = None


@dataclass(frozen=True)
class LinkCheck:
    """The health of one item's link.

    ``outcome``: ok, moved (a permanent redirect: ``new_url`` says where), gone (404/410), dns, tls, timeout,
    blocked (401/403/429/451: the site refuses robots), error. ``archive_url`` is a Wayback Machine copy for dead
    links, used as a fallback link.
    """

    item: Item
    url: str
    outcome: str
    http_status: int | None = None
    new_url: str | None = None
    archive_url: str | None = None
    error: str | None = None
    checked_at: dt.datetime | None = None

    @property
    def dead(self) -> bool:
        return self.outcome in DEAD_OUTCOMES


DEAD_OUTCOMES = frozenset({"gone", "dns", "tls", "timeout", "error"})
"""Link-check outcomes after which the link does not lead to the page (a Wayback copy is looked up)."""
