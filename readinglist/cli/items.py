"""Commands about single items: ``readinglist add URL`` and ``readinglist open ID``."""

from __future__ import annotations

import click

from readinglist.cli.common import echo_json, entry_json, json_option, pass_library


@click.command("add")
@click.argument("url")
@click.option("--list", "list_name", required=True, metavar="NAME", help="The list to add it to.")
@click.option("--topic", help='Its topic ("A / B" for a nested topic); default: the list\'s top.')
@click.option("--tier", help="Its tier: 1, 2, 3, 4+ (default untiered).")
@click.option("--title", help="Its title (default: the URL).")
@click.option(
    "--kind", help="paper, video, post, book, course, repository, podcast (default: guessed from the URL)."
)
@click.option("--create", is_flag=True, help="Create the list if it does not exist.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag it (repeat for several).")
@json_option
@pass_library
def add(lib, url, list_name, topic, tier, title, kind, create, tags, as_json) -> None:
    """Add one item by hand to a list, in a topic and tier.

    \b
    Examples:
      readinglist add https://arxiv.org/abs/2307.09288 --list elicit --topic Transformers --tier 2 --title "Llama 2"
      readinglist add https://example.org/post --list later --create
    """
    entry = lib.add_item(url, list=list_name, topic=topic, tier=tier, title=title, kind=kind, create=create)
    if tags:
        lib.tag(entry.item, *tags)
        [entry] = lib.with_tags([entry])
    if as_json:
        echo_json(entry_json(entry))
        return
    where = " / ".join(entry.section) or "(top)"
    tagged = "".join(f" #{t}" for t in entry.tags)
    click.echo(
        f"added {entry.title} (id {entry.item.id}) to {entry.list_name}: {where}, {entry.tier_name}{tagged}"
    )


@click.command("open")
@click.argument("item")
@click.option("--list", "list_name", metavar="NAME", help="Look the item up in this list only.")
@click.option("--print", "print_only", is_flag=True, help="Print the URL instead of opening it.")
@pass_library
def open_(lib, item: str, list_name: str | None, print_only: bool) -> None:
    """Open an item in your web browser (by id, URL or title words); only http(s) links are opened.

    \b
    Examples:
      readinglist open 42
      readinglist open "Illustrated Transformer" --print
    """
    import webbrowser

    from readinglist.urls import is_web_url

    found = lib.find(item, list=list_name)
    if not found.url or not is_web_url(found.url):
        raise click.ClickException(f"{found.title!r} (id {found.id}) has no http(s) link to open")
    if print_only:
        click.echo(found.url)
        return
    if not webbrowser.open(found.url):
        raise click.ClickException(f"no web browser to open {found.url} (set BROWSER, or use --print)")
    click.echo(f"opened {found.url}", err=True)


@click.command("tag")
@click.argument("item")
@click.argument("tags", nargs=-1, required=True)
@click.option("--list", "list_name", metavar="NAME", help="Look the item up in this list only.")
@click.option("--remove", is_flag=True, help="Take these tags off instead.")
@pass_library
def tag(lib, item: str, tags: tuple[str, ...], list_name: str | None, remove: bool) -> None:
    """Tag an item (by id, URL or title words); tags are yours alone, like notes.

    \b
    Examples:
      readinglist tag 42 to-discuss theory
      readinglist tag "Illustrated Transformer" theory --remove
      readinglist show --tag to-discuss
    """
    [found] = (lib.untag if remove else lib.tag)(item, *tags, list=list_name)
    click.echo(f"{'untagged' if remove else 'tagged'} {found.title} (id {found.id}): {', '.join(tags)}")


@click.command("tags")
@json_option
@pass_library
def tags_(lib, as_json: bool) -> None:
    """Show your tags and how many items carry each.

    \b
    Example:
      readinglist tags --json
    """
    found = lib.tags()
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No tags yet. Tag an item: readinglist tag ID TAG")
    for name, n in found.items():
        click.echo(f"{n:5}  {name}")


def register(group: click.Group) -> None:
    for command in (add, open_, tag, tags_):
        group.add_command(command)
