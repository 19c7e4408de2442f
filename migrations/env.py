"""Alembic environment for readinglist.

readinglist runs migrations itself when a database is opened (``readinglist.storage.migrate``), handing Alembic the
caller's connection through ``config.attributes["connection"]``; there is no ``alembic.ini``. ``render_as_batch`` lets
ALTER-style operations work on SQLite.
"""

from __future__ import annotations

from alembic import context

from readinglist.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached if someone runs the alembic CLI by hand
    raise RuntimeError("readinglist migrations run from readinglist.storage, not from the alembic command")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
