"""The rough edges of issue 13, each checked through the CLI as a person meets it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import readinglist
from readinglist.cli import main
from readinglist.cli.common import display_width
from readinglist.types import ItemToImport, Kind, ListToImport


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture()
def run(db: str):
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True, env: dict | None = None, **kw):
        result = runner.invoke(main, ["--db", db, *args], env=env, **kw)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


@pytest.fixture()
def small(db: str, small_list: ListToImport) -> str:
    """The small list, after another list that holds some of its items (so entry ids differ from item ids)."""
    with readinglist.open(db) as lib:
        lib.import_list(ListToImport(items=small_list.items[4:], name="first"))
        lib.import_list(small_list)
    return "small"


def test_show_and_next_json_give_the_id_that_mark_takes(run, db: str, small: str) -> None:
    rows = json.loads(run("show", small, "--json").output)
    attention = next(r for r in rows if r["title"] == "Attention Is All You Need")
    spinning = next(r for r in rows if r["title"] == "Spinning Up in Deep RL")
    assert spinning["id"] == spinning["item"]["id"] != spinning["entry_id"]  # held by two lists
    run("mark", "reading", str(spinning["id"]))
    run("mark", "read", str(attention["id"]))
    with readinglist.open(db) as lib:
        status = {e.title: e.status.value for e in lib.entries(small)}
    assert status["Spinning Up in Deep RL"] == "reading" and status["Attention Is All You Need"] == "read"
    recs = json.loads(run("next", "--list", small, "--json").output)
    assert recs[0]["id"] == recs[0]["entry"]["id"] == recs[0]["entry"]["item"]["id"]
    assert recs[0]["entry"]["title"] == "Spinning Up in Deep RL"  # reading comes first
    text = run("next", "--list", small, "-n", "1").output
    assert f"(id {spinning['id']})" in text
    assert f" {spinning['id']}  Spinning Up" in run("show", small).output


def test_messages_say_what_is_true(run, db: str, small: str) -> None:
    run("mark", "read", "Illustrated Transformer")
    out = run("mark", "skipped", "--list", small, "--topic", "Transformers", "--tier", "1").output
    assert "1 item already read, left as read" in out and "already skipped" not in out

    result = run("next", "--list", small, "--tier", "5", ok=False)
    assert (
        result.exit_code == 1
        and "no Tier 5 in small; the tiers there are: Tier 1, Tier 2, Tier 4+, untiered" in result.output
    )
    result = run("mark", "skipped", "--tier", "9", ok=False)
    assert "no Tier 9 in your lists" in result.output and "None" not in result.output
    assert "no Tier 7 in small" in run("show", small, "--tier", "7", ok=False).output

    out = run("mark", "read", "--list", small).output
    assert out.count("Every item of small is read or skipped.") == 1
    assert (
        "Nothing left to read: every one of the items in small is read or skipped."
        in run("next", "--list", small).output
    )

    with readinglist.open(db) as lib:
        lib.add_feed("http://127.0.0.1:9/feed.xml", list="inbox")
    assert run("progress", "--list", "inbox").output.strip() == "inbox has no items yet."


def test_plurals(run, tmp_path: Path) -> None:
    one = tmp_path / "one.md"
    one.write_text("# One\n\n## Only topic\n\n- [A post](https://example.org/a)\n", encoding="utf-8")
    out = run("import", str(one), "--name", "one").output
    assert "1 item in 1 topic (1 new resource)" in out
    opml = tmp_path / "one.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline type="rss" text="A" xmlUrl="http://127.0.0.1:9/a.xml"/></body></opml>',
        encoding="utf-8",
    )
    assert "subscribed to 1 feed into inbox" in run("feed", "import", str(opml)).output


def test_typos_get_a_suggestion_and_create_nothing(run, db: str, small: str) -> None:
    assert "did you mean small?" in run("next", "--list", "smal", ok=False).output
    assert "Did you mean Transformers?" in run("show", small, "--topic", "Transfomers", ok=False).output
    out = run("feed", "add", "http://127.0.0.1:9/f.xml", "--list", "smal", ok=False).output
    assert "did you mean small? add --create" in out
    with readinglist.open(db) as lib:
        assert [i.name for i in lib.lists()] == ["first", "small"] and lib.feeds() == []
    run("feed", "add", "http://127.0.0.1:9/f.xml", "--list", "later", "--create")
    run("feed", "add", "http://127.0.0.1:9/g.xml")  # the default list needs no --create
    with readinglist.open(db) as lib:
        assert [i.name for i in lib.lists()] == ["first", "small", "later", "inbox"]
    assert (
        "no Tier 7 in small"
        in run("feed", "add", "http://127.0.0.1:9/h.xml", "--list", small, "--tier", "7", ok=False).output
    )


def test_progress_fits_the_terminal_and_measures_wide_characters(run, db: str, elicit_newest: Path) -> None:
    run("import", str(elicit_newest), "--name", "elicit")
    for columns in (100, 80, 60, 45):
        text = run("progress", env={"COLUMNS": str(columns)}).output
        assert max(display_width(line) for line in text.splitlines()) <= columns, columns
    assert "Tier 4+" in run("progress", env={"COLUMNS": "100"}).output
    assert "T4+" in run("progress", env={"COLUMNS": "45"}).output

    cjk = ListToImport(
        name="cjk",
        items=(
            ItemToImport("注意力机制", "https://example.org/1", ("深度学习入门",), 1),
            ItemToImport("变换器", "https://example.org/2", ("Transformers",), 1),
            ItemToImport("강화 학습", "https://example.org/3", ("강화 학습",), 1),
        ),
    )
    with readinglist.open(db) as lib:
        lib.import_list(cjk)
    text = run("progress", "--list", "cjk", env={"COLUMNS": "100"}).output
    rows = [line for line in text.splitlines()[2:] if "/" in line]
    starts = {
        display_width(line[: min(i for i in (line.find("░"), line.find("█")) if i >= 0)]) for line in rows
    }
    assert len(rows) == 3 and len(starts) == 1  # every bar starts in the same column


def test_lists_and_formats_describe_each_entry(run, small: str) -> None:
    run("mark", "read", "Illustrated Transformer")
    lines = run("lists").output.splitlines()
    assert lines[0].split() == ["NAME", "ITEMS", "DONE", "IMPORTED", "SOURCE"]
    assert lines[2].split()[:3] == ["small", "9", "1"]
    available = run("lists", "--available").output
    assert "Elicit Machine Learning Reading List: The machine learning curriculum" in available
    found = {x["name"]: x for x in json.loads(run("lists", "--available", "--json").output)}
    assert found["elicit"]["items"] == 355 and found["ai-engineer-path"]["title"] == "AI engineer path"
    formats = {f["name"]: f["description"] for f in json.loads(run("formats", "--json").output)}
    assert formats["bibtex"].startswith("BibTeX") and "Goodreads" in formats["csv"]
    assert "bibtex       BibTeX" in run("formats").output


def test_ref_is_said_to_be_ignored_for_a_bundled_list(run) -> None:
    result = run("import", "elicit", "--ref", "main")
    assert "note: --ref is ignored for the bundled list 'elicit'" in result.stderr
    assert "Imported 'elicit': 355 items" in result.stdout


def test_kind_filter_keeps_the_tier_counts(db: str, run) -> None:
    lst = ListToImport(
        name="mixed",
        items=(
            ItemToImport("A paper", "https://arxiv.org/abs/2001.00001", ("T",), 1, kind=Kind.PAPER),
            ItemToImport("A talk", "https://www.youtube.com/watch?v=abcdefghijk", ("T",), 1, kind=Kind.VIDEO),
            ItemToImport("Another paper", "https://arxiv.org/abs/2001.00002", ("T",), 1, kind=Kind.PAPER),
        ),
    )
    with readinglist.open(db) as lib:
        lib.import_list(lst)
        [rec] = lib.next(kind="video")
    assert rec.entry.title == "A talk" and rec.reason == "Tier 1 of T: 3 of 3 left"
    recs = json.loads(run("next", "--kind", "video", "--json").output)
    assert [r["reason"] for r in recs] == ["Tier 1 of T: 3 of 3 left"]


def test_sync_dry_run_names_the_items(run, elicit_files: list[Path]) -> None:
    run("import", str(elicit_files[0]), "--name", "e")
    out = run("sync", "e", "--dry-run", "--source", str(elicit_files[-1])).output
    assert (
        "  added:\n    An intuitive understanding of backpropagation (Fundamentals / Introduction to machine learning, Tier 2)"
        in out
    )
    assert "    and 45 more (-v names them all)" in out
    assert "    The Annotated Transformer (Fundamentals / Transformers: Tier 2 → Tier 3)" in out
    everything = run("-v", "sync", "e", "--dry-run", "--source", str(elicit_files[-1])).stdout
    assert "more (-v" not in everything
    added = everything.split("  added:\n")[1].split("\n  removed:")[0]
    assert len(added.splitlines()) == 50


def test_no_color_and_non_terminals(run, small: str) -> None:
    coloured = run("mark", "read", "--list", small, color=True).output
    assert "\x1b[" in coloured
    plain = run("mark", "unread", "--list", small, color=True, env={"NO_COLOR": "1"}).output
    run("mark", "read", "--list", small, color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "\x1b[" not in run("progress", color=True, env={"NO_COLOR": "1"}).output
    assert "\x1b[" not in run("progress").output  # not a terminal: no colour


def test_long_output_goes_through_the_pager_on_a_terminal(db: str, small: str, tmp_path: Path) -> None:
    """A real pseudo-terminal: ``show`` taller than the window is handed to $PAGER; a short one is printed."""
    import pty
    import subprocess

    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())\""
    env = {
        **os.environ,
        "PAGER": pager,
        "LINES": "10",
        "COLUMNS": "100",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }

    def on_terminal(*args: str) -> None:
        leader, follower = pty.openpty()
        try:
            subprocess.run(
                [sys.executable, "-m", "readinglist", "--db", db, *args],
                stdin=follower,
                stdout=follower,
                stderr=follower,
                env=env,
                timeout=60,
                check=True,
            )
        finally:
            os.close(follower)
            os.close(leader)

    on_terminal("show", small)
    text = paged.read_text(encoding="utf-8")
    assert "The Illustrated Transformer" in text and len(text.splitlines()) > 10
    paged.unlink()
    on_terminal("lists")  # three lines fit the window: no pager
    assert not paged.exists()


def test_add_one_item_by_hand(run, db: str, small: str) -> None:
    out = run(
        "add",
        "https://arxiv.org/abs/2307.09288",
        "--list",
        small,
        "--topic",
        "Transformers",
        "--tier",
        "2",
        "--title",
        "Llama 2",
    ).output
    with readinglist.open(db) as lib:
        [entry] = [e for e in lib.entries(small, topic="Transformers", tier=2) if e.title == "Llama 2"]
        assert entry.item.kind is Kind.PAPER and entry.section == ("Fundamentals", "Transformers")
        assert entry.position > max(e.position for e in lib.entries(small) if e.id != entry.id)
    assert out.strip() == f"added Llama 2 (id {entry.item.id}) to small: Fundamentals / Transformers, Tier 2"
    again = run("add", "https://arxiv.org/pdf/2307.09288v2", "--list", small, ok=False)
    assert f"small already has this item: id {entry.item.id}" in again.output
    assert "did you mean small?" in run("add", "https://example.org/x", "--list", "smal", ok=False).output
    assert "not an http(s) URL" in run("add", "javascript:alert(1)", "--list", small, ok=False).output
    data = json.loads(run("add", "https://example.org/x", "--list", "later", "--create", "--json").output)
    assert data["list_name"] == "later" and data["id"] == data["item"]["id"] and data["tier"] is None


def test_open_hands_the_url_to_the_browser(db: str, small: str, tmp_path: Path) -> None:
    import subprocess

    got = tmp_path / "browser.txt"
    browser = tmp_path / "browser"
    browser.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > '{got}'\n")
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser), "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "--db", db, "open", "Illustrated Transformer"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert got.read_text() == "http://jalammar.github.io/illustrated-transformer/"
    printed = CliRunner().invoke(main, ["--db", db, "open", "Attention Is All", "--print"])
    assert printed.output.strip() == "https://arxiv.org/abs/1706.03762"


def complete(db: str, line: str) -> list[str]:
    """What bash completion offers for ``line`` (click's bash_complete protocol)."""
    words = f"readinglist --db {db} {line}"
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_READINGLIST_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    out = CliRunner().invoke(main, [], prog_name="readinglist", env=env).output
    return [row.split(",", 1)[1] for row in out.splitlines() if row]


def test_shell_completion_offers_lists_topics_and_profiles(db: str, small: str) -> None:
    with readinglist.open(db) as lib:
        lib.add_profile("alice")
        lib.add_profile("albert")
    assert complete(db, "next --list sm") == ["small"]
    assert complete(db, "show ") == ["first", "small"]
    assert complete(db, "show small --topic Tr") == ["Transformers"]
    assert complete(db, "mark read --topic a") == ["Alignment"]
    assert complete(db, "--profile al") == ["albert", "alice"]
    assert complete(db, "profile rename ali") == ["alice"]
    assert complete(db, "team s") == ["small"]
    missing = Path(db).parent / "missing.db"
    assert complete(str(missing), "show ") == [] and not missing.exists()  # nothing created, no traceback


def test_opening_an_older_database_says_it_is_upgraded_once(db: str) -> None:
    """A schema upgrade can take seconds on a large database: the command says so on stderr, the first time only."""
    import sqlalchemy as sa

    from readinglist.storage import migrate

    migrate.upgrade(sa.create_engine(f"sqlite:///{db}"), migrate.REVISIONS[-2])
    first = CliRunner().invoke(main, ["--db", db, "lists"])
    assert first.exit_code == 0
    assert f"readinglist: upgrading the database {db} from schema {migrate.REVISIONS[-2]} to {migrate.HEAD}" in (
        first.stderr
    )
    assert "upgrading" not in first.stdout
    again = CliRunner().invoke(main, ["--db", db, "lists"])
    assert again.exit_code == 0 and again.stderr == ""
