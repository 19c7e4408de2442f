"""The CLI through click's CliRunner, checked against the database through the library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
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

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, ["--db", db, *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if group is main:
        main.load()
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if isinstance(cmd, click.Group):
            out.extend(all_commands(cmd, (*prefix, name)))
    return out


@pytest.mark.parametrize("command", all_commands(main))
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "readinglist " in result.output.split("Options:")[0], f"{command} --help shows no example"


def test_import_next_mark_progress_on_elicit(run, db: str, elicit_newest: Path) -> None:
    out = run("import", str(elicit_newest), "--name", "elicit-2025").output
    assert "355 items in 24 topics" in out

    recs = json.loads(run("next", "--json", "-n", "3").output)
    assert [r["entry"]["tier"] for r in recs] == [1, 1, 1]
    assert recs[0]["entry"]["title"] == "A short introduction to machine learning"
    assert recs[0]["reason"] == "Tier 1 of Introduction to machine learning: 3 of 3 left"

    out = run("mark", "read", "Illustrated Transformer", "--rating", "5", "--note", "clear intro").output
    assert "read: The Illustrated Transformer" in out

    with readinglist.open(db) as lib:
        [entry] = [e for e in lib.entries("elicit-2025") if e.title == "The Illustrated Transformer"]
        assert (entry.status, entry.rating, entry.progress_note) == (
            readinglist.Status.READ,
            5,
            "clear intro",
        )

    out = run("mark", "skipped", "--topic", "Transformers", "--tier", "1").output
    assert "Finished Tier 1 of Transformers" in out
    rows = json.loads(run("progress", "--json").output)
    transformers_t1 = next(r for r in rows if r["section"][-1] == "Transformers" and r["tier"] == 1)
    assert (transformers_t1["read"], transformers_t1["skipped"], transformers_t1["total"]) == (1, 4, 5)
    text = run("progress").output
    assert "elicit-2025: 5/355 done" in text and "Tier 4+" in text

    shown = json.loads(run("show", "elicit-2025", "--tier", "2", "--json").output)
    assert len(shown) == 63 and {e["tier"] for e in shown} == {2}

    run("undo")
    with readinglist.open(db) as lib:
        statuses = {e.title: e.status for e in lib.entries("elicit-2025", topic="Transformers", tier=1)}
    assert statuses["The Illustrated Transformer"] is readinglist.Status.READ
    assert sum(s is readinglist.Status.SKIPPED for s in statuses.values()) == 0


def test_errors_are_one_line_without_traceback(run, db: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.md"
    binary.write_bytes(bytes(range(256)) * 10)
    nolinks = tmp_path / "nolinks.md"
    nolinks.write_text("# A list\n\nJust words, no links at all.\n")
    cases = [
        ("import", str(empty)),
        ("import", str(binary)),
        ("import", str(nolinks)),
        ("import", "no-such-list-or-file"),
        ("import", "http://127.0.0.1:9/list.md"),
        ("show", "missing-list"),
        ("mark", "read", "anything"),
        ("mark", "read"),
        ("undo",),
        ("next", "--tier", "seven"),
    ]
    for args in cases:
        result = run(*args, ok=False)
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output, args
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) <= 3 and lines[-1].startswith("Error"), (args, result.output)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM lists").fetchone()[0] == 0


def test_ambiguous_title_lists_candidates(run, elicit_newest: Path) -> None:
    run("import", str(elicit_newest), "--name", "e")
    result = run("mark", "read", "transformer", ok=False)
    assert result.exit_code == 1
    assert "matches" in result.output and "Give an id or more words" in result.output


def test_json_listings_parse(run, elicit_newest: Path) -> None:
    run("import", str(elicit_newest), "--name", "e")
    for args in (("lists",), ("show", "e"), ("next",), ("progress",), ("lists", "--available")):
        json.loads(run(*args, "--json").output)


def test_closed_pipe_ends_quietly(db: str, run, elicit_newest: Path) -> None:
    import subprocess
    import sys

    run("import", str(elicit_newest), "--name", "e")
    # ``true`` exits at once, long before Python has started: every write meets a closed pipe.
    shell = f"'{sys.executable}' -m readinglist --db '{db}' show e | true"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60)
    assert done.stderr == "" and done.returncode == 0


def test_the_command_index_is_the_commands_the_modules_define() -> None:
    """``--help`` lists commands from an index without loading them: it must say what loading them would."""
    import subprocess
    import sys

    from readinglist.cli import COMMANDS

    lazy = CliRunner().invoke(main, ["--help"]).output  # this process may have loaded some modules already
    code = "from readinglist.cli import main\nmain(['--help'])"
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"COLUMNS": "80"}).stdout
    main.load()
    loaded = {name: cmd for name, cmd in main.commands.items()}
    assert set(loaded) == set(COMMANDS)
    for name, cmd in loaded.items():
        module = cmd.callback.__module__ if cmd.callback else type(cmd).__module__
        assert (module.rsplit(".", 1)[-1], cmd.get_short_help_str(10**6)) == COMMANDS[name], name
    eager = CliRunner().invoke(click.Group(name="main", commands=loaded), ["--help"]).output
    commands = lambda text: text.split("Commands:")[1]  # noqa: E731
    assert commands(lazy) == commands(eager)
    assert " next " in commands(fresh) and "What to read now, and why." in commands(fresh)


def test_help_and_version_never_import_the_storage_layer() -> None:
    """``--help`` stays as quick as click itself: no SQLAlchemy, no data types, no Alembic (bench/scale.py times it)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from readinglist.cli import main\n"
        "for args in (['--help'], ['--version'], ['next', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.strip().splitlines()[-1].split())
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "alembic", "feedparser", "requests")}
    assert "readinglist.types" not in loaded and "readinglist.core" not in loaded
