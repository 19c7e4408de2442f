"""Commands about list versions: sync (re-import a changed upstream list) and history."""

from __future__ import annotations

import sys

import click

from readinglist.cli.common import (
    Settings,
    echo_json,
    json_option,
    pass_library,
    phase_bar,
    progress_rule_option,
)

NAMED = 5
"""Items named per kind of change (``-v`` names them all)."""


@click.command("sync")
@click.argument("name", required=False)
@click.option("--all", "all_", is_flag=True, help="Sync every list that has a source.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--ref", help="For a GitHub source: the branch, tag or commit to read (pins the version).")
@click.option(
    "--source", metavar="PATH|URL", help="Read this source instead of the recorded one (and record it)."
)
@progress_rule_option
@json_option
@pass_library
def sync_(
    lib,
    name: str | None,
    all_: bool,
    dry_run: bool,
    ref: str | None,
    source: str | None,
    on_conflict: str,
    as_json: bool,
) -> None:
    """Re-import a list from its source and keep all your progress; say what changed.

    Entries removed upstream that you marked or noted are kept as retired (hidden from 'next'), and come back
    if the list brings them back. Nothing is written when the source is unchanged, or with --dry-run.
    The --base-url and --tiers given at import are used again. Statuses the list carries follow the same rule
    as on import (--progress).

    \b
    Examples:
      readinglist sync elicit --dry-run     # what would change, nothing written
      readinglist sync elicit               # apply, in one transaction, and report
      readinglist sync elicit --ref e505c96 # a GitHub source pinned to a commit or tag
      readinglist sync --all                # every list that has a source
      readinglist sync mine --progress theirs  # the checklist's [x] marks win over yours
    """
    if all_ == bool(name):
        raise click.UsageError("give a list NAME or --all (not both)")
    if all_ and (ref or source):
        raise click.UsageError("--ref and --source apply to one list: readinglist sync NAME --ref REF")
    with phase_bar(f"syncing {name or 'every list'}", enabled=not as_json and sys.stderr.isatty()) as tick:
        reports = (
            lib.sync_all(dry_run=dry_run, on_conflict=on_conflict)
            if all_
            else [lib.sync(name, dry_run=dry_run, ref=ref, source=source, progress=tick, on_conflict=on_conflict)]
        )
    if as_json:
        echo_json([r.to_dict() for r in reports] if all_ else reports[0].to_dict())
    else:
        if all_ and not reports:
            click.echo("no list has a source to sync from")
        verbose = bool(getattr(click.get_current_context().find_object(Settings), "verbose", False))
        for report in reports:
            click.echo(str(report))
            for line in named_changes(report, None if verbose else NAMED):
                click.echo(line)
    if any(r.error for r in reports):
        raise SystemExit(1)


def named_changes(report, limit: int | None) -> list[str]:
    """The items a sync added, moved, retitled, retired...: ``limit`` of each kind, then "and N more"."""
    from readinglist.sync.changes import KINDS, tier_name

    out = []
    for kind in KINDS:
        changes = report.of(kind)
        if not changes:
            continue
        out.append(f"  {kind}:")
        for c in changes[:limit]:
            where = f"{' / '.join(c.section) or '(top)'}, {c.tier_name}"
            if kind == "retitled" and c.old_title:
                out.append(f"    {c.old_title!r} → {c.title!r} ({where})")
            elif kind == "moved":
                topic = " / ".join(c.section) or "(top)"
                old_tier = tier_name(c.old_tier, c.old_tier_label)
                if c.old_section == c.section:
                    out.append(f"    {c.title} ({topic}: {old_tier} → {c.tier_name})")
                else:
                    old = f"{' / '.join(c.old_section or ()) or '(top)'}, {old_tier}"
                    out.append(f"    {c.title} ({old} → {where})")
            else:
                out.append(f"    {c.title} ({where})")
        if limit is not None and len(changes) > limit:
            out.append(f"    and {len(changes) - limit} more (-v names them all)")
    return out


@click.command("history")
@click.argument("name")
@json_option
@pass_library
def history(lib, name: str, as_json: bool) -> None:
    """Show the versions of a list imported so far, oldest first, with what each changed.

    \b
    Examples:
      readinglist history elicit
      readinglist history elicit --json
    """
    versions = lib.history(name)
    if as_json:
        echo_json(
            [
                {
                    "id": v.id,
                    "imported_at": v.imported_at,
                    "source": v.source,
                    "revision": v.revision,
                    "source_date": v.source_date,
                    "content_hash": v.content_hash,
                    "entry_count": v.entry_count,
                    "first_import": v.first_import,
                    "report": v.report.to_dict() if v.report else None,
                }
                for v in versions
            ]
        )
        return
    for v in versions:
        for line in v.lines():
            click.echo(line)


def register(group: click.Group) -> None:
    group.add_command(sync_)
    group.add_command(history)
