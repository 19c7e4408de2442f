"""What a metadata parser found in one response: plain values, no database, no network."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


class MalformedResponse(ValueError):
    """A service answered with something that is not in its documented format."""


@dataclass(frozen=True)
class Found:
    """One record a service returned. Every field is optional: services leave things out."""

    source: str
    source_id: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    abstract: str | None = None
    category: str | None = None
    pages: int | None = None
    words: int | None = None
    duration_minutes: float | None = None
    url: str | None = None
    kind: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def clean(text: object) -> str | None:
    """Whitespace runs (arXiv wraps titles over lines) collapsed; None for nothing."""
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    return text or None


def normalise_title(title: str) -> str:
    """A title reduced for comparison: accents and case folded, punctuation and spacing dropped.

    ``"Attention Is All You Need"`` and ``"attention is all you need."`` normalise alike; ``"Attention Is All You
    Need (2017)"`` does not (a year in a title is a difference worth a look, not a silent match).
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[$\\{}]", "", text)  # TeX markup in arXiv titles
    return " ".join(re.findall(r"[^\W_]+", text))


def similarity(a: str, b: str) -> float:
    """0..1, how alike two titles are after normalising (difflib's ratio)."""
    import difflib

    return difflib.SequenceMatcher(None, normalise_title(a), normalise_title(b)).ratio()


def year_of(text: object) -> int | None:
    if isinstance(text, int) and 0 < text < 3000:
        return text
    if not isinstance(text, str):
        return None
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    return int(m.group(1)) if m else None
