"""Markdown reading lists: the Elicit README shape, awesome lists, curricula, paper lists, and our own checklists.

Rules (markdown-it-py's token tree, never regular expressions over the document):

* The first ``#`` heading before any item is the list title. Every other heading is a topic; the section path is
  the stack of heading texts below the title. A heading that is only a tier marker (``## Beginner``, ``### Tier 2``)
  is not a topic: it sets the tier for everything under it (so a list structured only by tiers sits at the root).
  A marker with a name (``## Phase 1: Foundations``) is both a topic and a tier.
* Tier markers: ``Tier|Level|Stage|Phase|Part N`` (``N+`` allowed, ``Tier 4+`` -> 4 labelled "Tier 4+"), and the
  words Beginner/Basic/Introductory/Elementary/Novice = 1, Intermediate = 2, Advanced/Expert = 3. They count as
  headings, as a paragraph holding only the marker (``**Tier 1**``), or as a ``<details><summary>`` text. Week, Day,
  Module, Lesson and Chapter are sequence, not tiers: they stay ordinary topics. The tier resets at each heading;
  items before any marker are untiered (``None``). Plain ``Tier N`` has no label; other markers keep their text.
* Items: a bullet/ordered item or table row with a link. Title = link text; when the link text is generic ("paper",
  "pdf", "link", "code"...) the bold/plain text before it (or, in a table, the first non-number cell) is the title.
  Other links on the line become :class:`Link` extras (``([video](u))``); a trailing ``(Karpathy)`` is the note;
  the rest of the line after ``-``/``:`` (and continuation lines) is the description; a leading ``✨`` marks new.
* Bare URLs in an item's text count as links (``- Paper: https://arxiv.org/abs/...``); a link whose text is its
  URL, or is generic, takes its title from the text before it; a title from plain text longer than
  :data:`LONG_TITLE` is cut at its first sentence break and the rest describes.
* Nested bullets stay in their parent's topic, after it; a link-less bullet whose children have titled links, a
  ``<details>`` block with a summary that is neither a tier, a repeat of its heading nor "Toggle/Click to expand",
  and a paragraph that is only a bold label name a sub-section. A link-less bullet whose children only carry
  generic or bare links ("- Paper: url", "* 地址：url", "* 简介：...") is one item with those links; so is a
  link-less last item followed by such a list written two spaces short of nesting.
* Tables: one row, one reading column (the first cell with a titled link); each titled link there is an item;
  generic links and links in other columns (alternates, prerequisites, chat) are its extra links. With only
  generic links, the first text cell names the item (its bold part, or the clause before a break).
* A heading followed by a line of nothing but generic links (``🔗 [Link to Course](url)``) is one item titled by
  the heading, in the heading's parent topic.
* Not items: anchor links (``#x``, ``./#x``, ``README.md#x``, the list's own URL + ``#x``, and two or more links
  to headings of one GitHub/GitLab README: a contents list written with absolute URLs), image-only links and
  badges, mailto, links to CONTRIBUTING/LICENSE/CODE_OF_CONDUCT, other links in paragraphs, anything under
  Contents/Contributing/License/Sponsors... headings. Relative links resolve against ``source_url``.
  Raw-HTML links (``<a href>`` inside a table cell or an HTML ``<table>``) are not read.
* Our own checklist syntax (see :mod:`readinglist.export.markdown`): ``- [x] ✨ [Title](url) ([video](u)) (note)
  — *rated 4/5* — *note:* text`` with ``[ ]`` unread, ``[x]`` read, ``[/]`` reading, ``[-]`` skipped; a checkbox
  item without a link imports by its (bold) title (``- [ ] **Title** ([video](u))``: no URL, one extra link); a
  continuation line is the description.
* Entries are kept exactly as listed, duplicates included; a URL under two different titles adds a warning.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.types import ItemToImport, Link, ListToImport, Status

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

NAME = "markdown"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")

CHECKBOXES: dict[str, Status] = {
    " ": Status.UNREAD,
    "x": Status.READ,
    "X": Status.READ,
    "/": Status.READING,
    "-": Status.SKIPPED,
}
"""Checkbox character -> status, as our exporter writes them (``[ ]``, ``[x]``, ``[/]``, ``[-]``)."""

NEW_MARKERS = ("✨", "🆕")

GENERIC_LINK_TEXTS = frozenset(
    (
        "link",
        "links",
        "paper",
        "pdf",
        "code",
        "arxiv",
        "github",
        "video",
        "slides",
        "website",
        "web",
        "project",
        "blog",
        "post",
        "here",
        "this",
        "url",
        "html",
        "source",
        "repo",
        "repository",
        "demo",
        "doi",
        "bib",
        "bibtex",
        "abs",
        "abstract",
        "openreview",
        "talk",
        "youtube",
        "notes",
        "book",
        "article",
        "site",
        "homepage",
        "official",
        "download",
        "read",
        "poster",
        "data",
        "dataset",
        "colab",
        "notebook",
        "tweet",
        "thread",
        "preprint",
        "page",
        "more",
        "course",
        "materials",
        "lecture",
        "playlist",
        "alt",
        "mirror",
        "chat",
        "discord",
    )
)
"""Link texts that name the kind of link, not the resource: the title then comes from the text around it."""

SKIPPED_SECTIONS = frozenset(
    (
        "contents",
        "table of contents",
        "toc",
        "index",
        "contributing",
        "contribute",
        "how to contribute",
        "contribution guidelines",
        "contributors",
        "contribution",
        "license",
        "licence",
        "code of conduct",
        "sponsors",
        "backers",
        "acknowledgements",
        "acknowledgments",
        "star history",
        "footnotes",
        "table of content",
    )
)
"""Headings whose items are list infrastructure, not reading (compared lower-case, without trailing colon)."""

_INFRA_FILES = frozenset(
    {
        "contributing.md",
        "contributing",
        "license",
        "license.md",
        "license.txt",
        "licence",
        "licence.md",
        "code_of_conduct.md",
        "code-of-conduct.md",
        "security.md",
    }
)
_BADGE_HOSTS = ("shields.io", "badge.fury.io", "badgen.net", "travis-ci.org", "travis-ci.com", "codecov.io")

_NUMBERED_TIER = re.compile(
    r"(?P<word>tier|level|stage|phase|part)\s*(?P<n>\d{1,3})(?P<plus>\+)?(?:\s*[:.\-–—)]\s*(?P<name>\S.*))?",
    re.IGNORECASE,
)
_WORD_TIER = re.compile(
    r"(?P<word>beginners?|basic|introductory|elementary|novice|intermediate|advanced|expert)"
    r"(?:[\s-]+(?:level|tier|track))?(?:\s*[:.\-–—]\s*(?P<name>\S.*))?",
    re.IGNORECASE,
)
_WORD_TIERS = {"intermediate": 2, "advanced": 3, "expert": 3}

_CHECKBOX = re.compile(r"\s*\[([ xX/\-])\]\s+")
_SEQUENCE_CELL = re.compile(
    r"(?:(?:week|day|module|lesson|unit|chapter|part|session|lecture|class)\s*)?#?\d{1,4}[a-z]?\.?",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\x00(\d+)\x01")
_WRAPPED_LINKS = re.compile(r"[\[(]((?:\s*\x00\d+\x01\s*[,;/|·]?)+)\s*[\])]")
_LINK_LEFTOVER = re.compile(r"\s*[,;/|·]?\s*\x00\d+\x01")
_RATED = re.compile(r"rated\s+(\d+)\s*/\s*5")
_DETAILS = re.compile(
    r"<details\b[^>]*>|</details\s*>|<summary\b[^>]*>(?P<summary>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")
_SAFE_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*\Z")
_BARE_URL = re.compile(r"https?://[!-~]+")
"""A URL written out in plain text (GitHub links these): printable ASCII only, so CJK text right after it stops it."""
_URL_TAIL = ".,;:!?'\"*_"
_GENERIC_PREFIX = re.compile(
    r"^(?:(?:click|link|links|watch|read|view|open|see|go|full|the|to|on|at|for)\s+)+"
)
_SHORTCODE = re.compile(r"^(?::[a-z0-9_+\-]+:\s*)+")
_GENERIC_SUMMARY = re.compile(r"(?:click|toggle|show|expand|view|see|open|hide)\b", re.IGNORECASE)
_SELF_README = re.compile(
    r"https?://(?:www\.)?(?:github|gitlab)\.com/([^/?#]+/[^/?#]+?)(?:\.git)?"
    r"(?:/(?:-/)?(?:blob|tree)/[^/?#]+/readme(?:\.md|\.markdown)?)?/?(?:\?[^#]*)?#.+",
    re.IGNORECASE,
)
"""A link into a GitHub/GitLab README's own headings: what a list's table of contents written with absolute URLs
looks like."""
_TITLE_BREAKS = (("  ",), ("; ", "；", ". ", "。"), (" – ", " — ", " - "), (": ", "："))
"""Where a long text title is cut, best first: a run of spaces (a lost line break), a sentence end, a dash, a
colon; the earliest cut of the first kind found wins."""
LONG_TITLE = 120
"""A title taken from plain text (not from link text) longer than this is cut at its first sentence break."""
_LEAD_TRIM = " \t-–—:：|,;[](*_"
_DESC_TRIM = " \t-–—:|,;"


@dataclass(frozen=True)
class TierMarker:
    """A recognised tier marker: ``tier`` number, ``label`` (``None`` for plain ``Tier N``), trailing ``name``."""

    tier: int
    label: str | None
    name: str | None = None


def tier_marker(text: str) -> TierMarker | None:
    """Read ``"Tier 2"``, ``"Tier 4+"``, ``"Level 3"``, ``"Beginner"``, ``"Phase 1: Basics"``; else ``None``.

    The whole text must be the marker (optionally followed by ``:``/``-`` and a name): ``"Advanced topics"`` and
    ``"Week 3"`` are not tiers.
    """
    text = " ".join(text.split()).strip().rstrip(":").strip()
    m = _NUMBERED_TIER.fullmatch(text)
    if m:
        tier = int(m.group("n"))
        marker = text[: m.start("name")].rstrip(" :.-–—)") if m.group("name") else text
        plain = m.group("word").lower() == "tier" and not m.group("plus") and marker == f"Tier {tier}"
        return TierMarker(tier, None if plain else marker, m.group("name"))
    m = _WORD_TIER.fullmatch(text)
    if m:
        tier = _WORD_TIERS.get(m.group("word").lower(), 1)
        marker = text[: m.start("name")].rstrip(" :.-–—") if m.group("name") else text
        return TierMarker(tier, marker, m.group("name"))
    return None


def collapse(text: str) -> str:
    """Whitespace runs to one space, ends stripped: how every imported text field is normalised."""
    return " ".join(text.split())


# --- sniffing ------------------------------------------------------------------------------------------------

_SNIFF_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_SNIFF_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+.*\[[^\]\n]+\]\([^)\s]+\)")
_SNIFF_HEADING = re.compile(r"^#{1,6}\s+\S")
_SNIFF_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[[ xX/\-]\]\s")


def sniff(text: str) -> int:
    """0..100: how sure we are, from the content alone, that ``text`` is a Markdown reading list.

    Looks at the first 2,000 lines for Markdown headings, list items carrying ``[text](url)`` links, table rows
    with links and checkboxes. Documents that open like JSON, XML/HTML, BibTeX or CSV score 0.
    """
    head = text.lstrip("\ufeff \t\n")[:200].lower()
    if head.startswith(("{", "[{", "<?xml", "<!doctype", "<html", "<rss", "<feed", "<opml", "@")):
        return 0
    lines = text.splitlines()[:2000]
    headings = sum(1 for line in lines if _SNIFF_HEADING.match(line))
    items = sum(1 for line in lines if _SNIFF_ITEM.match(line))
    rows = sum(1 for line in lines if line.lstrip().startswith("|") and _SNIFF_LINK.search(line))
    checks = sum(1 for line in lines if _SNIFF_CHECKBOX.match(line))
    links = sum(1 for line in lines if _SNIFF_LINK.search(line))
    score = 0
    if headings:
        score += 25 if headings >= 2 else 15
    if items + rows >= 5:
        score += 55
    elif items + rows:
        score += 35
    elif links:
        score += 15
    if checks:
        score += 15
    return min(score, 100)


# --- the parse -----------------------------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    slow = md.normalizeLink

    def normalize_link(url: str) -> str:
        """markdown-it's percent-encoding and punycode, skipped for URLs that are already plain ASCII: they come
        back unchanged anyway, and the full path is a third of the parse time on link-dense lists."""
        return url if _SAFE_URL.match(url) else slow(url)

    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    return md


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Parse a Markdown reading list into a :class:`ListToImport` (see the module docstring for the rules).

    Raises :class:`ImportFormatError` for empty/binary input and when the document has no item at all.
    """
    text = decode(data, format=NAME, source=source_url)
    from markdown_it.tree import SyntaxTreeNode

    try:
        tree = SyntaxTreeNode(_markdown().parse(text))
    except RecursionError as exc:  # pragma: no cover - markdown-it caps nesting; kept as a last guard
        raise ImportFormatError(
            f"{source_url or 'input'} nests too deeply to read as Markdown", format=NAME, source=source_url
        ) from exc
    walker = _Walker(source_url)
    walker.blocks(tree.children)
    walker.items = _without_self_links(walker.items)
    if not walker.items:
        raise ImportFormatError(
            f"{source_url or 'input'} has no links to import: no list item or table row carries a [title](url) link",
            format=NAME,
            source=source_url,
        )
    return ListToImport(
        items=tuple(walker.items),
        title=walker.title,
        source_url=source_url,
        format=NAME,
        warnings=tuple(walker.warnings()),
    )


def _same_document(href: str, source_url: str) -> bool:
    """Whether ``href`` (with a ``#fragment``) points into the document at ``source_url`` itself."""
    try:
        target = urljoin(source_url, href)
        return (
            urlsplit(target)._replace(fragment="").geturl()
            == urlsplit(source_url)._replace(fragment="").geturl()
        )
    except ValueError:
        return False


def _without_self_links(items: list[ItemToImport]) -> list[ItemToImport]:
    """Items minus a table of contents written with absolute URLs into the list's own README.

    ``https://github.com/o/r/blob/main/README.md#section`` or ``https://github.com/o/r?tab=readme-ov-file#section``:
    when two or more items point at different headings of the same repository's README, those links are the
    README's own navigation (dair-ai/ML-YouTube-Courses, aishwaryanr/awesome-generative-ai-guide), not reading.
    A single ``#readme`` link to another repository stays an item.
    """
    anchors: dict[str, set[str]] = {}
    keys: list[str | None] = []
    for item in items:
        m = _SELF_README.fullmatch(item.url or "")
        fragment = (item.url or "").rpartition("#")[2].lower()
        key = m.group(1).lower() if m and fragment not in ("readme", "") else None
        keys.append(key)
        if key is not None:
            anchors.setdefault(key, set()).add(fragment)
    return [item for item, key in zip(items, keys) if key is None or len(anchors[key]) < 2]


@dataclass(frozen=True)
class _Piece:
    """One inline element of a line, flattened: text, strong text, a link, a line break or a progress marker."""

    kind: str  # "text" | "strong" | "link" | "break" | "rated" | "note"
    text: str = ""
    href: str = ""
    image_only: bool = False


def _plain(node: SyntaxTreeNode) -> str:
    """The visible text of an inline node and its descendants (images and raw HTML dropped)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type in ("image", "html_inline"):
        return ""
    return "".join(_plain(child) for child in node.children)


def _has_link(node: SyntaxTreeNode) -> bool:
    return node.type == "link" or any(_has_link(child) for child in node.children)


def _inline(node: SyntaxTreeNode | None) -> list[SyntaxTreeNode]:
    """The inline children of a block that holds text (paragraph, heading, table cell)."""
    if node is None:
        return []
    for child in node.children:
        if child.type == "inline":
            return list(child.children)
    return []


def _flatten(nodes: Iterable[SyntaxTreeNode]) -> list[_Piece]:
    out: list[_Piece] = []
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline"):
            out.append(_Piece("text", node.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(_Piece("break"))
        elif kind == "link":
            kids = [k for k in node.children if not (k.type == "text" and not k.content.strip())]
            image_only = bool(kids) and all(k.type == "image" for k in kids)
            href = str(node.attrs.get("href") or "")
            text = collapse(_plain(node))
            if text in (
                href,
                href.removeprefix("mailto:"),
            ):  # <https://...> or [url](url): no title of its own
                text = ""
            out.append(_Piece("link", text, href, image_only))
        elif kind in ("strong", "em"):
            if _has_link(node):
                out.extend(_flatten(node.children))
                continue
            content = collapse(_plain(node))
            rated = _RATED.fullmatch(content) if kind == "em" else None
            if rated:
                out.append(_Piece("rated", rated.group(1)))
            elif kind == "em" and content == "note:":
                out.append(_Piece("note"))
            else:
                out.append(_Piece("strong" if kind == "strong" else "text", _plain(node)))
        elif kind in ("image", "html_inline"):
            continue
        else:
            out.extend(_flatten(node.children))
    return out


@dataclass
class _Line:
    """What one list item line (or table row) says, before it becomes an item."""

    status: Status | None = None
    new: bool = False
    title: str = ""
    url: str | None = None
    links: list[Link] = field(default_factory=list)
    note: str | None = None
    description: str | None = None
    rating: int | None = None
    progress_note: str | None = None
    text: str = ""  # the whole visible line, for group labels
    link_syntax: bool = False  # the line had a link, even one that is not an item (anchor, badge)


@dataclass
class _Frame:
    """A level of structure below a heading: the heading itself (root) or a ``<details>`` block."""

    group: str | None = None
    label: str | None = None
    tier: TierMarker | None = None


@dataclass
class _Heading:
    level: int
    text: str
    topic: bool
    tier: TierMarker | None


def _generic(text: str) -> bool:
    """Link text that names the kind of link ("paper", "Link to Course", "Click Here"), not the resource."""
    plain = collapse(text).strip("[]()<>.:!*🔗 ").lower()
    if not plain or plain in GENERIC_LINK_TEXTS:
        return True
    rest = _GENERIC_PREFIX.sub("", plain)
    return rest != plain and (not rest or rest in GENERIC_LINK_TEXTS)


def _linkify(pieces: list[_Piece]) -> list[_Piece]:
    """Text pieces with bare ``https://...`` URLs split out as link pieces without text (GitHub renders them as
    links; lists such as "- Paper: https://arxiv.org/abs/..." rely on that)."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.kind != "text" or "://" not in piece.text:
            out.append(piece)
            continue
        at = 0
        for m in _BARE_URL.finditer(piece.text):
            url = m.group(0).rstrip(_URL_TAIL)
            while url.endswith((")", "]")) and url.count(url[-1]) > url.count("(" if url[-1] == ")" else "["):
                url = url[:-1].rstrip(_URL_TAIL)
            if m.start() > at:
                out.append(_Piece("text", piece.text[at : m.start()]))
            out.append(_Piece("link", "", url))
            at = m.start() + len(url)
        if at < len(piece.text):
            out.append(_Piece("text", piece.text[at:]))
    return out


def split_title(text: str, limit: int = LONG_TITLE) -> tuple[str, str | None]:
    """A long title cut at its first sentence break: ``(title, rest)``; short titles come back whole.

    Lists that have no link text ("1. GoogleAI introduces Muse, a new ...; significantly more efficient ...")
    give whole paragraphs; the first clause is the title, the rest becomes the description.
    """
    text = text.strip()
    if len(collapse(text)) <= limit:
        return collapse(text), None
    for kind in _TITLE_BREAKS:
        cuts = [i for i in (text.find(b, 8) for b in kind) if 8 <= i <= limit]
        if cuts:
            break
    else:
        return collapse(text), None
    at = min(cuts)
    title = collapse(text[:at]).rstrip(".。")
    rest = collapse(text[at:]).lstrip(_DESC_TRIM + ".。；：;")
    return title, rest or None


def _is_balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


class _Walker:
    """Walks the block tree once, in document order, keeping the heading stack, frames and the items found."""

    def __init__(self, source_url: str | None) -> None:
        self.source_url = source_url
        self.title: str | None = None
        self.items: list[ItemToImport] = []
        self.headings: list[_Heading] = []
        self.frames: list[_Frame] = [_Frame()]
        self.relative_links = 0
        self.items_at_heading = 0
        self.pending: tuple[_Line, tuple[str, ...]] | None = None
        """The last item of the list just walked, when it had no link and no sub-list: the next list, written
        under-indented ("1. Text" then "  - Paper: url", two spaces short of nesting), may carry its links."""

    # -- structure --

    def section(self, extra: Sequence[str] = (), *, without_last_heading: bool = False) -> tuple[str, ...]:
        headings = self.headings[:-1] if without_last_heading else self.headings
        path = [h.text for h in headings if h.topic]
        for frame in self.frames:
            path.extend(p for p in (frame.group, frame.label) if p)
        return tuple(path) + tuple(extra)

    def tier(self) -> TierMarker | None:
        for frame in reversed(self.frames):
            if frame.tier is not None:
                return frame.tier
        for heading in reversed(self.headings):
            if heading.tier is not None:
                return heading.tier
        return None

    def skipping(self) -> bool:
        return any(h.text.lower().rstrip(":").strip() in SKIPPED_SECTIONS for h in self.headings)

    def blocks(self, nodes: Iterable[SyntaxTreeNode]) -> None:
        for node in nodes:
            kind = node.type
            pending, self.pending = self.pending, None
            if kind == "heading":
                self.heading(node)
            elif kind == "paragraph":
                self.paragraph(node)
            elif kind in ("bullet_list", "ordered_list"):
                if not self.skipping():
                    merged = self.absorb(pending[0], [node]) if pending else None
                    if merged is not None and pending is not None:
                        self.add(merged, pending[1])
                    else:
                        self.list(node, self.section())
            elif kind == "table":
                if not self.skipping():
                    self.table(node)
            elif kind == "html_block":
                self.html(node.content)
            elif kind == "blockquote":
                self.blocks(node.children)

    def heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 6
        text = _SHORTCODE.sub("", collapse("".join(_plain(n) for n in _inline(node))))
        self.frames = [_Frame()]
        self.items_at_heading = len(self.items)
        if (
            self.title is None
            and level == 1
            and not self.items
            and not self.headings
            and text.lower().rstrip(":").strip() not in SKIPPED_SECTIONS
        ):
            self.title = text or None
            return
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        marker = tier_marker(text) if text else None
        topic = bool(text) and (marker is None or marker.name is not None)
        self.headings.append(_Heading(level, text, topic, marker))

    def paragraph(self, node: SyntaxTreeNode) -> None:
        nodes = [n for n in _inline(node) if not (n.type == "text" and not n.content.strip())]
        text = collapse("".join(_plain(n) for n in nodes))
        if not text:
            return
        bold_label = len(nodes) == 1 and nodes[0].type in ("strong", "em") and not _has_link(nodes[0])
        marker = tier_marker(text)
        if marker is not None and (marker.name is None or bold_label):
            label = marker.label if marker.name is None else text.rstrip(":").strip()
            self.frames[-1].tier = TierMarker(marker.tier, label)
        elif bold_label and len(text) <= 100:
            self.frames[-1].label = text.rstrip(":").strip() or None
        elif not self.skipping():
            self.heading_link(_flatten(nodes))

    def heading_link(self, pieces: list[_Piece]) -> None:
        """``## Course name`` then a line that is only ``🔗 [Link to Course](url)``: the heading names the item.

        Only when the line has nothing but generic links (and decoration or a parenthesised remark) and the
        heading has no item yet; the item sits in the heading's parent topic.
        """
        if len(self.items) != self.items_at_heading or not self.headings or not self.headings[-1].topic:
            return
        words = "".join(p.text for p in pieces if p.kind in ("text", "strong"))
        remarks = re.findall(r"\(([^()]*)\)", words)
        if re.search(r"\w", re.sub(r"\([^()]*\)", "", words)):
            return
        shown = [p for p in pieces if p.kind == "link" and not p.image_only]
        if not shown or not all(_generic(p.text) for p in shown):
            return
        links = [(p.text, url) for p in shown if (url := self.resolve(p.href)) is not None]
        if not links:
            return
        heading = self.headings[-1]
        self.items_at_heading = -1  # one item per heading
        marker = self.tier()
        self.items.append(
            ItemToImport(
                title=heading.text,
                url=links[0][1],
                section=self.section(without_last_heading=True),
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                description=collapse(" ".join(remarks)) or None,
                links=tuple(Link(collapse(t) or u, u) for t, u in links[1:]),
            )
        )

    def html(self, content: str) -> None:
        for m in _DETAILS.finditer(content):
            token = m.group(0).lower()
            if token.startswith("</details"):
                if len(self.frames) > 1:
                    self.frames.pop()
            elif token.startswith("<details"):
                self.frames.append(_Frame())
            else:
                if len(self.frames) == 1:
                    self.frames.append(_Frame())
                summary = collapse(html.unescape(_TAG.sub("", m.group("summary") or ""))).strip("*_ ")
                marker = tier_marker(summary) if summary else None
                if marker is not None:
                    label = marker.label if marker.name is None else summary
                    self.frames[-1].tier = TierMarker(marker.tier, label)
                elif not self.plain_summary(summary):
                    self.frames[-1].group = summary.rstrip(":").strip() or None

    def plain_summary(self, summary: str) -> bool:
        """A summary that only says "click to expand" or repeats its heading names no group."""
        if not summary or _GENERIC_SUMMARY.match(summary):
            return True
        inner = next((h.text for h in reversed(self.headings) if h.topic), None)
        return inner is not None and inner.casefold().strip(" :") == summary.casefold().strip(" :")

    # -- items --

    def add(self, line: _Line, section: tuple[str, ...]) -> int:
        marker = self.tier()
        self.items.append(
            ItemToImport(
                title=line.title,
                url=line.url,
                section=section,
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                note=line.note,
                description=line.description,
                links=tuple(line.links),
                new=line.new,
                status=line.status,
                rating=line.rating,
                progress_note=line.progress_note,
            )
        )
        return len(self.items) - 1

    def list(self, node: SyntaxTreeNode, section: tuple[str, ...]) -> None:
        items = [item for item in node.children if item.type == "list_item"]
        for item in items:
            self.list_item(item, section)
        self.pending = None
        if items and len(items[-1].children) == 1 and items[-1].children[0].type == "paragraph":
            pieces = _flatten(_inline(items[-1].children[0]))
            if not any(p.kind == "link" for p in pieces):
                line = self.line(pieces)
                if line.url is None and line.status is None and line.text:
                    self.pending = (line, section)

    def list_item(self, node: SyntaxTreeNode, section: tuple[str, ...]) -> None:
        first = node.children[0] if node.children and node.children[0].type == "paragraph" else None
        line = self.line(_flatten(_inline(first)))
        nested = [c for c in node.children if c.type in ("bullet_list", "ordered_list")]
        if line.url is not None or (line.status is not None and line.title):
            index = self.add(line, section)
            extra: list[str] = []
            for sub in nested:
                for child in sub.children:
                    text = self.loose_text(child)
                    if text is not None:
                        extra.append(text)
                    else:
                        self.list_item(child, section)
            if extra:
                parts = [p for p in (self.items[index].description, *extra) if p]
                self.items[index] = replace(self.items[index], description=" ".join(parts))
            return
        if nested and line.status is None and line.text and not line.link_syntax:
            merged = self.absorb(line, nested)
            if merged is not None:
                self.add(merged, section)
                return
        label = line.text.rstrip(":").strip()
        if nested and label and not line.link_syntax:
            section = section + (label,)
        for sub in nested:
            self.list(sub, section)

    def absorb(self, line: _Line, nested: list[SyntaxTreeNode]) -> _Line | None:
        """A link-less item whose sub-bullets only give its links and notes is one item, not a topic.

        ``1. GoogleAI introduces Muse ...`` + ``- Paper: https://arxiv.org/...`` or ``* ChatGLM：`` + ``* 地址：https://...``
        + ``* 简介：...``. Every child must be a plain bullet whose links are generic or bare URLs; a child with a
        real link title ("- [Containers](url)") means the parent is a group label instead (``None``).
        """
        links: list[Link] = []
        words: list[str] = []
        for sub in nested:
            for child in sub.children:
                if child.type != "list_item":
                    continue
                if len(child.children) != 1 or child.children[0].type != "paragraph":
                    return None
                pieces = _linkify(_flatten(_inline(child.children[0])))
                text = collapse("".join(p.text for p in pieces if p.kind in ("text", "strong")))
                found = [p for p in pieces if p.kind == "link"]
                if not found:
                    if _CHECKBOX.match(text + " "):
                        return None
                    words.append(text)
                    continue
                if any(not _generic(p.text) for p in found):
                    return None
                label = text.strip(_DESC_TRIM + "：")
                for piece in found:
                    url = None if piece.image_only else self.resolve(piece.href)
                    if url is not None:
                        links.append(Link(collapse(piece.text) or label or url, url))
        if not links:
            return None
        title, rest = split_title(line.text.rstrip(":：").strip())
        return _Line(
            title=title,
            url=links[0].url,
            links=links[1:],
            description=" ".join(w for w in (rest, *words) if w) or None,
            new=line.new,
        )

    def loose_text(self, node: SyntaxTreeNode) -> str | None:
        """The text of a child bullet that only adds words to its parent (no link, no checkbox, no children)."""
        if len(node.children) != 1 or node.children[0].type != "paragraph":
            return None
        pieces = _flatten(_inline(node.children[0]))
        if any(p.kind == "link" for p in pieces):
            return None
        text = collapse("".join(p.text if p.kind != "break" else " " for p in pieces))
        if not text or _CHECKBOX.match(text + " "):
            return None
        return text

    def resolve(self, href: str) -> str | None:
        """The item URL for a link target, or ``None`` when the link is not an item (anchor, badge, infra)."""
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        try:
            parts = urlsplit(href)
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme in ("mailto", "tel", "javascript", "data"):
            return None
        if (
            parts.fragment
            and not scheme
            and not parts.netloc
            and parts.path.strip("./").lower() in ("", "readme.md", "readme", "readme.markdown", "index.md")
        ):
            return None  # "./#section": this document's own table of contents
        host = (parts.hostname or "").lower() if scheme else ""
        if any(host == h or host.endswith("." + h) for h in _BADGE_HOSTS):
            return None
        last = parts.path.rstrip("/").rsplit("/", 1)[-1].lower()
        if last in _INFRA_FILES or host.endswith("creativecommons.org"):
            return None
        if parts.fragment and self.source_url and _same_document(href, self.source_url):
            return None
        if not scheme and not href.startswith("//"):
            if self.source_url:
                try:
                    return urljoin(self.source_url, href)
                except ValueError:
                    return href
            self.relative_links += 1
        return href

    def line(self, pieces: list[_Piece]) -> _Line:
        """Read one item line: checkbox, sparkle, links, title, note, description and our progress markers."""
        result = _Line()
        first_break = next((i for i, p in enumerate(pieces) if p.kind == "break"), len(pieces))
        head, tail = pieces[:first_break], pieces[first_break + 1 :]
        marker_at = next((i for i, p in enumerate(head) if p.kind in ("rated", "note")), len(head))
        head, progress = head[:marker_at], head[marker_at:]
        self.progress(progress, result)
        boxed = bool(head) and head[0].kind == "text" and _CHECKBOX.match(head[0].text + " ") is not None
        if not boxed and not any(p.kind == "link" for p in head):
            head = _linkify(head)

        links: list[tuple[str, str]] = []
        buf: list[str] = []
        for piece in head:
            if piece.kind == "link":
                result.link_syntax = True
                url = None if piece.image_only else self.resolve(piece.href)
                if url is not None:
                    buf.append(f"\x00{len(links)}\x01")
                    links.append((piece.text, url))
            elif piece.kind == "strong":
                buf.append(f"\x02{piece.text}\x03")
            elif piece.kind == "text":
                buf.append(piece.text)
        line = "".join(buf)
        box = _CHECKBOX.match(line)
        if box:
            result.status = CHECKBOXES[box.group(1)]
            line = line[box.end() :]
        line = line.lstrip()
        for sparkle in NEW_MARKERS:
            if line.startswith(sparkle):
                result.new = True
                line = line[len(sparkle) :].lstrip()
                break
        result.text = collapse(_PLACEHOLDER.sub("", line).replace("\x02", "").replace("\x03", ""))
        continuation = collapse("".join(p.text for p in tail if p.kind in ("text", "strong", "link")))

        if links and result.status is not None and re.match(r"\x02[^\x03]*\x03\s*\(\s*\x000\x01", line):
            # our checklist's entry without URL but with extra links: "- [ ] **Title** ([video](u))"
            title, _, rest = _WRAPPED_LINKS.sub(lambda m: m.group(1), line)[1:].partition("\x03")
            result.title = collapse(title)
            result.links = [Link(t or u, u) for t, u in links]
            rest = _LINK_LEFTOVER.sub("", rest).replace("\x02", "").replace("\x03", "")
            self.note_and_description(collapse(rest), result, [continuation])
        elif links:
            line = _WRAPPED_LINKS.sub(lambda m: m.group(1), line)
            raw_lead, _, rest = line.partition("\x000\x01")
            lead = collapse(raw_lead.replace("\x02", "").replace("\x03", "")).strip(_LEAD_TRIM)
            text, url = links[0]
            result.url = url
            if (_generic(text) and lead) or not text:
                # "**Title.** *Authors.* Venue. [[paper](url)]": the bold part is the title, the rest describes
                bold = re.search(r"\x02([^\x02\x03]*\S[^\x02\x03]*)\x03", raw_lead)
                if bold:
                    result.title = collapse(bold.group(1)).rstrip(".").strip()
                    left = raw_lead[: bold.start()] + raw_lead[bold.end() :]
                    lead = collapse(left.replace("\x02", "").replace("\x03", "")).strip(_LEAD_TRIM)
                elif lead and result.status is None:
                    result.title, more = split_title(lead)
                    lead = more or ""
                else:
                    result.title, lead = lead or url, ""
            else:
                result.title = _SHORTCODE.sub("", text) or text
            result.links = [Link(t or u, u) for t, u in links[1:]]
            rest = _LINK_LEFTOVER.sub("", rest).replace("\x02", "").replace("\x03", "")
            self.note_and_description(collapse(rest), result, [lead, continuation])
        elif result.status is not None:
            if line.startswith("\x02") and "\x03" in line:
                title, _, rest = line[1:].partition("\x03")
            else:
                title, rest = line, ""
            result.title = collapse(title.replace("\x02", "").replace("\x03", ""))
            rest = collapse(rest.replace("\x02", "").replace("\x03", ""))
            self.note_and_description(rest, result, [continuation])
        return result

    @staticmethod
    def progress(pieces: list[_Piece], result: _Line) -> None:
        """Our exporter's suffix: ``— *rated N/5*`` and ``— *note:* text`` (the note runs to the line's end)."""
        note_at = None
        for i, piece in enumerate(pieces):
            if piece.kind == "rated" and note_at is None:
                result.rating = int(piece.text)
            elif piece.kind == "note" and note_at is None:
                note_at = i
        if note_at is not None:
            words = "".join(p.text for p in pieces[note_at + 1 :] if p.kind in ("text", "strong", "link"))
            result.progress_note = collapse(words) or None

    @staticmethod
    def note_and_description(rest: str, result: _Line, more: list[str]) -> None:
        """``(Karpathy)`` alone is a note; ``(note) more`` splits; anything else is description."""
        rest = rest.strip().rstrip("—").strip()
        if (
            rest.startswith("(")
            and rest.endswith(")")
            and (result.status is not None or _is_balanced(rest[1:-1]))
        ):
            result.note = collapse(rest[1:-1]) or None
            rest = ""
        elif rest.startswith("("):
            depth = 0
            for i, ch in enumerate(rest):
                depth += (ch == "(") - (ch == ")")
                if depth == 0:
                    result.note = collapse(rest[1:i]) or None
                    rest = rest[i + 1 :]
                    break
        parts = [re.sub(r"^\.\s+", "", collapse(rest)).lstrip(_DESC_TRIM), *(collapse(p) for p in more)]
        result.description = " ".join(p for p in parts if p) or None

    def table(self, node: SyntaxTreeNode) -> None:
        headers: list[str] = []
        rows: list[SyntaxTreeNode] = []
        for part in node.children:
            for row in part.children:
                if part.type == "thead":
                    headers = [collapse("".join(_plain(n) for n in _inline(cell))) for cell in row.children]
                else:
                    rows.append(row)
        for row in rows:
            self.table_row([_flatten(_inline(cell)) for cell in row.children], headers)

    def table_row(self, cells: list[list[_Piece]], headers: list[str]) -> None:
        """One row: the first cell with a titled link is the reading column and each titled link there is an item;
        generic links, and every link in the other columns (alternates, prerequisites, chat), are its extras.

        When the row has only generic links ("| 1) **Title** - summary | [Paper](u), [Tweet](u) |"), the first
        becomes the item, titled by the first text cell (its bold part, or its first clause when it is long).
        """
        texts = [collapse("".join(p.text for p in cell if p.kind in ("text", "strong"))) for cell in cells]
        resolved = [
            [
                (p, url)
                for p in cell
                if p.kind == "link" and not p.image_only and (url := self.resolve(p.href))
            ]
            for cell in cells
        ]
        title_cell = next(
            (
                i
                for i, t in enumerate(texts)
                if t and not resolved[i] and not _SEQUENCE_CELL.fullmatch(t) and not _CHECKBOX.match(t + " ")
            ),
            None,
        )
        described = [
            f"{headers[i]}: {t}" if i < len(headers) and headers[i] else t
            for i, t in enumerate(texts)
            if t and not resolved[i] and i != title_cell
        ]
        cell_title, cell_rest = self.cell_title(cells[title_cell]) if title_cell is not None else ("", None)
        description = "; ".join(([cell_rest] if cell_rest else []) + described) or None
        main = next(
            (i for i, links in enumerate(resolved) if any(not _generic(p.text) for p, _ in links)),
            next((i for i, links in enumerate(resolved) if links), None),
        )
        if main is None:
            return
        found: list[_Line] = []
        for piece, url in resolved[main]:
            if found and _generic(piece.text):
                found[-1].links.append(Link(piece.text or url, url))
                continue
            title = piece.text
            if _generic(title) and cell_title:
                title = cell_title
            found.append(_Line(title=title or url, url=url, description=description))
        for i, links in enumerate(resolved):
            if i != main:
                found[-1].links.extend(Link(p.text or url, url) for p, url in links)
        for line in found:
            self.add(line, self.section())

    @staticmethod
    def cell_title(cell: list[_Piece]) -> tuple[str, str | None]:
        """The title a text cell gives an item: its bold part, else its first clause; the rest describes."""
        strong = next((p.text for p in cell if p.kind == "strong" and collapse(p.text)), None)
        raw = "".join(p.text for p in cell if p.kind in ("text", "strong"))
        raw = re.sub(r"^\s*\(?\d{1,4}[).]\s+", "", raw)  # "1) Title" numbering
        if strong is not None:
            title = collapse(strong).rstrip(".:").strip()
            rest = collapse(raw.replace(strong, "", 1)).lstrip(_DESC_TRIM)
            return title, rest or None
        return split_title(raw)

    def warnings(self) -> list[str]:
        titles: dict[str, list[str]] = {}
        for item in self.items:
            if item.url:
                seen = titles.setdefault(item.url, [])
                if item.title not in seen:
                    seen.append(item.title)
        out = [
            f"{url} appears under {len(names)} different titles ({'; '.join(repr(n) for n in names)}); "
            "they are kept as separate entries"
            for url, names in titles.items()
            if len(names) > 1
        ]
        if self.relative_links:
            out.append(
                f"{self.relative_links} relative link(s) kept as written; give the list's URL to resolve them"
            )
        return out
