"""Benchmark enrich and check against local stand-in servers, beside the floors the politeness rules set.

1. **arXiv**: 1,000 arXiv items through ``Library.enrich``, against the stand-in arXiv API of the tests (answers in
   the API's Atom format). The API's terms ask for one request at a time and a 3 s pause; the bench runs the pause
   scaled down (``--pause``, default 0.3 s) and reports the requests made, the time, the floor ``(requests - 1) ×
   pause``, and what the run costs at the real 3 s pause (the issue asks <= 40 s), beside one request per item.
2. **Links**: 1,000 links on 200 hosts (127.0.0.2 ... 127.0.0.201, one server each) that answer after 100 ms,
   through ``Library.check_links``. Each server counts the requests it has open at once: the most any host ever
   saw must be <= 2. The floor is the per-host work ``ceil(links per host / 2) × 100 ms`` (two lanes per host) and
   the thread-pool bound ``requests × 100 ms / workers``.

3. **Effort left in progress**: ``Library.progress`` on a list of ``--progress-items`` entries (100,000) in 500
   topic x tier groups, 40 % with an estimate and 10 % read, with the effort sums (``effort=True``, the default)
   beside the counts alone (``effort=False``, the peer measured in the same run) and beside summing in Python over
   every entry (``effort.sums`` over ``Library.entries`` + ``Library.effort``), the per-item way the sums replace.

Usage: ``python bench/enrich.py [--pause 0.3] [--items 1000] [--links 1000] [--hosts 200] [--progress-items N]``
(``--only progress`` runs part 3 alone).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "enrich"))


def bench_arxiv(items: int, pause: float) -> None:
    import dataclasses

    from feedserver import FeedServer
    from standins import Services

    import readinglist
    from readinglist import ItemToImport, ListToImport
    from readinglist.enrich import arxiv

    ids = [f"{1500 + n // 9000:04d}.{n % 9000 + 1000:05d}" for n in range(items)]
    with FeedServer() as server, tempfile.TemporaryDirectory() as tmp:
        services = Services(server)
        endpoints = dataclasses.replace(services.endpoints, arxiv_pause=pause)
        with readinglist.open(Path(tmp) / "bench.db") as lib:
            lib.import_list(
                ListToImport(
                    name="papers",
                    items=tuple(ItemToImport(f"Paper {i}", f"https://arxiv.org/abs/{i}") for i in ids),
                )
            )
            started = time.perf_counter()
            results = list(lib.enrich("papers", endpoints=endpoints))
            elapsed = time.perf_counter() - started
            enriched = sum(r.status == "enriched" for r in results)
            with_pages = sum(1 for m in lib.metadata([r.item.id for r in results]).values() if m.pages)
        requests = len(services.arxiv_queries)
        floor = (requests - 1) * pause
        work = elapsed - floor
        print(f"arXiv: {items} items, {enriched} enriched ({with_pages} with pages) in {requests} requests")
        print(
            f"  batch size {arxiv.BATCH}, pause {pause:g} s: {elapsed:.2f} s; floor (requests-1) x pause = {floor:.2f} s"
        )
        print(f"  time beside the pauses (fetch, parse, store): {work:.2f} s")
        print(
            f"  at the API's 3 s pause: ~{(requests - 1) * 3 + work:.1f} s (target <= 40 s); "
            f"one request per item would take >= {(items - 1) * 3:,} s"
        )


class _Host(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: str, latency: float) -> None:
        super().__init__((address, 0), _Handler)
        self.latency = latency
        self.lock = threading.Lock()
        self.open = 0
        self.peak = 0
        self.hits = 0


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    server: _Host

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        s = self.server
        with s.lock:
            s.open += 1
            s.hits += 1
            s.peak = max(s.peak, s.open)
        try:
            time.sleep(s.latency)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            with s.lock:
                s.open -= 1

    do_GET = do_HEAD


def bench_links(links: int, hosts: int, latency: float, workers: int) -> None:
    import readinglist
    from readinglist import ItemToImport, ListToImport
    from readinglist.enrich.settings import Endpoints
    from readinglist.net import Client

    servers = []
    for n in range(hosts):
        try:
            servers.append(_Host(f"127.0.{2 + n // 250}.{2 + n % 250}", latency))
        except OSError as exc:
            sys.exit(f"cannot bind 127.0.x.y loopback addresses here ({exc}); run on Linux")
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in servers
    ]
    for t in threads:
        t.start()
    try:
        urls = []
        for i in range(links):
            s = servers[i % hosts]
            host, port = s.server_address[:2]
            urls.append(f"http://{host}:{port}/page/{i}")
        with tempfile.TemporaryDirectory() as tmp, readinglist.open(Path(tmp) / "bench.db") as lib:
            lib.import_list(
                ListToImport(
                    name="links", items=tuple(ItemToImport(f"Link {i}", u) for i, u in enumerate(urls))
                )
            )
            with Client(per_host=2, pool_size=workers) as client:
                started = time.perf_counter()
                results = list(
                    lib.check_links("links", endpoints=Endpoints(), client=client, workers=workers)
                )
                elapsed = time.perf_counter() - started
        ok = sum(r.outcome == "ok" for r in results)
        peak = max(s.peak for s in servers)
        per_host = math.ceil(links / hosts)
        floor = max(math.ceil(per_host / 2) * latency, links * latency / workers)
        print(f"links: {links} links on {hosts} hosts, {latency * 1000:.0f} ms per answer, {workers} workers")
        print(
            f"  {ok} ok in {elapsed:.2f} s (target <= 30 s); floor {floor:.2f} s; {sum(s.hits for s in servers)} requests"
        )
        print(f"  most requests ever open to one host: {peak} (limit 2)")
        if peak > 2:
            sys.exit("FAILED: more than two requests were open to one host")
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()


def bench_progress(n: int) -> None:
    import statistics

    import readinglist
    from readinglist import ItemToImport, ListToImport
    from readinglist.enrich.effort import sums
    from readinglist.storage import metadata as mdb

    with tempfile.TemporaryDirectory() as tmp, readinglist.open(f"sqlite:///{tmp}/p.db") as lib:
        items = tuple(
            ItemToImport(f"Item {i}", f"https://example.org/{i}", (f"Topic {i % 250}",), 1 + i % 4) for i in range(n)
        )
        lib.import_list(ListToImport(name="big", items=items))
        ids = {e.item.url: e.item.id for e in lib.entries("big")}
        with lib._storage.transaction() as conn:
            mdb.save_metadata(
                conn,
                [
                    {"resource_id": ids[f"https://example.org/{i}"], "status": "enriched", "source": "arxiv",
                     "pages": 10, "effort_minutes": 40, "effort_source": "pages"}
                    for i in range(n) if i % 5 < 2
                ],
            )
        lib.mark([ids[f"https://example.org/{i}"] for i in range(0, n, 10)], "read")

        def timed(call, runs: int = 5) -> float:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
            return statistics.median(times)

        def in_python() -> None:
            entries = lib.entries("big")
            efforts = lib.effort([e.item.id for e in entries])
            sums((((e.section, e.tier), e.item.id, e.status.value in ("read", "skipped")) for e in entries), efforts)

        rows = lib.progress("big")
        left = sum(r.minutes_left for r in rows)
        counts = timed(lambda: lib.progress("big", effort=False))
        with_effort = timed(lambda: lib.progress("big"))
        python = timed(in_python, runs=1)
        print(f"progress: {n} entries in {len(rows)} groups, {left} min left (median of 5 runs)")
        print(f"  counts alone (peer)      {counts * 1000:8.1f} ms")
        print(f"  counts + effort sums     {with_effort * 1000:8.1f} ms  (+{(with_effort - counts) * 1000:.1f} ms)")
        print(f"  sums in Python, per item {python * 1000:8.1f} ms  (one run)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument(
        "--pause", type=float, default=0.3, help="arXiv pause in seconds (the API asks for 3)"
    )
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--progress-items", type=int, default=100_000)
    parser.add_argument("--only", choices=["arxiv", "links", "progress"])
    args = parser.parse_args(argv)
    if args.only in (None, "arxiv"):
        bench_arxiv(args.items, args.pause)
    if args.only in (None, "links"):
        bench_links(args.links, args.hosts, args.latency, args.workers)
    if args.only in (None, "progress"):
        bench_progress(args.progress_items)


if __name__ == "__main__":
    main()
