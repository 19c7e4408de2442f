"""Placing a new item in the topic of a list whose items it most resembles: pure, no database.

A :class:`Placer` is built from a list's placed items (topic path, text: title, description, note, abstract) and
ranks topics for a new text. It uses scikit-learn's TF-IDF (word and character n-grams) and cosine similarity,
rather than hand-written maths: each topic is scored by its items' similarity to the text (the mean of the best
few), plus the similarity to the topic's own name. Moving an item to another topic changes what the next
placement learns from, since the placer is rebuilt from the list as it is.

When the ``embed`` extra is installed (:mod:`readinglist.embedding`, a small word-embedding model shipped in its
package), each topic's score also counts the cosine of the text's vector with the mean vector of the topic's items
and with its own name's: that brings what TF-IDF cannot know ("MuZero" is reinforcement learning). The vectors first
lose the list's main direction (:func:`_main_direction`). Measured by ``bench/placement.py`` on the Elicit lists
(5-fold): top-1 / top-3 42.1 / 63.6 % with TF-IDF alone, 48.4 / 69.1 % with both (10-fold: top-3 above 70 %).

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
CENTROID_WEIGHT = 0.5
"""With embeddings: weight of the cosine with the mean vector of the topic's items (TF-IDF's score weighs 1)."""
NAME_WEIGHT = 0.25
"""With embeddings: weight of the cosine with the vector of the topic's own name (its last part)."""
EMBED_THRESHOLD = 0.15
"""With embeddings, best scores below this send the item to :data:`INBOX`."""


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
    """Ranks the topics of ``docs`` (``(topic path, text)`` pairs) for a new text.

    ``embeddings``: None uses the ``embed`` extra when it is installed, True requires it
    (:class:`~readinglist.embedding.EmbeddingUnavailableError` without it), False uses TF-IDF alone. ``method`` says
    which ("embed" or "tfidf"). ``threshold`` defaults to the method's (:data:`THRESHOLD`, :data:`EMBED_THRESHOLD`).
    """

    def __init__(
        self,
        docs: Sequence[tuple[tuple[str, ...], str]],
        *,
        threshold: float | None = None,
        embeddings: bool | None = None,
    ) -> None:
        try:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.pipeline import FeatureUnion
        except ImportError as exc:
            raise PlacementUnavailableError() from exc
        from readinglist import embedding

        if embeddings and not embedding.available():
            raise embedding.EmbeddingUnavailableError()
        use = embedding.available() if embeddings is None else embeddings
        self.method = "embed" if use else "tfidf"
        self.threshold = threshold if threshold is not None else EMBED_THRESHOLD if use else THRESHOLD
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
        self._centroids: Any = None
        self._common: Any = None
        if use and docs:
            self._embed_topics(docs)
        elif embeddings:
            embedding.embed(["check"])  # asked for explicitly: a broken install says so now, not at every pull

    def _embed_topics(self, docs: list[tuple[tuple[str, ...], str]]) -> None:
        """Each topic's mean item vector and its name's vector (unit length): the embedding half of the score."""
        import numpy as np

        from readinglist import embedding

        vectors = embedding.embed([text for _, text in docs])
        self._common = _main_direction(vectors)
        vectors = self._without_common(vectors)
        topic_of = np.array(self._doc_topic)
        centroids = np.stack([vectors[topic_of == n].mean(axis=0) for n in range(len(self.topics))])
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self._centroids = centroids / np.where(norms > 0, norms, 1)
        self._name_vectors = embedding.embed([topic[-1] for topic in self.topics])

    def _without_common(self, vectors: Any) -> Any:
        """``vectors`` less their part along the list's main direction (:func:`_main_direction`), unit length."""
        import numpy as np

        if self._common is not None:
            vectors = vectors - np.outer(vectors @ self._common, self._common)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1)

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
            scores.append(0.8 * (sum(best) / NEIGHBOURS) + 0.2 * float(by_name[n]))
        if self._centroids is not None:
            scores = self._with_embeddings(text, scores)
        ranked = [(topic, round(max(score, 0.0), 4)) for topic, score in zip(self.topics, scores)]
        return sorted(ranked, key=lambda pair: -pair[1])

    def _with_embeddings(self, text: str, scores: list[float]) -> list[float]:
        """TF-IDF's score plus the weighted cosines with each topic's centroid and name, scaled back to 0..1."""
        from readinglist import embedding

        vector = self._without_common(embedding.embed([text]))[0]
        centroid = self._centroids @ vector
        name = self._name_vectors @ vector
        total = 1 + CENTROID_WEIGHT + NAME_WEIGHT
        return [
            (score + CENTROID_WEIGHT * float(c) + NAME_WEIGHT * float(m)) / total
            for score, c, m in zip(scores, centroid, name)
        ]

    def place(self, text: str) -> Placement:
        """The topic for ``text``: the best-scoring one, or :data:`INBOX` below the threshold."""
        ranked = self.rank(text)
        if not ranked or ranked[0][1] < self.threshold:
            return Placement(INBOX, ranked[0][1] if ranked else 0.0, tuple(ranked[:3]))
        return Placement(ranked[0][0], ranked[0][1], tuple(ranked[:3]))


def _main_direction(vectors: Any) -> Any:
    """The direction along which the list's item vectors vary most (scikit-learn's PCA, first component), or None.

    Mean-pooled word vectors of short titles vary most along a direction that says little about the topic; taking
    out the first principal component (of the centred vectors; SIF sentence embeddings, Arora et al. 2017, take out
    the uncentred one, which measured worse here) leaves more of what tells the topics apart. No parameter. Measured by ``bench/placement.py``: top-1 rises on every
    list and shuffle (+1.9 points at 5 folds), top-3 is unchanged at 5 folds and 69.9 -> 70.5 % at 10 folds.
    """
    import numpy as np
    from sklearn.decomposition import PCA

    if len(vectors) < 3 or float(np.ptp(vectors, axis=0).max()) < 1e-6:  # too few, or all alike: no direction
        return None
    return PCA(n_components=1, svd_solver="arpack", random_state=0).fit(vectors).components_[0]


def item_text(title: str, *parts: str | None) -> str:
    """The text an item is compared by: its title and whatever description, note or abstract it has."""
    return " ".join(p for p in (title, *parts) if p and p.strip())
