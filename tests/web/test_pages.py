"""The web app's pages over real HTTP (no browser needed): import with a preview, sync with its diff, feeds, people,
and the report and serve commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests
from click.testing import CliRunner
from conftest import DATA, Clock, make_small_list
from feedserver import FeedServer, Route
from web_fixtures import serving

import readinglist
from readinglist.cli import main


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url + "/lists", timeout=10)
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_upload_preview_writes_nothing_then_import(tmp_path) -> None:
    levels = DATA / "markdown" / "levels.md"
    expected = json.loads((DATA / "markdown" / "levels.expected.json").read_text())
    with serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        s = requests.Session()
        token = csrf(s, site.url)
        shown = s.post(
            site.url + "/lists/preview",
            data={"csrf": token, "name": "rust"},
            files={"file": ("levels.md", levels.read_bytes(), "text/markdown")},
            timeout=10,
        )
        assert shown.status_code == 200
        assert f"{len(expected['items'])} entries" in shown.text
        assert "The Rust Programming Language" in shown.text
        assert site.lib.lists() == []  # a preview writes nothing
        data = re.search(r'name="data" value="([^"]+)"', shown.text).group(1)
        done = s.post(
            site.url + "/lists/import",
            data={"csrf": token, "name": "rust", "data": data, "filename": "levels.md", "url": ""},
            timeout=10,
        )
        assert done.status_code == 200 and done.url.startswith(site.url + "/map/rust")
        assert f"Imported {len(expected['items'])} entries into rust." in done.text
        assert [e.title for e in site.lib.entries("rust")] == [i["title"] for i in expected["items"]]
        # Without the token, nothing is imported.
        refused = s.post(site.url + "/lists/import", data={"name": "again", "url": str(levels)}, timeout=10)
        assert refused.status_code == 403 and [i.name for i in site.lib.lists()] == ["rust"]
        # With it, a path on the server's disk (or a bundled name) is still not a URL a page may import from.
        for where in (str(levels), "elicit"):
            for path in ("/lists/preview", "/lists/import"):
                local = s.post(site.url + path, data={"csrf": token, "name": "again", "url": where}, timeout=10)
                assert local.status_code == 400 and "is not an http(s) URL" in local.text
        assert [i.name for i in site.lib.lists()] == ["rust"]


def test_sync_shows_the_diff_before_applying(tmp_path) -> None:
    source = tmp_path / "list.md"
    source.write_text(
        "# My list\n\n## Basics\n\n- [One](https://example.org/1)\n- [Two](https://example.org/2)\n"
    )
    with serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        site.lib.import_list(str(source), name="mine")
        source.write_text(
            "# My list\n\n## Basics\n\n- [One](https://example.org/1)\n\n## More\n\n- [Three](https://example.org/3)\n"
        )
        s = requests.Session()
        diff = s.get(site.url + "/sync/mine", timeout=10).text
        assert "1 added, 1 removed" in diff and "Apply these changes" in diff
        assert "<strong>added</strong>: Three" in diff and "<strong>removed</strong>: Two" in diff
        assert [e.title for e in site.lib.entries("mine")] == ["One", "Two"]  # a dry run
        token = re.search(r'name="csrf" value="([^"]+)"', diff).group(1)
        applied = s.post(site.url + "/sync/mine", data={"csrf": token}, timeout=10).text
        assert "Applied." in applied
        assert [e.title for e in site.lib.entries("mine")] == ["One", "Three"]
        history = s.get(site.url + "/history/mine", timeout=10).text
        assert history.count("<li>") == 2


def test_feeds_page_pulls_now(tmp_path) -> None:
    body = (DATA / "feeds" / "atom10.xml").read_bytes()
    with FeedServer() as feeds, serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        url = feeds.add("/feed.xml", Route(body=body, content_type="application/atom+xml"))
        site.lib.add_feed(url, list="inbox")
        s = requests.Session()
        page = s.get(site.url + "/feeds", timeout=10).text
        assert url in page and "never" in page
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        pulled = s.post(site.url + "/feeds", data={"csrf": token}, timeout=30).text
        new = len(site.lib.entries("inbox"))
        assert new > 0 and f"({new} new)" in pulled
        assert feeds.hits("/feed.xml") == 1



def test_feeds_page_streams_the_pull_as_each_feed_finishes(tmp_path) -> None:
    """The page arrives before a slow feed has answered: each feed's line follows as it finishes (no JavaScript)."""
    import time

    body = (DATA / "feeds" / "atom10.xml").read_bytes()
    with FeedServer() as feeds, serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        slow = feeds.add("/slow.xml", Route(body=body, content_type="application/atom+xml", delay=1.5))
        site.lib.add_feed(slow, list="inbox")
        s = requests.Session()
        token = re.search(r'name="csrf" value="([^"]+)"', s.get(site.url + "/feeds", timeout=10).text).group(1)
        start = time.monotonic()
        with s.post(site.url + "/feeds", data={"csrf": token}, timeout=30, stream=True) as answer:
            chunks = answer.iter_content(chunk_size=None, decode_unicode=True)
            first = next(chunks)
            first_at = time.monotonic() - start
            rest = "".join(chunks)
        assert "Pulling" in first and "new)" not in first and first_at < 1.0
        assert "new)" in rest and rest.rstrip().endswith("</html>")


def test_report_command_writes_one_deterministic_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    with readinglist.open(db, clock=Clock()) as lib:
        lib.import_list(make_small_list())
        lib.mark(["Attention", "Spinning Up"], "read", rating=4)
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        result = CliRunner().invoke(main, ["--db", db, "report", "small", "-o", str(out)])
        assert result.exit_code == 0, result.output
    html = first.read_text(encoding="utf-8")
    assert html.count('<li class="card') == 9
    assert html.count('<li class="card st-read"') == 2
    assert 'data-done="2" data-total="9"' in html
    assert "<script" not in html and 'href="/' not in html  # no app links, nothing to fetch
    assert first.read_bytes() == second.read_bytes()
    # The date in it is the library's clock: pinned, two libraries give the same bytes.
    from readinglist import report

    pinned = []
    for _ in range(2):
        with readinglist.open(db, clock=Clock()) as lib:
            pinned.append(report.render(lib, "small"))
    assert pinned[0] == pinned[1] and "As of 2025-11-26" in pinned[0]


def test_serve_help_and_search_stats_commands_exist() -> None:
    for command in ("serve", "report", "search", "stats"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_map_without_a_name_and_unknown_names(tmp_path) -> None:
    """``/map`` opens your only list's map (else the lists page); a list or item that is not there is a 404, not a
    400 naming an empty list."""
    with serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        assert requests.get(site.url + "/map", timeout=10).url == site.url + "/lists"
        site.lib.import_list(make_small_list("my list"))
        only = requests.get(site.url + "/map", timeout=10)
        assert only.status_code == 200 and only.url == site.url + "/map/my-list"
        site.lib.import_list(make_small_list("other"))
        assert requests.get(site.url + "/map/", timeout=10).url == site.url + "/lists"
        for path in ("/map/nosuch", f"/item/{10**6}"):
            missing = requests.get(site.url + path, timeout=10)
            assert missing.status_code == 404, path
        json_missing = requests.get(site.url + "/map/nosuch", headers={"Accept": "application/json"}, timeout=10)
        assert json_missing.status_code == 404 and "nosuch" in json_missing.json()["error"]
