"""A real PostgreSQL server for the tests, started in a temporary directory and stopped at the end.

One server per test session (``initdb`` + ``pg_ctl start`` take about two seconds); each test gets its own database
made with ``CREATE DATABASE ... TEMPLATE template0`` (a few milliseconds) and dropped afterwards. The server listens
on 127.0.0.1 at a free port and on a unix socket inside its directory, with trust authentication and durability
switched off (``fsync``, ``synchronous_commit``, ``full_page_writes``): the data is thrown away anyway.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user (or ``nobody``) through
``runuser``/``setpriv``, in a directory chowned to that user.

``READINGLIST_TEST_POSTGRES`` set to a server URL (``postgresql://user@host:port/postgres``) makes the tests use
that server instead of starting one; the user must be allowed to create databases.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_VAR = "READINGLIST_TEST_POSTGRES"
SERVER_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=32MB",
)


class PostgresUnavailable(Exception):
    """No PostgreSQL binaries on this machine: the only reason PostgreSQL tests may skip."""


def find_bindir() -> Path:
    """The directory holding ``initdb``/``pg_ctl``: on PATH, else the newest ``/usr/lib/postgresql/*/bin``."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for bindir in reversed(candidates):
        if (bindir / "pg_ctl").is_file() and (bindir / "initdb").is_file():
            return bindir
    raise PostgresUnavailable(
        "no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unprivileged_user() -> str:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError(
        "running as root but neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL"
    )


def _as_user(argv: list[str], user: str | None) -> list[str]:
    """``argv`` run as ``user`` (root only): runuser when present, else setpriv."""
    if user is None:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *argv]
    entry = pwd.getpwnam(user)
    return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", *argv]


@dataclass
class PgServer:
    """A running server and how to reach it; ``create_database``/``drop_database`` make scratch databases."""

    host: str
    port: int
    user: str = "postgres"
    password: str | None = None
    root: Path | None = None
    _owned: bool = False
    _run_as: str | None = None
    _bindir: Path | None = None
    _created: set[str] = field(default_factory=set)

    def url(self, dbname: str = "postgres") -> str:
        """An SQLAlchemy URL for ``dbname`` (psycopg 3 driver)."""
        auth = self.user if self.password is None else f"{self.user}:{self.password}"
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{dbname}"

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        self._created.add(name)
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name`` even if a test left connections open."""
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.discard(name)

    def stop(self) -> None:
        """Drop what we created on a borrowed server; stop and delete a server we started."""
        if not self._owned:
            for name in list(self._created):
                with contextlib.suppress(Exception):
                    self.drop_database(name)
            return
        assert self.root is not None and self._bindir is not None
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_user(
                    [str(self._bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                    self._run_as,
                ),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def start(base: str | os.PathLike[str] | None = None) -> PgServer:
    """Start a throw-away server (or borrow ``$READINGLIST_TEST_POSTGRES``); raises PostgresUnavailable."""
    borrowed = os.environ.get(ENV_VAR)
    if borrowed:
        from sqlalchemy.engine import make_url

        u = make_url(borrowed)
        return PgServer(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            password=u.password,
        )
    bindir = find_bindir()
    run_as = _unprivileged_user() if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="readinglist-pg-", dir=base))
    try:
        if run_as is not None:
            entry = pwd.getpwnam(run_as)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        data, log = root / "data", root / "server.log"
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            run_as,
            "initdb",
        )
        for attempt in range(3):
            port = free_port()
            options = " ".join(
                [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={root}"]
                + [f"-c {s}" for s in SERVER_SETTINGS]
            )
            done = subprocess.run(
                _as_user(
                    [
                        str(bindir / "pg_ctl"),
                        "-D",
                        str(data),
                        "-l",
                        str(log),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ],
                    run_as,
                ),
                capture_output=True,
                text=True,
                timeout=90,
                check=False,
            )
            if done.returncode == 0:
                return PgServer("127.0.0.1", port, root=root, _owned=True, _run_as=run_as, _bindir=bindir)
            if attempt == 2:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"pg_ctl start failed: {done.stdout}{done.stderr}\n{tail}")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    raise AssertionError("unreachable")  # pragma: no cover


def _run(argv: list[str], run_as: str | None, what: str) -> None:
    done = subprocess.run(_as_user(argv, run_as), capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}")


@contextlib.contextmanager
def server(base: str | os.PathLike[str] | None = None) -> Iterator[PgServer]:
    """A server for the duration of the block, stopped (and its directory deleted) even on failure."""
    srv = start(base)
    try:
        yield srv
    finally:
        srv.stop()


# --- looking at a database from outside the library (any engine) -------------------------------------------


@contextlib.contextmanager
def connect(url: str) -> Iterator[Any]:
    """A plain SQLAlchemy connection to the library's database (its own engine, disposed afterwards)."""
    import sqlalchemy as sa

    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of one SQL statement, as tuples."""
    import sqlalchemy as sa

    with connect(url) as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two dumps are equal when the database did not change."""
    import sqlalchemy as sa

    from readinglist.storage.search import is_search_object

    with connect(url) as conn:
        inspector = sa.inspect(conn)
        # The search index is derived data (storage/search.py): left out, like a cache.
        names = sorted(n for n in inspector.get_table_names() if not is_search_object(n))
        out = {}
        for name in names:
            columns = [c["name"] for c in inspector.get_columns(name) if not is_search_object(c["name"])]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(sa.text(f'SELECT {listed} FROM "{name}"')).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
        return out


def unchanged(before: dict, after: dict, table: str) -> bool:
    """``table``'s rows are what they were, in the columns they had (later migrations may add columns)."""
    rows = before[table]
    width = len(rows[0]) if rows else 0
    return [r[:width] for r in after[table]] == rows
