"""A work described by its heading and a list of its properties: reading notes kept in Markdown (Obsidian vaults,
personal reading logs) write one heading per book and its fields under it::

    ### [[Clean Code - Robert C. Martin]]
    - **type**: book
    - **author**: Robert C. Martin
    - **started**: 2024-07-15
    - **finished**: 2024-08-10
    - **rating**: ⭐⭐⭐⭐⭐
    - **url**: https://www.amazon.com/dp/0132350882

The heading names the item (``[[wiki link]]`` brackets dropped) in the heading's parent topic; ``url``/``link``
(or another key naming a link) gives its URL and other links are extras; ``type`` its kind, ``author(s)`` and
``year``/``published`` fill those fields, ``status`` (or ``finished`` / ``started`` dates) and ``rating`` the
reader's progress; every other field describes it. A work without a link is kept by its title. Only a list of
nothing but ``**key**: value`` bullets right under a heading, two or more, with at least one field a work has
(author, type, url, rating...), is read so: a heading over "**Install**: ..." steps stays a topic.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readinglist.importers.csvfile import iso_day, parse_rating, parse_status
from readinglist.importers.markdown.inline import _inline_view, _plain
from readinglist.importers.markdown.rules import _BARE_URL, _URL_TAIL, collapse
from readinglist.kinds import kind_from_tag
from readinglist.types import ItemToImport, Link, Status

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node
    from readinglist.importers.markdown.walker import _Walker

_URL_KEYS = frozenset(
    {"url", "link", "links", "website", "homepage", "web", "source", "pdf", "paper", "arxiv", "doi", "goodreads"}
)
_WORK_KEYS = _URL_KEYS | frozenset(
    {
        "type",
        "kind",
        "author",
        "authors",
        "isbn",
        "year",
        "published",
        "publisher",
        "rating",
        "status",
        "started",
        "finished",
        "pages",
        "date read",
    }
)
_READ_KEYS = frozenset({"finished", "date read", "read on", "completed"})
_WIKI = re.compile(r"^\[\[(.+?)(?:\|.*)?\]\]$")


def _field(item: Node) -> tuple[str, list[Node], str] | None:
    """``- **key**: value`` (or ``- **key:** value``): the key in lower case, the value's inline nodes and its
    visible text."""
    if len(item.children) != 1 or item.children[0].type != "paragraph":
        return None
    nodes = [n for n in _inline_view(item.children[0])]
    while nodes and nodes[0].type == "text" and not nodes[0].content.strip():
        nodes = nodes[1:]
    if not nodes or nodes[0].type != "strong":
        return None
    key = collapse(_plain(nodes[0]))
    rest = nodes[1:]
    value = collapse("".join(_plain(n) for n in rest))
    if key.endswith((":", "：")):
        key = key[:-1].strip()
    elif value.startswith((":", "：")):
        value = value[1:].strip()
    else:
        return None
    if not key or len(key) > 30:
        return None
    return key.lower(), rest, value


def property_item(walker: _Walker, node: Node) -> bool:
    """Read ``node`` (a list right under a heading) as the properties of the work the heading names; ``False``
    (nothing done) when it is no such list."""
    if walker.skipping() or len(walker.items) != walker.items_at_heading or not walker.headings:
        return False
    heading = walker.headings[-1]
    if not heading.topic:
        return False
    fields: list[tuple[str, list[Node], str]] = []
    for child in node.children:
        if child.type != "list_item":
            continue
        found = _field(child)
        if found is None:
            return False
        fields.append(found)
    if len(fields) < 2 or not any(key in _WORK_KEYS for key, _, _ in fields):
        return False

    url: str | None = None
    links: list[Link] = []
    described: list[str] = []
    kind = author = published = read_at = None
    status: Status | None = None
    rating: int | None = None
    started = False
    for key, nodes, value in fields:
        hrefs = [str(n.attrs.get("href") or "") for n in _links(nodes)] or [
            m.group(0).rstrip(_URL_TAIL) for m in _BARE_URL.finditer(value)
        ]
        resolved = [u for u in (walker.resolve(h, key) for h in hrefs) if u is not None]
        if resolved:
            if url is None and key in _URL_KEYS:
                url, resolved = resolved[0], resolved[1:]
            links.extend(Link(key, u) for u in resolved)
            continue
        if not value:
            continue
        if key in ("type", "kind") and (tagged := kind_from_tag(value)) is not None:
            kind = tagged
        elif key in ("author", "authors"):
            author = value
        elif key in ("year", "published"):
            published = value
        elif key == "status" and (said := parse_status(value)) is not None:
            status = said
        elif key == "rating" and (stars := parse_rating(value)) is not None:
            rating = stars
        elif key in _READ_KEYS:
            status = status or Status.READ
            read_at = iso_day(value) or read_at
        else:
            started = started or key == "started"
            described.append(f"{key}: {value}")
    if status is None and started:
        status = Status.READING
    if url is None and links:
        url, links = links[0].url, links[1:]
    wiki = _WIKI.fullmatch(heading.text)
    marker = walker.tier()
    walker.items_at_heading = -1  # one item per heading
    walker.items.append(
        ItemToImport(
            title=wiki.group(1).strip() if wiki else heading.text,
            url=url,
            section=walker.section(without_last_heading=True),
            tier=marker.tier if marker else None,
            tier_label=marker.label if marker else None,
            kind=kind,
            author=author,
            published=published,
            description="; ".join(described) or None,
            links=tuple(links),
            status=status,
            rating=rating,
            read_at=read_at if status is Status.READ else None,
        )
    )
    return True


def _links(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    pending = list(nodes)
    while pending:
        n = pending.pop(0)
        if n.type == "link":
            out.append(n)
        elif n.children:
            pending[:0] = n.children
    return out
