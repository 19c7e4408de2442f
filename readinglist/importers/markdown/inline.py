"""Inline content of a Markdown block as pieces of text and links, and titles made from them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readinglist.importers.markdown.rules import (
    _BARE_URL,
    _DESC_TRIM,
    _GENERIC_PREFIX,
    _RATED,
    _TITLE_BREAKS,
    _URL_TAIL,
    GENERIC_LINK_TEXTS,
    LONG_TITLE,
    TierMarker,
    collapse,
)
from readinglist.types import Link, Status

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node


class _Piece:
    """One inline element of a line, flattened: text, strong text, a link, a line break or a progress marker.

    A plain class with slots, read only by convention: a line makes several, and a frozen dataclass costs five
    times as much to build."""

    __slots__ = ("kind", "text", "href", "image_only")

    def __init__(self, kind: str, text: str = "", href: str = "", image_only: bool = False) -> None:
        self.kind = kind  # "text" | "strong" | "link" | "break" | "rated" | "note"
        self.text = text
        self.href = href
        self.image_only = image_only

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Piece({self.kind!r}, {self.text!r}, {self.href!r}, {self.image_only!r})"


class _Em(_Piece):
    """A text piece that was italic (``_Title_``): read as text everywhere, except where a line needs its title and
    the emphasis names it (``_Title_ by **Authors** [download](u)``: the italic part, not the bold one)."""

    __slots__ = ()


def _plain(node: Node) -> str:
    """The visible text of an inline node and its descendants (images and raw HTML dropped)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type in ("image", "html_inline"):
        return ""
    return "".join(_plain(child) for child in node.children)


def first_emphasis(nodes: Iterable[Node]) -> str:
    """The visible text of the first bold or italic run among a line's inline ``nodes``: the title in
    ``### Paper: **Title** – Authors`` (see :func:`readinglist.importers._headings.named_work`)."""
    for node in nodes:
        if node.type in ("strong", "em"):
            return collapse(_plain(node))
    return ""


def _has_link(node: Node) -> bool:
    """Whether ``node`` is or holds a link (a loop over its descendants: asked of every paragraph and table row)."""
    if node.type == "link":
        return True
    pending = [node.children]
    while pending:
        for child in pending.pop():
            if child.type == "link":
                return True
            if child.children:
                pending.append(child.children)
    return False


def _inline(node: Node | None) -> list[Node]:
    """The inline children of a block that holds text (paragraph, heading, table cell)."""
    return list(_inline_view(node))


def _inline_view(node: Node | None) -> list[Node]:
    """:func:`_inline` without the copy, for a reader that only reads (asked of every paragraph and item)."""
    if node is None:
        return []
    for child in node.children:
        if child.type == "inline":
            return child.children
    return []


def _flatten(nodes: Iterable[Node]) -> list[_Piece]:
    out: list[_Piece] = []
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline"):
            out.append(_Piece("text", node.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(_Piece("break"))
        elif kind == "link":
            href = str(node.attrs.get("href") or "")
            children = node.children
            if len(children) == 1 and children[0].type == "text":  # "[Title](url)": its text, no image
                text = collapse(children[0].content)
                image_only = False
            else:
                kids = [k for k in children if not (k.type == "text" and not k.content.strip())]
                image_only = bool(kids) and all(k.type == "image" for k in kids)
                text = collapse(_plain(node))
            if text in (
                href,
                href.removeprefix("mailto:"),
            ):  # <https://...> or [url](url): no title of its own
                text = ""
            out.append(_Piece("link", text, href, image_only))
        elif kind in ("strong", "em"):
            children = node.children
            if len(children) == 1 and children[0].type == "text":  # "**word**": its text, no link inside
                plain = children[0].content
            elif _has_link(node):
                out.extend(_flatten(children))
                continue
            else:
                plain = _plain(node)
            content = collapse(plain)
            rated = _RATED.fullmatch(content) if kind == "em" else None
            if rated:
                out.append(_Piece("rated", rated.group(1)))
            elif kind == "em" and content == "note:":
                out.append(_Piece("note"))
            elif kind == "strong":
                out.append(_Piece("strong", plain))
            else:
                out.append(_Em("text", plain))
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
    emphasis: str = ""  # its first bold or italic text: the title in "### Paper: **Title** – Authors"


@functools.lru_cache(maxsize=4096)
def _generic(text: str) -> bool:
    """Link text that names the kind of link ("paper", "Link to Course", "Click Here", "free online"), not
    the resource.
    Asked once per text: a table asks it of each row's links, and rows repeat their link texts ("paper")."""
    plain = collapse(text).strip("[]()<>.:!*🔗 ").lower()
    if not plain or plain in GENERIC_LINK_TEXTS:
        return True
    rest = _GENERIC_PREFIX.sub("", plain)
    if rest != plain and (not rest or rest in GENERIC_LINK_TEXTS):
        return True
    remark = _REMARK.search(text)  # "Link (free)", "PDF (arXiv)": a generic word and a remark on the link
    return remark is not None and remark.start() > 0 and _generic(text[: remark.start()])


_REMARK = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
"""A parenthesised remark closing a link text."""


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
