"""A separate process that marks items, for the concurrency and kill tests (run as ``python worker.py SPEC``).

``SPEC`` is JSON: ``{"db": URL, "profile": NAME, "start_at": UNIX_TIME, "calls": [[[ids...], status], ...]}``.
The worker opens the library, waits until ``start_at`` (so every worker starts writing at once), then makes each
call in turn and prints one line per call as soon as the library returned: ``ok ID,ID`` (acknowledged) or
``fail TYPE MESSAGE``. A line printed ``ok`` is a mark the library promised to keep.
"""

from __future__ import annotations

import json
import sys
import time

import readinglist
from readinglist import ReadingListError


def main(spec: dict) -> int:
    lib = readinglist.open(spec["db"], profile=spec.get("profile"))
    try:
        items = {e.item.id: e.item for e in lib.entries(include_retired=True)}
        delay = spec.get("start_at", 0) - time.time()
        if delay > 0:
            time.sleep(delay)
        for ids, status in spec["calls"]:
            try:
                lib.mark([items[i] for i in ids], status)
            except ReadingListError as exc:
                print(f"fail {type(exc).__name__} {exc}", flush=True)
            else:
                print("ok " + ",".join(str(i) for i in ids), flush=True)
        if spec.get("undo"):
            try:
                undone = lib.undo()
            except ReadingListError as exc:
                print(f"fail {type(exc).__name__} {exc}", flush=True)
            else:
                print("undone " + ",".join(str(i.id) for i in undone.items), flush=True)
    finally:
        lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
