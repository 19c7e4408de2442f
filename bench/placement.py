"""Topic placement accuracy on the Elicit list: hold out items, predict their topics, compare with a floor.

Usage: python bench/placement.py [--folds 10] [--seeds 3]    (--folds 0: leave one out)

Every item of a list is held out once (k-fold, items shuffled with a fixed seed): a Placer is built from the other
folds only (the held-out items' titles, notes and topics never reach its vectorizer nor the topics' mean vectors)
and ranks the topics for the held-out item's text. Printed: top-1 and top-3 accuracy of TF-IDF alone and, when the
``embed`` extra is installed, of TF-IDF with embeddings, on the same folds, beside the floor of always guessing the
largest topics (measured on the same folds). Measured on the bundled Elicit list and, when ``../shared/data/elicit`` holds them,
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
from readinglist import embedding
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


def hold_out(
    docs: list[tuple[tuple[str, ...], str]], folds: int, seed: int, methods: list[bool]
) -> tuple[float, ...]:
    """(top-1, top-3 of each method, then floor top-1, floor top-3) over ``folds`` folds of ``docs`` shuffled with
    ``seed``; ``methods``: False for TF-IDF alone, True for TF-IDF with embeddings."""
    docs = list(docs)
    random.Random(seed).shuffle(docs)
    folds = folds or len(docs)  # 0: leave one out, each item placed against all the others
    hits = [0] * (2 * len(methods) + 2)
    for fold in range(folds):
        test = docs[fold::folds]
        train = [d for n, d in enumerate(docs) if n % folds != fold]
        placers = [Placer(train, embeddings=m) for m in methods]
        biggest = [t for t, _ in Counter(t for t, _ in train).most_common(3)]
        for topic, text in test:
            for k, placer in enumerate(placers):
                ranked = [t for t, _ in placer.rank(text)]
                hits[2 * k] += ranked[:1] == [topic]
                hits[2 * k + 1] += topic in ranked[:3]
            hits[-2] += biggest[:1] == [topic]
            hits[-1] += topic in biggest
    return tuple(h / len(docs) for h in hits)


def cost(docs: list[tuple[tuple[str, ...], str]], embeddings: bool, repeat: int = 5) -> tuple[float, float]:
    """(ms to build a Placer from ``docs``, ms to rank the topics for one entry): the best of ``repeat`` runs each,
    after one warm-up build (the model is loaded once per process, as in a feed pull)."""
    Placer(docs, embeddings=embeddings).rank("warm up")
    texts = [text for _, text in docs[:100]]
    build, per_entry = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        placer = Placer(docs, embeddings=embeddings)
        built = time.perf_counter()
        for text in texts:
            placer.rank(text)
        build.append(built - start)
        per_entry.append((time.perf_counter() - built) / len(texts))
    return 1000 * min(build), 1000 * min(per_entry)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folds", type=int, default=10, help="0: leave one out (each item against the whole rest of its list)"
    )
    parser.add_argument("--seeds", type=int, default=3, help="shuffles per list (seeds 10, 11, ...)")
    args = parser.parse_args()
    sources = [("bundled elicit", "elicit")]
    if VERSIONS.is_dir():
        sources += [
            (p.name.removeprefix("README.")[:10], str(p)) for p in sorted(VERSIONS.glob("README.*.md"))
        ]
    methods = [False, True] if embedding.available() else [False]
    print(f"{f'{args.folds}-fold' if args.folds else 'leave-one-out'} hold-out, {args.seeds} shuffle(s) each; text: titles (+ descriptions/notes)")
    if len(methods) == 1:
        print(f"embeddings not measured: the embed extra is missing ({embedding.EXTRA})")
    heads = ["tfidf top-1", "tfidf top-3"] + (["embed top-1", "embed top-3"] if len(methods) == 2 else [])
    print(
        f"{'list':16}{'items':>6}{'topics':>7}"
        + "".join(f"{h:>13}" for h in heads + ["floor top-1", "floor top-3"])
    )
    start = time.perf_counter()
    rows = []
    for label, source in sources:
        docs = documents(source)
        runs = [hold_out(docs, args.folds, 10 + s, methods) for s in range(args.seeds)]
        mean = [statistics.mean(r[k] for r in runs) for k in range(len(runs[0]))]
        rows.append(mean)
        topics = len({t for t, _ in docs})
        print(f"{label:16}{len(docs):6}{topics:7}" + "".join(f"{v:13.1%}" for v in mean), flush=True)
    overall = [statistics.mean(r[k] for r in rows) for k in range(len(rows[0]))]
    print(f"{'mean':16}{'':6}{'':7}" + "".join(f"{v:13.1%}" for v in overall))
    print(f"aim: top-3 >= 70 %  ({time.perf_counter() - start:.0f} s)")
    docs = documents("elicit")
    for use in methods:
        build, per_entry = cost(docs, use)
        print(
            f"cost ({'embed' if use else 'tfidf'}): a placer of the bundled list's {len(docs)} items built in"
            f" {build:.0f} ms, {per_entry:.2f} ms per entry ranked (best of 5)"
        )


if __name__ == "__main__":
    main()
