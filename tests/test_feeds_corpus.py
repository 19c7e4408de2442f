"""Issue 10: every feed file among the test fixtures, pulled through the real pipeline, keeps every entry.

Each file under tests/data/feeds is served by :mod:`feedserver`, subscribed into a list of its own, and pulled in
one ``pull_feeds`` (threads, the process pool, the single writer: the real path). What each list holds is then
compared with feedparser's own reading of the file: one item per distinct entry, where entries are told apart
by id, else link, else title and text, and an entry with none of these is nothing to keep. Files that are not
feeds are named below with the reason.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import feedparser
import pytest
from feedserver import FeedServer, Route, serve

from readinglist.feeds.text import clean_title, html_to_text

feed_server = pytest.fixture(serve)

FEEDS = Path(__file__).parent / "data" / "feeds"
NOT_FEEDS = {
    "page.html": "an HTML page: the pull reports it as not a feed",
    "image.png": "an image: the pull reports it as not a feed",
}
FILES = sorted(
    p
    for p in FEEDS.rglob("*")
    if p.is_file() and p.suffix not in (".md", ".json") and p.name not in NOT_FEEDS  # JSON Feed: test_feeds_real
)


def distinct_entries(body: bytes) -> list[dict]:
    """feedparser's entries of ``body``, one per distinct id (else link, else title and text)."""
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    seen: set = set()
    out = []
    for entry in parsed.entries:
        text = entry.get("summary") or (entry.get("content") or [{}])[0].get("value")
        key = (
            entry.get("id")
            or entry.get("link")
            or ((entry.get("title"), text) if entry.get("title") or text else None)
        )
        if key is None or key in seen:
            continue
        seen.add(key)
        out.append(entry)
    return out


def expected_title(entry: dict) -> str | None:
    """The title a stored item must have: the entry's, cleaned; None when it has to be made up."""
    title = clean_title(entry.get("title"))
    if title:
        return title
    text = entry.get("summary") or (entry.get("content") or [{}])[0].get("value")
    return html_to_text(text)[:40] if text else None


def test_corpus_files_are_listed() -> None:
    names = {p.relative_to(FEEDS).as_posix() for p in FILES}
    assert {
        "rss20.xml",
        "atom10.xml",
        "issue10/podcast_home_links.xml",
        "issue10/relative_after_id.atom",
    } <= names
    assert len(FILES) >= 18


def test_every_fixture_feed_keeps_every_distinct_entry(lib, feed_server: FeedServer) -> None:
    lists = {}
    for n, path in enumerate(FILES):
        url = feed_server.add(f"/{n}/{path.name}", Route(body=path.read_bytes()))
        lists[url] = (f"corpus-{n}", path)
        lib.add_feed(url, list=f"corpus-{n}")
    results = {r.url: r for r in lib.pull_feeds(timeout=(2, 10))}
    problems = []
    for url, (name, path) in lists.items():
        result = results[url]
        expected = distinct_entries(path.read_bytes())
        stored = lib.entries(name)
        if result.status == "error" or len(stored) != len(expected):
            problems.append(
                f"{path.name}: {result.status} {result.error}: {len(stored)} stored, {len(expected)} entries"
            )
            continue
        want = Counter(t for t in map(expected_title, expected) if t)
        got = Counter(
            e.title[:40] if not clean_title(x.get("title")) else e.title for e, x in zip(stored, expected)
        )
        if want != got:
            problems.append(f"{path.name}: titles differ: {sorted(want - got)} vs {sorted(got - want)}")
        distinct_items = {e.item.id for e in stored}
        if len(distinct_items) != len(stored):
            problems.append(f"{path.name}: {len(stored)} entries but {len(distinct_items)} items")
    assert problems == []
