"""The database's answers equal the pure rules' answers, on random lists and progress, on SQLite and PostgreSQL.

``next``, ``progress``, ``find`` and the completion messages of ``mark`` are answered by queries shaped like the
answer (readinglist/reading.py, storage/reads.py). The pure functions in recommend.py, progress.py and lookup.py
state the rules; here hypothesis builds random lists (shared resources, topics, tiers, kinds, syncs that add
entries) and random progress, and each answer is checked against the pure rule applied to every entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readinglist
from readinglist import lookup
from readinglist.exceptions import ReadingListError
from readinglist.progress import completion_messages, progress_rows, tier_matches
from readinglist.recommend import recommend
from readinglist.storage import lists as db
from readinglist.types import ItemToImport, Kind, ListToImport, Status

TOPICS = [(), ("Fundamentals",), ("Fundamentals", "Transformers"), ("Agents",), ("Agents", "Tools")]
WORDS = ["attention", "scaling", "agents", "reward", "vision", "memory", "graph", "tools"]
KINDS = [None, Kind.PAPER, Kind.VIDEO, Kind.POST]
STATUSES = [None, Status.READ, Status.SKIPPED, Status.READING, Status.UNREAD]


@st.composite
def an_item(draw: st.DrawFn) -> ItemToImport:
    n = draw(st.integers(0, 30))  # a small pool of resources, so lists share some
    tier = draw(st.sampled_from([None, 1, 1, 2, 2, 3, 4]))
    title = f"{WORDS[n % len(WORDS)].title()} paper {n}"
    return ItemToImport(
        title=title,
        url=f"https://example.org/p/{n}",
        section=draw(st.sampled_from(TOPICS)),
        tier=tier,
        tier_label="Tier 4+" if tier == 4 else None,
        kind=KINDS[n % len(KINDS)],
    )


def a_list(name: str) -> st.SearchStrategy[ListToImport]:
    return st.lists(an_item(), min_size=1, max_size=25).map(
        lambda items: ListToImport(items=tuple(items), name=name, format="test")
    )


@st.composite
def a_world(draw: st.DrawFn) -> dict:
    names = ["alpha", "beta", "gamma"][: draw(st.integers(1, 3))]
    lists = {n: draw(a_list(n)) for n in names}
    grow = draw(st.none() | st.sampled_from(names))  # a sync that adds entries after the first import
    extra = draw(st.lists(an_item(), min_size=1, max_size=5)) if grow else []
    marks = draw(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(STATUSES[1:])), max_size=20))
    return {"lists": lists, "grow": grow, "extra": extra, "marks": marks}


@pytest.fixture()
def world_lib(db_url: str):
    library = readinglist.open(db_url, clock=Clock())
    try:
        yield library
    finally:
        library.close()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 11, 26, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def build(lib: readinglist.Library, world: dict) -> None:
    for info in lib.lists():
        lib.remove_list(info.name)
    for name, lst in world["lists"].items():
        lib.import_list(lst, name=name)
    if world["grow"]:
        lst = world["lists"][world["grow"]]
        grown = ListToImport(items=lst.items + tuple(world["extra"]), name=lst.name, format="test")
        lib.import_list(grown, name=world["grow"])
    for n, status in world["marks"]:
        with contextlib.suppress(ReadingListError):  # that resource may be in no list of this world
            lib.mark(f"https://example.org/p/{n}", status)


def pure_candidates(lib, *, list=None, topic=None, tier=None):
    found = [e for e in lib.entries() if list is None or e.list_name == list]
    if topic is not None:
        found = [e for e in found if lookup.topic_matches(e, topic)]
    return [e for e in found if tier_matches(e.tier, tier)]


def fresh_ids(lib) -> set[int]:
    with lib._storage.read() as conn:
        return db.entries_added_by_sync(conn)


SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    world=a_world(),
    strategy=st.sampled_from(["tier-first", "topic-first"]),
    limit=st.sampled_from([1, 3, 5, None]),
    kind=st.sampled_from(KINDS),
    where=st.sampled_from([{}, {"list": "alpha"}, {"topic": "Fundamentals"}, {"tier": 2}, {"tier": "untiered"}]),
)
def test_next_equals_the_pure_ranking(world_lib, world, strategy, limit, kind, where) -> None:
    lib = world_lib
    build(lib, world)
    try:
        candidates = pure_candidates(lib, **where)
    except ReadingListError:
        return
    if not candidates and "topic" in where:
        with pytest.raises(ReadingListError):
            lib.next(limit, strategy=strategy, kind=kind, **where)
        return
    expected = recommend(
        candidates,
        strategy=strategy,
        limit=limit,
        list_order=[i.name for i in lib.lists()],
        fresh=fresh_ids(lib),
        kind=kind,
    )
    got = lib.next(limit, strategy=strategy, kind=kind, **where)
    assert [(r.entry.id, r.reason) for r in got] == [(r.entry.id, r.reason) for r in expected]
    assert got == expected


@SETTINGS
@given(world=a_world(), which=st.sampled_from([None, "alpha", "beta"]))
def test_progress_equals_the_pure_counts(world_lib, world, which) -> None:
    lib = world_lib
    build(lib, world)
    if which is not None and which not in world["lists"]:
        with pytest.raises(ReadingListError):
            lib.progress(which)
        return
    assert lib.progress(which, effort=False) == progress_rows(pure_candidates(lib, list=which))


@SETTINGS
@given(world=a_world(), n=st.integers(0, 30), status=st.sampled_from(STATUSES[1:]))
def test_mark_reports_what_the_pure_rules_say_it_finished(world_lib, world, n, status) -> None:
    lib = world_lib
    build(lib, world)
    url = f"https://example.org/p/{n}"
    try:
        item = lib.find(url)
    except ReadingListError:
        return
    before = {e.item.id: e.status for e in lib.entries()}
    holding = {e.list_name for e in lib.entries() if e.item.id == item.id}
    concerned = [e for e in lib.entries() if e.list_name in holding]
    result = lib.mark(item, status)
    changed = {i.id: status for i in result.items}
    assert set(changed) <= {item.id}
    if before.get(item.id) is status:
        assert not changed
    assert list(result.messages) == completion_messages(concerned, changed)


@SETTINGS
@given(world=a_world(), words=st.lists(st.sampled_from(WORDS + ["paper", "1", "2", "pap"]), min_size=1, max_size=3))
def test_find_by_title_words_equals_the_pure_pick(world_lib, world, words) -> None:
    lib = world_lib
    build(lib, world)
    query = " ".join(words)

    def outcome(fn):
        try:
            return ("item", fn().id)
        except ReadingListError as exc:
            return (type(exc).__name__, sorted(getattr(exc, "candidates", []) or []))

    pure = outcome(lambda: lookup.pick(query, lib.entries(include_retired=True)))
    assert outcome(lambda: lib.find(query)) == pure
    for n in itertools.islice(range(31), 5):
        url = f"https://example.org/p/{n}"
        assert outcome(lambda u=url: lib.find(u)) == outcome(
            lambda u=url: lookup.pick(u, lib.entries(include_retired=True))
        )


def test_progress_rows_are_made_exactly_as_the_constructor_makes_them() -> None:
    """progress builds its rows through the slots (a fifth of the frozen ``__init__``'s cost): same fields, in
    order, and rows equal, hash and print alike."""
    import dataclasses

    from readinglist import reading
    from readinglist.types import ProgressRow

    assert tuple(f.name for f in dataclasses.fields(ProgressRow)) == reading.PROGRESS_FIELDS
    values = ("elicit", ("Transformers",), 2, "Tier 2", 10, 3, 1, 2, 45, 4)
    fast, slow = reading._progress_row(*values), ProgressRow(*values)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow) and fast.done == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.total = 11  # type: ignore[misc]
