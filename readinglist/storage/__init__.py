"""The storage layer: the only code that speaks SQL.

:class:`Storage` owns the engine, applies migrations when the database is opened, and hands out connections in
transactions whose driver errors come out as :mod:`readinglist.exceptions`. The query functions live in
``storage.lists``, ``storage.progress`` and ``storage.feeds`` and take a connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from readinglist.storage import totals
from readinglist.storage.engine import WRITE_OPTION, describe, make_engine, resolve_url, translate_errors
from readinglist.storage.migrate import ensure_schema


class Storage:
    """An open database: engine, migrations, transactions."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.where = describe(self.url)
        self.engine = make_engine(self.url)
        with translate_errors(self.where):
            ensure_schema(self.engine, self.where)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in one transaction: committed on success, rolled back on any error.

        On SQLite the transaction takes the write lock when it begins (``BEGIN IMMEDIATE``), waiting up to the
        busy timeout for another writer; only then does it fail with :class:`DatabaseLockedError`.
        """
        with (
            translate_errors(self.where),
            self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn,
        ):
            totals.forget(conn)
            with conn.begin():
                try:
                    yield conn
                    totals.flush(conn)  # the group counts of the lists whose entries changed, in this transaction
                finally:
                    totals.forget(conn)

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with translate_errors(self.where), self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
