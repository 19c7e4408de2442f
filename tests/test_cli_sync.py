"""``readinglist sync`` and ``readinglist history`` through CliRunner, checked through the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import readinglist
from readinglist.cli import main


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture()
def run(db: str):
    runner = CliRunner()

    def invoke(*args: str, code: int = 0):
        result = runner.invoke(main, ["--db", db, *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


@pytest.fixture()
def source(tmp_path: Path, elicit_files: list[Path]) -> Path:
    path = tmp_path / "elicit.md"
    path.write_bytes(elicit_files[3].read_bytes())
    return path


def test_sync_dry_run_then_apply_then_up_to_date(run, db, source, elicit_files) -> None:
    run("import", str(source), "--name", "elicit")
    run("mark", "read", "Power to the People", "--list", "elicit")
    source.write_bytes(elicit_files[4].read_bytes())

    out = run("sync", "elicit", "--dry-run").output
    assert out.splitlines()[0].startswith("elicit: would change: 18 added, 2 removed, 1 retired, 11 moved")
    assert (
        "  The big picture / Economic and social impacts: 2 moved Tier 3 → Tier 2, 1 retired"
        in out.splitlines()
    )
    with readinglist.open(db) as lib:
        assert len(lib.history("elicit")) == 1

    out = run("sync", "elicit", "--json").output
    data = json.loads(out)
    assert data["counts"]["added"] == 18 and data["counts"]["retired"] == 1 and not data["dry_run"]
    assert [c["title"] for c in data["changes"] if c["kind"] == "retired"] == ["Power to the People"]

    assert run("sync", "elicit").output.strip() == "elicit: up to date (355 items)"
    with readinglist.open(db) as lib:
        retired = [e for e in lib.entries("elicit", include_retired=True) if e.retired]
        assert [(e.title, e.status.value) for e in retired] == [("Power to the People", "read")]


def test_history_lists_versions_with_their_diffs(run, source, elicit_files) -> None:
    run("import", str(source), "--name", "elicit")
    source.write_bytes(elicit_files[4].read_bytes())
    run("sync", "elicit")
    lines = run("history", "elicit").output.splitlines()
    assert lines[0].endswith("340 items  first import")
    assert "355 items  changed: 18 added, 3 removed, 11 moved" in lines[1]
    data = json.loads(run("history", "elicit", "--json").output)
    assert [v["entry_count"] for v in data] == [340, 355]
    assert data[0]["first_import"] and data[0]["report"] is None
    assert data[1]["report"]["counts"]["moved"] == 11


def test_sync_all_and_errors_are_one_line(run, source, tmp_path, elicit_files) -> None:
    run("import", str(source), "--name", "elicit")
    other = tmp_path / "other.md"
    other.write_bytes(elicit_files[0].read_bytes())
    run("import", str(other), "--name", "old")
    other.unlink()
    result = run("sync", "--all", code=1)
    assert "elicit: up to date (340 items)" in result.output
    assert "old: failed: " in result.output

    result = run("sync", "missing", code=1)
    assert (
        result.output.strip()
        == "Error: no list named 'missing'; run 'readinglist lists' to see the lists you have"
    )
    assert run("sync", code=2).output.strip().endswith("give a list NAME or --all (not both)")
    assert "readinglist sync elicit --dry-run" in run("sync", "--help").output
