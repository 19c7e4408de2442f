"""Benchmark the web app, search and stats on SQLite; prints medians beside the targets and a floor.

    python bench/web.py                 # Elicit map, a 10k-item map, search on 100k entries, stats on 100k events
    python bench/web.py --quick         # smaller sizes (a 2k map, 20k entries, 20k events)

Each figure is the median of several runs, measured in this process, beside a floor measured the same way on the
same database: a static file from the same server (HTTP overhead), a raw ``LIKE`` scan (what search would cost
without its index), a bare fetch of the event rows (what stats cost before any arithmetic).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "web"))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

import readinglist  # noqa: E402
from readinglist import ItemToImport, ListToImport  # noqa: E402

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
WORDS = [
    "attention",
    "transformer",
    "learning",
    "neural",
    "network",
    "scaling",
    "language",
    "model",
    "reinforcement",
    "policy",
    "gradient",
    "vision",
    "diffusion",
    "alignment",
    "reward",
    "interpretability",
    "circuits",
    "sparse",
    "autoencoder",
    "tokenizer",
    "retrieval",
    "agents",
    "memory",
    "optimization",
    "evaluation",
    "benchmark",
    "robustness",
    "safety",
    "causal",
    "graph",
    "kernel",
    "bayesian",
    "inference",
    "sampling",
]


def median_ms(f, runs: int = 15) -> float:  # type: ignore[no-untyped-def]
    f()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def generated(name: str, n: int, topics: int = 50) -> ListToImport:
    items = []
    for i in range(n):
        words = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7, 11))
        items.append(
            ItemToImport(
                f"{words.title()} {i}",
                f"https://example.org/{name}/{i}",
                ("Part " + str(i % 5), f"Topic {i % topics}"),
                1 + i % 4,
                description=f"About {words} and item {i}",
            )
        )
    return ListToImport(name=name, title=f"Generated {n}", items=tuple(items))


class Server:
    def __init__(self, lib) -> None:  # type: ignore[no-untyped-def]
        import uvicorn
        from web_fixtures import free_port

        from readinglist.web import create_app

        self.port = free_port()
        app = create_app(lib, host="127.0.0.1", port=self.port)
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()

    def get(self, path: str) -> None:
        r = self.session.get(self.url + path, timeout=60)
        r.raise_for_status()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def vocabulary(n: int = 5000) -> list[str]:
    """Pseudo-words with a Zipf-like use (a few common, most rare), plus the real words above."""
    import random

    rng = random.Random(7)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ra",
        "tu",
        "si",
        "be",
        "do",
        "fa",
        "ge",
        "hi",
        "jo",
        "pu",
        "ve",
        "zo",
        "qua",
        "tri",
        "plex",
        "morph",
        "net",
        "gram",
    ]
    made = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(n)}
    return WORDS + sorted(made)


def fill_entries(path: Path, n: int) -> None:
    """One list of n entries in 500 topics, titles of 6 words drawn Zipf-like from :func:`vocabulary`."""
    import json
    import random

    rng = random.Random(11)
    words = vocabulary()
    rng.shuffle(words)  # the real words land anywhere in the Zipf ranking, not all among the commonest
    import itertools

    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO lists (id, name, title, created_at) VALUES (1, 'huge', 'Huge', :t)"),
            {"t": T0},
        )
        conn.execute(
            sa.text(
                "INSERT INTO sections (id, list_id, parent_id, title, path, position) VALUES (:i, 1, NULL, :t, :p, :i)"
            ),
            [{"i": i, "t": f"Topic {i}", "p": json.dumps([f"Topic {i}"])} for i in range(1, 501)],
        )
        titles = [" ".join(rng.choices(words, cum_weights=cumulative, k=6)).title() for _ in range(n)]
        titles[4242] = "Attention Is All You Need"
        conn.execute(
            sa.text(
                "INSERT INTO resources (id, key, title_key, url, canonical_url, title, created_at) "
                "VALUES (:i, :k, :k, :u, :u, :t, :c)"
            ),
            [
                {
                    "i": i + 1,
                    "k": f"https://example.org/{i}",
                    "u": f"https://example.org/{i}",
                    "t": t,
                    "c": T0,
                }
                for i, t in enumerate(titles)
            ],
        )
        conn.execute(
            sa.text(
                "INSERT INTO entries (list_id, section_id, resource_id, position, tier, title, url, description, "
                "new, retired, added_at, updated_at) VALUES (1, :s, :r, :r, :tier, :t, :u, :d, 0, 0, :c, :c)"
            ),
            [
                {
                    "s": 1 + i % 500,
                    "r": i + 1,
                    "tier": 1 + i % 4,
                    "t": t,
                    "u": f"https://example.org/{i}",
                    "d": " ".join(rng.choices(words, cum_weights=cumulative, k=12)),
                    "c": T0,
                }
                for i, t in enumerate(titles)
            ],
        )
    engine.dispose()


def add_events(path: Path, n: int) -> None:
    """n status events for the default profile, spread over a year (written directly: the bench needs volume)."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        pid = conn.execute(sa.text("SELECT id FROM profiles WHERE name = 'default'")).scalar()
        if pid is None:
            pid = conn.execute(
                sa.text("INSERT INTO profiles (name, created_at) VALUES ('default', :t) RETURNING id"),
                {"t": T0},
            ).scalar()
        rids = [r[0] for r in conn.execute(sa.text("SELECT id FROM resources ORDER BY id"))]
        rows = []
        for i in range(n):
            rid = rids[i % len(rids)]
            new = ("reading", "read", "unread", "skipped")[(i // len(rids)) % 4]
            old = (None, "reading", "read", "unread")[(i // len(rids)) % 4]
            at = T0 + dt.timedelta(minutes=5 * i)
            rows.append(
                {
                    "p": pid,
                    "r": rid,
                    "b": i + 1,
                    "at": at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "o": old,
                    "n": new,
                }
            )
        conn.execute(
            sa.text(
                "INSERT INTO events (profile_id, resource_id, batch, at, old_status, new_status) "
                "VALUES (:p, :r, :b, :at, :o, :n)"
            ),
            rows,
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    big_map, big_search, big_events = (2_000, 20_000, 20_000) if args.quick else (10_000, 100_000, 100_000)
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    print(f"python {sys.version.split()[0]}, SQLite {__import__('sqlite3').sqlite_version}, in {folder}")

    # 1. maps over HTTP
    path = folder / "maps.db"
    with readinglist.open(path, clock=lambda: T0) as lib:
        lib.import_list("elicit")
        lib.import_list(generated("big", big_map))
        for rec in lib.next(20):
            lib.mark(rec.entry.item.id, "read")
        server = Server(lib)
        try:
            floor = median_ms(lambda: server.get("/static/style.css"))
            elicit = median_ms(lambda: server.get("/map/elicit"))
            big = median_ms(lambda: server.get("/map/big"), runs=7)
            nxt = median_ms(lambda: server.get("/next"))
            searched = median_ms(lambda: server.get("/search?q=attention+need"))
        finally:
            server.stop()
    print(
        f"map of Elicit (355 items)        {elicit:8.1f} ms  (target <= 100; static file floor {floor:.1f} ms)"
    )
    print(f"map of a {big_map:,}-item list     {big:8.1f} ms  (target <= 500)")
    print(f"next page                        {nxt:8.1f} ms")
    print(f"search page                      {searched:8.1f} ms")

    # 2. search on many entries, library call (rows written with executemany: the triggers index them)
    path = folder / "search.db"
    readinglist.open(path).close()
    start = time.perf_counter()
    fill_entries(path, big_search)
    print(
        f"{big_search:,} entries written and indexed by the triggers in {time.perf_counter() - start:.1f} s"
    )
    with readinglist.open(path, clock=lambda: T0) as lib:
        queries = ["attention need", "attent transf", "sparse autoenc", "reinforcement polic", "kern", "zzz"]
        found = {q: len(lib.search(q)) for q in queries}
        per_query = {q: median_ms(lambda q=q: lib.search(q), runs=9) for q in queries}
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            like = median_ms(
                lambda: conn.execute(
                    sa.text(
                        "SELECT id FROM entries WHERE title LIKE '%attention%' AND title LIKE '%need%' LIMIT 20"
                    )
                ).all(),
                runs=5,
            )
        engine.dispose()
    print(
        f"lib.search on {big_search:,} entries     {statistics.median(per_query.values()):8.2f} ms median "
        "over the queries (target <= 20)"
    )
    for q, ms in per_query.items():
        print(f"  {q!r:24} {ms:8.2f} ms  {found[q]} hits")
    print(f"  floor: unindexed LIKE scan     {like:8.2f} ms")

    # 3. stats over many events: on the Elicit list (355 items), so that the figure is the event history's
    path = folder / "stats.db"
    with readinglist.open(path, clock=lambda: T0) as lib:
        lib.import_list("elicit")
    add_events(path, big_events)
    with readinglist.open(path, clock=lambda: T0 + dt.timedelta(days=365)) as lib:
        s = lib.stats()
        ours = median_ms(lib.stats, runs=7)
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            fetch = median_ms(
                lambda: conn.execute(
                    sa.text("SELECT resource_id, at, old_status, new_status FROM events")
                ).all(),
                runs=5,
            )
        engine.dispose()
    print(
        f"lib.stats over {big_events:,} events     {ours:8.1f} ms  (target <= 100; read={s.read}, pace={s.pace})"
    )
    print(f"  floor: fetch the event rows    {fetch:8.1f} ms")


if __name__ == "__main__":
    main()
