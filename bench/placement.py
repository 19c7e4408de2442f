"""Topic placement accuracy on the Elicit list: hold out items, predict their topics, compare with a floor.

Usage: python bench/placement.py [--folds 5] [--seeds 3]

Every item of a list is held out once (k-fold, items shuffled with a fixed seed): a Placer is built from the other
folds only (the held-out items' titles, notes and topics never reach its vectorizer) and ranks the topics for the
held-out item's text. Printed: top-1 and top-3 accuracy, beside the floor of always guessing the largest topics
(measured on the same folds). Measured on the bundled Elicit list and, when ``../shared/data/elicit`` holds them,
on each of the five upstream README versions (imported separately: versions are never mixed, since they share
most items), each with several shuffles; the last line is the mean over all of them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import readinglist
from readinglist.placement import Placer, item_text

VERSIONS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "elicit"


def documents(source: str) -> list[tuple[tuple[str, ...], str]]:
    """``(topic path, text)`` of every item of ``source`` that sits in a topic."""
    with tempfile.TemporaryDirectory() as tmp:
        lib = readinglist.open(os.path.join(tmp, "bench.db"))
        try:
            lib.import_list(source, name="bench")
            entries = [e for e in lib.entries("bench") if e.section]
        finally:
            lib.close()
    return [(tuple(e.section), item_text(e.title, e.description, e.note)) for e in entries]


def hold_out(docs: list[tuple[tuple[str, ...], str]], folds: int, seed: int) -> tuple[float, ...]:
    """(top-1, top-3, floor top-1, floor top-3) over ``folds`` folds of ``docs`` shuffled with ``seed``."""
    docs = list(docs)
    random.Random(seed).shuffle(docs)
    hits1 = hits3 = floor1 = floor3 = 0
    for fold in range(folds):
        test = docs[fold::folds]
        train = [d for n, d in enumerate(docs) if n % folds != fold]
        placer = Placer(train)
        biggest = [t for t, _ in Counter(t for t, _ in train).most_common(3)]
        for topic, text in test:
            ranked = [t for t, _ in placer.rank(text)]
            hits1 += ranked[:1] == [topic]
            hits3 += topic in ranked[:3]
            floor1 += biggest[:1] == [topic]
            floor3 += topic in biggest
    n = len(docs)
    return hits1 / n, hits3 / n, floor1 / n, floor3 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3, help="shuffles per list (seeds 10, 11, ...)")
    args = parser.parse_args()
    sources = [("bundled elicit", "elicit")]
    if VERSIONS.is_dir():
        sources += [
            (p.name.removeprefix("README.")[:10], str(p)) for p in sorted(VERSIONS.glob("README.*.md"))
        ]
    print(f"{args.folds}-fold hold-out, {args.seeds} shuffle(s) each; text: titles (+ descriptions/notes)")
    print(
        f"{'list':16}{'items':>6}{'topics':>7}{'top-1':>8}{'top-3':>8}{'floor top-1':>13}{'floor top-3':>13}"
    )
    start = time.perf_counter()
    rows = []
    for label, source in sources:
        docs = documents(source)
        runs = [hold_out(docs, args.folds, 10 + s) for s in range(args.seeds)]
        mean = [statistics.mean(r[k] for r in runs) for k in range(4)]
        rows.append(mean)
        topics = len({t for t, _ in docs})
        print(f"{label:16}{len(docs):6}{topics:7}{mean[0]:8.1%}{mean[1]:8.1%}{mean[2]:13.1%}{mean[3]:13.1%}")
    overall = [statistics.mean(r[k] for r in rows) for k in range(4)]
    print(f"{'mean':16}{'':6}{'':7}{overall[0]:8.1%}{overall[1]:8.1%}{overall[2]:13.1%}{overall[3]:13.1%}")
    print(f"aim: top-3 >= 70 %  ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
