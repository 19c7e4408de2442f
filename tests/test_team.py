"""Profiles and the team view, on SQLite (several profiles in one file) and on a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

import readinglist
from readinglist.cli import main
from readinglist.exceptions import InvalidArgumentError, ProfileNotFoundError
from readinglist.types import ItemToImport, ListToImport


def test_profiles_are_explicit_and_keep_their_own_progress(lib, small_list, db_url, clock) -> None:
    lib.import_list(small_list)
    lib.add_profile("alice")
    lib.add_profile("bob")
    with pytest.raises(InvalidArgumentError, match="exists already"):
        lib.add_profile("alice")
    with readinglist.open(db_url, profile="alice", clock=clock) as alice:
        alice.mark("Illustrated Transformer", "read")
        alice.mark("Attention Is All You Need", "skipped")
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        assert [e.status.value for e in bob.entries(small_list.name)][:2] == ["unread", "unread"]
        assert bob.next(1)[0].entry.title == "The Illustrated Transformer"
    by_name = {p.name: p for p in lib.profiles()}
    assert sorted(by_name) == ["alice", "bob"]
    assert (by_name["alice"].read, by_name["alice"].skipped, by_name["bob"].read) == (1, 1, 0)
    assert by_name["alice"].last_read == clock.now

    lib.rename_profile("alice", "alice.b")
    with readinglist.open(db_url, profile="alice.b", clock=clock) as renamed:
        assert renamed.entries(small_list.name)[0].status.value == "read"
    lib.remove_profile("alice.b")
    assert [p.name for p in lib.profiles()] == ["bob"]
    with pytest.raises(ProfileNotFoundError, match="did you mean bob"):
        lib.rename_profile("bobb", "carol")


def test_team_progress_side_by_side_with_finished_and_stuck(lib, small_list, db_url, clock) -> None:
    lib.import_list(small_list)
    for name in ("alice", "bob", "carol"):
        lib.add_profile(name)
    with readinglist.open(db_url, profile="alice", clock=clock) as alice:
        alice.mark_many("read", list="small", tier=1)  # every Tier 1: 4 items in 3 topics
    clock.advance(3 * 86400)
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        bob.mark(["Annotated Transformer", "Formal Algorithms"], "read")  # Tier 2 of Transformers only
    clock.advance(12 * 86400)  # alice read 15 days ago, bob 12, carol never (joined 15 days ago)

    view = lib.team_progress("small")
    assert view.list_name == "small"
    members = {m.profile: m for m in view.members}
    assert (members["alice"].done, members["bob"].done, members["carol"].done) == (4, 2, 0)
    assert all(m.total == 9 for m in view.members)
    assert members["alice"].finished == ("Tier 1",)
    assert members["bob"].finished == ("Tier 2 of Transformers",)
    assert [m.profile for m in view.members if m.stuck] == ["alice", "carol"]
    cells = {(r.topic, r.tier): (r.total, r.done["alice"], r.done["bob"]) for r in view.rows}
    assert cells[("Transformers", 1)] == (2, 2, 0)
    assert cells[("Transformers", 2)] == (2, 0, 2)
    assert cells[("Alignment", None)] == (1, 0, 0)
    assert [r.topic for r in view.rows][:2] == ["Transformers", "Transformers"]

    result = CliRunner().invoke(main, ["--db", db_url, "team", "small", "--json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert [(m["profile"], m["done"], m["total"]) for m in data["members"]] == [
        ("alice", 4, 9),
        ("bob", 2, 9),
        ("carol", 0, 9),
    ]
    assert data["rows"][0]["done"] == {"alice": 2, "bob": 0, "carol": 0}
    text = CliRunner().invoke(main, ["--db", db_url, "team", "small"]).output
    assert "stuck" in text and "finished: Tier 1" in text


def test_cli_refuses_an_unknown_profile_with_a_suggestion(lib, small_list, db_url) -> None:
    lib.import_list(small_list)
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db_url, "profile", "add", "alice"]).exit_code == 0
    result = runner.invoke(main, ["--db", db_url, "--profile", "alcie", "mark", "read", "Illustrated"])
    assert result.exit_code == 1
    assert "no profile named 'alcie'; did you mean alice?" in result.output
    assert [p.name for p in lib.profiles()] == ["alice"]  # no new person appeared
    ok = runner.invoke(main, ["--db", db_url, "--profile", "alice", "mark", "read", "Illustrated"])
    assert ok.exit_code == 0, ok.output
    listed = runner.invoke(main, ["--db", db_url, "--profile", "alice", "profile", "list"]).output
    assert listed.splitlines()[1].split()[:3] == ["*", "alice", "1"]
    assert runner.invoke(main, ["--db", db_url, "profile", "rename", "alice", "al"]).exit_code == 0
    assert runner.invoke(main, ["--db", db_url, "profile", "remove", "al", "--yes"]).exit_code == 0
    assert lib.profiles() == []
    # the default profile needs no creating: a personal database just works
    assert runner.invoke(main, ["--db", db_url, "mark", "read", "Attention"]).exit_code == 0


WORKER = textwrap.dedent(
    """
    import os, sys, time
    import readinglist
    url, who, start = sys.argv[1], sys.argv[2], sys.argv[3]
    ids = [int(x) for x in sys.argv[4].split(",")]
    while not os.path.exists(start):
        time.sleep(0.01)
    with readinglist.open(url, profile=who) as lib:
        for rid in ids:
            lib.mark(rid, "read")
        lib.mark(ids[:3], "skipped")
        lib.undo()
    print("ok", who)
    """
)


@pytest.mark.postgres
def test_eight_people_marking_at_once_on_postgresql(pg_url, tmp_path) -> None:
    """Eight processes, one person each, mark the same 24 items at the same moment: no lost mark, no traceback."""
    items = tuple(
        ItemToImport(f"Paper {n}", f"https://example.org/p/{n}", ("Topic",), 1 + n % 3) for n in range(24)
    )
    people = [f"p{n}" for n in range(8)]
    with readinglist.open(pg_url) as lib:
        lib.import_list(ListToImport(items=items, name="shared"))
        for who in people:
            lib.add_profile(who)
        ids = ",".join(str(e.item.id) for e in lib.entries("shared"))
    start = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, pg_url, who, str(start), ids],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in people
    ]
    start.touch()
    outcomes = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outcomes):
        assert p.returncode == 0 and "Traceback" not in err, err
    with readinglist.open(pg_url) as lib:
        view = lib.team_progress("shared")
        assert [(m.profile, m.read, m.done) for m in view.members] == [(who, 24, 24) for who in people]
        assert all(p.read == 24 and p.skipped == 0 for p in lib.profiles())
    import pg

    events = dict(
        pg.query(
            pg_url,
            "SELECT profiles.name, count(*) FROM events JOIN profiles "
            "ON profiles.id = events.profile_id GROUP BY profiles.name",
        )
    )
    assert events == {who: 24 + 3 + 3 for who in people}  # 24 reads, 3 skips, 3 undone


def test_a_sync_by_one_member_updates_the_list_for_all_and_keeps_everyones_progress(
    db_url, clock, elicit_files
) -> None:
    with readinglist.open(db_url, clock=clock) as lib:
        lib.import_list(str(elicit_files[0]), name="elicit")
        for who in ("alice", "bob"):
            lib.add_profile(who)
    marked = {"alice": ["Attention Is All You Need"], "bob": ["The Illustrated Transformer"]}
    for who, titles in marked.items():
        with readinglist.open(db_url, profile=who, clock=clock) as mine:
            mine.mark(titles, "read", list="elicit")
    clock.advance(3600)
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        report = bob.sync("elicit", source=str(elicit_files[-1]))
        assert report.counts["added"] > 0
    for who, titles in marked.items():
        with readinglist.open(db_url, profile=who, clock=clock) as mine:
            read = {e.title for e in mine.entries("elicit", status="read")}
            assert read == set(titles), who
            assert mine.get_list("elicit").entry_count == 355
    with readinglist.open(db_url, clock=clock) as lib:
        view = lib.team_progress("elicit")
    assert {m.profile: m.read for m in view.members} == {"alice": 1, "bob": 1}
