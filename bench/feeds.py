"""Benchmark: pulling many feeds with readinglist vs the ``reader`` library (lemon24/reader), side by side.

    python bench/feeds.py                       # 200 feeds x 50 entries, 8 workers, one run
    python bench/feeds.py --feeds 50 --repeat 3 # smaller, three runs (the median is printed too)
    python bench/feeds.py --latency 100 --workers 1   # every answer 100 ms late: a network, not loopback
    python bench/feeds.py --latency 100 --workers 8

With ``--latency`` the script also prints the network floor of a round (feeds x latency / workers: each worker's
requests wait on the server one after another) and each side's median as a multiple of it: a round "bound by the
network" sits near 1x.

This script prints figures; it is not a test. It serves N generated, realistic feeds (RSS 2.0 and Atom mixed,
30-100 KB each, titles/links/authors/dates and HTML summaries) from a threaded loopback server in this process
(``tests/feedserver.py``, Nagle disabled), then runs each library in its own subprocess, on a fresh SQLite file,
doing the same three rounds over the same feeds:

a. first pull: every feed fetched, parsed, every entry stored;
b. second pull: the server answers 304 to the conditional headers each library stored;
c. third pull: the server ignores conditional headers and re-sends identical bodies.

Each round prints its wall time and its CPU time (user + system, of the side's process and its finished parse
workers) with the load average at the end of the run: on a machine others share, wall times move with their
load, and the CPU times say how much work each side did.

``reader`` and this project are installed in the benchmark's own virtual environment (``bench/.venv``, or
``$BENCH_VENV``), created on first run with ``reader``, ``sgmllib3k`` (reader 3.26-3.27 beside feedparser 6.0.14
fails with "No module named sgmllib" without it) and ``pip install -e .`` of this checkout. Both sides use the
same worker count (reader's ``update_feeds(workers=N)``; readinglist's ``pull_feeds(workers=N)``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"first": 2.0, "not_modified": 2.0, "identical": 10.0}
ROUNDS = (("first", "first pull"), ("not_modified", "304 round"), ("identical", "identical bodies re-sent"))

# --- the benchmark's own environment -----------------------------------------------------------------------


def venv_dir() -> Path:
    return Path(os.environ.get("BENCH_VENV") or ROOT / "bench" / ".venv")


def venv_python() -> Path:
    return venv_dir() / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    """The benchmark venv's python, creating the venv (reader, sgmllib3k, this project) if it is missing."""
    python = venv_python()
    check = [str(python), "-c", "import reader, sgmllib, readinglist"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(
        f"creating the benchmark environment in {venv_dir()} (reader, sgmllib3k, readinglist)...", flush=True
    )
    venv.create(venv_dir(), with_pip=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "reader", "sgmllib3k", "-e", str(ROOT)], check=True)
    subprocess.run(check, check=True)
    return python


# --- realistic feeds ----------------------------------------------------------------------------------------

_VOCABULARY = (
    "model training data evaluation retrieval agents latency tokens inference transformer attention embedding "
    "benchmark prompt context window fine-tuning distillation quantization pipeline dataset labels metrics "
    "product users search ranking recommendation system design production monitoring drift cost GPU memory "
    "throughput batch streaming vector index cache serving deployment experiment ablation baseline results"
)
WORDS = _VOCABULARY.split()
TOPICS = ["LLM", "RAG", "Evals", "Agents", "Search", "RecSys", "MLOps", "Inference", "Data", "Prompting"]
AUTHORS = ["Eugene Yan", "Chip Huyen", "Lilian Weng", "Simon Willison", "Hamel Husain", "Jay Alammar"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def html_body(rng: random.Random, size: int) -> str:
    """HTML paragraphs with links, emphasis and code, about ``size`` characters long."""
    parts: list[str] = []
    total = 0
    while total < size:
        words = sentence(rng, rng.randint(12, 30))
        link = f'<a href="https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 9999)}">{rng.choice(WORDS)}</a>'
        para = (
            f"<p>{words} See {link} and <em>{rng.choice(WORDS)}</em>: <code>{rng.choice(WORDS)}()</code>.</p>"
        )
        parts.append(para)
        total += len(para)
    return "".join(parts)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_feed(n: int, entries: int, rng: random.Random) -> bytes:
    """Feed number ``n``: RSS 2.0 for even n, Atom for odd n; 30-100 KB."""
    target = rng.randint(30_000, 100_000)
    per_entry = max(200, target // entries - 450)
    host = f"blog{n}.example.com"
    atom = n % 2 == 1
    items = []
    for k in range(entries):
        title = f"{rng.choice(TOPICS)}: {sentence(rng, rng.randint(4, 9))[:-1]} (part {k + 1})"
        link = f"https://{host}/posts/{2025 - k // 20}/{k:03d}-{rng.choice(WORDS)}-{rng.choice(WORDS)}/"
        day = 1 + (entries - k) % 28
        month = 1 + (entries - k) // 28 % 12
        summary = html_body(rng, per_entry)
        author = rng.choice(AUTHORS)
        if atom:
            items.append(
                f"<entry><title>{xml_escape(title)}</title><link rel='alternate' href='{link}'/>"
                f"<id>tag:{host},2025:post-{k}</id><updated>2025-{month:02d}-{day:02d}T08:00:00Z</updated>"
                f"<author><name>{author}</name></author>"
                f"<summary type='html'>{xml_escape(summary)}</summary></entry>"
            )
        else:
            items.append(
                f"<item><title>{xml_escape(title)}</title><link>{link}</link>"
                f"<guid isPermaLink='true'>{link}</guid><dc:creator>{author}</dc:creator>"
                f"<pubDate>{day:02d} {'JanFebMarAprMayJunJulAugSepOctNovDec'[3 * month - 3 : 3 * month]} 2025 "
                f"08:00:00 +0000</pubDate><description>{xml_escape(summary)}</description></item>"
            )
    if atom:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Blog {n}</title><link href='https://{host}/'/><id>https://{host}/</id>"
            f"<updated>2025-12-01T08:00:00Z</updated>{''.join(items)}</feed>"
        ).encode()
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Blog {n}</title><link>https://{host}/</link><description>Notes on ML</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


# --- the server (this process) ------------------------------------------------------------------------------


def serve(feeds: int, entries: int, seed: int, latency: float = 0.0) -> tuple[Any, list[str], int]:
    """Start the loopback server with the generated feeds; return it, the feed URLs and the total bytes."""
    sys.path.insert(0, str(ROOT / "tests"))
    from feedserver import FeedServer, Route, http_date

    server = FeedServer().__enter__()
    rng = random.Random(seed)
    urls, total = [], 0
    for n in range(feeds):
        body = make_feed(n, entries, rng)
        total += len(body)
        kind = "atom" if n % 2 else "rss"
        content_type = "application/atom+xml" if n % 2 else "application/rss+xml"
        urls.append(
            server.add(
                f"/feeds/{n}.{kind}.xml",
                Route(
                    body=body,
                    content_type=f"{content_type}; charset=utf-8",
                    etag=f'"{n}-v1"',
                    last_modified=http_date(1_764_576_000 + n),
                    delay=latency,
                ),
            )
        )
    paths = [u.split(str(server.port), 1)[1] for u in urls]

    def control(handler: Any) -> None:
        """GET /_control/conditional/on|off: whether the feeds honour If-None-Match / If-Modified-Since."""
        honour = handler.path.endswith("/on")
        for path in paths:
            server.route(path).conditional = honour
        handler._send_simple(200, b"ok")

    for state in ("on", "off"):
        server.add(f"/_control/conditional/{state}", Route(handler=control))
    return server, urls, total


# --- one side (runs in the benchmark venv) ------------------------------------------------------------------


def set_conditional(base: str, on: bool) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{base}/_control/conditional/{'on' if on else 'off'}", timeout=10) as r:
        r.read()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (parse workers), user + system."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_readinglist(urls: list[str], workers: int, db: Path, base: str) -> dict[str, Any]:
    import multiprocessing

    import readinglist

    times: dict[str, Any] = {}
    with readinglist.open(db) as lib:
        for url in urls:
            lib.add_feed(url, list="bench")
        for name in ("first", "not_modified", "identical"):
            set_conditional(base, name != "identical")
            start, cpu = time.perf_counter(), cpu_seconds()
            results = list(lib.pull_feeds(workers=workers))
            times[name] = time.perf_counter() - start
            time.sleep(0.2)  # the pull's parse workers exit as it ends: count them in
            multiprocessing.active_children()
            times[f"{name}_cpu"] = cpu_seconds() - cpu
            errors = [r.error for r in results if r.status == "error"]
            if errors:
                raise SystemExit(f"readinglist: {len(errors)} feeds failed, e.g. {errors[0]}")
        times["entries"] = len(lib.entries("bench"))
    set_conditional(base, True)
    return times


def run_reader(urls: list[str], workers: int, db: Path, base: str) -> dict[str, Any]:
    from reader import make_reader

    times: dict[str, Any] = {}
    reader = make_reader(str(db))
    try:
        for url in urls:
            reader.add_feed(url)
        for name in ("first", "not_modified", "identical"):
            set_conditional(base, name != "identical")
            start, cpu = time.perf_counter(), cpu_seconds()
            # scheduled=False: update every feed now (by default reader waits an hour between updates)
            reader.update_feeds(workers=workers, scheduled=False)
            times[name] = time.perf_counter() - start
            times[f"{name}_cpu"] = cpu_seconds() - cpu
            broken = [f.last_exception for f in reader.get_feeds() if f.last_exception]
            if broken:
                raise SystemExit(f"reader: {len(broken)} feeds failed, e.g. {broken[0]}")
        times["entries"] = reader.get_entry_counts().total
    finally:
        reader.close()
    set_conditional(base, True)
    return times


def side_main(args: argparse.Namespace) -> None:
    urls = Path(args.urls_file).read_text().split()
    base = urls[0].split("/feeds/", 1)[0]
    with tempfile.TemporaryDirectory(prefix=f"bench-{args.side}-") as tmp:
        db = Path(tmp) / f"{args.side}.sqlite"
        run = run_readinglist if args.side == "readinglist" else run_reader
        print(json.dumps(run(urls, args.workers, db, base)))


# --- the driver ---------------------------------------------------------------------------------------------


def run_side(python: Path, side: str, urls_file: Path, workers: int) -> dict[str, Any]:
    cmd = [str(python), str(Path(__file__).resolve()), "--side", side, "--urls-file", str(urls_file)]
    cmd += ["--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200, help="number of feeds (default 200)")
    parser.add_argument("--entries", type=int, default=50, help="entries per feed (default 50)")
    parser.add_argument("--workers", type=int, default=8, help="fetching threads, both sides (default 8)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side (default 1)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--latency", type=float, default=0, metavar="MS", help="server delay before every answer (e.g. 100)"
    )
    parser.add_argument("--only", choices=["readinglist", "reader"], help="run one side only")
    parser.add_argument("--side", choices=["readinglist", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--urls-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:
        side_main(args)
        return

    python = ensure_venv()
    server, urls, total = serve(args.feeds, args.entries, args.seed, args.latency / 1000)
    sides = [args.only] if args.only else ["readinglist", "reader"]
    print(
        f"{args.feeds} feeds x {args.entries} entries ({total / 1e6:.1f} MB, {total / args.feeds / 1e3:.0f} KB "
        f"per feed), {args.workers} workers, {args.latency:g} ms server latency, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}",
        flush=True,
    )
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "urls.txt"
            urls_file.write_text("\n".join(urls))
            for n in range(args.repeat):
                for side in sides:
                    result = run_side(python, side, urls_file, args.workers)
                    runs[side].append(result)
                    figures = "  ".join(
                        f"{label} {result[key]:6.2f} s (cpu {result[key + '_cpu']:5.2f})"
                        for key, label in ROUNDS
                    )
                    print(
                        f"run {n + 1} {side:11} {figures}  ({result['entries']} entries; load "
                        f"{os.getloadavg()[0]:.1f})",
                        flush=True,
                    )
    finally:
        server.close()
    if args.latency:
        # every request waits `latency` on the server; `workers` connections wait side by side
        floor = -(-args.feeds // args.workers) * args.latency / 1000
        print(
            f"\nnetwork floor per round ({args.feeds} feeds x {args.latency:g} ms / {args.workers} workers): {floor:.2f} s"
        )
        for side in sides:
            figures = "  ".join(
                f"{label} {statistics.median(r[key] for r in runs[side]) / floor:4.2f}x"
                for key, label in ROUNDS
            )
            print(f"{side:11} median / floor: {figures}")
    if len(sides) < 2:
        return
    print(f"\n{args.repeat} run(s) each; median (best)    readinglist            reader   speed-up  target")
    for key, label in ROUNDS:
        ours = [r[key] for r in runs["readinglist"]]
        theirs = [r[key] for r in runs["reader"]]
        median = statistics.median(theirs) / statistics.median(ours)
        best = min(theirs) / min(ours)
        verdict = "ok" if median >= TARGETS[key] else "MISSED"
        print(
            f"{label:26} {statistics.median(ours):7.2f} s ({min(ours):5.2f}) {statistics.median(theirs):7.2f} s "
            f"({min(theirs):5.2f}) {median:5.1f}x ({best:.1f}x)  >= {TARGETS[key]:g}x {verdict}"
        )
    # wall time on a shared machine depends on what else runs; CPU time is the work each side did
    print("\nCPU seconds per round (the process and its parse workers), medians   readinglist  reader  ratio")
    for key, label in ROUNDS:
        ours = statistics.median(r[key + "_cpu"] for r in runs["readinglist"])
        theirs = statistics.median(r[key + "_cpu"] for r in runs["reader"])
        print(f"{label:26} {ours:7.2f} s {theirs:14.2f} s {theirs / ours if ours else 0:7.1f}x")


if __name__ == "__main__":
    main()
