"""Commands to find and see your reading: search, stats, serve (the web app) and report (one HTML file)."""

from __future__ import annotations

import click

from readinglist.cli.common import (
    STATUS_MARKS,
    bar,
    echo_json,
    entry_json,
    json_option,
    pass_library,
    plural,
    shorten,
)

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
@click.option("--tag", metavar="TAG", help="Only items carrying this tag of yours.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many.")
@json_option
@pass_library
def search(lib, words, list_name, status, kind, tag, limit, as_json) -> None:
    """Find items by words of their title, description, notes, topic or author (prefixes are enough).

    \b
    Examples:
      readinglist search attention need
      readinglist search attent trans --status unread
      readinglist search rlhf --list elicit --json
      readinglist search scaling --tag to-discuss
    The number shown is the id 'readinglist mark' takes (``id`` in --json, as in show and next).
    """
    query = " ".join(words)
    if tag is None:
        found = lib.search(query, list=list_name, status=status, kind=kind, limit=limit)
    else:
        wanted = lib.tagged(tag)
        found = [
            e
            for e in lib.search(query, list=list_name, status=status, kind=kind, limit=10_000)
            if e.item.id in wanted
        ]
        found = found[:limit]
    if as_json:
        echo_json([entry_json(e) for e in lib.with_tags(found)])
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
@click.option(
    "--minutes-per-day",
    type=click.FloatRange(min=1, max=1440),
    help="Your reading time a day: finish dates from the items' effort estimates at that rate.",
)
@json_option
@pass_library
def stats(lib, list_name, since, minutes_per_day, as_json) -> None:
    """Reads per week, streaks, pace, and when you will finish each tier at that pace.

    Where items have effort estimates ('readinglist enrich'), finish dates come from the minutes left and your
    pace in minutes (the estimates of what you read in the last 4 weeks, or --minutes-per-day).

    \b
    Examples:
      readinglist stats
      readinglist stats --list elicit --since 2025-01-01 --json
      readinglist stats --minutes-per-day 45
    """
    s = lib.stats(list_name, since=since, minutes_per_day=minutes_per_day)
    if as_json:
        echo_json(s)
        return
    weeks = [n for _, n in s.per_week]
    click.echo(f"Read {s.read}, skipped {s.skipped}" + (f" since {s.since}" if s.since else ""))
    click.echo(f"Last {len(weeks)} weeks  {sparkline(weeks)}  (this week: {weeks[-1] if weeks else 0})")
    click.echo(f"Streak: {plural(s.current_streak, 'day')} now, {s.longest_streak} at best")
    click.echo(f"Pace: {s.pace:.1f} items a week over the last 4 weeks")
    if s.days_to_finish is not None:
        click.echo(f"From started to read: {s.days_to_finish:.1f} days (median)")
    if s.minutes_pace:
        how = "your figure" if s.minutes_basis == "yours" else "the effort of what you read in the last 4 weeks"
        click.echo(f"Pace in time: {s.minutes_pace / 7:.0f} min a day ({how})")
    shown = [e for e in s.estimates if e.scope in ("list", "tier")]
    if shown:
        click.echo("")
    for e in shown:
        when = "done" if e.remaining == 0 else (f"~{e.date}" if e.date else "no pace yet")
        if e.remaining and e.minutes_left:
            from readinglist.cli.reading import short_minutes

            when += f"  {short_minutes(e.minutes_left)} left" + (f" +{e.unestimated}?" if e.unestimated else "")
        label = shorten(e.name, 28) if e.scope == "list" else "  " + shorten(e.name, 26)
        click.echo(f"{label:<28} {bar(e.done, e.total, 12)} {e.done:>4}/{e.total:<4} {when}")
    if any(e.remaining for e in shown):
        click.echo("")
        click.echo(_estimate_basis(s))


def _estimate_basis(s) -> str:
    """How the finish dates above were reckoned, and what would make them better."""
    if any(e.basis == "minutes" for e in s.estimates):
        unknown = sum(e.unestimated for e in s.estimates if e.scope == "list")
        note = f"; {unknown} open items without an estimate count as the average" if unknown else ""
        return f"Dates from the effort left at {s.minutes_pace / 7:.0f} min a day{note}."
    if any(e.minutes_left for e in s.estimates):
        return (
            "Dates from items a week: nothing read lately has an effort estimate "
            "(try --minutes-per-day N)."
        )
    return "Dates from items a week: no effort estimates yet ('readinglist enrich' fetches them)."


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (other than loopback needs a token).",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in your browser.")
@pass_library
def serve(lib, host, port, open_browser) -> None:
    """Browse and steer your reading in a browser: map, next, search, stats, lists, feeds, people.

    \b
    Examples:
      readinglist serve --open
      readinglist serve --port 8080
      readinglist serve --host 0.0.0.0     # prints a secret address; every request must carry its token
    """
    try:
        import uvicorn

        from readinglist.web import create_app
        from readinglist.web.security import is_loopback, new_secret
    except ModuleNotFoundError as exc:  # pragma: no cover - they are regular dependencies
        raise click.ClickException(
            f"the web app needs {exc.name}: pip install starlette jinja2 uvicorn python-multipart"
        ) from exc
    token = None if is_loopback(host) else new_secret()
    app = create_app(lib, host=host, port=port, token=token)
    address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    shown = address + (f"?token={token}" if token else "")
    click.echo(f"Serving {lib.database} as {lib.profile} at {shown}  (Ctrl-C to stop)")
    if token:
        click.echo("Bound to a non-loopback address: only requests carrying this token are answered.")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, args=(shown,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command("report")
@click.argument("list_name", metavar="[LIST]", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="progress.html",
    show_default=True,
    help="Where to write the HTML file ('-' for stdout).",
)
@pass_library
def report(lib, list_name, output) -> None:
    """Write one self-contained HTML file with the map, progress and stats charts (no scripts, works offline).

    \b
    Examples:
      readinglist report elicit -o progress.html
      readinglist report -o - > all.html
    """
    from readinglist import report as reports

    html = reports.render(lib, list_name)
    if output == "-":
        click.echo(html, nl=False)
        return
    with open(output, "w", encoding="utf-8") as f:
        f.write(html)
    click.echo(f"Wrote {output}")


def register(group: click.Group) -> None:
    for command in (search, stats, serve, report):
        group.add_command(command)
