"""The storage layer: where the database is, how connections are set up, transactions, constraints, both engines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa

import readinglist
from readinglist.exceptions import StorageError
from readinglist.storage import Storage
from readinglist.storage import engine as storage_engine
from readinglist.storage.engine import describe, resolve_url

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


# --- where the database is -------------------------------------------------------------------------------------


def test_resolve_url_paths_and_urls(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("READINGLIST_DB", raising=False)
    assert resolve_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert resolve_url(":memory:") == "sqlite://"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:////x/y.db") == "sqlite:////x/y.db"
    monkeypatch.chdir(tmp_path)
    assert resolve_url("rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"  # made absolute
    with pytest.raises(StorageError, match="does not exist"):
        resolve_url(tmp_path / "missing" / "a.db")


def test_environment_and_default_location(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("READINGLIST_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("READINGLIST_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    url = resolve_url(None)
    assert url == f"sqlite:///{tmp_path / 'xdg' / 'readinglist' / 'readinglist.db'}"
    assert (tmp_path / "xdg" / "readinglist").is_dir()  # the folder is made for a first run
    with readinglist.open() as lib:
        assert lib.database == str(tmp_path / "xdg" / "readinglist" / "readinglist.db")


def test_describe_hides_passwords() -> None:
    assert describe("sqlite:////tmp/x.db") == "/tmp/x.db"
    assert describe("sqlite://") == ":memory:"
    assert (
        describe("postgresql+psycopg://me:secret@db.example:5432/rl")
        == "postgresql+psycopg://me:***@db.example:5432/rl"
    )


# --- SQLite connections ----------------------------------------------------------------------------------------


def test_sqlite_connections_get_wal_busy_timeout_and_foreign_keys(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 1234)
    storage = Storage(str(tmp_path / "p.db"))
    try:
        with storage.read() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
            }
    finally:
        storage.close()
    assert pragma == {"journal_mode": "wal", "busy_timeout": 1234, "foreign_keys": 1, "synchronous": 1}


def test_memory_database_works(small_list) -> None:  # type: ignore[no-untyped-def]
    with readinglist.open(":memory:") as lib:
        assert lib.database == ":memory:"
        # Each pooled connection of sqlite:// would be a new empty database; the library must use one.
        lib.import_list(small_list)
        lib.mark("Attention", "read")
        assert [e.title for e in lib.entries(status="read")] == ["Attention Is All You Need"]


# --- transactions and constraints, on both engines --------------------------------------------------------------


def test_a_transaction_rolls_back_on_error(db_url: str) -> None:
    storage = Storage(db_url)
    try:
        with pytest.raises(RuntimeError), storage.transaction() as conn:
            conn.execute(sa.text("INSERT INTO profiles (name, created_at) VALUES ('x', :t)"), {"t": T0})
            raise RuntimeError("boom")
        with storage.transaction() as conn:
            conn.execute(sa.text("INSERT INTO profiles (name, created_at) VALUES ('y', :t)"), {"t": T0})
    finally:
        storage.close()
    assert pg.query(db_url, "SELECT name FROM profiles") == [("y",)]


def test_constraint_violations_become_storage_errors(db_url: str) -> None:
    storage = Storage(db_url)
    try:
        with pytest.raises(StorageError, match="database error in"), storage.transaction() as conn:
            conn.execute(sa.text("INSERT INTO profiles (name, created_at) VALUES ('same', :t)"), {"t": T0})
            conn.execute(sa.text("INSERT INTO profiles (name, created_at) VALUES ('same', :t)"), {"t": T0})
        # Foreign keys are enforced on both engines (SQLite only with the pragma on).
        with pytest.raises(StorageError), storage.transaction() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO progress (profile_id, resource_id, status, updated_at) VALUES (999, 999, 'read', :t)"
                ),
                {"t": T0},
            )
    finally:
        storage.close()
    assert pg.query(db_url, "SELECT count(*) FROM profiles") == [(0,)]
    assert pg.query(db_url, "SELECT count(*) FROM progress") == [(0,)]


def test_timestamps_come_back_aware_and_equal(lib, small_list, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = dt.datetime(2025, 6, 30, 23, 59, 58, 123456, tzinfo=dt.timezone.utc)
    lib.import_list(small_list)
    lib.mark("Attention", "read")
    entry = lib.entries(status="read")[0]
    assert entry.updated_at == clock.now and entry.updated_at.tzinfo is not None
    assert lib.get_list("small").imported_at == clock.now


def test_unicode_and_long_text_round_trip(lib) -> None:  # type: ignore[no-untyped-def]
    title = "图解 Transformer — «Attention» 🤖 " + "x" * 5000
    lst = readinglist.ListToImport(
        name="u",
        items=(
            readinglist.ItemToImport(
                title,
                "https://example.org/ü?q=ß",
                ("话题", "子话题"),
                2,
                note="注释",
                links=(readinglist.Link("视频", "https://example.org/v"),),
            ),
        ),
    )
    lib.import_list(lst)
    e = lib.entries("u")[0]
    assert (e.title, e.section, e.note, e.links) == (title, ("话题", "子话题"), "注释", lst.items[0].links)
    assert lib.find("图解").id == e.item.id


def test_a_library_reopens_an_existing_database(db_url: str, small_list, clock) -> None:  # type: ignore[no-untyped-def]
    with readinglist.open(db_url, clock=clock) as lib:
        lib.import_list(small_list)
        lib.mark("Attention", "read", rating=5)
    with readinglist.open(db_url, clock=clock) as lib:
        assert [i.name for i in lib.lists()] == ["small"]
        assert lib.entries(status="read")[0].rating == 5


# --- the PostgreSQL harness itself --------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_test_server_is_postgresql_15_on_loopback(pg_server: pg.PgServer, pg_url: str) -> None:
    version = pg.query(pg_url, "SHOW server_version")[0][0]
    assert version.split(".")[0] == "15"
    assert pg_server.host == "127.0.0.1"
    settings = dict(
        pg.query(
            pg_url, "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')"
        )
    )
    if pg_server.root is not None:  # a server we started, not a borrowed one
        assert settings == {"fsync": "off", "synchronous_commit": "off"}


@pytest.mark.postgres
def test_each_test_gets_its_own_empty_schema(pg_url: str) -> None:
    schema = pg.query(pg_url, "SELECT current_schema()")[0][0]
    assert schema.startswith("t_")
    assert pg.query(
        pg_url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    ) == [(0,)]


@pytest.mark.postgres
def test_whole_databases_can_be_made_and_dropped(pg_server: pg.PgServer) -> None:
    name = pg_server.create_database("check")
    assert pg.query(pg_server.url(name), "SELECT current_database()") == [(name,)]
    pg_server.drop_database(name)
    assert pg.query(pg_server.url(), "SELECT count(*) FROM pg_database WHERE datname = :n", n=name) == [(0,)]


@pytest.mark.postgres
def test_a_postgres_url_without_the_driver_name_works(pg_url: str, small_list) -> None:  # type: ignore[no-untyped-def]
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with readinglist.open(plain) as lib:
        assert lib.database.startswith("postgresql+psycopg://postgres@127.0.0.1:")
        lib.import_list(small_list)
        assert len(lib.entries()) == 9


def test_find_bindir_reports_missing_binaries(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg, "Path", lambda p: tmp_path / "nowhere" if p == "/usr/lib/postgresql" else Path(p))
    with pytest.raises(pg.PostgresUnavailable, match="no PostgreSQL binaries"):
        pg.find_bindir()
