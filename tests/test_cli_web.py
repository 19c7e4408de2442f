"""CLI: search and stats (text and --json); ids shown are the ones mark takes."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import make_small_list

import readinglist
from readinglist.cli import main


def run(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db_url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_search_shows_the_id_mark_takes(db_url) -> None:
    with readinglist.open(db_url) as lib:
        lib.import_list(make_small_list())
        attention = lib.find("Attention").id
    out = run(db_url, "search", "attention", "need")
    assert out.splitlines()[0].split()[0] == str(attention)
    run(db_url, "mark", "read", str(attention), "--note", "classic")
    found = json.loads(run(db_url, "search", "classic", "--status", "read", "--json"))
    assert [(e["item"]["id"], e["status"], e["progress_note"]) for e in found] == [
        (attention, "read", "classic")
    ]
    assert run(db_url, "search", "nothing-like-this").strip() == "Nothing matches."


def test_stats_text_and_json(db_url) -> None:
    with readinglist.open(db_url) as lib:
        lib.import_list(make_small_list())
    run(db_url, "mark", "read", "Attention", "Spinning Up")
    data = json.loads(run(db_url, "stats", "--json"))
    assert (data["read"], data["pace"], data["current_streak"]) == (2, 0.5, 1)
    tiers = {e["name"]: e["remaining"] for e in data["estimates"] if e["scope"] == "tier"}
    assert tiers == {"Tier 1": 2, "Tier 2": 3, "Tier 4+": 1, "untiered": 1}  # Tier 1 holds 4 items
    out = run(db_url, "stats")
    assert "Read 2, skipped 0" in out and "Pace: 0.5 items a week" in out
    assert "Streak: 1 day now, 1 at best" in out  # one day, not "1 days"
    assert "  Tier 1" in out


def test_show_prints_the_notes_as_they_accumulated(db_url) -> None:
    with readinglist.open(db_url) as lib:
        lib.import_list(make_small_list())
    run(db_url, "mark", "reading", "Attention", "--note", "first pass")
    run(db_url, "mark", "read", "Attention", "--note", "second pass")
    lines = run(db_url, "show", "small", "--status", "read").splitlines()
    notes = [line.strip() for line in lines if "✎" in line]
    assert notes[0] == "✎ first pass"
    assert notes[1].startswith("✎ 20") and notes[1].endswith(": second pass")
    run(db_url, "mark", "read", "Attention", "--note", "only this", "--replace-note")
    assert [line.strip() for line in run(db_url, "show", "small").splitlines() if "✎" in line] == [
        "✎ only this"
    ]
