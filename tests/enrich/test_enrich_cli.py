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
