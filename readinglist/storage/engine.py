"""Where the database is and how to connect: URL resolution, SQLite pragmas, driver-error translation."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from readinglist.exceptions import (
    DatabaseLockedError,
    InvalidArgumentError,
    ReadOnlyDatabaseError,
    StorageError,
)

ENV_VAR = "READINGLIST_DB"
BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another one's lock before DatabaseLockedError (SQLite busy timeout, PostgreSQL
lock_timeout). SQLite's busy handler polls (every 100 ms once it has waited a while) rather than queueing, so
under a steady stream of other writers a waiter's turn is a lottery: with 5 s, 4 processes x 500 marks on a
loaded machine lost 130 marks to the timeout; 30 s makes a lost lottery run vanishingly rare."""


def default_path() -> Path:
    """The default SQLite file: ``readinglist.db`` in the user data directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("readinglist", appauthor=False)) / "readinglist.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``db`` (a path, an SQLAlchemy URL, or None for ``$READINGLIST_DB`` / the default file) into a URL."""
    if db is None:
        db = os.environ.get(ENV_VAR) or None
    if db is None:
        path = default_path()
        # Reading history is personal: the folder is the user's alone (a stricter umask still applies).
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    text = os.fspath(db)
    if "://" in text:
        if text.startswith("postgres://"):  # Heroku-style; SQLAlchemy wants postgresql://
            text = "postgresql://" + text[len("postgres://") :]
        if text.startswith("postgresql://"):
            text = "postgresql+psycopg://" + text[len("postgresql://") :]
        return text
    if text == ":memory:":
        return "sqlite://"
    path = Path(text).expanduser()
    if not path.parent.exists():
        raise StorageError(f"cannot create the database {path}: the folder {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}"


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, a busy timeout and foreign keys on every connection."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database path or URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        create_private_file(parsed.database)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    try:
        connect_args = {}
        if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
            # Like SQLite's busy timeout: wait a while for another session's lock, then fail clearly.
            # Keep options the URL already carries (e.g. ?options=-csearch_path=...).
            given = parsed.query.get("options", "")
            given = " ".join(given) if isinstance(given, tuple) else given
            connect_args["options"] = f"{given} -c lock_timeout={BUSY_TIMEOUT_MS}".strip()
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (ImportError, ModuleNotFoundError) as exc:
        raise StorageError(
            f"the driver for {parsed.get_backend_name()} is not installed; "
            "for PostgreSQL run: pip install 'readinglist[postgres]'"
        ) from exc
    except ArgumentError as exc:  # NoSuchModuleError: a dialect SQLAlchemy does not know
        raise StorageError(
            f"unknown database kind {parsed.get_backend_name()!r} in {describe(url)}; "
            "use a file path, sqlite:///path or postgresql://user@host/db"
        ) from exc


def create_private_file(database: str | None) -> None:
    """Create a missing SQLite file as 0600 (the umask may make it stricter); SQLite's -wal/-shm copy its mode.

    Left to SQLite, the file would be 0644: anyone on the machine could read your reading history.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    with contextlib.suppress(FileExistsError, FileNotFoundError, PermissionError, IsADirectoryError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Python's sqlite3 opens transactions implicitly; let SQLAlchemy's BEGIN manage them instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # A read-only file cannot switch its journal mode; reading it still works.
        with contextlib.suppress(Exception):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


WRITE_OPTION = "readinglist_write"
"""Execution option marking a connection whose transaction will write (see :meth:`Storage.transaction`)."""


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite":
        # A writer takes the write lock up front: SQLite's busy handler then waits (up to the busy timeout) for
        # another writer to finish. A deferred transaction that reads and later writes cannot wait: upgrading
        # its read lock would fail at once with "database is locked". Readers stay deferred and never block.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def describe(url: str) -> str:
    """The database as a user would name it: the file path, or the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


@contextlib.contextmanager
def translate_errors(where: str) -> Iterator[None]:
    """Turn driver errors into :class:`StorageError` subclasses with a message naming ``where``."""
    try:
        yield
    except OperationalError as exc:
        message = str(exc.orig or exc).lower()
        if "locked" in message or "busy" in message or "lock timeout" in message:
            raise DatabaseLockedError(
                f"the database {where} is locked by another process; try again when it has finished"
            ) from exc
        if "readonly" in message or "read-only" in message or "read only" in message:
            raise ReadOnlyDatabaseError(
                f"the database {where} is read-only; check the file's permissions or pick another with --db"
            ) from exc
        if "unable to open" in message:
            raise StorageError(
                f"cannot open the database {where}: check the path and its permissions"
            ) from exc
        raise StorageError(f"database error in {where}: {_first_line(exc)}") from exc
    except DBAPIError as exc:
        text = str(exc.orig or exc).lower()
        if "nul (0x00)" in text or "integer out of range" in text:  # a value validate.py should have refused
            raise InvalidArgumentError(f"a value cannot be stored in {where}: {_first_line(exc)}") from exc
        raise StorageError(f"database error in {where}: {_first_line(exc)}") from exc
    except (UnicodeEncodeError, OverflowError) as exc:
        # A safety net: readinglist.validate refuses such values first, with the field named.
        raise InvalidArgumentError(f"a value cannot be stored in {where}: {_first_line(exc)}") from exc
    except SQLAlchemyError as exc:
        raise StorageError(f"database error in {where}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
