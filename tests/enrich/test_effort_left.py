"""Effort left in ``progress``: minutes of the open items summed per list, topic and tier (both engines)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from enrich.standins import Paper, real_attention_paper
from readinglist import ItemToImport, ListToImport

# Pages the stand-in arXiv states (comments "15 pages, 5 figures", "29 pages", "39 pages") x 4 min per page.
ATTENTION, SAFETY, MESA = 60, 116, 156
PAPERS = {
    "1606.06565": Paper(
        "1606.06565", "Concrete Problems in AI Safety", ("D. Amodei",), "2016-06-21", "29 pages"
    ),
    "1906.01820": Paper(
        "1906.01820", "Risks from Learned Optimization", ("E. Hubinger",), "2019-06-05", "39 pages"
    ),
}


def the_list(name: str = "t") -> ListToImport:
    return ListToImport(
        name=name,
        items=(
            ItemToImport("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", ("Papers",), 1),
            ItemToImport("Concrete Problems", "https://arxiv.org/pdf/1606.06565v2", ("Papers",), 1),
            ItemToImport(
                "Risks from Learned Optimization", "https://arxiv.org/abs/1906.01820", ("Papers",), 2
            ),
            ItemToImport("A post nobody measured", "https://example.org/post", ("Papers",), 2),
            ItemToImport("A timed talk", "https://example.org/talk", ("Talks",), 1),
            ItemToImport("An untimed talk", "https://example.org/talk2", ("Talks",), 1),
        ),
    )


@pytest.fixture()
def enriched(lib, services, client):
    services.papers.update({"1706.03762": real_attention_paper(), **PAPERS})
    lib.import_list(the_list())
    results = list(lib.enrich("t", only="arxiv", endpoints=services.endpoints, client=client))
    assert sorted(r.status for r in results) == ["enriched"] * 3
    lib.set_minutes("A timed talk", 45)
    return lib


def left(lib, list_name: str | None = None) -> dict:
    return {
        (r.list_name, r.section, r.tier): (r.minutes_left, r.unestimated) for r in lib.progress(list_name)
    }


def test_progress_sums_the_open_items_minutes_per_topic_and_tier(enriched) -> None:
    lib = enriched
    assert left(lib) == {
        ("t", ("Papers",), 1): (ATTENTION + SAFETY, 0),
        ("t", ("Papers",), 2): (MESA, 1),
        ("t", ("Talks",), 1): (45, 1),
    }
    lib.mark("Attention Is All You Need", "read")
    lib.mark("Risks from Learned Optimization", "reading")  # started is still left to read
    lib.mark("An untimed talk", "skipped")
    assert left(lib) == {
        ("t", ("Papers",), 1): (SAFETY, 0),
        ("t", ("Papers",), 2): (MESA, 1),
        ("t", ("Talks",), 1): (45, 0),
    }
    lib.mark("Concrete Problems", "read")
    assert left(lib)[("t", ("Papers",), 1)] == (0, 0)
    # the counts are untouched by the sums
    row = next(r for r in lib.progress() if r.section == ("Papers",) and r.tier == 1)
    assert (row.total, row.read, row.done) == (2, 2, 2)
    plain = next(r for r in lib.progress(effort=False) if r.section == ("Papers",) and r.tier == 1)
    assert (plain.minutes_left, plain.unestimated, plain.total) == (0, 0, 2)


def test_your_own_minutes_win_per_item_and_count_in_progress(enriched) -> None:
    lib = enriched
    lib.set_minutes("Risks from Learned Optimization", 30)
    assert left(lib)[("t", ("Papers",), 2)] == (30, 1)
    assert (
        lib.effort([lib.find("Risks from Learned Optimization").id]).popitem()[1].label
        == "~30 min (your estimate)"
    )
    lib.set_minutes("A post nobody measured", 5)
    assert left(lib)[("t", ("Papers",), 2)] == (35, 0)
    lib.set_minutes("Risks from Learned Optimization", None)  # back to the fetched estimate
    assert left(lib)[("t", ("Papers",), 2)] == (MESA + 5, 0)


def test_each_reader_and_each_list_has_its_own_sums(enriched) -> None:
    lib = enriched
    lib.import_list(
        ListToImport(
            name="u", items=(ItemToImport("Attention", "https://arxiv.org/abs/1706.03762", ("Core",), 1),)
        )
    )
    lib.mark("Attention Is All You Need", "read")
    assert left(lib, "u") == {("u", ("Core",), 1): (0, 0)}  # read once, read in every list
    bob = lib.with_profile("bob")
    assert left(bob, "u") == {("u", ("Core",), 1): (ATTENTION, 0)}
    assert left(bob, "t")[("t", ("Papers",), 1)] == (ATTENTION + SAFETY, 0)
    assert left(lib, "t")[("t", ("Papers",), 1)] == (SAFETY, 0)


def test_the_sums_cost_the_same_queries_whatever_the_number_of_items(lib, services, client) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    def queries_of_progress() -> int:
        statements.clear()
        event.listen(lib._storage.engine, "before_cursor_execute", count)
        try:
            lib.progress()
        finally:
            event.remove(lib._storage.engine, "before_cursor_execute", count)
        return len(statements)

    lib.import_list(the_list())
    lib.set_minutes("A timed talk", 45)
    small = queries_of_progress()
    big = ListToImport(
        name="big",
        items=tuple(
            ItemToImport(f"Paper {n}", f"https://example.org/p{n}", (f"Topic {n % 3}",), 1 + n % 2)
            for n in range(300)
        ),
    )
    lib.import_list(big)
    for n in range(0, 300, 7):
        lib.set_minutes(f"https://example.org/p{n}", n + 1)
    lib.mark("https://example.org/p7", "read")
    assert queries_of_progress() == small  # as many queries for 306 items as for 6
    sums = {(r.section, r.tier): (r.minutes_left, r.unestimated) for r in lib.progress("big")}
    expected: dict = {}
    for n in range(300):
        key = ((f"Topic {n % 3}",), 1 + n % 2)
        minutes, unknown = expected.get(key, (0, 0))
        if n == 7:
            continue  # read
        expected[key] = (minutes + n + 1, unknown) if n % 7 == 0 else (minutes, unknown + 1)
    assert sums == expected


# --- stats: finish dates from the effort left ------------------------------------------------------------------


def test_estimates_from_minutes_count_unestimated_items_at_the_lists_average() -> None:
    import datetime as dt

    from readinglist import stats as st
    from readinglist.types import ProgressRow

    rows = [
        ProgressRow("l", ("A",), 1, None, total=4, read=2, minutes_left=120),
        ProgressRow("l", ("B",), 1, None, total=2, minutes_left=60, unestimated=1),
        ProgressRow("l", ("A",), 2, None, total=4, minutes_left=300, unestimated=1),
    ]
    today = dt.date(2025, 1, 1)
    # 6 open items have estimates (2 + 1 + 3): 480 min, 80 min on average; 150 min a week.
    found = {(e.scope, e.name): e for e in st.estimates(rows, 2.0, today, minutes_pace=150)}
    assert {e.basis for e in found.values()} == {"minutes"}
    whole = found["list", "l"]
    assert (whole.minutes_left, whole.unestimated, whole.remaining) == (480, 2, 8)
    assert whole.weeks == pytest.approx((480 + 2 * 80) / 150)
    assert whole.date == dt.date(2025, 1, 31)  # 29.9 days, rounded up
    assert found["tier", "Tier 1"].date == dt.date(2025, 1, 14)  # 120 + 60 + 80 = 260 min: 12.1 days
    assert found["tier", "Tier 2"].date == dt.date(2025, 1, 31)  # after Tier 1: 260 + 300 + 80
    assert found["topic", "B"].date == dt.date(2025, 1, 8)  # 60 + 80 = 140 min: 6.5 days
    # the fallback: no minutes pace, or no estimates in the list -> items a week, as before
    by_items = {(e.scope, e.name): e for e in st.estimates(rows, 2.0, today, minutes_pace=None)}
    assert {e.basis for e in by_items.values()} == {"items"}
    assert (by_items["list", "l"].weeks, by_items["list", "l"].date) == (4.0, dt.date(2025, 1, 29))
    bare = [ProgressRow("l", ("A",), 1, None, total=4, read=2, unestimated=2)]
    assert [e.basis for e in st.estimates(bare, 2.0, today, minutes_pace=150)] == ["items"] * 3


def test_minutes_pace_is_yours_or_observed_or_none() -> None:
    from readinglist import stats as st

    assert st.minutes_pace([1, 2, 3, 4], {1: 30, 2: 90}) == (60 * 4 / st.PACE_WEEKS, "observed")
    assert st.minutes_pace([1, 2], {1: 30}, minutes_per_day=20) == (140, "yours")
    assert st.minutes_pace([1, 2], {}) == (None, None)
    assert st.minutes_pace([], {1: 30}) == (None, None)


def test_library_stats_estimate_a_finish_date_from_the_effort(enriched) -> None:
    import datetime as dt

    from readinglist import InvalidArgumentError

    lib = enriched
    lib.mark("Attention Is All You Need", "read")  # 60 min read in the last 4 weeks: 15 min a week
    s = lib.stats("t")
    assert (s.minutes_pace, s.minutes_basis) == (ATTENTION / 4, "observed")
    whole = next(e for e in s.estimates if e.scope == "list")
    left = SAFETY + MESA + 45
    assert (whole.basis, whole.minutes_left, whole.unestimated) == ("minutes", left, 2)
    weeks = (left + 2 * left / 3) / (ATTENTION / 4)  # two open items without an estimate, at the average
    assert whole.weeks == pytest.approx(weeks)
    assert whole.date == s.today + dt.timedelta(days=-(-weeks * 7 // 1))
    mine = lib.stats("t", minutes_per_day=30)
    assert mine.minutes_basis == "yours"
    assert next(e for e in mine.estimates if e.scope == "list").weeks == pytest.approx(
        (left + 2 * left / 3) / 210
    )
    with pytest.raises(InvalidArgumentError):
        lib.stats("t", minutes_per_day=0)


def test_stats_without_effort_fall_back_to_items_a_week(lib) -> None:
    lib.import_list(the_list())
    lib.mark("Attention Is All You Need", "read")
    s = lib.stats("t")
    assert (s.minutes_pace, s.minutes_basis) == (None, None)
    whole = next(e for e in s.estimates if e.scope == "list")
    assert (whole.basis, whole.minutes_left, whole.unestimated, whole.weeks) == ("items", 0, 5, 5 / (1 / 4))


# --- the SQL against the pure statement of the rule (readinglist.enrich.effort.sums), on random lists ----------

_counter = iter(range(10**9))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.tuples(
            st.sampled_from([("A",), ("A", "B"), ()]),
            st.sampled_from([None, 1, 2]),
            st.one_of(st.none(), st.integers(1, 500)),
            st.sampled_from(["unread", "reading", "read", "skipped"]),
            st.booleans(),  # also in the second list
        ),
        min_size=1,
        max_size=12,
    )
)
def test_progress_sums_equal_the_pure_sums(lib, items) -> None:
    from readinglist.enrich.effort import sums

    n = next(_counter)
    first, second = f"first{n}", f"second{n}"
    urls = [f"https://example.org/{n}/{i}" for i in range(len(items))]
    lib.import_list(
        ListToImport(
            name=first,
            items=tuple(ItemToImport(f"Item {i}", urls[i], s, t) for i, (s, t, *_rest) in enumerate(items)),
        )
    )
    lib.import_list(
        ListToImport(
            name=second,
            items=tuple(ItemToImport(f"Item {i}", urls[i], ("Z",), 1) for i, it in enumerate(items) if it[4]),
        )
    )
    for i, (_s, _t, minutes, status, _shared) in enumerate(items):
        if minutes is not None:
            lib.set_minutes(urls[i], minutes)
        if status != "unread":
            lib.mark(urls[i], status)
    for name in (first, second):
        entries = lib.entries(name)
        if not entries:
            continue
        efforts = lib.effort([e.item.id for e in entries])
        expected = sums(
            (((e.section, e.tier), e.item.id, e.status.value in ("read", "skipped")) for e in entries),
            efforts,
        )
        got = {(r.section, r.tier): (r.minutes_left, r.unestimated) for r in lib.progress(name)}
        assert got == {k: expected.get(k, (0, 0)) for k in got}
        assert set(expected) <= set(got)
