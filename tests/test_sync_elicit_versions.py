"""Walk the five real versions of the Elicit list, oldest to newest, marking items before each step.

The expected changes of each step are computed here by an independent, simple method over the parsed items:
a multiset diff of (canonical URL, title key) pairs, with a title change on a URL counted as a retitle, and topics
renamed when every pair that stayed in an old topic shows up in one new topic. After the walk, every active entry
must equal a fresh parse of the newest file and every mark must be intact; then the list goes back one version and
forward again, so entries that were removed come back (restored) with their marks.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import readinglist
from readinglist.identity import resource_key, title_key
from readinglist.importers import markdown
from readinglist.types import ItemToImport, ListToImport

Pair = tuple[str, str]


def pair(item: ItemToImport) -> Pair:
    return resource_key(item.url, item.title), title_key(item.title)


def parse(path: Path) -> ListToImport:
    return markdown.parse(path.read_bytes())


def renames(old: ListToImport, new: ListToImport) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Old topic -> new topic, when an old topic vanished and all its surviving pairs sit in one new topic."""
    old_paths, new_paths = {i.section for i in old.items}, {i.section for i in new.items}
    where_new = {pair(i): i.section for i in new.items}
    out = {}
    for path in old_paths - new_paths:
        targets = {where_new[pair(i)] for i in old.items if i.section == path and pair(i) in where_new}
        if len(targets) == 1 and (target := targets.pop()) not in old_paths:
            out[path] = target
    return out


def expected_changes(old: ListToImport, new: ListToImport, marked: set[Pair], retired: set[Pair]) -> dict:
    """Counts of what a sync from ``old`` to ``new`` must report, computed from the items alone."""
    before, after = Counter(map(pair, old.items)), Counter(map(pair, new.items))
    gone, came = before - after, after - before
    urls_gone = Counter(k for (k, _), n in gone.items() for _ in range(n) if not k.startswith("title:"))
    urls_came = Counter(k for (k, _), n in came.items() for _ in range(n) if not k.startswith("title:"))
    retitled = sum((urls_gone & urls_came).values())
    restored = sum(n for p, n in came.items() if p in retired)
    retiring = sum(n for p, n in gone.items() if p in marked and p not in after)
    rename = renames(old, new)
    old_at = {pair(i): (rename.get(i.section, i.section), i.tier) for i in old.items if before[pair(i)] == 1}
    moved = sum(
        1
        for i in new.items
        if pair(i) in old_at and after[pair(i)] == 1 and old_at[pair(i)] != (i.section, i.tier)
    )
    return {
        "added": sum(came.values()) - retitled - restored,
        "retired": retiring,
        "removed": sum(gone.values()) - retitled - retiring,
        "restored": restored,
        "retitled": retitled,
        "moved": moved,
        "renamed": len(rename),
    }


def choose_marks(
    old: ListToImport, new: ListToImport, step: int
) -> dict[Pair, tuple[str, int | None, str | None]]:
    """Marks to make before a step: items that will move tier, move topic or be removed, plus a few that stay."""
    after = {pair(i): i for i in new.items}
    moving_tier, moving_topic, leaving, staying = [], [], [], []
    for item in old.items:
        p = pair(item)
        target = after.get(p)
        if target is None:
            leaving.append(p)
        elif target.section != item.section:
            moving_topic.append(p)
        elif target.tier != item.tier:
            moving_tier.append(p)
        else:
            staying.append(p)
    marks: dict[Pair, tuple[str, int | None, str | None]] = {}
    for p in moving_tier[:3]:
        marks[p] = ("read", 4, None)
    for p in moving_topic[:2]:
        marks[p] = ("skipped", None, f"moved topic at step {step}")
    for n, p in enumerate(leaving[:2]):
        marks[p] = ("read", 5, None) if n == 0 else ("unread", None, f"noted before removal at step {step}")
    for p in staying[step * 7 : step * 7 + 4]:
        marks[p] = ("reading", None, None)
    return marks


@pytest.fixture()
def library(lib: readinglist.Library) -> readinglist.Library:
    """The conftest ``lib``: a fresh SQLite file, then a fresh PostgreSQL schema."""
    return lib


def apply_marks(lib: readinglist.Library, marks: dict, where: dict[Pair, int]) -> None:
    for p, (status, rating, note) in marks.items():
        lib.mark(where[p], status, rating=rating, note=note, list="elicit", replace_note=True)


def resource_ids(lib: readinglist.Library) -> dict[Pair, int]:
    return {pair_of(e): e.item.id for e in lib.entries("elicit", include_retired=True)}


def pair_of(entry: readinglist.Entry) -> Pair:
    """The same pair as :func:`pair`, from a stored entry (its resource's URL and the entry's title)."""
    return resource_key(entry.item.url, entry.title), title_key(entry.title)


def test_walk_real_versions_keeps_every_mark(library, elicit_files, tmp_path):
    assert len(elicit_files) == 5
    versions = [parse(p) for p in elicit_files]
    source = tmp_path / "elicit.md"
    source.write_bytes(elicit_files[0].read_bytes())
    library.import_list(source, name="elicit")
    all_marks: dict[Pair, tuple[str, int | None, str | None]] = {}
    retired: set[Pair] = set()
    # Forward through the five versions, then back one and forward again: removed items come back.
    walk = list(range(1, 5)) + [3, 4]
    previous = 0
    reports = []
    for step, index in enumerate(walk, start=1):
        old, new = versions[previous], versions[index]
        marks = choose_marks(old, new, step)
        apply_marks(library, marks, resource_ids(library))
        for p, (status, rating, note) in marks.items():  # a mark keeps the rating and note it does not give
            _, old_rating, old_note = all_marks.get(p, (None, None, None))
            all_marks[p] = (status, rating if rating is not None else old_rating, note or old_note)
        expected = expected_changes(old, new, set(all_marks), retired)

        source.write_bytes(elicit_files[index].read_bytes())
        report = library.sync("elicit")
        reports.append(report)

        counts = report.counts
        got = {k: counts[k] for k in expected}
        assert got == expected, f"step {step} ({elicit_files[previous].name} -> {elicit_files[index].name})"
        assert counts["merged"] == counts["relinked"] == 0
        retired = {pair_of(e) for e in library.entries("elicit", include_retired=True) if e.retired}
        assert retired <= set(all_marks), (step, retired - set(all_marks))
        assert not retired & {pair(i) for i in new.items}, (step, retired & {pair(i) for i in new.items})
        previous = index

    # The real history: one topic renamed on 2024-04-11; going back to v4 and forward again restores entries.
    assert [r.counts["renamed"] for r in reports] == [1, 0, 0, 0, 0, 0]
    assert reports[0].renamed[0].new[-1] == "Tool use and scaffolding"
    assert "How I use LLMs" in [c.title for c in reports[4].of("restored")]
    assert "Power to the People" in [c.title for c in reports[4].of("restored")]
    assert reports[5].counts["restored"] >= 1
    newest = versions[-1]
    entries = library.entries("elicit")
    assert len(entries) == 355
    assert len({e.section for e in entries}) == 24
    assert [(e.title, pair_of(e)[0], e.section, e.tier, e.position) for e in entries] == [
        (i.title, pair(i)[0], i.section, i.tier, n) for n, i in enumerate(newest.items)
    ]

    everything = library.entries("elicit", include_retired=True)
    by_pair = {pair_of(e): e for e in everything}
    still_listed = {pair(i) for i in newest.items}
    for p, (status, rating, note) in all_marks.items():
        entry = by_pair.get(p)
        assert entry is not None, f"a marked resource was deleted: {p}"
        assert (entry.status.value, entry.rating, entry.progress_note) == (status, rating, note), p
        assert entry.retired is (p not in still_listed), p
    retired_entries = [e for e in everything if e.retired]
    assert retired_entries, "the walk removes marked items, so some entries must be retired"
    assert all(pair_of(e) in all_marks for e in retired_entries)
    assert not {e.item.id for e in retired_entries} & {
        r.item.id for r in library.next(limit=None, list="elicit")
    }

    history = library.history("elicit")
    assert len(history) == 1 + len(walk)
    assert history[0].first_import
    assert [v.entry_count for v in history[1:]] == [len(versions[i].items) for i in walk]


def test_resync_of_unchanged_source_writes_nothing(library, elicit_files, tmp_path):
    source = tmp_path / "elicit.md"
    source.write_bytes(elicit_files[2].read_bytes())
    library.import_list(source, name="elicit")
    library.mark("Attention Is All You Need", "read", list="elicit")
    source.write_bytes(elicit_files[3].read_bytes())
    first = library.sync("elicit")
    assert not first.up_to_date and first.counts["added"] == 30
    before = (library.history("elicit"), library.entries("elicit", include_retired=True), _events(library))
    again = library.sync("elicit")
    assert again.up_to_date and not again.changed
    assert str(again) == "elicit: up to date (340 items)"
    assert (
        library.history("elicit"),
        library.entries("elicit", include_retired=True),
        _events(library),
    ) == before


def _events(lib: readinglist.Library) -> int:
    from sqlalchemy import func, select

    from readinglist.storage.schema import events

    with lib._storage.read() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar_one()


def test_dry_run_reports_the_same_and_writes_nothing(library, elicit_files, tmp_path):
    source = tmp_path / "elicit.md"
    source.write_bytes(elicit_files[3].read_bytes())
    library.import_list(source, name="elicit")
    library.mark("Power to the People", "read", list="elicit")
    source.write_bytes(elicit_files[4].read_bytes())
    before = library.entries("elicit", include_retired=True)
    dry = library.sync("elicit", dry_run=True)
    assert dry.dry_run
    assert library.entries("elicit", include_retired=True) == before
    assert len(library.history("elicit")) == 1
    real = library.sync("elicit")
    assert (
        real.counts
        == dry.counts
        == {
            "added": 18,
            "removed": 2,
            "retired": 1,
            "restored": 0,
            "moved": 11,
            "retitled": 0,
            "relinked": 0,
            "merged": 0,
            "renamed": 0,
            "updated": real.updated,
        }
    )
    assert [c.title for c in real.of("retired")] == ["Power to the People"]
    # v4 lists the Tuning Playbook twice (two topics), v5 once: the second copy goes, the resource stays listed.
    assert sorted(c.title for c in real.of("removed")) == ["Deep Learning Tuning Playbook", "How I use LLMs"]
