"""Issue 10 (beyond the anchors): ``--topic auto`` places new feed items in the topic they most resemble, and
``move`` teaches it. Pulls talk to :mod:`feedserver` on 127.0.0.1; the ``lib`` fixture runs SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from feedserver import FeedServer, Route, serve

import readinglist
from readinglist.cli import main
from readinglist.placement import INBOX, Placer
from readinglist.storage import migrate
from readinglist.types import ItemToImport, ListToImport

pytest.importorskip("sklearn")

feed_server = pytest.fixture(serve)

TOPICS = {
    ("Fundamentals", "Transformers"): [
        "The Illustrated Transformer",
        "Attention Is All You Need",
        "The Annotated Transformer",
        "Transformer circuits: attention heads explained",
    ],
    ("Advanced topics", "Reinforcement learning"): [
        "An introduction to deep reinforcement learning",
        "Proximal policy optimization algorithms",
        "Reinforcement learning from human feedback",
        "Q-learning and policy gradients explained",
    ],
    ("Applications", "Forecasting"): [
        "Forecasting future world events with neural networks",
        "Approaching human-level forecasting with language models",
        "Superforecasting: the art of prediction",
        "Calibrated forecasting of geopolitical questions",
    ],
}


def library_list() -> ListToImport:
    items = tuple(ItemToImport(title=t, section=topic) for topic, titles in TOPICS.items() for t in titles)
    return ListToImport(items=items, title="Reading")


def rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><guid isPermaLink='false'>{g}</guid><title>{t}</title><link>https://example.org/{g}</link></item>"
        for g, t in items
    )
    return f"<rss version='2.0'><channel><title>News</title>{body}</channel></rss>".encode()


def test_placer_ranks_topics_by_resemblance() -> None:
    docs = [(topic, title) for topic, titles in TOPICS.items() for title in titles]
    placer = Placer(docs)
    assert placer.place("Policy gradient methods for reinforcement learning").topic == (
        "Advanced topics",
        "Reinforcement learning",
    )
    assert placer.place("Sparse attention in long transformers").topic == ("Fundamentals", "Transformers")
    unsure = placer.place("Sourdough baking at home")
    assert unsure.topic == INBOX and unsure.score < 0.08
    ranked = placer.rank("Forecasting elections")
    assert ranked[0][0] == ("Applications", "Forecasting") and ranked[0][1] > ranked[1][1]


def test_auto_topic_places_new_items_and_learns_from_moves(lib, feed_server: FeedServer) -> None:
    lib.import_list(library_list(), name="reading")
    url = feed_server.add(
        "/news",
        Route(
            body=rss(
                [
                    ("a", "Scaling reinforcement learning with policy optimization"),
                    ("b", "Forecasting with language models: a benchmark"),
                    ("c", "Knitting patterns for winter"),
                ]
            )
        ),
    )
    feed = lib.add_feed(url, list="reading", topic="auto")
    assert (feed.placement, feed.section) == ("auto", ())
    (result,) = lib.pull_feeds(timeout=(1, 1))
    placed = {lib.find(item_id).title: (topic, score) for item_id, topic, score in result.placed}
    assert placed["Scaling reinforcement learning with policy optimization"][0] == (
        "Advanced topics",
        "Reinforcement learning",
    )
    assert placed["Forecasting with language models: a benchmark"][0] == ("Applications", "Forecasting")
    assert placed["Knitting patterns for winter"][0] == INBOX
    assert all(0 <= score <= 1 for _, score in placed.values())
    sections = {e.title: e.section for e in lib.entries("reading")}
    assert sections["Knitting patterns for winter"] == INBOX
    # existing topics keep their order; Inbox is new
    assert [e.section for e in lib.entries("reading")][:4] == [("Fundamentals", "Transformers")] * 4

    # the reader moves the knitting item to a new topic: the next knitting item follows it there
    moved = lib.move("Knitting patterns", topic="Hobbies / Knitting", list="reading")
    assert moved.section == ("Hobbies", "Knitting")
    feed_server.route("/news").body = rss([("d", "Knitting patterns for spring")])
    (second,) = lib.pull_feeds(timeout=(1, 1))
    assert [topic for _, topic, _ in second.placed] == [("Hobbies", "Knitting")]


def test_move_changes_tier_and_refuses_nothing_to_do(lib) -> None:
    lib.import_list(library_list(), name="reading")
    entry = lib.move("Attention Is All You Need", tier=1)
    assert (entry.section, entry.tier) == (("Fundamentals", "Transformers"), 1)
    with pytest.raises(readinglist.ReadingListError, match="needs a topic or a tier"):
        lib.move("Attention Is All You Need")


def test_move_from_the_cli(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    with readinglist.open(db) as lib:
        lib.import_list(library_list(), name="reading")
    result = CliRunner().invoke(
        main, ["--db", db, "move", "Superforecasting", "--topic", "Books", "--tier", "2"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "moved Superforecasting: the art of prediction -> reading / Books, tier 2\n"


def test_without_scikit_learn_auto_topic_says_how_to_get_it(tmp_path) -> None:
    script = f"""
import sys
sys.modules["sklearn"] = None  # as if it were not installed
import readinglist
lib = readinglist.open({str(tmp_path / "x.db")!r})
try:
    lib.add_feed("https://example.org/feed.xml", topic="auto")
except readinglist.ReadingListError as exc:
    print(exc)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == (
        "placing items by topic needs scikit-learn: pip install 'readinglist[placement]' (or scikit-learn)"
    ), done.stderr


def test_migration_0009_upgrades_a_0002_database_with_feeds(empty_db_url: str) -> None:
    engine = sa.create_engine(empty_db_url)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as conn:
            list_id = conn.execute(
                sa.text("INSERT INTO lists (name, created_at) VALUES ('inbox', :now) RETURNING id"),
                {"now": now},
            ).scalar_one()
            feed_id = conn.execute(
                sa.text(
                    "INSERT INTO feeds (url, list_id, section, disabled, created_at)"
                    " VALUES ('https://x.org/feed', :l, '[]', false, :now) RETURNING id"
                ),
                {"l": list_id, "now": now},
            ).scalar_one()
            conn.execute(
                sa.text("INSERT INTO feed_items (feed_id, guid, first_seen) VALUES (:f, 'g1', :now)"),
                {"f": feed_id, "now": now},
            )
    finally:
        engine.dispose()
    with readinglist.open(empty_db_url) as lib:
        (feed,) = lib.feeds()
        assert (feed.url, feed.list_name, feed.placement) == ("https://x.org/feed", "inbox", None)
    engine = sa.create_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD
            assert conn.execute(sa.text("SELECT guid, score FROM feed_items")).all() == [("g1", None)]
    finally:
        engine.dispose()


def test_enrichment_abstracts_teach_the_placement(tmp_path, feed_server: FeedServer) -> None:
    """Titles that say nothing; abstracts (stored by ``enrich`` in item_metadata) that say what the items are about."""
    db = tmp_path / "x.db"
    opaque = {
        ("Biology",): [
            ("Part one", "Protein folding predicted from amino acid sequences with deep networks."),
            ("Part two", "Protein structure and folding dynamics of enzymes in the cell."),
        ],
        ("Games",): [
            ("Part three", "Chess engines search game trees with alpha-beta pruning."),
            ("Part four", "Chess and Go engines learn evaluation functions by self-play."),
        ],
    }
    items = tuple(
        ItemToImport(title=title, url=f"https://example.org/{title.replace(' ', '-')}", section=topic)
        for topic, pairs in opaque.items()
        for title, _ in pairs
    )
    url = feed_server.add("/news", Route(body=rss([("n1", "Faster chess engines with pruning")])))
    with readinglist.open(db) as lib:
        lib.import_list(ListToImport(items=items, title="Reading"), name="reading")
        lib.add_feed(url, list="reading", topic="auto")
        ids = {e.title: e.item.id for e in lib.entries("reading")}
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as conn:
            for pairs in opaque.values():
                for title, abstract in pairs:
                    conn.execute(
                        sa.text(
                            "INSERT INTO item_metadata (resource_id, status, source, abstract)"
                            " VALUES (:r, 'enriched', 'arxiv', :a)"
                        ),
                        {"r": ids[title], "a": abstract},
                    )
    finally:
        engine.dispose()
    with readinglist.open(db) as lib:
        (result,) = lib.pull_feeds(timeout=(1, 1))
        ((_, topic, score),) = result.placed
        assert topic == ("Games",) and score >= 0.08
