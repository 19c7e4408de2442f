"""A web page's own metadata, read with a real HTML parser (the standard library's tokenizer, not regexes).

What is read, most trusted first:

- JSON-LD (``<script type="application/ld+json">``): ``Article``/``BlogPosting``/... ``headline``, ``author``,
  ``datePublished``, ``wordCount``; ``VideoObject`` ``duration`` (ISO 8601, ``PT1H2M3S``). Several videos (a
  playlist page) count as their total.
- OpenGraph and friends: ``og:title``, ``og:type``, ``og:video:duration`` (seconds), ``article:author``,
  ``article:published_time``, ``<meta name="author">``, ``<meta itemprop="duration">``.
- ``<title>``.
- The words of the main text (``<article>`` or ``<main>`` when the page has one, else ``<body>``; scripts, styles,
  navigation, headers and footers left out), from which a reading time follows when no word count is stated.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from readinglist.enrich.model import Found, clean, year_of
from readinglist.htmlguard import VOID_ELEMENTS, tame

ARTICLE_TYPES = {
    "article",
    "blogposting",
    "newsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "webpage",
}
SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "template",
    "svg",
    "form",
    "button",
}
VOID = VOID_ELEMENTS
_WORD = re.compile(r"[^\s]*[^\W_][^\s]*")
_ISO_DURATION = re.compile(
    r"P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)


def iso_minutes(text: object) -> float | None:
    """``"PT1H2M30S"`` -> 62.5; None for anything else (or zero)."""
    if not isinstance(text, str):
        return None
    m = _ISO_DURATION.fullmatch(text.strip())
    if not m or not any(m.groupdict().values()):
        return None
    parts = {k: float(v) if v else 0.0 for k, v in m.groupdict().items()}
    minutes = parts["d"] * 1440 + parts["h"] * 60 + parts["m"] + parts["s"] / 60
    return round(minutes, 2) or None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._stack: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._in_jsonld = False
        self._jsonld_buf: list[str] = []
        self.words_body = 0
        self.words_main = 0
        self._main_depth = 0
        self.has_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
            return
        if tag in VOID:
            return
        self._stack.append(tag)
        if tag == "title" and not self.title_parts:
            self._in_title = True
        if tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._in_jsonld = True
            self._jsonld_buf = []
        if tag in SKIP:
            self._skip_depth += 1
        if tag in ("article", "main"):
            self._main_depth += 1
            self.has_main = True

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._jsonld_buf))
        if tag in SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        if tag in ("article", "main"):
            self._main_depth = max(0, self._main_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self._jsonld_buf.append(data)
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip_depth or "head" in self._stack:
            return
        n = len(_WORD.findall(data))
        self.words_body += n
        if self._main_depth:
            self.words_main += n


def _objects(value: object) -> list[dict]:
    """Every JSON-LD object in a document: top level, lists and ``@graph`` members, flattened."""
    out: list[dict] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            stack.extend(reversed(v))
        elif isinstance(v, dict):
            out.append(v)
            if "@graph" in v:
                stack.append(v["@graph"])
            if isinstance(v.get("itemListElement"), list):
                stack.extend(
                    e.get("item", e) if isinstance(e, dict) else e for e in reversed(v["itemListElement"])
                )
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    names = t if isinstance(t, list) else [t]
    return {n.lower() for n in names if isinstance(n, str)}


def _names(value: object, refs: dict[str, dict] | None = None) -> tuple[str, ...]:
    """Names in an ``author`` value: a string, a Person, a list, or a reference (``{"@id": ...}``) into the graph."""
    if isinstance(value, str):
        name = clean(value)
        return (name,) if name else ()
    if isinstance(value, dict):
        if "name" not in value and refs and isinstance(value.get("@id"), str):
            target = refs.get(value["@id"])
            return _names(target.get("name")) if target else ()
        return _names(value.get("name"))
    if isinstance(value, list):
        return tuple(n for v in value for n in _names(v, refs))
    return ()


def parse(data: bytes, url: str | None = None, *, encoding: str | None = None) -> Found:
    """The metadata of an HTML page; never raises for odd markup (a page with nothing yields an empty Found)."""
    text = _decode(data, encoding)
    reader = _Reader()
    try:
        reader.feed(tame(text))
        reader.close()
    except Exception:  # html.parser is lenient; this is belt and braces for pathological input
        pass
    article: dict = {}
    videos: list[float] = []
    video_title = None
    video_authors: tuple[str, ...] = ()
    objects: list[dict] = []
    for raw in reader.jsonld:
        try:
            objects.extend(_objects(json.loads(raw)))
        except ValueError:
            continue
    refs = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        types = _types(obj)
        if "videoobject" in types:
            minutes = iso_minutes(obj.get("duration"))
            if minutes:
                videos.append(minutes)
            video_title = video_title or clean(obj.get("name"))
            video_authors = video_authors or _names(obj.get("author"), refs)
        elif types & ARTICLE_TYPES and (
            not article or ("webpage" in _types(article) and "webpage" not in types)
        ):
            article = obj  # the first article; a WebPage only when the page describes nothing more specific
    meta = reader.meta
    title = (
        clean(article.get("headline"))
        or clean(article.get("name"))
        or clean(meta.get("og:title"))
        or clean(meta.get("twitter:title"))
        or (video_title if len(videos) <= 1 else None)
        or clean("".join(reader.title_parts))
    )
    authors = (
        _names(article.get("author"), refs)
        or video_authors
        or _names(meta.get("author") or meta.get("article:author"))
    )
    year = year_of(article.get("datePublished")) or year_of(meta.get("article:published_time"))
    words = article.get("wordCount")
    try:
        stated_words = int(str(words).replace(",", "")) if words is not None else None
    except ValueError:
        stated_words = None
    duration = round(sum(videos), 2) if videos else None
    if duration is None:
        duration = iso_minutes(meta.get("duration"))
    if duration is None and (seconds := meta.get("og:video:duration") or meta.get("video:duration")):
        duration = round(float(seconds) / 60, 2) if re.fullmatch(r"\d+(\.\d+)?", seconds.strip()) else None
    og_type = (meta.get("og:type") or "").lower()
    is_video = duration is not None or og_type.startswith("video")
    counted = reader.words_main if reader.has_main and reader.words_main >= 50 else reader.words_body
    return Found(
        source="page",
        title=title,
        authors=authors,
        year=year,
        abstract=clean(meta.get("og:description") or meta.get("description")),
        words=stated_words if stated_words and stated_words > 0 else (counted or None),
        duration_minutes=duration,
        url=url,
        kind="video" if is_video else None,
        extra={"words_stated": "yes"} if stated_words else {},
    )


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding, "replace")
        except LookupError:
            pass
    head = data[:2048]
    m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", head, re.IGNORECASE)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return data.decode("utf-8", "replace")
