"""Commands about reading: next, mark, undo, progress."""

from __future__ import annotations

import click

from readinglist.cli.common import bar, echo_json, json_option, pass_library, shorten
from readinglist.types import tier_name


@click.command("next")
@click.option("--list", "list_name", metavar="NAME", help="Only this list.")
@click.option("--topic", help="Only this topic.")
@click.option("--tier", help="Only this tier: 1, 2, 3, 4+ or untiered.")
@click.option("--kind", help="Only this kind: paper, video, post, book, course, repository, podcast.")
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(min=1), help="How many.")
@click.option(
    "--strategy",
    type=click.Choice(["tier-first", "topic-first"]),
    default="tier-first",
    show_default=True,
    help="tier-first: Tier 1 of every topic, then Tier 2...; topic-first: finish a topic before the next.",
)
@json_option
@pass_library
def next_(lib, list_name, topic, tier, kind, limit, strategy, as_json) -> None:
    """What to read now, and why.

    \b
    Examples:
      readinglist next
      readinglist next --list elicit --topic Transformers -n 3
      readinglist next --strategy topic-first --kind video --json
    """
    recs = lib.next(limit, list=list_name, topic=topic, tier=tier, kind=kind, strategy=strategy)
    if as_json:
        echo_json(recs)
        return
    if not recs:
        if not lib.lists():
            click.echo("No lists yet. Try: readinglist import elicit")
        else:
            click.echo("Nothing left to read here: every item is read or skipped.")
        return
    for n, rec in enumerate(recs, 1):
        e = rec.entry
        kind_text = f" [{e.item.kind.value}]" if e.item.kind else ""
        click.echo(f"{n:2}. {click.style(e.title, bold=True)}{kind_text}  (id {e.item.id})")
        if e.item.url:
            click.echo(f"    {e.item.url}")
        click.echo(
            f"    {rec.reason}" + ("" if len({r.entry.list_name for r in recs}) == 1 else f" — {e.list_name}")
        )
    click.echo("Mark one with: readinglist mark read ID   (or title words, or its URL)")


@click.command("mark")
@click.argument("status", type=click.Choice(["read", "reading", "skipped", "unread"]))
@click.argument("items", nargs=-1)
@click.option(
    "--list", "list_name", metavar="NAME", help="Look items up in this list only; with no ITEMS, mark it all."
)
@click.option("--topic", help="With no ITEMS: every item of this topic.")
@click.option("--tier", help="With no ITEMS: every item of this tier (1, 2, 3, 4+, untiered).")
@click.option("--kind", help="With no ITEMS: every item of this kind.")
@click.option("--note", help="A note to add to the item's notes (dated, below the earlier ones).")
@click.option("--replace-note", is_flag=True, help="With --note: replace the item's notes instead of adding.")
@click.option("--rating", type=click.IntRange(1, 5), help="Your rating, 1 to 5.")
@json_option
@pass_library
def mark(lib, status, items, list_name, topic, tier, kind, note, replace_note, rating, as_json) -> None:
    """Mark items read, reading, skipped or unread: by id, URL or title words.

    \b
    Examples:
      readinglist mark read "Illustrated Transformer" --rating 5 --note "clear intro"
      readinglist mark reading 42
      readinglist mark read https://arxiv.org/abs/1706.03762
      readinglist mark skipped --topic Transformers --tier 1     # bulk
    Progress belongs to the resource: reading it once marks it in every list that has it.
    """
    if items:
        result = lib.mark(
            list(items), status, note=note, rating=rating, list=list_name, replace_note=replace_note
        )
    else:
        if note is not None or rating is not None:
            raise click.UsageError("--note and --rating go with named ITEMS, not with bulk marking")
        if not (list_name or topic or tier or kind):
            raise click.UsageError("name ITEMS to mark, or choose them with --list/--topic/--tier/--kind")
        result = lib.mark_many(status, list=list_name, topic=topic, tier=tier, kind=kind)
    if as_json:
        echo_json(result)
        return
    for item in result.items:
        click.echo(f"{status}: {item.title} (id {item.id})")
    if result.unchanged:
        click.echo(f"{result.unchanged} already {status}")
    for message in result.messages:
        click.echo(click.style(message, fg="green"))


@click.command("undo")
@json_option
@pass_library
def undo(lib, as_json: bool) -> None:
    """Take back the last mark (run again to go further back).

    \b
    Example:
      readinglist mark skipped --topic Transformers && readinglist undo
    """
    result = lib.undo()
    if as_json:
        echo_json(result)
        return
    for item, status in zip(result.items, result.restored):
        click.echo(f"back to {status.value}: {item.title}")


@click.command("progress")
@click.option("--list", "list_name", metavar="NAME", help="Only this list.")
@json_option
@pass_library
def progress(lib, list_name: str | None, as_json: bool) -> None:
    """A topic × tier table of what you have read (read + skipped of total).

    \b
    Examples:
      readinglist progress
      readinglist progress --list elicit --json
    """
    rows = lib.progress(list_name)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No lists yet. Try: readinglist import elicit")
        return
    for name in dict.fromkeys(r.list_name for r in rows):
        _print_table(name, [r for r in rows if r.list_name == name])


def _print_table(list_name: str, rows) -> None:
    """One list's topic x tier table: a row per topic, a column per tier, each cell a bar and done/total."""
    from readinglist.recommend import tier_rank

    columns = {r.tier: tier_name(r.tier, r.tier_label) for r in sorted(rows, key=lambda r: tier_rank(r.tier))}
    cells = {(r.section, r.tier): r for r in rows}
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    click.echo(click.style(f"{list_name}: {done}/{total} done {bar(done, total, 20)}", bold=True))
    width = min(40, max(len(_topic(r.section)) for r in rows))
    click.echo("  " + " " * width + "".join(f"  {label:<13}" for label in columns.values()))
    for section in dict.fromkeys(r.section for r in rows):
        line = f"  {shorten(_topic(section), width):<{width}}"
        for tier in columns:
            row = cells.get((section, tier))
            line += f"  {bar(row.done, row.total, 5)} {row.done:>2}/{row.total:<3}" if row else " " * 15
        click.echo(line.rstrip())


def _topic(section: tuple[str, ...]) -> str:
    return section[-1] if section else "(no topic)"


def register(group: click.Group) -> None:
    for command in (next_, mark, undo, progress):
        group.add_command(command)
