"""A process for the kill -9 tests: ``python kill_worker.py import|sync DB ARG`` (prints "done" at the end).

``import DB N``: import a generated list of N items named ``big``. ``sync DB PATH``: sync the list ``s`` from the
Markdown file PATH.
"""

from __future__ import annotations

import sys

import readinglist
from readinglist.types import ItemToImport, ListToImport


def big_list(n: int) -> ListToImport:
    return ListToImport(
        name="big",
        items=tuple(
            ItemToImport(f"Paper {i}", f"https://example.org/p/{i}", (f"Topic {i % 50}",), 1 + i % 3)
            for i in range(n)
        ),
    )


def main(mode: str, db: str, arg: str) -> int:
    with readinglist.open(db) as lib:
        print("started", flush=True)
        if mode == "import":
            lib.import_list(big_list(int(arg)), name="big")
        elif mode == "sync":
            lib.sync("s", source=arg)
        else:
            raise SystemExit(f"unknown mode {mode}")
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
