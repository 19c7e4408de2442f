"""Commands to find and see your reading: search, stats, serve (the web app) and report (one HTML file)."""

from __future__ import annotations

import click

from readinglist.cli.common import STATUS_MARKS, bar, echo_json, json_option, pass_library, shorten

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)


@click.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--list", "list_name", metavar="NAME", help="Only this list.")
@click.option(
    "--status", type=click.Choice(["unread", "reading", "read", "skipped"]), help="Only this status."
)
@click.option("--kind", help="Only this kind: paper, video, post, book, course, repository, podcast.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many.")
@json_option
@pass_library
def search(lib, words, list_name, status, kind, limit, as_json) -> None:
    """Find items by words of their title, description, notes, topic or author (prefixes are enough).

    \b
    Examples:
      readinglist search attention need
      readinglist search attent trans --status unread
      readinglist search rlhf --list elicit --json
    The number shown is the id 'readinglist mark' takes.
    """
    found = lib.search(" ".join(words), list=list_name, status=status, kind=kind, limit=limit)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("Nothing matches.")
        return
    for e in found:
        where = " / ".join(filter(None, [e.list_name, e.topic if e.section else None, e.tier_name]))
        click.echo(
            f"{e.item.id:>6}  {STATUS_MARKS[e.status.value]} {click.style(shorten(e.title, 70), bold=True)}"
        )
        click.echo(f"        {where}")
    click.echo("Mark one with: readinglist mark read ID")


@click.command("stats")
@click.option("--list", "list_name", metavar="NAME", help="Only this list.")
@click.option("--since", metavar="DATE", help="Count reads from this day (YYYY-MM-DD).")
@json_option
@pass_library
def stats(lib, list_name, since, as_json) -> None:
    """Reads per week, streaks, pace, and when you will finish each tier at that pace.

    \b
    Examples:
      readinglist stats
      readinglist stats --list elicit --since 2025-01-01 --json
    """
    s = lib.stats(list_name, since=since)
    if as_json:
        echo_json(s)
        return
    weeks = [n for _, n in s.per_week]
    click.echo(f"Read {s.read}, skipped {s.skipped}" + (f" since {s.since}" if s.since else ""))
    click.echo(f"Last {len(weeks)} weeks  {sparkline(weeks)}  (this week: {weeks[-1] if weeks else 0})")
    click.echo(f"Streak: {s.current_streak} days now, {s.longest_streak} at best")
    click.echo(f"Pace: {s.pace:.1f} items a week over the last 4 weeks")
    if s.days_to_finish is not None:
        click.echo(f"From started to read: {s.days_to_finish:.1f} days (median)")
    shown = [e for e in s.estimates if e.scope in ("list", "tier")]
    if shown:
        click.echo("")
    for e in shown:
        when = "done" if e.remaining == 0 else (f"~{e.date}" if e.date else "no pace yet")
        label = shorten(e.name, 28) if e.scope == "list" else "  " + shorten(e.name, 26)
        click.echo(f"{label:<28} {bar(e.done, e.total, 12)} {e.done:>4}/{e.total:<4} {when}")


def register(group: click.Group) -> None:
    for command in (search, stats):
        group.add_command(command)
