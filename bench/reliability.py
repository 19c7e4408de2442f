"""Reliability figures at full size: concurrent writers, kill -9 trials, fuzzing, adversarial sniffing.

    python bench/reliability.py                           # 4 x 500 marks, 100 kill trials, 10k fuzz examples
    python bench/reliability.py --kill-trials 10 --fuzz 500 --marks 100   # a quick look
    python bench/reliability.py --only marks              # one part (sniffers, parsers, dense, others, marks, kill, fuzz)

This script prints figures; it is not a test. The same checks run CI-sized in ``tests/reliability``; here they run
with the issue's counts, and each figure is printed beside its goal:

- concurrent SQLite writers: 4 processes x N single-item marks on one file (goal: every mark stored, 0 failures);
- kill -9 at seeded random points of import, sync and mark loops (``tests/reliability/test_kill.py`` with
  ``READINGLIST_KILL_TRIALS``): trials run and trials that left a damaged or mixed database or a live process;
- hypothesis over the public API with hostile strings and numbers (``READINGLIST_FUZZ_EXAMPLES``): examples per
  engine and anything but a ReadingListError;
- every format sniffer on 1 MB adversarial inputs: CPU seconds per MB (goal: at most 1).
- the Markdown and document importers' parse on 1 MB of hostile Markdown each: the tree alone, and the whole parse
  beside a plain link list of the same size;
- both on 1 MB of valid Markdown made of the smallest blocks (one-character bullets, one-word paragraphs): about one
  tree node per byte, the cost per node of the walk in Python.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def concurrent_marks(marks: int, processes: int = 4) -> None:
    import pg
    from reliability.helpers import acknowledged, failures, make_lists, run_workers

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/rl.db"
        lists = make_lists(url, processes, marks)
        specs = [{"db": url, "calls": [[[rid], "read"] for rid in ids]} for ids in lists.values()]
        start = time.perf_counter()
        outputs = run_workers(specs, timeout=3600)
        elapsed = time.perf_counter() - start
        acked = sum(len(acknowledged(lines)) for lines in outputs)
        stored = pg.query(url, "SELECT count(*) FROM progress")[0][0]
    total = processes * marks
    print(
        f"concurrent SQLite writers: {processes} processes x {marks} marks: {acked} acknowledged, {stored} stored, "
        f"{len(failures(outputs))} failures in {elapsed:.1f} s (goal: {total} stored, 0 failures)"
    )


def _pytest(path: str, env: dict[str, str], *extra: str) -> tuple[int, int, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", path, "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *extra],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", summary)) else 0
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", summary)) else 0
    if failed:
        print(done.stdout[-3000:])
    return passed, failed, elapsed


def kill_trials(trials: int) -> None:
    passed, failed, elapsed = _pytest(
        "tests/reliability/test_kill.py", {"READINGLIST_KILL_TRIALS": str(trials)}
    )
    print(
        f"kill -9 trials (import, sync, mark loop; {trials} each): {passed} clean, {failed} damaged/mixed/leftover "
        f"in {elapsed:.0f} s (goal: 0)"
    )


def fuzz(examples: int) -> None:
    passed, failed, elapsed = _pytest(
        "tests/reliability/test_hostile_input.py",
        {"READINGLIST_FUZZ_EXAMPLES": str(examples)},
        "-k",
        "public_api_raises_only",
    )
    print(
        f"public API fuzzing: {examples} hypothesis examples x {passed + failed} engines: {failed} engines saw an "
        f"error that is not a ReadingListError, in {elapsed:.0f} s (goal: 0)"
    )
    passed, failed, elapsed = _pytest(
        "tests/reliability/test_adversarial_input.py",
        {"READINGLIST_FUZZ_EXAMPLES": str(examples)},
        "-k",
        "every_importer_raises_only",
    )
    print(
        f"importer fuzzing: {examples} hypothesis examples over every format: "
        f"{'no' if not failed else 'an'} error that is not a ReadingListError, in {elapsed:.0f} s (goal: none)"
    )


def sniffers() -> None:
    from reliability.test_adversarial_input import PAYLOADS, _payload

    from readinglist import importers

    worst = (0.0, "", "")
    for name in PAYLOADS:
        text = _payload(name)
        megabytes = len(text.encode()) / 1e6
        for fmt in importers.available_formats():
            module = importers._module(fmt)
            start = time.process_time()
            module.sniff(text)
            rate = (time.process_time() - start) / megabytes
            worst = max(worst, (rate, fmt, name))
    print(
        f"sniffers on {len(PAYLOADS)} adversarial 1 MB inputs: worst {worst[0]:.2f} CPU s/MB "
        f"({worst[1]} on {worst[2]}) (goal: at most 1)"
    )


def parsers() -> None:
    """The Markdown and document importers on the 1 MB hostile Markdown of tests/reliability/test_markdown_bounds.py:
    pulldown-cmark's tree alone, and the whole parse (tree and walker), beside a plain link list of the same size."""
    import gc

    from reliability.test_markdown_bounds import ATTACKS, _baseline, _cpu

    from readinglist import importers
    from readinglist.importers.markdown.events import build

    texts = {name: make() for name, make in ATTACKS.items()}
    gc.disable()  # as parse() builds it
    trees = max((_cpu(build, text) / (len(text.encode()) / 1e6), name) for name, text in texts.items())
    gc.enable()
    print(
        f"Markdown tree (pulldown-cmark) on {len(texts)} adversarial 1 MB inputs: worst {trees[0]:.2f} CPU s/MB "
        f"({trees[1]}) (goal: at most 1)"
    )
    from readinglist.importers.markdown import chunks

    refused = sum(chunks.too_dense(text) is not None for text in texts.values())
    density, chunks.MAX_DENSITY = chunks.MAX_DENSITY, float("inf")  # the parser itself, not its refusals
    try:
        for fmt in ("markdown", "document"):
            plain = _baseline(fmt)
            worst = max(
                (_cpu(importers.parse, text.encode(), format=fmt) / (len(text.encode()) / 1e6), name)
                for name, text in texts.items()
            )
            print(
                f"{fmt} import parse (tree and walker) on the same inputs: worst {worst[0]:.2f} CPU s/MB "
                f"({worst[1]}); a plain 1 MB link list takes {plain:.2f} s: every input linear, at most "
                f"{worst[0] / plain:.1f}x it" + (" (with the density limit lifted)" if fmt == "markdown" else "")
            )
    finally:
        chunks.MAX_DENSITY = density
    print(f"of these inputs, {refused} of {len(texts)} are refused at once by the Markdown reader as too dense")




def dense_markdown() -> None:
    """The Markdown and document importers on 1 MB of the smallest blocks (``DENSE`` of the bounds test), and the
    reStructuredText importer on its own spelling of two of them: the cost per node of a tree built and walked in
    Python, beside a plain link list."""
    from reliability.test_markdown_bounds import DENSE, SIZE, _baseline, _cpu
    from reliability.test_markdown_density import REFUSED, diluted

    from readinglist import importers
    from readinglist.importers.markdown import chunks

    for fmt in ("markdown", "document"):
        rates = []
        for name, make in DENSE.items():
            text = make(SIZE).encode()
            rates.append((_cpu(importers.parse, text, format=fmt) / (len(text) / 1e6), name))
        shown = ", ".join(f"{name} {rate:.2f}" for rate, name in rates)
        refused = " (refused as too dense but the autolinks)" if fmt == "markdown" else ""
        print(f"{fmt} import on 1 MB of the smallest blocks{refused}: {shown} CPU s/MB (plain list {_baseline(fmt):.2f})")
    rates = []
    for name in REFUSED:
        text = diluted(name, SIZE, chunks.MAX_DENSITY).encode()
        rates.append((min(_cpu(importers.parse, text, format="markdown") for _ in range(2)) / (len(text) / 1e6), name))
    shown = ", ".join(f"{name} {rate:.2f}" for rate, name in rates)
    print(
        f"markdown import on 1 MB of the same blocks diluted to just under the {chunks.MAX_DENSITY} blocks a character "
        f"refused above it (short paragraphs between 8 KB runs): {shown} CPU s/MB (worst {max(rates)[0]:.2f})"
    )
    others = {  # the smallest blocks of Org and YAML: headings, bullets, records without a title or link
        "org": {"one-line headings": "* x\n", "one-character bullets": "- x\n"},
        "yaml": {"flow mappings": "- {t: x}\n", "one-character items": "- x\n"},
    }
    for fmt, shapes in others.items():
        rates = []
        for name, unit in shapes.items():
            text = (unit * (SIZE // len(unit))).encode()
            rates.append((min(_cpu(importers.parse, text, format=fmt) for _ in range(2)) / (len(text) / 1e6), name))
        shown = ", ".join(f"{name} {rate:.2f}" for rate, name in rates)
        print(f"{fmt} import on 1 MB of the smallest blocks: {shown} CPU s/MB")
    rst = {  # the same blocks in reStructuredText (its lists nest only after a blank line)
        "one-character bullets": "- x\n",
        "one-word paragraphs": "x\n\n",
        "emphasised bullets": "- *x*\n",
    }
    from readinglist.importers.rst import MIN_LINE_CHARS

    head = "Papers\n======\n\n"
    plain = head + "".join(f"- `Paper {i} <https://example.org/p/{i}>`_\n" for i in range(SIZE // 45))
    filler = " ".join(["filler"] * 20) + "\n\n"
    refused, diluted_rates = [], []
    for name, unit in rst.items():
        text = head + unit * (SIZE // len(unit))
        refused.append((_cpu(importers.parse, text.encode(), format="rst") / (len(text) / 1e6), name))
        # one run of the blocks, then filler paragraphs up to just over the limit's characters a line
        run = unit * (SIZE // 3 // len(unit))
        runs = 0
        while (len(run) + runs * len(filler)) < 1.03 * MIN_LINE_CHARS * (run.count("\n") + runs * filler.count("\n")):
            runs += 1
        text = head + run + "\n" + filler * runs
        rate = min(_cpu(importers.parse, text.encode(), format="rst") for _ in range(2)) / (len(text) / 1e6)
        diluted_rates.append((rate, name))
    base = _cpu(importers.parse, plain.encode(), format="rst") / (len(plain) / 1e6)
    shown = ", ".join(f"{name} {rate:.2f}" for rate, name in refused)
    print(f"rst import on 1 MB of the smallest blocks (refused as too dense): {shown} CPU s/MB (plain list {base:.2f})")
    shown = ", ".join(f"{name} {rate:.2f}" for rate, name in diluted_rates)
    print(f"rst import on the same blocks diluted to just over {MIN_LINE_CHARS} characters a line: {shown} CPU s/MB")


def other_parsers() -> None:
    """The HTML, BibTeX, reStructuredText, Org, JSON, YAML and RIS importers on the hostile inputs of
    tests/reliability/test_adversarial_input.py (50 KB each), beside a plain list of the same size: CPU s/MB."""
    from reliability import test_adversarial_input as adv

    from readinglist import importers

    def rate(text: str, fmt: str) -> float:
        return adv._cpu(importers.parse, text.encode(), format=fmt) / (len(text.encode()) / 1e6)

    size = adv.PARSE_SIZE
    rows = "".join(f'<li><a href="https://example.org/p/{i}">Paper {i}</a> notes</li>' for i in range(size // 60))
    entry = "@article{{k{0},\n  title = {{Paper {0} on attention}},\n  url = {{https://example.org/p/{0}}}\n}}\n"
    plain = {
        "html": f"<html><body><h2>Papers</h2><ul>{rows}</ul></body></html>",
        "bibtex": "".join(entry.format(i) for i in range(size // 90)),
        "rst": "Papers\n======\n\n" + "".join(f"- `Paper {i} <https://example.org/p/{i}>`_\n" for i in range(size // 45)),
        "org": "".join(f"- [[https://example.org/p/{i}][Paper {i}]]\n" for i in range(size // 40)),
        "json": json.dumps([{"title": f"Paper {i}", "url": f"https://example.org/p/{i}"} for i in range(size // 55)]),
        "yaml": "".join(f"- title: Paper {i}\n  url: https://example.org/p/{i}\n" for i in range(size // 50)),
        "ris": "".join(f"TY  - JOUR\nTI  - Paper {i}\nUR  - https://example.org/p/{i}\nER  - \n" for i in range(size // 55)),
    }
    attacks = {
        "html": {name: adv._html_attack(name) for name in adv._HTML_ATTACKS},
        "bibtex": {name: adv._bibtex_attack(name) for name in adv._BIBTEX_ATTACKS},
        "rst": {name: adv._rst_attack(name) for name in adv._RST_ATTACKS},
        "org": adv._ORG_ATTACKS,
        "json": adv._JSON_ATTACKS,
        "yaml": adv._YAML_ATTACKS,
        "ris": adv._RIS_ATTACKS,
    }
    floors = {"bibtex": _bibtexparser_alone, "rst": _docutils_alone}
    for fmt, texts in attacks.items():
        base = min(rate(plain[fmt], fmt) for _ in range(2))
        worst = max((rate(text, fmt), name) for name, text in texts.items())
        floor = ""
        if fmt in floors:
            alone = min(adv._cpu(floors[fmt], plain[fmt]) for _ in range(2)) / (len(plain[fmt].encode()) / 1e6)
            floor = f" ({_FLOOR_NAMES[fmt]}: {alone:.2f})"
        print(
            f"{fmt} import on {len(texts)} adversarial inputs: worst {worst[0]:.2f} CPU s/MB ({worst[1]}); "
            f"a plain list of the same size {base:.2f} s/MB{floor} (goal: at most 1)"
        )


_FLOOR_NAMES = {
    "bibtex": "bibtexparser's own parse of it alone",
    "rst": "docutils' own parse of it alone, what a list outside the plain subset that skips it costs at least",
}


def _bibtexparser_alone(text: str) -> None:
    """The floor under the BibTeX importer: bibtexparser's own parse of the text, nothing of ours."""
    import bibtexparser

    bibtexparser.parse_string(text)


def _docutils_alone(text: str) -> None:
    """The floor under the reStructuredText importer: docutils' doctree with the importer's settings and reader,
    without our walk over it (with the collector off, as the importer runs)."""
    import io

    from docutils.core import publish_doctree

    from readinglist.collector import paused
    from readinglist.importers import rst

    with paused():
        publish_doctree(
            text, reader=rst._reader_class()(), settings_overrides=dict(rst._SETTINGS, warning_stream=io.StringIO())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--marks", type=int, default=500)
    parser.add_argument("--kill-trials", type=int, default=100)
    parser.add_argument("--fuzz", type=int, default=10_000)
    parser.add_argument(
        "--only", default="sniffers,parsers,dense,others,marks,kill,fuzz", help="comma-separated parts to run"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if "sniffers" in parts:
        sniffers()
    if "parsers" in parts:
        parsers()
    if "dense" in parts:
        dense_markdown()
    if "others" in parts:
        other_parsers()
    if "marks" in parts:
        concurrent_marks(args.marks)
    if "kill" in parts:
        kill_trials(args.kill_trials)
    if "fuzz" in parts:
        fuzz(args.fuzz)


if __name__ == "__main__":
    main()
