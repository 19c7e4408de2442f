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
import logging as _logging
import os as _os
from collections.abc import Callable as _Callable

from readinglist.core import Library
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
from readinglist.profiles import Profile
from readinglist.sync import Change, SyncReport, TopicRename, Version
from readinglist.team import Member, TeamProgress, TeamRow
from readinglist.types import (
    Entry,
    ImportResult,
    Item,
    ItemToImport,
    Kind,
    Link,
    ListInfo,
    ListToImport,
    MarkResult,
    Progress,
    ProgressRow,
    Recommendation,
    Status,
    UndoResult,
)

__version__ = "0.1.0"

_logging.getLogger("readinglist").addHandler(_logging.NullHandler())


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
    "ListInfo",
    "ListNotFoundError",
    "ListToImport",
    "MarkResult",
    "Member",
    "NotFoundError",
    "NothingToUndoError",
    "Profile",
    "ProfileNotFoundError",
    "Progress",
    "ProgressRow",
    "ReadOnlyDatabaseError",
    "ReadingListError",
    "Recommendation",
    "SourceError",
    "SourceNotFoundError",
    "Status",
    "StorageError",
    "SyncReport",
    "TeamProgress",
    "TeamRow",
    "TopicRename",
    "UndoResult",
    "Version",
    "__version__",
    "open",
]
