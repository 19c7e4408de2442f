"""What every command shares: the settings object, opening the library, JSON and table output."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from functools import update_wrapper
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from readinglist.core import Library

PHASES = ("reading", "parsing", "writing")


@contextlib.contextmanager
def phase_bar(label: str, *, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar over an import's or a sync's phases (reading, parsing, writing) on stderr.

    It appears only on a terminal and only once the work has taken more than a second, so quick commands and
    scripts (``--json``, pipes) print nothing extra. Yields the callback the library calls with each phase.
    """
    state = {"at": 0, "done": False}

    def tick(phase: str) -> None:
        if phase in PHASES:
            state["at"] = PHASES.index(phase)

    if not enabled:
        yield tick
        return
    import threading
    import time

    def show() -> None:
        shown = 0
        with click.progressbar(
            length=len(PHASES),
            label=label,
            file=sys.stderr,
            show_percent=False,
            item_show_func=lambda _: PHASES[state["at"]],
        ) as bar:
            while not state["done"]:
                if state["at"] > shown:
                    bar.update(state["at"] - shown)
                    shown = state["at"]
                else:
                    bar.render_progress()
                time.sleep(0.1)
            bar.update(len(PHASES) - shown)

    timer = threading.Timer(1.0, show)
    timer.daemon = True
    timer.start()
    try:
        yield tick
    finally:
        state["done"] = True
        timer.cancel()
        if timer.is_alive():
            timer.join()


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Settings:
    """Global options, and the library opened on first use."""

    check_profile = True
    """Refuse a --profile that does not exist (``profile`` commands switch this off: they manage profiles)."""

    def __init__(self, db: str | None = None, profile: str | None = None, verbose: bool = False) -> None:
        self.db = db
        self.profile = profile
        self.verbose = verbose
        self._library: Library | None = None

    def library(self) -> Library:
        if self._library is None:
            import readinglist

            with _collector_paused(self), _upgrade_notice(self.verbose):
                self._library = readinglist.open(self.db, profile=self.profile)
            if self.check_profile:
                try:
                    self._library.check_profile()
                except BaseException:
                    self.close()
                    raise
        return self._library

    _froze = False

    process_ends = False
    """True when this process is the ``readinglist`` command itself (it ends with the command): what opening froze
    then stays frozen, so the interpreter's last collection at exit need not walk it either. Otherwise (a caller
    such as click's CliRunner goes on) :meth:`close` gives the collector its objects back."""

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None
        if self._froze and not Settings.process_ends:
            import gc

            gc.unfreeze()
            self._froze = False


@contextlib.contextmanager
def _upgrade_notice(verbose: bool) -> Iterator[None]:
    """Say on stderr when opening the database upgrades its schema: a one-time step that takes seconds on a large
    database, which would otherwise look like a hang (``--verbose`` logs it already)."""
    import logging

    logger = logging.getLogger("readinglist.storage.migrate")
    if verbose:
        yield
        return

    class Notice(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("upgrading"):
                click.echo(f"readinglist: {record.getMessage()}", err=True)

    handler, level = Notice(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextlib.contextmanager
def _collector_paused(settings: Settings) -> Iterator[None]:
    """Opening imports the storage layer and SQLAlchemy's dialect: tens of thousands of objects that live as long as
    the process and form no garbage, yet the cyclic collector walks them again and again while they are made (a
    tenth of a quick command's own time). Pause it meanwhile, then set them aside (:func:`gc.freeze`) until
    :meth:`Settings.close`, unless something else in the process uses freezing itself."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            settings._froze = True
        gc.enable()


def pass_library(f: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: call the command with the open :class:`Library` as its first argument."""

    @click.pass_context
    def wrapper(ctx: click.Context, /, *args: Any, **kwargs: Any) -> Any:
        return ctx.invoke(f, ctx.find_object(Settings).library(), *args, **kwargs)

    return update_wrapper(wrapper, f)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")
progress_rule_option = click.option(
    "--progress",
    "on_conflict",
    type=click.Choice(["keep", "theirs"]),
    default="keep",
    show_default=True,
    help="When the list carries statuses ([x] marks, an export) that disagree with yours: keep yours, "
    "or take the list's (theirs). Items you have no progress on always take the list's.",
)
"""``import`` and ``sync`` apply one rule to the progress a list carries (see :mod:`readinglist.carried`)."""


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, datetimes and tuples as plain JSON values."""
    import dataclasses
    import datetime as dt
    import enum

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("topic", "tier_name"):
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                out[name] = to_jsonable(getattr(value, name))
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return value


def echo_json(value: Any) -> None:
    import json

    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


STATUS_MARKS = {"unread": "[ ]", "reading": "[/]", "read": "[x]", "skipped": "[-]"}


def bar(done: int, total: int, width: int = 8) -> str:
    """A small progress bar: ``█████░░░``."""
    if total <= 0:
        return " " * width
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


# --- the same id everywhere ----------------------------------------------------------------------------


def entry_json(entry: Any) -> dict[str, Any]:
    """An entry for ``--json``: ``id`` is the item id that ``mark``, ``open`` and ``next`` use; the entry's own
    row id (one per list that holds the item) is ``entry_id``."""
    out = to_jsonable(entry)
    entry_id = out.pop("id")
    return {"id": entry.item.id, "entry_id": entry_id, **out}


def recommendation_json(rec: Any) -> dict[str, Any]:
    return {"id": rec.entry.item.id, "reason": rec.reason, "entry": entry_json(rec.entry)}


# --- words and widths ----------------------------------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 feed``, ``2 feeds``, ``0 topics``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


@functools.lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns one character takes on a terminal: East Asian wide and full-width ones take two, marks none."""
    import unicodedata

    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii() and text.isprintable():  # the usual case: one column per character
        return len(text)
    return sum(map(char_width, text))


def fit(text: str, width: int) -> str:
    """``text`` on one line, cut with ``…`` to at most ``width`` columns, padded with spaces to exactly ``width``."""
    text = " ".join(text.split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * max(0, width - display_width(text))


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal (``COLUMNS`` wins, as for every Unix tool); ``default`` when not a terminal."""
    import os

    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    return max(40, columns(default))


def columns(fallback: int) -> int:
    """The columns :func:`shutil.get_terminal_size` reports (``COLUMNS``, else standard output's terminal, else
    ``fallback``), without importing :mod:`shutil`: it brings the compression modules, a twentieth of ``--help``."""
    import os

    try:
        wanted = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        wanted = 0
    if wanted > 0:
        return wanted
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, closed, not a terminal
        return fallback
    return size.columns or fallback


# --- long output goes through the pager, like git ------------------------------------------------------


def emit(lines: list[str]) -> None:
    """Print ``lines``; on a terminal, output taller than the window goes through ``$PAGER`` (``less -FRX``)."""
    import os
    import shutil
    import sys

    if lines and sys.stdout.isatty() and len(lines) >= shutil.get_terminal_size((80, 24)).lines:
        os.environ.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the text on screen
        click.echo_via_pager("\n".join(lines) + "\n")
        return
    for line in lines:
        click.echo(line)


# --- shell completion of names -------------------------------------------------------------------------


def _completion_library(ctx: click.Context) -> Library | None:
    """The library the command line names (--db, $READINGLIST_DB), opened for completing; None on any error."""
    import os

    root = ctx.find_root()
    db = root.params.get("db") or os.environ.get("READINGLIST_DB")
    try:
        from pathlib import Path

        import readinglist
        from readinglist.storage.engine import default_path

        local = db is None or "://" not in db
        if local and not (Path(db).expanduser() if db else default_path()).is_file():
            return None  # never create a database file just to complete a word

        return readinglist.open(db, profile=root.params.get("profile"))
    except Exception:  # completion must never print a traceback into the shell
        return None


def _complete(
    ctx: click.Context, incomplete: str, names: Callable[[Library, click.Context], list[str]]
) -> list:
    from click.shell_completion import CompletionItem

    lib = _completion_library(ctx)
    if lib is None:
        return []
    try:
        found = names(lib, ctx)
    except Exception:
        return []
    finally:
        lib.close()
    folded = incomplete.casefold()
    return [CompletionItem(n) for n in dict.fromkeys(found) if n.casefold().startswith(folded)]


def complete_lists(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    return _complete(ctx, incomplete, lambda lib, _: [i.name for i in lib.lists()])


def complete_topics(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    def topics(lib: Library, ctx: click.Context) -> list[str]:
        chosen = ctx.params.get("list_name") or ctx.params.get("name")
        return [r.section[-1] for r in lib.progress(chosen) if r.section]

    return _complete(ctx, incomplete, topics)


def complete_profiles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    return _complete(ctx, incomplete, lambda lib, _: [p.name for p in lib.profiles()])


COMPLETERS = {"list_name": complete_lists, "topic": complete_topics, "profile": complete_profiles}
"""Parameters completed by name wherever they appear; ``NAME`` arguments of list commands complete lists."""
LIST_ARGUMENT_COMMANDS = {"show", "export", "remove", "sync", "history", "team"}
PROFILE_ARGUMENT_COMMANDS = {"rename", "remove"}


def add_completion(command: click.Command, parent: str | None = None) -> None:
    """Give list, topic and profile parameters of ``command`` (and its subcommands) their name completion."""
    for param in command.params:
        completer = COMPLETERS.get(param.name or "")
        if param.name == "name" and command.name in LIST_ARGUMENT_COMMANDS and parent != "profile":
            completer = complete_lists
        if (
            param.name in ("old", "name")
            and parent == "profile"
            and command.name in PROFILE_ARGUMENT_COMMANDS
        ):
            completer = complete_profiles
        if completer is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = completer
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_completion(sub, command.name)
