"""What every command shares: the settings object, opening the library, JSON and table output."""

from __future__ import annotations

import contextlib
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

    def __init__(self, db: str | None = None, profile: str | None = None, verbose: bool = False) -> None:
        self.db = db
        self.profile = profile
        self.verbose = verbose
        self._library: Library | None = None

    def library(self) -> Library:
        if self._library is None:
            import readinglist

            self._library = readinglist.open(self.db, profile=self.profile)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


def pass_library(f: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: call the command with the open :class:`Library` as its first argument."""

    @click.pass_context
    def wrapper(ctx: click.Context, /, *args: Any, **kwargs: Any) -> Any:
        return ctx.invoke(f, ctx.find_object(Settings).library(), *args, **kwargs)

    return update_wrapper(wrapper, f)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")


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
