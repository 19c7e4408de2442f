"""Commands about reading: next, mark, undo, progress."""

from __future__ import annotations

import click

from readinglist.cli.common import (
    bar,
    display_width,
    echo_json,
    emit,
    fit,
    json_option,
    pass_library,
    plural,
    recommendation_json,
    terminal_width,
)


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
@click.option("--tag", metavar="TAG", help="Only items you tagged TAG.")
@json_option
@pass_library
def next_(lib, list_name, topic, tier, kind, limit, strategy, tag, as_json) -> None:
    """What to read now, and why.

    \b
    Examples:
      readinglist next
      readinglist next --list elicit --topic Transformers -n 3
      readinglist next --strategy topic-first --kind video --json
    """
    if list_name or topic or tier:
        lib.check_filters(list=list_name, topic=topic, tier=tier)
    if tag is None:
        recs = lib.next(limit, list=list_name, topic=topic, tier=tier, kind=kind, strategy=strategy)
    else:
        wanted = lib.tagged(tag)
        recs = lib.next(None, list=list_name, topic=topic, tier=tier, kind=kind, strategy=strategy)
        recs = [r for r in recs if r.item.id in wanted][:limit]
        if not recs:
            click.echo(f"Nothing to read tagged {tag}.")
            return
    if as_json:
        tagged = lib.with_tags([r.entry for r in recs])
        import dataclasses

        efforts = lib.effort([r.entry.item.id for r in recs])
        archived = lib.archive_links([r.entry.item.id for r in recs])
        echo_json(
            [
                {
                    **recommendation_json(dataclasses.replace(r, entry=e)),
                    "effort": efforts.get(e.item.id),
                    "archive_url": archived.get(e.item.id),
                }
                for r, e in zip(recs, tagged)
            ]
        )
        return
    if not recs:
        if not lib.lists():
            click.echo("No lists yet. Try: readinglist import elicit")
            return
        if list_name or topic or tier or kind:
            from readinglist.names import describe_filters

            where = describe_filters(list=list_name, topic=topic, tier=tier, kind=kind)
            if not lib.entries(list_name, topic=topic, tier=tier, kind=kind):
                click.echo(f"Nothing to read: there are no {where}.")
            else:
                click.echo(f"Nothing left to read: every one of the {where} is read or skipped.")
        else:
            click.echo("Nothing left to read: every item of your lists is read or skipped.")
        for info, following, imported in lib.finished_with_next(list_name):
            if not imported:
                click.echo(
                    f"{info.name} is done; next: {following} (import it with 'readinglist import {following}')"
                )
            elif list_name is not None:
                click.echo(f"{info.name} is done; next: {following} (readinglist next --list {following})")
                for rec in lib.next(limit, list=following, strategy=strategy):
                    click.echo(f"  - {rec.entry.title}  (id {rec.entry.item.id})")
        return
    efforts = lib.effort([r.entry.item.id for r in recs])
    archived = lib.archive_links([r.entry.item.id for r in recs])
    for n, rec in enumerate(recs, 1):
        e = rec.entry
        kind_text = f" [{e.item.kind.value}]" if e.item.kind else ""
        if e.item.id in efforts:
            kind_text += f" ({efforts[e.item.id].label})"
        click.echo(f"{n:2}. {click.style(e.title, bold=True)}{kind_text}  (id {e.item.id})")
        if e.item.url:
            click.echo(f"    {e.item.url}")
        if e.item.id in archived:
            click.echo(f"    (dead link; archived copy: {archived[e.item.id]})")
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
@click.option(
    "--minutes", type=click.IntRange(min=1), help="How long the item takes you (overrides the estimate)."
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Also tag the items (repeat for several).")
@json_option
@pass_library
def mark(lib, status, items, list_name, topic, tier, kind, note, replace_note, rating, minutes, tags, as_json) -> None:
    """Mark items read, reading, skipped or unread: by id, URL or title words.

    \b
    Examples:
      readinglist mark read "Illustrated Transformer" --rating 5 --note "clear intro"
      readinglist mark reading 42
      readinglist mark read https://arxiv.org/abs/1706.03762
      readinglist mark skipped --topic Transformers --tier 1     # bulk
      readinglist mark reading 42 --tag to-discuss
    Progress belongs to the resource: reading it once marks it in every list that has it.
    """
    if items:
        result = lib.mark(
            list(items), status, note=note, rating=rating, list=list_name, replace_note=replace_note
        )
        if minutes is not None:
            for query in items:
                lib.set_minutes(lib.find(query, list=list_name), minutes)
    else:
        if note is not None or rating is not None or minutes is not None:
            raise click.UsageError("--note, --rating and --minutes go with named ITEMS, not with bulk marking")
        if not (list_name or topic or tier or kind):
            raise click.UsageError("name ITEMS to mark, or choose them with --list/--topic/--tier/--kind")
        lib.check_filters(list=list_name, topic=topic, tier=tier)
        result = lib.mark_many(status, list=list_name, topic=topic, tier=tier, kind=kind)
    if tags:
        chosen = list(items) or [e.item for e in lib.entries(list_name, topic=topic, tier=tier, kind=kind)]
        tagged = lib.tag(chosen, *tags, list=list_name)
    if as_json:
        echo_json(result)
        return
    for item in result.items:
        click.echo(f"{status}: {item.title} (id {item.id})")
    if result.unchanged - result.kept_read:
        click.echo(f"{plural(result.unchanged - result.kept_read, 'item')} already {status}")
    if result.kept_read:
        click.echo(f"{plural(result.kept_read, 'item')} already read, left as read")
    if tags:
        click.echo(f"tagged {plural(len({i.id for i in tagged}), 'item')} {', '.join(tags)}")
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
    if list_name:
        lib.check_filters(list=list_name)
    rows = lib.progress(list_name)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        if list_name:
            click.echo(f"{list_name} has no items yet.")
        else:
            click.echo("No lists yet. Try: readinglist import elicit")
        return
    by_list: dict[str, list] = {}
    for r in rows:
        by_list.setdefault(r.list_name, []).append(r)
    lines: list[str] = []
    width = terminal_width()
    for name, of_list in by_list.items():
        lines += _table(name, of_list, width)
        lines += _effort_table(of_list, width)
    emit(lines)


CELL = 12
"""A full cell: a 5-column bar, a space and ``ddd/ttt`` (``█████  5/12 ``)."""


def _short_label(label: str) -> str:
    """``Tier 4+`` -> ``T4+``; other labels stay (they get cut to the cell's width)."""
    return "T" + label[5:] if label.startswith("Tier ") else label


def _layout(
    topic_width: int, labels: list[str], count_width: int, width: int
) -> tuple[bool, list[str], int, int]:
    """Fit the table in ``width`` columns: first drop to short tier labels, then drop the bars, then narrow
    the topic column (never below 10). Returns (bars?, labels, cell width, topic width)."""
    for with_bar in (True, False):
        for short in (False, True):
            shown = [_short_label(x) for x in labels] if short else labels
            cell = max(CELL if with_bar else count_width, *(display_width(x) for x in shown))
            room = width - 2 - len(shown) * (cell + 2)
            if room >= min(topic_width, 16):
                return with_bar, shown, cell, min(topic_width, room)
    shown = [_short_label(x) for x in labels]
    cell = count_width
    return False, shown, cell, max(10, width - 2 - len(shown) * (cell + 2))


def _table(list_name: str, rows, width: int) -> list[str]:
    """One list's topic x tier table: a row per topic, a column per tier, each cell a bar and done/total."""
    from readinglist.recommend import tier_rank
    from readinglist.types import tier_name

    columns = {r.tier: tier_name(r.tier, r.tier_label) for r in sorted(rows, key=lambda r: tier_rank(r.tier))}
    cells = {(r.section, r.tier): r for r in rows}
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    head = f"{list_name}: {done}/{total} done"
    lines = [
        click.style(f"{head} {bar(done, total, max(5, min(20, width - display_width(head) - 1)))}", bold=True)
    ]
    topic_width = min(40, max(display_width(_topic(r.section)) for r in rows))
    count_width = max(len(f"{r.done}/{r.total}") for r in rows)
    with_bar, labels, cell, topic_width = _layout(topic_width, list(columns.values()), count_width, width)
    lines.append(("  " + " " * topic_width + "".join(f"  {fit(label, cell)}" for label in labels)).rstrip())
    for section in dict.fromkeys(r.section for r in rows):
        line = "  " + fit(_topic(section), topic_width)
        for tier in columns:
            row = cells.get((section, tier))
            if row is None:
                text = ""
            elif with_bar:
                text = f"{bar(row.done, row.total, 5)} {row.done:>2}/{row.total}"
            else:
                text = f"{row.done}/{row.total}"
            line += "  " + fit(text, cell)
        lines.append(line.rstrip())
    return lines


def short_minutes(minutes: int) -> str:
    """``25`` -> ``"~25 min"``, ``90`` -> ``"~1.5 h"``, ``2000`` -> ``"~33 h"``: an estimate, said roughly."""
    if minutes < 60:
        return f"~{minutes} min"
    hours = minutes / 60
    return f"~{hours:.1f} h".replace(".0 h", " h") if hours < 10 else f"~{round(hours)} h"


def _effort_cell(minutes: int, unknown: int) -> str:
    if not minutes and not unknown:
        return "done"
    if not minutes:
        return f"+{unknown}?"
    return short_minutes(minutes) + (f" +{unknown}?" if unknown else "")


def _effort_table(rows, width: int) -> list[str]:
    """Time left of one list (only when some item has an effort estimate): a line with the whole list's, then a
    topic x tier table of the open items' minutes, ``+N?`` counting the open items without an estimate."""
    from readinglist.enrich.left import total
    from readinglist.recommend import tier_rank
    from readinglist.types import tier_name

    minutes, unknown = total(rows)
    if not minutes:
        return []
    head = f"  Time left: {short_minutes(minutes)}"
    if unknown:
        head += f" (+{unknown}? item{'s' if unknown != 1 else ''} without an estimate)"
    columns = {r.tier: tier_name(r.tier, r.tier_label) for r in sorted(rows, key=lambda r: tier_rank(r.tier))}
    cells = {(r.section, r.tier): _effort_cell(r.minutes_left, r.unestimated) for r in rows}
    topic_width = min(40, max(display_width(_topic(r.section)) for r in rows))
    count_width = max(display_width(c) for c in cells.values())
    _bars, labels, cell, topic_width = _layout(topic_width, list(columns.values()), count_width, width)
    lines = [head, ("  " + " " * topic_width + "".join(f"  {fit(label, cell)}" for label in labels)).rstrip()]
    for section in dict.fromkeys(r.section for r in rows):
        line = "  " + fit(_topic(section), topic_width)
        for tier in columns:
            line += "  " + fit(cells.get((section, tier), ""), cell)
        lines.append(line.rstrip())
    return lines


def _topic(section: tuple[str, ...]) -> str:
    return section[-1] if section else "(no topic)"


def register(group: click.Group) -> None:
    for command in (next_, mark, undo, progress):
        group.add_command(command)
