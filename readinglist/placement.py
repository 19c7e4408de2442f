"""Placing a new item in the topic of a list whose items it most resembles: pure, no database.

A :class:`Placer` is built from a list's placed items (topic path, text: title, description, note, abstract) and
ranks topics for a new text. It uses scikit-learn's TF-IDF (word and character n-grams) and cosine similarity,
rather than hand-written maths: each topic is scored by its items' similarity to the text (the mean of the best
few), plus the similarity to the topic's own name. Moving an item to another topic changes what the next
placement learns from, since the placer is rebuilt from the list as it is.

scikit-learn is an optional extra (``pip install 'readinglist[placement]'``); without it
:class:`PlacementUnavailableError` says how to get it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.exceptions import ReadingListError

INBOX = ("Inbox",)
"""Where an item goes when no topic is similar enough."""
THRESHOLD = 0.08
"""Best scores below this send the item to :data:`INBOX`."""
NEIGHBOURS = 2
"""A topic's score is the mean similarity of its this-many most similar items."""


class PlacementUnavailableError(ReadingListError):
    """scikit-learn is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "placing items by topic needs scikit-learn: pip install 'readinglist[placement]' (or scikit-learn)"
        )


@dataclass(frozen=True)
class Placement:
    """Where an item goes: ``topic`` (:data:`INBOX` when unsure), its ``score`` (0..1), the best ``candidates``."""

    topic: tuple[str, ...]
    score: float
    candidates: tuple[tuple[tuple[str, ...], float], ...] = ()


class Placer:
    """Ranks the topics of ``docs`` (``(topic path, text)`` pairs) for a new text."""

    def __init__(self, docs: Sequence[tuple[tuple[str, ...], str]], *, threshold: float = THRESHOLD) -> None:
        try:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.pipeline import FeatureUnion
        except ImportError as exc:
            raise PlacementUnavailableError() from exc
        self.threshold = threshold
        docs = [(tuple(topic), text) for topic, text in docs if topic and text and text.strip()]
        self.topics: list[tuple[str, ...]] = list(dict.fromkeys(topic for topic, _ in docs))
        self._doc_topic = [self.topics.index(topic) for topic, _ in docs]
        self._vectorizer: Any = FeatureUnion(
            [
                ("words", TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english")),
                ("chars", TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))),
            ]
        )
        names = [" ".join(topic) for topic in self.topics]
        if docs:
            self._vectorizer.fit([text for _, text in docs] + names)
            self._docs = self._vectorizer.transform([text for _, text in docs])
            self._names = self._vectorizer.transform(names)

    def rank(self, text: str) -> list[tuple[tuple[str, ...], float]]:
        """Every topic with its score for ``text``, best first."""
        if not self.topics or not text.strip():
            return []
        from sklearn.metrics.pairwise import cosine_similarity

        vector = self._vectorizer.transform([text])
        similar = cosine_similarity(vector, self._docs)[0] / 2  # two vectorizers: each row has norm sqrt(2)
        by_name = cosine_similarity(vector, self._names)[0] / 2
        per_topic: list[list[float]] = [[] for _ in self.topics]
        for value, topic in zip(similar, self._doc_topic):
            per_topic[topic].append(float(value))
        scores = []
        for n, values in enumerate(per_topic):
            best = sorted(values, reverse=True)[:NEIGHBOURS]
            score = 0.8 * (sum(best) / NEIGHBOURS) + 0.2 * float(by_name[n])
            scores.append((self.topics[n], round(score, 4)))
        return sorted(scores, key=lambda pair: -pair[1])

    def place(self, text: str) -> Placement:
        """The topic for ``text``: the best-scoring one, or :data:`INBOX` below the threshold."""
        ranked = self.rank(text)
        if not ranked or ranked[0][1] < self.threshold:
            return Placement(INBOX, ranked[0][1] if ranked else 0.0, tuple(ranked[:3]))
        return Placement(ranked[0][0], ranked[0][1], tuple(ranked[:3]))


def item_text(title: str, *parts: str | None) -> str:
    """The text an item is compared by: its title and whatever description, note or abstract it has."""
    return " ".join(p for p in (title, *parts) if p and p.strip())
