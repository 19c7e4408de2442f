"""Large imports write in batches; on SQLite the search index of a large insert is written in one statement
(storage.search.bulk_entries) instead of by the per-row trigger. The answers must not change."""

from __future__ import annotations

import sqlite3

import pytest

from readinglist import ItemToImport, ListToImport
from readinglist.storage import lists as storage_lists


def _items(seed: str, n: int) -> tuple[ItemToImport, ...]:
    words = ["attention", "Transformer", "scaling", "café", "résumé", "retrieval"]
    return tuple(
        ItemToImport(
            title=f"{words[i % 6]} paper {seed} {i}",
            url=f"https://example.org/{seed}/{i}" if i % 5 else None,
            section=(f"Área {i % 3}", f"Topic {i % 4}"),
            tier=i % 3 + 1,
            note=f"note {words[(i + 1) % 6]}" if i % 2 else None,
            description=f"about {words[(i + 2) % 6]}" if i % 3 else None,
            author=f"Author {i % 7}" if i % 4 else None,
        )
        for i in range(n)
    )


QUERIES = ["attention", "cafe", "resume", "area", "topic 2", "author 3", "note scaling", "about retrieval", "paper"]


def _answers(lib: object) -> list[list[tuple[str, str | None, str | None]]]:
    return [
        [(e.list_name, e.item.title, e.item.url) for e in lib.search(q, limit=200)]  # type: ignore[attr-defined]
        for q in QUERIES
    ]


def test_batched_import_searches_like_row_by_row(lib: object, monkeypatch: pytest.MonkeyPatch) -> None:
    lib.import_list(ListToImport(items=_items("a", 40), name="one", format="test"), name="one")  # type: ignore[attr-defined]
    before = _answers(lib)
    monkeypatch.setattr(storage_lists, "BATCH", 7)  # 40 entries: six batches, the bulk index path
    lib.import_list(ListToImport(items=_items("b", 40), name="two", format="test"), name="two")  # type: ignore[attr-defined]
    lib.remove_list("one")  # type: ignore[attr-defined]
    lib.import_list(ListToImport(items=_items("a", 40), name="one", format="test"), name="one")  # type: ignore[attr-defined]
    after = _answers(lib)
    assert all(len(a) for a in after)
    # the same list, written in batches, matches exactly as when it went row by row (list two adds its own hits,
    # and changes the ranking's word statistics, so the order is compared in test_bulk_index_rows_equal...)
    assert [sorted(h for h in hits if h[0] == "one") for hits in after] == [sorted(hits) for hits in before]
    names = {e.list_name for e in lib.entries()}  # type: ignore[attr-defined]
    assert names == {"one", "two"}


def test_bulk_index_rows_equal_the_trigger_rows(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import readinglist

    rows = {}
    for label, batch in (("trigger", 10_000), ("bulk", 7)):
        monkeypatch.setattr(storage_lists, "BATCH", batch)
        path = tmp_path / f"{label}.db"
        with readinglist.open(path) as lib:
            lib.import_list(ListToImport(items=_items("a", 40), name="l", format="test"), name="l")
            lib.import_list(ListToImport(items=_items("c", 25), name="m", format="test"), name="m")
        con = sqlite3.connect(path)
        rows[label] = con.execute("SELECT rowid, title, body, topics, author FROM search_entries ORDER BY rowid").fetchall()
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        con.close()
        assert "search_entries_ai" in triggers  # put back after the bulk write
    assert len(rows["bulk"]) == 65
    assert rows["bulk"] == rows["trigger"]


def test_failed_bulk_write_keeps_the_trigger(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import readinglist
    from readinglist.exceptions import ReadingListError

    monkeypatch.setattr(storage_lists, "BATCH", 3)
    path = tmp_path / "fail.db"
    with readinglist.open(path) as lib:
        items = _items("a", 10)
        bad = (*items, ItemToImport(title="x\ud800", url="https://example.org/bad"))  # refused by validation
        with pytest.raises(ReadingListError):
            lib.import_list(ListToImport(items=bad, name="l", format="test"), name="l")
        lib.import_list(ListToImport(items=items[:2], name="s", format="test"), name="s")
        assert [e.item.title for e in lib.search("attention")] == [items[0].title]
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search_entries_ai'").fetchone() == (1,)
    con.close()
