"""Pure progress rules: statuses, tiers, ratings, state transitions, completion messages, progress rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from readinglist.exceptions import InvalidArgumentError
from readinglist.progress import (
    UNTIERED,
    check_rating,
    completion_messages,
    parse_status,
    parse_tier,
    progress_rows,
    tier_matches,
    transition,
)
from readinglist.storage.progress import State
from readinglist.types import Entry, Item, Status

T1 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
T2 = T1 + dt.timedelta(days=1)
T3 = T2 + dt.timedelta(days=1)


def entry(n: int, section: tuple[str, ...], tier: int | None, status: Status = Status.UNREAD, **kw) -> Entry:  # type: ignore[no-untyped-def]
    item = Item(
        id=n, title=f"Item {n}", url=f"https://example.org/{n}", canonical_url=f"https://example.org/{n}"
    )
    return Entry(
        id=n,
        list_name=kw.pop("list_name", "l"),
        item=item,
        title=item.title,
        section=section,
        tier=tier,
        tier_label=kw.pop("tier_label", None),
        position=n,
        status=status,
        **kw,
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("read", Status.READ),
        (" READ ", Status.READ),
        ("done", Status.READ),
        ("todo", Status.UNREAD),
        ("new", Status.UNREAD),
        ("skip", Status.SKIPPED),
        ("skipped", Status.SKIPPED),
        ("started", Status.READING),
        (Status.READING, Status.READING),
    ],
)
def test_parse_status(text, status) -> None:  # type: ignore[no-untyped-def]
    assert parse_status(text) is status


@pytest.mark.parametrize("text", ["", "finished", "reads", "1"])
def test_parse_status_refuses(text: str) -> None:
    with pytest.raises(InvalidArgumentError, match="use one of unread, reading, read, skipped"):
        parse_status(text)


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        (None, None),
        (2, 2),
        ("2", 2),
        ("Tier 3", 3),
        ("tier3", 3),
        ("4+", 4),
        ("Tier 4+", 4),
        ("untiered", UNTIERED),
        ("none", UNTIERED),
        ("-", UNTIERED),
    ],
)
def test_parse_tier(text, tier) -> None:  # type: ignore[no-untyped-def]
    assert parse_tier(text) == tier


@pytest.mark.parametrize("text", ["gold", "tier", "2.5", "first"])
def test_parse_tier_refuses(text: str) -> None:
    with pytest.raises(InvalidArgumentError, match="unknown tier"):
        parse_tier(text)


def test_tier_matches() -> None:
    assert tier_matches(3, None) and tier_matches(None, None)
    assert tier_matches(None, UNTIERED) and not tier_matches(1, UNTIERED)
    assert tier_matches(4, 4) and not tier_matches(3, 4)


@pytest.mark.parametrize("good", [None, 1, 3, 5])
def test_ratings_1_to_5(good) -> None:  # type: ignore[no-untyped-def]
    assert check_rating(good) == good


@pytest.mark.parametrize("bad", [0, 6, -3, 4.5, True, False, "4"])
def test_bad_ratings(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgumentError, match="from 1 to 5"):
        check_rating(bad)


def test_transition_timestamps_follow_the_status() -> None:
    reading = transition(State(), Status.READING, T1)
    assert (reading.status, reading.started_at, reading.finished_at) == ("reading", T1, None)
    read = transition(reading, Status.READ, T2, rating=4, note="n")
    assert (read.status, read.started_at, read.finished_at, read.rating, read.note) == (
        "read",
        T1,
        T2,
        4,
        "n",
    )
    # Marking read again keeps the first finish time; rating and note stay unless given.
    again = transition(read, Status.READ, T3)
    assert (again.finished_at, again.rating, again.note) == (T2, 4, "n")
    # Read straight away: started when finished.
    direct = transition(State(), Status.READ, T2)
    assert (direct.started_at, direct.finished_at) == (T2, T2)
    # Back to reading clears the finish; back to unread clears both, keeps rating and note.
    back = transition(read, Status.READING, T3)
    assert (back.started_at, back.finished_at) == (T1, None)
    unread = transition(read, Status.UNREAD, T3)
    assert (unread.status, unread.started_at, unread.finished_at, unread.rating) == ("unread", None, None, 4)
    # skipped -> read is a new finish.
    skipped = transition(State(), Status.SKIPPED, T1)
    assert transition(skipped, Status.READ, T3).finished_at == T3


TR, RL, AL = ("F", "Transformers"), ("F", "RL"), ("Alignment",)


def small() -> list[Entry]:
    return [
        entry(0, TR, 1),
        entry(1, TR, 1),
        entry(2, TR, 2),
        entry(3, RL, 1),
        entry(4, RL, 2),
        entry(5, AL, 1),
        entry(6, AL, 4, tier_label="Tier 4+"),
        entry(7, AL, None),
    ]


def test_no_message_until_a_tier_of_a_topic_is_finished() -> None:
    assert completion_messages(small(), {0: Status.READ}) == []
    assert completion_messages(small(), {0: Status.READING, 1: Status.READ}) == []


def test_finishing_a_tier_of_a_topic() -> None:
    assert completion_messages(small(), {0: Status.READ, 1: Status.SKIPPED}) == [
        "Finished Tier 1 of Transformers; next there: Tier 2 (1 left)."
    ]


def test_finishing_a_tier_everywhere_in_one_change_lists_topics_in_order() -> None:
    messages = completion_messages(
        small(), {0: Status.READ, 1: Status.READ, 3: Status.READ, 5: Status.SKIPPED}
    )
    assert messages == [
        "Finished Tier 1 of Transformers; next there: Tier 2 (1 left).",
        "Finished Tier 1 of RL; next there: Tier 2 (1 left).",
        "Finished Tier 1 of Alignment; next there: Tier 4+ (1 left).",
        "Tier 1 is done in every topic of l: Tier 2 is next (2 items).",
    ]


def test_finishing_a_topic_and_the_whole_list() -> None:
    done = [dataclasses.replace(e, status=Status.READ) for e in small()]
    last = done[:-1] + [small()[-1]]
    assert completion_messages(last, {7: Status.READ}) == [
        "Finished untiered of Alignment; that topic is finished."
    ]
    before = [dataclasses.replace(e, status=Status.READ) if e.id != 4 else e for e in small()]
    assert completion_messages(before, {4: Status.SKIPPED}) == [
        "Finished Tier 2 of RL; that topic is finished.",
        "Every item of l is read or skipped.",
    ]
    # Already finished: marking again says nothing.
    assert completion_messages(done, {4: Status.READ}) == []


def test_progress_rows_count_each_entry() -> None:
    entries = small()
    entries[0] = dataclasses.replace(entries[0], status=Status.READ)
    entries[1] = dataclasses.replace(entries[1], status=Status.READING)
    entries[6] = dataclasses.replace(entries[6], status=Status.SKIPPED)
    rows = [
        (r.topic, r.tier, r.tier_label, r.total, r.read, r.reading, r.skipped, r.done)
        for r in progress_rows(entries)
    ]
    assert rows == [
        ("Transformers", 1, None, 2, 1, 1, 0, 1),
        ("Transformers", 2, None, 1, 0, 0, 0, 0),
        ("RL", 1, None, 1, 0, 0, 0, 0),
        ("RL", 2, None, 1, 0, 0, 0, 0),
        ("Alignment", 1, None, 1, 0, 0, 0, 0),
        ("Alignment", 4, "Tier 4+", 1, 0, 0, 1, 1),
        ("Alignment", None, None, 1, 0, 0, 0, 0),
    ]
    assert progress_rows([]) == []


def test_the_same_topic_finished_in_two_lists_names_each_list() -> None:
    from readinglist.progress import completion_messages
    from readinglist.types import Entry, Item

    item = Item(1, "A", "https://a.example", "https://a.example")
    entries = [
        Entry(1, "elicit", item, "A", ("Transformers",), 1, None, 0),
        Entry(2, "copy", item, "A", ("Transformers",), 1, None, 0),
    ]
    assert completion_messages(entries, {1: Status.READ}) == [
        "Finished Tier 1 of Transformers in copy; that topic is finished.",
        "Finished Tier 1 of Transformers in elicit; that topic is finished.",
        "Every item of copy is read or skipped.",
        "Every item of elicit is read or skipped.",
    ]
