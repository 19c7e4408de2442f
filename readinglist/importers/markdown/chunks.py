"""Cutting a long Markdown document into pieces parsed alone, with the same blocks as the whole.

The syntax tree of a 100k-item list is several hundred thousand Python objects (markdown-it's token stream was
about 300 MB); parsed and walked piece by piece, only one piece's tree is alive at a time. A cut is made only where CommonMark guarantees that nothing before it changes how what
follows is read, and nothing after it changes what came before: before an ATX heading (``#`` .. ``######`` at
column 0) that follows a blank line. The blank line ends every paragraph, table and HTML block of kinds 6-7; a line
at column 0 that is not a paragraph continuation ends every list item, block quote and indented code block.

Only blocks that a blank line does not end could run across such a cut: fenced code and HTML blocks of kinds 1-5
(``<script``/``<pre``/``<style``/``<textarea``, comments, ``<?``, ``<!X``, ``<![CDATA[``) that do not close on
their opening line. A document holding any of them, or defining link references (``[x]: url``, which serve the
whole document), is parsed whole, as are documents under :data:`CHUNK_CHARS`.

A piece's tree is held in memory whole (about 250 bytes a node, and pulldown-cmark's events beside it), so a piece
that may make more than :data:`MAX_NODES` nodes is refused before it is parsed (see :func:`nodes_at_most`): 20 MB
of one-character bullets with no heading to cut at took 3.5 GB; a 20 MB list of ``- [Title](url) - note`` lines
(4.2 million by the bound) stays under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CHUNK_CHARS = 256 * 1024
"""Smallest piece worth cutting: short documents (every real list we know of) are parsed whole."""

_CUT = re.compile(r"\n[ \t]*\n(?=#{1,6}(?:[ \t\n]|$))")
_FENCE = re.compile(r"^[ \t>]*(?:`{3}|~{3})", re.MULTILINE)
_REFERENCE = re.compile(r"^[ \t>]*\[(?:[^\\\[\]\n]|\\.)*\]:", re.MULTILINE)
# HTML blocks of kinds 1-5 opened on a line that does not also close them (CommonMark tests the whole line)
_OPEN_HTML = re.compile(
    r"^[^\S\n]*(?:<(?:script|pre|style|textarea)(?:\s|>|$)(?![^\n]*</(?:script|pre|style|textarea)>)"
    r"|<!--(?![^\n]*-->)|<\?(?![^\n]*\?>)|<![A-Za-z](?![^\n]*>)|<!\[CDATA\[(?![^\n]*\]\]>))",
    re.MULTILINE | re.IGNORECASE,
)


MAX_NODES = 5_000_000
"""The most tree nodes one piece may make (about 1.3 GB with pulldown-cmark's events): over it, the piece is refused."""

_TWO_NODES = ("\n", "- ", "* ", "+ ", ". ", ") ", ">", "|", "#", "<")
"""Strings each of which adds at most two nodes: a line (a paragraph's text and break, an item's text, a row), a
list, quote or heading marker (the container and what it opens: ``1.`` and ``1)`` too), a table cell, an HTML tag
or an autolink (the tag or link and its text)."""
_SPAN_DELIMITERS = ("*", "_", "`", "~")
"""Emphasis, code and strikethrough delimiters: two nodes for each (a pair opens a span, its text and the text
after it)."""


_ALWAYS = 8
"""The root, and the block and text that close the last line when it has no line break."""


def nodes_at_most(text: str) -> int:
    """An upper bound on the number of tree nodes ``text`` makes, counted in C (``str.count``) before any parse.

    Every node of the tree starts at one of a few characters: a line, a container marker, a cell, a link's ``[``
    (the link, its text and the text after it: three), an emphasis or code delimiter. The bound holds for the
    densest shapes we know of (tests/reliability/test_markdown_bounds.py checks it against the built tree); it
    overcounts ordinary prose, which only matters near :data:`MAX_NODES`, far above any real list."""
    return blocks_at_most(text) + 3 * text.count("[")


def blocks_at_most(text: str) -> int:
    """:func:`nodes_at_most` without the nodes of links: the blocks and spans a text can make around its links,
    which is what costs time without giving items (see :data:`MAX_DENSITY`)."""
    return 2 * sum(map(text.count, _TWO_NODES + _SPAN_DELIMITERS)) + _ALWAYS


MAX_DENSITY = 0.4
"""The most blocks and spans (:func:`blocks_at_most`) a character a document longer than :data:`DENSITY_FLOOR` may
make. Reading lists make 0.05-0.21 (the five Elicit versions 0.11, the densest fixture, a list of short quoted
titles, 0.21): their lines carry titles, links and descriptions. Text of nothing but the smallest blocks (``- x``
lines, lines of 40 nested bullets, one-cell table rows, one-line headings) makes 1-1.3 and cost 1-2.4 CPU s a MB
to build and walk in Python, a node at a time; at this limit the costliest of them, diluted, stays under 1 s a
MB."""

DENSITY_FLOOR = 64 * 1024
"""Documents up to this many characters are never refused for density: whatever their shape, they parse in a
fraction of a second (a short checklist of one-word items is dense and real)."""


def too_dense(text: str) -> int | None:
    """The blocks and spans :func:`blocks_at_most` counts in ``text`` when they are more than :data:`MAX_DENSITY`
    a character of a text over :data:`DENSITY_FLOOR`; ``None`` when the text may be parsed."""
    if len(text) <= DENSITY_FLOOR:
        return None
    blocks = blocks_at_most(text)
    return blocks if blocks > MAX_DENSITY * len(text) else None


def whole(text: str) -> bool:
    """Whether ``text`` must be parsed in one piece (it holds a block a cut could split). Each pattern is searched
    only when the text holds the string it cannot match without: tried at every line start, they took 0.06 of the
    1.07 CPU s of a megabyte of one-word paragraphs."""
    return (
        (("```" in text or "~~~" in text) and _FENCE.search(text) is not None)
        or ("]:" in text and _REFERENCE.search(text) is not None)
        or ("<" in text and _OPEN_HTML.search(text) is not None)
    )


def pieces(text: str, size: int | None = None) -> Iterator[str]:
    """``text`` in pieces of at least ``size`` characters (default :data:`CHUNK_CHARS`; the last piece may be
    shorter), cut only where safe."""
    size = CHUNK_CHARS if size is None else size
    if len(text) <= size or "\n#" not in text or whole(text):  # no heading, no cut: the text is one piece
        yield text
        return
    start = 0
    while len(text) - start > size:
        m = _CUT.search(text, start + size)
        if m is None:
            break
        yield text[start : m.end()]
        start = m.end()
    yield text[start:]
