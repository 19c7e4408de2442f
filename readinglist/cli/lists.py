"""Commands about lists: import, lists, show, export, remove."""

from __future__ import annotations

import sys

import click

from readinglist.cli.common import (
    STATUS_MARKS,
    display_width,
    echo_json,
    emit,
    entry_json,
    fit,
    json_option,
    pass_library,
    phase_bar,
    plural,
    progress_rule_option,
    shorten,
)

FORMAT_HELP = "Force an input format instead of sniffing it from the content (see 'readinglist formats')."


@click.command("import")
@click.argument("source")
@click.option("--name", help="Name to give the list (default: from the list's title or file name).")
@click.option("--format", "format_", metavar="FORMAT", help=FORMAT_HELP)
@click.option("--ref", help="For a GitHub repository URL: the branch, tag or commit to read.")
@click.option(
    "--base-url",
    metavar="URL",
    help="For a local file: the URL its relative links resolve against (e.g. the file's GitHub page).",
)
@click.option(
    "--tiers",
    type=click.Choice(["auto", "headings", "none"]),
    default=None,
    help="auto (default): tier markers and sections forming a progression (Intro/Core/Advanced, Part 1/2); "
    "headings: the top sections are the tiers; none: no tiers. Remembered for 'sync', like --base-url.",
)
@progress_rule_option
@json_option
@pass_library
def import_(
    lib,
    source: str,
    name: str | None,
    format_: str | None,
    ref: str | None,
    base_url: str | None,
    tiers: str | None,
    on_conflict: str,
    as_json: bool,
) -> None:
    """Import a reading list from a bundled name, a file, or a URL.

    \b
    Examples:
      readinglist import elicit                      # bundled Elicit ML reading list, offline
      readinglist import ai-engineer-path            # bundled path built from the seed articles
      readinglist import ./awesome-llm.md --name llm # or HTML, text, CSV, JSON, YAML, OPML, BibTeX, RIS, Org...
      readinglist import ./_data/readings.yml        # a site's reading list kept as YAML records
      readinglist import https://github.com/elicit/machine-learning-list
      readinglist import ./README.md --base-url https://github.com/o/r/blob/main/README.md
      readinglist import ./syllabus.md --tiers none  # keep Intro/Core/Advanced as topics
      readinglist import ./export.md --name mine --progress theirs  # the file's [x] marks win over yours

    Importing again under the same name updates the list and keeps your progress.
    """
    if ref and _bundled_only(source):
        click.echo(
            f"note: --ref is ignored for the bundled list {source!r} (a file shipped with readinglist); to read "
            "upstream at a ref, import its repository URL with --ref",
            err=True,
        )
        ref = None
    with phase_bar(f"importing {source}", enabled=not as_json and sys.stderr.isatty()) as tick:
        result = lib.import_list(
            source,
            name=name,
            format=format_,
            ref=ref,
            progress=tick,
            base_url=base_url,
            tiers=tiers,
            on_conflict=on_conflict,
        )
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
            f"Imported {info.name!r}: {plural(result.entries, 'item')} in {plural(result.topics, 'topic')} "
            f"({plural(result.resources_new, 'new resource')}) into {lib.database}"
        )
        if result.progress is not None and result.progress.changed:
            click.echo(result.progress.line())
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
        found = _available()
        if as_json:
            echo_json(found)
            return
        width = max(4, *(display_width(x["name"]) for x in found)) if found else 4
        lines = [f"{fit('NAME', width)}  {'ITEMS':>5}  DESCRIPTION"]
        for x in found:
            lines.append(f"{fit(x['name'], width)}  {x['items']:>5}  {x['title']}: {x['description']}")
        lines.append("Import one with: readinglist import NAME")
        emit(lines)
        return
    infos = lib.lists()
    if as_json:
        echo_json(infos)
        return
    if not infos:
        click.echo("No lists yet. Try: readinglist import elicit")
        return
    done: dict[str, int] = {}
    for row in lib.progress():
        done[row.list_name] = done.get(row.list_name, 0) + row.done
    width = max(4, *(display_width(i.name) for i in infos))
    lines = [f"{fit('NAME', width)}  {'ITEMS':>5}  {'DONE':>5}  IMPORTED    SOURCE"]
    for info in infos:
        when = info.imported_at.strftime("%Y-%m-%d") if info.imported_at else "?"
        lines.append(
            f"{fit(info.name, width)}  {info.entry_count:>5}  {done.get(info.name, 0):>5}  {when:10}  "
            f"{info.source or ''}{_options(info)}".rstrip()
        )
    emit(lines)


def _options(info) -> str:
    """`` (--base-url URL, --tiers none)``: the import options a list remembers for sync; empty when none."""
    given = [f"--base-url {info.base_url}"] if info.base_url else []
    given += [f"--tiers {info.tiers}"] if info.tiers else []
    return f" ({', '.join(given)})" if given else ""


def _bundled_only(source: str) -> bool:
    """``source`` names a bundled list (not a file here, not a URL)."""
    from pathlib import Path

    from readinglist.sources import bundled_names, is_url

    return not is_url(source) and not Path(source).expanduser().exists() and source in bundled_names()


def _available() -> list[dict]:
    """The bundled lists with their title, description and size, read from their TOML header."""
    import re

    from readinglist.sources import bundled_names, bundled_path

    out = []
    for name in bundled_names():
        path = bundled_path(name)
        text = path.read_text(encoding="utf-8") if path is not None and path.suffix == ".toml" else ""
        head = text.split("\n[", 1)[0]

        def field(key: str, head: str = head) -> str:
            m = re.search(rf'^{key} = "((?:[^"\\]|\\.)*)"', head, re.M)
            return m.group(1).replace('\\"', '"') if m else ""

        out.append(
            {
                "name": name,
                "title": field("title") or name,
                "description": shorten(field("description"), 200),
                "items": len(re.findall(r"^\[\[[\w.]*items\]\]", text, re.M)),
            }
        )
    return out


@click.command("show")
@click.argument("name", required=False)
@click.option("--topic", help="Only this topic (a heading of the list).")
@click.option("--tier", help="Only this tier: 1, 2, 3, 4+ or untiered.")
@click.option(
    "--status", type=click.Choice(["unread", "reading", "read", "skipped"]), help="Only this status."
)
@click.option("--kind", help="Only this kind: paper, video, post, book, course, repository, podcast.")
@click.option("--retired", is_flag=True, help="Include entries removed upstream that keep your progress.")
@click.option("--tag", metavar="TAG", help="Only items you tagged TAG.")
@json_option
@pass_library
def show(lib, name, topic, tier, status, kind, retired, tag, as_json) -> None:
    """Show the items of a list (all lists without NAME), by topic and tier.

    \b
    Examples:
      readinglist show elicit --tier 2
      readinglist show elicit --topic Transformers --json
      readinglist show --status reading
      readinglist show --tag to-discuss
    """
    if name or topic or tier:
        lib.check_filters(list=name, topic=topic, tier=tier)
    entries = lib.entries(name, topic=topic, tier=tier, status=status, kind=kind, include_retired=retired)
    if tag is not None:
        wanted = lib.tagged(tag)
        entries = [e for e in entries if e.item.id in wanted]
    entries = lib.with_tags(entries)
    efforts = lib.effort([e.item.id for e in entries])
    archived = lib.archive_links([e.item.id for e in entries])  # dead links' Wayback copies
    if as_json:
        echo_json(
            [
                {
                    **entry_json(e),
                    "effort": efforts.get(e.item.id),
                    "archive_url": archived.get(e.item.id),
                }
                for e in entries
            ]
        )
        return
    if not entries:
        click.echo("Nothing matches.")
        return
    lines: list[str] = []
    heading = None
    tier_heading = None
    for e in entries:
        this = (e.list_name, e.section)
        if this != heading:
            heading, tier_heading = this, None
            lines.append(click.style(f"{e.list_name}: {' / '.join(e.section) or '(no topic)'}", bold=True))
        if e.tier_name != tier_heading:
            tier_heading = e.tier_name
            lines.append(f"  {tier_heading}")
        flags = "".join(
            [
                " ✨" if e.new else "",
                " (retired)" if e.retired else "",
                f" ({e.note})" if e.note else "",
                f" ★{e.rating}" if e.rating else "",
                "".join(f" #{t}" for t in e.tags),
            ]
        )
        kind_text = f" [{e.item.kind.value}]" if e.item.kind else ""
        if e.item.id in efforts:
            kind_text += f" ({efforts[e.item.id].label})"
        lines.append(
            f"    {STATUS_MARKS[e.status.value]} {e.item.id:>5}  {shorten(e.title, 80)}{flags}{kind_text}"
        )
        if e.item.id in archived:
            lines.append(f"              (dead link; archived copy: {archived[e.item.id]})")
        for line in (e.progress_note or "").splitlines():  # your notes, dated as they accumulated
            lines.append(f"              ✎ {line}")
    emit(lines)


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
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@pass_library
def export(lib, name: str, format_: str, output: str | None) -> None:
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
        from pathlib import Path

        Path(output).write_text(text, encoding="utf-8")
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

    found = [{"name": n, "description": importers.describe_format(n)} for n in importers.available_formats()]
    if as_json:
        echo_json(found)
        return
    width = max(display_width(f["name"]) for f in found)
    for f in found:
        click.echo(f"{fit(f['name'], width)}  {f['description']}")


def register(group: click.Group) -> None:
    for command in (import_, lists_, show, export, remove, formats):
        group.add_command(command)
