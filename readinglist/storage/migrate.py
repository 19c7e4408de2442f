"""Bringing a database to the schema this code knows, when it is opened.

A cheap guard keeps Alembic (slow to import) off the normal path: the stored ``alembic_version`` is compared with
:data:`HEAD`; Alembic runs only when they differ. A database stamped with a revision this code does not know was
written by a newer readinglist and is refused. SQLite files are copied aside before an upgrade.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from readinglist.exceptions import DatabaseTooNewError, StorageError

log = logging.getLogger(__name__)

REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0006",
    "0007",
    "0009",
    "0008",
    "0004",
    "0005",
    "0014",
    "0010",
    "0015",
    "0018",
    "0019",
    "0020",
)
"""Every migration this code ships, oldest first; a test checks it against the scripts."""
HEAD = REVISIONS[-1]


def migrations_dir() -> Path:
    """The Alembic scripts: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "migrations", package.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StorageError("readinglist is installed without its migrations; reinstall it")  # pragma: no cover


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine, where: str, *, target: str = HEAD) -> None:
    """Upgrade the database to ``target`` (normally head) if needed; refuse a newer one."""
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == target:
        return
    if current is not None and current not in REVISIONS:
        raise DatabaseTooNewError(
            f"the database {where} was written by a newer readinglist (schema {current}); "
            "upgrade readinglist (pip install -U readinglist) to open it"
        )
    if current is not None and REVISIONS.index(current) > REVISIONS.index(target):
        raise DatabaseTooNewError(f"the database {where} is at schema {current}, newer than {target}")
    if current is not None:
        log.info(
            "upgrading the database %s from schema %s to %s, once (a copy is kept beside it)",
            where,
            current,
            target,
        )
        _backup_sqlite(engine, current)
    upgrade(engine, target)


def upgrade(engine: Engine, target: str = HEAD) -> None:
    """Run Alembic's upgrade on our own connection, with the config built in code (no alembic.ini)."""
    from alembic import command
    from alembic.config import Config

    from readinglist.storage.engine import WRITE_OPTION

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # A write transaction (BEGIN IMMEDIATE on SQLite): two processes opening a new file at once take turns, and
    # the second finds the schema already at ``target`` (Alembic reads the version inside this transaction).
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    log.info("database upgraded to schema %s", target)


def _backup_sqlite(engine: Engine, revision: str) -> None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return
    path = Path(database)
    if path.exists():
        backup = path.with_name(f"{path.name}.schema-{revision}.bak")
        backup_sqlite(path, backup)
        log.info("copied %s to %s before upgrading its schema", path, backup)


def backup_sqlite(path: Path, backup: Path) -> None:
    """A consistent copy of the SQLite file ``path`` in ``backup`` (0600), made with SQLite's backup API.

    Copying the main file alone would miss committed rows still in its ``-wal`` file; the backup API reads the
    database as a connection sees it, so the copy opens on its own with every committed row.
    """
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    os.close(os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = sqlite3.connect(path, timeout=30)
    try:
        target = sqlite3.connect(backup)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            backup.unlink()
        raise StorageError(f"cannot back up {path} before upgrading it: {exc}") from exc
    finally:
        source.close()
