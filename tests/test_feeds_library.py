"""Feeds through the Library: subscribe, pull from a real loopback server, and check what lands in the database.

Every pull talks HTTP to :mod:`feedserver` on 127.0.0.1 (never a mocked ``requests``). The ``lib`` fixture of
conftest runs each test on SQLite and on PostgreSQL, with the pinned ``clock``, so last-checked / retry-after
values are exact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from feedserver import FeedServer, Route, http_date, serve

import readinglist
from readinglist.exceptions import FeedNotFoundError, InvalidArgumentError
from readinglist.feeds import parse as parse_module
from readinglist.feeds.opml import read_opml
from readinglist.types import ItemToImport, ListToImport, PullResult, Status

feed_server = pytest.fixture(serve)

ROOT = Path(__file__).resolve().parents[1]
FEEDS = Path(__file__).parent / "data" / "feeds"
RSS20 = (FEEDS / "rss20.xml").read_bytes()
RSS20_TITLES = [
    "Evaluating the Effectiveness of LLM-Evaluators (aka LLM-as-Judge)",
    "What We\u2019ve Learned From A Year of Building with LLMs",
    "Prompting Fundamentals & How to Apply them Effectively",
]
FAST = (1.0, 1.0)


def rss(items: list[tuple[str, str, str]], title: str = "Test feed") -> bytes:
    """An RSS 2.0 body from (guid, title, link) triples, with an HTML summary each."""
    parts = [
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{t}</title><link>{link}</link>"
        f"<description>&lt;p&gt;About &lt;b&gt;{t}&lt;/b&gt;.&lt;/p&gt;</description></item>"
        for guid, t, link in items
    ]
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link>{''.join(parts)}</channel></rss>"
    ).encode()


def pull(lib, **kwargs) -> dict[str, PullResult]:
    kwargs.setdefault("timeout", FAST)
    return {r.url: r for r in lib.pull_feeds(**kwargs)}


def titles(lib, name: str = "inbox") -> list[str]:
    return [e.title for e in lib.entries(name)]


# --- subscribing -------------------------------------------------------------------------------------------


def test_add_feed_creates_the_inbox_with_topic_path_tier_and_filters(lib) -> None:
    assert lib.lists() == []
    feed = lib.add_feed(
        "https://eugeneyan.com/rss/",
        topic="Applied ML / Evals",
        tier=3,
        include="llm|eval",
        exclude="podcast",
    )
    assert (feed.url, feed.list_name, feed.section, feed.tier) == (
        "https://eugeneyan.com/rss/",
        "inbox",
        ("Applied ML", "Evals"),
        3,
    )
    assert (feed.include, feed.exclude, feed.disabled, feed.last_checked) == (
        "llm|eval",
        "podcast",
        False,
        None,
    )
    assert [(info.name, info.entry_count) for info in lib.lists()] == [("inbox", 0)]
    assert lib.feeds() == [feed]


def test_add_feed_into_an_existing_list_keeps_it(lib) -> None:
    lib.import_list(
        ListToImport(
            items=(ItemToImport(title="Attention", url="https://arxiv.org/abs/1706.03762"),), title="ml"
        ),
        name="ml",
    )
    feed = lib.add_feed("https://lilianweng.github.io/index.xml", list="ml", tier="2")
    assert (feed.list_name, feed.tier, feed.section) == ("ml", 2, ())
    assert [(info.name, info.entry_count) for info in lib.lists()] == [("ml", 1)]


@pytest.mark.parametrize("option", ["include", "exclude"])
def test_bad_regex_is_refused_and_nothing_is_stored(lib, option: str) -> None:
    with pytest.raises(InvalidArgumentError, match="not a valid regular expression"):
        lib.add_feed("https://eugeneyan.com/rss/", **{option: "llm("})
    assert lib.feeds() == []
    assert lib.lists() == []  # not even the inbox


def test_duplicate_subscription_and_non_http_address_are_refused(lib) -> None:
    lib.add_feed("https://eugeneyan.com/rss/")
    with pytest.raises(InvalidArgumentError, match="already subscribed"):
        lib.add_feed("https://eugeneyan.com/rss/", list="other")
    with pytest.raises(InvalidArgumentError, match="not an http"):
        lib.add_feed("ftp://example.org/feed.xml")
    assert [f.url for f in lib.feeds()] == ["https://eugeneyan.com/rss/"]
    assert [info.name for info in lib.lists()] == ["inbox"]


def test_remove_feed_keeps_its_items(lib, feed_server: FeedServer) -> None:
    url = feed_server.add("/f", Route(body=RSS20))
    lib.add_feed(url)
    pull(lib)
    lib.remove_feed(url)
    assert lib.feeds() == []
    assert titles(lib) == RSS20_TITLES
    with pytest.raises(FeedNotFoundError):
        lib.remove_feed(url)
    # subscribing again remembers nothing: the entries are known by link in the list, so none is duplicated
    lib.add_feed(url)
    assert pull(lib)[url].status == "unchanged"
    assert titles(lib) == RSS20_TITLES


# --- pulling new entries -----------------------------------------------------------------------------------


def test_pull_adds_unread_entries_in_the_target_topic_and_tier(lib, feed_server: FeedServer, clock) -> None:
    t0 = clock.now
    url = feed_server.add("/rss", Route(body=RSS20))
    lib.add_feed(url, topic="Applied ML / Evals", tier=3)
    result = pull(lib)[url]
    assert (result.status, result.title, result.error) == ("new", "Eugene Yan", None)
    assert [i.title for i in result.new_items] == RSS20_TITLES
    entries = lib.entries("inbox")
    assert [e.title for e in entries] == RSS20_TITLES
    assert {(e.section, e.tier, e.status) for e in entries} == {(("Applied ML", "Evals"), 3, Status.UNREAD)}
    assert entries[0].item.url == "https://eugeneyan.com/writing/llm-evaluators/"
    assert entries[0].published == "2024-08-18T00:00:00Z"
    recs = lib.next(list="inbox")
    assert [r.entry.title for r in recs] == RSS20_TITLES
    assert recs[0].reason == "Tier 3 of Evals: 3 of 3 left"
    [feed] = lib.feeds()
    assert (feed.title, feed.last_checked, feed.last_new, feed.last_error) == ("Eugene Yan", t0, t0, None)


def test_include_and_exclude_filters_apply_to_title_and_summary(lib, feed_server: FeedServer) -> None:
    body = rss(
        [
            ("a", "LLM evals in practice", "https://example.org/a"),
            ("b", "Gardening notes", "https://example.org/b"),
            ("c", "Evaluation podcast episode 12", "https://example.org/c"),
            ("d", "Weekly links", "https://example.org/d"),
        ]
    )
    one = feed_server.add("/one", Route(body=body))
    two = feed_server.add("/two", Route(body=body))
    lib.add_feed(one, list="only-evals", include="llm|EVAL", exclude="podcast")
    lib.add_feed(two, list="no-podcasts", exclude="Podcast")
    results = pull(lib)
    assert [i.title for i in results[one].new_items] == ["LLM evals in practice"]
    assert titles(lib, "no-podcasts") == ["LLM evals in practice", "Gardening notes", "Weekly links"]


def test_repull_never_duplicates(lib, feed_server: FeedServer, clock) -> None:
    t0 = clock.now
    lib.import_list(
        ListToImport(
            items=(ItemToImport(title="Already imported", url="https://example.org/imported/"),),
            title="inbox",
        ),
        name="inbox",
    )
    url = feed_server.add("/f", Route(body=rss([("g1", "First", "https://example.org/first")])))
    lib.add_feed(url)
    assert [i.title for i in pull(lib)[url].new_items] == ["First"]

    clock.advance(3600)
    feed_server.route("/f").body = rss(
        [
            ("g2", "Second", "https://example.org/second"),  # really new
            ("g1", "First", "https://example.org/first"),  # same guid
            (
                "g1-renamed",
                "First (again)",
                "https://www.example.org/first/?utm_source=rss",
            ),  # same canonical link
            ("g3", "Already imported", "http://example.org/imported"),  # link already in the list
        ]
    )
    second = pull(lib)[url]
    assert (second.status, [i.title for i in second.new_items]) == ("new", ["Second"])
    assert titles(lib) == ["Already imported", "First", "Second"]

    clock.advance(3600)
    feed_server.route("/f").body += b"\n"  # changed bytes, same entries: parsed, nothing new
    third = pull(lib)[url]
    assert (third.status, third.new_items) == ("unchanged", ())
    assert titles(lib) == ["Already imported", "First", "Second"]
    [feed] = lib.feeds()
    assert (feed.last_checked, feed.last_new) == (t0 + dt.timedelta(hours=2), t0 + dt.timedelta(hours=1))


def test_duplicate_links_within_one_feed_become_one_item(lib, feed_server: FeedServer) -> None:
    url = feed_server.add(
        "/f",
        Route(
            body=rss(
                [
                    ("a", "Post", "https://example.org/post"),
                    ("b", "Post", "https://example.org/post/"),
                    ("c", "Other", "https://example.org/other"),
                ]
            )
        ),
    )
    lib.add_feed(url)
    assert [i.title for i in pull(lib)[url].new_items] == ["Post", "Other"]
    assert pull(lib)[url].status == "unchanged"
    assert titles(lib) == ["Post", "Other"]


# --- being polite: conditional GET, identical bodies, redirects, 410, Retry-After -----------------------------


def test_conditional_get_sends_stored_validators_and_304_is_unchanged(lib, feed_server: FeedServer) -> None:
    modified = http_date(1_700_000_000)
    url = feed_server.add("/f", Route(body=RSS20, etag='"v1"', last_modified=modified))
    lib.add_feed(url)
    assert pull(lib)[url].status == "new"
    [feed] = lib.feeds()
    assert (feed.etag, feed.last_modified) == ('"v1"', modified)
    second = pull(lib)[url]
    assert (second.status, second.new_items, second.error) == ("unchanged", (), None)
    first_hit, second_hit = feed_server.requests("/f")
    assert "if-none-match" not in first_hit.headers
    assert (second_hit.headers["if-none-match"], second_hit.headers["if-modified-since"]) == (
        '"v1"',
        modified,
    )
    assert second_hit.headers["user-agent"].startswith("readinglist/")
    assert titles(lib) == RSS20_TITLES


def test_identical_body_resent_is_not_parsed(lib, feed_server: FeedServer, monkeypatch) -> None:
    calls: list[str] = []
    real = parse_module.parse_feed_job

    def counting(body: bytes, url: str, headers: dict[str, str]):
        calls.append(url)
        return real(body, url, headers)

    # a wrapper around the real parser (few feeds are parsed in the fetching thread, so this sees every call)
    monkeypatch.setattr(parse_module, "parse_feed_job", counting)
    url = feed_server.add("/f", Route(body=RSS20, etag='"v1"', conditional=False))
    lib.add_feed(url)
    assert pull(lib)[url].status == "new"
    assert lib.feeds()[0].body_hash == hashlib.sha256(RSS20).hexdigest()
    assert pull(lib)[url].status == "unchanged"
    assert feed_server.hits("/f") == 2  # the server sent the body twice...
    assert calls == [url]  # ...and it was parsed once
    feed_server.route("/f").body = RSS20.replace(b"Eugene Yan</title>", b"Eugene Yan (new)</title>", 1)
    assert pull(lib)[url].status == "unchanged"  # changed bytes are parsed again; same entries, nothing new
    assert len(calls) == 2
    assert titles(lib) == RSS20_TITLES


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_updates_the_stored_url(lib, feed_server: FeedServer, code: int) -> None:
    new = feed_server.add("/new.xml", Route(body=RSS20))
    old = feed_server.add("/old.xml", Route(status=code, redirect_to=new))
    lib.add_feed(old)
    result = pull(lib)[new]
    assert (result.status, len(result.new_items)) == ("new", 3)
    assert [f.url for f in lib.feeds()] == [new]
    assert pull(lib)[new].status == "unchanged"
    assert (feed_server.hits("/old.xml"), feed_server.hits("/new.xml")) == (1, 2)


def test_temporary_redirect_keeps_the_url(lib, feed_server: FeedServer) -> None:
    new = feed_server.add("/new.xml", Route(body=RSS20))
    old = feed_server.add("/old.xml", Route(status=302, redirect_to=new))
    lib.add_feed(old)
    assert pull(lib)[old].status == "new"
    assert [f.url for f in lib.feeds()] == [old]


def test_gone_disables_the_feed_and_later_pulls_skip_it(lib, feed_server: FeedServer) -> None:
    url = feed_server.add("/gone", Route(status=410, body=b"gone"))
    lib.add_feed(url)
    first = pull(lib)[url]
    assert first.status == "gone"
    assert "410" in first.error
    [feed] = lib.feeds()
    assert feed.disabled and "410" in feed.last_error
    second = pull(lib)[url]
    assert second.status == "skipped"
    assert "410" in second.error
    assert feed_server.hits("/gone") == 1


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_is_stored_and_honoured(lib, feed_server: FeedServer, clock, code: int) -> None:
    t0 = clock.now
    url = feed_server.add("/busy", Route(status=code, body=b"slow down", retry_after="120"))
    lib.add_feed(url)
    first = pull(lib)[url]
    assert first.status == "error"
    assert str(code) in first.error
    [feed] = lib.feeds()
    assert feed.retry_after == t0 + dt.timedelta(seconds=120)
    assert str(code) in feed.last_error

    clock.advance(60)
    second = pull(lib)[url]
    assert second.status == "skipped"
    assert f"{t0 + dt.timedelta(seconds=120):%H:%M}" in second.error  # "server asked to wait until 09:02"
    assert feed_server.hits("/busy") == 1

    clock.advance(61)
    feed_server.add("/busy", Route(body=RSS20))
    third = pull(lib)[url]
    assert (third.status, len(third.new_items)) == ("new", 3)
    [feed] = lib.feeds()
    assert (feed.retry_after, feed.last_error, feed.last_checked) == (
        None,
        None,
        t0 + dt.timedelta(seconds=121),
    )


# --- broken feeds: the error is stored, the pull goes on, nothing partial is written ---------------------------

ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
    + b"".join(f' <!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">\n'.encode() for n in range(8))
    + b']>\n<rss version="2.0"><channel><title>Bomb</title>'
    + b"<item><title>&i;</title><link>https://example.org/bomb</link></item></channel></rss>"
)


def test_broken_feeds_record_errors_and_the_pull_goes_on(lib, feed_server: FeedServer) -> None:
    good = feed_server.add("/good", Route(body=RSS20))
    broken = {
        "500": (feed_server.add("/500", Route(status=500, body=b"oops")), "500"),
        "slow": (feed_server.add("/slow", Route(body=RSS20, delay=3)), "127.0.0.1"),
        "html": (
            feed_server.add(
                "/page", Route(body=(FEEDS / "page.html").read_bytes(), content_type="text/html")
            ),
            "HTML page",
        ),
        "png": (
            feed_server.add("/img", Route(body=(FEEDS / "image.png").read_bytes(), content_type="image/png")),
            "PNG",
        ),
        "huge": (feed_server.add("/huge", Route(body=b"<rss>" + b" " * (11 * 1024 * 1024))), "10 MB"),
        "bomb": (feed_server.add("/bomb", Route(body=ENTITY_BOMB)), "/bomb"),
        "dead": ("http://127.0.0.1:9/feed.xml", "127.0.0.1"),
    }
    lib.add_feed(good, list="good")
    for name, (url, _) in broken.items():
        lib.add_feed(url, list=f"broken-{name}")
    results = pull(lib)
    assert len(results) == 8
    assert (results[good].status, len(results[good].new_items)) == ("new", 3)
    feeds = {f.url: f for f in lib.feeds()}
    for name, (url, expected) in broken.items():
        assert results[url].status == "error", (name, results[url])
        assert expected in results[url].error, (name, results[url].error)
        assert "\n" not in results[url].error and "Traceback" not in results[url].error
        assert feeds[url].last_error == results[url].error
        assert feeds[url].body_hash is None  # parsed again next time, not skipped as unchanged
        assert lib.entries(f"broken-{name}") == [], name
    assert titles(lib, "good") == RSS20_TITLES


def test_a_feed_recovers_and_its_error_is_cleared(lib, feed_server: FeedServer, clock) -> None:
    url = feed_server.add("/f", Route(status=500, body=b"oops"))
    lib.add_feed(url)
    pull(lib)
    assert "500" in lib.feeds()[0].last_error
    clock.advance(600)
    feed_server.add("/f", Route(body=RSS20))
    assert pull(lib)[url].status == "new"
    [feed] = lib.feeds()
    assert (feed.last_error, feed.last_checked, feed.last_new) == (None, clock.now, clock.now)


def test_bozo_feed_keeps_readable_entries_and_a_warning(lib, feed_server: FeedServer) -> None:
    url = feed_server.add("/bozo", Route(body=(FEEDS / "bozo.xml").read_bytes(), conditional=False))
    lib.add_feed(url)
    result = pull(lib)[url]
    assert result.status == "new"
    assert [i.title for i in result.new_items] == ["The Illustrated Transformer", "The Illustrated GPT-2"]
    assert result.warning.startswith("feed is malformed")
    assert lib.feeds()[0].warning == result.warning
    # the identical body again is not parsed, and the warning it gave stays on the feed
    assert pull(lib)[url].status == "unchanged"
    assert lib.feeds()[0].warning == result.warning


def test_plain_entity_declarations_are_still_read(lib, feed_server: FeedServer) -> None:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY mdash "&#8212;">]>\n'
        b'<rss version="2.0"><channel><title>Old blog</title><item><title>Notes&mdash;week&nbsp;1</title>'
        b"<link>https://example.org/w1</link></item></channel></rss>"
    )
    url = feed_server.add("/old", Route(body=body))
    lib.add_feed(url)
    assert [i.title for i in pull(lib)[url].new_items] == ["Notes\u2014week 1"]


def test_feed_list_shows_last_checked_last_new_and_last_error(lib, feed_server: FeedServer, clock) -> None:
    t0 = clock.now
    url = feed_server.add("/f", Route(body=RSS20, etag='"v1"'))
    lib.add_feed(url)
    pull(lib)
    clock.advance(3600)
    pull(lib)  # 304
    [feed] = lib.feeds()
    assert (feed.last_checked, feed.last_new, feed.last_error) == (t0 + dt.timedelta(hours=1), t0, None)
    clock.advance(3600)
    feed_server.add("/f", Route(status=500))
    pull(lib)
    [feed] = lib.feeds()
    assert (feed.last_checked, feed.last_new) == (t0 + dt.timedelta(hours=2), t0)
    assert (
        feed.last_error
        == f"127.0.0.1:{feed_server.port} had a server error (HTTP 500 Internal Server Error); try again later"
    )


def test_pull_named_feeds_only_and_unknown_name(lib, feed_server: FeedServer) -> None:
    one = feed_server.add("/one", Route(body=rss([("1", "One", "https://example.org/1")])))
    two = feed_server.add("/two", Route(body=rss([("2", "Two", "https://example.org/2")])))
    lib.add_feed(one)
    lib.add_feed(two)
    assert list(pull(lib, urls=[two])) == [two]
    assert titles(lib) == ["Two"]
    assert feed_server.hits("/one") == 0
    with pytest.raises(FeedNotFoundError):
        pull(lib, urls=["https://nowhere.example/feed"])


def test_many_feeds_parsed_in_processes(lib, feed_server: FeedServer) -> None:
    """Ten feeds pass the threshold for the process pool; every entry lands once, in its feed's topic."""
    urls = []
    for n in range(10):
        body = rss([(f"{n}-{k}", f"Post {n}.{k}", f"https://blog{n}.example.org/{k}") for k in range(5)])
        urls.append(feed_server.add(f"/feed{n}.xml", Route(body=body)))
        lib.add_feed(urls[-1], topic=f"Blog {n}", tier=n % 3 + 1)
    results = pull(lib, workers=4)
    assert sorted(len(r.new_items) for r in results.values()) == [5] * 10
    entries = lib.entries("inbox")
    assert len(entries) == 50
    assert {(e.title, e.section, e.tier) for e in entries if e.title.startswith("Post 7.")} == {
        (f"Post 7.{k}", ("Blog 7",), 2) for k in range(5)
    }
    assert {r.status for r in pull(lib, workers=4).values()} == {"unchanged"}
    assert len(lib.entries("inbox")) == 50


# --- OPML ---------------------------------------------------------------------------------------------------

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Research"><outline text="Papers">
    <outline type="rss" text="arXiv cs.CL" xmlUrl="https://rss.arxiv.org/rss/cs.CL"/>
  </outline></outline>
  <outline text="Blogs">
    <outline type="rss" text="Eugene Yan" xmlUrl="https://eugeneyan.com/rss/"/>
    <outline type="rss" text="Lil'Log" xmlUrl="https://lilianweng.github.io/index.xml"/>
  </outline>
  <outline type="rss" text="Simon Willison" xmlUrl="https://simonwillison.net/atom/everything/"/>
</body></opml>"""


def test_opml_import_turns_folders_into_topics(lib) -> None:
    added = lib.import_opml(OPML, list="reading", tier=2)
    assert [(f.url, f.title, f.section, f.tier, f.list_name) for f in added] == [
        ("https://rss.arxiv.org/rss/cs.CL", "arXiv cs.CL", ("Research", "Papers"), 2, "reading"),
        ("https://eugeneyan.com/rss/", "Eugene Yan", ("Blogs",), 2, "reading"),
        ("https://lilianweng.github.io/index.xml", "Lil'Log", ("Blogs",), 2, "reading"),
        ("https://simonwillison.net/atom/everything/", "Simon Willison", (), 2, "reading"),
    ]
    assert lib.import_opml(OPML) == []  # known feeds are skipped
    assert len(lib.feeds()) == 4


def test_bundled_opml_imports_sixteen_feeds(lib) -> None:
    added = lib.import_opml(ROOT / "lists" / "ai-engineer-feeds.opml")
    assert len(added) == 16
    counts: dict[tuple[str, ...], int] = {}
    for f in added:
        counts[f.section] = counts.get(f.section, 0) + 1
    assert counts == {
        ("AI engineering",): 4,
        ("Explainers",): 5,
        ("Companies and investors",): 4,
        ("Papers",): 2,
        ("Reading lists",): 1,
    }
    assert {(f.list_name, f.tier) for f in added} == {("inbox", None)}
    assert next(f for f in added if f.url == "https://eugeneyan.com/rss/").section == ("AI engineering",)
    assert len({f.url for f in added}) == 16


def test_opml_export_round_trip(lib, tmp_path: Path, clock) -> None:
    lib.import_opml(OPML, list="reading")
    text = lib.export_opml()
    subs = read_opml(text.encode())
    assert [(s.url, s.title, s.folder) for s in subs] == [
        ("https://rss.arxiv.org/rss/cs.CL", "arXiv cs.CL", ("Research", "Papers")),
        ("https://eugeneyan.com/rss/", "Eugene Yan", ("Blogs",)),
        ("https://lilianweng.github.io/index.xml", "Lil'Log", ("Blogs",)),
        ("https://simonwillison.net/atom/everything/", "Simon Willison", ()),
    ]
    with readinglist.open(tmp_path / "other.db", clock=clock) as other:
        other.import_opml(text.encode(), list="reading")
        assert [(f.url, f.title, f.section) for f in other.feeds()] == [
            (f.url, f.title, f.section) for f in lib.feeds()
        ]
