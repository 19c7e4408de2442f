"""Migration 0006 (item_metadata, link_checks) upgrades a database of the previous schema with its data."""

from __future__ import annotations

import datetime as dt

import pg
import sqlalchemy as sa
from test_migrations import T0, _insert_at_0001

import readinglist
from readinglist.storage import migrate


def test_a_database_at_0002_with_data_upgrades_to_0006(empty_db_url: str) -> None:
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            _insert_at_0001(conn)
            assert not sa.inspect(conn).has_table("item_metadata")
    finally:
        engine.dispose()
    before = pg.dump(empty_db_url)

    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert [e.title for e in lib.entries("old")] == [
            "The Illustrated Transformer",
            "Attention Is All You Need",
        ]
        item = lib.find("https://arxiv.org/abs/1706.03762")
        assert lib.effort([item.id]) == {} and lib.link_checks("old") == []
        lib.set_minutes(item, 40)
        assert lib.effort([item.id])[item.id].minutes == 40

    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    for table in ("lists", "sections", "resources", "entries", "progress", "events", "profiles"):
        assert pg.unchanged(before, after, table), table
    assert after["item_metadata"][0][0] == item.id
    assert after["link_checks"] == []


def test_downgrade_removes_only_the_new_tables(empty_db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine)
        config = Config()
        config.set_main_option("script_location", str(migrate.migrations_dir()))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert "item_metadata" not in tables and "link_checks" not in tables and "feeds" in tables
