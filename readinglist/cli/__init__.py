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

from readinglist.cli.common import CONTEXT_SETTINGS, Settings, add_completion

COMMAND_MODULES = ("lists", "reading", "sync", "feeds", "enrich", "team", "items", "web")
"""Modules under readinglist/cli/ that define commands (each has ``register(group)``)."""


class Main(click.Group):
    """The root group: turns library errors into one-line messages."""

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


def register_all(group: click.Group) -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"readinglist.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"readinglist.cli.{name}":
                continue  # that command family is not part of this build
            raise
        module.register(group)


register_all(main)
add_completion(main)
