"""Items without links through the whole Library (both engines): imported, marked, recommended, exported and
re-imported, and identified across lists by their normalised title; the import options through the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from readinglist import ItemToImport, ListToImport, Status
from readinglist.cli import main

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def test_linkless_items_are_first_class(lib, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lib.import_list(str(DATA / "reading_order_tiers.md"), name="order")
    entries = lib.entries("order")
    assert len(entries) == 11 and all(e.item.url is None for e in entries)
    first = lib.next(1, list="order")[0]
    assert first.entry.title == "Attention Is All You Need" and first.entry.tier == 1
    lib.mark("Attention Is All You Need", "read", list="order")
    assert lib.next(1, list="order")[0].entry.title == "GPT-3"
    text = lib.export("order")
    assert "- [x] **Attention Is All You Need**" in text
    path = tmp_path / "order.md"
    path.write_text(text, encoding="utf-8")
    lib.import_list(str(path), name="copy")
    copy = lib.entries("copy")
    assert [(e.title, e.tier, e.tier_label, e.section, e.status) for e in copy] == [
        (e.title, e.tier, e.tier_label, e.section, e.status) for e in entries_after(lib, "order")
    ]
    # one resource per title: the copy's items are the same resources as the original's
    assert {e.item.id for e in copy} == {e.item.id for e in lib.entries("order")}


def entries_after(lib, name: str):  # type: ignore[no-untyped-def]
    return lib.entries(name)


def test_a_linkless_item_is_the_linked_resource_with_the_same_title(lib) -> None:  # type: ignore[no-untyped-def]
    linked = ListToImport(
        items=(
            ItemToImport("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", tier=1),
            ItemToImport("BERT", "https://arxiv.org/abs/1810.04805", tier=1),
        )
    )
    lib.import_list(linked, name="linked")
    lib.import_list(str(DATA / "further_reading_no_links.md"), name="refs")
    lib.mark("https://arxiv.org/abs/1706.03762", "read")
    refs = {e.title: e for e in lib.entries("refs")}
    assert refs["Attention Is All You Need"].status is Status.READ  # marked once, read in both lists
    assert refs["Attention Is All You Need"].item.url == "https://arxiv.org/abs/1706.03762"
    assert refs["Fast Transformers with Efficient Attention"].status is Status.UNREAD


def test_a_later_link_attaches_to_the_linkless_resource(lib) -> None:  # type: ignore[no-untyped-def]
    lib.import_list(str(DATA / "recommended_reading_no_links.md"), name="guide")
    lib.mark("Language Models are Few-Shot Learners", "read", list="guide")
    later = ListToImport(
        items=(ItemToImport("Language Models are Few-Shot Learners", "https://arxiv.org/abs/2005.14165"),)
    )
    lib.import_list(later, name="gpt3")
    (entry,) = lib.entries("gpt3")
    assert entry.status is Status.READ  # progress kept
    assert entry.item.url == "https://arxiv.org/abs/2005.14165"
    guide = {e.title: e for e in lib.entries("guide")}
    assert guide["Language Models are Few-Shot Learners"].item.id == entry.item.id
    assert guide["Language Models are Few-Shot Learners"].item.url == "https://arxiv.org/abs/2005.14165"


def test_cli_import_base_url_and_tiers(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    runner = CliRunner()
    base = "https://github.com/papers-we-love/papers-we-love/blob/main/distributed_systems/README.md"
    result = runner.invoke(
        main,
        [
            "--db",
            str(db),
            "import",
            str(DATA / "distributed_systems.md"),
            "--name",
            "pwl",
            "--base-url",
            base,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "relative link" not in result.output
    shown = runner.invoke(main, ["--db", str(db), "show", "pwl", "--json"])
    assert (
        "https://github.com/papers-we-love/papers-we-love/blob/main/distributed_systems/paxos-made-simple.pdf"
        in (shown.output)
    )
    ossu = Path(__file__).resolve().parent / "data" / "realworld" / "ossu.md"
    result = runner.invoke(main, ["--db", str(db), "import", str(ossu), "--name", "ossu"])
    assert result.exit_code == 0 and "read as tiers" in result.output
    result = runner.invoke(main, ["--db", str(db), "import", str(ossu), "--name", "flat", "--tiers", "none"])
    assert result.exit_code == 0, result.output
    flat = runner.invoke(main, ["--db", str(db), "show", "flat", "--json"])
    assert '"tier": 1' not in flat.output and '"Intro CS"' in flat.output
    bad = runner.invoke(main, ["--db", str(db), "import", str(ossu), "--base-url", "nope"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output and "base-url" in bad.output


def test_a_finished_list_offers_its_next_list(tmp_path: Path) -> None:
    import readinglist

    db = tmp_path / "n.db"
    runner = CliRunner()
    with readinglist.open(db) as lib:
        lib.import_list("ai-engineer-path")
        assert lib.finished_with_next() == []
        lib.mark_many("read", list="ai-engineer-path")
        [(info, following, imported)] = lib.finished_with_next("ai-engineer-path")
        assert (info.name, following, imported) == ("ai-engineer-path", "elicit", False)
    out = runner.invoke(main, ["--db", str(db), "next"]).output
    assert "ai-engineer-path is done; next: elicit (import it with 'readinglist import elicit')" in out
    runner.invoke(main, ["--db", str(db), "import", "elicit"])
    out = runner.invoke(main, ["--db", str(db), "next", "--list", "ai-engineer-path", "-n", "2"]).output
    assert "ai-engineer-path is done; next: elicit" in out
    assert out.count("\n  - ") == 2  # elicit's first two items, offered


def test_a_sync_that_links_a_linkless_item_keeps_it_and_its_progress(lib, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "order.md"
    path.write_text(
        "# Order\n\n## Reading order\n\n1. **Attention Is All You Need** - the Transformer\n2. **BERT** - pre-training\n",
        encoding="utf-8",
    )
    lib.import_list(str(path), name="o")
    lib.mark("BERT", "read", list="o")
    path.write_text(
        "# Order\n\n## Reading order\n\n1. **Attention Is All You Need** - the Transformer\n"
        "2. [BERT](https://arxiv.org/abs/1810.04805) - pre-training\n",
        encoding="utf-8",
    )
    lib.import_list(str(path), name="o")
    entries = lib.entries("o", include_retired=True)
    assert [(e.title, e.item.url, e.status, e.retired) for e in entries] == [
        ("Attention Is All You Need", None, Status.UNREAD, False),
        ("BERT", "https://arxiv.org/abs/1810.04805", Status.READ, False),
    ]
