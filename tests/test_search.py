"""lib.search: prefix words over titles, descriptions, notes, topics and authors; the same answers on both engines."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from conftest import make_small_list

import readinglist
from readinglist import ItemToImport, ListToImport, Status
from readinglist.storage import migrate


def titles(found) -> list[str]:
    return [e.title for e in found]


def test_prefix_words_find_the_title_first(lib) -> None:
    lib.import_list(make_small_list())
    found = lib.search("attent trans")
    assert titles(found)[0] == "Attention Is All You Need"
    assert titles(lib.search("attention need")) == ["Attention Is All You Need"]
    # Every word must match somewhere: "attention" + the topic "Reinforcement learning" match nothing together.
    assert lib.search("attention reinforcement") == []
    assert lib.search("zzzz") == []


def test_topics_rank_below_titles_and_each_item_comes_once(lib) -> None:
    lib.import_list(make_small_list())
    lib.import_list(make_small_list("copy"))  # the same items in a second list
    found = lib.search("transformer")
    # Four items in the Transformers topic; the three with "Transformer" in the title come before the one that
    # only sits in the topic.
    assert len(found) == 4
    assert len({e.item.id for e in found}) == 4
    assert titles(found)[-1] == "Attention Is All You Need"
    assert set(titles(found)[:3]) == {
        "The Illustrated Transformer",
        "The Annotated Transformer",
        "Formal Algorithms for Transformers",
    }
    # The id a hit carries is the one mark takes.
    lib.mark(found[0].item.id, "read")
    assert lib.search("transformer", status="read")[0].item.id == found[0].item.id


def test_case_accents_descriptions_authors_and_list_notes(lib) -> None:
    lib.import_list(
        ListToImport(
            name="mixed",
            items=(
                ItemToImport("Économie du Café", "https://example.org/cafe", ("Économie",), 1),
                ItemToImport(
                    "A paper",
                    "https://example.org/p",
                    ("Misc",),
                    1,
                    author="Ashish Vaswani",
                    note="Must read",
                ),
                ItemToImport(
                    "Another", "https://example.org/a", ("Misc",), 2, description="On sparse autoencoders"
                ),
            ),
        )
    )
    assert titles(lib.search("economie cafe")) == ["Économie du Café"]
    assert titles(lib.search("ÉCONOMIE")) == ["Économie du Café"]
    assert titles(lib.search("vaswani")) == ["A paper"]
    assert titles(lib.search("must")) == ["A paper"]
    assert titles(lib.search("sparse autoenc")) == ["Another"]


def test_your_notes_are_searchable_and_only_yours(lib, db_url, clock) -> None:
    lib.import_list(make_small_list())
    assert lib.search("eyeopening") == []
    lib.mark("Spinning Up", "read", note="Eye-opening on policy gradients")
    assert titles(lib.search("eye opening polic")) == ["Spinning Up in Deep RL"]
    with readinglist.open(db_url, profile="someone-else", clock=clock) as other:
        assert other.search("eye opening") == []
    lib.mark("Spinning Up", "read", note="later thoughts", replace_note=True)
    assert lib.search("eye opening") == []
    assert titles(lib.search("later")) == ["Spinning Up in Deep RL"]


def test_filters_by_list_status_and_kind(lib) -> None:
    lib.import_list(make_small_list())
    lib.import_list(
        ListToImport(
            name="other", items=(ItemToImport("Deep RL Bootcamp", "https://example.org/rl", ("RL",), 1),)
        )
    )
    assert set(titles(lib.search("deep"))) == {"Spinning Up in Deep RL", "Deep RL Course", "Deep RL Bootcamp"}
    assert titles(lib.search("deep", list="other")) == ["Deep RL Bootcamp"]
    assert titles(lib.search("deep", kind="course")) == ["Deep RL Course"]
    lib.mark("Deep RL Course", "skipped")
    assert titles(lib.search("deep", status="skipped")) == ["Deep RL Course"]
    assert set(titles(lib.search("deep", status="unread"))) == {"Spinning Up in Deep RL", "Deep RL Bootcamp"}
    assert len(lib.search("deep", limit=1)) == 1
    with pytest.raises(readinglist.ListNotFoundError):
        lib.search("deep", list="nope")


def test_query_syntax_is_never_interpreted(lib) -> None:
    lib.import_list(make_small_list())
    for query in ['"', "AND", "NEAR(", "attention OR", "*", "a:*|b", "'; DROP TABLE entries; --", "", "   "]:
        lib.search(query)  # no error
    assert titles(lib.search('"attention" (NEED*)')) == ["Attention Is All You Need"]


def test_the_index_follows_sync_retitles_and_removals(lib) -> None:
    small = make_small_list()
    lib.import_list(small)
    renamed = dataclasses.replace(
        small,
        items=tuple(
            dataclasses.replace(i, title="Attention Is All You Need (NeurIPS 2017)")
            if i.title.startswith("Attention")
            else i
            for i in small.items
            if not i.title.startswith("Spinning")
        ),
    )
    lib.import_list(renamed, name="small")
    assert titles(lib.search("neurips")) == ["Attention Is All You Need (NeurIPS 2017)"]
    assert lib.search("spinning") == []  # removed without progress: gone from the list
    lib.remove_list("small")
    assert lib.search("attention") == []


def test_a_0002_database_with_data_is_indexed_by_0005(empty_db_url: str) -> None:
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0002")
    finally:
        engine.dispose()
    # Fill it through the library at 0002's schema: the REVISIONS guard would upgrade, so write rows directly.
    from test_migrations import _insert_at_0001

    engine = sa.create_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            _insert_at_0001(conn)
            assert migrate.current_revision(conn) == "0002"
    finally:
        engine.dispose()
    with readinglist.open(empty_db_url) as lib:
        assert titles(lib.search("attention need")) == ["Attention Is All You Need"]
        assert titles(lib.search("basics illus")) == ["The Illustrated Transformer"]
        assert titles(lib.search("good", status=Status.READ)) == [
            "The Illustrated Transformer"
        ]  # a progress note
        lib.mark("Attention", "read", note="seminal")
        assert titles(lib.search("semin")) == ["Attention Is All You Need"]


def test_notes_accumulate_with_their_date_unless_replaced(lib, clock) -> None:
    lib.import_list(make_small_list())
    lib.mark("Attention", "reading", note="section 3 is dense")
    clock.advance(86400)
    lib.mark("Attention", "read", note="the one that started it")
    lib.mark("Attention", "read", note="the one that started it")  # the same note again: kept once
    [entry] = lib.entries(status="read")
    assert entry.progress_note == "section 3 is dense\n2025-11-27: the one that started it"
    lib.mark("Attention", "read", note="fresh start", replace_note=True)
    assert lib.entries(status="read")[0].progress_note == "fresh start"
