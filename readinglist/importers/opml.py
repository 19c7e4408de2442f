"""OPML outlines as reading lists: outlines without a URL are sections, outlines with one are items.

Works for a feed reader's subscription export (folders of feeds: each feed becomes an item pointing at its site,
with the feed itself as an extra link) and for outliner exports of a curriculum (nested topics, leaf steps with or
without links, notes in ``_note``). Outliners that keep a link inside the text (Dynalist and Logseq write
``[Title](https://...)``, WorkFlowy ``<a href="https://...">Title</a>``, anyone a bare ``https://...``) give
an item titled by the link's text, the rest of the text describing it. A leaf outline without a URL is a step of a curriculum (an item without a
link), except in a subscription list (any outline has ``xmlUrl``), where it is an empty folder: an empty topic.
An outline titled like a tier (``Tier 2``, ``Level 1``, ``Beginner``) sets the
tier of the items under it instead of adding a topic. A podcast app's export (its title names podcasts or the
app: ``Overcast Podcast Subscriptions``) makes its feeds podcasts, as does a folder named for podcasts; the one
outline an app wraps everything in (Overcast's ``feeds``) is no topic. Parsed with :mod:`defusedxml`: entity
expansion ("billion laughs") and external entities are refused.
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.importers.csvfile import parse_tier
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, Kind, Link, ListToImport

NAME = "opml"
EXTENSIONS = (".opml",)

_MAX_DEPTH = 100
_TIER_HEADING = re.compile(r"^(tier|level|stage)\s*\d+\+?(\s*[:\-–].*)?$", re.IGNORECASE)
_LEVEL_WORDS = frozenset(("beginner", "intermediate", "advanced"))
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TEXT_LINKS = (
    re.compile(r"\[(?P<text>[^\[\]\n]{0,500})\]\((?P<url>https?://[^)\s]{1,1000})\)"),  # Markdown
    re.compile(
        r"<a\s[^<>]{0,500}?href\s*=\s*[\"']?(?P<url>https?://[^\"'\s<>]{1,1000})[^<>]{0,500}>(?P<text>[^<]{0,500})</a>",
        re.I | re.S,
    ),
    re.compile(r"(?P<text>)(?P<url>https?://[^\s<>\"']{1,1000})"),  # a bare URL
)
_LINK_SEARCH = 1000
"""Characters of an outline's text searched for its link: a title is short, and a bound keeps hostile text linear."""
_TAG = re.compile(r"<[^<>]{0,500}>")
_SEPARATORS = " \t-–—:|,;"


def sniff(text: str) -> int:
    """95 when an ``<opml`` element opens the document."""
    head = text[:4096].lower()
    if "<opml" in head:
        return 95
    return 10 if "<outline" in text[:65536].lower() else 0


def _tier_of(title: str) -> tuple[int | None, str | None] | None:
    """``(tier, label)`` when an outline title is a tier marker, else ``None``."""
    text = " ".join(title.split())
    if _TIER_HEADING.match(text) or text.lower() in _LEVEL_WORDS:
        head = re.split(r"\s*[:\-–]\s*", text, maxsplit=1)[0]
        tier, label = parse_tier(head)
        if tier is not None:
            return tier, label
    return None


def _root(data: bytes, text: str) -> ET.Element:
    """Parse with defusedxml; bytes first (so the XML declaration's encoding counts), then the decoded text."""
    try:
        return SafeET.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise ImportFormatError(
            f"OPML refused: it declares entities or external references ({type(exc).__name__})", format=NAME
        ) from exc
    except ET.ParseError as first:
        try:
            return SafeET.fromstring(_XML_DECL.sub("", text, count=1).encode("utf-8"))
        except defusedxml.DefusedXmlException as exc:
            raise ImportFormatError(
                f"OPML refused: it declares entities or external references ({type(exc).__name__})",
                format=NAME,
            ) from exc
        except ET.ParseError:
            raise ImportFormatError(f"not well-formed OPML/XML: {first}", format=NAME) from first


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attr(element: ET.Element, *names: str) -> str:
    """The first non-empty attribute among ``names`` (case-insensitive), whitespace-collapsed."""
    lowered = {k.lower(): v for k, v in element.attrib.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value and value.strip():
            return " ".join(value.split())
    return ""


def _date(text: str) -> str | None:
    """OPML dates are RFC 822 (``Mon, 15 Apr 2024 10:00:00 GMT``); keep an ISO date when it parses."""
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return text


_PODCAST_APPS = re.compile(r"podcast|pocket\s*casts|antennapod|overcast|gpodder|castro|castbox|podverse", re.I)
"""A subscription list's title naming a podcast app (``Overcast Podcast Subscriptions``, ``Pocket Casts Feeds``):
its feeds are podcasts, whatever their sites' addresses look like; so are feeds in a folder named for podcasts."""
_WRAPPER_TITLES = frozenset(("feeds", "subscriptions", "podcasts", "rss", "all", "my feeds", "my subscriptions"))
"""The one outline some apps wrap a whole subscription list in (Overcast's ``feeds``): the app's, not a topic."""


class _Walker:
    def __init__(self, *, subscriptions: bool = False, podcasts: bool = False) -> None:
        self.subscriptions = subscriptions
        self.podcasts = podcasts
        self.items: list[ItemToImport] = []
        self.sections: list[tuple[str, ...]] = []

    def walk(
        self,
        parent: ET.Element,
        path: tuple[str, ...],
        tier: tuple[int | None, str | None],
        depth: int,
    ) -> None:
        if depth > _MAX_DEPTH:
            raise ImportFormatError(f"OPML outlines nest more than {_MAX_DEPTH} deep", format=NAME)
        for outline in parent:
            if _local(outline.tag) != "outline":
                continue
            title = _attr(outline, "text", "title")
            url = _attr(outline, "url", "htmlUrl", "xmlUrl")
            rest = ""
            if not url and "://" in title:
                title, url, rest = _link_in_text(title)
            children = [c for c in outline if _local(c.tag) == "outline"]
            if url:
                self._item(outline, title, url, path, tier, rest)
                if children:  # an item with sub-outlines: its children sit in a topic named after it
                    self.walk(outline, (*path, title or url), tier, depth + 1)
                continue
            if children:
                marker = _tier_of(title) if title else None
                if marker is not None:
                    self.walk(outline, path, marker, depth + 1)
                    continue
                section = (*path, title or "Untitled")
                if section not in self.sections:
                    self.sections.append(section)
                self.walk(outline, section, tier, depth + 1)
            elif title and self.subscriptions:  # a feed reader's empty folder: an empty topic
                section = (*path, title)
                if section not in self.sections:
                    self.sections.append(section)
            elif title:  # a leaf without a link in an outline: a step of a curriculum ("Read chapter 3")
                self._item(outline, title, None, path, tier)

    def _item(
        self,
        outline: ET.Element,
        title: str,
        url: str | None,
        path: tuple[str, ...],
        tier: tuple[int | None, str | None],
        rest: str = "",
    ) -> None:
        links: tuple[Link, ...] = ()
        feed = _attr(outline, "xmlUrl")
        if url and feed and feed != url:
            links = (Link("feed", feed),)
        self.items.append(
            ItemToImport(
                title=title or url or "",
                url=url,
                section=path,
                tier=tier[0],
                tier_label=tier[1],
                description=" ".join(p for p in (rest, _attr(outline, "_note", "description")) if p) or None,
                links=links,
                kind=Kind.PODCAST if feed and self._podcast(path) else infer_kind(url, title),
                author=_attr(outline, "author", "ownerName") or None,
                published=_date(_attr(outline, "created")),
            )
        )


    def _podcast(self, path: tuple[str, ...]) -> bool:
        return self.podcasts or any(_PODCAST_APPS.search(part) for part in path)


def _wrapped(body: ET.Element) -> ET.Element:
    """The outline that holds a whole subscription list when it is the app's own wrapper (see
    :data:`_WRAPPER_TITLES`), else ``body``."""
    outlines = [c for c in body if _local(c.tag) == "outline"]
    only = outlines[0] if len(outlines) == 1 else None
    if only is not None and not _attr(only, "url", "htmlUrl", "xmlUrl"):
        return only if _attr(only, "text", "title").lower() in _WRAPPER_TITLES else body
    return body


def _link_in_text(text: str) -> tuple[str, str, str]:
    """``(title, url, rest)`` of an outline whose text holds its link: the link's text titles it (else the text
    around the link, else the URL), the words around the link describe it."""
    head = text[:_LINK_SEARCH]
    for pattern in _TEXT_LINKS:
        m = pattern.search(head)
        if m:
            url = m.group("url").rstrip(".,;:")
            label = " ".join(_TAG.sub("", m.group("text")).split())
            around = " ".join(_TAG.sub("", text[: m.start()] + " " + text[m.end() :]).split()).strip(
                _SEPARATORS
            )
            return (label, url, around) if label else (around or url, url, "")
    return text, "", ""


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read an OPML document into a :class:`ListToImport`; the head's title and date describe the list."""
    text = decode(data, format=NAME, source=source_url)
    root = _root(data, text)
    if _local(root.tag) != "opml":
        raise ImportFormatError(
            f"not OPML: the document element is <{_local(root.tag)}>, not <opml>", format=NAME
        )
    head = next((c for c in root if _local(c.tag) == "head"), None)
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise ImportFormatError("OPML without a <body>: nothing to import", format=NAME)

    def head_text(name: str) -> str | None:
        if head is None:
            return None
        node = next((c for c in head if _local(c.tag) == name.lower()), None)
        value = " ".join((node.text or "").split()) if node is not None else ""
        return value or None

    subscriptions = any(_attr(o, "xmlUrl") for o in body.iter() if _local(o.tag) == "outline")
    title = head_text("title")
    walker = _Walker(subscriptions=subscriptions, podcasts=bool(title and _PODCAST_APPS.search(title)))
    walker.walk(_wrapped(body) if subscriptions else body, (), (None, None), 0)
    if not walker.items:
        raise ImportFormatError("this OPML has no outlines to import", format=NAME)
    return ListToImport(
        items=tuple(walker.items),
        title=title,
        sections=tuple(walker.sections),
        source_url=source_url,
        date=_date(head_text("dateModified") or head_text("dateCreated") or ""),
        format=NAME,
    )


__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]
