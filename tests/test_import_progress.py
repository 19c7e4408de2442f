"""Progress a list carries (checklist marks, export statuses) against the reader's own: one rule, every route.

The rule (readinglist/carried.py): items you have no progress on take the list's status (applied); where the list
disagrees with you, ``keep`` (default) leaves yours (kept), ``theirs`` takes the list's (overwritten). It must be the
same on a first import, a re-import under the same name and a sync; both engines through the ``lib`` fixture.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import readinglist
from readinglist import InvalidArgumentError, ItemToImport, ListToImport, ProgressMerge, Status
from readinglist.cli import main

PLAIN = "# Papers\n\n## Basics\n\n- [Alpha](https://a.example/)\n- [Beta](https://b.example/)\n- [Gamma](https://c.example/)\n- [Delta](https://d.example/)\n"
"""The list as upstream wrote it: no statuses."""

CHECKED = "# Papers\n\n## Basics\n\n- [ ] [Alpha](https://a.example/)\n- [x] [Beta](https://b.example/)\n- [x] [Gamma](https://c.example/)\n- [-] [Delta](https://d.example/)\n"
"""A checklist of the same items: Alpha unread, Beta and Gamma read, Delta skipped."""


def statuses(lib, name: str) -> dict[str, str]:
    return {e.title: e.status.value for e in lib.entries(name)}


def mine(lib) -> None:
    """The reader's own progress, made in another list: Alpha read, Beta reading, Delta skipped."""
    lib.import_list(ListToImport(tuple(ItemToImport(t, u) for t, u in ITEMS), title="Other"), name="other")
    lib.mark("Alpha", "read", list="other")
    lib.mark("Beta", "reading", list="other")
    lib.mark("Delta", "skipped", list="other")


ITEMS = [("Alpha", "https://a.example/"), ("Beta", "https://b.example/"), ("Gamma", "https://c.example/"),
         ("Delta", "https://d.example/")]  # fmt: skip

# Alpha: list unread vs read (disagrees); Beta: read vs reading (disagrees); Gamma: read, no progress (applied);
# Delta: skipped both (agrees, not counted).
EXPECTED = {
    "keep": (
        ProgressMerge("keep", applied=1, kept=2),
        {"Alpha": "read", "Beta": "reading", "Gamma": "read", "Delta": "skipped"},
    ),
    "theirs": (
        ProgressMerge("theirs", applied=1, overwritten=2),
        {"Alpha": "unread", "Beta": "read", "Gamma": "read", "Delta": "skipped"},
    ),
}


def _route(lib, tmp_path: Path, clock, route: str, mode: str):
    """Bring CHECKED in by ``route`` after the reader's own progress; returns the progress counts it reported."""
    path = tmp_path / "papers.md"
    if route == "first":
        mine(lib)
        path.write_text(CHECKED)
        return lib.import_list(path, name="papers", on_conflict=mode).progress
    path.write_text(PLAIN)
    lib.import_list(path, name="papers")
    mine(lib)
    clock.advance(60)
    path.write_text(CHECKED)
    if route == "reimport":
        result = lib.import_list(path, name="papers", on_conflict=mode)
        assert result.report is not None and result.progress == result.report.progress
        return result.progress
    return lib.sync("papers", on_conflict=mode).progress


@pytest.mark.parametrize("route", ["first", "reimport", "sync"])
@pytest.mark.parametrize("mode", ["keep", "theirs"])
def test_one_rule_on_first_import_reimport_and_sync(lib, tmp_path: Path, clock, route: str, mode: str) -> None:
    counts, after = EXPECTED[mode]
    assert _route(lib, tmp_path, clock, route, mode) == counts
    assert statuses(lib, "papers") == after
    assert statuses(lib, "other") == after  # statuses belong to the resource: every list sees the same


@pytest.mark.parametrize("mode", ["keep", "theirs"])
def test_the_same_checklist_again_still_follows_the_rule(lib, tmp_path: Path, clock, mode: str) -> None:
    """Re-importing byte-identical content is "up to date" unless it carries progress: then the rule still runs."""
    path = tmp_path / "papers.md"
    path.write_text(CHECKED)
    lib.import_list(path, name="papers")
    lib.mark("Alpha", "read")
    lib.mark("Beta", "reading")
    clock.advance(60)
    counts, after = EXPECTED[mode]
    assert lib.import_list(path, name="papers", on_conflict=mode).progress == dataclasses.replace(counts, applied=0)
    assert statuses(lib, "papers") == after


def test_keep_is_the_default_and_an_unknown_mode_is_refused(lib, tmp_path: Path) -> None:
    mine(lib)
    path = tmp_path / "papers.md"
    path.write_text(CHECKED)
    with pytest.raises(InvalidArgumentError, match="keep, theirs"):
        lib.import_list(path, name="papers", on_conflict="mine")
    assert [i.name for i in lib.lists()] == ["other"]  # refused before anything was written
    assert lib.import_list(path, name="papers").progress == EXPECTED["keep"][0]


def test_a_list_without_statuses_reports_no_progress_and_changes_none(lib, tmp_path: Path) -> None:
    mine(lib)
    path = tmp_path / "papers.md"
    path.write_text(PLAIN)
    result = lib.import_list(path, name="papers", on_conflict="theirs")
    assert result.progress is None
    assert statuses(lib, "papers") == {"Alpha": "read", "Beta": "reading", "Gamma": "unread", "Delta": "skipped"}


def test_a_dry_run_sync_counts_what_it_would_do_and_writes_nothing(lib, tmp_path: Path, clock) -> None:
    path = tmp_path / "papers.md"
    path.write_text(PLAIN)
    lib.import_list(path, name="papers")
    mine(lib)
    path.write_text(CHECKED + "- [x] [Epsilon](https://e.example/)\n")  # a new item, read
    clock.advance(60)
    report = lib.sync("papers", dry_run=True, on_conflict="theirs")
    assert report.progress == ProgressMerge("theirs", applied=2, overwritten=2)
    assert statuses(lib, "papers") == {"Alpha": "read", "Beta": "reading", "Gamma": "unread", "Delta": "skipped"}
    report = lib.sync("papers", on_conflict="theirs")
    assert report.progress == ProgressMerge("theirs", applied=2, overwritten=2)
    assert statuses(lib, "papers")["Epsilon"] == "read"
    assert "progress from the list: 2 applied, 2 overwritten by the list" in str(report)
    # The version's stored report keeps the counts.
    assert lib.history("papers")[-1].report.progress == report.progress


def test_undo_takes_back_what_an_import_overwrote(lib, tmp_path: Path, clock) -> None:
    mine(lib)
    clock.advance(60)
    path = tmp_path / "papers.md"
    path.write_text(CHECKED)
    lib.import_list(path, name="papers", on_conflict="theirs")
    assert statuses(lib, "papers")["Beta"] == "read"
    lib.undo()
    assert statuses(lib, "papers") == {"Alpha": "read", "Beta": "reading", "Gamma": "unread", "Delta": "skipped"}


def test_ratings_and_notes_are_part_of_the_disagreement(lib, clock) -> None:
    lib.import_list(ListToImport((ItemToImport("Alpha", "https://a.example/"),), title="Other"), name="other")
    lib.mark("Alpha", "read", rating=2, note="mine")
    carried = ListToImport(
        (ItemToImport("Alpha", "https://a.example/", status=Status.READ, rating=5, progress_note="theirs"),),
        title="Export",
    )
    assert lib.import_list(carried, name="kept").progress == ProgressMerge("keep", kept=1)
    (entry,) = lib.entries("kept")
    assert (entry.rating, entry.progress_note) == (2, "mine")
    assert lib.import_list(carried, name="taken", on_conflict="theirs").progress == ProgressMerge(
        "theirs", overwritten=1
    )
    (entry,) = lib.entries("taken")
    assert (entry.status, entry.rating, entry.progress_note) == (Status.READ, 5, "theirs")


def test_a_dated_read_is_recorded_on_its_day(lib, clock) -> None:
    lib.import_list(ListToImport((ItemToImport("Alpha", "https://a.example/"),), title="Other"), name="other")
    lib.mark("Alpha", "reading")
    shelf = ListToImport(
        (ItemToImport("Alpha", "https://a.example/", status=Status.READ, read_at="2023-01-14"),), title="Shelf"
    )
    assert lib.import_list(shelf, name="shelf", on_conflict="theirs").progress.overwritten == 1
    (entry,) = lib.entries("shelf")
    assert entry.status is Status.READ
    assert entry.updated_at == dt.datetime(2023, 1, 14, 12, tzinfo=dt.timezone.utc)


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_import_and_sync_report_progress(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with readinglist.open(db) as lib:
        mine(lib)
    path = tmp_path / "papers.md"
    path.write_text(CHECKED)
    runner = CliRunner()
    done = runner.invoke(main, ["--db", db, "import", str(path), "--name", "papers"])
    assert done.exit_code == 0, done.output
    assert "progress from the list: 1 applied, 2 kept (yours; --progress theirs takes the list's)" in done.output
    path.write_text(CHECKED.replace("- [ ] [Alpha]", "- [/] [Alpha]"))
    done = runner.invoke(main, ["--db", db, "sync", "papers", "--progress", "theirs", "--json"])
    assert done.exit_code == 0, done.output
    # Alpha: reading vs read (overwritten); Beta: read vs reading (overwritten); Gamma and Delta agree now.
    assert json.loads(done.output)["progress"] == {"mode": "theirs", "applied": 0, "kept": 0, "overwritten": 2}
    done = runner.invoke(main, ["--db", db, "import", str(path), "--name", "again", "--progress", "nope"])
    assert done.exit_code == 2 and "keep" in done.output and "theirs" in done.output
    with readinglist.open(db) as lib:
        assert statuses(lib, "papers") == {"Alpha": "reading", "Beta": "read", "Gamma": "read", "Delta": "skipped"}


# --- the import options a list remembers ---------------------------------------------------------------------

COURSE = "# Course\n\n## Intro\n\n- [One](one.md)\n\n## Core\n\n- [Two](two.md)\n"
BASE = "https://github.com/o/r/blob/main/README.md"


def placed(lib, name: str) -> list[tuple]:
    return [(e.title, e.url, e.section, e.tier) for e in lib.entries(name)]


def test_base_url_and_tiers_given_at_import_are_used_again_by_sync(lib, tmp_path: Path, clock) -> None:
    path = tmp_path / "course.md"
    path.write_text(COURSE)
    info = lib.import_list(path, name="c", base_url=BASE, tiers="none").list
    assert (info.base_url, info.tiers) == (BASE, "none")
    assert placed(lib, "c") == [
        ("One", "https://github.com/o/r/blob/main/one.md", ("Intro",), None),
        ("Two", "https://github.com/o/r/blob/main/two.md", ("Core",), None),
    ]
    path.write_text(COURSE + "- [Three](three.md)\n")
    clock.advance(60)
    report = lib.sync("c")
    assert report.counts["added"] == 1
    # Without the remembered options the new link would be dropped (nothing to resolve it against) and
    # Intro/Core would become tiers, moving both old entries.
    assert placed(lib, "c")[-1] == ("Three", "https://github.com/o/r/blob/main/three.md", ("Core",), None)
    assert report.counts["moved"] == 0
    assert (lib.get_list("c").base_url, lib.get_list("c").tiers) == (BASE, "none")


def test_a_reimport_reuses_what_the_list_remembers_and_records_what_is_given(lib, tmp_path: Path, clock) -> None:
    path = tmp_path / "course.md"
    path.write_text(COURSE)
    lib.import_list(path, name="c", base_url=BASE, tiers="none")
    path.write_text(COURSE + "- [Three](three.md)\n")
    clock.advance(60)
    lib.import_list(path, name="c")  # no options: the remembered ones
    assert placed(lib, "c")[-1] == ("Three", "https://github.com/o/r/blob/main/three.md", ("Core",), None)
    path.write_text(COURSE + "- [Four](four.md)\n")
    clock.advance(60)
    other = "https://example.org/course/"
    info = lib.import_list(path, name="c", base_url=other, tiers="auto").list
    assert (info.base_url, info.tiers) == (other, "auto")
    assert placed(lib, "c")[0][3] == 1  # Intro is a tier now
    assert ("Four", "https://example.org/course/four.md") in [(t, u) for t, u, *_ in placed(lib, "c")]


def test_cli_lists_shows_the_remembered_options(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    path = tmp_path / "course.md"
    path.write_text(COURSE)
    runner = CliRunner()
    done = runner.invoke(main, ["--db", db, "import", str(path), "--name", "c", "--base-url", BASE, "--tiers", "none"])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(main, ["--db", db, "lists"])
    assert f"{path} (--base-url {BASE}, --tiers none)" in shown.output
    listed = json.loads(runner.invoke(main, ["--db", db, "lists", "--json"]).output)
    assert (listed[0]["base_url"], listed[0]["tiers"]) == (BASE, "none")
