"""What the reliability tests share: databases with lists, worker processes, and checks of what was stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pg

import readinglist
from readinglist.types import ItemToImport, ListToImport

WORKER = Path(__file__).resolve().parent / "worker.py"
FULL = os.environ.get("READINGLIST_RELIABILITY_FULL", "") not in ("", "0")
"""Set ``READINGLIST_RELIABILITY_FULL=1`` for the issue's full counts (slower); CI runs smaller ones."""


def scaled(ci: int, full: int) -> int:
    return full if FULL else ci


def make_lists(db: str, lists: int, items: int) -> dict[str, list[int]]:
    """``lists`` lists of ``items`` items each (distinct URLs); returns each list's resource ids in order."""
    with readinglist.open(db) as lib:
        out = {}
        for n in range(lists):
            name = f"l{n}"
            lib.import_list(
                ListToImport(
                    name=name,
                    title=name,
                    format="test",
                    items=tuple(
                        ItemToImport(f"Item {n}.{i}", f"https://example.org/{n}/{i}", ("Topic",), 1)
                        for i in range(items)
                    ),
                ),
                name=name,
            )
            out[name] = [e.item.id for e in lib.entries(name)]
        return out


def run_workers(specs: list[dict[str, Any]], *, timeout: float = 600) -> list[list[str]]:
    """Start one worker process per spec at once (they begin writing together); their output lines, in order."""
    start_at = time.time() + 2.0 + 0.25 * len(specs)
    procs = []
    for spec in specs:
        procs.append(
            subprocess.Popen(
                [sys.executable, str(WORKER), json.dumps({**spec, "start_at": start_at})],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outputs = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=timeout)
            assert proc.returncode == 0, err[-2000:]
            outputs.append(out.splitlines())
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return outputs


def acknowledged(lines: list[str]) -> list[list[int]]:
    return [[int(i) for i in line.split()[1].split(",")] for line in lines if line.startswith("ok ")]


def failures(outputs: list[list[str]]) -> list[str]:
    return [line for lines in outputs for line in lines if line.startswith("fail ")]


def event_chain_breaks(db: str, profile: str = "default") -> list[str]:
    """Every place where an event's ``old_status`` is not the previous event's ``new_status`` for its resource,
    or where the stored progress is not the last event's ``new_status``."""
    rows = pg.query(
        db,
        "SELECT e.resource_id, e.old_status, e.new_status FROM events e JOIN profiles p ON p.id = e.profile_id "
        "WHERE p.name = :name ORDER BY e.id",
        name=profile,
    )
    last: dict[int, str | None] = defaultdict(lambda: None)
    breaks = []
    for rid, old, new in rows:
        if old != last[rid]:
            breaks.append(f"resource {rid}: event says old={old!r}, previous event left {last[rid]!r}")
        last[rid] = new
    stored = dict(
        pg.query(
            db,
            "SELECT g.resource_id, g.status FROM progress g JOIN profiles p ON p.id = g.profile_id "
            "WHERE p.name = :name",
            name=profile,
        )
    )
    for rid, status in last.items():
        if stored.get(rid) != status:
            breaks.append(f"resource {rid}: stored {stored.get(rid)!r}, last event says {status!r}")
    return breaks
