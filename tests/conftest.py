"""Shared test fixtures.

Real data lives in ``../shared`` beside the clone (the Elicit README versions and the seed documents). It is not
copied into the project: tests that need it use the ``shared_dir`` / ``elicit_files`` / ``seeds_dir`` fixtures,
which skip with a clear reason where ``../shared`` is absent (as in a user's clone).
"""

from __future__ import annotations

import datetime as _dt
import os
import uuid as _uuid
from collections.abc import Iterator
from pathlib import Path

import pg as _pg
import pytest

from readinglist.types import ItemToImport, Kind, ListToImport

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("READINGLIST_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data" / "elicit").is_dir():
        pytest.skip(f"needs the real data in {SHARED} (../shared beside the clone); not present here")
    return SHARED


@pytest.fixture(scope="session")
def elicit_files(shared_dir: Path) -> list[Path]:
    """The five real versions of the Elicit README, oldest first."""
    return sorted((shared_dir / "data" / "elicit").glob("README.*.md"))


@pytest.fixture(scope="session")
def elicit_newest(elicit_files: list[Path]) -> Path:
    return elicit_files[-1]


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture()
def data_dir() -> Path:
    """Small fixtures written for the tests (tests/data)."""
    return DATA


# --- databases: SQLite and a real PostgreSQL -------------------------------------------------------------
#
# ``db_url`` and ``lib`` run a test once on a fresh SQLite file and once on a fresh PostgreSQL schema. The
# PostgreSQL server (tests/pg.py) is started once per session in a temporary directory; each test gets its own
# schema in one scratch database (``CREATE SCHEMA`` takes milliseconds where ``CREATE DATABASE`` takes ~0.4 s),
# selected through the connection's ``search_path``. Tests that need a whole database use ``pg_database_url``.

T0 = _dt.datetime(2025, 11, 26, 9, 0, tzinfo=_dt.timezone.utc)
"""Where the ``clock`` fixture starts: the date of the newest Elicit README."""


class Clock:
    """A pinned clock for ``readinglist.open(..., clock=...)``; tests move it with :meth:`advance`."""

    def __init__(self, start: _dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> _dt.datetime:
        return self.now

    def advance(self, seconds: float) -> _dt.datetime:
        self.now += _dt.timedelta(seconds=seconds)
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_pg.PgServer]:
    """One PostgreSQL server for the session; skips (visibly) only where no PostgreSQL binaries exist."""
    try:
        server = _pg.start()
    except _pg.PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests need a server: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _pg_scratch(pg_server: _pg.PgServer) -> Iterator[str]:
    """The one database the per-test schemas live in."""
    name = pg_server.create_database("readinglist_tests")
    yield name
    pg_server.drop_database(name)


@pytest.fixture()
def pg_url(pg_server: _pg.PgServer, _pg_scratch: str) -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema of their own (dropped after the test)."""
    import psycopg

    schema = f"t_{_uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.url(_pg_scratch).replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{pg_server.url(_pg_scratch)}?options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server.url(_pg_scratch).replace("+psycopg", ""), autocommit=True) as conn:
        # A test may leave a connection open; end those before dropping what they use.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture()
def pg_database_url(pg_server: _pg.PgServer) -> Iterator[str]:
    """A URL of a whole new database (slower: ~0.4 s), dropped after the test."""
    name = pg_server.create_database("t")
    yield pg_server.url(name)
    pg_server.drop_database(name)


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database (no tables at all): an SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'readinglist.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def _sqlite_at_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file the migrations brought to head, once per session; tests get copies of it."""
    import readinglist

    path = tmp_path_factory.mktemp("template") / "readinglist.db"
    readinglist.open(path).close()
    return path


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database with the current schema and no data, on SQLite then on PostgreSQL.

    Running the migrations for every test would dominate the suite's time, so SQLite gets a copy of a file the
    migrations built once, and PostgreSQL a schema made from ``storage.schema.metadata`` and stamped at head
    (test_migrations checks that the migrations build exactly that schema, on both engines).
    """
    import shutil

    if request.param == "sqlite":
        path = tmp_path / "readinglist.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_at_head"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    _create_at_head(url)
    return url


def _create_at_head(url: str) -> None:
    import sqlalchemy as sa

    from readinglist.storage import search
    from readinglist.storage.migrate import HEAD
    from readinglist.storage.schema import metadata

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            metadata.create_all(conn)
            search.install(conn)  # the search index lives outside the schema module (engine-specific)
            conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
            conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": HEAD})
    finally:
        engine.dispose()


@pytest.fixture()
def lib(db_url: str, clock: Clock) -> Iterator[object]:
    """An open :class:`readinglist.Library` on a fresh database (both engines), with the pinned ``clock``."""
    import readinglist

    library = readinglist.open(db_url, clock=clock)
    try:
        yield library
    finally:
        library.close()


# --- a small tiered list built in code ---------------------------------------------------------------------

TRANSFORMERS = ("Fundamentals", "Transformers")
RL = ("Fundamentals", "Reinforcement learning")
ALIGNMENT = ("Alignment",)


def make_small_list(name: str = "small") -> ListToImport:
    """Nine items in three topics: Transformers 2+2, RL 1+1, Alignment 1 + one Tier 4+ + one untiered."""
    return ListToImport(
        name=name,
        title="A small tiered list",
        format="test",
        items=(
            ItemToImport(
                "The Illustrated Transformer",
                "http://jalammar.github.io/illustrated-transformer/",
                TRANSFORMERS,
                1,
                note="Jay Alammar",
            ),
            ItemToImport("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", TRANSFORMERS, 1),
            ItemToImport(
                "The Annotated Transformer",
                "https://nlp.seas.harvard.edu/annotated-transformer/",
                TRANSFORMERS,
                2,
            ),
            ItemToImport(
                "Formal Algorithms for Transformers", "https://arxiv.org/abs/2207.09238", TRANSFORMERS, 2
            ),
            ItemToImport("Spinning Up in Deep RL", "https://spinningup.openai.com/", RL, 1),
            ItemToImport(
                "Deep RL Course", "https://huggingface.co/learn/deep-rl-course", RL, 2, kind=Kind.COURSE
            ),
            ItemToImport("Concrete Problems in AI Safety", "https://arxiv.org/abs/1606.06565", ALIGNMENT, 1),
            ItemToImport(
                "Risks from Learned Optimization",
                "https://arxiv.org/abs/1906.01820",
                ALIGNMENT,
                4,
                tier_label="Tier 4+",
            ),
            ItemToImport(
                "An untiered essay on alignment", "https://example.org/essays/alignment", ALIGNMENT, None
            ),
        ),
    )


@pytest.fixture()
def small_list() -> ListToImport:
    """Nine items in three topics (see :func:`make_small_list`)."""
    return make_small_list()
