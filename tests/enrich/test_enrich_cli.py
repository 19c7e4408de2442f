"""The enrich and check commands, and the Elicit list enriched against the stand-in arXiv."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedserver import Route

import readinglist
from enrich.standins import synthetic_pages
from readinglist.cli import main
from readinglist.enrich.runner import classify
from readinglist.storage import metadata as mdb


@pytest.fixture()
def cli(tmp_path: Path, services, monkeypatch):
    for key, value in services.env().items():
        monkeypatch.setenv(key, value)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(main, ["--db", db, *args], catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output
        return result

    invoke.db = db
    return invoke


def test_the_elicit_list_enriched_every_arxiv_item_gets_authors_year_pages(
    cli, services, elicit_newest: Path
) -> None:
    cli("import", str(elicit_newest), "--name", "elicit")
    out = cli("enrich", "elicit", "--only", "arxiv", "--json").output
    results = json.loads(out)
    with readinglist.open(cli.db) as lib:
        with lib._storage.read() as conn:
            targets = mdb.targets(conn, None)
        arxiv_items = {t.item.id: classify(t)[1] for t in targets if classify(t)[0] == "arxiv"}
        assert len(arxiv_items) > 250  # the newest README has 285 arXiv links
        assert {r["item"]["id"] for r in results} == set(arxiv_items)
        assert {r["status"] for r in results} == {"enriched"}
        meta = lib.metadata(list(arxiv_items))
        for item_id, ident in arxiv_items.items():
            m = meta[item_id]
            assert len(m.authors) == 2 and m.year and m.pages == synthetic_pages(ident), ident
            assert m.effort.label == f"{m.pages}-page paper"
    # 100 ids per request, one request at a time; an id two items share (one link under two titles) asked once
    distinct = len(set(arxiv_items.values()))
    assert distinct < len(arxiv_items)
    assert [len(q["id_list"][0].split(",")) for q in services.arxiv_queries] == [100, 100, distinct - 200]

    shown = cli("next", "--list", "elicit", "--kind", "paper").output
    assert re.search(r"\(\d+-page paper\)", shown), shown


def test_enrich_prints_counts_and_suggestions(cli, services, site) -> None:
    from enrich.standins import Paper

    services.papers["1906.01820"] = Paper(
        "1906.01820",
        "Risks from Learned Optimization in Advanced ML Systems",
        ("E. Hubinger",),
        "2019-06-05",
        "39 pages",
    )
    (Path(cli.db).parent / "l.csv").write_text(
        "title,url\nAttention,https://arxiv.org/abs/1706.03762\nRisks from Learned Optimization,\n"
    )
    cli("import", str(Path(cli.db).parent / "l.csv"), "--name", "l")
    out = cli("enrich", "l").output
    assert "1 enriched" in out and "1 suggested" in out and "--accept" in out
    item_id = re.search(r"--accept (\d+)", out).group(1)
    accepted = cli("enrich", "--accept", item_id).output
    assert "attached https://arxiv.org/abs/1906.01820" in accepted
    assert "2 cached" in cli("enrich", "l").output
    cli("enrich", "--only", "films", ok=False)


def test_mark_minutes_overrides_the_estimate(cli, services) -> None:
    (Path(cli.db).parent / "l.md").write_text("# L\n\n- [Attention](https://arxiv.org/abs/1706.03762)\n")
    cli("import", str(Path(cli.db).parent / "l.md"), "--name", "l")
    cli("enrich", "l")
    assert re.search(r"\(\d+-page paper\)", cli("next").output)
    assert f"({synthetic_pages('1706.03762')}-page paper)" in cli("show", "l").output
    cli("mark", "reading", "Attention", "--minutes", "25")
    assert "(~25 min (your estimate))" in cli("next").output
    assert "(~25 min (your estimate))" in cli("show", "l").output
    cli("mark", "read", "--list", "l", "--minutes", "5", ok=False)  # not with bulk marking


def test_check_reports_counts_and_dead_links_with_archive(cli, services, site) -> None:
    site.add("/ok", Route(body=b"fine"))
    services.archived[site.url("/dead")] = "https://web.archive.org/web/2020/" + site.url("/dead")
    (Path(cli.db).parent / "c.md").write_text(
        f"# C\n\n- [Fine]({site.url('/ok')})\n- [Dead]({site.url('/dead')})\n- [Gone]({site.url('/gone')})\n"
    )
    cli("import", str(Path(cli.db).parent / "c.md"), "--name", "c")
    out = cli("check", "c").output
    assert "2 gone" in out and "1 ok" in out
    assert "archived copy: https://web.archive.org/web/2020/" in out and "no archived copy" in out
    assert (
        f"(dead link; archived copy: https://web.archive.org/web/2020/{site.url('/dead')})"
        in cli("next").output
    )
    report = json.loads(cli("check", "c", "--json").output)
    assert report["counts"] == {"ok": 1, "gone": 2}
    assert {link["item"]["title"]: link["outcome"] for link in report["links"]} == {
        "Fine": "ok",
        "Dead": "gone",
        "Gone": "gone",
    }


def test_the_issues_check_elicit_enriched_next_shows_progress_sums_stats_finish(
    cli, services, elicit_newest: Path
) -> None:
    """Issue 12's check: the Elicit list enriched against the stand-in servers: every arXiv item gets authors,
    year and pages; ``next`` shows the effort; ``progress`` sums it; ``stats`` estimates a finish date from it."""
    import datetime as dt
    import math

    cli("import", str(elicit_newest), "--name", "elicit")
    cli("enrich", "elicit", "--only", "arxiv")
    with readinglist.open(cli.db) as lib:
        with lib._storage.read() as conn:
            idents = {t.item.id: classify(t)[1] for t in mdb.targets(conn, None) if classify(t)[0] == "arxiv"}
        idents = {item_id: ident for item_id, ident in idents.items() if ident}
        meta = lib.metadata(list(idents))
        assert len(idents) > 250 and set(meta) == set(idents)
        for item_id, ident in idents.items():  # every arXiv item: authors, year, pages
            m = meta[item_id]
            assert m.authors and m.year and m.pages == synthetic_pages(ident), ident
        entries = lib.entries("elicit")

    # next shows the effort of what it recommends
    recs = json.loads(cli("next", "--list", "elicit", "-n", "10", "--json").output)
    shown = [r["entry"]["item"]["id"] for r in recs if r["entry"]["item"]["id"] in idents]
    assert shown, "the first ten recommendations hold an arXiv paper"
    text = cli("next", "--list", "elicit", "-n", "10").output
    for item_id in shown:
        assert f"({synthetic_pages(idents[item_id])}-page paper)  (id {item_id})" in text
    paper_id = shown[0]

    # progress sums it per topic and tier (4 min a page), counting the items without an estimate
    cli("mark", "read", str(paper_id))
    expected: dict = {}
    for e in entries:
        if e.item.id == paper_id:
            continue  # read
        key = (tuple(e.section), e.tier)
        minutes, unknown = expected.get(key, (0, 0))
        ident = idents.get(e.item.id)
        expected[key] = (minutes + 4 * synthetic_pages(ident), unknown) if ident else (minutes, unknown + 1)
    rows = json.loads(cli("progress", "--list", "elicit", "--json").output)
    assert {(tuple(r["section"]), r["tier"]): (r["minutes_left"], r["unestimated"]) for r in rows} == {
        k: v for k, v in expected.items()
    }
    total_left = sum(m for m, _ in expected.values())
    total_unknown = sum(u for _, u in expected.values())
    table = cli("progress", "--list", "elicit").output
    assert f"Time left: ~{round(total_left / 60)} h (+{total_unknown}? items without an estimate)" in table

    # stats estimates a finish date from it: the paper just read sets the pace in minutes
    pace = 4 * synthetic_pages(idents[paper_id]) / 4  # its minutes over the 4-week window, a week
    report = json.loads(cli("stats", "--list", "elicit", "--json").output)
    assert (report["minutes_pace"], report["minutes_basis"]) == (pace, "observed")
    whole = next(e for e in report["estimates"] if e["scope"] == "list")
    known_items = sum(1 for e in entries if e.item.id in idents and e.item.id != paper_id)
    weeks = (total_left + total_unknown * total_left / known_items) / pace
    assert whole["basis"] == "minutes" and whole["weeks"] == pytest.approx(weeks)
    today = dt.date.fromisoformat(report["today"])
    assert whole["date"] == str(today + dt.timedelta(days=math.ceil(weeks * 7)))
    assert "Dates from the effort left" in cli("stats", "--list", "elicit").output


def test_show_and_exports_offer_the_archived_copy_and_check_applies_redirects(cli, services, site) -> None:
    site.add("/new-home", Route(body=b"fine"))
    site.add("/moved", Route(status=308, redirect_to=site.url("/new-home")))
    copy = "https://web.archive.org/web/2020/" + site.url("/dead")
    services.archived[site.url("/dead")] = copy
    (Path(cli.db).parent / "c.md").write_text(
        f"# C\n\n- [Moved]({site.url('/moved')})\n- [Dead]({site.url('/dead')})\n"
    )
    cli("import", str(Path(cli.db).parent / "c.md"), "--name", "c")
    cli("mark", "reading", "Moved")
    out = cli("check", "c").output
    assert f"{site.url('/moved')} -> {site.url('/new-home')}" in out
    assert "to give it the new URL: readinglist check c --apply-redirects" in out
    assert f"(dead link; archived copy: {copy})" in cli("show", "c").output
    shown = {e["title"]: e for e in json.loads(cli("show", "c", "--json").output)}
    assert (shown["Dead"]["archive_url"], shown["Moved"]["archive_url"]) == (copy, None)
    assert f"([archived copy]({copy}))" in cli("export", "c").output

    report = json.loads(cli("check", "c", "--apply-redirects", "--json").output)
    assert [(a["url"], a["new_url"]) for a in report["applied"]] == [
        (site.url("/moved"), site.url("/new-home"))
    ]
    assert "applied 0 new URLs" in cli("check", "c", "--apply-redirects").output  # already done
    with readinglist.open(cli.db) as lib:
        item = lib.find(site.url("/moved"))  # the old URL still finds it
        assert item.url == site.url("/new-home")
        assert lib.holding(item.id)[0].status.value == "reading"
    assert "1 ok" in cli("check", "c", "--refresh").output  # the new URL answers at once


def test_progress_table_shows_the_time_left_per_topic_and_tier(cli) -> None:
    (Path(cli.db).parent / "t.md").write_text(
        "# T\n\n## Papers\n\n**Tier 1**\n\n- [One](https://example.org/1)\n- [Two](https://example.org/2)\n\n"
        "**Tier 2**\n\n- [Three](https://example.org/3)\n"
    )
    cli("import", str(Path(cli.db).parent / "t.md"), "--name", "t")
    assert "Time left" not in cli("progress").output  # nothing estimated: the counts alone
    cli("mark", "unread", "One", "--minutes", "90")
    cli("mark", "unread", "Three", "--minutes", "25")
    lines = cli("progress").output.splitlines()
    assert "  Time left: ~1.9 h (+1? item without an estimate)" in lines
    row = lines[lines.index("  Time left: ~1.9 h (+1? item without an estimate)") + 2]
    assert row.split()[:4] == ["Papers", "~1.5", "h", "+1?"] and row.split()[4:] == ["~25", "min"]
    cli("mark", "read", "One")
    assert "Time left: ~25 min (+1? item without an estimate)" in cli("progress").output
    rows = json.loads(cli("progress", "--json").output)
    assert [(r["tier"], r["minutes_left"], r["unestimated"]) for r in rows] == [(1, 0, 1), (2, 25, 0)]
