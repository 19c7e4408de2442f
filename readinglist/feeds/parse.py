"""Parsing feed bytes into plain, frozen results with feedparser: pure, no I/O, usable from a process pool.

:func:`parse_feed` is the whole API: bytes in, :class:`ParsedFeed` out. It reads RSS 0.9x/1.0/2.0, Atom and JSON
Feed in any encoding feedparser can detect (BOM, XML declaration, HTTP ``Content-Type`` charset, or a guess), keeps
what it can from malformed feeds (``warning`` says what was wrong) and refuses bodies that are not feeds at all
(HTML pages, images, plain JSON) with :class:`readinglist.exceptions.FeedError`.

Every entry gets a stable ``guid`` (the feed's id, else its link, else a hash of title and date) so the caller can
tell new entries from ones it has seen; duplicates within one feed collapse to the first.

:func:`parse_feed_job` wraps it for ``ProcessPoolExecutor``: plain arguments in, a picklable pair out.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from readinglist.exceptions import FeedError
from readinglist.feeds.dtd import entity_problem
from readinglist.feeds.text import (
    PREAMBLE_ROOM,
    SUMMARY_CHARS,
    author_name,
    clean_title,
    html_to_text,
    shorten,
    summary_text,
    text_start,
)
from readinglist.safety import check_link


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, cleaned up: plain-text title and summary, absolute link, ISO 8601 UTC date."""

    guid: str
    title: str
    link: str | None = None
    published: str | None = None
    author: str | None = None
    summary: str | None = None
    key: str | None = field(default=None, compare=False)
    """The identity key of the entry's resource (``identity.resource_key`` of link and title), filled in by
    :func:`parse_feed_job` so that a pool worker, not the single writer, pays for URL canonicalisation."""
    shared: bool = field(default=False, compare=False)
    """Another entry of the feed, with another id, has the same key (a podcast whose episodes all link to the
    show's home page, posts ``26.html#a080605`` and ``26.html#a080612``): ``key`` is then the canonical link
    plus the link's fragment when that tells the entries apart, else ``guid:<id>``, so that they stay apart."""
    prepared: tuple[str, str | None] | None = field(default=None, compare=False)
    """``(title key, kind value or None)`` of the entry's resource (``identity.title_key``, ``kinds.infer_kind``),
    filled in with :attr:`key` by :func:`parse_feed_job`: the writer does not compute them again."""
    titled: bool = field(default=True, compare=False)
    """The feed gave the entry its title (else it was made up from the text, the link or the id)."""
    media: str | None = field(default=None, compare=False)
    """``"audio"`` or ``"video"`` when the entry carries such an enclosure (a podcast episode): the item's kind
    then, unless its link says something more precise than a post (see :func:`with_keys`)."""


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed. ``version`` is feedparser's (``"rss20"``, ``"atom10"``, ``"rss10"``, ``"json11"``...);
    ``warning`` is a one-line note when the feed was malformed but still (partly) readable."""

    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None
    version: str | None = None


# --- what a body is -------------------------------------------------------------------------------------

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"RIFF", "a media file"),
)


_ROOT = re.compile(rb"<([a-z_][\w.\-]*(?::[a-z_][\w.\-]*)?)[\s/>]")
"""The first element of a (lower-cased) document head: after ``<?xml``, comments and a doctype."""


def sniff(body: bytes) -> str | None:
    """What a non-feed body looks like, for the error message: ``"an HTML page"``, ``"a PNG image"``, ``"JSON"``."""
    for magic, what in _MAGIC:
        if body.startswith(magic):
            return what
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    root = _ROOT.search(head)
    name = root.group(1).decode("ascii", "replace") if root is not None else None
    if name == "opml":
        return "an OPML subscription list; subscribe to its feeds with: readinglist feed import FILE"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "an HTML page"
    if head[:1] in (b"{", b"["):
        return "JSON"
    if name is not None and head.startswith(b"<") and name not in ("rss", "feed", "rdf:rdf", "channel"):
        return f"an XML document whose root element is <{name}>, not <rss>, <feed> or <rdf:RDF>"
    if b"\x00" in body[:1024]:
        return "binary data"
    return None


def _strip_leading_whitespace(body: bytes) -> bytes:
    """Whitespace (after an optional UTF-8 BOM) before ``<?xml`` makes the document ill-formed; many feeds have it."""
    bom = b"\xef\xbb\xbf" if body.startswith(b"\xef\xbb\xbf") else b""
    rest = body[len(bom) :]
    stripped = rest.lstrip(b" \t\r\n")
    if stripped is not rest and stripped.startswith(b"<?xml"):
        return bom + stripped
    return body


# --- entries --------------------------------------------------------------------------------------------


def _is_url(value: str | None) -> bool:
    if not value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _iso(struct: time.struct_time | None) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct)
    except (TypeError, ValueError):
        return None


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    link = "".join(link.split())  # line-wrapped URLs in hand-written feeds
    if not link:
        return None
    if base and not urlsplit(link).scheme:
        try:
            return urljoin(base, link)
        except ValueError:
            return link
    return link


def _alternates(entry: Mapping[str, Any]) -> list[str]:
    """The entry's alternate (or rel-less) link hrefs, in document order, as feedparser resolved them (xml:base)."""
    out = []
    for link in entry.get("links") or ():
        if not isinstance(link, Mapping):
            continue
        href = link.get("href")
        if isinstance(href, str) and href.strip() and link.get("rel", "alternate") == "alternate":
            out.append(href)
    return out


def _raw_link(entry: Mapping[str, Any], guid: str | None) -> str | None:
    """The entry's link as written, whatever the order of its elements.

    feedparser copies an Atom ``<id>`` (or an RSS ``<guid>`` without ``isPermaLink="false"``) into ``link`` when no
    link came before it (``guidislink``), and a ``<link>`` that comes after the id then only shows in ``links``.
    """
    raw = entry.get("link")
    raw = raw if isinstance(raw, str) and raw.strip() else None
    if entry.get("guidislink") or (raw is not None and raw == guid):
        alternates = _alternates(entry)
        if alternates:
            return alternates[0]
        return raw if _is_url(raw) else None  # an opaque guid is no address
    if raw is None:
        alternates = _alternates(entry)
        return alternates[0] if alternates else None
    return raw


def _content_text(entry: Mapping[str, Any], limit: int | None = None) -> tuple[str, bool]:
    """The text of the entry's summary (else content): whole, or (``limit``) its start (see :func:`text_start`)."""
    raw = entry.get("summary")
    if not raw:
        content = entry.get("content") or []
        raw = content[0].get("value") if content and isinstance(content[0], Mapping) else None
    if limit is None:
        return html_to_text(raw), True
    return text_start(raw, limit)


def _entry(
    entry: Mapping[str, Any],
    base: str | None,
    feed_author: str | None = None,
    dropped: list[str] | None = None,
) -> FeedEntry | None:
    """One feedparser entry as a FeedEntry, or None when it has nothing to keep it by (no id, link, title or text).

    The link is resolved against ``base`` (the feed's URL) and checked by :mod:`readinglist.safety`: a refused link
    (``javascript:``, ``data:``, a ``tag:`` id...) is dropped and its reason appended to ``dropped``.
    """
    title = clean_title(entry.get("title"))
    guid = (entry.get("id") or "").strip() or None
    written = _raw_link(entry, guid)
    link, reason = check_link(written)  # as written: ``java&#x09;script:`` must not become a relative path
    if link is not None:
        link, reason = check_link(_absolute(link, base))
    if reason is not None and dropped is not None and written != guid:  # a tag: id repeated is no news
        dropped.append(reason)
    if link is not None and not _is_url(link):
        link = None  # still relative: there was no base to resolve it against
    published = _iso(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    )
    if link is None and _is_url(guid):
        link = guid
    text, _ = _content_text(entry, SUMMARY_CHARS + PREAMBLE_ROOM)  # the summary and a title need no more
    text = summary_text(text, title)
    if guid is None:
        if link is not None:
            guid = link
        elif title:
            digest = hashlib.sha256(f"{title}\x00{published or ''}".encode()).hexdigest()[:32]
            guid = f"urn:readinglist:{digest}"
        elif text:  # content alone: its (whole) text is what tells it apart
            text, _ = _content_text(entry)
            digest = hashlib.sha256(f"\x00{published or ''}\x00{text}".encode()).hexdigest()[:32]
            guid = f"urn:readinglist:{digest}"
        else:
            return None
    summary = shorten(text) if text else None
    titled = bool(title)
    if not title:
        title = (shorten(text, 80) if text else None) or " ".join((link or guid).split())
    author = author_name(entry.get("author")) or feed_author
    return FeedEntry(
        guid=guid,
        title=title,
        link=link,
        published=published,
        author=author,
        summary=summary,
        titled=titled,
        media=_media(entry),
    )


def _media(entry: Mapping[str, Any]) -> str | None:
    """``"audio"``/``"video"`` when one of the entry's enclosures is (by its MIME type), else None."""
    for enclosure in entry.get("enclosures") or ():
        kind = enclosure.get("type") if isinstance(enclosure, Mapping) else None
        major = kind.split("/", 1)[0].strip().lower() if isinstance(kind, str) else ""
        if major in ("audio", "video"):
            return major
    return None


# --- the feed -------------------------------------------------------------------------------------------

_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")
"""feedparser flags these as 'bozo' although it read the feed fine; the user can do nothing about them."""


def _warning(exc: BaseException | None) -> str | None:
    if exc is None or type(exc).__name__ in _BENIGN:
        return None
    line = getattr(exc, "getLineNumber", None)
    where = ""
    if callable(line):
        try:
            where = f" at line {line()}"
        except Exception:
            where = ""
    message = " ".join(str(getattr(exc, "getMessage", lambda: exc)() or type(exc).__name__).split())
    return f"feed is malformed ({message}{where}); kept what could be read"


def parse_feed(
    body: bytes,
    *,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Parse feed bytes. ``url`` resolves relative links; ``headers`` (the HTTP response's) give the encoding.

    Raises :class:`FeedError` when ``body`` is empty or is not a feed at all.
    """
    import feedparser  # imported here: ~100 ms, and only pulls need it

    name = url or "the document"
    if not body or not body.strip():
        raise FeedError(f"{name} is empty, not an RSS or Atom feed", url=url)
    body = _strip_leading_whitespace(body)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    # no content-location: feedparser would then "resolve" opaque RSS guids as relative URLs; links are made
    # absolute below instead
    looks_like = sniff(body)
    problem = entity_problem(body)
    if problem is not None:
        raise FeedError(f"{name} {problem}; refused", url=url)
    if looks_like == "JSON":
        return _parse_json_feed(body, url)
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),  # a file object: feedparser would treat short bytes as a path to open
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser catches most things itself; anything else is this body's fault
        raise FeedError(f"{name} could not be parsed as a feed ({type(exc).__name__})", url=url) from exc
    feed = parsed.get("feed", {})
    raw_entries = parsed.get("entries", [])
    version = parsed.get("version") or None
    if not version and not raw_entries:
        what = looks_like or ("an XML document of another kind" if body.lstrip().startswith(b"<") else "text")
        raise FeedError(f"{name} is not an RSS or Atom feed (looks like {what})", url=url)
    feed_link = _absolute(feed.get("link"), url)
    base = url or feed_link  # relative links (after xml:base) resolve against the document's own URL
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    dropped: list[str] = []
    feed_author = author_name(feed.get("author")) or None
    titles: dict[str, str] = {}
    for raw in raw_entries:
        entry = _entry(raw, base, feed_author, dropped)
        if entry is None:
            continue
        own_id = (raw.get("id") or "").strip()
        if entry.guid in seen and not own_id and titles.get(entry.guid) != entry.title:
            # no id of its own, a link another entry has, a different title: another entry, not a repeat
            digest = hashlib.sha256(f"{entry.link}\x00{entry.title}".encode()).hexdigest()[:32]
            entry = replace(entry, guid=f"urn:readinglist:{digest}")
        if entry.guid in seen:
            continue
        seen.add(entry.guid)
        titles.setdefault(entry.guid, entry.title)
        entries.append(entry)
    warning = _warning(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    warning = _join(warning, refused_links(dropped))
    return ParsedFeed(
        title=clean_title(feed.get("title")) or None,
        link=feed_link,
        entries=tuple(entries),
        warning=warning,
        version=version,
    )


def refused_links(reasons: list[str]) -> str | None:
    """One warning line for the links :mod:`readinglist.safety` refused, counted by scheme, or None."""
    if not reasons:
        return None
    kinds: dict[str, int] = {}
    for reason in reasons:
        m = re.search(r" is an? ([a-z][a-z0-9+.\-]*:)", reason)
        kind = m.group(1) if m else "without a host"
        kinds[kind] = kinds.get(kind, 0) + 1
    counted = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    noun = "link" if len(reasons) == 1 else "links"
    return f"{len(reasons)} {noun} dropped ({counted}); only http(s) links are kept"


def _join(*warnings: str | None) -> str | None:
    return "; ".join(w for w in warnings if w) or None


def _json_date(value: object) -> str | None:
    """An RFC 3339 date from a JSON Feed as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC), or None."""
    import datetime as dt

    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _parse_json_feed(body: bytes, url: str | None) -> ParsedFeed:
    """A JSON Feed (jsonfeed.org 1.0/1.1); any other JSON is refused as not a feed."""
    import json

    name = url or "the document"
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"{name} is not an RSS or Atom feed (looks like broken JSON)", url=url) from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedError(f"{name} is not an RSS or Atom feed (looks like JSON)", url=url)
    feed_link = _absolute(_text(data.get("home_page_url")), url)
    feed_author = _json_author(data)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    dropped: list[str] = []
    items = data.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        raw = {
            "id": str(item["id"]) if isinstance(item.get("id"), (str, int)) else None,
            "title": _text(item.get("title")),
            "link": _text(item.get("url")) or _text(item.get("external_url")),
            "links": [{"href": u, "rel": "alternate"} for u in (_text(item.get("url")),) if u],
            "enclosures": [
                {"type": a.get("mime_type")} for a in item.get("attachments") or () if isinstance(a, dict)
            ],
            "summary": _text(item.get("summary"))
            or _text(item.get("content_html"))
            or _text(item.get("content_text")),
            "author": _json_author(item),
        }
        entry = _entry(raw, feed_link or url, feed_author, dropped)
        if entry is None or entry.guid in seen:
            continue
        published = _json_date(item.get("date_published")) or _json_date(item.get("date_modified"))
        if published and entry.published is None:
            from dataclasses import replace

            entry = replace(entry, published=published)
        seen.add(entry.guid)
        entries.append(entry)
    version_name = "json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", "")
    return ParsedFeed(
        title=clean_title(_text(data.get("title"))) or None,
        link=feed_link,
        entries=tuple(entries),
        version=version_name,
        warning=refused_links(dropped),
    )


def _json_author(obj: Mapping[str, Any]) -> str | None:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")] if isinstance(obj.get("author"), dict) else []
    names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    return ", ".join(names) or None


def warm_up() -> bool:
    """Import feedparser in a pool worker ahead of the first real job."""
    import feedparser  # noqa: F401

    return True


def parse_feed_job(
    body: bytes, url: str | None = None, headers: dict[str, str] | None = None
) -> tuple[ParsedFeed | None, str | None]:
    """:func:`parse_feed` for a process pool: returns ``(feed, None)`` or ``(None, error message)``, never raises.

    In a parse worker the parse runs under the worker's time budget (see :mod:`readinglist.feeds.sandbox`).
    """
    from readinglist.feeds.sandbox import ParseTimeout, time_limit

    name = url or "feed"
    try:
        with time_limit():
            feed = parse_feed(body, url=url, headers=headers)
            return with_keys(feed), None
    except FeedError as exc:
        return None, str(exc)
    except ParseTimeout as exc:
        return None, f"{name} could not be parsed: {exc}; refused"
    except MemoryError:
        return None, f"{name} could not be parsed: it needed more memory than a parse may use; refused"
    except Exception as exc:  # a bug or a feedparser surprise must not break the pool
        return (
            None,
            f"{name} could not be parsed ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
        )


def with_keys(feed: ParsedFeed) -> ParsedFeed:
    """``feed`` with each entry's resource key filled in (see :attr:`FeedEntry.key` and :attr:`FeedEntry.shared`).

    Within a feed an entry is identified by its id: entries with distinct ids that give the very same link (up to
    its fragment), or without links the same title, keep distinct keys: the link's fragment when it differs
    between them, else the id. Links that differ but canonicalise alike (``www.``, ``?utm_source=``) are one
    page published twice and keep the one canonical key.
    """
    from readinglist.identity import resource_key, title_key
    from readinglist.kinds import infer_kind
    from readinglist.types import Kind

    keys = [resource_key(e.link, e.title or e.guid) for e in feed.entries]
    prepared = []
    for e in feed.entries:
        title = e.title or e.link or e.guid  # the title the writer gives the entry's item
        kind = infer_kind(e.link, title)
        if e.media is not None and kind in (None, Kind.POST):
            kind = Kind.PODCAST if e.media == "audio" else Kind.VIDEO
        prepared.append((title_key(title), kind.value if kind is not None else None))
    spelled = [(e.link or "").split("#", 1)[0] if e.link else f"title:{e.title}" for e in feed.entries]
    groups: dict[tuple[str, str], list[int]] = {}
    for n, (key, text) in enumerate(zip(keys, spelled)):
        groups.setdefault((key, text), []).append(n)
    keyed = []
    for entry, key, text, ready in zip(feed.entries, keys, spelled, prepared):
        members = groups[(key, text)]
        if len(members) == 1:  # unique, or the same page spelled differently (a re-post): one resource
            keyed.append(replace(entry, key=key, prepared=ready))
            continue
        fragment = urlsplit(entry.link).fragment if entry.link else ""
        fragments = [urlsplit(feed.entries[m].link or "").fragment for m in members]
        if fragment and fragments.count(fragment) == 1 and "#" not in key:
            own = f"{key}#{fragment}"
        else:
            own = f"guid:{entry.guid}"
        keyed.append(replace(entry, key=own, shared=True, prepared=ready))
    return replace(feed, entries=tuple(keyed))
