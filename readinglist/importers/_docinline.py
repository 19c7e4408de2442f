"""A document line's inline Markdown read without the parser, where what the parser gives is certain: words alone
(:func:`_words_only`: one text node, the words themselves) and plain text with plain ``[text](https://...)`` links
(:func:`_simple_inline`). Most lines of a document are one or the other; each is checked against the parser by
hypothesis (tests/test_document_fast_paths.py)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node

# A line of plain text and plain [text](https://...) links, nothing else Markdown reads (no emphasis, code, escapes,
# autolinks, HTML, images, entities, reference links, line breaks): its nodes are read here, without the parser.
_SIMPLE_CHARS_RE = re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff\\`<~]*")
_SIMPLE_TEXT_RE = re.compile(r"[^*_]*")
_SIMPLE_LINK_RE = re.compile(r"\[([^*_\[\]]+)\]\((https?://[^\s()\[\]<>\\`\"']+)\)")
_ENTITY_RE = re.compile(r"&#?[A-Za-z0-9]+;")


def _simple_inline(markdown: str) -> list[Node] | None:
    """The inline nodes of ``markdown`` as :func:`~readinglist.importers.markdown.events.inline` reads them, when it
    is plain text and plain ``[text](https://...)`` links only; else ``None`` (the parser reads it)."""
    if (
        not _SIMPLE_CHARS_RE.fullmatch(markdown)
        or markdown[-1:].isspace()
        or ("&" in markdown and _ENTITY_RE.search(markdown) is not None)
    ):
        return None
    brackets = markdown.count("[")
    if brackets != markdown.count("]"):
        return None
    # emphasis and "![" can only be in the text between links (a plain link's text holds no "*" or "_"): asked then
    check = "*" in markdown or "_" in markdown or "!" in markdown
    node, leaf, normalize = _tree()
    nodes: list[Node] = []
    pos = 0
    # each "[" opens a plain link (which holds one of each bracket, its text and URL none)
    for _ in range(brackets):
        start = markdown.find("[", pos)
        m = _SIMPLE_LINK_RE.match(markdown, start)
        if m is None:
            return None
        if start > pos:
            text = markdown[pos:start]
            if check and (text[-1] == "!" or not _SIMPLE_TEXT_RE.fullmatch(text)):
                return None
            nodes.append(leaf("text", text))
        nodes.append(node("link", "a", {"href": normalize(m.group(2))}, "", [leaf("text", m.group(1))]))
        pos = m.end()
    if pos < len(markdown):
        text = markdown[pos:]
        if check and not _SIMPLE_TEXT_RE.fullmatch(text):
            return None
        nodes.append(leaf("text", text))
    return nodes


@functools.cache
def _tree() -> tuple[Any, Any, Any]:
    """The tree's node class and the parser's leaf and URL rules, imported on first use (as the parser is)."""
    from readinglist.importers.markdown.events import _leaf, _normalize
    from readinglist.importers.markdown.tree import Node

    return Node, _leaf, _normalize


_WORD_CHARS = r"[^\x00-\x1f\x7f\ud800-\udfff\\`<~&*_\[\]]*"
_WORDS_RE = re.compile(_WORD_CHARS + r"(?:(?<=[^\W_])_+(?=[^\W_])" + _WORD_CHARS + ")*")


def _words_only(markdown: str) -> bool:
    """Markdown that reads as its own text, one text node (most lines of prose): no link, bare URL, emphasis,
    code, entity, escape or HTML can start in it (an underscore between letters or digits, as in ``snake_case``,
    neither opens nor closes emphasis), and it does not end in a space the parser would take off, so the line reader
    (:func:`readinglist.importers._doclines._classify_line`) takes it without nodes."""
    return "://" not in markdown and not markdown[-1:].isspace() and _WORDS_RE.fullmatch(markdown) is not None
