"""Entries a feed pull adds are counted into the kept group totals as they are written (``totals.added``).

The pull adds its entries' counts group by group instead of counting the whole list again each transaction; the
kept rows must still equal a GROUP BY over the entries: a new inbox, a list whose groups already exist, a topic
and tier new to it, and later pulls appending to the same groups. On both engines.
"""

from __future__ import annotations

import pytest
from feedserver import FeedServer, Route, serve
from sqlalchemy import select

from readinglist.storage.schema import entries, group_totals
from readinglist.storage.totals import counting
from readinglist.types import ItemToImport, ListToImport

feed_server = pytest.fixture(serve)


def kept(lib) -> list[tuple]:
    g = group_totals
    with lib._storage.read() as conn:
        columns = (g.c.list_id, g.c.section_id, g.c.tier, g.c.tier_label, g.c.start, g.c.total)
        rows = conn.execute(select(*columns))
        return sorted((tuple(r) for r in rows), key=repr)


def counted(lib) -> list[tuple]:
    with lib._storage.read() as conn:
        rows = conn.execute(counting().where(entries.c.retired.is_(False)))
        return sorted((tuple(r) for r in rows), key=repr)


def rss(tag: str, first: int, n: int) -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>{tag}-{i}</guid><title>{tag} post {i}</title>"
        f"<link>https://example.org/{tag}/{i}</link></item>"
        for i in range(first, first + n)
    )
    return f"<rss version='2.0'><channel><title>{tag}</title>{items}</channel></rss>".encode()


def test_pulled_entries_are_counted_in_their_groups(lib, feed_server: FeedServer) -> None:
    papers = (
        ItemToImport("Already there", "https://example.org/already-there", ("Agents",), 1),
        ItemToImport("Also there", "https://example.org/also-there", ("Agents",), 2),
    )
    lib.import_list(ListToImport(items=papers, name="papers"))
    routes = {
        "inbox": ("/inbox.xml", {}),  # a new list, no topic, no tier
        "agents": ("/agents.xml", {"list": "papers", "topic": "Agents", "tier": 1}),  # an existing group
        "evals": ("/evals.xml", {"list": "papers", "topic": "Evals / Offline", "tier": 3}),  # new groups
        "untiered": ("/untiered.xml", {"list": "papers"}),  # the list's group without topic or tier
    }
    for tag, (path, where) in routes.items():
        lib.add_feed(feed_server.add(path, Route(body=rss(tag, 0, 4))), **where)
    assert sum(len(r.new_items) for r in lib.pull_feeds()) == 16
    assert kept(lib) == counted(lib)
    for tag, (path, _) in routes.items():  # each feed gains entries: the groups grow
        feed_server.route(path).body = rss(tag, 2, 5)
    assert sum(len(r.new_items) for r in lib.pull_feeds()) == 12
    assert kept(lib) == counted(lib)
    totals = {(p.topic, p.tier): p.total for p in lib.progress("papers")}
    assert sum(totals.values()) == 2 + 3 * 7
    assert sum(p.total for p in lib.progress("inbox")) == 7
