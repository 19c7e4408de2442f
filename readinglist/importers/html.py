"""Reading links out of a web page: a blog post, an article, an awesome list rendered by GitHub, or bookmarks.

The page is parsed with the standard library's :class:`html.parser.HTMLParser` into a small element tree (with the
usual implied end tags: a new ``<li>`` closes the open one, a block closes an open ``<p>``), then walked without
recursion, so deep or broken markup cannot blow the stack.

Rules:

* Content root: the page's single ``<article>``, else ``<main>`` (or ``role="main"``), else ``<body>``.
* Left out: ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, ``<script>``, ``<style>``, ``<form>``, ``<template>``,
  ``<svg>``, ``<button>`` and elements whose role or class/id says navigation, sidebar, share, social, comments,
  newsletter, cookie or breadcrumb; image-only links; ``#anchor``, ``javascript:``, ``mailto:`` and other non-web
  links; share, social-intent, login and signup links.
* Sections: ``h1``-``h6`` nested by level. A single ``h1`` is the page's title, not a topic.
* Items: ``<a href>`` in document order. Title = link text; a leading kind tag (``[Paper]``) in the text or just
  before the link becomes the kind. A generic text ("here", "link", "more", "read more"...) takes the URL's last
  segment as its title and the surrounding sentence as description. In a ``<li>``, the text after the first link is
  the description, and short label links after it (``code``, ``video``, ``slides``) are its extra links. A row
  linked only by a label (a course page's ``Kapania et al. Title. CSCW 2025. <a>DOI</a>``) is titled by the text
  before it, cut into authors (``X et al.``), title and a venue holding one year (the note, the year published).
* Relative hrefs resolve against ``<base href>`` (itself resolved against ``source_url``) or ``source_url``; when
  neither is known they are left out with a warning.
* The Markdown importer's link rules apply here too, from the same code (``_links.LinkFilter``): tables of contents,
  badges, community and chat links (Discord, LinkedIn, meetup, Slack, newsletters), housekeeping texts ("Join the
  Discord", "FAQ", "Contributors"), profiles and the repository's own files (CONTRIBUTING, FAQ, CHANGELOG) are not
  reading, nor are sections over them (Community, Team, FAQ...); an href in stray brackets (``%5Bhttps://...``) is
  recovered, one that cannot be is skipped, both with a warning.
* Rows: a list item, a paragraph, or a table row (all its cells). An icon-only link (``📜``) before the row's titled
  link is a copy of that work (an extra link ``PDF`` or ``copy``), not an item. After the row's item, label and
  generic links (``code``, ``video``, ``alt``, ``alternative``) are its extra links; in a table row every later
  link is (alternates, prerequisites, solutions in other columns).
* The same resource twice in one section is kept once.
* A page with a password field and few content links is a login page: :class:`ImportFormatError`. So is a page with
  no reading links at all.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from readinglist.collector import paused
from readinglist.exceptions import ImportFormatError
from readinglist.htmlguard import tame
from readinglist.importers._htmlblocks import (
    EXTRA_LABELS,
    SEPARATORS,
    SKIP_TAGS,
    BlockTexts,
    enclosing_block,
    row_of,
    titled_link_after,
)
from readinglist.importers._htmltree import MAX_OPEN, TooDeep, _inside, _Node, _text, _TreeBuilder
from readinglist.importers._links import (
    LinkFilter,
    is_generic,
    is_icon,
    skipped_section,
    title_from_url,
)
from readinglist.importers._text import decode
from readinglist.kinds import split_kind_tag
from readinglist.types import ItemToImport, Link, ListToImport
from readinglist.urls import canonical_url, is_web_url

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

LOGIN_MAX_LINKS = 5
"""A page with a password field and at most this many content links is a login page."""

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_SKIP_CLASS_TOKENS = frozenset(
    {"nav", "navbar", "navigation", "menu", "sidebar", "share", "sharing", "social", "comments", "comment"}
    | {"newsletter", "subscribe", "cookie", "cookies", "breadcrumb", "breadcrumbs", "crumb", "crumbs"}
    | {"pagination", "related"}
    | {"footer", "header", "masthead", "toc", "advert", "ad", "ads", "sponsor", "promo", "signup", "login"}
)
_GENERIC_TEXT = frozenset(
    {"here", "link", "this", "this link", "click here", "read more", "more", "more...", "read more…", "more…"}
    | {"continue reading", "source", "this post", "this article", "website", "details", "full post", "→"}
    | {"这里", "此处", "链接", "点击这里", "点此", "阅读全文", "原文", "阅读原文", "更多"}
)
_SHARE_TEXT_RE = re.compile(
    r"(?i)^(?:share(?:\s+(?:on|this|via)\b.*)?|tweet(?:\s+this)?|pin\s+it|subscribe\b.*|follow(?:\s+(?:me|us)\b.*)?|"
    r"sign\s*(?:in|up|out)|log\s*(?:in|out)|register|create\s+(?:an\s+)?account|forgot.*password.*|"
    r"分享.*|订阅.*|关注.*|登录|注册|点赞)$"
)
_SHARE_URL_RE = re.compile(
    r"(?i)^https?://(?:www\.)?(?:(?:twitter|x)\.com/(?:intent|share|home\?status)|facebook\.com/(?:sharer|share|dialog)|"
    r"linkedin\.com/(?:shareArticle|sharing|cws/share)|reddit\.com/submit|news\.ycombinator\.com/submitlink|"
    r"pinterest\.com/pin/create|t\.me/share|wa\.me/|api\.whatsapp\.com/send|service\.weibo\.com/share|"
    r"connect\.qq\.com|getpocket\.com/(?:save|edit)|buffer\.com/add)"
)
_AUTH_PATH_RE = re.compile(
    r"(?i)/(?:login|log-in|signin|sign-in|sign_in|signup|sign-up|sign_up|register|logout|log-out|signout|"
    r"sign-out|auth|oauth|sso|session|account/login|users/sign_in|password_reset|forgot-password|subscribe)"
    r"(?:/|$|\?|\.)"
)
_FOOTER_TEXT_RE = re.compile(r"(?i)(?:copyright|all rights reserved|©|版权所有|ICP备)")
_NOT_CONTENT_HEADING_RE = re.compile(
    r"(?i)^(?:(?:table\s+of\s+)?contents|toc|contribut(?:ing|ions?|ors?)|licen[cs]e|sponsors?|backers|"
    r"code\s+of\s+conduct|acknowledge?ments?|star\s+history|目录|贡献|许可证?|赞助)\b"
)
_CONTENTS_HEADING_RE = re.compile(r"(?i)^(?:(?:table\s+of\s+)?contents?|toc|index|目录)[\s:：]*$")
"""A table of contents: it skips only its own links; the headings under it (``<h2>Contents</h2>`` then
``<h3>Papers</h3>``) are the list, and it is no topic."""
_CHARSET_RE = re.compile(rb"""(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""")


def _is_skipped(node: _Node) -> bool:
    """Page furniture: by its tag, its role, hidden, or a class or id that says navigation, sidebar, share..."""
    if node.tag in SKIP_TAGS:
        return True
    if not node.attrs:
        return False  # most elements: nothing more to look at
    if node.attrs.get("role", "").lower() in _SKIP_ROLES or "hidden" in node.attrs:
        return True
    if node.attrs.get("aria-hidden", "").lower() == "true" and node.tag != "a":
        return True
    if not node.attrs.get("class") and not node.attrs.get("id"):
        return False
    names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}".lower()
    tokens = set(re.split(r"[\s_-]+", names)) - {""}
    return bool(tokens & _SKIP_CLASS_TOKENS)


# --- public API ----------------------------------------------------------------------------------------


def sniff(text: str) -> int:
    """How much ``text`` looks like an HTML page (0..100): a doctype or ``<html>`` at the top is near certain."""
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if head.startswith(("<!doctype html", "<html", "<!doctype netscape-bookmark-file-1")):
        return 95  # (the last: a browser's bookmark export, read by :mod:`.bookmarks`)
    if head.startswith("<?xml") and "<html" in text[:4096].lower():
        return 90
    sample = text[:100_000].lower()
    if "<body" in sample or "<head" in sample:
        return 80
    anchors = sample.count("<a ")
    if anchors >= 3 and sample.count("</a>") >= 3 and re.search(r"</(?:p|li|div|h[1-6])>", sample):
        return 55
    return 0


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read the reading links of a web page (bytes in, :class:`ListToImport` out; no I/O).

    Raises :class:`ImportFormatError` for empty/binary input, a login page, or a page without reading links.
    """
    with paused():
        return _parse(data, source_url=source_url)


def _parse(data: bytes, *, source_url: str | None) -> ListToImport:
    name = source_url or "the page"
    text = _decode(data, source_url)
    from readinglist.importers import bookmarks, pocket

    if pocket.is_pocket(text):  # Pocket's export: its two sections are statuses (before bookmarks: some are both)
        return pocket.read(text, source_url=source_url)
    if bookmarks.is_bookmarks(text):  # a browser's bookmark export: folders nest by <DL>, not by headings
        return bookmarks.read(text, source_url=source_url)
    builder = _TreeBuilder(indexed=_INDEXED)
    try:
        return _read(builder, text, name=name, source_url=source_url)
    finally:
        builder.dismantle()  # the tree goes when the last reference to it does, not at the next collection


def _read(builder: _TreeBuilder, text: str, *, name: str, source_url: str | None) -> ListToImport:
    """The page's tree built by ``builder`` and read into a list."""
    cut: list[str] = []
    try:
        builder.feed(tame(text))
        builder.close()
    except TooDeep as stop:
        cut.append(
            f"elements nested more than {MAX_OPEN:,} deep (tags that are never closed) from line {stop.line:,} on: "
            "the rest of the page was not read"
        )
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything it raises means "not a page"
        raise ImportFormatError(
            f"{name} could not be read as HTML ({exc})", format=NAME, source=source_url
        ) from exc
    root, index = builder.root, builder.by_tag
    base = _base_url(index, source_url)
    title = _page_title(index)
    content = _content_root(root, index)
    collector = _Collector(base, page_url=source_url)
    collector.run(content, index.get("h1", []))
    if _is_login_page(index) and len(collector.items) <= LOGIN_MAX_LINKS:
        raise ImportFormatError(
            f"{name} looks like a login page (a password form and few content links); "
            "import the list's public page or a saved copy of it instead",
            format=NAME,
            source=source_url,
        )
    if not collector.items:
        raise ImportFormatError(
            f"{name} has no reading links (only navigation, images, anchors or site links)",
            format=NAME,
            source=source_url,
        )
    description = _meta(index, "description") or _meta(index, "og:description")
    return ListToImport(
        items=tuple(collector.items),
        title=title,
        description=description,
        source_url=source_url or _canonical_link(index),
        date=_meta(index, "article:published_time") or _time_of(content, index),
        format=NAME,
        warnings=(*collector.warnings, *cut),
    )


# --- page-level facts ----------------------------------------------------------------------------------


def _decode(data: bytes, source_url: str | None) -> str:
    """Text of the page: the shared decoder's checks, then the page's declared charset when UTF-8 does not fit."""
    text = decode(data, format=NAME, source=source_url)
    m = _CHARSET_RE.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            return text
        if codec not in ("utf-8", "utf-16", "utf-32"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    return data.decode(codec).replace("\r\n", "\n")
                except (UnicodeDecodeError, LookupError):
                    return text
    return text


Index = dict[str, list[_Node]]
"""The page's elements by tag, in document order (``_TreeBuilder.by_tag``; ``"[role]"``: elements with a role)."""
_INDEXED = frozenset(["article", "base", "body", "h1", "input", "link", "main", "meta", "time", "title"])
"""The tags the page-level lookups below read from the index."""


def _first(index: Index, tag: str, within: _Node | None = None) -> _Node | None:
    return next((n for n in index.get(tag, ()) if within is None or _inside(n, within)), None)


def _base_url(index: Index, source_url: str | None) -> str | None:
    base = next((n for n in index.get("base", ()) if n.attrs.get("href")), None)
    if base is None:
        return source_url
    href = base.attrs["href"].strip()
    try:
        resolved = urljoin(source_url or "", href)
    except ValueError:
        return source_url
    return resolved if is_web_url(resolved) else source_url


def _page_title(index: Index) -> str | None:
    title = _first(index, "title")
    if title is not None:
        text = _text(title)
        if text:
            return text
    h1 = _first(index, "h1")
    return (_text(h1) or None) if h1 is not None else None


def _meta(index: Index, key: str) -> str | None:
    for n in index.get("meta", ()):
        if key in (n.attrs.get("name", "").lower(), n.attrs.get("property", "").lower()):
            value = " ".join(n.attrs.get("content", "").split())
            if value:
                return value
    return None


def _canonical_link(index: Index) -> str | None:
    for n in index.get("link", ()):
        if "canonical" in n.attrs.get("rel", "").lower().split():
            href = n.attrs.get("href", "").strip()
            if is_web_url(href):
                return href
    return None


def _time_of(content: _Node, index: Index) -> str | None:
    t = _first(index, "time", within=content)
    if t is None:
        return None
    return t.attrs.get("datetime") or _text(t) or None


def _content_root(root: _Node, index: Index) -> _Node:
    articles = index.get("article", [])
    if len(articles) == 1:
        return articles[0]
    mains = [*index.get("main", ()), *(n for n in index.get("[role]", ()) if n.attrs["role"].lower() == "main")]
    if mains:
        return min(mains, key=lambda n: n.seq)
    return _first(index, "body") or root


def _is_login_page(index: Index) -> bool:
    return any(n.attrs.get("type", "").lower() == "password" for n in index.get("input", ()))


# --- links ---------------------------------------------------------------------------------------------


class _Collector:
    """Walks the content root and turns links into items under the heading path."""

    def __init__(self, base: str | None, *, page_url: str | None) -> None:
        self.base = base
        self.page_url = page_url
        self.items: list[ItemToImport] = []
        self.warnings: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.seen: set[tuple[tuple[str, ...], str]] = set()
        self.filter = LinkFilter(base=base, source_url=page_url)
        self.last_block: _Node | None = None
        self.last_row: _Node | None = None
        self.icons: tuple[_Node | None, list[Link]] = (None, [])
        self.title_h1: _Node | None = None
        self.texts = BlockTexts()  # the text around each link, each block cut at its links once
        self.not_content: bool | None = False  # under a Contents/License... heading (None: to be computed)
        self._path: tuple[str, ...] | None = ()  # the topic path of the headings (None: to be computed)

    def run(self, content: _Node, h1s: list[_Node]) -> None:
        """Collect the links of ``content``; ``h1s`` are the page's ``<h1>`` elements (one inside the content is
        the page's title, not a topic)."""
        h1s = [n for n in h1s if _inside(n, content) and not self._inside_skipped(n, content)]
        self.title_h1 = h1s[0] if len(h1s) == 1 else None
        # pre-order, without recursion: an element is read on the way in, a skipped one is left out whole
        pending = [iter(content.children)]
        while pending:
            for cur in pending[-1]:
                if isinstance(cur, str) or _is_skipped(cur):
                    continue
                if cur.tag in _HEADINGS:
                    self._heading(cur)
                elif cur.tag == "a":
                    self._link(cur)
                if cur.children:
                    pending.append(iter(cur.children))
                    break
            else:
                pending.pop()
        self.warnings.extend(self.filter.warnings())
        if self.filter.relative:
            self.warnings.append(
                f"{self.filter.relative} relative link(s) left out: give the page's address (source_url) "
                "to resolve them"
            )

    @staticmethod
    def _inside_skipped(node: _Node, stop: _Node) -> bool:
        cur = node.parent
        while cur is not None and cur is not stop:
            if _is_skipped(cur):
                return True
            cur = cur.parent
        return False

    def _heading(self, node: _Node) -> None:
        if node is self.title_h1:
            self.headings = []
            self.not_content = False
            self._path = ()
            return
        level = _HEADINGS[node.tag]
        text = _text(node).strip(" #¶§🔗")
        if not text:
            return
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))
        self.not_content = None
        self._path = None

    def _skipping(self) -> bool:
        """Under a heading over list infrastructure (License...); a table of contents skips only its own links."""
        last = len(self.headings) - 1
        return any(
            (_NOT_CONTENT_HEADING_RE.match(h) or skipped_section(h)) and (i == last or not _CONTENTS_HEADING_RE.match(h))
            for i, (_, h) in enumerate(self.headings)
        )

    @property
    def path(self) -> tuple[str, ...]:
        """The topic path: the headings over the link, a table of contents left out (made once per heading)."""
        if self._path is None:
            self._path = tuple(t for _, t in self.headings if not _CONTENTS_HEADING_RE.match(t))
        return self._path

    def _resolve(self, href: str, text: str) -> tuple[str, str] | None:
        """The link's URL and its path, or None when it is no item."""
        if href.strip().lower().startswith(("ftp:", "ftps:")):
            return None
        found = self.filter.resolve_with_path(href, text)
        page = self.page_url
        if found is not None and page and "#" in found[0] and found[0].split("#", 1)[0] == page.split("#", 1)[0]:
            return None  # an anchor on this very page
        return found

    def _link(self, node: _Node) -> None:
        if self.not_content is None:  # the headings changed: look at them once, not once per link
            self.not_content = self._skipping()
        if self.not_content:
            return
        href = node.attrs.get("href", "")
        if not href.strip():
            return  # no target: nothing to read (the link rules say so too, and note nothing)
        text = _text(node)
        if not text:
            return  # image-only or empty link
        found = self._resolve(href, text)
        if found is None:
            return
        url, url_path = found
        if _SHARE_TEXT_RE.match(text) or _SHARE_URL_RE.match(url) or _AUTH_PATH_RE.search(url_path):
            return
        if _FOOTER_TEXT_RE.search(text):
            return
        block = enclosing_block(node)
        row = row_of(block)
        before, after = self.texts.around(block, node) if block is not None else ("", "")
        label = text.lower().strip(" ()[]")
        in_li = block is not None and block.tag == "li"
        same_row = bool(self.items) and row is not None and row is self.last_row
        # after the row's item: label and generic links (code, video, alt) are its extra links; in a table row,
        # every later link (alternates, prerequisites, solutions in other columns)
        icon = is_icon(text)
        if same_row and (label in EXTRA_LABELS or is_generic(text) or row.tag == "tr" or icon):
            prev = self.items[-1]
            self.items[-1] = replace(prev, links=prev.links + (Link(text.strip(" ()[]"), url),))
            return
        if icon and row is not None and titled_link_after(row, node):
            # "[📜](local.pdf) [Title](url)": the icon is a copy of the titled link's work
            held = self.icons[1] if self.icons[0] is row else []
            self.icons = (row, [*held, Link("PDF" if urlsplit(url).path.lower().endswith(".pdf") else "copy", url)])
            return
        kind, title = split_kind_tag(text)
        if kind is None and before:
            tag_kind, rest = split_kind_tag(f"{before} \x00")
            if tag_kind is not None and rest == "\x00":
                kind = tag_kind  # "<li>[Paper] <a>Attention</a></li>"
        description: str | None = None
        author = note = published = None
        if title.lower() in _GENERIC_TEXT or (icon if title == text else is_icon(title)):  # an icon: its sentence
            sentence = re.sub(r"\s+([.,;:!?。，；：！？)])", r"\1", f"{before} {text} {after}").strip()
            if sentence != text and len(sentence) <= 120:
                title = sentence  # "Karpathy's build-along is here."
            else:
                title = title_from_url(url)
                description = sentence if sentence != text else None
        elif label in EXTRA_LABELS and before.strip(SEPARATORS) and len(before) <= 150:
            title = before.strip(SEPARATORS)  # "Attention Is All You Need [paper]"
            bold = self.texts.bold_lead(block, title) if block is not None else None
            if bold is not None:  # "<b>Title</b> (2015), Authors [pdf]": the bold part is the title
                title, description = bold, title[len(bold) :].strip(SEPARATORS) or None
            else:  # "Kapania et al. Title. CSCW 2025. [DOI]": a citation, cut into its parts
                author, title, note, published = _citation(title)
        elif in_li and block is not None and self.last_block is not block:
            rest = after.strip(SEPARATORS)
            description = rest or None
        path = self.path
        key = (path, canonical_url(url))
        self.last_block = block
        icons = tuple(self.icons[1]) if self.icons[0] is row and row is not None else ()
        self.icons = (None, [])
        if key in self.seen:
            return
        self.seen.add(key)
        self.last_row = row
        self.items.append(
            ItemToImport(
                title=title,
                url=url,
                section=path,
                kind=kind,
                description=description,
                links=icons,
                author=author,
                note=note,
                published=published,
            )
        )


_CITATION_AUTHORS = re.compile(r"^((?:[^\s.]+\s){1,3}et\s+al\.)\s+(?=\S)")
_CITATION_VENUE = re.compile(r"^(?P<title>.{8,}?[.?!])\s+(?P<venue>[^.?!]{2,60}?\b(?:1[89]|20)\d\d\b[^.?!]{0,20})\.?$")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _citation(text: str) -> tuple[str | None, str, str | None, str | None]:
    """``(author, title, venue, year)`` of a course page's citation before its label link: ``Kapania et al.
    Examining the Ethics of LLM Use. CSCW 2025.`` -> ``("Kapania et al.", "Examining the Ethics of LLM Use",
    "CSCW 2025", "2025")``. The venue is a short last sentence holding one year; text of another shape is the title,
    whole."""
    author = None
    m = _CITATION_AUTHORS.match(text)
    if m:
        author, text = m.group(1), text[m.end() :]
    m = _CITATION_VENUE.match(text)
    if not m:
        return author, text, None, None
    title = m.group("title")
    title = title[:-1] if title.endswith(".") else title
    venue = m.group("venue").strip()
    years = _YEAR.findall(venue)
    return author, title, venue, years[0] if len(years) == 1 else None
