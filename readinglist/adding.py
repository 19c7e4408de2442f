"""Adding one item by hand: ``readinglist add URL --list --topic --tier``.

The item becomes a resource (shared with every list that has the same canonical URL) placed at the end of the
list, in the topic and tier given. Lists that do not exist are created only when the caller asks (``create``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from readinglist import importing, urls
from readinglist.exceptions import InvalidArgumentError
from readinglist.origins import ADDED
from readinglist.storage import feeds as fdb
from readinglist.storage import lists as db
from readinglist.types import ItemToImport, Kind, ListToImport


def topic_path(topic: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """``"A / B"`` -> ``("A", "B")``."""
    if topic is None:
        return ()
    if isinstance(topic, tuple):
        return tuple(t.strip() for t in topic if t.strip())
    return tuple(part.strip() for part in topic.split(" / ") if part.strip())


def add(
    conn: Any,
    list_name: str,
    url: str,
    *,
    title: str | None,
    section: tuple[str, ...],
    tier: int | None,
    kind: Kind | None,
    create: bool,
    now: dt.datetime,
) -> int:
    """Place the resource at ``url`` at the end of ``list_name``; returns its resource id."""
    url = url.strip()
    if not urls.is_web_url(url):
        raise InvalidArgumentError(f"{url!r} is not an http(s) URL")
    info = db.find_list(conn, list_name)
    if info is None:
        if not create:  # the caller checked the name and offered a suggestion already
            raise InvalidArgumentError(f"no list named {list_name!r}; add --create to start one")
        list_id, _, _ = importing.create_list(
            conn,
            list_name,
            ListToImport(items=(), title=list_name, format="manual"),
            location=None,
            digest="",
            now=now,
        )
    else:
        list_id = info.id
    item = ItemToImport(title=(title or url).strip(), url=url, section=section, tier=tier, kind=kind)
    [rid], _ = importing.resolve_resources(conn, [item], now)
    held = db.load_entries(conn, -1, list_ids=[list_id], resource_ids=[rid], include_retired=True)
    if held:
        raise InvalidArgumentError(f"{list_name} already has this item: id {rid}, {held[0].title!r}")
    known = db.section_ids(conn, list_id)
    section = existing_topic(section, known) or section
    item = ItemToImport(title=item.title, url=url, section=section, tier=tier, kind=kind)
    if section and section not in known:
        known = db.ensure_sections(conn, list_id, [section])
    row = importing.entry_row(
        item,
        list_id=list_id,
        resource_id=rid,
        section_id=known.get(section) if section else None,
        position=fdb.next_position(conn, list_id),
        now=now,
    )
    db.insert_entries(conn, [dict(row, origin=ADDED)])
    return rid


def existing_topic(wanted: tuple[str, ...], known: Any) -> tuple[str, ...] | None:
    """The one existing topic path ``wanted`` names: itself, or a path ending in it (``Transformers`` names
    ``Fundamentals / Transformers``), compared without case."""
    if not wanted:
        return None
    folded = tuple(p.casefold() for p in wanted)
    found = [path for path in known if tuple(p.casefold() for p in path[-len(wanted) :]) == folded]
    return found[0] if len(found) == 1 else None


def add_item(
    storage: Any,
    list_name: str,
    url: str,
    *,
    topic: str | tuple[str, ...] | Any,
    tier: int | str | None,
    title: str | None,
    kind: Kind | None,
    create: bool,
    now: dt.datetime,
) -> int:
    """:func:`add` in its own transaction; returns the resource id."""
    section = topic_path(tuple(topic) if topic is not None and not isinstance(topic, str) else topic)
    with storage.transaction() as conn:
        return add(
            conn,
            list_name,
            url,
            title=title,
            section=section,
            tier=tier if isinstance(tier, int) else None,
            kind=kind,
            create=create,
            now=now,
        )
