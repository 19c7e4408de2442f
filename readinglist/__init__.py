"""readinglist: work through tiered reading lists that keep changing.

>>> import readinglist
>>> lib = readinglist.open()            # the default database; or a path, or an SQLAlchemy URL
>>> lib.import_list("elicit")           # a bundled list, a file, or a URL
>>> for rec in lib.next(limit=5):
...     print(rec.item.title, rec.reason)

Only the names below are public; everything else is private and may change.
"""

from __future__ import annotations

import datetime as _dt
import os as _os
from collections.abc import Callable as _Callable
from typing import TYPE_CHECKING as _TYPE_CHECKING

from readinglist.exceptions import (
    AmbiguousItemError,
    DatabaseLockedError,
    DatabaseTooNewError,
    FeedError,
    FeedNotFoundError,
    FetchError,
    ImportFormatError,
    InvalidArgumentError,
    ItemNotFoundError,
    ListNotFoundError,
    NotFoundError,
    NothingToUndoError,
    ProfileNotFoundError,
    ReadingListError,
    ReadOnlyDatabaseError,
    SourceError,
    SourceNotFoundError,
    StorageError,
)

if _TYPE_CHECKING:
    from readinglist.core import Library
    from readinglist.profiles import Profile
    from readinglist.sync import Change, SyncReport, TopicRename, Version
    from readinglist.team import Member, TeamProgress, TeamRow
    from readinglist.types import (
        Effort,
        EnrichResult,
        Entry,
        ImportResult,
        Item,
        ItemToImport,
        Kind,
        Link,
        LinkCheck,
        ListInfo,
        ListToImport,
        MarkResult,
        Metadata,
        Progress,
        ProgressMerge,
        ProgressRow,
        Recommendation,
        Status,
        Suggestion,
        UndoResult,
    )

__version__ = "0.1.0"

_LAZY = {
    "Library": "readinglist.core",
    "Profile": "readinglist.profiles",
    **{name: "readinglist.team" for name in ("Member", "TeamProgress", "TeamRow")},
    **{name: "readinglist.sync" for name in ("Change", "SyncReport", "TopicRename", "Version")},
    **{
        name: "readinglist.types"
        for name in (
            "Effort",
            "EnrichResult",
            "Entry",
            "ImportResult",
            "Item",
            "ItemToImport",
            "Kind",
            "Link",
            "LinkCheck",
            "ListInfo",
            "ListToImport",
            "MarkResult",
            "Metadata",
            "Progress",
            "ProgressMerge",
            "ProgressRow",
            "Recommendation",
            "Status",
            "Suggestion",
            "UndoResult",
        )
    },
}
"""Public names loaded on first use, so ``readinglist --help`` imports neither SQLAlchemy nor the data types."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'readinglist' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value




def open(  # noqa: A001 - ``readinglist.open`` reads naturally, like ``sqlite3.connect``
    db: str | _os.PathLike[str] | None = None,
    *,
    profile: str | None = None,
    clock: _Callable[[], _dt.datetime] | None = None,
) -> Library:
    """Open (creating and migrating as needed) a reading-list database and return a :class:`Library`.

    ``db`` is a file path, an SQLAlchemy URL (``postgresql://user@host/db``), or None for ``$READINGLIST_DB`` or
    the default file in your user data directory. ``profile`` names the reader (``$READINGLIST_PROFILE``, default
    ``"default"``); a team shares one PostgreSQL database with one profile each.
    """
    from readinglist.core import Library
    from readinglist.storage import Storage

    storage = Storage(None if db is None else _os.fspath(db))
    if clock is None:
        return Library(storage, profile=profile)
    return Library(storage, profile=profile, clock=clock)


__all__ = [
    "AmbiguousItemError",
    "Change",
    "DatabaseLockedError",
    "DatabaseTooNewError",
    "Effort",
    "EnrichResult",
    "Entry",
    "FeedError",
    "FeedNotFoundError",
    "FetchError",
    "ImportFormatError",
    "ImportResult",
    "InvalidArgumentError",
    "Item",
    "ItemNotFoundError",
    "ItemToImport",
    "Kind",
    "Library",
    "Link",
    "LinkCheck",
    "ListInfo",
    "ListNotFoundError",
    "ListToImport",
    "MarkResult",
    "Metadata",
    "Member",
    "NotFoundError",
    "NothingToUndoError",
    "Profile",
    "ProfileNotFoundError",
    "Progress",
    "ProgressMerge",
    "ProgressRow",
    "ReadOnlyDatabaseError",
    "ReadingListError",
    "Recommendation",
    "SourceError",
    "SourceNotFoundError",
    "Status",
    "StorageError",
    "Suggestion",
    "SyncReport",
    "TeamProgress",
    "TeamRow",
    "TopicRename",
    "UndoResult",
    "Version",
    "__version__",
    "open",
]
