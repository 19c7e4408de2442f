"""The walker's lists (:class:`_ListRules`): each item's line read as an item, a link-less item over its sub-list
a sub-section or, when its sub-bullets only give links and notes, one item with them; lines of nested bullets read
at their innermost list; a list written without links handed to :mod:`.linkless`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from readinglist.importers.markdown.inline import (
    _flatten,
    _generic,
    _has_link,
    _inline,
    _inline_view,
    _Line,
    _linkify,
    _Piece,
    _plain,
    split_title,
)
from readinglist.importers.markdown.itemline import _LineRules
from readinglist.importers.markdown.rules import _CHECKBOX, _DESC_TRIM, collapse
from readinglist.types import ItemToImport, Link

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node


class _ListRules:
    """``list`` and the reading of its items; the walker provides the rest."""

    items: list[ItemToImport]
    flat: tuple[Node | None, list[_Piece]] | None
    """The last item's line, as list_item() read it: (its paragraph, its pieces), for the last-item check."""
    pending: tuple[_Line, tuple[str, ...]] | None

    if TYPE_CHECKING:  # provided by the walker

        def add(self, line: _Line, section: tuple[str, ...]) -> int: ...
        def line(self, pieces: list[_Piece]) -> _Line: ...
        def resolve(self, href: str, text: str = "") -> str | None: ...
        def linkless(self, items: list[Node]) -> list[_Line | None] | None: ...

    def list(self, node: Node, section: tuple[str, ...]) -> None:
        """:meth:`any_list`, and for a list of one item holding only a list (``- - x``, lines of nested bullets) the
        innermost such list read as :meth:`any_list` reads it through every level (list_item() reads its sub-lists;
        linkless() and the last-item check find nothing else), without two calls per level."""
        chained = False
        while len(node.children) == 1 and len(node.children[0].children) == 1:
            inner = node.children[0].children[0]
            if inner.type not in ("bullet_list", "ordered_list"):
                break
            node = inner
            chained = True
        if not chained:
            self.any_list(node, section)
            return
        self.flat = (None, [])
        self.any_list(node, section)
        self.pending = None  # as the lists around it end

    def any_list(self, node: Node, section: tuple[str, ...]) -> None:
        """A list's items, or the works of a list written without links (see :meth:`linkless`)."""
        items = [item for item in node.children if item.type == "list_item"]
        lines = self.linkless(items)
        if lines is not None:
            for item, line in zip(items, lines):
                if line is None:
                    self.list_item(item, section)
                else:
                    self.add(line, section)
            self.pending = None
            return
        for item in items:
            self.list_item(item, section)
        self.pending = None
        if items and len(items[-1].children) == 1 and items[-1].children[0].type == "paragraph":
            first = items[-1].children[0]
            flat = self.flat  # the last item's pieces, read just now by list_item
            pieces = flat[1] if flat is not None and flat[0] is first else _flatten(_inline(first))
            if not any(p.kind == "link" for p in pieces):
                line = self.line(pieces)
                if line.url is None and line.status is None and line.text:
                    self.pending = (line, section)

    def list_item(self, node: Node, section: tuple[str, ...]) -> None:
        children = node.children
        if len(children) == 1 and children[0].type == "paragraph":  # most items: one line, no sub-list
            first = children[0]
            nodes = _inline_view(first)
            if len(nodes) == 1 and nodes[0].type == "text" and not _LineRules.reads(nodes[0].content):
                self.flat = None  # list() flattens the last item again if it must
                return  # words alone: no item (what line() gives them has no URL and no status)
            pieces = _flatten(nodes)
            self.flat = (first, pieces)
            line = self.line(pieces)
            if line.url is not None or (line.status is not None and line.title):
                self.add(line, section)
            return
        if children and children[0].type not in ("paragraph", "heading"):  # no line: its sub-lists as is
            self.flat = (None, [])
            for sub in children:
                if sub.type in ("bullet_list", "ordered_list"):
                    self.list(sub, section)
            return
        self.any_item(node, section)

    def any_item(self, node: Node, section: tuple[str, ...]) -> None:
        """:meth:`list_item` for every shape (it reads the common ones directly)."""
        nested = [c for c in node.children if c.type in ("bullet_list", "ordered_list")]
        if node.children and node.children[0].type == "heading":  # "- ### Linked Lists" over its sub-list
            label = collapse("".join(_plain(n) for n in _inline(node.children[0])))
            for sub in nested:
                self.list(sub, section + (label,) if label else section)
            return
        first = node.children[0] if node.children and node.children[0].type == "paragraph" else None
        pieces = _flatten(_inline(first))
        self.flat = (first, pieces)
        line = self.line(pieces)
        if line.url is None and line.status is not None and line.title and any(_has_link(n) for n in nested):
            # "- [ ] Description:" over checklist links: a label of the links under it, not a task of its own
            line.status = None
        if line.url is not None or (line.status is not None and line.title):
            index = self.add(line, section)
            extra: list[str] = []
            for sub in node.children[1:]:
                if sub.type == "paragraph" and not _has_link(sub):
                    # "1. **Title** [[Paper](u)]" then "**Overview:** ..." in the item: its words describe it
                    words = collapse("".join(_plain(n) for n in _inline(sub)))
                    if words:
                        extra.append(words)
                    continue
                if sub.type not in ("bullet_list", "ordered_list"):
                    continue
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

    def absorb(self, line: _Line, nested: list[Node]) -> _Line | None:
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
                nodes = _inline_view(child.children[0])
                if len(nodes) == 1 and nodes[0].type == "text" and "://" not in nodes[0].content:
                    text = collapse(nodes[0].content)  # words alone, read as below without pieces
                    if _CHECKBOX.match(text + " "):
                        return None
                    words.append(text)
                    continue
                pieces = _linkify(_flatten(nodes))
                text = collapse("".join(p.text for p in pieces if p.kind in ("text", "strong")))
                found = [p for p in pieces if p.kind == "link"]
                if _CHECKBOX.match(text + " "):
                    return None  # "- [ ] [Notes](u)": a checklist's entries are works of their own
                if not found:
                    words.append(text)
                    continue
                if any(not _generic(p.text) for p in found):
                    return None
                label = text.strip(_DESC_TRIM + "：[]")
                for piece in found:
                    url = None if piece.image_only else self.resolve(piece.href, piece.text)
                    if url is not None:
                        links.append(Link(collapse(piece.text) or label or url, url))
        if not links:
            return None
        title, rest = split_title(line.text.rstrip(":：").strip())
        if not title:
            return None  # a line of ":" names no work: the list's items stand on their own
        return _Line(
            title=title,
            url=links[0].url,
            links=links[1:],
            description=" ".join(w for w in (rest, *words) if w) or None,
            new=line.new,
        )

    def loose_text(self, node: Node) -> str | None:
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
