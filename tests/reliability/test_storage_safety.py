"""Storage safety: the 0004 upgrade with data, backups that include the -wal, private files, undo's exact restore."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa
from test_migrations import T0, _insert_at_0001

import readinglist
from readinglist import NothingToUndoError, Status
from readinglist.storage import migrate
from readinglist.storage.engine import resolve_url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_0002_database_with_data_upgrades_and_batches_continue_past_its_own(empty_db_url: str) -> None:
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            _insert_at_0001(conn)  # 0002 only added the feed tables: the same rows fit
            conn.execute(sa.text("UPDATE events SET batch = 41"))  # an old batch number to continue past
    finally:
        engine.dispose()
    clock = [T0 + dt.timedelta(days=1)]
    with readinglist.open(empty_db_url, clock=lambda: clock[0]) as lib:
        lib.mark("Attention", "reading")
        clock[0] += dt.timedelta(hours=1)
        lib.mark("Attention", "read")
        batches = [b for (b,) in pg.query(empty_db_url, "SELECT batch FROM events ORDER BY id")]
        assert batches[0] == 41 and len(set(batches)) == 3 and min(batches[1:]) > 41
        # Undo goes back one call at a time, the old event last, and keeps the started_at it had.
        assert [i.title for i in lib.undo().items] == ["Attention Is All You Need"]
        started = pg.query(empty_db_url, "SELECT status, started_at FROM progress WHERE resource_id = 1")
        assert started[0][0] == "reading" and started[0][1] is not None
        lib.undo()
        assert [i.title for i in lib.undo().items] == ["The Illustrated Transformer"]  # the 0002 event
        assert {e.status for e in lib.entries("old")} == {Status.UNREAD}
        with pytest.raises(NothingToUndoError, match="already been undone"):
            lib.undo()
    assert pg.query(empty_db_url, "SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]


def test_undo_restores_the_earlier_started_at(lib, small_list, clock, db_url: str) -> None:  # type: ignore[no-untyped-def]
    lib.import_list(small_list)
    lib.mark("Attention", "reading")
    began = pg.query(db_url, "SELECT started_at FROM progress")[0][0]
    clock.advance(3600)
    lib.mark("Attention", "read")
    lib.undo()
    assert pg.query(db_url, "SELECT status, started_at, finished_at FROM progress") == [("reading", began, None)]


def test_undo_with_no_marks_says_so(lib) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NothingToUndoError, match="no marks have been made"):
        lib.undo()


def test_the_backup_before_an_upgrade_holds_rows_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "rl.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        migrate.upgrade(engine, "0002")
    finally:
        engine.dispose()
    holder = sqlite3.connect(path)  # keeps the WAL from being checkpointed into the main file
    try:
        holder.execute("PRAGMA journal_mode = WAL")
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("INSERT INTO profiles (name, created_at) VALUES ('in-the-wal', '2024-01-01 00:00:00')")
        holder.commit()
        assert Path(f"{path}-wal").stat().st_size > 0
        readinglist.open(path).close()
    finally:
        holder.close()
    backup = tmp_path / "rl.db.schema-0002.bak"
    assert not Path(f"{backup}-wal").exists()  # the copy stands alone
    assert pg.query(f"sqlite:///{backup}", "SELECT name FROM profiles") == [("in-the-wal",)]
    assert pg.query(f"sqlite:///{backup}", "SELECT version_num FROM alembic_version") == [("0002",)]
    assert _mode(backup) == 0o600


def test_database_files_are_private(tmp_path: Path, small_list) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    try:
        path = tmp_path / "rl.db"
        with readinglist.open(path) as lib:
            lib.import_list(small_list)
            lib.mark("Attention", "read")
            assert _mode(path) == 0o600
            assert _mode(Path(f"{path}-wal")) == 0o600
    finally:
        os.umask(old)


def test_the_default_data_folder_is_private_and_a_stricter_umask_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READINGLIST_DB", raising=False)
    old = os.umask(0o077)
    try:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "strict"))
        url = resolve_url(None)
        assert _mode(Path(url.removeprefix("sqlite:///")).parent) == 0o700
        os.umask(0o022)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "usual"))
        folder = Path(resolve_url(None).removeprefix("sqlite:///")).parent
        assert _mode(folder) == 0o700
        readinglist.open(folder / "readinglist.db").close()
        assert _mode(folder / "readinglist.db") == 0o600
    finally:
        os.umask(old)


def test_an_import_canonicalises_urls_before_it_takes_the_write_lock(  # type: ignore[no-untyped-def]
    lib, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slow pure work (URL identity, kind inference) runs before BEGIN IMMEDIATE, so marks are not blocked."""
    from sqlalchemy import event

    from readinglist import identity, importing
    from readinglist.storage.engine import WRITE_OPTION
    from readinglist.types import ItemToImport, ListToImport

    state = {"writing": False, "calls_while_writing": 0, "calls": 0}
    engine = lib._storage.engine
    event.listen(engine, "begin", lambda c: state.update(writing=c.get_execution_options().get(WRITE_OPTION, False)))
    event.listen(engine, "commit", lambda c: state.update(writing=False))

    def counted(real):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            state["calls"] += 1
            state["calls_while_writing"] += state["writing"]
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(identity, "resource_key", counted(identity.resource_key))
    monkeypatch.setattr(importing, "infer_kind", counted(importing.infer_kind))
    items = tuple(ItemToImport(f"Paper {i}", f"https://example.org/{i}", ("T",), 1) for i in range(50))
    lib.import_list(ListToImport(items=items, name="fifty"))
    assert state["calls"] >= 100 and state["calls_while_writing"] == 0
    assert len(lib.entries("fifty")) == 50
