"""fetch() and fetch_bytes() against a real loopback server (tests/feedserver.py); requests is never mocked."""

from __future__ import annotations

import socket
import time

import pytest
from feedserver import FeedServer, Route, http_date, serve

from readinglist.exceptions import FetchError, SourceNotFoundError
from readinglist.feeds.fetch import (
    default_user_agent,
    fetch,
    fetch_bytes,
    make_session,
    parse_retry_after,
)

feed_server = pytest.fixture(serve)

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
FAST = (1.0, 1.0)


@pytest.fixture()
def session():
    s = make_session()
    yield s
    s.close()


def test_user_agent_names_project_and_version(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=RSS))
    fetch(session, url, timeout=FAST)
    agent = feed_server.requests("/f")[0].headers["user-agent"]
    assert agent == default_user_agent()
    assert agent.startswith("readinglist/0.") and "(+https://" in agent
    assert "gzip" in feed_server.requests("/f")[0].headers["accept-encoding"]
    assert make_session("custom/1").headers["User-Agent"] == "custom/1"


def test_ok_returns_body_and_validators(feed_server: FeedServer, session) -> None:
    lm = http_date(1_700_000_000)
    url = feed_server.add("/f", Route(body=RSS, etag='"v1"', last_modified=lm))
    r = fetch(session, url, timeout=FAST)
    assert (r.status, r.body, r.etag, r.last_modified, r.http_status) == ("ok", RSS, '"v1"', lm, 200)
    assert r.final_url == url and r.permanent_redirect is None and r.error is None
    assert r.content_type == "application/rss+xml; charset=utf-8"


def test_conditional_get_304_by_etag_and_by_date(feed_server: FeedServer, session) -> None:
    lm = http_date(1_700_000_000)
    url = feed_server.add("/f", Route(body=RSS, etag='"v1"', last_modified=lm))
    r = fetch(session, url, etag='"v1"', timeout=FAST)
    assert (r.status, r.body, r.etag, r.http_status) == ("not_modified", None, '"v1"', 304)
    assert feed_server.requests("/f")[0].headers["if-none-match"] == '"v1"'
    url2 = feed_server.add("/g", Route(body=RSS, last_modified=lm))
    r2 = fetch(session, url2, last_modified=lm, timeout=FAST)
    assert r2.status == "not_modified" and r2.last_modified == lm
    assert feed_server.requests("/g")[0].headers["if-modified-since"] == lm
    # a changed ETag on the server means a full answer with the new validator
    feed_server.route("/f").etag = '"v2"'
    r3 = fetch(session, url, etag='"v1"', timeout=FAST)
    assert (r3.status, r3.etag, r3.body) == ("ok", '"v2"', RSS)


def test_server_ignoring_validators_resends_identical_bytes(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=RSS, etag='"v1"', conditional=False))
    r = fetch(session, url, etag='"v1"', timeout=FAST)
    assert r.status == "ok" and r.body == RSS


def test_gone_410(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(status=410, body=b"gone"))
    r = fetch(session, url, timeout=FAST)
    assert (r.status, r.http_status, r.body) == ("gone", 410, None)
    assert "410" in r.error


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_reports_new_url(feed_server: FeedServer, session, code: int) -> None:
    new = feed_server.add("/new", Route(body=RSS))
    old = feed_server.add("/old", Route(status=code, redirect_to=new))
    r = fetch(session, old, timeout=FAST)
    assert (r.status, r.body, r.final_url, r.permanent_redirect) == ("ok", RSS, new, new)


def test_temporary_redirect_is_not_permanent(feed_server: FeedServer, session) -> None:
    new = feed_server.add("/new", Route(body=RSS))
    old = feed_server.add("/old", Route(status=302, redirect_to=new))
    r = fetch(session, old, timeout=FAST)
    assert (r.status, r.final_url, r.permanent_redirect) == ("ok", new, None)


def test_permanent_then_temporary_redirect_points_at_middle(feed_server: FeedServer, session) -> None:
    final = feed_server.add("/final", Route(body=RSS))
    middle = feed_server.add("/middle", Route(status=302, redirect_to=final))
    old = feed_server.add("/old", Route(status=301, redirect_to=middle))
    r = fetch(session, old, timeout=FAST)
    assert (r.final_url, r.permanent_redirect) == (final, middle)


def test_redirect_loop_is_an_error(feed_server: FeedServer, session) -> None:
    a = feed_server.url("/a")
    b = feed_server.add("/b", Route(status=302, redirect_to=a))
    feed_server.add("/a", Route(status=302, redirect_to=b))
    r = fetch(session, a, timeout=FAST)
    assert r.status == "error" and "redirect loop" in r.error
    assert feed_server.hits() == 11  # the first GET plus session.max_redirects hops, then we stop


@pytest.mark.parametrize(("header", "expected"), [("120", 120.0), ("0", 0.0)], ids=["delta-seconds", "zero"])
@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_seconds(
    feed_server: FeedServer, session, code: int, header: str, expected: float
) -> None:
    url = feed_server.add("/f", Route(status=code, retry_after=header, body=b"slow down"))
    r = fetch(session, url, timeout=FAST)
    assert (r.status, r.http_status, r.retry_after) == ("error", code, expected)
    assert "busy" in r.error and str(code) in r.error


def test_retry_after_http_date(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(status=503, retry_after=http_date(time.time() + 3600)))
    r = fetch(session, url, timeout=FAST)
    assert r.retry_after is not None and 3590 <= r.retry_after <= 3601


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 + 60) == 0.0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after("") is None
    assert parse_retry_after(None) is None


def test_server_error_500_and_404(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(status=500, body=b"boom"))
    r = fetch(session, url, timeout=FAST)
    assert (r.status, r.http_status, r.retry_after) == ("error", 500, None)
    assert "server error" in r.error and "\n" not in r.error
    r404 = fetch(session, feed_server.url("/missing"), timeout=FAST)
    assert (r404.status, r404.http_status) == ("error", 404) and "not found" in r404.error


def test_validators_kept_on_error(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(status=500))
    r = fetch(session, url, etag='"old"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT", timeout=FAST)
    assert (r.etag, r.last_modified) == ('"old"', "Mon, 01 Jan 2024 00:00:00 GMT")


def test_slow_server_times_out(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=RSS, delay=3))
    started = time.monotonic()
    r = fetch(session, url, timeout=(1, 0.3))
    assert time.monotonic() - started < 1.5
    assert r.status == "error" and "did not answer within 0.3 s" in r.error


def test_endless_trickle_stops_at_deadline(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(trickle=True, trickle_interval=0.02))
    started = time.monotonic()
    r = fetch(session, url, timeout=(1, 0.5), deadline=0.8)
    elapsed = time.monotonic() - started
    assert 0.7 < elapsed < 1.6
    assert r.status == "error" and "still sending after 0.8 s" in r.error


def test_oversized_body_refused_by_content_length(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=b"x" * 2048))
    r = fetch(session, url, timeout=FAST, max_bytes=1024)
    assert r.status == "error" and r.error.startswith("response larger than 1024 bytes")


def test_oversized_body_refused_while_streaming(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=b"x" * (11 * 1024 * 1024), chunked=True))
    r = fetch(session, url, timeout=FAST)
    assert r.status == "error" and r.error.startswith("response larger than 10 MB")


def test_gzip_bomb_capped_after_decoding(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=b" " * (4 * 1024 * 1024), gzip=True))
    r = fetch(session, url, timeout=FAST, max_bytes=1024 * 1024)
    assert r.status == "error" and "larger than 1 MB" in r.error


def test_gzip_body_is_decoded(feed_server: FeedServer, session) -> None:
    url = feed_server.add("/f", Route(body=RSS * 50, gzip=True))
    r = fetch(session, url, timeout=FAST)
    assert r.status == "ok" and r.body == RSS * 50
    assert r.headers["Content-Encoding"] == "gzip"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_an_error(session) -> None:
    url = f"http://127.0.0.1:{_free_port()}/feed"
    r = fetch(session, url, timeout=FAST)
    assert r.status == "error" and "connection refused" in r.error and r.http_status is None


def test_dns_failure_is_an_error(session) -> None:
    r = fetch(session, "http://no-such-host.invalid/feed", timeout=FAST)
    assert r.status == "error" and "could not find host no-such-host.invalid" in r.error


def test_tls_failure_is_an_error(feed_server: FeedServer, session) -> None:
    # our server speaks plain HTTP: a TLS handshake with it fails like a broken certificate would
    url = feed_server.add("/f", Route(body=RSS)).replace("http://", "https://")
    r = fetch(session, url, timeout=FAST)
    assert r.status == "error" and r.error.startswith("TLS/SSL error talking to 127.0.0.1")


@pytest.mark.parametrize("bad", ["ftp://example.com/feed", "not a url", "http://"])
def test_bad_urls_are_errors_not_exceptions(session, bad: str) -> None:
    r = fetch(session, bad, timeout=FAST)
    assert r.status == "error" and r.error and "\n" not in r.error


def test_fetch_bytes_returns_body_final_url_headers(feed_server: FeedServer) -> None:
    final = feed_server.add("/list.md", Route(body=b"# list\n", content_type="text/markdown"))
    old = feed_server.add("/old.md", Route(status=301, redirect_to=final))
    body, url, headers = fetch_bytes(old, timeout=FAST)
    assert (body, url, headers["Content-Type"]) == (b"# list\n", final, "text/markdown")


def test_fetch_bytes_404_is_source_not_found(feed_server: FeedServer) -> None:
    url = feed_server.url("/nope.md")
    with pytest.raises(SourceNotFoundError) as info:
        fetch_bytes(url, timeout=FAST)
    assert url in str(info.value) and "check the address" in str(info.value)
    assert info.value.source == url


def test_fetch_bytes_network_failure_is_fetch_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}/list.md"
    with pytest.raises(FetchError) as info:
        fetch_bytes(url, timeout=FAST)
    message = str(info.value)
    assert url in message and "check the address or your connection" in message
    assert not isinstance(info.value, SourceNotFoundError)
