"""Issue 10: a feed keeps every entry (identity by id, relative links, content-only entries) and refuses tricks.

Fixtures are in tests/data/feeds/issue10 (sources in its README), served by :mod:`feedserver` on 127.0.0.1 and
pulled through the Library on SQLite and PostgreSQL (the ``lib`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import FeedServer, Route, serve

from readinglist.feeds.parse import parse_feed

feed_server = pytest.fixture(serve)

DATA = Path(__file__).parent / "data" / "feeds" / "issue10"
FAST = (1.0, 1.0)


def pull_one(lib, url: str):
    (result,) = [r for r in lib.pull_feeds(timeout=FAST) if r.url == url]
    return result


def serve_file(server: FeedServer, name: str, path: str | None = None) -> str:
    return server.add(path or f"/{name}", Route(body=(DATA / name).read_bytes()))


def stored(lib, name: str = "inbox") -> list[tuple[str, str | None]]:
    return [(e.title, e.item.url) for e in lib.entries(name)]


def test_podcast_episodes_sharing_the_home_page_stay_apart(lib, feed_server: FeedServer, clock) -> None:
    url = serve_file(feed_server, "podcast_home_links.xml")
    lib.add_feed(url)
    first = pull_one(lib, url)
    assert len(first.new_items) == 4
    assert first.shared_links == 4
    assert stored(lib) == [
        ("Knowing Saint, Knowing Harry Ahaaa", "http://celticunderground.net"),
        ("CU Podcast Xtra - Celtic Post Match v Hearts Aug 2017", "http://celticunderground.net"),
        ("The Celtic Underground - Room For Growth or Maxed Out", "http://celticunderground.net"),
        ("The Celtic Underground - Victory In Norway", "http://celticunderground.net"),
    ]
    assert len({e.item.id for e in lib.entries("inbox")}) == 4

    # a new episode, with the same home-page link, is a new item: not the first episode again
    clock.advance(3600)
    body = (DATA / "podcast_home_links.xml").read_bytes()
    new_item = (
        b"<item><title>Season 13, episode 1</title>"
        b'<guid isPermaLink="false">0f7c2d1e9b8a4c3d2e1f0a9b8c7d6e5f</guid>'
        b"<link>http://celticunderground.net</link></item>\n\t\t<item>"
    )
    feed_server.route("/podcast_home_links.xml").body = body.replace(b"<item>", new_item, 1)
    second = pull_one(lib, url)
    assert [i.title for i in second.new_items] == ["Season 13, episode 1"]
    assert len(lib.entries("inbox")) == 5
    assert len({e.item.id for e in lib.entries("inbox")}) == 5

    # and the same body again adds nothing
    clock.advance(3600)
    feed_server.route("/podcast_home_links.xml").body += b"\n"
    assert pull_one(lib, url).new_items == ()
    assert len(lib.entries("inbox")) == 5


def test_fragment_links_are_kept_and_tell_entries_apart(lib, feed_server: FeedServer) -> None:
    url = serve_file(feed_server, "fragment_links.xml")
    lib.add_feed(url)
    result = pull_one(lib, url)
    assert result.shared_links == 3
    assert stored(lib) == [
        ("June 5", "http://example.jp/diary/26.html#a080605"),
        ("June 12", "http://example.jp/diary/26.html#a080612"),
        ("June 19", "http://example.jp/diary/26.html#a080619"),
    ]
    assert len({e.item.id for e in lib.entries("inbox")}) == 3


def test_empty_href_is_no_link_and_entries_stay_apart(lib, feed_server: FeedServer) -> None:
    url = serve_file(feed_server, "empty_href.atom")
    lib.add_feed(url)
    result = pull_one(lib, url)
    assert [i.title for i in result.new_items] == ["First note", "Second note"]
    assert stored(lib) == [("First note", None), ("Second note", None)]  # never the feed's own URL


def test_relative_links_after_the_id_resolve_against_the_feed_url(lib, feed_server: FeedServer) -> None:
    url = serve_file(feed_server, "relative_after_id.atom", "/account/feed/all")
    lib.add_feed(url)
    pull_one(lib, url)
    root = feed_server.url("")
    assert stored(lib) == [
        (
            "Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist",
            root + "/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist",
        ),
        ("We're Hiring: Senior Editor", root + "/edblog/were-hiring-senior-editor"),
        (
            "Menendez 'Convinced' He Will Be Exonerated After 2nd Day Sans Verdict",
            root + "/news/menendez-no-verdict-second-day-deliberations",
        ),
    ]


def test_relative_links_resolve_against_xml_base_first() -> None:
    body = (
        (DATA / "relative_after_id.atom")
        .read_bytes()
        .replace(b'xml:base="#fragment"', b'xml:base="https://talkingpointsmemo.com/"')
    )
    feed = parse_feed(body, url="https://feeds.example.net/tpm.atom")
    assert [e.link for e in feed.entries] == [
        "https://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist",
        "https://talkingpointsmemo.com/edblog/were-hiring-senior-editor",
        "https://talkingpointsmemo.com/news/menendez-no-verdict-second-day-deliberations",
    ]


def test_tag_uri_is_an_id_not_a_link() -> None:
    feed = parse_feed((DATA / "tag_uri_links.atom").read_bytes(), url="https://example.com/feed")
    (entry,) = feed.entries
    assert (entry.guid, entry.title, entry.link) == (
        "tag:mefi.social,2024-01-26:objectId=20368395",
        "Test Entry",
        None,
    )
    assert feed.warning is None


def test_unsafe_links_are_never_stored_and_the_pull_says_so(lib, feed_server: FeedServer) -> None:
    url = serve_file(feed_server, "hostile_links.xml")
    lib.add_feed(url)
    result = pull_one(lib, url)
    assert len(result.new_items) == 7
    links = {title: link for title, link in stored(lib)}
    assert [link for link in links.values() if link] == ["https://example.org/fine"]
    assert result.warning == (
        "6 links dropped (3 javascript:, 1 data:, 1 vbscript:, 1 file:); only http(s) links are kept"
    )
    assert links["[click](javascript:alert(1))"] == "https://example.org/fine"  # the title is text


def test_same_page_spelled_twice_is_one_item_but_one_link_twice_is_two(lib, feed_server: FeedServer) -> None:
    """A re-post under a new id (www., utm_source) is the same page; one link given verbatim twice is not."""
    body = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><guid isPermaLink='false'>a</guid><title>Post</title><link>https://x.org/p</link></item>"
        b"<item><guid isPermaLink='false'>b</guid><title>Post (updated)</title>"
        b"<link>https://www.x.org/p/?utm_source=rss</link></item>"
        b"</channel></rss>"
    )
    url = feed_server.add("/f", Route(body=body))
    lib.add_feed(url)
    result = pull_one(lib, url)
    assert ([i.title for i in result.new_items], result.shared_links) == (["Post"], 0)
