"""Export -> import round trips through the Library, with progress, on the real Elicit list.

The import goes into a fresh database, so statuses cannot come back through shared resources: they must travel
in the exported text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import readinglist
from readinglist import Status


def _snapshot(lib: readinglist.Library, name: str) -> list[tuple]:
    return [
        (e.title, e.item.canonical_url, e.section, e.tier, e.status, e.rating, e.progress_note)
        for e in lib.entries(name)
    ]


@pytest.mark.parametrize("fmt", ["md", "json", "toml", "csv"])
def test_export_import_round_trip_with_progress(tmp_path: Path, elicit_newest: Path, fmt: str) -> None:
    with readinglist.open(tmp_path / "a.db") as lib:
        lib.import_list(elicit_newest, name="elicit")
        lib.mark(
            "The Illustrated Transformer", "read", rating=5, note="clear intro; with [brackets] & (parens)"
        )
        lib.mark("Attention Is All You Need", "reading")
        lib.mark_many("skipped", list="elicit", topic="Debate")
        before = _snapshot(lib, "elicit")
        text = lib.export("elicit", fmt)
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(text, encoding="utf-8")
    with readinglist.open(tmp_path / "b.db") as fresh:
        result = fresh.import_list(exported, name="copy")
        assert result.entries == 355
        after = _snapshot(fresh, "copy")
    assert after == before
    statuses = [row[4] for row in after]
    assert statuses.count(Status.READ) == 1 and statuses.count(Status.READING) == 1
    assert statuses.count(Status.SKIPPED) == sum(1 for row in before if row[2][-1] == "Debate")


def test_retired_entries_travel_in_the_lossless_format(tmp_path: Path) -> None:
    items = (
        readinglist.ItemToImport("Kept", "https://example.org/kept", ("Topic",), 1),
        readinglist.ItemToImport(
            "Gone upstream", "https://example.org/gone", ("Topic",), 1, retired=True, status=Status.READ
        ),
    )
    with readinglist.open(tmp_path / "a.db") as lib:
        lib.import_list(readinglist.ListToImport(items, title="T", name="t"))
        assert [e.title for e in lib.entries("t")] == ["Kept"]
        text = lib.export("t", "json")
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with readinglist.open(tmp_path / "b.db") as fresh:
        fresh.import_list(path, name="t")
        assert [(e.title, e.retired, e.status) for e in fresh.entries("t", include_retired=True)] == [
            ("Kept", False, Status.UNREAD),
            ("Gone upstream", True, Status.READ),
        ]
