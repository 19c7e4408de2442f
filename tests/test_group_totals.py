"""The kept group counts (``group_totals``) always equal the counts of the entries themselves.

Every write path that changes a list's entries goes through the storage layer, which counts the touched lists
again before the transaction commits (``storage/totals.py``). This walks the real Elicit versions through import,
sync (items added, retired, restored, moved between topics), ``add_item``, ``move``, feed-placed items and
``remove_list``, and after each step compares the kept rows with a GROUP BY over the entries, on both engines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import false, func, select

from readinglist.storage.schema import entries, group_totals

ELICIT = Path(__file__).resolve().parents[2] / "shared" / "data" / "elicit"
VERSIONS = sorted(ELICIT.glob("README.*.md")) if ELICIT.is_dir() else []
pytestmark = pytest.mark.skipif(
    len(VERSIONS) < 3, reason="needs the real Elicit versions in ../shared/data/elicit"
)


def kept(lib) -> list[tuple]:
    with lib._storage.read() as conn:
        g = group_totals
        rows = conn.execute(
            select(g.c.list_id, g.c.section_id, g.c.tier, g.c.tier_label, g.c.start, g.c.total)
        )
        return sorted(tuple(r) for r in rows)


def counted(lib) -> list[tuple]:
    e = entries
    q = (
        select(
            e.c.list_id,
            e.c.section_id,
            e.c.tier,
            func.min(e.c.tier_label),
            func.min(e.c.position),
            func.count(),
        )
        .where(e.c.retired.is_(false()))
        .group_by(e.c.list_id, e.c.section_id, e.c.tier)
    )
    with lib._storage.read() as conn:
        return sorted(tuple(r) for r in conn.execute(q))


def check(lib) -> None:
    rows = kept(lib)
    assert rows == counted(lib)
    assert rows, "the walk always has some list"


def test_kept_counts_follow_every_write(lib, tmp_path: Path) -> None:
    source = tmp_path / "elicit.md"
    source.write_bytes(VERSIONS[0].read_bytes())
    lib.import_list(source, name="elicit")
    check(lib)
    before = {(r.topic, r.tier): r.total for r in lib.progress("elicit")}
    for version in VERSIONS[1:] + [
        VERSIONS[0]
    ]:  # forward through every version, then back: retire and restore
        source.write_bytes(version.read_bytes())
        lib.sync("elicit")
        check(lib)
    assert {(r.topic, r.tier): r.total for r in lib.progress("elicit")} == before
    lib.add_item("https://example.org/a-new-paper", list="elicit", topic="Inbox", tier=2)
    check(lib)
    lib.move("https://example.org/a-new-paper", topic="Reinforcement learning", tier=1, list="elicit")
    check(lib)
    other = tmp_path / "other.md"
    other.write_bytes(VERSIONS[-1].read_bytes())
    lib.import_list(other, name="other")
    check(lib)
    assert sum(r.total for r in lib.progress("other")) == lib.get_list("other").entry_count
    lib.remove_list("elicit")
    check(lib)
    assert {r[0] for r in kept(lib)} == {lib.get_list("other").id}


def test_a_failed_write_leaves_the_kept_counts_as_they_were(lib, tmp_path: Path) -> None:
    source = tmp_path / "elicit.md"
    source.write_bytes(VERSIONS[0].read_bytes())
    lib.import_list(source, name="elicit")
    rows = kept(lib)
    with pytest.raises(RuntimeError), lib._storage.transaction() as conn:
        from readinglist.storage import lists as db

        db.delete_entries(conn, [e.id for e in lib.entries("elicit")][:10])
        raise RuntimeError("the write fails after deleting")
    assert kept(lib) == rows == counted(lib)
    with lib._storage.transaction():
        pass  # a later transaction on the same pooled connection recounts nothing it did not touch
    assert kept(lib) == rows

