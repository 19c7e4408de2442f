"""Bad input gets a one-line error naming the problem, and the database is exactly as before.

"Exactly as before" is checked by dumping every row of every table before and after (``pg.dump``).
"""

from __future__ import annotations

import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pg
import pytest
import sqlalchemy as sa

import readinglist
from readinglist import (
    AmbiguousItemError,
    DatabaseLockedError,
    FetchError,
    ImportFormatError,
    InvalidArgumentError,
    ItemNotFoundError,
    ItemToImport,
    ListNotFoundError,
    ListToImport,
    ReadingListError,
    ReadOnlyDatabaseError,
    SourceError,
    SourceNotFoundError,
    StorageError,
)
from readinglist.storage import engine as storage_engine
from readinglist.storage import lists as storage_lists

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def filled(lib, small_list, db_url):  # type: ignore[no-untyped-def]
    """The library with the small list imported and two marks made; yields the library."""
    lib.import_list(small_list)
    lib.mark("Attention", "read", rating=4)
    lib.mark("Spinning", "reading")
    return lib


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text
    return text


# --- lookups -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda lib: lib.mark("gardening for beginners", "read"), ItemNotFoundError, "no item matches"),
        (lambda lib: lib.mark(123456, "read"), ItemNotFoundError, "no item matches '123456'"),
        (lambda lib: lib.mark("transformer", "read"), AmbiguousItemError, "matches 3 items"),
        (lambda lib: lib.mark("Attention", "read", list="nope"), ListNotFoundError, "no list named 'nope'"),
        # One bad target among good ones: nothing is marked.
        (
            lambda lib: lib.mark(["Concrete", "nothing like this"], "read"),
            ItemNotFoundError,
            "no item matches",
        ),
        (lambda lib: lib.mark("Concrete", "read", rating=9), InvalidArgumentError, "rating"),
        (lambda lib: lib.mark("Concrete", "halfway"), InvalidArgumentError, "unknown status"),
        (lambda lib: lib.mark_many("read", topic="Cooking"), InvalidArgumentError, "no topic matches"),
        (lambda lib: lib.mark_many("read", list="nope"), ListNotFoundError, "no list named"),
        (lambda lib: lib.remove_list("nope"), ListNotFoundError, "no list named"),
        (lambda lib: lib.next(list="nope"), ListNotFoundError, "no list named"),
        (lambda lib: lib.progress("nope"), ListNotFoundError, "no list named"),
        (lambda lib: lib.export("nope"), ListNotFoundError, "no list named"),
    ],
)
def test_lookups_fail_clearly_and_change_nothing(filled, db_url, call, error, words) -> None:  # type: ignore[no-untyped-def]
    before = pg.dump(db_url)
    with pytest.raises(error) as caught:
        call(filled)
    assert words in one_line(caught.value)
    assert pg.dump(db_url) == before


def test_ambiguity_lists_the_candidates(filled) -> None:
    with pytest.raises(AmbiguousItemError) as caught:
        filled.find("transformer")
    ids = {filled.find(t).id for t in ("Illustrated", "Annotated", "Formal Algorithms")}
    assert {i for i, _ in caught.value.candidates} == ids
    assert caught.value.query == "transformer"


# --- an import that fails half-way -------------------------------------------------------------------------------


def test_an_import_failing_after_its_entries_are_written_leaves_nothing(filled, db_url, monkeypatch) -> None:
    before = pg.dump(db_url)
    written = []

    def fail(conn, list_id, values, summary=None):  # type: ignore[no-untyped-def]
        # By now the list, its sections, resources and entries are in the (uncommitted) transaction.
        written.append(
            conn.execute(sa.text("SELECT count(*) FROM entries WHERE list_id = :i"), {"i": list_id}).scalar()
        )
        raise sa.exc.OperationalError("INSERT INTO list_versions", {}, Exception("disk I/O error"))

    monkeypatch.setattr(storage_lists, "record_version", fail)
    other = ListToImport(
        name="other",
        items=tuple(ItemToImport(f"Paper {n}", f"https://example.org/p/{n}", ("T",), 1) for n in range(50)),
    )
    with pytest.raises(StorageError, match="disk I/O error"):
        filled.import_list(other)
    assert written == [50]
    assert pg.dump(db_url) == before


def test_an_import_whose_second_half_is_invalid_leaves_nothing(filled, db_url) -> None:
    before = pg.dump(db_url)
    good = [ItemToImport(f"Paper {n}", f"https://example.org/p/{n}", ("T",), 1) for n in range(20)]
    bad = ListToImport(
        name="broken", items=(*good, ItemToImport(None, "https://example.org/untitled", ("T",), 2))
    )  # type: ignore[arg-type]
    with pytest.raises(ReadingListError):
        filled.import_list(bad)
    assert pg.dump(db_url) == before
    assert [i.name for i in filled.lists()] == ["small"]


# --- read-only and locked databases (SQLite files) -----------------------------------------------------------------


@pytest.fixture()
def sqlite_file(tmp_path: Path, small_list) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "rl.db"
    with readinglist.open(path) as lib:
        lib.import_list(small_list)
        lib.mark("Attention", "read")
    return path


def test_a_read_only_database_reads_but_refuses_writes(sqlite_file: Path, small_list) -> None:
    raw = sqlite_file.read_bytes()
    url = f"sqlite:///file:{sqlite_file}?mode=ro&uri=true"
    with readinglist.open(url) as lib:
        assert [e.title for e in lib.entries(status="read")] == ["Attention Is All You Need"]
        assert len(lib.next(limit=None)) == 8
        for write in (
            lambda: lib.mark("Spinning", "read"),
            lambda: lib.import_list(small_list, name="again"),
            lambda: lib.remove_list("small"),
            lambda: lib.undo(),
        ):
            with pytest.raises(ReadOnlyDatabaseError) as caught:
                write()
            assert "read-only" in one_line(caught.value)
    assert sqlite_file.read_bytes() == raw


def test_a_file_without_write_permission_as_an_ordinary_user(small_list) -> None:
    """chmod 0444 on the file and 0555 on its folder, then open it in a process that obeys permissions.

    Root ignores file permissions through the DAC-override capabilities; as root the check runs in a subprocess
    with those capabilities dropped (``setpriv``), so the file's mode is what decides, as for an ordinary user.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip(
                "running as root without setpriv: cannot drop the capability that ignores permissions"
            )
        drop = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]
    folder = Path(tempfile.mkdtemp(prefix="readinglist-ro-"))
    try:
        path = folder / "rl.db"
        with readinglist.open(path) as lib:
            lib.import_list(small_list)
        raw = path.read_bytes()
        path.chmod(0o444)
        folder.chmod(0o555)
        script = textwrap.dedent(
            f"""
            import readinglist
            try:
                lib = readinglist.open({str(path)!r})
                lib.entries()
                lib.mark("Attention", "read")
            except readinglist.ReadingListError as exc:
                print(type(exc).__name__)
                print(exc)
            """
        )
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "HOME": str(folder)}
        done = subprocess.run(
            [*prefix, sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd="/",
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        # A WAL file in a folder we cannot write may not even open for reading (SQLite needs its -shm file);
        # either way the answer is the same clear error, and the file is untouched.
        assert done.stdout.splitlines() == [
            "ReadOnlyDatabaseError",
            f"the database {path} is read-only; check the file's permissions or pick another with --db",
        ]
        assert path.read_bytes() == raw
        assert sorted(p.name for p in folder.iterdir()) == ["rl.db"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_locked_database_is_reported_and_nothing_is_written(
    sqlite_file: Path, small_list, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{sqlite_file}"
    before = pg.dump(url)
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 50)
    conn = sqlite3.connect(sqlite_file, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        with readinglist.open(sqlite_file) as lib:
            for write in (
                lambda: lib.mark("Spinning", "read"),
                lambda: lib.import_list(small_list, name="again"),
                lambda: lib.mark_many("skipped", topic="Alignment"),
            ):
                with pytest.raises(DatabaseLockedError) as caught:
                    write()
                assert "locked by another process" in one_line(caught.value)
    finally:
        conn.rollback()
        conn.close()
    assert pg.dump(url) == before
    # Once the other process lets go, the same call works.
    with readinglist.open(sqlite_file) as lib:
        assert [i.title for i in lib.mark("Spinning", "read").items] == ["Spinning Up in Deep RL"]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist") as caught:
        readinglist.open(tmp_path / "no" / "such" / "folder" / "rl.db")
    one_line(caught.value)
    assert not (tmp_path / "no").exists()


def test_not_a_database_url(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="unknown database kind 'nosuchdialect'") as caught:
        readinglist.open("nosuchdialect://x/y")
    one_line(caught.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    raw = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        readinglist.open(path)
    one_line(caught.value)
    assert path.read_bytes() == raw


# --- sources that are not lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("binary.md", bytes(range(256)) * 40),
        ("empty.md", b""),
        ("blank.md", b"   \n\n\t\n"),
        (
            "nolinks.md",
            b"# My list\n\nJust some prose without a single link in it.\n\n## Topic\n\nMore prose.\n",
        ),
        ("zip.txt", b"PK\x03\x04" + b"\x00" * 300),
    ],
)
def test_files_that_are_not_lists(lib, db_url, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = pg.dump(db_url)
    with pytest.raises((ImportFormatError, SourceError)) as caught:
        lib.import_list(path)
    assert isinstance(caught.value, ReadingListError)
    one_line(caught.value)
    assert lib.lists() == []
    assert pg.dump(db_url) == before


def test_a_missing_file_and_an_unknown_bundled_name(lib, tmp_path: Path) -> None:
    for source in (tmp_path / "missing.md", "no-such-bundled-list"):
        with pytest.raises(SourceNotFoundError) as caught:
            lib.import_list(source)
        one_line(caught.value)
    assert lib.lists() == []


class _Status(http.server.BaseHTTPRequestHandler):
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        code = int(self.path.strip("/").split("/")[0] or 200)
        body = b"<html><body>gone</body></html>" if code >= 400 else b"- [A](https://example.org/a)\n"
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def status_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("code", "error"), [(404, SourceNotFoundError), (500, FetchError), (503, FetchError)]
)
def test_urls_that_answer_errors(lib, db_url, status_server: str, code: int, error: type) -> None:
    url = f"{status_server}/{code}/list.md"
    before = pg.dump(db_url)
    with pytest.raises(error) as caught:
        lib.import_list(url)
    message = one_line(caught.value)
    assert url in message and f"HTTP {code}" in message
    assert lib.lists() == []
    assert pg.dump(db_url) == before


def test_an_unreachable_url(lib, db_url) -> None:
    port = pg.free_port()  # nothing listens there
    before = pg.dump(db_url)
    with pytest.raises(SourceError) as caught:
        lib.import_list(f"http://127.0.0.1:{port}/list.md")
    one_line(caught.value)
    assert pg.dump(db_url) == before


@pytest.mark.postgres
def test_postgres_lock_held_by_another_session_is_a_clear_error(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session holding the lists table: the import waits the lock timeout, then fails and writes nothing."""
    import psycopg

    import readinglist
    from readinglist.exceptions import DatabaseLockedError
    from readinglist.storage import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    with readinglist.open(pg_url) as lib:
        schema = pg_url.rsplit("%3D", 1)[1]
        raw = pg_url.split("?")[0].replace("+psycopg", "")
        with psycopg.connect(raw) as other:
            other.execute(f'LOCK TABLE "{schema}".lists IN ACCESS EXCLUSIVE MODE')
            with pytest.raises(DatabaseLockedError, match="locked"):
                lib.import_list(
                    readinglist.ListToImport((readinglist.ItemToImport("A", "https://a.example/"),), name="x")
                )
        assert lib.lists() == []
