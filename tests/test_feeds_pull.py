"""pull(): concurrent fetch + parse through a real loopback server, no database."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, Route, serve

from readinglist.exceptions import InvalidArgumentError
from readinglist.feeds.fetch import make_session
from readinglist.feeds.pull import FeedOutcome, FeedRequest, pull

feed_server = pytest.fixture(serve)

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS20 = (FEEDS / "rss20.xml").read_bytes()
ATOM = (FEEDS / "atom10.xml").read_bytes()
FAST = (1.0, 1.0)


def run(reqs: list[FeedRequest], **kwargs) -> dict[str, FeedOutcome]:
    kwargs.setdefault("timeout", FAST)
    kwargs.setdefault("processes", False)
    outcomes = list(pull(reqs, **kwargs))
    assert len(outcomes) == len(reqs)
    return {o.request.url: o for o in outcomes}


def test_new_then_unchanged_by_etag_then_by_hash(feed_server: FeedServer) -> None:
    url = feed_server.add("/f", Route(body=RSS20, etag='"v1"'))
    first = run([FeedRequest(url)])[url]
    assert (first.status, first.title, first.etag, first.error) == ("new", "Eugene Yan", '"v1"', None)
    assert first.body_hash == hashlib.sha256(RSS20).hexdigest()
    assert [e.title for e in first.entries] == [
        "Evaluating the Effectiveness of LLM-Evaluators (aka LLM-as-Judge)",
        "What We\u2019ve Learned From A Year of Building with LLMs",
        "Prompting Fundamentals & How to Apply them Effectively",
    ]
    second = run([FeedRequest(url, etag=first.etag, body_hash=first.body_hash)])[url]
    assert (second.status, second.entries, second.etag, second.body_hash, second.http_status) == (
        "unchanged",
        (),
        '"v1"',
        first.body_hash,
        304,
    )
    # a server that ignores validators re-sends identical bytes: recognised by hash, not parsed
    feed_server.route("/f").conditional = False
    third = run([FeedRequest(url, etag=first.etag, body_hash=first.body_hash)])[url]
    assert (third.status, third.entries, third.http_status, third.body_hash) == (
        "unchanged",
        (),
        200,
        first.body_hash,
    )
    # changed bytes are parsed again
    feed_server.route("/f").body = ATOM
    fourth = run([FeedRequest(url, etag=first.etag, body_hash=first.body_hash)])[url]
    assert (fourth.status, fourth.title, len(fourth.entries)) == ("new", "Simon Willison's Weblog", 2)
    assert fourth.body_hash == hashlib.sha256(ATOM).hexdigest()


def test_include_exclude_filters_on_title_and_summary(feed_server: FeedServer) -> None:
    url = feed_server.add("/f", Route(body=RSS20))
    only = run([FeedRequest(url, include=r"llm-EVALUATORS|tactical")])[url]  # title of 1st, summary of 2nd
    assert [e.guid for e in only.entries] == [
        "https://eugeneyan.com/writing/llm-evaluators/",
        "applied-llms-2024",
    ]
    without = run([FeedRequest(url, exclude="prompting")])[url]
    assert [e.guid for e in without.entries] == [
        "https://eugeneyan.com/writing/llm-evaluators/",
        "applied-llms-2024",
    ]
    both = run([FeedRequest(url, include="llm", exclude="judge")])[url]
    assert [e.guid for e in both.entries] == ["applied-llms-2024"]


@pytest.mark.parametrize("field", ["include", "exclude"])
def test_invalid_regex_raises_before_any_fetch(feed_server: FeedServer, field: str) -> None:
    good = feed_server.add("/good", Route(body=RSS20))
    bad = feed_server.add("/bad", Route(body=RSS20))
    with pytest.raises(InvalidArgumentError) as info:
        pull([FeedRequest(good), FeedRequest(bad, **{field: "(unclosed"})], timeout=FAST)
    assert f"the {field} filter '(unclosed' of {bad} is not a valid regular expression" in str(info.value)
    assert feed_server.hits() == 0


def test_one_broken_feed_never_stops_the_rest(feed_server: FeedServer) -> None:
    ok = feed_server.add("/ok", Route(body=RSS20))
    html = feed_server.add("/page", Route(body=(FEEDS / "page.html").read_bytes(), content_type="text/html"))
    err = feed_server.add("/500", Route(status=500))
    gone = feed_server.add("/gone", Route(status=410))
    busy = feed_server.add("/busy", Route(status=429, retry_after="90"))
    slow = feed_server.add("/slow", Route(body=RSS20, delay=2))
    bozo = feed_server.add("/bozo", Route(body=(FEEDS / "bozo.xml").read_bytes()))
    reqs = [FeedRequest(u, etag='"old"', body_hash="abc") for u in (ok, html, err, gone, busy, slow, bozo)]
    out = run(reqs, timeout=(1, 0.3))
    assert {u: o.status for u, o in out.items()} == {
        ok: "new",
        html: "error",
        err: "error",
        gone: "gone",
        busy: "error",
        slow: "error",
        bozo: "new",
    }
    assert out[html].error == f"{html} is not an RSS or Atom feed (looks like an HTML page)"
    # a body that failed to parse keeps the old validators, so it is parsed (and reported) again next time
    assert (out[html].etag, out[html].body_hash) == ('"old"', "abc")
    assert out[busy].retry_after == 90.0
    assert "did not answer" in out[slow].error
    assert out[bozo].warning == "feed is malformed (mismatched tag at line 10); kept what could be read"
    assert len(out[bozo].entries) == 2


def test_permanent_redirect_is_reported(feed_server: FeedServer) -> None:
    new = feed_server.add("/new", Route(body=RSS20))
    old = feed_server.add("/old", Route(status=301, redirect_to=new))
    out = run([FeedRequest(old)])[old]
    assert (out.status, out.permanent_redirect, out.final_url) == ("new", new, new)


def test_relative_links_resolve_against_the_final_url(feed_server: FeedServer) -> None:
    body = (
        b'<rss version="2.0"><channel><title>Rel</title>'
        b"<item><title>One</title><link>posts/one.html</link></item></channel></rss>"
    )
    url = feed_server.add("/blog/feed.xml", Route(body=body))
    out = run([FeedRequest(url)])[url]
    assert out.entries[0].link == feed_server.url("/blog/posts/one.html")


def _gated(gate: threading.Event | threading.Barrier, body: bytes) -> Route:
    """A route that answers only once ``gate`` opens (an event set, or every party at a barrier): what the test
    checks is the order things happen in, never how long they take. The 10 s wait only ends a broken run."""

    def answer(handler: Any) -> None:
        try:
            opened = bool(gate.wait(10))  # Event: True once set; Barrier: this party's index (0 counts as open)
            opened = opened or isinstance(gate, threading.Barrier)
        except threading.BrokenBarrierError:
            opened = False
        handler.send_response(200 if opened else 504)
        handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return Route(handler=answer)


def test_outcomes_stream_as_feeds_finish_and_progress_counts(feed_server: FeedServer) -> None:
    release = threading.Event()
    fast = feed_server.add("/fast", Route(body=RSS20))
    slow = feed_server.add("/slow", _gated(release, ATOM))
    calls: list[tuple[int, int]] = []
    stream = pull(
        [FeedRequest(slow), FeedRequest(fast)], timeout=(1, 12), progress=lambda d, t: calls.append((d, t))
    )
    first = next(stream)
    assert first.request.url == fast and not release.is_set()  # yielded while the slow feed still waits
    release.set()
    second = next(stream)
    assert second.request.url == slow and second.status == "new"
    assert list(stream) == []
    assert calls == [(1, 2), (2, 2)]


def test_fetches_run_concurrently(feed_server: FeedServer) -> None:
    together = threading.Barrier(6)  # each answer waits until all six requests are in flight at once
    urls = [feed_server.add(f"/f{i}", _gated(together, RSS20)) for i in range(6)]
    out = run([FeedRequest(u) for u in urls], workers=6, timeout=(1, 12))
    assert all(o.status == "new" for o in out.values())  # one at a time, the barrier breaks: 504s, errors


def _podcast(n: int, tag: str) -> bytes:
    items = "".join(
        f"<item><title>{tag} episode {i}</title><guid>{tag}-{i}</guid><link>https://pod.example/{tag}/{i}</link></item>"
        for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>{tag}</title>{items}</channel></rss>'.encode()


def test_process_pool_parses_many_feeds(feed_server: FeedServer) -> None:
    urls = [feed_server.add(f"/p{i}", Route(body=_podcast(50 + i, f"pod{i}"))) for i in range(10)]
    out = run([FeedRequest(u) for u in urls], processes=True, max_processes=2)
    for i, u in enumerate(urls):
        assert out[u].status == "new" and out[u].title == f"pod{i}"
        assert len(out[u].entries) == 50 + i and out[u].entries[0].guid == f"pod{i}-0"


def test_session_can_be_injected(feed_server: FeedServer) -> None:
    url = feed_server.add("/f", Route(body=RSS20))
    session = make_session("tester/9")
    out = run([FeedRequest(url)], session=session)[url]
    assert out.status == "new"
    assert feed_server.requests("/f")[0].headers["user-agent"] == "tester/9"
    session.close()


def test_empty_request_list_and_bad_workers() -> None:
    assert list(pull([])) == []
    with pytest.raises(InvalidArgumentError):
        pull([FeedRequest("http://x")], workers=0)


def test_closing_the_stream_early_stops_cleanly(feed_server: FeedServer) -> None:
    urls = [feed_server.add(f"/f{i}", Route(body=RSS20)) for i in range(5)]
    stream = pull([FeedRequest(u) for u in urls], workers=2, timeout=FAST, processes=False)
    assert next(stream).status == "new"
    stream.close()  # the caller stopped consuming: pools shut down, no exception


def test_with_one_worker_the_next_download_overlaps_the_parse(feed_server: FeedServer) -> None:
    """One fetching thread does not wait for its feed's parse: the next feed is requested while it runs."""
    item = "<item><title>Post {n}</title><link>https://example.org/{n}</link><description>{d}</description></item>"
    items = "".join(item.format(n=n, d="words " * 20) for n in range(3000))
    big = feed_server.add(
        "/big", Route(body=f"<rss version='2.0'><channel><title>Big</title>{items}</channel></rss>".encode())
    )
    small = feed_server.add("/small", Route(body=RSS20))
    stream = pull([FeedRequest(big), FeedRequest(small)], workers=1, timeout=(2, 5))
    first = next(stream)
    requested_before_first_outcome = [hit.path for hit in feed_server.requests()]
    rest = list(stream)
    assert requested_before_first_outcome == [
        "/big",
        "/small",
    ]  # before: ["/big"] (the thread sat in .result())
    outcomes = {o.request.url: o for o in [first, *rest]}
    assert (outcomes[big].status, len(outcomes[big].entries)) == ("new", 3000)
    assert outcomes[small].status == "new"
