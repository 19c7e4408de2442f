"""Commands about what items are and whether their links work: enrich, check."""

from __future__ import annotations

import sys
from collections import Counter

import click

from readinglist.cli.common import echo_json, json_option, pass_library, plural, shorten


def _progress_bar(label: str):
    """A click progress bar on a terminal (stderr), nothing otherwise; returns (callback, finish)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    state: dict = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    def finish() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return update, finish


@click.command("enrich")
@click.argument("list_name", metavar="[LIST]", required=False)
@click.option("--only", metavar="SOURCES", help="Comma-separated: arxiv, doi, books, pages, video.")
@click.option("--refresh", is_flag=True, help="Fetch again what was fetched before.")
@click.option(
    "--accept",
    "accept",
    metavar="ID[=ARXIV_ID]",
    help="Attach the suggested paper to item ID (its best suggestion, or the one named).",
)
@json_option
@pass_library
def enrich(lib, list_name, only, refresh, accept, as_json) -> None:
    """Fetch what each item is (authors, year, pages, duration) and how long it takes.

    \b
    arXiv items are fetched 100 ids per request, one request every 3 seconds (the API's
    terms); DOIs from Crossref, books from Open Library, videos from oEmbed and their page,
    other pages from their own metadata. What the list says is never overwritten.
    Interrupt with Ctrl-C at any time: what was fetched stays, the next run goes on.
    \b
    Examples:
      readinglist enrich elicit
      readinglist enrich --only arxiv,doi --json
      readinglist enrich --refresh
      readinglist enrich --accept 42            # take item 42's suggested paper
    """
    if accept:
        ident, _, source_id = accept.partition("=")
        target = int(ident) if ident.strip().isdigit() else ident
        result = lib.accept_suggestion(target, source_id.strip() or None)
        if as_json:
            echo_json(result)
        else:
            click.echo(f"{result.item.title} (id {result.item.id}): {result.message}")
        return
    update, finish = (None, lambda: None) if as_json else _progress_bar("enriching")
    results = []
    try:
        for result in lib.enrich(list_name, only=only, refresh=refresh, progress=update):
            results.append(result)
    except KeyboardInterrupt:
        finish()
        click.echo(
            f"interrupted after {len(results)} items; what was fetched is kept, run again to go on", err=True
        )
        sys.exit(130)
    finish()
    if as_json:
        echo_json(results)
        return
    counts = Counter(r.status for r in results)
    click.echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to enrich")
    for r in results:
        if r.status in ("error", "suggested"):
            click.echo(f"  {r.status}: {shorten(r.item.title, 60)} (id {r.item.id}): {r.message}")


@click.command("check")
@click.argument("list_name", metavar="[LIST]", required=False)
@click.option("--refresh", is_flag=True, help="Check again links checked in the last day.")
@click.option(
    "--apply-redirects",
    is_flag=True,
    help="Give items whose link moved for good (301/308) the new URL; progress stays, the old URL still finds them.",
)
@json_option
@pass_library
def check(lib, list_name, refresh, apply_redirects, as_json) -> None:
    """Check every link: ok, moved, gone, DNS failure, TLS error, timeout, blocked.

    \b
    At most two requests are open to one site at a time; Retry-After is honoured. Dead links
    get an archived copy from the Wayback Machine where there is one, which show, next and
    export then offer. Links moved for good are offered; --apply-redirects takes their new URL.
    \b
    Examples:
      readinglist check elicit
      readinglist check elicit --apply-redirects
      readinglist check --json > links.json
    """
    update, finish = (None, lambda: None) if as_json else _progress_bar("checking")
    results = []
    try:
        for result in lib.check_links(list_name, refresh=refresh, progress=update):
            results.append(result)
    except KeyboardInterrupt:
        finish()
        click.echo(f"interrupted after {len(results)} links; results so far are kept", err=True)
        sys.exit(130)
    finish()
    applied = lib.apply_redirects(list_name) if apply_redirects else []
    if as_json:
        report = {"counts": dict(Counter(r.outcome for r in results)), "links": results}
        echo_json({**report, "applied": applied} if apply_redirects else report)
        return
    counts = Counter(r.outcome for r in results)
    click.echo(", ".join(f"{n} {outcome}" for outcome, n in counts.most_common()) or "no links to check")
    for r in results:
        if r.dead:
            fallback = (
                f"\n      archived copy: {r.archive_url}" if r.archive_url else "\n      no archived copy"
            )
            click.echo(
                f"  {r.outcome}: {shorten(r.item.title, 60)} (id {r.item.id})\n      {r.url}{fallback}"
            )
        elif r.outcome == "moved":
            click.echo(f"  moved: {shorten(r.item.title, 60)} (id {r.item.id})\n      {r.url} -> {r.new_url}")
    moved = sum(1 for r in results if r.outcome == "moved")
    if apply_redirects:
        click.echo(f"applied {plural(len(applied), 'new URL')}" + (f" of {moved}" if len(applied) != moved else ""))
    elif moved:
        import shlex

        where = f" {shlex.quote(list_name)}" if list_name else ""
        click.echo(f"to give {'it' if moved == 1 else 'them'} the new URL: readinglist check{where} --apply-redirects")


def register(group: click.Group) -> None:
    for command in (enrich, check):
        group.add_command(command)
