"""Commands about lists: import, lists, show, export, remove."""

from __future__ import annotations

from pathlib import Path

import click

from readinglist.cli.common import STATUS_MARKS, echo_json, json_option, pass_library, shorten

FORMAT_HELP = "Force an input format instead of sniffing it from the content (see 'readinglist formats')."


@click.command("import")
@click.argument("source")
@click.option("--name", help="Name to give the list (default: from the list's title or file name).")
@click.option("--format", "format_", metavar="FORMAT", help=FORMAT_HELP)
@click.option("--ref", help="For a GitHub repository URL: the branch, tag or commit to read.")
@json_option
@pass_library
def import_(lib, source: str, name: str | None, format_: str | None, ref: str | None, as_json: bool) -> None:
    """Import a reading list from a bundled name, a file, or a URL.

    \b
    Examples:
      readinglist import elicit                      # bundled Elicit ML reading list, offline
      readinglist import ai-engineer-path            # bundled path built from the seed articles
      readinglist import ./awesome-llm.md --name llm # Markdown, HTML, text, CSV, OPML, BibTeX, JSON, TOML
      readinglist import https://github.com/elicit/machine-learning-list

    Importing again under the same name updates the list and keeps your progress.
    """
    result = lib.import_list(source, name=name, format=format_, ref=ref)
    if as_json:
        echo_json(result)
        return
    info = result.list
    report = getattr(result, "report", None)
    if report is not None:
        click.echo(str(report))
    elif not result.created:
        click.echo(f"{info.name}: up to date ({info.entry_count} items)")
    else:
        click.echo(
            f"Imported {info.name!r}: {result.entries} items in {result.topics} topics "
            f"({result.resources_new} new resources) into {lib.database}"
        )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo("Next: readinglist next" + ("" if len(lib.lists()) == 1 else f" --list {info.name}"))


@click.command("lists")
@click.option("--available", is_flag=True, help="Show the bundled lists you can import by name.")
@json_option
@pass_library
def lists_(lib, available: bool, as_json: bool) -> None:
    """Show your lists with their size, source and version.

    \b
    Examples:
      readinglist lists
      readinglist lists --available     # bundled lists: readinglist import NAME
    """
    if available:
        from readinglist.sources import bundled_names

        names = bundled_names()
        if as_json:
            echo_json(names)
        else:
            for n in names:
                click.echo(n)
        return
    infos = lib.lists()
    if as_json:
        echo_json(infos)
        return
    if not infos:
        click.echo("No lists yet. Try: readinglist import elicit")
        return
    for info in infos:
        when = info.imported_at.strftime("%Y-%m-%d") if info.imported_at else "?"
        click.echo(f"{info.name:24} {info.entry_count:5} items  imported {when}  {info.source or ''}")


@click.command("show")
@click.argument("name", required=False)
@click.option("--topic", help="Only this topic (a heading of the list).")
@click.option("--tier", help="Only this tier: 1, 2, 3, 4+ or untiered.")
@click.option(
    "--status", type=click.Choice(["unread", "reading", "read", "skipped"]), help="Only this status."
)
@click.option("--kind", help="Only this kind: paper, video, post, book, course, repository, podcast.")
@click.option("--retired", is_flag=True, help="Include entries removed upstream that keep your progress.")
@json_option
@pass_library
def show(lib, name, topic, tier, status, kind, retired, as_json) -> None:
    """Show the items of a list (all lists without NAME), by topic and tier.

    \b
    Examples:
      readinglist show elicit --tier 2
      readinglist show elicit --topic Transformers --json
      readinglist show --status reading
    """
    entries = lib.entries(name, topic=topic, tier=tier, status=status, kind=kind, include_retired=retired)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        click.echo("Nothing matches.")
        return
    heading = None
    tier_heading = None
    for e in entries:
        this = (e.list_name, e.section)
        if this != heading:
            heading, tier_heading = this, None
            click.echo(click.style(f"{e.list_name}: {' / '.join(e.section) or '(no topic)'}", bold=True))
        if e.tier_name != tier_heading:
            tier_heading = e.tier_name
            click.echo(f"  {tier_heading}")
        flags = "".join(
            [
                " ✨" if e.new else "",
                " (retired)" if e.retired else "",
                f" ({e.note})" if e.note else "",
                f" ★{e.rating}" if e.rating else "",
            ]
        )
        kind_text = f" [{e.item.kind.value}]" if e.item.kind else ""
        click.echo(
            f"    {STATUS_MARKS[e.status.value]} {e.item.id:>5}  {shorten(e.title, 80)}{flags}{kind_text}"
        )
        for line in (e.progress_note or "").splitlines():  # your notes, dated as they accumulated
            click.echo(f"              ✎ {line}")


@click.command("export")
@click.argument("name")
@click.option(
    "--format",
    "format_",
    default="md",
    show_default=True,
    type=click.Choice(["md", "json", "toml", "csv"]),
    help="md: checklist with [x] marks; json/toml: the project's own lossless format; csv: one row per entry.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@pass_library
def export(lib, name: str, format_: str, output: Path | None) -> None:
    """Write a list with your progress as Markdown, JSON, TOML or CSV.

    \b
    Examples:
      readinglist export elicit > my-progress.md
      readinglist export elicit --format json -o elicit.json
      readinglist import my-progress.md --name copy     # round-trips, with statuses
    """
    text = lib.export(name, format_)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@click.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_library
def remove(lib, name: str, yes: bool) -> None:
    """Remove a list. Your progress stays with the resources (other lists may hold them).

    \b
    Example:
      readinglist remove old-list --yes
    """
    info = lib.get_list(name)
    if not yes:
        click.confirm(f"Remove {name!r} ({info.entry_count} items)?", abort=True)
    lib.remove_list(name)
    click.echo(f"removed {name}")


@click.command("formats")
@json_option
def formats(as_json: bool) -> None:
    """List the input formats 'readinglist import' understands.

    \b
    Example:
      readinglist import notes.txt --format document
    """
    from readinglist import importers

    names = list(importers.FORMATS)
    if as_json:
        echo_json(names)
    else:
        for n in names:
            click.echo(n)


def register(group: click.Group) -> None:
    for command in (import_, lists_, show, export, remove, formats):
        group.add_command(command)
