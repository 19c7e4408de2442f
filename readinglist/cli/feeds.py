"""Commands about feeds: ``readinglist feed add|import|pull|list|export|remove``."""

from __future__ import annotations

import contextlib
import sys

import click

from readinglist.cli.common import CONTEXT_SETTINGS, echo_json, json_option, pass_library, plural, shorten

DEFAULT_LIST = "inbox"
"""The list feeds fill by default; it is created on first use. Any other new list needs --create."""

create_option = click.option(
    "--create",
    is_flag=True,
    help=f"Create the list if it does not exist (only '{DEFAULT_LIST}' is created without it).",
)


def check_target(lib, list_name: str, create: bool) -> None:
    """Refuse a list that does not exist unless --create (a typo must not start a new list)."""
    if create or list_name == DEFAULT_LIST:
        return
    from readinglist.names import closest

    known = [i.name for i in lib.lists()]
    if list_name not in known:
        near = closest(list_name, known)
        hint = f"did you mean {near}? " if near else ""
        raise click.ClickException(
            f"no list named {list_name!r}; {hint}add --create to start a new list of that name"
        )


@click.group("feed", context_settings=CONTEXT_SETTINGS)
def feed() -> None:
    """Keep lists fresh from RSS and Atom feeds.

    \b
    Examples:
      readinglist feed add https://eugeneyan.com/rss/ --list inbox --topic "Applied ML" --tier 3 --include "llm|eval"
      readinglist feed import ai-engineer-feeds --list inbox      # the bundled OPML of the seed articles' authors
      readinglist feed pull
      readinglist feed list --json
    """


@feed.command("add")
@click.argument("url")
@click.option("--list", "list_name", default="inbox", show_default=True, help="List that receives new items.")
@click.option(
    "--topic",
    help='Topic for new items; "A / B" for a nested topic; "auto": the topic each item most resembles'
    " (needs scikit-learn: pip install 'readinglist[placement]'; unsure ones go to Inbox; word embeddings"
    " join in when 'readinglist[embed]' is installed).",
)
@click.option(
    "--embed",
    is_flag=True,
    help="With --topic auto: require the word-embedding model (pip install 'readinglist[embed]').",
)
@click.option("--tier", help="Tier for new items (1, 2, 3, 4+); default untiered.")
@click.option(
    "--include", metavar="REGEX", help="Only entries whose title or summary match (case-insensitive)."
)
@click.option("--exclude", metavar="REGEX", help="Leave out entries whose title or summary match.")
@click.option("--title", help="A name for the feed (default: the feed's own title).")
@create_option
@json_option
@pass_library
def add(lib, url, list_name, topic, tier, include, exclude, title, embed, create, as_json) -> None:
    """Subscribe to a feed; its new entries become unread items of a list.

    \b
    Example:
      readinglist feed add https://lilianweng.github.io/index.xml --list inbox --topic Research --tier 2
    """
    check_target(lib, list_name, create)
    if tier is not None and not create and list_name in {i.name for i in lib.lists()}:
        lib.check_filters(list=list_name, tier=tier)
    result = lib.add_feed(
        url,
        list=list_name,
        topic=topic,
        tier=tier,
        include=include,
        exclude=exclude,
        title=title,
        embeddings=embed or None,
    )
    if as_json:
        echo_json(result)
    else:
        click.echo(f"subscribed to {result.url} -> {result.list_name}. Run: readinglist feed pull")


@feed.command("import")
@click.argument("source")
@click.option("--list", "list_name", default="inbox", show_default=True, help="List that receives new items.")
@click.option("--tier", help="Tier for new items of every feed.")
@create_option
@json_option
@pass_library
def import_(lib, source, list_name, tier, create, as_json) -> None:
    """Subscribe to every feed of an OPML file (folders become topics).

    \b
    Examples:
      readinglist feed import ai-engineer-feeds          # bundled: feeds of the people the seed articles cite
      readinglist feed import ~/Downloads/subscriptions.opml --list inbox
    """
    check_target(lib, list_name, create)
    added = lib.import_opml(_opml_source(source), list=list_name, tier=tier)
    if as_json:
        echo_json(added)
    else:
        click.echo(f"subscribed to {plural(len(added), 'feed')} into {list_name}. Run: readinglist feed pull")


def _opml_source(source: str) -> str:
    """A path, a URL, or the name of a bundled OPML file in lists/."""
    from pathlib import Path

    from readinglist.sources import bundled_dir

    if Path(source).expanduser().exists() or "://" in source:
        return source
    bundled = bundled_dir() / f"{source.removesuffix('.opml')}.opml"
    return str(bundled) if bundled.is_file() else source


@feed.command("pull")
@click.argument("urls", nargs=-1, metavar="[FEED]...")
@click.option(
    "--workers", default=8, show_default=True, type=click.IntRange(1, 64), help="Feeds fetched at once."
)
@json_option
@pass_library
def pull(lib, urls, workers, as_json) -> None:
    """Fetch feeds (all, or those named by URL, title or a part of either) and add their new entries.

    \b
    Examples:
      readinglist feed pull
      readinglist feed pull https://eugeneyan.com/rss/ --json
    A progress bar shows on a terminal; errors are stored per feed and never stop the others.
    """
    show_bar = not as_json and sys.stderr.isatty()
    urls = tuple(lib.find_feed(u).url for u in urls)
    results: list = []
    with _interrupt_on_sigterm():
        try:
            if show_bar:
                with click.progressbar(
                    length=len(lib.feeds()), label="pulling", file=sys.stderr
                ) as progress_bar:
                    state = {"done": 0}

                    def tick(done: int, total: int) -> None:
                        progress_bar.update(done - state["done"])
                        state["done"] = done

                    results.extend(lib.pull_feeds(urls or None, workers=workers, progress=tick))
            else:
                results.extend(lib.pull_feeds(urls or None, workers=workers))
        except KeyboardInterrupt:
            new = sum(len(r.new_items) for r in results)
            click.echo(
                f"interrupted: kept the {len(results)} feeds pulled so far ({new} new items)", err=True
            )
            _exit_now(130)
    if as_json:
        echo_json(results)
    else:
        total_new = 0
        for r in results:
            total_new += len(r.new_items)
            detail = r.error or (f"{len(r.new_items)} new" if r.new_items else r.status)
            click.echo(f"{r.status:10} {shorten(r.title or r.url, 50):50} {detail}")
            if r.warning:
                click.echo(f"           warning: {r.warning}")
            titles = {i.id: i.title for i in r.new_items}
            for item_id, topic, score in r.placed:
                click.echo(
                    f"           placed: {shorten(titles.get(item_id, str(item_id)), 40)} -> "
                    f"{' / '.join(topic)} (score {score:.2f})"
                )
            if r.shared_links and r.new_items:
                click.echo(f"           note: {r.shared_links} entries share links; kept apart by their ids")
        click.echo(summary(results, total_new))
    tried = [r for r in results if r.status != "skipped"]
    if tried and all(r.status in ("error", "gone") for r in tried):
        sys.exit(1)


PLURAL = {
    "is gone": "are gone",
    "is not a readable feed": "are not readable feeds",
    "answered an HTTP error": "answered HTTP errors",
    "sent an unusable response": "sent unusable responses",
}


def summary(results: list, total_new: int) -> str:
    """``"0 new items from 16 feeds; 16 feeds failed: 12 could not be reached, 4 are not readable feeds"``."""
    line = f"{plural(total_new, 'new item')} from {plural(len(results), 'feed')}"
    failed = [r for r in results if r.status in ("error", "gone")]
    if not failed:
        return line
    kinds: dict[str, int] = {}
    for r in failed:
        kind = r.failure or "failed"
        kinds[kind] = kinds.get(kind, 0) + 1
    noun = "feed" if len(failed) == 1 else "feeds"
    detail = ", ".join(
        f"{n} {kind if n == 1 else PLURAL.get(kind, kind)}"
        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])
    )
    return f"{line}; {len(failed)} {noun} failed: {detail}"


class _interrupt_on_sigterm:
    """While pulling, SIGTERM is handled like Ctrl-C: keep what finished, one line, exit 130."""

    def __enter__(self) -> None:
        import signal
        import threading

        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _exit_now(code: int) -> None:
    """Leave at once: fetch threads may be waiting on slow servers, and everything pulled is committed."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().obj is not None:
        with contextlib.suppress(Exception):  # closing is best effort on the way out
            ctx.find_root().obj.close()
    os._exit(code)


@feed.command("list")
@json_option
@pass_library
def list_(lib, as_json) -> None:
    """Show subscriptions: target, last check, last new item, last error.

    \b
    Example:
      readinglist feed list --json
    """
    feeds = lib.feeds()
    if as_json:
        echo_json(feeds)
        return
    if not feeds:
        click.echo("No feeds yet. Try: readinglist feed import ai-engineer-feeds")
        return
    for f in feeds:
        checked = f.last_checked.strftime("%Y-%m-%d %H:%M") if f.last_checked else "never"
        where = " / ".join((f.list_name, *f.section))
        state = "disabled: " if f.disabled else ""
        click.echo(f"{shorten(f.title or f.url, 40):40} -> {where}  checked {checked}")
        click.echo(f"    {f.url}")
        if f.last_error:
            click.echo(f"    {state}error: {f.last_error}")


@feed.command("export")
@click.argument("output", type=click.Path(dir_okay=False), required=False)
@pass_library
def export(lib, output: str | None) -> None:
    """Write your subscriptions as OPML (to a file, or stdout).

    \b
    Example:
      readinglist feed export feeds.opml
    """
    text = lib.export_opml()
    if output is None:
        click.echo(text)
    else:
        from pathlib import Path

        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@feed.command("remove")
@click.argument("feed_name", metavar="FEED")
@pass_library
def remove(lib, feed_name: str) -> None:
    """Unsubscribe from a feed (its URL, its title, or a part of either); the items it brought stay.

    \b
    Examples:
      readinglist feed remove https://eugeneyan.com/rss/
      readinglist feed remove "Latent Space"
    """
    found = lib.find_feed(feed_name)
    lib.remove_feed(found.url)
    click.echo(f"unsubscribed from {found.title or found.url} ({found.url})")


@click.command("move")
@click.argument("query")
@click.option("--topic", help='New topic path, e.g. "Applied ML / Evals" (created if missing).')
@click.option("--tier", help="New tier (a number).")
@click.option("--list", "list_name", help="The list, when the item is in several.")
@json_option
@pass_library
def move(lib, query: str, topic: str | None, tier: str | None, list_name: str | None, as_json) -> None:
    """Move an item to another topic and/or tier of its list.

    Feeds that place items by topic (feed add --topic auto) learn from the move.

    \b
    Examples:
      readinglist move "Illustrated Transformer" --topic "Fundamentals / Transformers"
      readinglist move 42 --tier 1 --list inbox
    """
    entry = lib.move(query, topic=topic, tier=tier, list=list_name)
    if as_json:
        echo_json(entry)
        return
    where = " / ".join((entry.list_name, *entry.section))
    tier_text = f", tier {entry.tier}" if entry.tier is not None else ""
    click.echo(f"moved {shorten(entry.title, 60)} -> {where}{tier_text}")


def register(group: click.Group) -> None:
    group.add_command(feed)
    group.add_command(move)
