"""Finding things by what a person types: an item by id, URL or title words; a topic; a kind.

Title lookup ranks matches: the whole title, then the words as a phrase, then all the words anywhere; the first
level with a single match wins, and several matches at the best level are an :class:`AmbiguousItemError` that
lists the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.exceptions import AmbiguousItemError, InvalidArgumentError, ItemNotFoundError
from readinglist.types import Entry, Item, Kind


def parse_kind(kind: str | Kind | None) -> Kind | None:
    if kind is None or isinstance(kind, Kind):
        return kind
    try:
        return Kind(str(kind).strip().lower())
    except ValueError:
        valid = ", ".join(k.value for k in Kind)
        raise InvalidArgumentError(f"unknown kind {kind!r}; use one of {valid}") from None


def topic_matches(entry: Entry, topic: str) -> bool:
    return path_matches(entry.section, topic)


def path_matches(path: Sequence[str], topic: str) -> bool:
    """A topic path is named by any of its headings, or by the whole path ("Fundamentals / Transformers")."""
    wanted = topic.strip().casefold()
    return any(part.casefold() == wanted for part in path) or " / ".join(path).casefold() == wanted


_WORD = re.compile(r"\w+", re.UNICODE)


def _has_words(title: str, words: Sequence[str]) -> bool:
    """Every query word starts a word of the title (scripts without spaces, like Chinese, match anywhere)."""
    folded = title.casefold()
    title_words = _WORD.findall(folded)
    return all((w in folded) if not w.isascii() else any(t.startswith(w) for t in title_words) for w in words)


def query_shape(query: int | str) -> str:
    """What a person typed: ``"id"`` (digits), ``"url"`` (a scheme or ``www.``) or ``"words"`` (title words)."""
    text = str(query).strip()
    if isinstance(query, int) or text.isdigit():
        return "id"
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) or text.startswith("www."):
        return "url"
    return "words"


def query_words(text: str) -> list[str]:
    """The words of a title query, case-folded."""
    return [w.casefold() for w in _WORD.findall(text)]


def pick(query: int | str, candidates: Sequence[Entry]) -> Item:
    """Resolve an id, URL or title words against ``candidates``."""
    from readinglist.identity import resource_key, title_key

    text = str(query).strip()
    by_item: dict[int, Entry] = {}
    for e in candidates:
        by_item.setdefault(e.item.id, e)
    shape = query_shape(query)
    if shape == "id":
        found = by_item.get(int(text))
        if found is None:
            raise ItemNotFoundError(text)
        return found.item
    if shape == "url":
        key = resource_key(text, "")
        matches = {e.item.id: e.item for e in candidates if e.item.canonical_url == key}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if not matches:
            raise ItemNotFoundError(text)
        raise AmbiguousItemError(text, [(i.id, i.title) for i in matches.values()])
    wanted = title_key(text)
    words = query_words(text)
    if not wanted or not words:
        raise ItemNotFoundError(text)

    def keys(e: Entry) -> tuple[str, str]:
        return title_key(e.title), title_key(e.item.title)

    # Best level first: the whole title, then the words as a phrase, then all the words anywhere.
    levels = (
        lambda e: wanted in keys(e),
        lambda e: any(wanted in k for k in keys(e)),
        lambda e: _has_words(e.title, words) or _has_words(e.item.title, words),
    )
    for matches in levels:
        found = {e.item.id: e for e in candidates if matches(e)}
        if len(found) == 1:
            return next(iter(found.values())).item
        if found:
            raise AmbiguousItemError(text, [(e.item.id, e.title) for e in found.values()])
    raise ItemNotFoundError(text)
