"""The exceptions readinglist raises: one root, a few branches, messages a user can act on.

Every error the library raises on purpose is a :class:`ReadingListError`. The CLI turns these into one-line
messages; a Python caller can catch the root or a branch. Driver errors (SQLAlchemy, requests, feedparser) are
wrapped once, where they cross into the library, with the original chained as ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Sequence


class ReadingListError(Exception):
    """Root of every error readinglist raises on purpose."""


# --- input: sources and their contents ------------------------------------------------------------------


class SourceError(ReadingListError):
    """A list source (file, URL, bundled name) could not be read."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class SourceNotFoundError(SourceError, LookupError):
    """The file does not exist, the bundled name is unknown, or the URL answered 404."""


class FetchError(SourceError):
    """The network failed: DNS, connection, TLS, timeout, or an HTTP error status."""


class ImportFormatError(ReadingListError, ValueError):
    """The bytes are not a list this format can read (empty, binary, no links, broken syntax).

    ``format`` names the importer that refused; ``source`` names the input when known.
    """

    def __init__(self, message: str, *, format: str | None = None, source: str | None = None) -> None:
        super().__init__(message)
        self.format = format
        self.source = source


# --- lookups in the database ----------------------------------------------------------------------------


class NotFoundError(ReadingListError, LookupError):
    """A list, item, topic, feed or profile that does not exist."""


class ListNotFoundError(NotFoundError):
    def __init__(self, name: str, *, suggestion: str | None = None) -> None:
        hint = f"did you mean {suggestion}? " if suggestion else ""
        super().__init__(f"no list named {name!r}; {hint}run 'readinglist lists' to see the lists you have")
        self.name = name
        self.suggestion = suggestion


class ItemNotFoundError(NotFoundError):
    def __init__(self, query: str, *, message: str | None = None) -> None:
        super().__init__(
            message
            or f"no item matches {query!r}; try other title words, a URL, or an id from 'readinglist show'"
        )
        self.query = query


class AmbiguousItemError(ReadingListError, LookupError):
    """A title query matched more than one item; ``candidates`` lists them (id, title)."""

    def __init__(self, query: str, candidates: Sequence[tuple[int, str]]) -> None:
        shown = "; ".join(f"{i}: {t}" for i, t in candidates[:10])
        more = f" (and {len(candidates) - 10} more)" if len(candidates) > 10 else ""
        super().__init__(
            f"{query!r} matches {len(candidates)} items: {shown}{more}. Give an id or more words"
        )
        self.query = query
        self.candidates = list(candidates)


class FeedNotFoundError(NotFoundError):
    def __init__(self, url: str) -> None:
        super().__init__(f"no feed {url!r}; run 'readinglist feed list' to see your feeds")
        self.url = url


class ProfileNotFoundError(NotFoundError):
    """No profile of that name; ``suggestion`` is a near name when there is one."""

    def __init__(self, name: str, *, suggestion: str | None = None) -> None:
        hint = f"did you mean {suggestion}? " if suggestion else ""
        super().__init__(
            f"no profile named {name!r}; {hint}create it with 'readinglist profile add {name}' "
            "or see 'readinglist profile list'"
        )
        self.name = name
        self.suggestion = suggestion


# --- the database ---------------------------------------------------------------------------------------


class StorageError(ReadingListError):
    """The database could not be opened, read or written."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer readinglist; this version refuses to touch it."""


class DatabaseLockedError(StorageError):
    """Another process holds the database (SQLite busy past the timeout)."""


class ReadOnlyDatabaseError(StorageError):
    """The database file or its directory cannot be written."""


# --- usage ----------------------------------------------------------------------------------------------


class InvalidArgumentError(ReadingListError, ValueError):
    """An argument has a value the library cannot use (bad status, rating out of 1..5, bad regex)."""


class NothingToUndoError(ReadingListError):
    """``undo`` found no change to take back."""


class FeedError(ReadingListError):
    """A feed could not be fetched or parsed; ``url`` names it."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url
