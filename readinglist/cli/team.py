"""Commands about people: ``readinglist profile add|list|rename|remove`` and ``readinglist team``."""

from __future__ import annotations

import click

from readinglist.cli.common import (
    CONTEXT_SETTINGS,
    Settings,
    bar,
    display_width,
    echo_json,
    emit,
    fit,
    json_option,
    pass_library,
    plural,
    terminal_width,
)


@click.group("profile", context_settings=CONTEXT_SETTINGS)
@click.pass_context
def profile(ctx: click.Context) -> None:
    """Readers sharing one database: one profile per person, each with their own progress.

    \b
    A team shares a PostgreSQL database; each person sets their profile once:
      export READINGLIST_DB=postgresql://team@db.example.org/reading
      readinglist profile add alice
      export READINGLIST_PROFILE=alice
    \b
    Examples:
      readinglist profile list
      readinglist profile rename alice alice.b
      readinglist profile remove bob --yes
    """
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.check_profile = False  # these commands manage profiles: the --profile need not exist yet


@profile.command("add")
@click.argument("name")
@json_option
@pass_library
def add(lib, name: str, as_json: bool) -> None:
    """Create a profile for a person.

    \b
    Example:
      readinglist profile add alice && readinglist --profile alice next
    """
    created = lib.add_profile(name)
    if as_json:
        echo_json(created)
    else:
        click.echo(
            f"added profile {created.name}. Use it with --profile {created.name} or READINGLIST_PROFILE"
        )


@profile.command("list")
@json_option
@pass_library
def list_(lib, as_json: bool) -> None:
    """Show the profiles with what each has read, and when they last finished something.

    \b
    Example:
      readinglist profile list --json
    """
    found = lib.profiles()
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No profiles yet. Add one: readinglist profile add NAME")
        return
    width = max(7, *(display_width(p.name) for p in found))
    lines = [f"  {fit('PROFILE', width)}  {'READ':>5}  {'SKIPPED':>7}  {'READING':>7}  LAST READ"]
    for p in found:
        mark = "*" if p.name == lib.profile else " "
        when = p.last_read.strftime("%Y-%m-%d") if p.last_read else "never"
        lines.append(f"{mark} {fit(p.name, width)}  {p.read:>5}  {p.skipped:>7}  {p.reading:>7}  {when}")
    emit(lines)


@profile.command("rename")
@click.argument("old")
@click.argument("new")
@pass_library
def rename(lib, old: str, new: str) -> None:
    """Rename a profile; its progress and history follow.

    \b
    Example:
      readinglist profile rename alice alice.b
    """
    lib.rename_profile(old, new)
    click.echo(f"renamed profile {old} to {new}")


@profile.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_library
def remove(lib, name: str, yes: bool) -> None:
    """Delete a profile with its progress and history (the lists stay: they are shared).

    \b
    Example:
      readinglist profile remove bob --yes
    """
    lib.check_profile(name)
    if not yes:
        click.confirm(f"Remove profile {name!r} with all its progress?", abort=True)
    lib.remove_profile(name)
    click.echo(f"removed profile {name}")


@click.command("team")
@click.argument("name", required=False)
@json_option
@pass_library
def team(lib, name: str | None, as_json: bool) -> None:
    """Everyone's progress through a list, topic by topic and tier by tier, side by side.

    Shows who finished what, and who is stuck (nothing read from the list for 14 days).

    \b
    Examples:
      readinglist team elicit
      readinglist team elicit --json
    """
    view = lib.team_progress(name)
    if as_json:
        echo_json(view)
        return
    if not view.members:
        click.echo("No profiles yet. Add one per person: readinglist profile add NAME")
        return
    lines = [click.style(f"{view.list_name}: {plural(len(view.members), 'member')}", bold=True)]
    namew = max(display_width(m.profile) for m in view.members)
    for m in view.members:
        when = m.last_read.strftime("%Y-%m-%d") if m.last_read else "never"
        flag = (
            click.style(f"  stuck: nothing read for {view.stuck_after_days}+ days", fg="red")
            if m.stuck
            else ""
        )
        lines.append(
            f"  {fit(m.profile, namew)}  {bar(m.done, m.total, 12)} {m.done:>4}/{m.total:<4} last read {when}{flag}"
        )
        if m.finished:
            lines.append(
                f"  {' ' * namew}  finished: {', '.join(m.finished[:6])}"
                + (f" and {len(m.finished) - 6} more" if len(m.finished) > 6 else "")
            )
    lines.append("")
    cell = max(7, *(display_width(m.profile) for m in view.members))
    topicw = max(10, min(40, terminal_width() - 2 - len(view.members) * (cell + 2) - 10))
    lines.append(
        "  "
        + fit("TOPIC", topicw)
        + "  "
        + fit("TIER", 8)
        + "".join("  " + fit(m.profile, cell) for m in view.members)
    )
    for r in view.rows:
        line = "  " + fit(r.topic or "(no topic)", topicw) + "  " + fit(r.tier_name, 8)
        for m in view.members:
            n = r.done[m.profile]
            text = f"{n}/{r.total}"
            text = click.style(fit(text, cell), fg="green") if n >= r.total else fit(text, cell)
            line += "  " + text
        lines.append(line.rstrip())
    emit(lines)


def register(group: click.Group) -> None:
    group.add_command(profile)
    group.add_command(team)
