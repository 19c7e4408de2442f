"""The light syntax tree (:class:`~readinglist.importers.markdown.tree.Node`) from pulldown-cmark's events.

pulldown-cmark (through ``pyromark``) parses CommonMark plus tables and strikethrough in linear time, in Rust: about
0.02 s per MB where markdown-it-py took 3-5 s per MB, and its cost does not grow on hostile text (runs of ``[``,
emphasis, deep lists). The tree keeps markdown-it's node types, tags, attributes and contents, so the walker reads
it as before:

* ``root``; blocks ``heading`` (tag ``h1``..``h6``), ``paragraph``, ``bullet_list``/``ordered_list``,
  ``list_item``, ``blockquote``, ``table``/``thead``/``tbody``/``tr``/``th``/``td``, ``html_block`` (its raw text),
  ``fence``/``code_block`` and ``hr``; a block holding text (paragraph, heading, cell) has one ``inline`` child
  whose children are ``text``, ``code_inline``, ``softbreak``, ``hardbreak``, ``html_inline``, ``em``,
  ``strong``, ``s``, ``link`` (``href``, ``title``) and ``image`` (``src``, ``alt``). A tight list item's text
  gets its paragraph, as markdown-it gives it (hidden there, but present).
* Link targets are normalised as markdown-it normalises them (percent-encoding, punycode), and links markdown-it
  refuses (``javascript:``, ``vbscript:``, ``file:``, ``data:`` other than images) stay text, as there; they are
  counted (:attr:`Tree.script_links`) so the import can report them.
* ``~single tilde~`` is not strikethrough here (markdown-it reads ``~~`` only; lists write ``~2 h`` for "about").
* Blocks nested deeper than :data:`MAX_LEVEL` (about 50 lists inside lists) are left out and flagged
  (:attr:`Tree.too_deep`), where markdown-it stopped at its nesting limit; inline containers deeper than
  :data:`INLINE_DEPTH` (emphasis inside emphasis ...) are opened up into their parent. The build is a loop with an
  explicit stack, so no depth of input can exhaust Python's recursion limit, here or in the walker.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from readinglist.importers.markdown.nesting import MAX_LEVEL, cap_nesting
from readinglist.importers.markdown.rules import _SAFE_URL
from readinglist.importers.markdown.tree import Node

INLINE_DEPTH = 20
"""Inline containers nested deeper than this are opened up into their parent (CommonMark's default limit)."""

_BAD_PROTO = re.compile(r"(?:vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);")

_TEXT_HOLDERS = frozenset({"paragraph", "heading", "th", "td"})
_NO_CHILDREN: list[Node] = []  # shared by leaves: never appended to (leaves are built with their content)


class Tree:
    """What :func:`build` returns: the root, and what the parse left out."""

    __slots__ = ("root", "too_deep", "script_links")

    def __init__(self, root: Node, too_deep: bool, script_links: int) -> None:
        self.root = root
        self.too_deep = too_deep
        self.script_links = script_links
        """Links and images left as text because of their scheme (``javascript:``, ``data:text/html`` ...)."""


@functools.cache
def _parser() -> Any:
    import pyromark

    options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    return pyromark.Markdown(options=options)


def _normalize(url: str) -> str:
    """markdown-it's ``normalizeLink``: URLs of plain ASCII URL characters come back unchanged."""
    if _SAFE_URL.match(url):
        return url
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def _normalize_text(url: str) -> str:
    """markdown-it's ``normalizeLinkText`` (an autolink's visible text)."""
    if _SAFE_URL.match(url):
        return url
    from markdown_it.common.normalize_url import normalizeLinkText

    return normalizeLinkText(url)


def _valid(url: str) -> bool:
    """markdown-it's ``validateLink``."""
    if url.startswith(("https://", "http://")):  # most links: no scheme to look at
        return True
    url = url.strip().lower()
    return not _BAD_PROTO.match(url) or _GOOD_DATA.match(url) is not None


def _leaf(kind: str, content: str = "", tag: str = "") -> Node:
    return Node(kind, tag, _NO_ATTRS, content, _NO_CHILDREN)


_NO_ATTRS: dict[str, Any] = {}  # shared by nodes without attributes: read only (a node given some gets its own)
_INLINE = {"Emphasis": ("em", "em"), "Strong": ("strong", "strong"), "Strikethrough": ("s", "s"),
           "Link": ("link", "a"), "Image": ("image", "img")}
_EMPHASIS = {"Emphasis": "em", "Strong": "strong"}
_BLOCK = {"Paragraph": ("paragraph", "p"), "BlockQuote": ("blockquote", "blockquote"), "Item": ("list_item", "li"),
          "HtmlBlock": ("html_block", ""), "TableRow": ("tr", "tr"), "Table": ("table", "table"),
          "TableHead": ("thead", "thead")}

_NO_EVENTS: list[Any] = []  # shared by every event that reads none ahead: never added to
_HOLDER_ENDS = {name: {"End": name} for name in ("Item", "Paragraph", "TableCell")}
"""Blocks that often hold texts and plain links alone, with the event that ends each."""
_HEADING_ENDS = {level: {"End": {"Heading": level}} for level in ("H1", "H2", "H3", "H4", "H5", "H6")}
"""The event that ends a heading of each level (also a block that often holds texts and plain links alone)."""
_LINK_END = {"End": "Link"}
_PLAIN_LINKS = frozenset({"Inline", "Autolink"})
"""Link types :meth:`_Builder.plain_inline` adds itself (``[text](https://...)``, ``<https://...>``)."""
_BULLET_LIST = {"Start": {"List": None}}
_CONTAINER_ENDS = frozenset({"Item", "List", "BlockQuote"})
"""Blocks whose end only closes them (and a tight item's paragraph): not a table's head or body."""
_WEB = ("https://", "http://")

_CALLBACK_TYPES = ("ReferenceUnknown", "CollapsedUnknown", "ShortcutUnknown")  # resolved by inline()'s callback

# roles of the entries of the builder's stack
_BLOCK_ROLE, _PARAGRAPH, _INLINE_ROLE, _OPENED, _TILDE = range(5)


_NO_SPAN = {"start": 0, "end": 0}  # the span of every event of a pass without ranges (read only)


class _NeedRanges(Exception):
    """Raised by a pass without source ranges when the tree needs them (a ``~`` strikethrough to tell from
    ``~~``, a script link written back as its text): the pass is made again with ranges."""


class _Builder:
    """One pass over the events with an explicit stack of ``(role, node, out)``: ``out`` is the list inline
    content goes to while the entry is on top (``None`` for blocks that hold other blocks).

    The first pass asks pulldown-cmark for the events alone (``ranged=False``): converting each event's source
    range to Python is two thirds of the events' cost, and only strikethrough and script links need them. That
    pass (:meth:`plain_pass`) also adds the commonest events itself, and a block holding one text alone in one step
    (a list of small blocks is one node per byte); every other event goes through :meth:`step`, as all do in the
    pass with ranges."""

    def __init__(
        self, text: str, parser: Any = None, given: tuple[str, ...] = _CALLBACK_TYPES, ranged: bool = False
    ) -> None:
        self.text = text
        self.ranged = ranged
        self.given = given
        """Link types whose targets are kept as given (``inline()``'s references), not normalised."""
        self.parser = parser if parser is not None else _parser()
        self.source: bytes | None = None  # the UTF-8 text, made only when a range must be read
        self.root = Node("root")
        self.stack: list[tuple[int, Node, list[Node] | None]] = [(_BLOCK_ROLE, self.root, None)]
        self.level = 0  # block nodes open below the root
        self.depth = 0  # inline containers open
        self.skip = 0  # > 0 inside a block left out for its depth: the balance of its starts and ends
        self.too_deep = False
        self.script_links = 0
        self.links: list[list[int]] = []  # per open link/image: [start, end, end of its content so far]
        self.parts: dict[Node, list[str]] = {}
        """Contents written in several pieces, joined at the end (``+=`` on an attribute copies every time)."""

    # -- helpers --

    def out(self) -> list[Node]:
        """Where inline content goes now (a tight list item's text gets its paragraph first)."""
        role, node, out = self.stack[-1]
        if out is not None:
            return out
        paragraph = Node("paragraph", "p")
        inline = Node("inline")
        paragraph.children.append(inline)
        node.children.append(paragraph)
        self.stack.append((_PARAGRAPH, paragraph, inline.children))
        self.level += 1
        return inline.children

    def close_paragraph(self) -> None:
        if self.stack[-1][0] == _PARAGRAPH:
            self.stack.pop()
            self.level -= 1

    def add_text(self, content: str, out: list[Node]) -> None:
        if out and out[-1].type == "text":
            self.append(out[-1], content)
        else:
            out.append(_leaf("text", content))

    def append(self, node: Node, content: str) -> None:
        parts = self.parts.get(node)
        if parts is None:
            self.parts[node] = [node.content, content]
        else:
            parts.append(content)

    def range_text(self, start: int, end: int) -> str:
        if not self.ranged:
            raise _NeedRanges
        if self.source is None:
            self.source = self.text.encode("utf-8", "surrogatepass")
        return self.source[start:end].decode("utf-8", "replace")

    # -- blocks --

    def open_block(self, name: str, data: Any) -> None:
        stack = self.stack
        if stack[-1][0] == _PARAGRAPH:  # close_paragraph(), inlined: every block start asks it
            stack.pop()
            self.level -= 1
        if self.level >= MAX_LEVEL:
            self.too_deep = True
            self.skip = 1
            return
        parent = stack[-1][1]
        # a block has no attributes but an ordered list's start: they share one empty dict, never written to
        named = _BLOCK.get(name)
        if named is not None:
            if name == "TableRow" and parent.type == "table":
                body = Node("tbody", "tbody", _NO_ATTRS, "", [])
                parent.children.append(body)
                stack.append((_BLOCK_ROLE, body, None))
                self.level += 1
                parent = body
            node = Node(named[0], named[1], _NO_ATTRS, "", [])
        elif name == "List":
            if data is None:
                node = Node("bullet_list", "ul", _NO_ATTRS, "", [])
            else:
                node = Node("ordered_list", "ol", _NO_ATTRS if data == 1 else {"start": data}, "", [])
        elif name == "TableCell":
            kind = "th" if parent.type == "tr" and stack[-2][1].type == "thead" else "td"
            node = Node(kind, kind, _NO_ATTRS, "", [])
        elif name == "Heading":
            node = Node("heading", data["level"].lower(), _NO_ATTRS, "", [])
        elif name == "CodeBlock":
            node = Node("code_block" if data == "Indented" else "fence", "code", _NO_ATTRS, "", [])
        else:
            node = Node(name.lower(), "", _NO_ATTRS, "", [])
        parent.children.append(node)
        if node.type in _TEXT_HOLDERS:
            inline = Node("inline", "", _NO_ATTRS, "", [])
            node.children.append(inline)
            stack.append((_BLOCK_ROLE, node, inline.children))
        else:
            stack.append((_BLOCK_ROLE, node, None))
        self.level += 1
        if name == "TableHead":
            row = Node("tr", "tr", _NO_ATTRS, "", [])
            node.children.append(row)
            stack.append((_BLOCK_ROLE, row, None))
            self.level += 1

    def close_block(self, name: str) -> None:
        stack = self.stack
        if stack[-1][0] == _PARAGRAPH:  # close_paragraph(), inlined
            stack.pop()
            self.level -= 1
        if name == "TableHead" or (name == "Table" and stack[-1][1].type == "tbody"):
            stack.pop()  # a head's row (then the head), a table's body (then the table)
            self.level -= 1
        stack.pop()
        self.level -= 1

    # -- inline --

    def open_inline(self, name: str, data: Any, start: int) -> None:
        out = self.out()
        if name == "Strikethrough" and self.range_text(start, start + 2) != "~~":
            self.add_text("~", out)  # "~x~" is text for markdown-it ("~2 h" means "about")
            self.stack.append((_TILDE, self.stack[-1][1], out))
            return
        if self.depth >= INLINE_DEPTH:
            self.stack.append((_OPENED, self.stack[-1][1], out))
            return
        kind, tag = _INLINE[name]
        node = Node(kind, tag)
        if name == "Link":
            url = "mailto:" + data["dest_url"] if data["link_type"] == "Email" else data["dest_url"]
            if data["link_type"] not in self.given:
                url = _normalize(url)  # inline()'s references are kept as given
            node.attrs = {"href": url}
            if data["title"]:
                node.attrs["title"] = data["title"]
            if data["link_type"] in ("Autolink", "Email"):
                node.content = "autolink"  # as markdown-it's token.markup
        elif name == "Image":
            node.attrs = {"src": _normalize(data["dest_url"]), "alt": ""}
            if data["title"]:
                node.attrs["title"] = data["title"]
        out.append(node)
        self.stack.append((_INLINE_ROLE, node, node.children))
        self.depth += 1
        if name in ("Link", "Image"):
            self.links.append([start, start, start + (2 if name == "Image" else 1)])

    def close_inline(self, end: int) -> None:
        role, node, _ = self.stack.pop()
        if role == _TILDE:
            self.add_text("~", self.out())
            return
        if role == _OPENED:
            return
        self.depth -= 1
        if node.type not in ("link", "image"):
            return
        start, _, inner = self.links.pop()
        if self.links:
            self.links[-1][2] = max(self.links[-1][2], end)
        autolink = node.content == "autolink"
        url = node.attrs["href" if node.type == "link" else "src"]
        if autolink and len(node.children) == 1 and node.children[0].type == "text":
            node.children[0].content = _normalize_text(node.children[0].content)
        if _valid(url):
            return
        # markdown-it leaves such a link as its text: "[", the label as parsed, then the rest verbatim
        self.script_links += 1
        out = self.stack[-1][2]
        assert out is not None and out[-1] is node
        out.pop()
        if autolink:
            self.add_text(self.range_text(start, end), out)
            return
        self.add_text("![" if node.type == "image" else "[", out)
        for child in node.children:
            if child.type == "text":
                self.add_text("".join(self.parts.pop(child, [child.content])), out)
            else:
                out.append(child)
        self.add_text(self.range_text(inner, end), out)

    # -- the pass --

    def run(self) -> Tree:
        if not self.ranged and not hasattr(self.parser, "events"):  # pragma: no cover - every pyromark has it
            self.ranged = True
        read = self.parser.events_with_range if self.ranged else self.parser.events
        try:
            found = read(self.text, merge_text=True)
        except TypeError:  # pyromark 0.9 (the last for Python 3.10) does not merge text: the builder does
            found = read(self.text)
        if self.ranged:
            self.ranged_pass(found)
        else:
            self.plain_pass(found)
        for node, parts in self.parts.items():
            node.content = "".join(parts)
        return Tree(self.root, self.too_deep, self.script_links)

    def ranged_pass(self, found: Iterable[tuple[Any, Mapping[str, int]]]) -> None:
        """The events with their source ranges: a link's content is followed to its end."""
        links = self.links
        step = self.step
        for event, span in found:
            if self.skip:
                self.skip_one(event)
                continue
            if links:
                link = links[-1]
                if span["start"] != link[0]:  # not the link's own start or end: its content
                    link[2] = max(link[2], span["end"])
            step(event, span)

    def plain_pass(self, found: Iterable[Any]) -> None:
        """The events alone: :meth:`step` for each, but text, block starts and ends, and a paragraph, tight item,
        table cell or heading holding only text (``Start``, ``Text``, ``End``: most of a list of small blocks), added
        here directly."""
        stack = self.stack
        step = self.step
        it = iter(found)
        for event in it:
            ahead = _NO_EVENTS  # events read ahead of a block that holds more than one text, to add next
            while True:
                if self.skip:
                    self.skip_one(event)
                elif type(event) is not dict:
                    step(event, _NO_SPAN)
                elif (value := event.get("Text")) is not None:
                    out = stack[-1][2]
                    if out is None:
                        step(event, _NO_SPAN)
                    elif out and out[-1].type == "text":
                        self.append(out[-1], value)
                    else:
                        out.append(Node("text", "", _NO_ATTRS, value, _NO_CHILDREN))
                elif (name := event.get("Start")) is None:
                    name = event.get("End")
                    if name is not None and type(name) is not str:
                        name = next(iter(name))  # {"List": True}, {"Heading": "H1"}, {"BlockQuote": None}
                    if name in _CONTAINER_ENDS:  # close_block() of a list, item or quote, inlined
                        if stack[-1][0] == _PARAGRAPH:
                            stack.pop()
                            self.level -= 1
                        stack.pop()
                        self.level -= 1
                    elif name is None or name in _INLINE:
                        step(event, _NO_SPAN)  # code, HTML, an inline container's end
                    else:
                        self.close_block(name)
                else:
                    if type(name) is str:
                        data = None
                        end = _HOLDER_ENDS.get(name)
                    else:
                        ((name, data),) = name.items()
                        end = _HEADING_ENDS[data["level"]] if name == "Heading" else None
                    if end is not None:  # a block that often holds texts and plain links alone
                        read: list[Any] = []
                        held = self.plain_inline(it, end, read)
                        if held is not None and self.hold(name, held, data):
                            pass
                        elif name == "Item" and len(read) == 1 and self.nested(read[0]):
                            pass  # "- - x": an item whose first block is a list, both opened
                        else:
                            self.open_block(name, data)  # as step() opens it; the events read ahead come next
                            ahead = read
                    elif name in _INLINE:
                        step(event, _NO_SPAN)
                    else:
                        self.open_block(name, data)
                if not ahead:
                    break
                event = ahead.pop(0)

    def nested(self, event: Any) -> bool:
        """An item opened with a bullet list as its first block (``- - x``, a line of nested bullets: the item
        and the list take four events and two nodes a marker), both added as :meth:`open_block` adds them, when
        ``event`` (the one after the item's start) starts that list; False, nothing done, for anything else."""
        if event != _BULLET_LIST or self.level + 1 >= MAX_LEVEL:
            return False
        stack = self.stack
        if stack[-1][0] == _PARAGRAPH:  # as open_block() does first
            stack.pop()
            self.level -= 1
        bullets = Node("bullet_list", "ul", _NO_ATTRS, "", [])
        stack[-1][1].children.append(Node("list_item", "li", _NO_ATTRS, "", [bullets]))
        stack.append((_BLOCK_ROLE, stack[-1][1].children[-1], None))
        stack.append((_BLOCK_ROLE, bullets, None))
        self.level += 2
        return True

    def plain_inline(self, it: Iterator[Any], end: Mapping[str, Any], read: list[Any]) -> list[Node] | None:
        """The inline nodes of a block that holds only texts and plain links (``[text](https://...)`` or
        ``<https://...>``, one text each), read from ``it`` up to the block's ``end``, as :meth:`step` would add them;
        ``None`` at the first other event or an empty block. Every event read is in ``read``, to be added the usual
        way if need be (only the last may start a block)."""
        children: list[Node] = []
        for event in it:
            read.append(event)
            if type(event) is not dict:
                return None
            value = event.get("Text")
            if value is not None:
                if children and children[-1].type == "text":
                    return None  # texts not merged (pyromark 0.9): the general path joins them
                children.append(Node("text", "", _NO_ATTRS, value, _NO_CHILDREN))
                continue
            if event == end:
                return children or None
            start = event.get("Start")
            data = start.get("Link") if type(start) is dict else None
            if data is None or data["link_type"] not in _PLAIN_LINKS or not data["dest_url"].startswith(_WEB):
                return None
            label = next(it, None)
            close = next(it, None) if type(label) is dict and "Text" in label else None
            read.extend(e for e in (label, close) if e is not None)
            if close != _LINK_END:
                return None
            kind = data["link_type"]
            url = data["dest_url"] if kind in self.given else _normalize(data["dest_url"])
            attrs = {"href": url, "title": data["title"]} if data["title"] else {"href": url}
            if kind == "Autolink":  # <https://...>: marked as markdown-it marks it, its text normalised
                text = Node("text", "", _NO_ATTRS, _normalize_text(label["Text"]), _NO_CHILDREN)
                children.append(Node("link", "a", attrs, "autolink", [text]))
            else:
                children.append(
                    Node("link", "a", attrs, "", [Node("text", "", _NO_ATTRS, label["Text"], _NO_CHILDREN)])
                )
        return None

    def hold(self, name: str, children: list[Node], data: Any = None) -> bool:
        """A paragraph, tight item, table cell or heading (its start's ``data``) of the inline nodes ``children``
        alone (texts and plain links), as :meth:`open_block`, the inline events and :meth:`close_block` add it;
        False (nothing done but closing a paragraph) when it is too deep."""
        stack = self.stack
        if stack[-1][0] == _PARAGRAPH:  # as open_block() does first
            stack.pop()
            self.level -= 1
        if self.level >= MAX_LEVEL:
            return False
        parent = stack[-1][1]
        inline = Node("inline", "", _NO_ATTRS, "", children)
        if name == "Item":
            node = Node("list_item", "li", _NO_ATTRS, "", [Node("paragraph", "p", _NO_ATTRS, "", [inline])])
        elif name == "Paragraph":
            node = Node("paragraph", "p", _NO_ATTRS, "", [inline])
        elif name == "Heading":
            node = Node("heading", data["level"].lower(), _NO_ATTRS, "", [inline])
        else:
            kind = "th" if parent.type == "tr" and stack[-2][1].type == "thead" else "td"
            node = Node(kind, kind, _NO_ATTRS, "", [inline])
        parent.children.append(node)
        return True

    def skip_one(self, event: Any) -> None:
        """An event inside a block left out for its depth: its starts and ends are counted to the block's end."""
        if type(event) is dict:
            if "Start" in event:
                self.skip += 1
            elif "End" in event:
                self.skip -= 1

    def step(self, event: Any, span: Mapping[str, int]) -> None:
        """One event added to the tree."""
        stack = self.stack
        if type(event) is str:  # "SoftBreak", "HardBreak", "Rule"
            if event == "Rule":
                self.close_paragraph()
                if self.level >= MAX_LEVEL:
                    self.too_deep = True
                else:
                    stack[-1][1].children.append(_leaf("hr", tag="hr"))
            else:
                self.out().append(_leaf(event.lower(), tag="br" if event == "HardBreak" else ""))
            return
        value = event.get("Text")
        if value is not None:  # most events: text
            _, node, out = stack[-1]
            if out is None:
                if node.type in ("html_block", "fence", "code_block"):
                    self.append(node, value)
                    return
                out = self.out()
            if out and out[-1].type == "text":
                self.append(out[-1], value)
            else:
                out.append(Node("text", "", _NO_ATTRS, value, _NO_CHILDREN))
            return
        ((kind, value),) = event.items()
        if kind == "Start":
            if type(value) is str:
                if value in _EMPHASIS and self.depth < INLINE_DEPTH:  # the common inline start, inlined
                    out = stack[-1][2]
                    if out is None:
                        out = self.out()
                    node = Node(value, _EMPHASIS[value], _NO_ATTRS)
                    node.type = node.tag
                    out.append(node)
                    stack.append((_INLINE_ROLE, node, node.children))
                    self.depth += 1
                elif value in _INLINE:
                    self.open_inline(value, None, span["start"])
                else:
                    self.open_block(value, None)
            else:
                ((name, data),) = value.items()
                if name in _INLINE:
                    self.open_inline(name, data, span["start"])
                else:
                    self.open_block(name, data)
        elif kind == "End":
            name = value if type(value) is str else next(iter(value))
            if name in _EMPHASIS and stack[-1][0] == _INLINE_ROLE:  # the common inline end, inlined
                stack.pop()
                self.depth -= 1
            elif name in _INLINE:
                self.close_inline(span["end"])
            else:
                self.close_block(name)
        elif kind == "Code":
            self.out().append(_leaf("code_inline", value, "code"))
        elif kind == "Html" and stack[-1][1].type == "html_block":
            self.append(stack[-1][1], value)
        elif kind in ("Html", "InlineHtml"):
            self.out().append(_leaf("html_inline", value))
        else:  # math, footnotes, task markers: not enabled; text if they ever come
            self.add_text(str(value), self.out())


def build(text: str) -> Tree:
    """Parse ``text`` and build its tree (see the module docstring)."""
    return _run(cap_nesting(text))


def _run(text: str, parser: Any = None, given: tuple[str, ...] = _CALLBACK_TYPES) -> Tree:
    """The tree of ``text``: from the events alone, or again with their source ranges when it needs them."""
    try:
        return _Builder(text, parser, given).run()
    except _NeedRanges:
        return _Builder(text, parser, given, ranged=True).run()


_inline_parsers: list[tuple[object, Any]] = []  # the last (references, parser) pair
_LABEL = re.compile(r"\[([^\[\]]{1,999})\]")
_ESCAPED = re.compile(r"[\\&<>]")


def _escape(url: str) -> str:
    """``url`` written as a link destination that reads back as itself (backslash, entity and bracket escaped)."""
    return _ESCAPED.sub(lambda m: "\\" + m.group(0), url)


def _inline_parser(references: Mapping[str, Mapping[str, str]] | None) -> Any:
    """The parser for lines with these ``references`` (kept for the next call with the same mapping): a pyromark
    parser whose callback resolves them, or on pyromark 0.9 a ``(parser, references)`` pair."""
    if _inline_parsers and _inline_parsers[0][0] is references:
        return _inline_parsers[0][1]
    import pyromark

    refs = dict(references or {})

    def resolve(link: Any) -> tuple[str, str] | None:
        found = refs.get(" ".join(link["reference"].split()).upper())
        return (str(found["href"]), "") if found else None

    try:
        parser = pyromark.Markdown(broken_link_callback=resolve if refs else None)
    except TypeError:  # pyromark 0.9 (Python 3.10): the line's references are written after it instead
        parser = (pyromark.Markdown(), refs)
    _inline_parsers[:] = [(references, parser)]
    return parser


def _line_nodes(paragraph: Node | None) -> list[Node]:
    """The inline nodes of a paragraph made from ``"x " + line``, the ``x`` taken off again."""
    if paragraph is None or paragraph.type != "paragraph":  # pragma: no cover - "x ..." is always a paragraph
        return []
    nodes = paragraph.children[0].children
    if nodes and nodes[0].type == "text" and nodes[0].content[:1] == "x":  # "x" alone: the line was empty
        nodes[0].content = nodes[0].content[2:]
        if not nodes[0].content:
            del nodes[0]
    return nodes


def inline(text: str, references: Mapping[str, Mapping[str, str]] | None = None) -> list[Node]:
    """The inline nodes of one line of Markdown, read as the text of a paragraph, as markdown-it's ``parseInline``
    reads it (plain CommonMark: no strikethrough). ``references`` maps labels (whitespace collapsed, upper case) to
    ``{"href": url}``: the document's definitions, for a line parsed on its own."""
    parser = _inline_parser(references)
    # "x " first keeps the line a paragraph ("1. a", "# a", "    a" would be blocks) and reads like a line start
    # to emphasis; it is taken off the first text node again
    line = "x " + text
    given = _CALLBACK_TYPES
    if isinstance(parser, tuple):
        given = ("Reference", "Collapsed", "Shortcut")
        parser, refs = parser
        labels = {" ".join(label.split()).upper() for label in _LABEL.findall(text)} if refs else ()
        written = [f"[{label}]: <{_escape(refs[label]['href'])}>" for label in labels if label in refs]
        line += "\n\n" + "\n".join(written) if written else ""
    root = _run(line, parser, given).root
    return _line_nodes(root.children[0] if root.children else None)


def inline_many(
    texts: Sequence[str], references: Mapping[str, Mapping[str, str]] | None = None
) -> list[list[Node]]:
    """:func:`inline` of each of ``texts``, parsed in one pass: one paragraph per line, blank lines between (a
    paragraph's inline content never reaches the next one), so a document of 20,000 lines is one call into
    pulldown-cmark and one tree instead of 20,000 of each."""
    parser = _inline_parser(references)
    if isinstance(parser, tuple) or any("\n" in text or "\r" in text for text in texts):
        return [inline(text, references) for text in texts]
    root = _run("\n\n".join(["x " + text for text in texts]), parser, _CALLBACK_TYPES).root
    if len(root.children) != len(texts):  # pragma: no cover - every "x ..." line is one paragraph
        return [inline(text, references) for text in texts]
    return [_line_nodes(paragraph) for paragraph in root.children]
