"""Issue 10: ``--topic auto`` with the ``embed`` extra (wordllama's word embeddings, weights shipped in its wheel).

The extra is part of the ``test`` extra, so these run in CI; without it they skip, except the tests of the
missing-extra path, which hide it (``sys.modules["wordllama"] = None``, as if it were not installed).
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner
from feedserver import FeedServer, Route, serve
from test_placement import TOPICS, library_list, rss

import readinglist
from readinglist import embedding, placement
from readinglist.cli import main
from readinglist.placement import INBOX, Placer, item_text

pytest.importorskip("sklearn")

feed_server = pytest.fixture(serve)
needs_extra = pytest.mark.skipif(
    not embedding.available(), reason="the embed extra (wordllama) is not installed"
)

RL = ("Advanced topics", "Reinforcement learning")
# Real paper titles that share no useful word with the RL topic's items: TF-IDF cannot place them, embeddings can.
MUZERO = "MuZero: Mastering Atari, Go, Chess and Shogi by Planning with a Learned Model"
ALPHAGO = "Mastering the game of Go with deep neural networks and tree search"


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if wordllama were not installed (and never loaded in this process)."""
    monkeypatch.setitem(sys.modules, "wordllama", None)
    monkeypatch.setattr(embedding, "_model", None)


def elicit_docs(tmp_path) -> list[tuple[tuple[str, ...], str]]:
    with readinglist.open(str(tmp_path / "elicit.db")) as lib:
        lib.import_list("elicit", name="elicit")
        entries = [e for e in lib.entries("elicit") if e.section]
    return [(tuple(e.section), item_text(e.title, e.description, e.note)) for e in entries]


@needs_extra
def test_the_model_loads_from_its_package_and_embeds_by_meaning() -> None:
    """Loaded offline from the wheel's own files (downloads disabled), without configuring the root logger."""
    script = """
import logging
from readinglist import embedding
vectors = embedding.embed(["policy gradient methods", "reinforcement learning", "sourdough bread recipe"])
print(vectors.shape, round(float((vectors ** 2).sum(axis=1).min()), 3), logging.getLogger().handlers)
print(float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert done.stdout.splitlines() == ["(3, 256) 1.0 []", "True"], done.stderr


@needs_extra
def test_embeddings_place_what_tfidf_cannot() -> None:
    docs = [(topic, title) for topic, titles in TOPICS.items() for title in titles]
    tfidf, embed = Placer(docs, embeddings=False), Placer(docs)
    assert (tfidf.method, embed.method) == ("tfidf", "embed")
    assert tfidf.place(MUZERO).topic == INBOX
    assert tfidf.place(ALPHAGO).topic == ("Applications", "Forecasting")  # "deep neural networks" matches
    for title in (MUZERO, ALPHAGO):
        placement = embed.place(title)
        assert placement.topic == RL and 0.15 <= placement.score <= 1
    # unrelated texts still go to the Inbox, and a topic-word match still wins
    assert embed.place("Sourdough baking at home").topic == INBOX
    assert embed.place("Knitting patterns for winter").topic == INBOX
    assert embed.place("Predicting elections with prediction markets").topic == (
        "Applications",
        "Forecasting",
    )


@needs_extra
def test_on_the_elicit_list_embeddings_beat_tfidf_on_held_out_items(tmp_path, monkeypatch) -> None:
    """One 5-fold hold-out of the bundled Elicit list (bench/placement.py does more shuffles and every version).

    "kept": the same embeddings without taking out the list's main direction (``_main_direction``)."""
    docs = elicit_docs(tmp_path)
    random.Random(10).shuffle(docs)
    top1: Counter[str] = Counter()
    top3: Counter[str] = Counter()
    for fold in range(5):
        train = [d for n, d in enumerate(docs) if n % 5 != fold]
        placers = {"tfidf": Placer(train, embeddings=False), "embed": Placer(train, embeddings=True)}
        with monkeypatch.context() as patch:
            patch.setattr(placement, "_main_direction", lambda vectors: None)
            placers["kept"] = Placer(train, embeddings=True)
        for topic, text in docs[fold::5]:
            for name, placer in placers.items():
                ranked = [t for t, _ in placer.rank(text)]
                top1[name] += ranked[0] == topic
                top3[name] += topic in ranked[:3]
    tfidf, embed = top3["tfidf"] / len(docs), top3["embed"] / len(docs)
    assert len(docs) == 355
    assert embed >= 0.67 and embed >= tfidf + 0.02, (tfidf, embed)
    assert top1["embed"] >= top1["kept"] + 3, top1  # measured 180 vs 175 of 355


def test_the_main_direction_is_where_the_vectors_vary_most() -> None:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(1)
    axis = np.array([0.6, 0.8, 0.0, 0.0])
    vectors = np.outer(rng.normal(0, 3, 50), axis) + rng.normal(0, 0.1, (50, 4)) + [0, 0, 1, 0]
    direction = placement._main_direction(vectors)
    assert abs(float(direction @ axis)) > 0.99  # the spread, not the mean ([0, 0, 1, 0]) all vectors share
    assert placement._main_direction(vectors[:2]) is None  # too few to say
    assert placement._main_direction(np.tile([0.0, 1.0, 0.0, 0.0], (5, 1))) is None  # no spread at all


@needs_extra
def test_placed_vectors_have_no_part_along_the_main_direction() -> None:
    np = pytest.importorskip("numpy")
    docs = [(topic, title) for topic, titles in TOPICS.items() for title in titles]
    placer = Placer(docs)
    assert placer._common is not None
    vectors = placer._without_common(embedding.embed([MUZERO, "Sourdough baking at home"]))
    assert np.allclose(vectors @ placer._common, 0, atol=1e-6)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
    assert np.allclose(np.linalg.norm(placer._centroids, axis=1), 1)


@needs_extra
def test_auto_topic_uses_embeddings_and_learns_from_moves(lib, feed_server: FeedServer) -> None:
    lib.import_list(library_list(), name="reading")
    url = feed_server.add("/news", Route(body=rss([("a", MUZERO), ("b", "Knitting patterns for winter")])))
    feed = lib.add_feed(url, list="reading", topic="auto", embeddings=True)
    assert feed.placement == "embed"
    (result,) = lib.pull_feeds(timeout=(1, 1))
    placed = {lib.find(item_id).title: topic for item_id, topic, _ in result.placed}
    assert placed == {MUZERO: RL, "Knitting patterns for winter": INBOX}
    lib.move("MuZero", topic="Games / Go", list="reading")
    feed_server.route("/news").body = rss([("c", "MuZero Unplugged: online and offline planning")])
    (second,) = lib.pull_feeds(timeout=(1, 1))
    assert [topic for _, topic, _ in second.placed] == [("Games", "Go")]


def test_without_the_extra_auto_topic_uses_tfidf(lib, feed_server: FeedServer, without_extra: None) -> None:
    lib.import_list(library_list(), name="reading")
    docs = [(topic, title) for topic, titles in TOPICS.items() for title in titles]
    assert Placer(docs).method == "tfidf"
    url = feed_server.add("/news", Route(body=rss([("a", MUZERO), ("b", "Policy gradients for robots")])))
    feed = lib.add_feed(url, list="reading", topic="auto")
    assert feed.placement == "auto"
    (result,) = lib.pull_feeds(timeout=(1, 1))
    placed = {lib.find(item_id).title: topic for item_id, topic, _ in result.placed}
    assert placed == {MUZERO: INBOX, "Policy gradients for robots": RL}
    # a move still teaches TF-IDF placement
    lib.move("MuZero", topic="Games", list="reading")
    feed_server.route("/news").body = rss([("c", "MuZero Unplugged: online and offline planning")])
    (second,) = lib.pull_feeds(timeout=(1, 1))
    assert [topic for _, topic, _ in second.placed] == [("Games",)]


def test_asking_for_embeddings_without_the_extra_says_how_to_get_them(tmp_path, without_extra: None) -> None:
    message = "placing items with embeddings needs wordllama: pip install 'readinglist[embed]'"
    with pytest.raises(embedding.EmbeddingUnavailableError, match=r"^placing items with embeddings needs"):
        Placer([(("A",), "a text")], embeddings=True)
    result = CliRunner().invoke(
        main,
        ["--db", str(tmp_path / "x.db"), "feed", "add", "https://example.org/feed.xml", "--topic", "auto"]
        + ["--embed", "--create"],
    )
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    with readinglist.open(str(tmp_path / "x.db")) as lib:
        assert lib.feeds() == []


def test_embed_goes_with_auto_topic(tmp_path) -> None:
    result = CliRunner().invoke(
        main,
        ["--db", str(tmp_path / "x.db"), "feed", "add", "https://example.org/feed.xml", "--topic", "News"]
        + ["--embed", "--create"],
    )
    assert result.exit_code == 1
    assert result.output == "Error: embeddings are for placing items by topic: give topic 'auto' with them\n"
