"""kill -9 at random points of an import, a sync and a mark loop: the database is intact, every change is whole
or absent ("old or new, never mixed"), every acknowledged mark is stored, and no process of ours is left.

Seeded; a few trials per kind by default, ``READINGLIST_KILL_TRIALS=N`` for more (bench/reliability.py runs 100).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pg
import pytest

import readinglist

from .helpers import WORKER, acknowledged, event_chain_breaks, make_lists

KILL_WORKER = Path(__file__).resolve().parent / "kill_worker.py"
TRIALS = int(os.environ.get("READINGLIST_KILL_TRIALS", "3"))
SEED = int(os.environ.get("READINGLIST_KILL_SEED", "14"))


def group_members(pgid: int) -> list[int]:
    """Pids of live processes in process group ``pgid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def run_and_kill(argv: list[str], delay: float) -> list[str]:
    """Start ``argv`` in its own process group, SIGKILL it after ``delay`` s; its stdout lines so far."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 5
    while group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(proc.pid) == [], "a process of ours outlived the kill"
    return out.splitlines()


def integrity(url: str) -> None:
    path = url.removeprefix("sqlite:///")
    assert pg.query(url, "PRAGMA integrity_check") == [("ok",)], path
    assert pg.query(url, "PRAGMA foreign_key_check") == []


def delays(kind: str, low: float, high: float) -> list[float]:
    rnd = random.Random(f"{SEED}-{kind}")
    return [rnd.uniform(low, high) for _ in range(TRIALS)]


@pytest.mark.parametrize("delay", delays("import", 0.5, 6.0))
def test_killing_an_import_leaves_all_or_nothing(tmp_path: Path, delay: float) -> None:
    url = f"sqlite:///{tmp_path / 'rl.db'}"
    readinglist.open(url).close()
    lines = run_and_kill([sys.executable, str(KILL_WORKER), "import", url, "5000"], delay)
    integrity(url)
    count = pg.query(url, "SELECT count(*) FROM entries")[0][0]
    lists = pg.query(url, "SELECT count(*) FROM lists")[0][0]
    assert (lists, count) in ((0, 0), (1, 5000))
    if "done" in lines:
        assert count == 5000
    with readinglist.open(url) as lib:  # the database is usable afterwards
        assert [info.name for info in lib.lists()] == (["big"] if count else [])


def _markdown(version: int) -> str:
    rows = []
    for topic in range(20):
        rows.append(f"\n## Topic {topic}\n")
        for i in range(100):
            n = topic * 100 + i
            if version == 2 and n % 3 == 0:
                continue  # removed in version 2
            title = f"Paper {n}" if version == 1 or n % 5 else f"Paper {n}, retitled"
            rows.append(f"- [{title}](https://example.org/p/{n})")
        if version == 2:
            rows.extend(f"- [New {topic}.{i}](https://example.org/new/{topic}/{i})" for i in range(30))
    return "# A list\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("delay", delays("sync", 0.5, 6.0))
def test_killing_a_sync_leaves_the_old_or_the_new_version(tmp_path: Path, delay: float) -> None:
    url = f"sqlite:///{tmp_path / 'rl.db'}"
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text(_markdown(1))
    two.write_text(_markdown(2))
    with readinglist.open(url) as lib:
        lib.import_list(one, name="s")
        lib.mark("Paper 3", "read")  # progress on an item version 2 removes: it must survive either way
        old = {(e.title, e.retired) for e in lib.entries("s", include_retired=True)}
    lines = run_and_kill([sys.executable, str(KILL_WORKER), "sync", url, str(two)], delay)
    integrity(url)
    with readinglist.open(url) as lib:
        now = {(e.title, e.retired) for e in lib.entries("s", include_retired=True)}
        assert lib.find("https://example.org/p/3", list="s").title == "Paper 3"
        lib.sync("s", source=str(two))
        new = {(e.title, e.retired) for e in lib.entries("s", include_retired=True)}
    assert now in (old, new)
    if "done" in lines:
        assert now == new
    assert pg.query(url, "SELECT status FROM progress") == [("read",)]


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
@pytest.mark.parametrize("delay", delays("mark", 1.0, 8.0))
def test_killing_a_mark_loop_loses_no_acknowledged_mark(
    tmp_path: Path, delay: float, engine: str, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'rl.db'}" if engine == "sqlite" else request.getfixturevalue("pg_url")
    (ids,) = make_lists(url, 1, 300).values()
    calls = [[[rid], status] for rid in ids for status in ("reading", "read")]
    spec = {"db": url, "calls": calls}
    lines = run_and_kill([sys.executable, str(WORKER), json.dumps(spec)], delay)
    if engine == "sqlite":
        integrity(url)
    acked = [call[0] for call in acknowledged(lines)]
    stored = {r for (r,) in pg.query(url, "SELECT resource_id FROM progress")}
    assert set(acked) <= stored
    assert event_chain_breaks(url) == []
    # Every stored event is whole: nothing half-written from the call the kill interrupted.
    assert len(stored) >= len(set(acked)) and len(stored) <= len(set(acked)) + 1
