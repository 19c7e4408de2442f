"""The forgiving element tree the HTML importer walks (see :mod:`readinglist.importers.html`).

The page is parsed as the standard library's :class:`html.parser.HTMLParser` reads it into a small element tree,
with the usual implied end tags (a new ``<li>`` closes the open one, a block closes an open ``<p>``), then walked
without recursion, so deep or broken markup cannot blow the stack. Plain tags and the text between them, most of a
list page, are read by the builder's own loop (html.parser spends several microseconds of Python on each tag); the
rest goes through html.parser itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
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


_FAST_TAG = re.compile(
    r"<(?:([a-zA-Z][a-zA-Z0-9]{0,9})"
    r"((?:[ \t\n]+[a-zA-Z][a-zA-Z0-9_.:-]*(?:[ \t\n]*=[ \t\n]*(?:\"[^\"]*\"|'[^']*'))?)*)"
    r"[ \t\n]*(/?)>|/([a-zA-Z][a-zA-Z0-9]{0,9})>)"
)
"""A tag every version of ``html.parser`` reads the same way: ``<li>``, ``</a>``, ``<br/>``, ``<a href="..."
class = 'x' hidden>``: attribute values quoted (anything but their quote inside, ``<`` and ``>`` too, as HTML says),
separated by spaces. Groups: start tag name, its attributes, ``/`` of a self-closing tag, end tag name. A quoted
value is read to the next quote of its kind and no further, so a match costs at most the distance to it."""
_FAST_ATTR = re.compile(r"""([a-zA-Z][a-zA-Z0-9_.:-]*)(?:[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)'))?""")
_FAST_TAGS = frozenset(
    [
        "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "button", "caption", "center", "cite",
        "code", "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "font",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "img", "ins", "kbd",
        "label", "li", "link", "main", "mark", "meta", "nav", "ol", "p", "picture", "pre", "q", "s", "section",
        "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var",
    ]
)
"""Tags ``html.parser`` reads like any other in every Python version (no script, style, title, textarea or other
raw-text content): written as :data:`_FAST_TAG` matches them, the builder reads them itself."""
_FALLBACK_CHUNK = 256
"""Characters handed to ``html.parser`` past a tag it must read (a ``<script>``, a comment, ``&amp;`` in an
unquoted value...), doubled while it still waits for the end of something, so that long constructs cost linear time."""


class _Node:
    """An element: its tag, attributes (names lower case, values ``""`` when absent), children (elements and runs of
    text, in order), parent, and ``seq``, the order it was opened in (document order)."""

    __slots__ = ("attrs", "children", "parent", "seq", "tag")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None, parent: _Node | None = None, seq: int = 0):
        self.tag = tag
        self.attrs: dict[str, str] = {} if attrs is None else attrs
        self.children: list[_Node | str] = []
        self.parent = parent
        self.seq = seq

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs!r} #{self.seq}>"


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
    """Builds a forgiving element tree: implied end tags for ``p``/``li``/``dt``/``dd``/``tr``/``td``/``option``.

    ``indexed``: the tags whose elements :attr:`by_tag` lists (page-level lookups such as ``<base>`` or ``<meta>``);
    elements with a ``role`` are listed under ``"[role]"`` too.
    """

    def __init__(self, indexed: frozenset[str] | set[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack: list[_Node] = [self.root]
        self.opened = 0
        self.indexed = indexed
        self.by_tag: dict[str, list[_Node]] = {}
        """The elements of each indexed tag, in document order: page-level lookups read these lists instead of
        walking the whole tree once each."""
        self.nodes: list[_Node] = []
        """Every element made, for :meth:`dismantle`."""

    def dismantle(self) -> None:
        """Drop every element's link to its parent, once the tree has been read: a tree whose children point back
        at their parents is garbage only the cyclic collector can free (a pass over every element of the page,
        paid by whatever allocates next), while a tree without them goes away by reference counting as soon as it is
        no longer used."""
        for node in self.nodes:
            node.parent = None
        self.nodes = []
        self.stack = [self.root]

    # Most tags of a list page (and all of a hostile one) are plain (:data:`_FAST_TAG`): ``feed`` reads those and
    # the text between them itself, one match each, and hands anything else to html.parser from the ``<`` where it
    # starts, until html.parser has finished it (no text or markup of it held back, no <script> left open). html.parser
    # reads text fed in pieces as it reads it whole (its own tests feed it one character at a time), so the tree is
    # the one html.parser alone builds; text may just come in more pieces, which every reader joins.

    def feed(self, data: str) -> None:
        """Read ``data`` (the whole page, or the next part of it) into the tree."""
        pos, n = 0, len(data)
        find, fast_tag = data.find, _FAST_TAG.match
        fast_tags, stack = _FAST_TAGS, self.stack
        lines_at = 0  # html.parser's line count (getpos) is kept up to date up to here
        while pos < n:
            if self.rawdata or self.cdata_elem is not None:  # html.parser is inside something: let it go on
                end = find("<", pos + max(_FALLBACK_CHUNK, 2 * len(self.rawdata)))
                pos, lines_at = self._hand_over(data, lines_at, pos, n if end < 0 else end)
                continue
            lt = find("<", pos)
            if lt < 0:  # text to the end: html.parser decides whether a character reference is cut off
                pos, lines_at = self._hand_over(data, lines_at, pos, n)
                continue
            if lt > pos:
                text = data[pos:lt]
                stack[-1].children.append(unescape(text) if "&" in text else text)
            m = fast_tag(data, lt)
            if m is None:
                after = data[lt + 1 : lt + 2]
                if after and after not in "/!?" and not (after.isascii() and after.isalpha()):
                    stack[-1].children.append("<")  # "a < b": a "<" that opens nothing is text, as html.parser says
                    pos = lt + 1
                    continue
                end = find("<", self._tag_end(data, lt))
                pos, lines_at = self._hand_over(data, lines_at, lt, n if end < 0 else end)
                continue
            name, attrs, closed, end_name = m.groups()
            if end_name is not None:
                tag = end_name.lower()
                if tag not in fast_tags:
                    pos, lines_at = self._hand_over(data, lines_at, lt, m.end())
                    continue
                if stack[-1].tag == tag and len(stack) > 1:
                    stack.pop()
                else:
                    self.handle_endtag(tag)
            else:
                tag = name.lower()
                if tag not in fast_tags:
                    pos, lines_at = self._hand_over(data, lines_at, lt, m.end())
                    continue
                self.lasttag = tag
                try:
                    self._open(tag, _attributes(attrs) if attrs else {})
                except TooDeep:  # html.parser's line count stands at lines_at, not at this tag
                    raise TooDeep(self.getpos()[0] + data.count("\n", lines_at, lt)) from None
                if closed:
                    self._close_empty(tag)
            pos = m.end()
        self._count_lines(data, lines_at, n)

    def _tag_end(self, data: str, lt: int) -> int:
        """Where html.parser, reading all of ``data``, ends the tag that starts at ``lt`` (``len(data)`` when it
        never does), so that the part handed over holds all of it: fed only up to the next ``<``, html.parser
        ends ``<a x = "><">`` at the first ``>``, inside the quoted value it would read whole."""
        first = data[lt + 1 : lt + 2]
        if not (first.isascii() and first.isalpha()):
            return lt + 1  # no start tag: html.parser waits for whatever it needs to finish it
        held, self.rawdata = self.rawdata, data
        try:
            end = self.check_for_whole_start_tag(lt)
        except (AttributeError, AssertionError):  # (a version of html.parser without it, or lost): to the next "<"
            return lt + 1
        finally:
            self.rawdata = held
        return len(data) if end < 0 else max(end, lt + 1)

    def _hand_over(self, data: str, lines_at: int, start: int, end: int) -> tuple[int, int]:
        """Feed ``data[start:end]`` to html.parser, its line count first brought up to ``start``."""
        self._count_lines(data, lines_at, start)
        super().feed(data[start:end])
        return end, end

    def _count_lines(self, data: str, i: int, j: int) -> None:
        """Advance html.parser's line and column over ``data[i:j]`` (text read without it), as its ``updatepos``."""
        if i >= j:
            return
        lines = data.count("\n", i, j)
        if lines:
            self.lineno += lines
            self.offset = j - (data.rindex("\n", i, j) + 1)
        else:
            self.offset += j - i

    def _close_until(self, tags: frozenset[str] | set[str], stop: frozenset[str] | set[str]) -> None:
        stack = self.stack
        for i in range(len(stack) - 1, 0, -1):
            tag = stack[i].tag
            if tag in stop:
                return
            if tag in tags:
                del stack[i:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag.lower(), {k.lower(): v or "" for k, v in attrs} if attrs else {})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._close_empty(tag.lower())

    def _open(self, tag: str, attrs: dict[str, str]) -> None:
        """A start tag (name lower case): close what it implies, add its element, keep it open unless void."""
        stack = self.stack
        if len(stack) > MAX_OPEN:
            raise TooDeep(self.getpos()[0])
        if (tag == "p" or tag in _BLOCKS_CLOSING_P) and stack[-1].tag not in _P_STOPS:
            self._close_until(_P, _P_STOPS)
        closes = _IMPLIED_ENDS.get(tag)
        if closes is not None and stack[-1].tag not in closes[1]:  # li, dt/dd, td/th, tr, option; a never nests
            self._close_until(*closes)
        # past MAX_DEPTH the tree stops deepening (siblings instead), while the open-element stack still
        # tracks the markup so that text lands in the right element
        parent = stack[-1] if len(stack) <= MAX_DEPTH else stack[MAX_DEPTH]
        node = _Node(tag, attrs, parent, self.opened)
        self.opened += 1
        parent.children.append(node)
        self.nodes.append(node)
        if tag in self.indexed:
            self.by_tag.setdefault(tag, []).append(node)
        if attrs and "role" in attrs:
            self.by_tag.setdefault("[role]", []).append(node)
        if tag not in _VOID:
            stack.append(node)

    def _close_empty(self, tag: str) -> None:
        """After a self-closing tag (``<div/>``): the element it opened ends at once."""
        if tag not in _VOID and self.stack[-1].tag == tag and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        stack = self.stack
        tag = tag.lower()
        if stack[-1].tag == tag and len(stack) > 1:
            stack.pop()
            return
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].tag == tag:
                del stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a :data:`_FAST_TAG` as html.parser reads them: names lower case, values unquoted with
    character references replaced (``""`` for an attribute without a value), the last of a name kept."""
    attrs: dict[str, str] = {}
    for name, double, single in _FAST_ATTR.findall(text):
        value = double or single  # ("" for a name alone, as for an empty value)
        attrs[name.lower()] = unescape(value) if "&" in value else value
    return attrs


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
    if not children:
        return ""
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
