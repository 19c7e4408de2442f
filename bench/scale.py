"""Scale benchmark: readinglist's answers at a million entries, each printed beside a floor measured in this run.

    python bench/scale.py                 # full run: builds a 1M-entry database (a few minutes), then measures
    python bench/scale.py --lists 2       # smaller: 2 lists x 100k
    python bench/scale.py --keep DIR      # keep (and reuse) the built databases in DIR
    python bench/scale.py --only-imports  # only the import rows (1k/10k/100k), no 1M build
    python bench/scale.py --only-imports --cap   # ... and a generated list just under the 20 MB size cap

How the 1M-entry database is built, through the public API only: list 0 is a generated Elicit-shaped Markdown
list of 100k items (topics of 40 items in Tier 1, 2, 3 and a collapsed Tier 4+) imported with
``lib.import_list(path)``; lists 1..N-1 are the same shape given as ``ListToImport`` objects (no Markdown parse:
the parse is measured on its own below), each with its own URLs. Then 1 % of the items are marked read in one
``lib.mark`` call.

Floors are the same questions asked in plain SQL through ``sqlite3`` on the same file (``next``: tier-first,
LIMIT 5; ``progress``: GROUP BY list, section, tier), an ``sqlite3`` upsert plus event insert for ``mark``, the
hash of the bytes for an unchanged ``sync``, markdown-it's parse plus a Core ``executemany`` insert for an import
(the issue's floor, kept although the importer now parses with pulldown-cmark through pyromark),
and ``import click`` (plus ``import sqlalchemy``) for start-up. Times are medians of repeated runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_TOPIC = 10  # items per tier of a topic


def markdown_list(n: int, seed: int) -> str:
    """An Elicit-shaped Markdown list of ``n`` items: areas of ten topics, Tier 1-3 and a collapsed Tier 4+."""
    out = [f"# Generated reading list {seed}", ""]
    i = t = 0
    while i < n:
        if t % 10 == 0:
            out += [f"## Area {seed}-{t // 10}", ""]
        out += [f"### Topic {seed}-{t}", ""]
        for tier in ("1", "2", "3", "4+"):
            out += ["<details><summary><b>Tier 4+</b></summary>", ""] if tier == "4+" else [f"**Tier {tier}**", ""]
            for _ in range(PER_TOPIC):
                if i < n:
                    out.append(f"- [Paper {seed}-{i} on attention in topic {t}](https://example.org/{seed}/p/{i})")
                    i += 1
            out.append("")
            if tier == "4+":
                out += ["</details>", ""]
        t += 1
    return "\n".join(out) + "\n"


def list_to_import(n: int, seed: int):  # -> ListToImport
    from readinglist import ItemToImport, ListToImport

    items = []
    for i in range(n):
        t, k = divmod(i, 4 * PER_TOPIC)
        tier = k // PER_TOPIC + 1
        items.append(
            ItemToImport(
                title=f"Paper {seed}-{i} on attention in topic {t}",
                url=f"https://example.org/{seed}/p/{i}",
                section=(f"Area {seed}-{t // 10}", f"Topic {seed}-{t}"),
                tier=tier,
                tier_label="Tier 4+" if tier == 4 else None,
            )
        )
    return ListToImport(items=tuple(items), name=f"l{seed}", format="test")


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_cli(args: list[str], db: str | None = None, repeat: int = 5) -> float:
    exe = str(Path(sys.executable).with_name("readinglist"))
    env = dict(os.environ)
    if db:
        env["READINGLIST_DB"] = db
    return median_time(lambda: subprocess.run([exe, *args], env=env, capture_output=True, check=True), repeat)


def run_py(code: str, repeat: int = 5) -> float:
    return median_time(lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, check=True), repeat)


def row(what: str, ours: float, floor: float, floor_what: str, goal: str, unit: str = "s") -> None:
    scale = 1000 if unit == "ms" else 1
    print(
        f"| {what} | {ours * scale:.2f} {unit} | {floor * scale:.2f} {unit} ({floor_what}) | "
        f"{ours / floor if floor else float('inf'):.2f}x | {goal} |",
        flush=True,
    )


# --- building -------------------------------------------------------------------------------------------------


def build(path: Path, lists: int, size: int) -> None:
    import readinglist

    md = path.with_suffix(".md")
    md.write_text(markdown_list(size, 0))
    lib = readinglist.open(path)
    t0 = time.perf_counter()
    lib.import_list(str(md), name="l0")
    for seed in range(1, lists):
        lib.import_list(list_to_import(size, seed), name=f"l{seed}")
    chosen = list(range(8, lists * size + 1, 100))  # resource ids of a fresh database: 1 % of the items
    lib.mark(chosen, "read")
    lib.close()
    print(f"built {path.name}: {lists} lists x {size} entries, {len(chosen)} read, {time.perf_counter() - t0:.0f} s")


# --- the rows -------------------------------------------------------------------------------------------------


def sql_next(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute(
        """SELECT e.id, e.title, r.url FROM entries e JOIN resources r ON r.id = e.resource_id
           WHERE e.retired = 0 AND e.tier IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM progress p WHERE p.profile_id = 1 AND p.resource_id = e.resource_id
             AND p.status IN ('read', 'skipped', 'reading'))
           ORDER BY e.tier, e.list_id, e.position LIMIT 5"""
    ).fetchall()
    con.close()


def sql_progress(db: Path, list_id: int | None = None) -> None:
    con = sqlite3.connect(db)
    where = "" if list_id is None else f"AND e.list_id = {list_id}"
    con.execute(
        f"""SELECT e.list_id, e.section_id, e.tier, count(*),
                   sum(p.status = 'read'), sum(p.status = 'skipped'), sum(p.status = 'reading')
            FROM entries e LEFT JOIN progress p ON p.resource_id = e.resource_id AND p.profile_id = 1
            WHERE e.retired = 0 {where} GROUP BY e.list_id, e.section_id, e.tier"""
    ).fetchall()
    con.close()


def big_rows(db: Path, repeat: int) -> None:
    import readinglist

    lib = readinglist.open(db)
    lib.next()  # warm: connection, schema check
    q = median_time(lambda: lib.next(), repeat)
    row("`lib.next()` query at 1M (tier-first, 5)", q, median_time(lambda: sql_next(db), repeat), "plain SQL", "<= 50 ms", "ms")
    q = median_time(lambda: lib.next(strategy="topic-first"), repeat)
    row("`lib.next(strategy='topic-first')` at 1M", q, median_time(lambda: sql_next(db), repeat), "plain SQL tier-first", "-", "ms")
    cli = run_cli(["next"], str(db), repeat)
    start = run_cli(["next"], str(db.with_name("tiny.db")), repeat)
    row("`readinglist next` at 1M, whole command", cli, start, "same command on the Elicit list", "<= 1.2x")
    p = median_time(lambda: lib.progress(), repeat)
    row("`lib.progress()` at 1M", p, median_time(lambda: sql_progress(db), repeat), "GROUP BY", "<= 1 s")
    p = median_time(lambda: lib.progress("l0"), repeat)
    row("`lib.progress('l0')`, one list of 100k", p, median_time(lambda: sql_progress(db, 1), repeat), "GROUP BY", "<= 100 ms", "ms")
    cli = run_cli(["progress"], str(db), max(1, repeat // 2))
    row("`readinglist progress` at 1M, whole command", cli, start, "`next` on the Elicit list", "-")
    lib.close()


def mark_rows(tmp: Path, repeat: int) -> None:
    import readinglist

    for label, make in (("the Elicit list", lambda lib: lib.import_list("elicit")),
                        ("a 10k list", lambda lib: lib.import_list(list_to_import(10_000, 77), name="l10k"))):
        path = tmp / f"mark-{label.split()[-2]}.db"
        lib = readinglist.open(path)
        make(lib)
        ids = [e.item.id for e in lib.entries()][:: 7][:repeat * 2]
        statuses = iter(["read", "unread"] * (repeat * 2))
        lib.mark(ids[0], "reading")
        times = []
        for rid in ids:
            start = time.perf_counter()
            lib.mark(rid, next(statuses))
            times.append(time.perf_counter() - start)
        lib.close()
        con = sqlite3.connect(path)

        def floor(con: sqlite3.Connection = con, rid: int = ids[1]) -> None:
            with con:
                con.execute(
                    "INSERT INTO progress (profile_id, resource_id, status, updated_at) VALUES (1, ?, 'read', "
                    "'2026-01-01') ON CONFLICT (profile_id, resource_id) DO UPDATE SET status = 'read'",
                    (rid,),
                )
                con.execute(
                    "INSERT INTO events (profile_id, resource_id, batch, at, new_status) "
                    "VALUES (1, ?, 999999, '2026-01-01', 'read')",
                    (rid,),
                )

        row(f"one `lib.mark` on {label}", statistics.median(times), median_time(floor, repeat), "sqlite3 upsert + event", "<= 2 ms", "ms")
        con.close()


IMPORT_CHILD = """
import json, sys, time
import readinglist
import pyromark, readinglist.importers.markdown, readinglist.importing, readinglist.sync  # code loaded, as in the floor
lib = readinglist.open(sys.argv[2])  # the schema is made before the clock starts: the floor's table is too
start = time.perf_counter()
cpu0 = time.process_time()
lib.import_list(sys.argv[1], name="big")
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu0
peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(json.dumps({"s": elapsed, "cpu": cpu, "mb": int(peak[0]) / 1024}))  # VmHWM: this process's own peak
"""

FLOOR_CHILD = """
import json, sys, time, datetime as dt
from markdown_it import MarkdownIt
import sqlalchemy as sa
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
cpu0 = time.process_time()
tokens = MarkdownIt("commonmark").enable("table").parse(text)
parse = time.perf_counter() - start
cpu = time.process_time() - cpu0
del tokens
rows = [{"title": f"Paper {i}", "url": f"https://example.org/p/{i}", "position": i, "at": dt.datetime.now()}
        for i in range(int(sys.argv[2]))]
engine = sa.create_engine("sqlite:///" + sys.argv[3])
md = sa.MetaData()
t = sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("title", sa.Text),
             sa.Column("url", sa.Text), sa.Column("position", sa.Integer), sa.Column("at", sa.DateTime))
md.create_all(engine)
start = time.perf_counter()
cpu0 = time.process_time()
with engine.begin() as conn:
    conn.execute(sa.insert(t), rows)
insert = time.perf_counter() - start
cpu += time.process_time() - cpu0
print(json.dumps({"parse": parse, "insert": insert, "cpu": cpu}))
"""


def import_rows(tmp: Path, sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> None:
    """Each import and its floor run in their own process (peak memory is the process's own). On a shared
    machine wall time follows the load: the CPU time of both sides is printed too, and their ratio."""
    for n in sizes:
        md = tmp / f"import-{n}.md"
        md.write_text(markdown_list(n, 5))
        db = tmp / f"import-{n}.db"
        db.unlink(missing_ok=True)
        out = json.loads(subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(md), str(db)], capture_output=True, check=True, text=True).stdout)
        scratch = tmp / f"floor-{n}.db"
        scratch.unlink(missing_ok=True)
        fl = json.loads(subprocess.run([sys.executable, "-c", FLOOR_CHILD, str(md), str(n), str(scratch)], capture_output=True, check=True, text=True).stdout)
        floor = fl["parse"] + fl["insert"]
        size = f"{md.stat().st_size / 2**20:.1f} MB" if n > 100_000 else f"{n:,} Markdown items"
        row(f"import of {size} (peak {out['mb']:.0f} MB; CPU {out['cpu']:.2f} s vs {fl['cpu']:.2f} s = "
            f"{out['cpu'] / fl['cpu']:.2f}x)", out["s"], floor,
            f"markdown-it parse {fl['parse']:.2f} s + Core insert {fl['insert']:.2f} s", "<= 1.5x, linear, <= 300 MB")


def cap_size() -> int:
    """Items of a generated list just under the import size cap (issue 14: anything under the cap must import)."""
    from readinglist.importers._text import MAX_BYTES

    n = int(MAX_BYTES / (len(markdown_list(100_000, 5).encode()) / 100_000))
    while len(markdown_list(n, 5).encode()) > MAX_BYTES:
        n = int(n * 0.99)
    return n


def sync_row(tmp: Path, repeat: int) -> None:
    import readinglist

    md = tmp / "sync-10k.md"
    md.write_text(markdown_list(10_000, 9))
    db = tmp / "sync.db"
    db.unlink(missing_ok=True)
    lib = readinglist.open(db)
    lib.import_list(str(md), name="s")
    t = median_time(lambda: lib.sync("s"), repeat)
    data_hash = median_time(lambda: hashlib.sha256(md.read_bytes()).hexdigest(), repeat)
    row("`lib.sync` of an unchanged 10k list", t, data_hash, "read + hash of the bytes", "<= 0.2 s", "ms")
    lib.close()


def paired(ours: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor`` run in turns, so a busy moment of the machine weighs on both alike."""
    a, b = [], []
    for _ in range(repeat):
        for fn, out in ((ours, a), (floor, b)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def startup_rows(tiny: Path, repeat: int) -> None:
    """Start-up beside ``import click`` (and SQLAlchemy), each with its bytecode compiled as an install leaves it.

    pip compiles a wheel's modules when it installs them; an editable checkout (or PYTHONDONTWRITEBYTECODE) would
    otherwise compile our sources on every run while click's come compiled, which measures the compiler, not us.
    """
    import compileall

    import readinglist

    compileall.compile_dir(str(Path(readinglist.__file__).parent), quiet=1)
    exe = str(Path(sys.executable).with_name("readinglist"))
    env = dict(os.environ, READINGLIST_DB=str(tiny))

    def cli(*args: str) -> Callable[[], object]:
        return lambda: subprocess.run([exe, *args], env=env, capture_output=True, check=True)

    def py(code: str) -> Callable[[], object]:
        return lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)

    ours, floor = paired(cli("--help"), py("import click"), repeat * 2)
    row("`readinglist --help`", ours, floor, "`python -c 'import click'`", "<= 1.3x")
    ours, floor = paired(cli("next"), py("import click, sqlalchemy"), repeat * 2)
    row("`readinglist next` on the Elicit list", ours, floor, "`import click, sqlalchemy`", "<= 1.2x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lists", type=int, default=10, help="lists of --size entries (default 10)")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the databases in this folder (reused when present)")
    parser.add_argument("--skip-imports", action="store_true", help="skip the 1k/10k/100k import rows")
    parser.add_argument("--only-imports", action="store_true", help="only the 1k/10k/100k import rows (no 1M build)")
    parser.add_argument("--cap", action="store_true", help="also import a generated list just under the size cap")
    args = parser.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="readinglist-scale-"))
    tmp.mkdir(parents=True, exist_ok=True)
    if args.only_imports:
        print(f"\nmachine: {os.cpu_count()} cores; python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d')}\n")
        print("| work | readinglist | floor measured beside it | ratio | goal |")
        print("|---|---|---|---|---|")
        import_rows(tmp, (1_000, 10_000, 100_000, *((cap_size(),) if args.cap else ())))
        return
    import readinglist

    tiny = tmp / "tiny.db"
    if not tiny.exists():
        with readinglist.open(tiny) as lib:
            lib.import_list("elicit")
    big = tmp / f"big-{args.lists}x{args.size}.db"
    if not big.exists():
        build(big, args.lists, args.size)
    print(f"\nmachine: {os.cpu_count()} cores; python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d')}\n")
    print("| work | readinglist | floor measured beside it | ratio | goal |")
    print("|---|---|---|---|---|")
    startup_rows(tiny, args.repeat)
    big_rows(big, args.repeat)
    mark_rows(tmp, args.repeat * 3)
    sync_row(tmp, args.repeat)
    if not args.skip_imports:
        import_rows(tmp, (1_000, 10_000, 100_000, *((cap_size(),) if args.cap else ())))
    if args.keep is None:
        print(f"\n(databases in {tmp}; pass --keep DIR to reuse them)")


if __name__ == "__main__":
    main()
