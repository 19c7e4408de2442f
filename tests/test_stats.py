"""Stats replayed from the event history: per day/week, streaks, pace, time to finish, estimates."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from conftest import T0, make_small_list

import readinglist
from readinglist import stats as st
from readinglist.types import ProgressRow

DAY = 86400


def test_streaks_current_may_end_yesterday_longest_is_the_best_run() -> None:
    d = dt.date(2025, 11, 26)
    days = [d - dt.timedelta(days=n) for n in (1, 2, 3, 10, 11, 12, 13, 14)]
    assert st.streaks(days, d) == (3, 5)
    assert st.streaks(days + [d], d) == (4, 5)
    assert st.streaks([d - dt.timedelta(days=2)], d) == (0, 1)
    assert st.streaks([], d) == (0, 0)


def test_estimates_follow_tier_first_order() -> None:
    rows = [
        ProgressRow("l", ("A",), 1, None, total=4, read=2),
        ProgressRow("l", ("B",), 1, None, total=2, read=0),
        ProgressRow("l", ("A",), 2, None, total=4, read=0),
    ]
    today = dt.date(2025, 1, 1)
    found = {(e.scope, e.name): e for e in st.estimates(rows, pace=2.0, today=today)}
    assert (found["list", "l"].remaining, found["list", "l"].weeks) == (8, 4.0)
    assert found["list", "l"].date == dt.date(2025, 1, 29)
    assert (found["tier", "Tier 1"].remaining, found["tier", "Tier 1"].weeks) == (4, 2.0)
    assert (found["tier", "Tier 2"].remaining, found["tier", "Tier 2"].weeks) == (4, 4.0)  # after Tier 1
    assert (found["topic", "B"].remaining, found["topic", "B"].weeks) == (2, 1.0)
    assert [e.date for e in st.estimates(rows, pace=0.0, today=today) if e.remaining] == [None] * 5


def test_library_stats_from_marks_over_days(lib, clock) -> None:
    lib.import_list(make_small_list())
    lib.mark("Illustrated Transformer", "reading")
    clock.advance(2 * DAY)  # Nov 28
    lib.mark("Illustrated Transformer", "read")
    lib.mark("Attention", "read")
    clock.advance(DAY)  # Nov 29
    lib.mark("Spinning Up", "read")
    lib.mark("Deep RL Course", "skipped")
    lib.mark("Concrete Problems", "read")
    lib.undo()  # takes the last read back: it never counted
    clock.advance(DAY)  # Nov 30
    s = lib.stats()
    assert s.today == dt.date(2025, 11, 30)
    assert s.per_day == ((dt.date(2025, 11, 28), 2), (dt.date(2025, 11, 29), 1))
    assert (s.read, s.skipped) == (3, 1)
    assert (s.current_streak, s.longest_streak) == (2, 2)
    assert s.pace == 3 / 4
    assert s.days_to_finish == 2.0  # only the Illustrated Transformer was started before it was read
    assert s.per_week[-1] == (dt.date(2025, 11, 24), 3)
    assert len(s.per_week) == 12 and sum(n for _, n in s.per_week) == 3
    whole = next(e for e in s.estimates if e.scope == "list")
    assert (whole.done, whole.total, whole.remaining) == (4, 9, 5)
    assert whole.date == dt.date(2025, 11, 30) + dt.timedelta(days=47)  # 5 / 0.75 weeks = 46.7 days
    # since, and a list that holds none of them
    assert lib.stats(since="2025-11-29").read == 1
    lib.import_list(
        readinglist.ListToImport(
            name="other", items=(readinglist.ItemToImport("X", "https://example.org/x"),)
        )
    )
    assert lib.stats("other").read == 0
    assert lib.stats("small").read == 3
    with pytest.raises(readinglist.ReadingListError):
        lib.stats(since="last week")


def test_stats_of_a_profile_that_never_marked(lib) -> None:
    lib.import_list(make_small_list())
    s = lib.stats()
    assert (s.read, s.pace, s.current_streak, s.days_to_finish) == (0, 0.0, 0, None)
    assert s.today == T0.date()


def test_the_database_replays_the_history_like_the_pure_function(lib, db_url, clock) -> None:
    """storage.stats.final_states (three GROUP BY queries) == stats.replay over every event, on a random history
    of marks and undos."""
    import random

    import sqlalchemy as sa

    from readinglist.storage import stats as sdb

    lib.import_list(make_small_list())
    ids = [e.item.id for e in lib.entries()]
    rng = random.Random(5)
    for _ in range(120):
        clock.advance(rng.choice([60, 3600, DAY]))
        if rng.random() < 0.15:
            with contextlib.suppress(readinglist.ReadingListError):
                lib.undo()
            continue
        chosen = rng.sample(ids, rng.randint(1, 3))
        lib.mark(chosen, rng.choice(["read", "reading", "skipped", "unread", "reading"]))
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            pid = conn.execute(sa.text("SELECT id FROM profiles WHERE name = 'default'")).scalar()
            expected = st.replay(sdb.status_events(conn, pid))
            assert sdb.final_states(conn, pid) == expected
            list_id = conn.execute(sa.text("SELECT id FROM lists WHERE name = 'small'")).scalar()
            assert sdb.final_states(conn, pid, list_id=list_id) == st.replay(
                sdb.status_events(conn, pid, list_id=list_id)
            )
    finally:
        engine.dispose()
    assert {s for s, _, _ in expected.values()} >= {"read", "reading"}
    assert any(started is not None for _, _, started in expected.values())


def test_a_goodreads_shelf_counts_each_book_on_the_day_it_was_read(lib, data_dir) -> None:
    """Goodreads' Date Read is kept: the read is an event of that day, so per-day counts and streaks see it there."""
    import datetime as dt

    lib.import_list(str(data_dir / "csv" / "goodreads_library_export.csv"), name="shelf")
    habits = lib.find("Atomic Habits")
    [entry] = [e for e in lib.entries("shelf") if e.item.id == habits.id]
    assert entry.status.value == "read"
    stats = lib.stats("shelf")
    assert (dt.date(2023, 1, 14), 1) in stats.per_day
    assert stats.read == 1 and stats.current_streak == 0
