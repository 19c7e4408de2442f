"""``readinglist feed ...`` through click's CliRunner against a loopback feed server, checked through the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import FeedServer, Route, serve

import readinglist
from readinglist.cli import main
from readinglist.feeds.opml import read_opml

feed_server = pytest.fixture(serve)

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS20 = (FEEDS / "rss20.xml").read_bytes()
ATOM = (FEEDS / "atom10.xml").read_bytes()
RSS20_TITLES = [
    "Evaluating the Effectiveness of LLM-Evaluators (aka LLM-as-Judge)",
    "What We\u2019ve Learned From A Year of Building with LLMs",
    "Prompting Fundamentals & How to Apply them Effectively",
]


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli-feeds.db")


@pytest.fixture()
def run(db: str):
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, ["--db", db, *args])
        if ok:
            assert result.exit_code == 0, result.output
            assert result.exception is None, result.exception
        return result

    return invoke


def one_line_error(result) -> str:
    """The error a failed command printed: exactly one line, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_feed_add_json_then_list_json(run, db: str, feed_server: FeedServer) -> None:
    url = feed_server.add("/rss", Route(body=RSS20))
    added = json.loads(
        run(
            "feed",
            "add",
            url,
            "--topic",
            "Applied ML / Evals",
            "--tier",
            "3",
            "--include",
            "llm|eval",
            "--json",
        ).output
    )
    assert (added["url"], added["list_name"], added["section"], added["tier"], added["include"]) == (
        url,
        "inbox",
        ["Applied ML", "Evals"],
        3,
        "llm|eval",
    )
    assert added["last_checked"] is None
    text = run("feed", "add", feed_server.url("/other"), "--list", "later", "--create").output
    assert text.strip() == f"subscribed to {feed_server.url('/other')} -> later. Run: readinglist feed pull"

    listed = json.loads(run("feed", "list", "--json").output)
    assert [(f["url"], f["list_name"]) for f in listed] == [
        (url, "inbox"),
        (feed_server.url("/other"), "later"),
    ]
    assert {f["last_checked"] for f in listed} == {None}


def test_feed_pull_is_quiet_off_a_terminal_and_reports_each_feed(
    run, db: str, feed_server: FeedServer
) -> None:
    good = feed_server.add("/rss", Route(body=RSS20, etag='"v1"'))
    broken = feed_server.add("/broken", Route(status=500, body=b"oops"))
    run("feed", "add", good, "--topic", "Evals", "--tier", "2")
    run("feed", "add", broken, "--list", "other", "--create")
    out = run("feed", "pull").output
    assert "pulling" not in out and "\r" not in out  # no progress bar: CliRunner is not a terminal
    lines = out.splitlines()
    assert lines[-1] == "3 new items from 2 feeds; 1 feed failed: 1 answered an HTTP error"
    assert any(line.startswith("new") and "Eugene Yan" in line and line.endswith("3 new") for line in lines)
    assert any(line.startswith("error") and "HTTP 500" in line for line in lines)

    with readinglist.open(db) as lib:
        assert [(e.title, e.section, e.tier) for e in lib.entries("inbox")] == [
            (t, ("Evals",), 2) for t in RSS20_TITLES
        ]
        assert lib.entries("other") == []

    again = json.loads(run("feed", "pull", good, "--json").output)
    assert [(r["url"], r["status"], r["new_items"]) for r in again] == [(good, "unchanged", [])]

    listed = {f["url"]: f for f in json.loads(run("feed", "list", "--json").output)}
    assert listed[good]["title"] == "Eugene Yan"
    assert listed[good]["last_new"] is not None and listed[good]["last_error"] is None
    assert "HTTP 500" in listed[broken]["last_error"]
    text = run("feed", "list").output
    assert "Eugene Yan" in text and "-> inbox / Evals" in text
    assert "error: " in text and "HTTP 500" in text


def test_feed_pull_json_lists_new_items(run, feed_server: FeedServer) -> None:
    url = feed_server.add("/atom", Route(body=ATOM, content_type="application/atom+xml"))
    run("feed", "add", url)
    [result] = json.loads(run("feed", "pull", "--json").output)
    assert result["status"] == "new"
    assert result["error"] is None
    assert len(result["new_items"]) >= 1
    assert all(item["url"].startswith("http") for item in result["new_items"])


def test_feed_import_export_remove(run, db: str, tmp_path: Path) -> None:
    out = run("feed", "import", "ai-engineer-feeds", "--list", "inbox").output
    assert out.strip() == "subscribed to 16 feeds into inbox. Run: readinglist feed pull"
    assert run("feed", "import", "ai-engineer-feeds").output.startswith("subscribed to 0 feeds")

    target = tmp_path / "feeds.opml"
    run("feed", "export", str(target))
    subs = read_opml(target.read_bytes())
    assert len(subs) == 16
    by_url = {s.url: s for s in subs}
    assert by_url["https://eugeneyan.com/rss/"].folder == ("AI engineering",)
    assert by_url["https://eugeneyan.com/rss/"].title == "Eugene Yan"
    assert run("feed", "export").output.lstrip().startswith("<?xml")

    assert run("feed", "remove", "https://eugeneyan.com/rss/").output.strip() == (
        "unsubscribed from Eugene Yan (https://eugeneyan.com/rss/)"
    )
    with readinglist.open(db) as lib:
        urls = {f.url for f in lib.feeds()}
        titles = {f.title for f in lib.feeds()}
    assert len(urls) == 15 and "https://eugeneyan.com/rss/" not in urls
    # a feed is named by its title, or a part of its title or URL that only it has
    assert "Latent Space" in titles
    out = run("feed", "remove", "latent space").output
    assert out.startswith("unsubscribed from Latent Space (https://")
    ambiguous = run("feed", "remove", "https", ok=False)
    assert ambiguous.exit_code == 1 and "names 14 feeds" in ambiguous.output
    missing = run("feed", "remove", "Simon Wilison's Weblog", ok=False)
    assert missing.exit_code == 1 and "(did you mean \"Simon Willison's Weblog\"?)" in missing.output
    listed = run("feed", "list").output
    assert "\n    https://simonwillison.net/atom/everything/\n" in listed

    # an exported file imports into a fresh database with the same folders
    other = CliRunner().invoke(
        main, ["--db", str(tmp_path / "other.db"), "feed", "import", str(target), "--json"]
    )
    assert other.exit_code == 0, other.output
    imported = json.loads(other.output)
    assert len(imported) == 16
    assert {tuple(f["section"]) for f in imported} == {s.folder for s in subs}


def test_errors_are_one_line_without_traceback(run, tmp_path: Path) -> None:
    assert "not a valid regular expression" in one_line_error(
        run("feed", "add", "https://example.org/feed", "--include", "llm(", ok=False)
    )
    run("feed", "add", "https://example.org/feed")
    assert "already subscribed" in one_line_error(run("feed", "add", "https://example.org/feed", ok=False))
    assert "not an http" in one_line_error(run("feed", "add", "example.org/feed", ok=False))
    assert "no feed 'https://nowhere.example/'" in one_line_error(
        run("feed", "remove", "https://nowhere.example/", ok=False)
    )
    assert "no feed 'https://nowhere.example/'" in one_line_error(
        run("feed", "pull", "https://nowhere.example/", ok=False)
    )
    (tmp_path / "bad.opml").write_bytes(b"<opml><body><outline")
    one_line_error(run("feed", "import", str(tmp_path / "bad.opml"), ok=False))
    one_line_error(run("feed", "import", str(tmp_path / "missing.opml"), ok=False))


# --- issue 10 --------------------------------------------------------------------------------------------

ISSUE10 = Path(__file__).parent / "data" / "feeds" / "issue10"


def test_feed_pull_notes_entries_that_share_links(run, db: str, feed_server: FeedServer) -> None:
    url = feed_server.add("/podcast", Route(body=(ISSUE10 / "podcast_home_links.xml").read_bytes()))
    run("feed", "add", url)
    lines = run("feed", "pull").output.splitlines()
    assert "           note: 4 entries share links; kept apart by their ids" in lines
    assert lines[-1] == "4 new items from 1 feed"


def test_feed_pull_of_an_opml_file_says_what_it_is(run, feed_server: FeedServer) -> None:
    opml = (Path(__file__).parent / "data" / "opml" / "feeds.opml").read_bytes()
    url = feed_server.add("/subscriptions.opml", Route(body=opml, content_type="text/x-opml"))
    run("feed", "add", url)
    result = run("feed", "pull", ok=False)
    assert result.exit_code == 1
    assert (
        f"{url} is not an RSS or Atom feed (looks like an OPML subscription list; subscribe to its feeds with: "
        "readinglist feed import FILE)"
    ) in result.output
    assert (
        result.output.splitlines()[-1] == "0 new items from 1 feed; 1 feed failed: 1 is not a readable feed"
    )
