"""Issue 10: hostile feeds cost one per-feed error, never the machine.

Entity-expansion documents are refused before feedparser sees them; parse workers run under a memory and time
budget. Every test that parses a hostile body does so in a child process under an address-space limit
(``RLIMIT_AS``), so a regression fails the test instead of eating the machine's memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from feedserver import FeedServer, Route, serve

from readinglist.feeds.dtd import entity_problem, has_dtd
from readinglist.feeds.parse import parse_feed
from readinglist.feeds.pull import _Parser

feed_server = pytest.fixture(serve)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="resource limits as on Linux")

LIMIT = 1536 * 1024 * 1024
"""Address space for the child processes of these tests (the parent python, SQLAlchemy and threads fit)."""

ITEM = "<item><title>{t}</title><link>https://example.org/{n}</link><description>{d}</description></item>"


def rss(items: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>t</title>'
        f"<link>https://example.org/</link>{items}</channel></rss>"
    ).encode()


def quadratic(value_chars: int = 20_000, refs: int = 60_000) -> bytes:
    """One big internal entity referenced many times: 20 KB x 60,000 = 1.2 GB once expanded."""
    doctype = f'<!DOCTYPE rss [<!ENTITY a "{"x" * value_chars}">]>'
    return rss(ITEM.format(t="boom", n=1, d="&a;" * refs), doctype)


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return rss(ITEM.format(t="&lol9;", n=1, d="x"), f"<!DOCTYPE rss [{''.join(decls)}]>")


def in_limited_child(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run python ``script`` in a child whose address space is limited to :data:`LIMIT`."""
    prelude = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({LIMIT}, {LIMIT}))
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("make", "why"),
    [
        ("quadratic()", "declares an XML entity of 20,000 bytes (more than 1,024)"),
        (
            "quadratic(1000, 2000)",
            "would expand its XML entities to 2,000,000 bytes (an entity-expansion attack)",
        ),
        ("billion_laughs()", "declares nested XML entities (an entity-expansion attack)"),
        (
            "rss(ITEM.format(t='&e;', n=1, d='x'), '<!DOCTYPE rss [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>')",
            "declares an external XML entity (e)",
        ),
        ("quadratic().decode().encode('utf-16')", "declares an XML entity of 20,000 bytes (more than 1,024)"),
    ],
    ids=["quadratic", "expansion-budget", "billion-laughs", "external", "utf-16"],
)
def test_entity_attacks_are_refused_before_parsing(make: str, why: str) -> None:
    done = in_limited_child(
        f"""
        import time
        from readinglist.exceptions import FeedError
        from test_feeds_hostile import ITEM, billion_laughs, parse_feed, quadratic, rss
        body = {make}
        start = time.perf_counter()
        try:
            parse_feed(body, url="https://evil.example/feed")
        except FeedError as exc:
            print(str(exc))
        print(round(time.perf_counter() - start, 3))
        """
    )
    assert done.returncode == 0, done.stderr
    message, seconds = done.stdout.strip().splitlines()
    assert message == f"https://evil.example/feed {why}; refused"
    assert float(seconds) < 5


def test_a_small_named_entity_is_still_read() -> None:
    body = rss(ITEM.format(t="Caf&eacute; notes", n=1, d="x"), '<!DOCTYPE rss [<!ENTITY eacute "&#233;">]>')
    assert entity_problem(body) is None and has_dtd(body)
    assert [e.title for e in parse_feed(body).entries] == ["Café notes"]


def test_pull_of_a_hostile_feed_is_one_error_among_good_feeds(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    bad = feed_server.add("/bad", Route(body=quadratic()))
    laughs = feed_server.add("/laughs", Route(body=billion_laughs()))
    good = feed_server.add("/good", Route(body=rss(ITEM.format(t="Fine", n=1, d="ok"))))
    done = in_limited_child(
        f"""
        import json, readinglist
        lib = readinglist.open({str(tmp_path / "db.sqlite")!r})
        for url in {[bad, laughs, good]!r}:
            lib.add_feed(url)
        out = {{r.url: [r.status, len(r.new_items), r.error] for r in lib.pull_feeds(timeout=(2, 5))}}
        print(json.dumps(out))
        """
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out[good] == ["new", 1, None]
    assert out[bad][:2] == ["error", 0] and "refused" in out[bad][2]
    assert out[laughs][:2] == ["error", 0] and "nested XML entities" in out[laughs][2]


# --- the parse workers' budgets --------------------------------------------------------------------------


def test_worker_memory_limit_turns_a_huge_allocation_into_memory_error() -> None:
    done = in_limited_child(
        """
        import os
        from readinglist.feeds.sandbox import init_worker
        init_worker(os.getppid(), 256 * 1024 * 1024, 5)
        try:
            block = bytearray(512 * 1024 * 1024)
            print("allocated")
        except MemoryError:
            print("MemoryError")
        """
    )
    assert done.stdout.strip() == "MemoryError", done.stderr


def test_parse_in_a_worker_has_a_time_budget() -> None:
    big = rss("".join(ITEM.format(t=f"Post {n}", n=n, d="text " * 20) for n in range(3000)))
    parser = _Parser(True, 1, parse_seconds=0.05)
    try:
        assert parser.uses_processes
        feed, error = parser.parse(big, "https://slow.example/feed", {})
    finally:
        parser.close()
    assert feed is None
    assert error == "https://slow.example/feed could not be parsed: parsing took longer than 0.05 s; refused"


def test_a_budget_that_expires_inside_a_finaliser_still_ends_the_parse() -> None:
    """Python drops an exception raised in ``__del__``: a one-shot alarm that fired while the collector ran a
    finaliser (a forked worker collects its parent's garbage) let the parse run on with no budget at all."""
    done = in_limited_child(
        """
        import time
        from readinglist.feeds import sandbox
        sandbox._in_worker, sandbox._parse_seconds = True, 0.05

        def spin(seconds):
            start = time.monotonic()
            while time.monotonic() - start < seconds:
                pass

        class Finaliser:
            def __del__(self):
                spin(0.2)  # the alarm fires in here, and Python drops what it raises

        try:
            with sandbox.time_limit():
                Finaliser()
                spin(3)
            print("ran past its budget")
        except sandbox.ParseTimeout as exc:
            print(exc)
        spin(0.3)  # no alarm is left armed once the budget is over
        print("disarmed")
        """
    )
    assert done.stdout.splitlines()[:2] == ["parsing took longer than 0.05 s", "disarmed"], done.stderr


def test_a_body_whose_first_worker_died_goes_to_the_sandbox_not_to_this_process() -> None:
    """The pool had never parsed anything when its worker died on a body: the body was parsed here, without any
    budget. Now it goes once to the spawned sandbox, under the same budgets."""
    from readinglist.feeds.pull import _ParseJob

    body = rss(ITEM.format(t="Post 1", n=1, d="x"))
    parser = _Parser(True, 1, parse_seconds=30)
    try:
        pool = parser._main_pool()
        assert pool is not None
        job = _ParseJob(pool.submit(os._exit, 1), pool, False, body, "https://x.example/feed", {})  # the worker dies
        retried = parser.finish(job)
        assert not isinstance(retried, tuple) and retried.pool is parser._sandbox is not None
        feed, error = parser.finish(retried)
        assert {p.pid for p in parser._sandbox._processes.values()} - {os.getpid()}
    finally:
        parser.close()
    assert error is None and feed is not None and [e.title for e in feed.entries] == ["Post 1"]


def test_a_body_with_a_dtd_is_parsed_in_a_sandbox_even_without_the_pool() -> None:
    body = rss(ITEM.format(t="Caf&eacute;", n=1, d="x"), '<!DOCTYPE rss [<!ENTITY eacute "&#233;">]>')
    parser = _Parser(False, 1, parse_seconds=30)
    try:
        assert not parser.uses_processes
        feed, error = parser.parse(body, "https://x.example/feed", {})
        sandbox = parser._sandbox
        assert sandbox is not None  # a separate, budgeted process did the work
        assert {p.pid for p in sandbox._processes.values()} - {os.getpid()}
    finally:
        parser.close()
    assert error is None and [e.title for e in feed.entries] == ["Café"]


def test_plain_feeds_without_the_pool_stay_in_process() -> None:
    parser = _Parser(False, 1)
    try:
        feed, error = parser.parse(rss(ITEM.format(t="Plain", n=1, d="x")), "https://x.example/feed", {})
        assert parser._sandbox is None
    finally:
        parser.close()
    assert error is None and [e.title for e in feed.entries] == ["Plain"]


# --- every parse has a budget, not only bodies with a DTD or pulls of many feeds ---------------------------


def test_a_pull_of_one_plain_feed_parses_under_the_time_budget(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No DTD, one feed: before, this parsed in the library's own process with no budget at all."""
    import readinglist
    from readinglist.feeds import sandbox

    big = rss("".join(ITEM.format(t=f"Post {n}", n=n, d="text " * 20) for n in range(3000)))
    slow = feed_server.add("/slow", Route(body=big))
    monkeypatch.setattr(sandbox, "PARSE_SECONDS", 0.05)
    with readinglist.open(tmp_path / "db.sqlite") as lib:
        lib.add_feed(slow)
        (result,) = lib.pull_feeds(timeout=(2, 5))
        assert (result.status, result.new_items) == ("error", ())
        assert result.error == f"{slow} could not be parsed: parsing took longer than 0.05 s; refused"
        assert lib.entries("inbox") == []
    monkeypatch.setattr(sandbox, "PARSE_SECONDS", 30)
    with readinglist.open(tmp_path / "db.sqlite") as lib:  # the error kept no validators: parsed next time
        (again,) = lib.pull_feeds(timeout=(2, 5))
        assert (again.status, len(again.new_items)) == ("new", 3000)


def test_a_pull_of_one_plain_feed_parses_under_the_memory_budget(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A plain feed too big for a 32 MB budget costs that feed an error; the pulling process is untouched."""
    items = "".join(ITEM.format(t=f"Post {n}", n=n, d="words " * 200) for n in range(6000))
    huge = feed_server.add("/huge", Route(body=rss(items)))
    good = feed_server.add("/good", Route(body=rss(ITEM.format(t="Fine", n="fine", d="ok"))))
    done = in_limited_child(
        f"""
        import json, os, readinglist
        from readinglist.feeds import sandbox
        lib = readinglist.open({str(tmp_path / "db.sqlite")!r})
        out = {{}}
        for url, budget in [({huge!r}, 32 * 1024 * 1024), ({good!r}, sandbox.MEMORY_LIMIT)]:
            sandbox.MEMORY_LIMIT = budget
            lib.add_feed(url)
            out.update({{r.url: [r.status, len(r.new_items), r.error] for r in lib.pull_feeds([url], timeout=(2, 20))}})
        print(json.dumps(out))
        """
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert len(feed_server.route("/huge").body) > 7_000_000  # a big feed, yet under the 10 MB download cap
    assert out[good] == ["new", 1, None], out
    assert out[huge][:2] == ["error", 0]
    # MemoryError in our code, a dead worker, or feedparser's SAX reader failing to start for want of memory
    assert out[huge][2].startswith(f"{huge} could not be parsed"), out[huge][2]
