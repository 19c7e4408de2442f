"""Concurrent writers in real processes: every acknowledged mark is stored, batches never mix, event chains exact.

SQLite: 4 processes marking different items one call at a time must all succeed (writers take the write lock up
front and wait the busy timeout). PostgreSQL: 8 processes on different items (each undo batch is one call), on the
same items (every event's old status is the previous event's new status), and making a new profile's first mark.
Counts are CI-sized; ``READINGLIST_RELIABILITY_FULL=1`` runs the issue's figures (4 x 500 on SQLite).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pg
import pytest

from .helpers import acknowledged, event_chain_breaks, failures, make_lists, run_workers, scaled

STATUSES = ("reading", "read", "skipped")


def _different_items(db: str, processes: int, marks: int, per_call: int = 1) -> None:
    lists = make_lists(db, processes, marks * per_call)
    specs = []
    for ids in lists.values():
        calls = [[ids[i : i + per_call], "read"] for i in range(0, len(ids), per_call)]
        specs.append({"db": db, "calls": calls})
    outputs = run_workers(specs)
    assert failures(outputs) == []
    acked = {i for lines in outputs for call in acknowledged(lines) for i in call}
    assert len(acked) == processes * marks * per_call
    stored = {r for (r,) in pg.query(db, "SELECT resource_id FROM progress WHERE status = 'read'")}
    assert acked <= stored
    # One call, one batch: the events of a batch are exactly the items of one call.
    batches: dict[int, set[int]] = {}
    for batch, rid in pg.query(db, "SELECT batch, resource_id FROM events"):
        batches.setdefault(batch, set()).add(rid)
    calls = {frozenset(call) for lines in outputs for call in acknowledged(lines)}
    assert {frozenset(v) for v in batches.values()} == calls
    assert event_chain_breaks(db) == []


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path: Path) -> None:
    _different_items(f"sqlite:///{tmp_path / 'rl.db'}", processes=4, marks=scaled(60, 500))


@pytest.mark.postgres
def test_postgresql_batches_are_one_call_each_under_eight_writers(pg_url: str) -> None:
    _different_items(pg_url, processes=8, marks=scaled(15, 100), per_call=2)


def _same_items(db: str, processes: int, rounds: int) -> None:
    (ids,) = make_lists(db, 1, 3).values()
    specs = []
    for n in range(processes):
        statuses = itertools.islice(itertools.cycle(STATUSES[n % 3 :] + STATUSES[: n % 3]), rounds)
        specs.append({"db": db, "calls": [[[ids[(n + r) % len(ids)]], s] for r, s in enumerate(statuses)]})
    outputs = run_workers(specs)
    assert failures(outputs) == []
    assert sum(len(acknowledged(lines)) for lines in outputs) == processes * rounds
    assert event_chain_breaks(db) == []
    assert pg.query(db, "SELECT count(*) FROM events")[0][0] > 0


def test_sqlite_same_items_from_four_processes_keep_an_exact_event_chain(tmp_path: Path) -> None:
    _same_items(f"sqlite:///{tmp_path / 'rl.db'}", processes=4, rounds=scaled(20, 100))


@pytest.mark.postgres
def test_postgresql_same_items_from_eight_processes_keep_an_exact_event_chain(pg_url: str) -> None:
    _same_items(pg_url, processes=8, rounds=scaled(15, 60))


def _first_mark_of_a_new_profile(db: str, processes: int) -> None:
    (ids,) = make_lists(db, 1, processes).values()
    specs = [{"db": db, "profile": "newcomer", "calls": [[[rid], "read"]]} for rid in ids]
    outputs = run_workers(specs)
    assert failures(outputs) == []
    assert pg.query(db, "SELECT count(*) FROM profiles WHERE name = 'newcomer'") == [(1,)]
    stored = pg.query(
        db,
        "SELECT count(*) FROM progress g JOIN profiles p ON p.id = g.profile_id WHERE p.name = 'newcomer'",
    )
    assert stored == [(processes,)]


def test_sqlite_first_mark_of_a_new_profile_from_four_processes(tmp_path: Path) -> None:
    _first_mark_of_a_new_profile(f"sqlite:///{tmp_path / 'rl.db'}", 4)


@pytest.mark.postgres
def test_postgresql_first_mark_of_a_new_profile_from_eight_processes(pg_url: str) -> None:
    _first_mark_of_a_new_profile(pg_url, 8)


@pytest.mark.postgres
def test_postgresql_undo_after_concurrent_marks_takes_back_one_call(pg_url: str) -> None:
    lists = make_lists(pg_url, 8, 4)
    specs = [
        {"db": pg_url, "calls": [[ids[i : i + 2], "read"] for i in (0, 2)], "undo": n == 0}
        for n, ids in enumerate(lists.values())
    ]
    outputs = run_workers(specs)
    assert failures(outputs) == []
    undone = [line for line in outputs[0] if line.startswith("undone ")]
    assert len(undone) == 1
    taken_back = {int(i) for i in undone[0].split()[1].split(",")}
    # Whatever call was last, undo took back exactly that one call's two items, never a mix of processes.
    calls = [frozenset(c) for lines in outputs for c in acknowledged(lines)]
    assert frozenset(taken_back) in calls
    assert pg.query(pg_url, "SELECT count(*) FROM progress") == [(8 * 4 - 2,)]
