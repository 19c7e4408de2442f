"""Links in prose: guides that recommend their reading in paragraphs ("we recommend *SICP*, available as [a
book](u) and as [video lectures](v)") rather than in bullets.

Every paragraph's links are read as candidate items while the document is walked; they become items only when the
document is prose-shaped: at least :data:`MIN_PROSE` of them, and more than twice as many as the items its lists
and tables give (an awesome list's intro paragraph stays out; works named without links in paragraphs,
``🔵 *Title* by Author``, are not counted as listed). Then:

* a titled link is an item titled by its text (``[How to Design Programs](u)``);
* a link with generic text ("a book", "here", "MIT video lectures") is titled by the work the sentence names: the
  nearest emphasised text before it in the same sentence (``_Structure and Interpretation of Computer Programs_``),
  else the sentence itself (cut at a sentence break); a second generic link in the same sentence for the same work
  is an extra link of that item;
* not items: social-network links (tweets, profiles), author pages (a person's name linking to a home page or a
  one-segment profile), dates ("2016", "March 2019"), anchors and everything :meth:`_Walker.resolve` refuses;
* one item per URL: a work linked again later in the text is not repeated.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from readinglist.importers.markdown.inline import _generic, _plain, split_title
from readinglist.importers.markdown.links import _on, web_parts
from readinglist.importers.markdown.rules import GENERIC_LINK_TEXTS, SENTENCE_END, collapse
from readinglist.types import ItemToImport, Link

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node
    from readinglist.importers.markdown.walker import _Walker

MIN_PROSE = 3

_SOCIAL = (
    "twitter.com",
    "x.com",
    "mastodon.social",
    "facebook.com",
    "instagram.com",
    "bsky.app",
    "threads.net",
)
_DATE = re.compile(
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"(?:19|20)\d\d|(?:19|20)\d\d-\d\d(?:-\d\d)?|\d{1,2}/\d{1,2}/\d{2,4}",
    re.IGNORECASE,
)
_PERSON = re.compile(r"(?:[A-Z][a-z'’\-]+\.?\s+){1,3}[A-Z][a-z'’\-]+")
_PROSE_GENERIC = frozenset(
    {
        "video lectures",
        "lectures",
        "videos",
        "textbook",
        "lecture notes",
        "course notes",
        "online",
        "free",
        "the",
    }
)
_LEADING = frozenset(
    {"a", "an", "the", "its", "their", "this", "these", "set", "of", "free", "full", "online"}
)
_CITATION_NUMBER = re.compile(r"^\[\d{1,4}\]\s*")
_QUOTED_TITLE = re.compile(r"[\"“]([^\"“”\n]{4,300}?)[.,]?[\"”]")
"""A citation's title in quotes: ``Hinton, G. E., et al. "**Reducing the dimensionality of data**." Science
(2006). [[pdf]](u)`` (floodsung/Deep-Learning-Papers-Reading-Roadmap)."""


def is_generic(text: str) -> bool:
    """Link text that names the kind of thing, not the work: "a book", "here", "MIT video lectures"."""
    if _generic(text):
        return True
    words = collapse(text).split()
    while words and (words[0].lower() in _LEADING or (words[0].isupper() and len(words[0]) <= 4)):
        words = words[1:]
    rest = " ".join(words).lower().strip(".:")
    return bool(rest) and (rest in GENERIC_LINK_TEXTS or rest in _PROSE_GENERIC)


def paragraph_items(walker: _Walker, nodes: list[Node]) -> list[ItemToImport]:
    """The candidate items of one paragraph (see the module docstring)."""
    out: list[ItemToImport] = []
    sentence: list[str] = []
    said: list[str] = []  # the paragraph's text so far, as written (for a citation's title and description)
    emphasis: str | None = None
    last_generic: tuple[str, int] | None = None  # (title, index in out) of the sentence's last generic item
    section = walker.section()
    marker = walker.tier()

    read: dict[tuple[str, str], ItemToImport | str | None] = {}
    """Per link text and target, what the paragraph's links read before gave: no candidate (``None``), a titled
    link's item, or a generic link's URL (its title comes from the sentence). A paragraph of one link written
    100,000 times resolves it once."""
    counters = (walker.relative_links, len(walker.recovered), len(walker.invalid), walker.placeholders)

    def end_sentence() -> None:
        nonlocal sentence, emphasis, last_generic
        sentence, emphasis, last_generic = [], None, None

    for node in _inline_flat(nodes):
        kind = node.type
        if kind == "text":
            text = node.content
            said.append(text)
            ends = list(SENTENCE_END.finditer(text))
            if ends:
                sentence.append(text[: ends[-1].start()])
                end_sentence()
                sentence.append(text[ends[-1].end() :])
            else:
                sentence.append(text)
            continue
        if kind in ("softbreak", "hardbreak"):
            sentence.append(" ")
            said.append(" ")
            continue
        if kind in ("em", "strong"):
            words = collapse(_plain(node))
            said.append(words)
            if words:
                emphasis = words
                sentence.append(words)
            continue
        if kind != "link":
            sentence.append(_plain(node))
            said.append(sentence[-1])
            continue
        text = collapse(_plain(node))
        href = str(node.attrs.get("href") or "")
        sentence.append(text)
        said.append(text)
        known = read.get((text, href), _UNREAD)
        if known is _UNREAD:
            known = read[(text, href)] = _candidate(walker, text, href, section, marker)
        if known is None:
            continue
        if type(known) is not str:  # a titled link, read before in this paragraph: the same item again
            out.append(known)
            continue
        url = known
        title = emphasis or split_title(collapse("".join(sentence)).strip(" ,;:-–—"))[0]
        description = None
        if (not title or title.lower() == text.lower()) and not out:
            # "Authors. "Title." Venue (2015). [[pdf]](u)": the citation's quoted title; the rest describes it
            before = "".join(said[:-1])  # up to this link
            quoted = _QUOTED_TITLE.search(before)
            title = collapse(quoted.group(1)).rstrip(".,") if quoted else ""
            if quoted:
                rest = _CITATION_NUMBER.sub("", collapse(f"{before[: quoted.start()]} {before[quoted.end() :]}"))
                description = rest.strip(" .,;:") or None
        if not title or title.lower() == text.lower():
            continue
        if last_generic is not None and last_generic[0] == title:
            held = out[last_generic[1]]
            out[last_generic[1]] = replace(held, links=(*held.links, Link(text, url)))
            continue
        out.append(_item(title, url, section, marker, description))
        last_generic = (title, len(out) - 1)
    # candidates only: a paragraph link that does not become an item must not add to the list's warnings
    walker.relative_links, walker.placeholders = counters[0], counters[3]
    del walker.recovered[counters[1] :], walker.invalid[counters[2] :]
    return out


def merge(walker: _Walker) -> list[ItemToImport]:
    """The walker's items with the prose items put in their places, when the document is prose-shaped."""
    found = sum(len(items) for _, items in walker.prose)
    listed = len(walker.items) - walker.named_paragraphs  # works named in paragraphs are prose, too
    if found < MIN_PROSE or found <= 2 * listed:
        return walker.items
    seen = {item.url for item in walker.items if item.url}
    out: list[ItemToImport] = []
    at = 0
    for position, items in walker.prose:
        out.extend(walker.items[at:position])
        at = max(at, position)
        for item in items:
            if item.url not in seen:
                seen.add(item.url)
                out.append(item)
    out.extend(walker.items[at:])
    return out


_UNREAD = object()


def _candidate(
    walker: _Walker, text: str, href: str, section: tuple[str, ...], marker: object
) -> ItemToImport | str | None:
    """What a paragraph's link ``[text](href)`` gives: nothing (``None``: not a web page, or not reading), the item of
    a titled link, or the URL of a generic one (its title comes from the sentence around it)."""
    url = walker.resolve(href, text)
    if url is None or "://" not in url or _not_reading(text, url):
        return None
    return url if is_generic(text) else _item(text, url, section, marker)


def _item(
    title: str, url: str, section: tuple[str, ...], marker: object, description: str | None = None
) -> ItemToImport:
    tier = getattr(marker, "tier", None)
    label = getattr(marker, "label", None)
    return ItemToImport(
        title=title, url=url, section=section, tier=tier, tier_label=label, description=description
    )


def _not_reading(text: str, url: str) -> bool:
    """Social posts and profiles, author home pages, dates."""
    try:
        parts = web_parts(url)
    except ValueError:
        return True
    host = (parts.hostname or "").lower()
    if _on(host, _SOCIAL):
        return True
    segments = [s for s in parts.path.split("/") if s]
    if host.endswith("github.com") and len(segments) == 1:
        return True  # a person's or an organisation's profile
    if _DATE.fullmatch(text.strip(" ,.()")):
        return True
    return (not segments or any(s.startswith("~") for s in segments)) and bool(_PERSON.fullmatch(text.strip()))


def _inline_flat(nodes: list[Node]) -> list[Node]:
    """Inline nodes with emphasis around a link opened up (``_[Title](url)_`` is the link)."""
    out: list[Node] = []
    for node in nodes:
        if node.type in ("em", "strong") and any(c.type == "link" for c in node.children):
            out.extend(_inline_flat(list(node.children)))
        else:
            out.append(node)
    return out
