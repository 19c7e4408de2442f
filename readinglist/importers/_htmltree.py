"""The forgiving element tree the HTML importer walks (see :mod:`readinglist.importers.html`).

The page is parsed with the standard library's :class:`html.parser.HTMLParser` into a small element tree, with the
usual implied end tags (a new ``<li>`` closes the open one, a block closes an open ``<p>``), then walked without
recursion, so deep or broken markup cannot blow the stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from readinglist.htmlguard import VOID_ELEMENTS

MAX_DEPTH = 400
"""Elements nested deeper than this are attached to the element at this depth (hostile or broken markup)."""
MAX_OPEN = 10_000
"""Elements open at once (started, never ended) past which the rest of the page is not read: ``<ul><li>`` a
hundred thousand times costs the tokenizer several seconds per MB and holds no list anyone wrote (the deepest of
the real pages in the tests opens 13 at once; a well-formed page 5,000 deep is still read)."""


class TooDeep(Exception):
    """Raised by the tree builder when :data:`MAX_OPEN` elements are open: ``line`` is where it stopped."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


_VOID = VOID_ELEMENTS
_BLOCKS_CLOSING_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "li",
    ]
)


_PLAIN_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]{0,9})>")
_QUOTED_ATTRS_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]{0,9})((?:[ \t\n]+[a-zA-Z][a-zA-Z0-9_.:-]*="[^"&<>]*")+)>')
"""A start tag whose attributes are all ``name="value"``, values without entities or angle brackets."""
_QUOTED_ATTR = re.compile(r'([a-zA-Z][a-zA-Z0-9_.:-]*)="([^"]*)"')
_PLAIN_TAGS = frozenset(
    [
        "a", "abbr", "article", "aside", "b", "blockquote", "br", "center", "cite", "code", "dd", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "i", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "section", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
        "ul",
    ]
)
"""Tags that ``html.parser`` reads like any other (no script, style or raw-text content): written bare (``<li>``,
``</a>``), the builder reads them itself instead of through the parser's general tag scan."""


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None
    seq: int = 0  # the order it was opened in: document order


_P = frozenset({"p"})
_P_STOPS = frozenset({"li", "td", "th", "div", "blockquote", "section", "article", "body"})
_IMPLIED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select"})),
    "a": (frozenset({"a"}), frozenset({"li", "p", "div", "td"})),
}
"""Start tags that end an open element (``<li>`` ends the ``<li>`` before it): what they close, and the elements
that stop the search (a ``<li>`` inside a nested ``<ul>`` ends nothing outside it)."""


class _TreeBuilder(HTMLParser):
    """Builds a forgiving element tree: implied end tags for ``p``/``li``/``dt``/``dd``/``tr``/``td``/``option``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack: list[_Node] = [self.root]
        self.opened = 0
        self.by_tag: dict[str, list[_Node]] = {}
        """Every element by tag, in document order: page-level lookups (``<base>``, ``<meta>``, ``<h1>``...) read
        these lists instead of walking the whole tree once each."""

    # A tag written bare (``<li>``, ``</li>``) or with plain quoted attributes (``<a href="...">``) is most of the
    # tags of a list page and all of a hostile one: these two read it with one match and do what html.parser's
    # general scan would do with it (remember it, hand it to the handler); anything else goes through that scan.

    def parse_starttag(self, i: int) -> int:
        rawdata = self.rawdata
        m = _PLAIN_TAG.match(rawdata, i)
        attrs: list[tuple[str, str | None]] = []
        if m is None and rawdata[i + 1] != "/":
            m = _QUOTED_ATTRS_TAG.match(rawdata, i)
            if m is not None:
                attrs = [(name.lower(), value) for name, value in _QUOTED_ATTR.findall(m.group(2))]
        if m is not None and rawdata[i + 1] != "/" and self.cdata_elem is None:
            tag = m.group(1).lower()
            if tag in _PLAIN_TAGS:
                self._HTMLParser__starttag_text = m.group(0)  # what get_starttag_text() gives
                self.lasttag = tag
                self.handle_starttag(tag, attrs)
                return m.end()
        return super().parse_starttag(i)  # type: ignore[no-any-return]

    def parse_endtag(self, i: int) -> int:
        m = _PLAIN_TAG.match(self.rawdata, i)
        if m is not None and self.rawdata[i + 1] == "/" and self.cdata_elem is None:
            tag = m.group(1).lower()
            if tag in _PLAIN_TAGS:
                self.handle_endtag(tag)
                self.clear_cdata_mode()
                return m.end()
        return super().parse_endtag(i)  # type: ignore[no-any-return]

    def _close_until(self, tags: frozenset[str] | set[str], stop: frozenset[str] | set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in stop:
                return
            if tag in tags:
                del self.stack[i:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) > MAX_OPEN:
            raise TooDeep(self.getpos()[0])
        tag = tag.lower()
        if tag == "p" or tag in _BLOCKS_CLOSING_P:
            self._close_until(_P, _P_STOPS)
        closes = _IMPLIED_ENDS.get(tag)
        if closes is not None:  # li, dt/dd, td/th, tr, option; an <a> never nests in another
            self._close_until(*closes)
        node = _Node(tag, {k.lower(): (v or "") for k, v in attrs}, parent=None, seq=self.opened)
        self.opened += 1
        # past MAX_DEPTH the tree stops deepening (siblings instead), while the open-element stack still
        # tracks the markup so that text lands in the right element
        parent = self.stack[-1] if len(self.stack) <= MAX_DEPTH else self.stack[MAX_DEPTH]
        node.parent = parent
        parent.children.append(node)
        self.by_tag.setdefault(tag, []).append(node)
        if "role" in node.attrs:
            self.by_tag.setdefault("[role]", []).append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack[-1].tag == tag.lower() and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def _walk(node: _Node) -> Iterator[tuple[bool, _Node | str]]:
    """Pre-order events without recursion: ``(True, node)`` on entering, ``(False, node)`` on leaving, text as is."""
    stack: list[tuple[bool, _Node | str]] = [(True, node)]
    while stack:
        entering, cur = stack.pop()
        if isinstance(cur, str):
            yield True, cur
            continue
        if not entering:
            yield False, cur
            continue
        yield True, cur
        stack.append((False, cur))
        for child in reversed(cur.children):
            stack.append((True, child))


def _inside(node: _Node, ancestor: _Node) -> bool:
    """Whether ``node`` is ``ancestor`` or one of its descendants."""
    cur: _Node | None = node
    while cur is not None:
        if cur is ancestor:
            return True
        cur = cur.parent
    return False


def _iter_elements(node: _Node) -> Iterator[_Node]:
    for entering, cur in _walk(node):
        if entering and isinstance(cur, _Node):
            yield cur


def _text(node: _Node, *, skip: frozenset[str] = frozenset({"script", "style", "template", "svg"})) -> str:
    """The visible text of ``node``, whitespace collapsed; elements in ``skip`` left out."""
    children = node.children
    if len(children) == 1 and isinstance(children[0], str):  # most links: one run of text
        return " ".join(children[0].split())
    parts: list[str] = []
    skipping = 0
    for entering, cur in _walk(node):
        if isinstance(cur, str):
            if not skipping:
                parts.append(cur)
        elif cur.tag in skip and cur is not node:
            skipping += 1 if entering else -1
        elif entering and cur.tag in ("br", "p", "li", "div"):
            parts.append(" ")
    return " ".join("".join(parts).split())
