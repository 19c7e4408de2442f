"""Tags: a reader's own labels on items, on both engines; the 0007 migration from a 0002 database with data."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import readinglist
from readinglist.cli import main
from readinglist.exceptions import InvalidArgumentError
from readinglist.storage import migrate


def test_tags_are_per_profile_filter_and_export(lib, small_list, db_url, clock) -> None:
    lib.import_list(small_list)
    items = lib.tag(["Illustrated Transformer", "Attention Is All"], "Theory", "#to-discuss")
    assert [i.title for i in items] == ["The Illustrated Transformer", "Attention Is All You Need"]
    lib.tag("Spinning Up", "theory")
    lib.untag("Attention Is All", "to-discuss")
    assert lib.tags() == {"theory": 3, "to-discuss": 1}
    assert lib.tagged("THEORY") == {i.id for i in items} | {lib.find("Spinning Up").id}
    with pytest.raises(InvalidArgumentError, match="not a usable tag"):
        lib.tag("Spinning Up", "two words")
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        assert bob.tags() == {}  # tags are each reader's own

    rows = list(csv.DictReader(io.StringIO(lib.export("small", "csv"))))
    assert {r["title"]: r["tags"] for r in rows if r["tags"]} == {
        "The Illustrated Transformer": "theory|to-discuss",
        "Attention Is All You Need": "theory",
        "Spinning Up in Deep RL": "theory",
    }

    runner = CliRunner()
    shown = json.loads(runner.invoke(main, ["--db", db_url, "show", "--tag", "to-discuss", "--json"]).output)
    assert [(r["title"], r["tags"]) for r in shown] == [
        ("The Illustrated Transformer", ["theory", "to-discuss"])
    ]
    out = runner.invoke(main, ["--db", db_url, "next", "--tag", "theory", "-n", "2"]).output
    assert "Illustrated Transformer" in out and "Attention Is All" in out and "Spinning" not in out
    out = runner.invoke(
        main, ["--db", db_url, "mark", "read", "--list", "small", "--topic", "Alignment", "--tag", "safety"]
    ).output
    assert "tagged 3 items safety" in out
    out = runner.invoke(
        main, ["--db", db_url, "add", "https://example.org/new", "--list", "small", "--tag", "later"]
    ).output
    assert out.rstrip().endswith("#later")
    assert lib.tags() == {"later": 1, "safety": 3, "theory": 3, "to-discuss": 1}
    found = json.loads(runner.invoke(main, ["--db", db_url, "search", "transformer", "--json"]).output)
    assert len(found) >= 1
    tagged = json.loads(
        runner.invoke(main, ["--db", db_url, "search", "transformer", "--tag", "to-discuss", "--json"]).output
    )
    assert [(r["id"], r["title"], r["tags"]) for r in tagged] == [
        (items[0].id, "The Illustrated Transformer", ["theory", "to-discuss"])
    ]


def test_a_0002_database_upgrades_to_tags_with_its_data(empty_db_url: str) -> None:
    from test_migrations import _insert_at_0001

    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            _insert_at_0001(conn)
            assert not sa.inspect(conn).has_table("tags")
    finally:
        engine.dispose()
    with readinglist.open(empty_db_url) as lib:
        assert [e.title for e in lib.entries("old")] == [
            "The Illustrated Transformer",
            "Attention Is All You Need",
        ]
        lib.tag("Attention", "theory")
        assert lib.tags() == {"theory": 1}
        with lib._storage.read() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD
