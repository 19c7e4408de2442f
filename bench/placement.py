"""Topic placement accuracy on the Elicit list: hold out items, predict their topics, compare with a floor.

Usage: python bench/placement.py [--folds 5]

Every item of the bundled Elicit list is held out once (k-fold, items shuffled with a fixed seed): a Placer is
built from the other folds and ranks the topics for the held-out item's text. Printed: top-1 and top-3 accuracy,
beside the floor of always guessing the largest topics (measured on the same folds).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter

import readinglist
from readinglist.placement import Placer, item_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lib = readinglist.open(os.path.join(tmp, "bench.db"))
        lib.import_list("elicit")
        entries = [e for e in lib.entries("elicit") if e.section]
        lib.close()
    docs = [(tuple(e.section), item_text(e.title, e.description, e.note)) for e in entries]
    random.Random(10).shuffle(docs)
    hits1 = hits3 = floor1 = floor3 = 0
    start = time.perf_counter()
    for fold in range(args.folds):
        test = docs[fold :: args.folds]
        train = [d for n, d in enumerate(docs) if n % args.folds != fold]
        placer = Placer(train)
        biggest = [t for t, _ in Counter(t for t, _ in train).most_common(3)]
        for topic, text in test:
            ranked = [t for t, _ in placer.rank(text)]
            hits1 += ranked[:1] == [topic]
            hits3 += topic in ranked[:3]
            floor1 += biggest[:1] == [topic]
            floor3 += topic in biggest
    n = len(docs)
    seconds = time.perf_counter() - start
    topics = len({t for t, _ in docs})
    print(
        f"Elicit list: {n} items in {topics} topics, {args.folds}-fold hold-out, titles (+ descriptions/notes)"
    )
    print(f"{'':24}{'top-1':>8}{'top-3':>8}")
    print(f"{'TF-IDF placer':24}{hits1 / n:8.1%}{hits3 / n:8.1%}")
    print(f"{'floor: largest topics':24}{floor1 / n:8.1%}{floor3 / n:8.1%}")
    print(f"({seconds:.1f} s for {args.folds} fits and {n} placements)")


if __name__ == "__main__":
    main()
