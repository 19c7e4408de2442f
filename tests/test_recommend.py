"""The pure ranking: tier-first and topic-first over entries with their statuses, with reasons."""

from __future__ import annotations

import dataclasses

import pytest

from readinglist.exceptions import InvalidArgumentError
from readinglist.recommend import STRATEGIES, check_strategy, reason, recommend
from readinglist.types import Entry, Item, Status

TR, RL, AL = ("F", "Transformers"), ("F", "RL"), ("Alignment",)


def entry(n: int, section, tier, status=Status.UNREAD, *, list_name="l", item_id=None, **kw) -> Entry:  # type: ignore[no-untyped-def]
    rid = n if item_id is None else item_id
    item = Item(id=rid, title=f"Item {rid}", url=None, canonical_url=None)
    return Entry(
        id=n,
        list_name=list_name,
        item=item,
        title=f"Entry {n}",
        section=section,
        tier=tier,
        tier_label=kw.pop("tier_label", None),
        position=kw.pop("position", n),
        status=status,
        **kw,
    )


def small() -> list[Entry]:
    return [
        entry(0, TR, 1),
        entry(1, TR, 1),
        entry(2, TR, 2),
        entry(3, TR, 2),
        entry(4, RL, 1),
        entry(5, RL, 2),
        entry(6, AL, None),  # an item before any tier marker
        entry(7, AL, 1),
        entry(8, AL, 4, tier_label="Tier 4+"),
        entry(9, AL, 3),
    ]


def ids(recs) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.entry.id for r in recs]


def test_tier_first_reads_tier_1_of_every_topic_then_tier_2() -> None:
    assert ids(recommend(small(), limit=None)) == [0, 1, 4, 7, 2, 3, 5, 9, 8, 6]


def test_topic_first_finishes_a_topic_before_the_next() -> None:
    assert ids(recommend(small(), strategy="topic-first", limit=None)) == [0, 1, 2, 3, 4, 5, 7, 9, 8, 6]


def test_limit_and_reasons() -> None:
    entries = small()
    entries[0] = dataclasses.replace(entries[0], status=Status.READ)
    recs = recommend(entries, limit=3)
    assert [(r.entry.id, r.reason) for r in recs] == [
        (1, "Tier 1 of Transformers: 1 of 2 left"),
        (4, "Tier 1 of RL: 1 of 1 left"),
        (7, "Tier 1 of Alignment: 1 of 1 left"),
    ]
    assert recommend(entries, limit=None)[-2].reason == "Tier 4+ of Alignment: 1 of 1 left"
    assert recommend(entries, limit=None)[-1].reason == "Alignment: 1 of 1 left"


def test_reading_comes_first_and_done_never_comes_back() -> None:
    entries = small()
    entries[5] = dataclasses.replace(entries[5], status=Status.READING)
    entries[0] = dataclasses.replace(entries[0], status=Status.READ)
    entries[4] = dataclasses.replace(entries[4], status=Status.SKIPPED)
    for strategy in STRATEGIES:
        recs = recommend(entries, strategy=strategy, limit=None)
        assert recs[0].entry.id == 5
        assert recs[0].reason == "Tier 2 of RL: 1 of 1 left (you are reading it)"
        assert {0, 4}.isdisjoint(ids(recs))
        assert len(recs) == 8


def test_new_items_say_so() -> None:
    entries = [entry(0, TR, 1, new=True), entry(1, TR, 1)]
    assert recommend(entries)[0].reason == "Tier 1 of Transformers: 2 of 2 left (new in the list)"


def test_a_resource_in_two_places_is_recommended_once_at_its_first_place() -> None:
    entries = [
        entry(0, TR, 3, item_id=100),
        entry(1, TR, 1),
        entry(2, RL, 1, item_id=100),
        entry(3, TR, 1, list_name="other", item_id=1, position=0),
    ]
    assert ids(recommend(entries, limit=None)) == [1, 2]


def test_lists_keep_their_order() -> None:
    a = [entry(0, TR, 2, list_name="a", position=0)]
    b = [entry(1, TR, 1, list_name="b", position=0), entry(2, TR, 2, list_name="b", position=1)]
    # Tier-first across lists: b's Tier 1 first, then the Tier 2s in list order.
    assert ids(recommend(a + b, limit=None, list_order=["a", "b"])) == [1, 0, 2]
    assert ids(recommend(a + b, limit=None, list_order=["b", "a"])) == [1, 2, 0]
    assert ids(recommend(a + b, strategy="topic-first", limit=None, list_order=["b", "a"])) == [1, 2, 0]


def test_an_item_a_sync_added_to_a_finished_tier() -> None:
    entries = [entry(0, TR, 1, Status.READ), entry(1, TR, 1, Status.READ), entry(2, TR, 1), entry(3, TR, 2)]
    recs = recommend(entries, fresh={2}, limit=None)
    assert (
        recs[0].reason
        == "Tier 1 of Transformers: 1 of 3 left (new since you finished Tier 1 of Transformers)"
    )
    assert recs[1].reason == "Tier 2 of Transformers: 1 of 1 left"
    # When the old part of the tier is still open, nothing extra is said.
    entries[1] = dataclasses.replace(entries[1], status=Status.UNREAD)
    assert recommend(entries, fresh={2}, limit=None)[1].reason == "Tier 1 of Transformers: 2 of 3 left"


def test_nothing_left() -> None:
    assert recommend([dataclasses.replace(e, status=Status.READ) for e in small()]) == []
    assert recommend([]) == []


def test_root_items_are_named_by_their_list() -> None:
    e = entry(0, (), 1, list_name="seeds")
    assert reason(e, 1, 2) == "Tier 1 of seeds: 1 of 2 left"
    assert reason(entry(1, (), None, list_name="seeds"), 2, 2) == "seeds: 2 of 2 left"


@pytest.mark.parametrize("bad", ["random", "", "tier_first"])
def test_unknown_strategy(bad: str) -> None:
    with pytest.raises(InvalidArgumentError, match="choose one of tier-first, topic-first"):
        check_strategy(bad)
    with pytest.raises(InvalidArgumentError):
        recommend(small(), strategy=bad)
