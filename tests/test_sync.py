"""Sync on hand-built lists (every matching rule), failures that change nothing, pinned refs, and ``next``.

Runs on SQLite and PostgreSQL through the ``lib`` fixture.
"""

from __future__ import annotations

import dataclasses

import pytest

import readinglist
from readinglist import ItemToImport as I  # noqa: N817 - reads like a table
from readinglist import Link, ListToImport
from readinglist.sources import GITHUB_RAW_ENV

T = ("Fundamentals", "Transformers")
RL = ("Fundamentals", "RL")


def lst(*items: I) -> ListToImport:
    return ListToImport(items=items, title="Test list", source_url="https://example.org/list")


BASE = (
    I("Attention Is All You Need", "http://arxiv.org/abs/1706.03762v5", T, 1),
    I("The Ilustrated Transformer", "https://jalammar.github.io/illustrated-transformer/", T, 1),
    I("OPT: Open Pre-trained Transformer Language Models", "https://arxiv.org/abs/2112.11446", T, 2),
    I("Gopher: Scaling Language Models", "https://arxiv.org/abs/2112.11446", T, 2),
    I("Spinning Up", "https://spinningup.openai.com/", RL, 1),
    I("Deep RL Course", "https://huggingface.co/learn/deep-rl-course", RL, 2),
)


def state(lib, title: str) -> tuple:
    (entry,) = [e for e in lib.entries("t", include_retired=True) if e.title == title]
    return entry.status.value, entry.rating, entry.progress_note, entry.retired, entry.section, entry.tier


def test_retitle_https_and_arxiv_version_keep_the_entry_and_its_progress(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("Ilustrated", "read", rating=5, note="clear", list="t")
    lib.mark("Attention", "reading", list="t")
    before = {e.title: e.id for e in lib.entries("t")}
    fixed = dataclasses.replace(BASE[1], title="The Illustrated Transformer")
    https = dataclasses.replace(BASE[0], url="https://arxiv.org/pdf/1706.03762")
    clock.advance(60)
    report = lib.import_list(lst(https, fixed, *BASE[2:]), name="t").report

    assert report.counts == dict.fromkeys(report.counts, 0) | {"retitled": 1, "updated": 1}
    (change,) = report.of("retitled")
    assert (change.old_title, change.title) == ("The Ilustrated Transformer", "The Illustrated Transformer")
    after = {e.title: e.id for e in lib.entries("t")}
    assert after["The Illustrated Transformer"] == before["The Ilustrated Transformer"]
    assert after["Attention Is All You Need"] == before["Attention Is All You Need"]
    assert state(lib, "The Illustrated Transformer")[:3] == ("read", 5, "clear")
    assert state(lib, "Attention Is All You Need")[0] == "reading"
    assert lib.find("Illustrated Transformer", list="t").title == "The Illustrated Transformer"


def test_one_url_under_two_titles_stays_two_entries_and_a_third_title_is_new(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("OPT", "read", list="t")
    third = I("Chinchilla: Training Compute-Optimal LLMs", "https://arxiv.org/abs/2112.11446", T, 3)
    clock.advance(60)
    report = lib.import_list(lst(*BASE, third), name="t").report
    assert report.counts["added"] == 1 and report.counts["retitled"] == 0
    by_title = {e.title: e for e in lib.entries("t")}
    ids = {by_title[t].item.id for t in ("OPT: Open Pre-trained Transformer Language Models", third.title)}
    assert len(ids) == 2, "the third title must not fall onto OPT's resource"
    assert by_title[third.title].status.value == "unread"
    assert by_title["OPT: Open Pre-trained Transformer Language Models"].status.value == "read"


def test_merged_entries_keep_the_progress_of_both(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("Spinning Up", "reading", note="chapter 2", list="t")
    lib.mark("Deep RL Course", "read", rating=4, note="did unit 1", list="t")
    merged = dataclasses.replace(
        BASE[4], links=(Link("course", "https://huggingface.co/learn/deep-rl-course/"),), tier=1
    )
    clock.advance(60)
    report = lib.import_list(lst(*BASE[:4], merged), name="t").report
    assert report.counts["merged"] == 1 and report.counts["removed"] == report.counts["retired"] == 0
    (change,) = report.of("merged")
    assert (change.title, change.into) == ("Deep RL Course", "Spinning Up")
    # The further status wins, the missing rating is filled, the notes are joined.
    assert state(lib, "Spinning Up") == ("read", 4, "chapter 2\ndid unit 1", False, RL, 1)
    assert [e.title for e in lib.entries("t", include_retired=True)][-1] == "Spinning Up"


def test_relinked_entry_carries_progress_to_the_new_url(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("Deep RL Course", "skipped", note="later", list="t")
    moved = dataclasses.replace(BASE[5], url="https://example.org/deep-rl")
    clock.advance(60)
    report = lib.import_list(lst(*BASE[:5], moved), name="t").report
    (change,) = report.of("relinked")
    assert (change.old_url, change.url) == (BASE[5].url, "https://example.org/deep-rl")
    (entry,) = [e for e in lib.entries("t") if e.title == "Deep RL Course"]
    assert entry.item.url == "https://example.org/deep-rl"
    assert (entry.status.value, entry.progress_note) == ("skipped", "later")


def test_topic_rename_moves_and_order(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("Spinning Up", "read", list="t")
    rl2 = ("Fundamentals", "Reinforcement learning")
    new = (
        dataclasses.replace(BASE[4], section=rl2),
        dataclasses.replace(BASE[5], section=rl2, tier=1),
        BASE[0],
        BASE[1],
        dataclasses.replace(BASE[2], section=("Alignment",), tier=3),
        BASE[3],
    )
    clock.advance(60)
    report = lib.import_list(lst(*new), name="t").report
    assert [(r.old, r.new) for r in report.renamed] == [(RL, rl2)]
    moves = {c.title: (c.old_section, c.old_tier, c.section, c.tier) for c in report.of("moved")}
    assert moves == {
        "Deep RL Course": (rl2, 2, rl2, 1),
        "OPT: Open Pre-trained Transformer Language Models": (T, 2, ("Alignment",), 3),
    }
    assert "  Fundamentals / Reinforcement learning: 1 moved Tier 2 → Tier 1" in str(report).splitlines()[1:]
    assert [(e.title, e.section, e.position) for e in lib.entries("t")][:2] == [
        ("Spinning Up", rl2, 0),
        ("Deep RL Course", rl2, 1),
    ]
    assert state(lib, "Spinning Up")[0] == "read"
    assert {e.section for e in lib.entries("t")} == {T, rl2, ("Alignment",)}


def test_removed_entries_retire_with_progress_and_come_back(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark("Gopher", "unread", note="skim section 4", list="t")
    clock.advance(60)
    report = lib.import_list(lst(*BASE[:3], *BASE[4:]), name="t").report
    assert report.counts["retired"] == 1 and report.counts["removed"] == 0
    assert "Gopher: Scaling Language Models" not in [e.title for e in lib.entries("t")]
    assert "Gopher" not in " ".join(r.item.title for r in lib.next(limit=None, list="t"))
    assert state(lib, "Gopher: Scaling Language Models")[2:4] == ("skim section 4", True)

    clock.advance(60)
    report = lib.import_list(lst(*BASE[:2], *BASE[4:]), name="t").report
    assert report.counts["removed"] == 1 and report.counts["retired"] == 0  # OPT had no progress: deleted
    assert "OPT: Open Pre-trained Transformer Language Models" not in [
        e.title for e in lib.entries("t", include_retired=True)
    ]

    clock.advance(60)
    report = lib.import_list(lst(*BASE), name="t").report
    assert report.counts["restored"] == 1 and report.counts["added"] == 1
    assert state(lib, "Gopher: Scaling Language Models") == ("unread", None, "skim section 4", False, T, 2)
    assert [e.title for e in lib.entries("t")] == [i.title for i in BASE]


def test_next_says_when_a_finished_tier_got_new_items(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    lib.mark_many("read", list="t", topic="Transformers", tier=1)
    new_item = I("Intro to Large Language Models", "https://www.youtube.com/watch?v=zjkBMFhNj_g", T, 1)
    clock.advance(60)
    lib.import_list(lst(*BASE, new_item), name="t")
    # Order stays the strategy's (tier-first: Spinning Up, Tier 1 of RL, comes first); the reason tells.
    reasons = {r.item.title: r.reason for r in lib.next(limit=None, list="t")}
    assert list(reasons)[:2] == ["Spinning Up", "Intro to Large Language Models"]
    assert reasons["Intro to Large Language Models"] == (
        "Tier 1 of Transformers: 1 of 3 left (new since you finished Tier 1 of Transformers)"
    )
    assert [t for t, why in reasons.items() if "new since" in why] == ["Intro to Large Language Models"]


def test_failed_syncs_change_nothing(lib, clock, tmp_path, httpserver):
    path = tmp_path / "list.md"
    path.write_text("# List\n\n## Topic\n\n- [One](https://example.org/1)\n- [Two](https://example.org/2)\n")
    lib.import_list(path, name="t")
    lib.mark("One", "read", list="t")

    def snapshot():
        return lib.entries("t", include_retired=True), lib.history("t"), lib.get_list("t")

    before = snapshot()
    path.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    with pytest.raises(readinglist.ImportFormatError):
        lib.sync("t")
    assert snapshot() == before
    path.unlink()
    with pytest.raises(readinglist.SourceNotFoundError):
        lib.sync("t")
    assert snapshot() == before
    httpserver.expect_request("/list.md").respond_with_data("boom", status=500)
    with pytest.raises(readinglist.FetchError):
        lib.sync("t", source=httpserver.url_for("/list.md"))
    assert snapshot() == before
    with pytest.raises(readinglist.ListNotFoundError):
        lib.sync("nope")


def test_github_source_pinned_to_a_ref(lib, clock, httpserver, monkeypatch):
    monkeypatch.setenv(GITHUB_RAW_ENV, httpserver.url_for("/raw"))
    v1 = b"# L\n\n## Topic\n\n- [One](https://example.org/1)\n"
    v2 = v1 + b"- [Two](https://example.org/2)\n"
    httpserver.expect_request("/raw/owner/repo/v1/README.md").respond_with_data(v1)
    httpserver.expect_request("/raw/owner/repo/v2/README.md").respond_with_data(v2)
    lib.import_list("https://github.com/owner/repo", name="t", ref="v1")
    clock.advance(60)
    report = lib.sync("t", ref="v2")
    assert (report.revision, report.counts["added"]) == ("v2", 1)
    history = lib.history("t")
    assert [v.revision for v in history][1:] == ["v2"]
    assert history[1].source == "https://github.com/owner/repo"
    assert lib.sync("t", ref="v2").up_to_date


def test_sync_works_for_csv_lists(lib, clock, tmp_path):
    path = tmp_path / "curriculum.csv"
    path.write_text(
        "Module,Paper,Link,Difficulty\n"
        "Transformers,Attention Is All You Need,https://arxiv.org/abs/1706.03762,1\n"
        "Transformers,The Annotated Transformer,http://nlp.seas.harvard.edu/annotated-transformer/,2\n"
        "RL,Spinning Up in Deep RL,https://spinningup.openai.com/,1\n"
    )
    lib.import_list(path, name="c")
    lib.mark("Annotated", "read", list="c")
    path.write_text(
        "Module,Paper,Link,Difficulty\n"
        "Transformers,Attention Is All You Need,https://arxiv.org/abs/1706.03762v7,1\n"
        "Transformers,The Annotated Transformer,https://nlp.seas.harvard.edu/annotated-transformer,1\n"
        "Reinforcement learning,Spinning Up in Deep RL,https://spinningup.openai.com/,1\n"
    )
    clock.advance(60)
    report = lib.sync("c")
    assert report.counts["moved"] == 1 and report.counts["renamed"] == 1
    assert report.counts["added"] == report.counts["removed"] == 0
    (annotated,) = [e for e in lib.entries("c") if e.title == "The Annotated Transformer"]
    assert (annotated.tier, annotated.status.value) == (1, "read")


def test_list_without_a_source_cannot_sync(lib):
    lib.import_list(dataclasses.replace(lst(*BASE), source_url=None), name="t")
    with pytest.raises(readinglist.InvalidArgumentError, match="no recorded source"):
        lib.sync("t")
    assert lib.sync_all() == []


def test_report_round_trips_through_its_stored_summary(lib, clock):
    lib.import_list(lst(*BASE), name="t")
    clock.advance(60)
    report = lib.import_list(lst(*BASE[1:], BASE[0]), name="t").report
    stored = lib.history("t")[-1].report
    assert stored == report
