"""Issue 10: ``readinglist feed pull`` interrupted (Ctrl-C, SIGTERM) or killed (SIGKILL), run as a real process.

Each test runs the real CLI in a subprocess against feeds served by :mod:`feedserver` on 127.0.0.1: a few fast
feeds and several that answer only after a long delay, so that the pull is in flight when the signal arrives.
Ctrl-C and SIGTERM must print one line, keep the feeds that finished and exit 130; SIGKILL must leave no parse
worker behind. A pull in which every feed fails says why in its summary and exits non-zero.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feedserver import FeedServer, Route, serve

import readinglist

feed_server = pytest.fixture(serve)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc as on Linux")

FAST_FEEDS = 2
SLOW_FEEDS = 8


def rss(tag: str, n: int = 3) -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>{tag}-{i}</guid><title>{tag} post {i}</title>"
        f"<link>https://example.org/{tag}/{i}</link></item>"
        for i in range(n)
    )
    return f"<rss version='2.0'><channel><title>{tag}</title>{items}</channel></rss>".encode()


def subscribe(db: Path, server: FeedServer) -> tuple[list[str], list[str]]:
    fast = [server.add(f"/fast{i}", Route(body=rss(f"fast{i}"))) for i in range(FAST_FEEDS)]
    slow = [server.add(f"/slow{i}", Route(body=rss(f"slow{i}"), delay=60)) for i in range(SLOW_FEEDS)]
    lib = readinglist.open(str(db))
    try:
        for url in fast + slow:
            lib.add_feed(url)
    finally:
        lib.close()
    return fast, slow


def start_pull(db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, READINGLIST_DB=str(db), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "readinglist", "feed", "pull"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal gives a foreground job
    )


def wait_until_in_flight(server: FeedServer, db: Path, proc: subprocess.Popen[str], fast: list[str]) -> None:
    """Until every slow feed was requested and the fast feeds are stored."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        requested = all(server.hits(f"/slow{i}") for i in range(SLOW_FEEDS))
        if requested and stored_titles(db, count_only=True) >= FAST_FEEDS * 3:
            return
        time.sleep(0.1)
    raise AssertionError("the pull never got going")


def stored_titles(db: Path, count_only: bool = False):
    lib = readinglist.open(str(db))
    try:
        titles = [e.title for e in lib.entries("inbox")] if "inbox" in {x.name for x in lib.lists()} else []
    finally:
        lib.close()
    return len(titles) if count_only else sorted(titles)


def children(pid: int) -> set[int]:
    """Every descendant process of ``pid``, from /proc."""
    found: set[int] = set()
    parents = {pid}
    changed = True
    while changed:
        changed = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in found:
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid in parents:
                found.add(int(entry))
                parents.add(int(entry))
                changed = True
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_pull_keeps_what_finished_and_exits_130(
    tmp_path: Path, feed_server: FeedServer, how
) -> None:
    db = tmp_path / "lib.db"
    fast, _ = subscribe(db, feed_server)
    proc = start_pull(db)
    try:
        wait_until_in_flight(feed_server, db, proc, fast)
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole foreground group
        else:
            proc.send_signal(signal.SIGTERM)  # what a service manager does: the main process
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"interrupted: kept the {FAST_FEEDS} feeds pulled so far (6 new items)"
    ]
    assert stored_titles(db) == sorted(f"fast{f} post {i}" for f in range(FAST_FEEDS) for i in range(3))


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the parse pool needs two or more CPUs")
def test_killed_pull_leaves_no_parse_workers(tmp_path: Path, feed_server: FeedServer) -> None:
    db = tmp_path / "lib.db"
    fast, _ = subscribe(db, feed_server)
    proc = start_pull(db)
    try:
        wait_until_in_flight(feed_server, db, proc, fast)
        workers = children(proc.pid)
        assert workers, "the pull should parse in worker processes"
        os.kill(proc.pid, signal.SIGKILL)  # only the parent: nobody tells the workers
        proc.communicate(timeout=20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(running(p) for p in workers):
            time.sleep(0.1)
        assert [p for p in workers if running(p)] == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_pull_where_every_feed_fails_says_why_and_exits_1(tmp_path: Path, feed_server: FeedServer) -> None:
    db = tmp_path / "lib.db"
    lib = readinglist.open(str(db))
    try:
        for i in range(3):  # nothing listens on port 9 of loopback (discard): connection refused
            lib.add_feed(f"http://127.0.0.1:9/feed{i}.xml")
        lib.add_feed(
            feed_server.add("/page", Route(body=b"<html><body>hi</body></html>", content_type="text/html"))
        )
    finally:
        lib.close()
    env = dict(os.environ, READINGLIST_DB=str(db))
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "feed", "pull"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done
    last = done.stdout.strip().splitlines()[-1]
    assert last == (
        "0 new items from 4 feeds; 4 feeds failed: 3 could not be reached, 1 is not a readable feed"
    )
