"""The polite HTTP client against a real loopback server: retries, Retry-After, caps, per-host limits, failures."""

from __future__ import annotations

import threading
import time

import pytest
from feedserver import FeedServer, Route

from readinglist.net import Client, HostLimiter, host_of


def _count_concurrency(server: FeedServer, path: str, delay: float) -> dict[str, int]:
    """A route that sleeps ``delay`` and records the most requests it ever had open at once."""
    state = {"open": 0, "peak": 0}
    lock = threading.Lock()

    def handler(h) -> None:
        with lock:
            state["open"] += 1
            state["peak"] = max(state["peak"], state["open"])
        time.sleep(delay)
        with lock:
            state["open"] -= 1
        body = b"ok"
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.add(path, Route(handler=handler))
    return state


def test_a_plain_get(site: FeedServer, client: Client) -> None:
    url = site.add("/a", Route(body=b"hello", content_type="text/plain"))
    r = client.get(url)
    assert (r.ok, r.status, r.body, r.attempts) == (True, 200, b"hello", 1)
    assert site.requests("/a")[0].headers["user-agent"].startswith("readinglist/")


def test_429_with_retry_after_is_retried_after_the_wait(site: FeedServer, client: Client, waits) -> None:
    answers = [(429, "7"), (503, "2"), (200, None)]

    def handler(h) -> None:
        status, retry = answers.pop(0)
        h.send_response(status)
        if retry:
            h.send_header("Retry-After", retry)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    url = site.add("/limited", Route(handler=handler))
    r = client.get(url)
    assert r.ok and r.attempts == 3
    assert waits.seconds == [7.0, 2.0]  # exactly what the server asked for, in order
    assert site.hits("/limited") == 3


def test_retry_after_longer_than_we_wait_is_reported_not_slept(site: FeedServer, waits) -> None:
    url = site.add("/busy", Route(status=429, retry_after="3600", body=b"slow down"))
    with Client(timeout=(2, 2), max_wait=60, sleep=waits) as c:
        r = c.get(url)
    assert not r.ok and r.status == 429 and r.retry_after == 3600
    assert waits.seconds == [] and site.hits("/busy") == 1
    assert "rate-limiting" in r.error and "3600" in r.error


def test_503_without_retry_after_backs_off_then_gives_up(site: FeedServer, client: Client, waits) -> None:
    url = site.add("/down", Route(status=503, body=b"down"))
    r = client.get(url)
    assert r.status == 503 and not r.ok and r.attempts == 3
    assert waits.seconds == [0.5, 1.0]  # backoff 0.5 s doubling, two retries


def test_404_is_not_retried(site: FeedServer, client: Client, waits) -> None:
    r = client.get(site.url("/nothing-here"))
    assert (r.status, r.problem, r.attempts, waits.seconds) == (404, "http", 1, [])


def test_a_slow_answer_times_out(site: FeedServer, waits) -> None:
    url = site.add("/slow", Route(body=b"late", delay=3))
    with Client(timeout=(1, 0.3), retries=0, sleep=waits) as c:
        started = time.monotonic()
        r = c.get(url)
    assert time.monotonic() - started < 2
    assert r.problem == "timeout" and r.status is None and "did not answer" in r.error


def test_a_trickling_body_hits_the_deadline(site: FeedServer, waits) -> None:
    url = site.add("/trickle", Route(trickle=True, trickle_interval=0.05))
    with Client(timeout=(0.5, 0.5), retries=0, sleep=waits) as c:
        started = time.monotonic()
        r = c.get(url)
    assert time.monotonic() - started < 3
    assert not r.ok and r.problem == "timeout"


def test_bodies_over_the_cap_are_refused(site: FeedServer, client: Client) -> None:
    url = site.add("/big", Route(body=b"x" * 5000, chunked=True))
    r = client.get(url, max_bytes=1000)
    assert not r.ok and r.problem == "size" and r.body is None


def test_permanent_redirects_are_reported(site: FeedServer, client: Client) -> None:
    site.add("/new", Route(body=b"here"))
    old = site.add("/old", Route(status=301, redirect_to=site.url("/new")))
    tmp = site.add("/tmp", Route(status=302, redirect_to=site.url("/new")))
    r = client.get(old)
    assert r.ok and r.permanent_redirect == site.url("/new") and r.final_url == site.url("/new")
    r = client.get(tmp)
    assert r.ok and r.permanent_redirect is None and r.redirected


def test_dns_failure(client: Client) -> None:
    r = client.get("http://no-such-host.invalid/page")
    assert r.status is None and r.problem == "dns" and "DNS" in r.error


def test_tls_failure_against_a_plain_http_server(site: FeedServer, client: Client) -> None:
    site.add("/x", Route(body=b"plain"))
    r = client.get(f"https://127.0.0.1:{site.port}/x")
    assert r.status is None and r.problem == "tls"


def test_never_more_than_two_requests_open_to_one_host(site: FeedServer, waits) -> None:
    state = _count_concurrency(site, "/slow", 0.1)
    with Client(per_host=2, sleep=waits) as c:
        threads = [threading.Thread(target=c.get, args=(site.url("/slow"),)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert c.limiter.peak[host_of(site.url("/"))] == 2
    assert state["peak"] == 2  # what the server saw
    assert site.hits("/slow") == 8


def test_host_limiter_counts_hosts_apart() -> None:
    limiter = HostLimiter(1)
    with limiter.slot("http://a.example/x"), limiter.slot("http://b.example/y"):
        pass  # a second host does not wait for the first
    assert limiter.peak == {"a.example": 1, "b.example": 1}
    with pytest.raises(ValueError):
        HostLimiter(0)
