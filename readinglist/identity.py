"""Which resource an imported line is: canonical URL first, title when one URL carries two titles.

A resource is identified by its canonical URL (``urls.canonical_url``), or by its title when it has no URL. Across
lists the URL wins even when titles differ ("图解 Transformer" and "The Illustrated Transformer" are one article). But
when one list gives a URL under two different titles (Elicit links arXiv 2112.11446 for both "OPT" and "Gopher"),
those are two resources: a list reusing a link never merges two papers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from readinglist.kinds import split_kind_tag
from readinglist.types import ItemToImport

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """A title reduced for comparison: NFKC, case-folded, kind tag and punctuation removed."""
    _, bare = split_kind_tag(title or "")
    folded = unicodedata.normalize("NFKC", bare).casefold()
    return _NON_WORD.sub("", folded)


def resource_key(url: str | None, title: str) -> str:
    """The identity key of a resource: its canonical URL, or ``title:<title key>`` without one."""
    if url and url.strip():
        from readinglist.urls import canonical_url

        return canonical_url(url)
    return "title:" + title_key(title)


@dataclass(frozen=True)
class Existing:
    """A resource already in the database, as identity matching needs it."""

    id: int
    key: str
    title_key: str


def assign(
    items: Sequence[ItemToImport],
    existing: Sequence[Existing],
    *,
    keyed: Sequence[tuple[str, str]] | None = None,
) -> list[tuple[str, str, int | None, int]]:
    """Decide, for each item, its resource: ``(key, title_key, existing_id or None, group)``.

    Items with the same ``group`` number are the same resource (the same URL and title twice in one list); a new
    resource is created once per group whose existing id is ``None``. Rules, per key:

    * one title for the key in this list: the existing resource with the same title key, else the oldest one;
    * several titles: each title takes the existing resource with its title key; titles left over take, in list
      order, the existing resources no title of this list claimed; the rest become new resources.
    """
    if keyed is None:  # ``(resource key, title key)`` per item, when the caller has not computed them already
        keyed = [(resource_key(i.url, i.title), title_key(i.title)) for i in items]
    by_key: dict[str, list[Existing]] = {}
    for res in sorted(existing, key=lambda r: r.id):
        by_key.setdefault(res.key, []).append(res)
    titles_of: dict[str, list[str]] = {}
    for key, tkey in keyed:
        titles = titles_of.setdefault(key, [])
        if tkey not in titles:
            titles.append(tkey)

    chosen: dict[tuple[str, str], int | None] = {}
    for key, titles in titles_of.items():
        candidates = by_key.get(key, [])
        if len(titles) == 1:
            match = next((r for r in candidates if r.title_key == titles[0]), None)
            chosen[(key, titles[0])] = (match or candidates[0]).id if candidates else None
            continue
        claimed = {r.id for r in candidates if r.title_key in titles}
        spare = [r for r in candidates if r.id not in claimed]
        for tkey in titles:
            match = next((r for r in candidates if r.title_key == tkey), None)
            if match is None and spare:
                match = spare.pop(0)
            chosen[(key, tkey)] = match.id if match else None

    groups: dict[tuple[str, str], int] = {}
    out = []
    for key, tkey in keyed:
        group = groups.setdefault((key, tkey), len(groups))
        out.append((key, tkey, chosen[(key, tkey)], group))
    return out


def shared_url_warnings(
    items: Sequence[ItemToImport],
    already: Sequence[str] = (),
    *,
    keyed: Sequence[tuple[str, str]] | None = None,
) -> list[str]:
    """One warning per URL a list gives under two or more titles (they stay separate resources).

    URLs that an importer's own warnings (``already``) mention are not repeated. ``keyed``: each item's
    ``(resource key, title key)`` when the caller has them already.
    """
    titles: dict[str, dict[str, str]] = {}
    for n, item in enumerate(items):
        if item.url and item.url.strip():
            key, tkey = keyed[n] if keyed is not None else (resource_key(item.url, item.title), title_key(item.title))
            titles.setdefault(key, {}).setdefault(tkey, item.title)
    out = []
    for key, named in titles.items():
        if len(named) > 1 and not any(key in w or key.split("://", 1)[-1] in w for w in already):
            shown = ", ".join(repr(t) for t in named.values())
            out.append(f"{key} is listed under {len(named)} titles ({shown}); kept as {len(named)} resources")
    return out
