"""The Library API end to end, on SQLite and on a real PostgreSQL (the ``lib`` fixture runs each test on both).

The small list (conftest ``small_list``): Transformers Tier 1 = Illustrated Transformer, Attention; Tier 2 =
Annotated Transformer, Formal Algorithms; Reinforcement learning Tier 1 = Spinning Up, Tier 2 = Deep RL Course;
Alignment Tier 1 = Concrete Problems, Tier 4+ = Risks from Learned Optimization, untiered = an essay.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pg
import pytest

import readinglist
from readinglist import (
    AmbiguousItemError,
    InvalidArgumentError,
    ItemNotFoundError,
    ItemToImport,
    ListNotFoundError,
    ListToImport,
    NothingToUndoError,
    Status,
)

T = ("Fundamentals", "Transformers")
RL = ("Fundamentals", "Reinforcement learning")
AL = ("Alignment",)


def titles(entries) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.title for e in entries]


def rec_titles(recs) -> list[str]:  # type: ignore[no-untyped-def]
    """The titles as each recommended entry's own list writes them."""
    return [r.entry.title for r in recs]


# --- lists ---------------------------------------------------------------------------------------------------


def test_import_a_list_to_import_and_read_it_back(lib, small_list, clock) -> None:
    result = lib.import_list(small_list)
    assert (result.entries, result.resources_new, result.topics, result.created) == (9, 9, 3, True)
    assert result.list.name == "small"
    info = lib.get_list("small")
    assert (info.title, info.format, info.entry_count, info.imported_at) == (
        "A small tiered list",
        "test",
        9,
        clock.now,
    )
    entries = lib.entries("small")
    assert titles(entries) == [i.title for i in small_list.items]
    assert [e.position for e in entries] == list(range(9))
    first = entries[0]
    assert (first.section, first.topic, first.tier, first.note) == (T, "Transformers", 1, "Jay Alammar")
    assert first.item.canonical_url == "https://jalammar.github.io/illustrated-transformer"
    assert entries[7].tier_name == "Tier 4+" and entries[8].tier_name == "untiered"
    assert {e.status for e in entries} == {Status.UNREAD}


def test_import_under_another_name_and_list_them(lib, small_list) -> None:
    lib.import_list(small_list)
    again = lib.import_list(small_list, name="copy")
    # Same resources: the second list creates none.
    assert (again.entries, again.resources_new) == (9, 0)
    assert [(i.name, i.entry_count) for i in lib.lists()] == [("small", 9), ("copy", 9)]


def test_reimport_of_unchanged_content_writes_nothing(lib, small_list, db_url) -> None:
    lib.import_list(small_list)
    before = pg.dump(db_url)
    result = lib.import_list(small_list)
    assert result.created is False
    assert pg.dump(db_url) == before


def test_remove_list_keeps_resources_and_progress(lib, small_list, db_url) -> None:
    lib.import_list(small_list)
    lib.import_list(small_list, name="copy")
    lib.mark("Attention Is All You Need", "read", list="small")
    lib.remove_list("small")
    assert [i.name for i in lib.lists()] == ["copy"]
    with pytest.raises(ListNotFoundError):
        lib.get_list("small")
    assert pg.query(db_url, "SELECT count(*) FROM resources") == [(9,)]
    assert pg.query(db_url, "SELECT count(*) FROM sections") == [
        (4,)
    ]  # copy's Fundamentals, 2 topics, Alignment
    # The read mark was on the resource, so the other list still shows it.
    assert [e.title for e in lib.entries("copy", status="read")] == ["Attention Is All You Need"]


def test_unknown_list(lib) -> None:
    for call in (lambda: lib.get_list("nope"), lambda: lib.remove_list("nope"), lambda: lib.entries("nope")):
        with pytest.raises(ListNotFoundError, match="no list named 'nope'"):
            call()


def test_bad_list_names_are_refused(lib, small_list) -> None:
    for name in ("   ", "two\nlines", "tab\there", "x" * 201):
        with pytest.raises(InvalidArgumentError):
            lib.import_list(small_list, name=name)
    assert lib.lists() == []


# --- entries and their filters ----------------------------------------------------------------------------------


def test_entry_filters(lib, small_list) -> None:
    lib.import_list(small_list)
    assert titles(lib.entries(topic="Transformers")) == [
        "The Illustrated Transformer",
        "Attention Is All You Need",
        "The Annotated Transformer",
        "Formal Algorithms for Transformers",
    ]
    # A parent heading selects every topic under it; so does the whole path.
    assert len(lib.entries(topic="fundamentals")) == 6
    assert len(lib.entries(topic="Fundamentals / Reinforcement learning")) == 2
    assert titles(lib.entries(tier=1)) == [
        "The Illustrated Transformer",
        "Attention Is All You Need",
        "Spinning Up in Deep RL",
        "Concrete Problems in AI Safety",
    ]
    assert titles(lib.entries(tier="Tier 2")) == titles(lib.entries(tier="2"))
    assert len(lib.entries(tier=2)) == 3
    assert titles(lib.entries(tier="4+")) == ["Risks from Learned Optimization"]
    assert titles(lib.entries(tier="untiered")) == ["An untiered essay on alignment"]
    assert titles(lib.entries(kind="course")) == ["Deep RL Course"]
    assert titles(lib.entries(topic="Reinforcement learning", tier=2)) == ["Deep RL Course"]
    lib.mark("Spinning Up", "reading")
    assert titles(lib.entries(status="reading")) == ["Spinning Up in Deep RL"]
    assert len(lib.entries(status="unread")) == 8


def test_bad_filters_are_refused(lib, small_list) -> None:
    lib.import_list(small_list)
    with pytest.raises(InvalidArgumentError, match="no topic matches"):
        lib.entries(topic="Cooking")
    with pytest.raises(InvalidArgumentError, match="unknown tier"):
        lib.entries(tier="gold")
    with pytest.raises(InvalidArgumentError, match="unknown status"):
        lib.entries(status="half-read")
    with pytest.raises(InvalidArgumentError, match="unknown kind"):
        lib.entries(kind="scroll")


# --- find --------------------------------------------------------------------------------------------------------


def test_find_by_id_url_and_title_words(lib, small_list) -> None:
    lib.import_list(small_list)
    attention = lib.find("attention is all you need")
    assert attention.title == "Attention Is All You Need"
    assert lib.find(attention.id) == attention
    assert lib.find(str(attention.id)) == attention
    # Other spellings of the same URL: pdf form, version, http, www.
    for url in (
        "https://arxiv.org/pdf/1706.03762",
        "https://arxiv.org/pdf/1706.03762v7.pdf",
        "http://www.arxiv.org/abs/1706.03762",
    ):
        assert lib.find(url) == attention, url
    assert (
        lib.find("https://jalammar.github.io/illustrated-transformer").title == "The Illustrated Transformer"
    )
    assert lib.find("illustrated transf").title == "The Illustrated Transformer"  # word prefixes
    assert lib.find("Spinning", list="small").title == "Spinning Up in Deep RL"


def test_find_ambiguous_and_missing(lib, small_list) -> None:
    lib.import_list(small_list)
    with pytest.raises(AmbiguousItemError) as caught:
        lib.find("transformer")
    found = sorted(title for _, title in caught.value.candidates)
    assert found == [
        "Formal Algorithms for Transformers",
        "The Annotated Transformer",
        "The Illustrated Transformer",
    ]
    assert "Give an id or more words" in str(caught.value)
    with pytest.raises(ItemNotFoundError):
        lib.find("gardening for beginners")
    with pytest.raises(ItemNotFoundError):
        lib.find(999_999)
    with pytest.raises(ItemNotFoundError):
        lib.find("https://example.com/not-in-any-list")
    with pytest.raises(ListNotFoundError):
        lib.find("Attention", list="nope")


# --- identity across lists and inside one list ----------------------------------------------------------------


def seed_like_list() -> ListToImport:
    """Two links as the Chinese seed article writes them: another title, https, no slash, the PDF form."""
    return ListToImport(
        name="seed",
        items=(
            ItemToImport(
                "图解 Transformer | Jay Alammar",
                "https://jalammar.github.io/illustrated-transformer",
                ("LLMs",),
            ),
            ItemToImport("[Paper] Attention Is All You Need", "https://arxiv.org/pdf/1706.03762", ("LLMs",)),
            ItemToImport("Only in the seed", "https://example.org/seed-only", ("LLMs",)),
        ),
    )


def test_a_resource_read_in_one_list_is_read_in_every_list(lib, small_list) -> None:
    lib.import_list(small_list)
    result = lib.import_list(seed_like_list())
    assert result.resources_new == 1
    lib.mark("图解 Transformer", "read", list="seed")
    lib.mark("https://arxiv.org/pdf/1706.03762", "skipped", list="seed")
    small = {e.title: e.status for e in lib.entries("small")}
    assert small["The Illustrated Transformer"] is Status.READ
    assert small["Attention Is All You Need"] is Status.SKIPPED
    assert Counter(small.values()) == {Status.UNREAD: 7, Status.READ: 1, Status.SKIPPED: 1}
    # Each list keeps its own title for the shared resource.
    assert titles(lib.entries("seed"))[0] == "图解 Transformer | Jay Alammar"
    assert lib.entries("seed")[0].item.title == "The Illustrated Transformer"


def test_one_url_under_two_titles_stays_two_resources(lib, db_url) -> None:
    url = "https://arxiv.org/abs/2112.11446"
    lst = ListToImport(
        name="lm",
        items=(
            ItemToImport("OPT: Open Pre-trained Transformer Language Models", url, ("LMs",), 2),
            ItemToImport(
                "Scaling Language Models: Methods, Analysis & Insights from Training Gopher", url, ("LMs",), 2
            ),
            ItemToImport("Same paper twice", "https://arxiv.org/abs/2001.08361", ("LMs",), 1),
            ItemToImport("Same paper twice", "https://arxiv.org/abs/2001.08361", ("LMs",), 3),
        ),
    )
    result = lib.import_list(lst)
    assert (result.entries, result.resources_new) == (4, 3)
    entries = lib.entries("lm")
    assert entries[0].item.id != entries[1].item.id
    assert entries[2].item.id == entries[3].item.id
    assert pg.query(db_url, "SELECT count(*) FROM entries") == [(4,)]
    # A URL query cannot tell OPT from Gopher: it asks.
    with pytest.raises(AmbiguousItemError) as caught:
        lib.find(url)
    assert len(caught.value.candidates) == 2
    lib.mark("Gopher", "read")
    statuses = [e.status for e in lib.entries("lm")]
    assert statuses == [Status.UNREAD, Status.READ, Status.UNREAD, Status.UNREAD]
    # The same paper at two tiers is recommended once (at its first place).
    lib.mark("OPT", "read")
    assert rec_titles(lib.next(limit=None)) == ["Same paper twice"]


# --- marking ------------------------------------------------------------------------------------------------------


def test_mark_with_note_rating_and_timestamps(lib, small_list, clock, db_url) -> None:
    lib.import_list(small_list)
    clock.advance(60)
    started = clock.now
    result = lib.mark("Attention", "reading")
    assert (result.status, [i.title for i in result.items], result.unchanged) == (
        Status.READING,
        ["Attention Is All You Need"],
        0,
    )
    clock.advance(3600)
    finished = clock.now
    lib.mark("Attention", "read", note="the one that started it", rating=5)
    entry = lib.entries(status="read")[0]
    assert (entry.status, entry.rating, entry.progress_note, entry.updated_at) == (
        Status.READ,
        5,
        "the one that started it",
        finished,
    )
    row = pg.query(db_url, "SELECT started_at, finished_at FROM progress")
    assert [tuple(_utc(v) for v in r) for r in row] == [(started, finished)]
    # A later mark without note/rating keeps them.
    clock.advance(60)
    lib.mark("Attention", "reading")
    entry = lib.entries(status="reading")[0]
    assert (entry.rating, entry.progress_note) == (5, "the one that started it")
    assert pg.query(db_url, "SELECT finished_at FROM progress") == [(None,)]


def _utc(value: dt.datetime | str | None) -> dt.datetime | None:
    """A timestamp read with raw SQL (SQLite gives text, PostgreSQL an aware datetime) as an aware UTC datetime."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


@pytest.mark.parametrize("rating", [0, 6, -1, 2.5, True, "5"])
def test_bad_ratings_are_refused_and_change_nothing(lib, small_list, db_url, rating) -> None:
    lib.import_list(small_list)
    before = pg.dump(db_url)
    with pytest.raises(InvalidArgumentError, match="rating must be a whole number from 1 to 5"):
        lib.mark("Attention", "read", rating=rating)
    assert pg.dump(db_url) == before


def test_statuses_and_aliases(lib, small_list) -> None:
    lib.import_list(small_list)
    lib.mark("Attention", "done")
    lib.mark("Spinning", "skip")
    lib.mark("Concrete", "started")
    got = {e.title: e.status for e in lib.entries() if e.status is not Status.UNREAD}
    assert got == {
        "Attention Is All You Need": Status.READ,
        "Spinning Up in Deep RL": Status.SKIPPED,
        "Concrete Problems in AI Safety": Status.READING,
    }
    with pytest.raises(InvalidArgumentError, match="unknown status 'finished'"):
        lib.mark("Attention", "finished")


def test_every_change_appends_an_event(lib, small_list, db_url) -> None:
    lib.import_list(small_list)
    lib.mark("Attention", "reading")
    lib.mark("Attention", "read", rating=4)
    lib.mark("Attention", "read", rating=4)  # no change: no event
    lib.mark(["Spinning", "Concrete"], "skipped")
    rows = pg.query(
        db_url,
        "SELECT batch, old_status, new_status, old_rating, new_rating, undoes FROM events ORDER BY id",
    )
    assert [r[:5] for r in sorted(rows)] == [
        (1, None, "reading", None, None),
        (2, "reading", "read", None, 4),
        (3, None, "skipped", None, None),
        (3, None, "skipped", None, None),
    ]
    assert {r[5] for r in rows} == {None}


def test_mark_many_by_list_topic_and_tier(lib, small_list) -> None:
    lib.import_list(small_list)
    lib.import_list(seed_like_list())
    result = lib.mark_many("skipped", topic="Transformers", tier=1)
    assert sorted(i.title for i in result.items) == [
        "Attention Is All You Need",
        "The Illustrated Transformer",
    ]
    lib.mark("Spinning Up", "read")
    # Bulk skip of a topic keeps what was read.
    result = lib.mark_many("skipped", topic="Reinforcement learning")
    assert ([i.title for i in result.items], result.unchanged) == (["Deep RL Course"], 1)
    result = lib.mark_many("read", list="seed")
    assert len(result.items) == 3 and result.unchanged == 0  # skipped -> read counts as a change
    statuses = {e.title: e.status for e in lib.entries("small")}
    assert statuses["Spinning Up in Deep RL"] is Status.READ
    assert statuses["The Illustrated Transformer"] is Status.READ  # read through the seed list
    result = lib.mark_many("read", tier="4+")
    assert [i.title for i in result.items] == ["Risks from Learned Optimization"]
    with pytest.raises(InvalidArgumentError, match="needs at least one of"):
        lib.mark_many("read")
    with pytest.raises(ItemNotFoundError):
        lib.mark_many("read", list="small", tier=7)


# --- undo ----------------------------------------------------------------------------------------------------------


def test_undo_single_bulk_and_repeated(lib, small_list, db_url) -> None:
    lib.import_list(small_list)
    with pytest.raises(NothingToUndoError):
        lib.undo()
    lib.mark("Attention", "reading")
    lib.mark("Attention", "read", note="n", rating=3)
    lib.mark_many("skipped", topic="Alignment")
    assert len(lib.entries(status="skipped")) == 3

    undone = lib.undo()  # the bulk skip
    assert sorted(i.title for i in undone.items) == [
        "An untiered essay on alignment",
        "Concrete Problems in AI Safety",
        "Risks from Learned Optimization",
    ]
    assert set(undone.restored) == {Status.UNREAD}
    assert lib.entries(status="skipped") == []

    undone = lib.undo()  # read with note and rating -> reading, without them
    assert (undone.restored, [i.title for i in undone.items]) == (
        (Status.READING,),
        ["Attention Is All You Need"],
    )
    entry = lib.entries(status="reading")[0]
    assert (entry.rating, entry.progress_note) == (None, None)

    lib.undo()  # reading -> unread
    assert {e.status for e in lib.entries()} == {Status.UNREAD}
    assert pg.query(db_url, "SELECT count(*) FROM progress") == [(0,)]
    with pytest.raises(NothingToUndoError, match="nothing to undo"):
        lib.undo()
    # Undo is recorded as events too, never deleted.
    assert pg.query(db_url, "SELECT count(*) FROM events WHERE undoes IS NOT NULL") == [(5,)]
    assert pg.query(db_url, "SELECT count(*) FROM events WHERE undoes IS NULL") == [(5,)]


def test_undo_after_a_new_mark_takes_back_the_new_mark(lib, small_list) -> None:
    lib.import_list(small_list)
    lib.mark("Attention", "read")
    lib.undo()
    lib.mark("Spinning", "read")
    assert [i.title for i in lib.undo().items] == ["Spinning Up in Deep RL"]
    with pytest.raises(NothingToUndoError):
        lib.undo()


# --- completion messages ---------------------------------------------------------------------------------------


def test_finishing_a_tier_of_a_topic_says_what_is_next(lib, small_list) -> None:
    lib.import_list(small_list)
    assert lib.mark("Illustrated Transformer", "read").messages == ()
    assert lib.mark("Attention", "read").messages == (
        "Finished Tier 1 of Transformers; next there: Tier 2 (2 left).",
    )
    assert lib.mark("Spinning Up", "skipped").messages == (
        "Finished Tier 1 of Reinforcement learning; next there: Tier 2 (1 left).",
    )
    assert lib.mark("Concrete Problems", "read").messages == (
        "Finished Tier 1 of Alignment; next there: Tier 4+ (1 left).",
        "Tier 1 is done in every topic of small: Tier 2 is next (3 items).",
    )
    lib.mark_many("read", topic="Reinforcement learning")
    messages = lib.mark_many("read", topic="Transformers").messages
    assert messages == (
        "Finished Tier 2 of Transformers; that topic is finished.",
        "Tier 2 is done in every topic of small: Tier 4+ is next (1 items).",
    )


# --- next -----------------------------------------------------------------------------------------------------------


def test_next_is_tier_first_across_topics(lib, small_list) -> None:
    lib.import_list(small_list)
    recs = lib.next(limit=None)
    assert rec_titles(recs) == [
        "The Illustrated Transformer",
        "Attention Is All You Need",
        "Spinning Up in Deep RL",
        "Concrete Problems in AI Safety",
        "The Annotated Transformer",
        "Formal Algorithms for Transformers",
        "Deep RL Course",
        "Risks from Learned Optimization",
        "An untiered essay on alignment",
    ]
    assert [r.reason for r in recs[:5]] == [
        "Tier 1 of Transformers: 2 of 2 left",
        "Tier 1 of Transformers: 2 of 2 left",
        "Tier 1 of Reinforcement learning: 1 of 1 left",
        "Tier 1 of Alignment: 1 of 1 left",
        "Tier 2 of Transformers: 2 of 2 left",
    ]
    assert recs[7].reason == "Tier 4+ of Alignment: 1 of 1 left"
    assert recs[8].reason == "Alignment: 1 of 1 left"
    assert rec_titles(lib.next()) == rec_titles(recs)[:5]  # default limit 5
    lib.mark("Illustrated", "read")
    first = lib.next(limit=1)[0]
    assert (first.item.title, first.reason) == (
        "Attention Is All You Need",
        "Tier 1 of Transformers: 1 of 2 left",
    )


def test_next_topic_first_and_reading_first(lib, small_list) -> None:
    lib.import_list(small_list)
    assert rec_titles(lib.next(limit=None, strategy="topic-first")) == [
        "The Illustrated Transformer",
        "Attention Is All You Need",
        "The Annotated Transformer",
        "Formal Algorithms for Transformers",
        "Spinning Up in Deep RL",
        "Deep RL Course",
        "Concrete Problems in AI Safety",
        "Risks from Learned Optimization",
        "An untiered essay on alignment",
    ]
    lib.mark("Deep RL Course", "reading")
    for strategy in ("tier-first", "topic-first"):
        first = lib.next(limit=1, strategy=strategy)[0]
        assert first.item.title == "Deep RL Course"
        assert first.reason == "Tier 2 of Reinforcement learning: 1 of 1 left (you are reading it)"
    with pytest.raises(InvalidArgumentError, match="unknown strategy"):
        lib.next(strategy="random")
    with pytest.raises(InvalidArgumentError, match="limit must be at least 1"):
        lib.next(limit=0)


def test_next_filters(lib, small_list) -> None:
    lib.import_list(small_list)
    lib.import_list(seed_like_list())
    assert rec_titles(lib.next(list="seed", limit=None)) == [
        "图解 Transformer | Jay Alammar",
        "[Paper] Attention Is All You Need",
        "Only in the seed",
    ]
    assert rec_titles(lib.next(topic="Alignment", limit=None)) == [
        "Concrete Problems in AI Safety",
        "Risks from Learned Optimization",
        "An untiered essay on alignment",
    ]
    assert rec_titles(lib.next(tier=2, limit=2)) == [
        "The Annotated Transformer",
        "Formal Algorithms for Transformers",
    ]
    assert rec_titles(lib.next(kind="course")) == ["Deep RL Course"]
    # Read and skipped never come back; a resource in two lists is recommended once.
    lib.mark_many("read", list="small")
    assert rec_titles(lib.next(limit=None)) == ["Only in the seed"]
    lib.mark("Only in the seed", "skipped")
    assert lib.next(limit=None) == []


# --- progress -------------------------------------------------------------------------------------------------------


def test_progress_rows(lib, small_list) -> None:
    lib.import_list(small_list)
    lib.mark("Attention", "read")
    lib.mark("Illustrated", "reading")
    lib.mark("Spinning", "skipped")
    rows = [
        (r.list_name, r.topic, r.tier, r.total, r.read, r.skipped, r.reading, r.done) for r in lib.progress()
    ]
    assert rows == [
        ("small", "Transformers", 1, 2, 1, 0, 1, 1),
        ("small", "Transformers", 2, 2, 0, 0, 0, 0),
        ("small", "Reinforcement learning", 1, 1, 0, 1, 0, 1),
        ("small", "Reinforcement learning", 2, 1, 0, 0, 0, 0),
        ("small", "Alignment", 1, 1, 0, 0, 0, 0),
        ("small", "Alignment", 4, 1, 0, 0, 0, 0),
        ("small", "Alignment", None, 1, 0, 0, 0, 0),
    ]
    assert lib.progress("small")[5].tier_label == "Tier 4+"


# --- profiles ------------------------------------------------------------------------------------------------------


def test_two_profiles_on_one_database_have_separate_progress(lib, small_list, db_url, clock) -> None:
    lib.import_list(small_list)
    lib.mark("Attention", "read")
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        assert bob.profile == "bob"
        assert bob.entries(status="read") == []
        bob.mark("Spinning", "read")
    with readinglist.open(db_url, profile="bob", clock=clock) as bob:
        assert titles(bob.entries(status="read")) == ["Spinning Up in Deep RL"]
        assert rec_titles(bob.next(limit=1)) == ["The Illustrated Transformer"]
        assert [i.title for i in bob.undo().items] == ["Spinning Up in Deep RL"]
        assert bob.entries(status="read") == []
        with pytest.raises(NothingToUndoError):
            bob.undo()  # bob's undo never reaches the default profile's marks
    assert titles(lib.entries(status="read")) == ["Attention Is All You Need"]
    assert sorted(pg.query(db_url, "SELECT name FROM profiles")) == [("bob",), ("default",)]


def test_profile_from_environment(db_url, small_list, monkeypatch, clock) -> None:
    monkeypatch.setenv("READINGLIST_PROFILE", "carol")
    with readinglist.open(db_url, clock=clock) as carol:
        assert carol.profile == "carol"
        carol.import_list(small_list)
        carol.mark("Attention", "read")
    monkeypatch.delenv("READINGLIST_PROFILE")
    with readinglist.open(db_url, clock=clock) as default:
        assert default.profile == "default"
        assert default.entries(status="read") == []


# --- the real Elicit list ---------------------------------------------------------------------------------------


def test_the_real_elicit_list(lib, elicit_newest) -> None:
    result = lib.import_list(elicit_newest, name="elicit")
    assert (result.entries, result.topics) == (355, 24)
    assert result.resources_new == 355 - 4 + 3  # 4 URLs twice, 3 of them under two titles
    assert len(result.warnings) == 3
    assert any("2112.11446" in w for w in result.warnings)
    tiers = Counter(e.tier for e in lib.entries("elicit"))
    assert tiers == {1: 20, 2: 63, 3: 89, 4: 183}
    assert len(lib.entries("elicit", tier="4+")) == 183
    # The seed's PDF link finds the Elicit abs entry; the jalammar http/slash spelling too.
    assert lib.find("https://arxiv.org/pdf/1706.03762").title == "Attention Is All You Need"
    assert (
        lib.find("https://jalammar.github.io/illustrated-transformer").title == "The Illustrated Transformer"
    )
    recs = lib.next(limit=3)
    assert [r.entry.tier for r in recs] == [1, 1, 1]
    assert recs[0].reason.startswith("Tier 1 of ")
    # Tier-first: every Tier 1 of every topic comes before any Tier 2.
    ordered = lib.next(limit=None)
    tiers_in_order = [r.entry.tier if r.entry.tier is not None else 99 for r in ordered]
    assert tiers_in_order == sorted(tiers_in_order)
    assert len(ordered) == 355 - 4 + 3  # one recommendation per resource


def test_one_url_under_two_titles_warns_once_whatever_the_source(tmp_path: Path) -> None:
    from readinglist import ItemToImport, ListToImport

    with readinglist.open(tmp_path / "w.db") as lib:
        built = ListToImport(
            (
                ItemToImport("OPT", "https://arxiv.org/abs/2112.11446"),
                ItemToImport("Gopher", "http://arxiv.org/abs/2112.11446v2"),
                ItemToImport("Same twice", "https://x.example/a"),
                ItemToImport("Same twice", "https://x.example/a/"),
            ),
            name="built",
        )
        result = lib.import_list(built)
        assert result.warnings == (
            "https://arxiv.org/abs/2112.11446 is listed under 2 titles ('OPT', 'Gopher'); kept as 2 resources",
        )
        assert result.resources_new == 3
