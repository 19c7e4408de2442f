"""Names a person types: lists, topics, tiers, profiles, feeds. Near misses get a "did you mean" suggestion.

Pure functions over the names that exist; the :class:`~readinglist.Library` supplies them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from readinglist.exceptions import (
    FeedNotFoundError,
    InvalidArgumentError,
    ItemNotFoundError,
    ReadingListError,
)
from readinglist.types import tier_name

if TYPE_CHECKING:
    from readinglist.types import Feed


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``word`` (case-insensitive, difflib ratio >= 0.6), or None."""
    import difflib  # only when a name is not found

    by_fold: dict[str, str] = {}
    for c in choices:
        by_fold.setdefault(c.casefold(), c)
    found = difflib.get_close_matches(word.strip().casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[found[0]] if found else None


def hint(word: str, choices: Iterable[str]) -> str:
    """``" Did you mean elicit?"`` or ``""``."""
    near = closest(word, choices)
    return f" Did you mean {near}?" if near else ""


def check_tier(wanted: int | str | None, tiers: Sequence[tuple[int | None, str | None]], where: str) -> None:
    """Refuse a tier filter that no entry of ``where`` has; ``tiers`` are (tier, label) pairs in reading order."""
    from readinglist.progress import UNTIERED

    if wanted is None or not tiers:
        return
    have = {t for t, _ in tiers}
    if (wanted == UNTIERED and None in have) or wanted in have:
        return
    names = ", ".join(dict.fromkeys(tier_name(t, label) for t, label in tiers))
    shown = "untiered" if wanted == UNTIERED else f"Tier {wanted}"
    raise InvalidArgumentError(f"no {shown} in {where}; the tiers there are: {names}")


def check_topic(wanted: str | None, topics: Iterable[tuple[str, ...]], where: str) -> None:
    """Refuse a topic that no heading of ``where`` has, suggesting the nearest heading."""
    if wanted is None:
        return
    topics = list(topics)
    folded = wanted.strip().casefold()
    for path in topics:
        if any(part.casefold() == folded for part in path) or " / ".join(path).casefold() == folded:
            return
    headings = {part for path in topics for part in path}
    raise InvalidArgumentError(
        f"no topic {wanted!r} in {where}.{hint(wanted, headings)} 'readinglist progress' lists the topics"
    )


def pick_feed(query: str, feeds: Sequence[Feed]) -> Feed:
    """The feed ``query`` names: its URL, its title, or a part of its title or URL that only it has."""
    text = query.strip()
    folded = text.casefold()
    levels = (
        lambda f: f.url == text,
        lambda f: f.url.casefold().rstrip("/") == folded.rstrip("/"),
        lambda f: (f.title or "").casefold() == folded,
        lambda f: folded in (f.title or "").casefold() or folded in f.url.casefold(),
    )
    for matches in levels:
        found = [f for f in feeds if matches(f)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = "; ".join(f"{f.title or f.url} ({f.url})" for f in found[:5])
            raise ReadingListError(
                f"{query!r} names {len(found)} feeds: {shown}. Give more of the title or the URL"
            )
    err = FeedNotFoundError(query)
    near = closest(text, [f.title for f in feeds if f.title])
    if near:
        err.args = (f"{err.args[0]} (did you mean {near!r}?)",)
    raise err


def describe_filters(
    *, list: str | None = None, topic: str | None = None, tier: int | str | None = None, kind: object = None
) -> str:
    """``"Tier 9 of Transformers in elicit (kind video)"``: filters in words, for messages."""
    from readinglist.progress import UNTIERED, parse_tier

    wanted = parse_tier(tier) if tier is not None else None
    parts = []
    if wanted is not None:
        parts.append("untiered items" if wanted == UNTIERED else f"Tier {wanted}")
    if topic is not None:
        parts.append(("of " if parts else "") + repr(topic))
    text = " ".join(parts) or "items"
    text += f" in {list}" if list is not None else " in your lists"
    kind_value = getattr(kind, "value", kind)
    return text + (f" (kind {kind_value})" if kind_value else "")


def no_items(**filters: object) -> ItemNotFoundError:
    where = describe_filters(**filters)  # type: ignore[arg-type]
    return ItemNotFoundError(where, message=f"nothing matches: no {where}")


def check_tags(names: Iterable[str]) -> list[str]:
    """Tags as stored: trimmed, lower case, one word (``ml-theory``, ``to_share``); refuses anything else."""
    import re

    out = []
    for name in names:
        tag = str(name).strip().lstrip("#").casefold()
        if not re.fullmatch(r"[\w][\w.+-]{0,99}", tag):
            raise InvalidArgumentError(
                f"{name!r} is not a usable tag; use one word like 'theory' or 'to-share'"
            )
        out.append(tag)
    if not out:
        raise InvalidArgumentError("name at least one tag")
    return list(dict.fromkeys(out))


def check_filters(
    lists: Sequence[str], rows: Callable[[], Sequence[Any]], *, list: str | None, topic: str | None, tier: Any
) -> None:
    """Refuse a list, topic or tier that does not exist; ``rows`` gives the progress rows of ``list`` (or all)."""
    from readinglist.exceptions import ListNotFoundError
    from readinglist.lookup import topic_matches
    from readinglist.progress import parse_tier
    from readinglist.recommend import tier_rank

    if list is not None and list not in lists:
        raise ListNotFoundError(list, suggestion=closest(list, lists))
    if topic is None and tier is None:
        return
    found = rows()
    where = list or "your lists"
    check_topic(topic, dict.fromkeys(r.section for r in found), where)
    if topic is not None:
        found = [r for r in found if topic_matches(r, topic)]
        where = f"{topic!r} in {where}"
    tiers = sorted({(r.tier, r.tier_label) for r in found}, key=lambda t: tier_rank(t[0]))
    check_tier(parse_tier(tier), tiers, where)
