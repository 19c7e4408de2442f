"""Start-up guards: what ``readinglist next`` loads, and what it leaves behind (bench/scale.py times it; no timed tests).

``next`` must feel instant, so its process imports only what answering needs: no importers, no URL canonicalisation,
no Alembic (the schema is at head), none of the data types of imports, feeds or enrichment.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import readinglist
from readinglist.cli import main

NOT_FOR_NEXT = (
    "alembic",
    "markdown_it",
    "requests",
    "readinglist.enrich",
    "readinglist.identity",
    "readinglist.importers",
    "readinglist.importing",
    "readinglist.kinds",
    "readinglist.profiles",
    "readinglist.sync",
    "readinglist.types_extra",
    "readinglist.urls",
)
"""Modules (and packages) the ``next`` command has no use for. (Not difflib: click itself loads it to suggest an
option whenever a short option such as ``-n`` is parsed.)"""


@pytest.fixture(scope="module")
def elicit_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled Elicit list with one item being read and one read: ``next`` takes every path of its answer."""
    path = str(tmp_path_factory.mktemp("startup") / "next.db")
    with readinglist.open(path) as lib:
        lib.import_list("elicit")
        lib.mark("But what is a neural network?", "reading")
        lib.mark("A short introduction to machine learning", "read")
    return path


def _run_as_the_command(db: str, *args: str) -> tuple[str, set[str]]:
    """Run ``readinglist ARGS`` the way the console script does (arguments from sys.argv); return what it printed
    and the modules loaded when the process ended."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        f"sys.argv = ['readinglist', *{list(args)!r}]\n"
        "from readinglist.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "READINGLIST_DB": db}
    env.pop("READINGLIST_PROFILE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(li for li in done.stderr.splitlines() if li.startswith("MODULES "))
    return done.stdout, set(line.split()[1:])


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_next_imports_only_what_answering_needs(elicit_db: str) -> None:
    out, modules = _run_as_the_command(elicit_db, "next")
    first = out.splitlines()[0]
    assert "But what is a neural network?" in first  # what is being read comes first: the command really answered
    assert "A short introduction to machine learning" not in out
    assert "sqlalchemy.dialects.sqlite" in modules and "readinglist.storage.reads" in modules
    assert [name for name in NOT_FOR_NEXT if _loaded(modules, name)] == []


def test_next_json_also_stays_light(elicit_db: str) -> None:
    out, modules = _run_as_the_command(elicit_db, "next", "--json", "-n", "2")
    assert '"reason"' in out
    assert [name for name in NOT_FOR_NEXT if _loaded(modules, name)] == []


def test_a_mark_still_loads_what_it_needs(elicit_db: str, tmp_path: Path) -> None:
    """The lazy types arrive when a command uses them: a mark's result type comes from types_extra."""
    db = tmp_path / "copy.db"
    db.write_bytes(Path(elicit_db).read_bytes())
    out, modules = _run_as_the_command(str(db), "mark", "skipped", "Gradient descent, how neural networks learn")
    assert "skipped" in out.lower()
    assert "readinglist.types_extra" in modules


def test_rare_types_load_on_first_use_under_their_public_names() -> None:
    code = (
        "import sys\n"
        "import readinglist.types as t\n"
        "assert 'readinglist.types_extra' not in sys.modules\n"
        "from readinglist.types import ListToImport\n"
        "import readinglist, readinglist.types_extra as x\n"
        "assert ListToImport is x.ListToImport is readinglist.ListToImport\n"
        "assert all(getattr(t, n) is getattr(x, n) for n in t.EXTRA)\n"
        "assert set(t.EXTRA) <= set(dir(t))\n"
        "try:\n"
        "    t.NoSuchType\n"
        "except AttributeError:\n"
        "    print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


def test_every_name_in_types_extra_is_reachable_from_types() -> None:
    import readinglist.types as t
    import readinglist.types_extra as x

    defined = {n for n, v in vars(x).items() if getattr(v, "__module__", None) == x.__name__} | {"DEAD_OUTCOMES"}
    assert defined == set(t.EXTRA)


def test_the_cli_in_a_longer_process_leaves_the_collector_as_it_found_it(elicit_db: str) -> None:
    """The command pauses the cyclic collector while it opens the library and freezes what that made; a caller
    whose process goes on (tests, a notebook, CliRunner) gets the collector back running, with nothing frozen."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    result = CliRunner().invoke(main, ["--db", elicit_db, "next", "-n", "1"], catch_exceptions=False)
    assert result.exit_code == 0 and "But what is a neural network?" in result.output
    assert gc.isenabled() and gc.get_freeze_count() == 0
