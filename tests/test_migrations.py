"""The schema's history: Alembic scripts, the REVISIONS constant, upgrades with data, refusing newer databases."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa

import readinglist
from readinglist import DatabaseTooNewError, Status
from readinglist.storage import migrate, search
from readinglist.storage.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def test_revisions_constant_is_the_chain_of_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrate.migrations_dir()))
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == migrate.REVISIONS
    assert scripts.get_heads() == [migrate.HEAD]
    assert scripts.get_base() == migrate.REVISIONS[0]
    # Every script file is in the chain (no orphan left out of the walk).
    files = sorted(p.name.split("_")[0] for p in (migrate.migrations_dir() / "versions").glob("[0-9]*.py"))
    assert files == sorted(migrate.REVISIONS)


def test_the_migrations_build_exactly_the_schema_module(empty_db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD
            # The search index is engine-specific and lives outside the schema module (storage/search.py).
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, *_: not search.is_search_object(name),
                },
            )
            diff = compare_metadata(context, metadata)
            tables = {t for t in sa.inspect(conn).get_table_names() if not search.is_search_object(t)}
    finally:
        engine.dispose()
    assert diff == []
    assert tables == set(metadata.tables) | {"alembic_version"}


def _insert_at_0001(conn: sa.Connection) -> None:
    """One of everything the first schema had: a profile, a list with two sections, resources, entries, progress, events."""
    rows = {
        "profiles": [{"id": 1, "name": "default", "created_at": T0}],
        "lists": [
            {
                "id": 1,
                "name": "old",
                "title": "An old list",
                "source": "/tmp/old.md",
                "format": "markdown",
                "content_hash": "ab" * 32,
                "imported_at": T0,
                "created_at": T0,
            }
        ],
        "list_versions": [
            {"id": 1, "list_id": 1, "imported_at": T0, "content_hash": "ab" * 32, "entry_count": 2}
        ],
        "sections": [
            {
                "id": 1,
                "list_id": 1,
                "parent_id": None,
                "title": "Basics",
                "path": '["Basics"]',
                "position": 0,
            },
            {
                "id": 2,
                "list_id": 1,
                "parent_id": 1,
                "title": "Transformers",
                "path": '["Basics", "Transformers"]',
                "position": 1,
            },
        ],
        "resources": [
            {
                "id": 1,
                "key": "https://arxiv.org/abs/1706.03762",
                "title_key": "attentionisallyouneed",
                "url": "https://arxiv.org/abs/1706.03762",
                "canonical_url": "https://arxiv.org/abs/1706.03762",
                "title": "Attention Is All You Need",
                "kind": "paper",
                "created_at": T0,
            },
            {
                "id": 2,
                "key": "https://jalammar.github.io/illustrated-transformer",
                "title_key": "theillustratedtransformer",
                "url": "http://jalammar.github.io/illustrated-transformer/",
                "canonical_url": "https://jalammar.github.io/illustrated-transformer",
                "title": "The Illustrated Transformer",
                "kind": "post",
                "created_at": T0,
            },
        ],
        "entries": [
            {
                "id": 1,
                "list_id": 1,
                "section_id": 2,
                "resource_id": 2,
                "position": 0,
                "tier": 1,
                "title": "The Illustrated Transformer",
                "url": "http://jalammar.github.io/illustrated-transformer/",
                "new": False,
                "retired": False,
                "added_at": T0,
                "updated_at": T0,
            },
            {
                "id": 2,
                "list_id": 1,
                "section_id": 2,
                "resource_id": 1,
                "position": 1,
                "tier": 2,
                "title": "Attention Is All You Need",
                "url": "https://arxiv.org/abs/1706.03762",
                "new": True,
                "retired": False,
                "added_at": T0,
                "updated_at": T0,
            },
        ],
        "progress": [
            {
                "profile_id": 1,
                "resource_id": 2,
                "status": "read",
                "rating": 4,
                "note": "good",
                "started_at": T0,
                "finished_at": T0,
                "updated_at": T0,
            }
        ],
        "events": [
            {
                "id": 1,
                "profile_id": 1,
                "resource_id": 2,
                "batch": 1,
                "at": T0,
                "old_status": None,
                "new_status": "read",
                "new_rating": 4,
                "new_note": "good",
            }
        ],
    }
    meta = sa.MetaData()
    meta.reflect(conn)
    for name, values in rows.items():
        conn.execute(meta.tables[name].insert(), values)
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for name in ("profiles", "lists", "list_versions", "sections", "resources", "entries", "events"):
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                )
            )


@contextlib.contextmanager
def _old_database(url: str, revision: str) -> Iterator[sa.Connection]:
    """A database made by ``revision`` that holds the first schema's rows (written at 0001, then upgraded), as a
    connection in a transaction: the test looks at it, or adds the rows that revision knows of."""
    engine = sa.create_engine(url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            _insert_at_0001(conn)
        migrate.upgrade(engine, revision)
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def test_a_database_from_the_first_migration_upgrades_with_its_data(
    empty_db_url: str, tmp_path: Path
) -> None:
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            assert migrate.current_revision(conn) == "0001"
            assert not sa.inspect(conn).has_table("feeds")
            _insert_at_0001(conn)
    finally:
        engine.dispose()
    before = pg.dump(empty_db_url)

    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        entries = lib.entries("old")
        assert [
            (e.title, e.section, e.tier, e.status, e.rating, e.progress_note, e.new) for e in entries
        ] == [
            ("The Illustrated Transformer", ("Basics", "Transformers"), 1, Status.READ, 4, "good", False),
            ("Attention Is All You Need", ("Basics", "Transformers"), 2, Status.UNREAD, None, None, True),
        ]
        assert lib.get_list("old").imported_at == T0
        assert lib.find("https://arxiv.org/pdf/1706.03762").id == 1
        # The old history still undoes, and new rows get fresh ids.
        assert [i.title for i in lib.undo().items] == ["The Illustrated Transformer"]
        lib.mark("Attention", "read")
        assert lib.feeds() == []  # the tables of 0002 exist

    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    for table in ("lists", "list_versions", "sections", "resources", "entries", "profiles"):
        assert pg.unchanged(before, after, table), table  # later migrations add columns
    old_width = len(before["events"][0])  # later migrations add columns to events
    assert len(after["events"]) == 3 and before["events"][0] in [r[:old_width] for r in after["events"]]
    if empty_db_url.startswith("sqlite"):
        path = Path(sa.make_url(empty_db_url).database)
        backup = path.with_name(f"{path.name}.schema-0001.bak")
        assert backup.is_file()
        assert pg.query(f"sqlite:///{backup}", "SELECT version_num FROM alembic_version") == [("0001",)]
        assert pg.query(f"sqlite:///{backup}", "SELECT count(*) FROM entries") == [(2,)]


def test_a_database_newer_than_the_code_is_refused_and_untouched(db_url: str) -> None:
    with readinglist.open(db_url) as lib:
        lib.import_list(
            readinglist.ListToImport(
                items=(readinglist.ItemToImport("A", "https://example.org/a"),), name="l"
            )
        )
    with pg.connect(db_url) as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    before = pg.dump(db_url)
    raw = _file_bytes(db_url)
    with pytest.raises(DatabaseTooNewError, match=r"newer readinglist \(schema 9999\).*upgrade readinglist"):
        readinglist.open(db_url)
    assert pg.dump(db_url) == before
    assert _file_bytes(db_url) == raw
    if db_url.startswith("sqlite"):
        path = Path(sa.make_url(db_url).database)
        assert list(path.parent.glob("*.bak")) == []


def _file_bytes(url: str) -> bytes | None:
    if not url.startswith("sqlite"):
        return None
    return Path(sa.make_url(url).database).read_bytes()


def test_an_empty_database_is_created_at_head(empty_db_url: str) -> None:
    with readinglist.open(empty_db_url) as lib:
        assert lib.lists() == []
    assert pg.query(empty_db_url, "SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]
    if empty_db_url.startswith("sqlite"):
        path = Path(sa.make_url(empty_db_url).database)
        assert list(path.parent.glob("*.bak")) == []  # nothing to back up in a new file


def test_opening_a_current_database_does_not_import_alembic(db_url: str) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import readinglist
        with readinglist.open({db_url!r}) as lib:
            assert lib.lists() == []
        print("alembic" in sys.modules, any(m.startswith("alembic.") for m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_an_old_database_does_import_alembic_and_upgrades(empty_db_url: str) -> None:
    """The other half of the fast path: a database behind head is upgraded on open (from a fresh process)."""
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0001")
    finally:
        engine.dispose()
    script = textwrap.dedent(
        f"""
        import sys
        import readinglist
        readinglist.open({empty_db_url!r}).close()
        print("alembic" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
    assert pg.query(empty_db_url, "SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]


def test_a_database_at_0002_gains_the_read_indexes_and_answers_from_them(empty_db_url: str) -> None:
    """0003 adds the indexes ``next`` and ``progress`` stand on; data from 0002 is untouched and answers."""
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            _insert_at_0001(conn)
            assert "ix_entries_next" not in {i["name"] for i in sa.inspect(conn).get_indexes("entries")}
    finally:
        engine.dispose()
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert [r.entry.title for r in lib.next()] == ["Attention Is All You Need"]
        assert [(r.topic, r.tier, r.total, r.read) for r in lib.progress("old")] == [
            ("Transformers", 1, 1, 1),
            ("Transformers", 2, 1, 0),
        ]
    after = pg.dump(empty_db_url)
    for table in ("lists", "sections", "resources", "entries", "progress"):
        assert pg.unchanged(before, after, table), table  # later migrations add columns
    width = len(before["events"][0])  # later migrations add columns to events: the old ones are unchanged
    assert [r[:width] for r in after["events"]] == before["events"]
    engine = sa.create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            names = {i["name"] for i in sa.inspect(conn).get_indexes("entries")}
    finally:
        engine.dispose()
    assert {"ix_entries_next", "ix_entries_group"} <= names


def test_a_database_at_0002_upgrades_to_the_title_key_index_with_its_data(empty_db_url: str) -> None:
    """0008: resources.title_key gets an index; the old rows stay and a link-less item finds its resource by title."""
    with _old_database(empty_db_url, "0002") as conn:
        assert "ix_resources_title_key" not in {i["name"] for i in sa.inspect(conn).get_indexes("resources")}
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        lib.import_list(
            readinglist.ListToImport(items=(readinglist.ItemToImport("Attention is all you need"),)), name="refs"
        )
        [entry] = lib.entries("refs")
        assert entry.item.id == lib.find("https://arxiv.org/pdf/1706.03762").id  # the old resource, by its title
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    assert after["resources"] == before["resources"]
    engine = sa.create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            assert "ix_resources_title_key" in {i["name"] for i in sa.inspect(conn).get_indexes("resources")}
    finally:
        engine.dispose()


def test_a_database_at_0005_gains_the_progress_counts_index_and_answers_from_it(empty_db_url: str) -> None:
    """0014: entries' resource index becomes a covering one (resource, list, topic, tier, retired); rows untouched."""
    with _old_database(empty_db_url, "0005") as conn:
        names = {i["name"] for i in sa.inspect(conn).get_indexes("entries")}
        assert "ix_entries_resource_id" in names and "ix_entries_resource" not in names
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert [(r.topic, r.tier, r.total, r.read) for r in lib.progress("old")] == [
            ("Transformers", 1, 1, 1),
            ("Transformers", 2, 1, 0),
        ]
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    for table in ("lists", "sections", "resources", "entries", "progress", "events"):
        assert pg.unchanged(before, after, table), table
    engine = sa.create_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            indexes = {i["name"]: i["column_names"] for i in sa.inspect(conn).get_indexes("entries")}
    finally:
        engine.dispose()
    assert "ix_entries_resource_id" not in indexes
    assert indexes["ix_entries_resource"] == ["resource_id", "list_id", "section_id", "tier", "retired"]


def test_a_database_at_0005_gains_the_import_options_with_its_data(empty_db_url: str, tmp_path: Path) -> None:
    """0010: lists remember --base-url and --tiers; old lists have neither, their rows and the search index stay."""
    engine = sa.create_engine(empty_db_url)
    try:
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            _insert_at_0001(conn)
            assert "base_url" not in {c["name"] for c in sa.inspect(conn).get_columns("lists")}
    finally:
        engine.dispose()
    before = pg.dump(empty_db_url)
    source = tmp_path / "course.md"
    source.write_text("# Course\n\n## Intro\n\n- [One](one.md)\n\n## Core\n\n- [Two](two.md)\n")
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        old = lib.get_list("old")
        assert (old.base_url, old.tiers) == (None, None)
        assert [e.title for e in lib.search("Attention")] == ["Attention Is All You Need"]  # 0005's index
        base = "https://example.org/course/"
        info = lib.import_list(source, name="course", base_url=base, tiers="none").list
        assert (info.base_url, info.tiers) == (base, "none")
        assert [e.url for e in lib.entries("course")] == [base + "one.md", base + "two.md"]
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    for table in ("profiles", "progress", "events"):
        assert pg.unchanged(before, after, table), table
    for table in ("lists", "list_versions", "sections", "resources", "entries"):  # the new list came after
        width = len(before[table][0])
        assert [r[:width] for r in after[table][: len(before[table])]] == before[table], table
    assert after["lists"][0][len(before["lists"][0]) :] == (None, None)  # the old list: no options


def test_a_database_at_0010_gains_resource_aliases_with_its_data(empty_db_url: str) -> None:
    """0015: a new table of the keys a resource is also known by; the old rows stay and still answer."""
    with _old_database(empty_db_url, "0010") as conn:
        assert "resource_aliases" not in sa.inspect(conn).get_table_names()
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert lib.find("https://arxiv.org/pdf/1706.03762").title == "Attention Is All You Need"
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    assert after["resource_aliases"] == []
    for table in ("lists", "sections", "resources", "entries", "progress", "events"):
        assert pg.unchanged(before, after, table), table


def test_a_database_at_0015_gains_group_totals_counted_from_its_entries(empty_db_url: str) -> None:
    """0018: the kept counts per (list, topic, tier) are filled from the entries already stored (retired ones not
    counted), and progress answers from them; the old rows stay as they were."""
    with _old_database(empty_db_url, "0015") as conn:
        assert "group_totals" not in sa.inspect(conn).get_table_names()
        last = conn.execute(sa.text("SELECT * FROM entries ORDER BY id")).mappings().all()[-1]
        retired = dict(last, id=99, position=99, retired=True)  # a retired entry in tier 2: not counted
        columns = ", ".join(retired)
        values = ", ".join(":" + k for k in retired)
        conn.execute(sa.text(f"INSERT INTO entries ({columns}) VALUES ({values})"), retired)
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert [(r.topic, r.tier, r.total, r.read) for r in lib.progress("old")] == [
            ("Transformers", 1, 1, 1),
            ("Transformers", 2, 1, 0),
        ]
        assert lib.get_list("old").entry_count == 2
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    assert sorted((r[0], r[1], r[2], r[5]) for r in after["group_totals"]) == [(1, 2, 1, 1), (1, 2, 2, 1)]
    for table in ("lists", "sections", "resources", "entries", "progress", "events"):
        assert pg.unchanged(before, after, table), table


def test_a_database_at_0018_gains_entry_origins_with_feed_entries_told_apart(empty_db_url: str) -> None:
    """0019: every stored entry is the list's, except the ones a feed created in the list it targets."""
    with _old_database(empty_db_url, "0018") as conn:
        conn.execute(
            sa.text(
                "INSERT INTO feeds (id, url, list_id, disabled, created_at) "
                "VALUES (1, 'https://blog.example/feed', 1, false, :t)"
            ),
            {"t": T0},
        )
        rid = conn.execute(sa.text("SELECT max(resource_id) FROM entries")).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO feed_items (feed_id, guid, link_key, resource_id, first_seen) "
                "VALUES (1, 'p1', 'k', :rid, :t)"
            ),
            {"rid": rid, "t": T0},
        )
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        assert len(lib.entries("old")) == 2
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    width = len(before["entries"][0])
    assert [r[:width] for r in after["entries"]] == before["entries"]
    by_resource = {r[3]: r[width] for r in after["entries"]}  # resource_id -> origin
    assert sorted(by_resource.values()) == ["feed", "list"] and by_resource[rid] == "feed"
    for table in ("lists", "sections", "resources", "progress", "events", "feeds", "feed_items"):
        assert pg.unchanged(before, after, table), table


def test_a_database_at_0019_finds_its_resources_under_todays_keys(empty_db_url: str) -> None:
    """0020: a resource stored under a key of older rules (a Hugging Face paper page was its own resource) is
    found by today's key (the paper's arXiv page), so a later import lands on it instead of storing it again;
    a key another resource owns already is left to that resource."""
    old = [
        (3, "https://huggingface.co/papers/2401.04088", "https://huggingface.co/papers/2401.04088", "Mixtral"),
        (4, "https://alphaxiv.org/abs/1706.03762", "https://www.alphaxiv.org/abs/1706.03762", "Attention, again"),
    ]
    with _old_database(empty_db_url, "0019") as conn:
        for rid, key, url, title in old:
            conn.execute(
                sa.text(
                    "INSERT INTO resources (id, key, title_key, url, canonical_url, title, kind, created_at) "
                    "VALUES (:id, :key, :tk, :url, :key, :title, 'paper', :t)"
                ),
                {"id": rid, "key": key, "tk": title.lower(), "url": url, "title": title, "t": T0},
            )
    before = pg.dump(empty_db_url)
    with readinglist.open(empty_db_url, clock=lambda: T0 + dt.timedelta(days=1)) as lib:
        lib.import_list(
            readinglist.ListToImport(
                items=(readinglist.ItemToImport("Mixtral of Experts", "https://arxiv.org/abs/2401.04088v1"),),
                name="new",
            )
        )
    after = pg.dump(empty_db_url)
    assert after["alembic_version"] == [(migrate.HEAD,)]
    assert [(r[0], r[1]) for r in after["resource_aliases"]] == [("https://arxiv.org/abs/2401.04088", 3)]
    assert len(after["resources"]) == len(before["resources"])  # the import found resource 3, stored nothing new
    assert pg.query(empty_db_url, "SELECT resource_id FROM entries WHERE list_id = 2") == [(3,)]
    for table in ("progress", "events"):
        assert pg.unchanged(before, after, table), table
