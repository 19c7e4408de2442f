"""The ``readinglist`` command: a thin click shell over :class:`readinglist.Library`.

Each command opens the library, makes one or two API calls and prints. Errors the library raises on purpose
(:class:`readinglist.ReadingListError`) become one line on stderr and exit code 1; ``-v`` shows tracebacks and logs.
Command modules register themselves through :func:`register` so that each concept keeps its commands together.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from readinglist.cli.common import CONTEXT_SETTINGS, Settings, add_completion, columns

COMMAND_MODULES = ("lists", "reading", "sync", "feeds", "enrich", "team", "items", "web")
"""Modules under readinglist/cli/ that define commands (each has ``register(group)``)."""

COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("items", "Add one item by hand to a list, in a topic and tier."),
    "check": ("enrich", "Check every link: ok, moved, gone, DNS failure, TLS error, timeout, blocked."),
    "enrich": ("enrich", "Fetch what each item is (authors, year, pages, duration) and how long it takes."),
    "export": ("lists", "Write a list with your progress as Markdown, JSON, TOML or CSV."),
    "feed": ("feeds", "Keep lists fresh from RSS and Atom feeds."),
    "formats": ("lists", "List the input formats 'readinglist import' understands."),
    "history": ("sync", "Show the versions of a list imported so far, oldest first, with what each changed."),
    "import": ("lists", "Import a reading list from a bundled name, a file, or a URL."),
    "lists": ("lists", "Show your lists with their size, source and version."),
    "mark": ("reading", "Mark items read, reading, skipped or unread: by id, URL or title words."),
    "move": ("feeds", "Move an item to another topic and/or tier of its list."),
    "next": ("reading", "What to read now, and why."),
    "open": (
        "items",
        "Open an item in your web browser (by id, URL or title words); only http(s) links are opened.",
    ),
    "profile": ("team", "Readers sharing one database: one profile per person, each with their own progress."),
    "progress": ("reading", "A topic × tier table of what you have read (read + skipped of total)."),
    "remove": ("lists", "Remove a list."),
    "report": (
        "web",
        "Write one self-contained HTML file with the map, progress and stats charts (no scripts, works offline).",
    ),
    "search": (
        "web",
        "Find items by words of their title, description, notes, topic or author (prefixes are enough).",
    ),
    "serve": ("web", "Browse and steer your reading in a browser: map, next, search, stats, lists, feeds, people."),
    "show": ("lists", "Show the items of a list (all lists without NAME), by topic and tier."),
    "stats": ("web", "Reads per week, streaks, pace, and when you will finish each tier at that pace."),
    "sync": ("sync", "Re-import a list from its source and keep all your progress; say what changed."),
    "tag": ("items", "Tag an item (by id, URL or title words); tags are yours alone, like notes."),
    "tags": ("items", "Show your tags and how many items carry each."),
    "team": ("team", "Everyone's progress through a list, topic by topic and tier by tier, side by side."),
    "undo": ("reading", "Take back the last mark (run again to go further back)."),
}
"""Each command's module and its one-line help, so that a run loads only the module of the command it runs and
``--help`` loads none (defining every command costs as much as a fast command itself). A test checks this index
against the commands the modules define."""


class Main(click.Group):
    """The root group: loads a command's module when the command is used; turns library errors into one line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """The root context, with the help width click would work out itself (the same formula, see
        :class:`click.HelpFormatter`) but measured without importing :mod:`shutil` (see :func:`columns`)."""
        from click import formatting

        if parent is None and "terminal_width" not in extra and formatting.FORCED_WIDTH is None:
            widest = self.context_settings.get("max_content_width") or 80
            extra["terminal_width"] = max(min(columns(80), widest) - 2, 50)
        return super().make_context(info_name, args, parent, **extra)

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        if args is None:  # the arguments of this process: it is the command (console script, python -m)
            Settings.process_ends = True
        return super().main(args, *rest, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.load(COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def load(self, *modules: str) -> None:
        """Define the commands of these modules (every module when none is named)."""
        for name in modules or COMMAND_MODULES:
            before = set(self.commands)
            try:
                module = importlib.import_module(f"readinglist.cli.{name}")
            except ModuleNotFoundError as exc:
                if exc.name == f"readinglist.cli.{name}":
                    continue  # that command family is not part of this build
                raise
            module.register(self)
            for added in set(self.commands) - before:
                add_completion(self.commands[added])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from the index (the same lines click writes, without loading a module)."""
        rows = []
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                rows.append((name, _short(COMMANDS[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from readinglist.exceptions import ReadingListError

        try:
            return super().invoke(ctx)
        except ReadingListError as exc:
            settings = ctx.find_object(Settings)
            if settings is not None and settings.verbose:
                raise
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader went away (``readinglist show | head``): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:  # pragma: no cover - interactive only
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line, unless -v asks for the traceback
            settings = ctx.find_object(Settings)
            if settings is not None and settings.verbose:
                raise
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (a bug in readinglist; rerun with -v and report it)"
            ) from exc


@click.group(cls=Main, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    metavar="PATH|URL",
    envvar="READINGLIST_DB",
    help="Database file or SQLAlchemy URL (postgresql://user@host/db). "
    "Default: $READINGLIST_DB, else readinglist.db in your user data folder.",
)
@click.option(
    "--profile",
    envvar="READINGLIST_PROFILE",
    default=None,
    help="Whose progress to read and write (default: 'default'; teams use one per person).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens and show tracebacks on errors.")
@click.version_option(package_name="readinglist", prog_name="readinglist")
@click.pass_context
def main(ctx: click.Context, db: str | None, profile: str | None, verbose: bool) -> None:
    """Work through tiered reading lists: import, mark what you read, get what to read next.

    \b
    Start with the bundled Elicit ML reading list:
      readinglist import elicit
      readinglist next
      readinglist mark read "Illustrated Transformer"
      readinglist progress

    Every listing takes --json for scripts. Run 'readinglist COMMAND --help' for examples.
    """
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value turns colour off
        ctx.color = False
    ctx.obj = Settings(db=db, profile=profile, verbose=verbose)
    ctx.call_on_close(ctx.obj.close)


def _short(text: str, limit: int) -> str:
    """A one-line help cut to ``limit`` the way click cuts a command's (at a word, with "...")."""
    if len(text) <= limit:
        return text
    words, out = text.split(), ""
    for word in words:
        if len(out) + len(word) + (1 if out else 0) > limit - 3:
            break
        out = f"{out} {word}" if out else word
    return out + "..."


add_completion(main)
