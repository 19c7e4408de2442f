"""The document importer's lines (:mod:`readinglist.importers.document`): each line of the text classified (blank,
heading, numbered, bold, text, or a line of links), its inline Markdown parsed with pulldown-cmark (many lines in
one call; each distinct line once; words alone, and a line that can hold no link where its words are not read, not at
all), and its reading links found: Markdown links and autolinks, and bare URLs in the plain text between them,
without the document's own address, cover images, image and share links (:mod:`._docurls`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from readinglist.importers._docinline import _simple_inline, _words_only
from readinglist.importers._docurls import _is_reading_url, _trim_url
from readinglist.urls import is_web_url

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from readinglist.importers.markdown.tree import Node

# --- patterns ------------------------------------------------------------------------------------------


_URL_RE = re.compile(r"(?i)\bhttps?://[^\s<>\"'`\u3000-\u303f\uff00-\uffef\u2018-\u201f【】「」『』《》]+")
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•·◦▪●◉]|\d{1,3}[.)、])\s+")
_BARE_BULLET_RE = re.compile(r"^\s*[-*+•·◦▪●◉]\s*$")
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2})\s*[.)、．]\s*(\S.*)$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]{1,200})\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?\s*$")
_BOXES = " xX/-"
"""What a checklist box holds: ``[ ]`` to read, ``[x]`` read, ``[/]`` reading, ``[-]`` skipped."""
_CHECK_LINE_RE = re.compile(r"^\[([" + re.escape(_BOXES) + r"])\]\s*(?:[-–—:]\s+)?(\S.{0,300})$")
"""``[ ] - Title by Author``, ``[x] Title``: a checklist line (its box, then the work), in plain text."""
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_].*?)\1\s*$")
# The document's own address and its cover: a labelled line, never a reading link.
_OWN_ADDRESS_RE = re.compile(
    r"(?i)^(?:原文链接|原文地址|原文网址|阅读原文|本文链接|本文地址|文章链接|文章地址|原文|来源|出处|转载自|"
    r"source|original(?:\s+(?:post|article|url))?|originally\s+(?:published|posted)(?:\s+(?:at|on|in))?|"
    r"canonical(?:\s+url)?|permalink)\s*(?::|：|→|->)?\s*$"
)
_COVER_RE = re.compile(
    r"(?i)^(?:封面图?链接|封面图?|头图|题图|配图|cover(?:\s+image)?|image|thumbnail|featured\s+image|banner)\s*"
    r"(?::|：|→|->)?\s*$"
)
_FOOTER_WORDS = (
    "copyright",
    "all rights reserved",
    "©",
    "版权所有",
    "icp备",
    "icp证",
    "公网安备",
    "免责申明",
    "免责声明",
)
"""Words of a copyright/footer line, lower-case (:data:`_FOOTER_RE` reads them in any case), and ``(c) 2024``."""
_FOOTER_RE = re.compile(r"(?i)(?:" + "|".join(map(re.escape, _FOOTER_WORDS)) + r"|\(c\)\s*\d{4})")
_SHARE_TEXT_RE = re.compile(
    r"(?i)^(?:share(?:\s+(?:on|this|via).*)?|tweet(?:\s+this)?|subscribe.*|follow(?:\s+(?:me|us).*)?|sign\s*up|"
    r"log\s*in|sign\s*in|like|分享.*|订阅.*|关注.*|点赞.*|在看|转发.*|扫码.*)$"
)

_GENERIC_TEXT = frozenset(
    {
        "here",
        "link",
        "this",
        "this link",
        "click here",
        "read more",
        "more",
        "more details",
        "source",
        "website",
    }
    | {
        "this post",
        "this article",
        "original",
        "这里",
        "此处",
        "链接",
        "点击这里",
        "点此",
        "这篇文章",
        "原文",
        "全文",
    }
)
_DATE_LINE_RE = re.compile(
    r"(?i)^(?:发布时间|发布日期|发表时间|日期|时间|date|published(?:\s+on)?|posted(?:\s+on)?)\s*[:：]\s*(\S.*)$"
)

# --- line model ----------------------------------------------------------------------------------------


@dataclass
class _Found:
    """One link found on a line, before it becomes an item."""

    url: str
    text: str  # the link's own text, or the text before a bare URL ("" when none)
    markdown: bool  # came from [text](url) / <url>, not a bare URL
    generic: bool = False
    before: str = ""  # the plain text between the previous link and this one


@dataclass
class _Line:
    """One line of the document, classified. A text line that holds no link and stands neither above a link or
    checklist line nor in a list beside a line of links keeps no words (``text`` and ``plain`` empty): the rules read
    a text line's words only there (:func:`_above_links`)."""

    kind: str  # blank | skip | heading | numbered | bold | text | links | check
    text: str = ""
    level: int = 0
    links: list[_Found] = field(default_factory=list)
    list_item: bool = False
    url_only: bool = False
    plain: str = ""  # a link or text line's visible text without markup, for descriptions and titles; a box's mark
    own_address: str | None = None
    date: str | None = None
    emphasis: str = ""  # a heading's first bold or italic text: the title in "### Paper: **Title** – Authors"; a list
    # text line's when it opens with it ("- **Title** by Author")
    indent: int = 0  # a list line's: the columns before its marker (a deeper line is its child)
    linked: bool = False  # a list text line holding a link that is no reading link (an anchor, a page of the site)


# --- classifying lines ---------------------------------------------------------------------------------


_BATCH = 2000
"""Lines whose inline Markdown is parsed in one call (:func:`~readinglist.importers.markdown.events.inline_many`)."""


_BLANK = _Line("blank")
_SKIP = _Line("skip")
"""The lines that say nothing, one shared instance each (a document is half blank lines; lines are only read)."""


def _classify(lines: list[str], refs: dict[str, dict[str, str]]) -> list[_Line]:
    """Each line classified; a line written again (blank lines, separators, a repeated link) is the same
    :class:`_Line`, classified once per document (lines are only read once made). A text line whose Markdown can
    hold no link (:func:`_unread`) is parsed only if it stands above a link line, where its words are read."""
    keys = _unfenced(lines)
    known: dict[str, _Line] = {_FENCED: _SKIP}
    unread: dict[str, _Shape] = {}
    for start in range(0, len(keys), _BATCH):
        shapes: dict[str, _Shape] = {}
        for raw in dict.fromkeys(keys[start : start + _BATCH]):
            if raw not in known:
                shape = _shape(raw, refs)
                if type(shape) is not _Shape:
                    known[raw] = shape
                elif _unread(shape):
                    unread[raw] = shape
                    known[raw] = _Line("text", list_item=shape.list_item, indent=shape.indent)  # words: below
                else:
                    shapes[raw] = shape
        _classify_shapes(shapes, refs, known)
    read = _above_links(keys, known, unread)
    for start in range(0, len(read), _BATCH):
        _classify_shapes({raw: unread[raw] for raw in read[start : start + _BATCH]}, refs, known)
    return list(map(known.__getitem__, keys))


def _classify_shapes(shapes: dict[str, _Shape], refs: dict[str, dict[str, str]], known: dict[str, _Line]) -> None:
    """Classify the lines of ``shapes`` into ``known``, the Markdown they need parsed in one pass."""
    parsed = _parse_lines([markdown for shape in shapes.values() for markdown in _asked(shape)], refs)
    for raw, shape in shapes.items():
        known[raw] = _classify_line(shape, refs, parsed)


def _above_links(keys: list[str], known: dict[str, _Line], unread: dict[str, _Shape]) -> list[str]:
    """The lines of ``unread`` that stand above a link or checklist line (blank lines between): there the words of
    a text line are read, as the title of the link (``_title_line_for`` in :mod:`~readinglist.importers.document`)
    or as the heading of its section (``_is_plain_heading``); nowhere else."""
    if not unread:
        return []
    read: dict[str, None] = {}
    below = ""  # the kind of the next line that is not blank
    for raw in reversed(keys):
        if below in ("links", "check") and raw in unread:
            read[raw] = None
        kind = known[raw].kind
        if kind != "blank":
            below = kind
    if not any(ln.list_item and ln.kind == "links" for ln in known.values()):
        return list(read)
    for run in linked_lists([known[raw] for raw in keys]):  # beside a line of links, a plain title is a work
        for i in (run[0] - 1, *run):  # and the line right above the list may name it
            if i >= 0 and keys[i] in unread:
                read[keys[i]] = None
    return list(read)


_LISTED = frozenset(("text", "links", "check"))
"""The kinds of line a list is made of (a numbered line without link is a heading or an ordered list's own)."""


def list_run(lines: Sequence[_Line], start: int) -> tuple[list[int], int]:
    """The first run of list lines (``- item``, ``[ ] item``, blank lines between them) from ``start`` on, by index,
    and the index where it ends (the line after it that is neither blank nor a list line, else the end)."""
    end = len(lines)
    i = start
    while i < end and not (lines[i].list_item and lines[i].kind in _LISTED):
        i += 1
    run: list[int] = []
    while i < end:
        ln = lines[i]
        if ln.list_item and ln.kind in _LISTED:
            run.append(i)
        elif ln.kind != "blank":
            break
        i += 1
    return run, i


def linked_lists(lines: Sequence[_Line]) -> list[list[int]]:
    """The runs of list lines (:func:`list_run`) holding a line of links: there a plain title is a work
    (:class:`readinglist.importers.document._Lists`), so its words are read."""
    runs: list[list[int]] = []
    start = 0
    while start < len(lines):
        run, start = list_run(lines, start)
        if any(lines[i].kind == "links" for i in run):
            runs.append(run)
    return runs


_FENCED = "\n"
"""What :func:`_unfenced` puts for a line of a fenced code block: no line of the text can be it."""


def _unfenced(lines: list[str]) -> list[str]:
    """``lines`` with those of fenced code blocks, fences included, made :data:`_FENCED` (most documents have no
    fence: one look at the text then)."""
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return lines
    out: list[str] = []
    fence: str | None = None
    for raw in lines:
        m = _FENCE_RE.match(raw)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append(_FENCED)
        elif m:
            fence = m.group(1)
            out.append(_FENCED)
        else:
            out.append(raw)
    return out


def _parse_lines(markdown: list[str], refs: dict[str, dict[str, str]]) -> dict[str, list[Node]]:
    """The inline nodes of each of ``markdown`` (the lines' heading texts and bodies), read by
    :func:`_simple_inline` or else parsed in one pass; a line read otherwise is parsed on its own."""
    from readinglist.importers.markdown.events import inline_many

    found: dict[str, list[Node]] = {}
    rest: list[str] = []
    for text in dict.fromkeys(markdown):
        nodes = _simple_inline(text)
        if nodes is None:
            rest.append(text)
        else:
            found[text] = nodes
    if rest:
        found.update(zip(rest, inline_many(rest, refs)))
    return found


def _bare_bullet(line: str) -> bool:
    """A stripped line that is only a bullet (``-``, ``•``): one character, so the pattern is asked only then."""
    return len(line) == 1 and _BARE_BULLET_RE.match(line) is not None


def _reference_definition(raw: str) -> bool:
    """A ``[label]: url`` line (it holds ``]:``, checked first as most lines do not)."""
    return "]:" in raw and _REF_DEF_RE.match(raw) is not None


def _heading(raw: str) -> re.Match[str] | None:
    """A ``#`` heading's match (its ``#`` comes within the first four characters, checked first)."""
    return _MD_HEADING_RE.match(raw) if "#" in raw[:4] else None


def _footer(line: str) -> bool:
    """A copyright/footer line (:data:`_FOOTER_RE`), asked only of a line holding one of its words
    (:data:`_FOOTER_WORDS`) in lower case, or one of the letters its case rule also reads as ``i`` or ``s``."""
    low = line.lower()
    for word in _FOOTER_WORDS:  # a loop, not any() over a generator: asked of every line of a document
        if word in low:
            break
    else:
        if not ("(c)" in low or "ı" in line or "İ" in line or "ſ" in line):
            return False
    return _FOOTER_RE.search(line) is not None


def _unquoted(line: str) -> str:
    """A stripped line without its ``>`` quote markers (it starts with ``>`` when it has any)."""
    return _QUOTE_RE.sub("", line) if line[:1] == ">" else line


def _without_list_marker(body: str) -> tuple[str, bool]:
    """``body`` without its list marker (``-``, ``1.``, ``•``), and whether it had one."""
    m = _LIST_MARKER_RE.match(body)
    return (body[m.end() :], True) if m is not None else (body, False)


class _Shape(NamedTuple):
    """A line read up to its inline Markdown: what :func:`_classify_line` needs once that is parsed."""

    line: str  # stripped
    heading: re.Match[str] | None  # a "#" heading with text
    body: str  # the Markdown to read: the heading's text, else the line without quote and list markers
    list_item: bool = False
    numbered: re.Match[str] | None = None  # "1. Title" not written as a bullet: a numbered line (group 2: its text)
    bold: re.Match[str] | None = None  # "**Title**" alone, not a list item: a bold line (group 2: its text)
    words: bool = False  # the body reads as its own text (:func:`_words_only`, :func:`_box_words`): nothing to parse
    linkless: bool = False  # not a heading, and no link can be in the body (:data:`_LINK_START_RE`)
    indent: int = 0  # a list item's columns before its marker (tabs as four)


def _shape(raw: str, refs: dict[str, dict[str, str]]) -> _Line | _Shape:
    """A line's shape, or its :class:`_Line` already when its inline Markdown does not matter (a blank, date,
    footer line or a reference definition) or is certain (a bare URL alone: :func:`_lone_url`)."""
    line = raw.strip()
    if line[:4] == "http" and not _footer(line):  # no rule below but the footer's reads a line opening so otherwise
        lone = _lone_url(line)
        if lone is not None:
            return lone
    if not line or _bare_bullet(line):
        return _BLANK
    if _reference_definition(raw):
        return _SKIP
    dm = _DATE_LINE_RE.match(line) if ":" in line or "：" in line else None  # a date line has a colon
    if dm and not _URL_RE.search(line):
        return _Line("skip", date=dm.group(1).strip())
    hm = _heading(raw)
    if hm and hm.group(2) is not None:
        return _Shape(line, hm, hm.group(2), words=_words_only(hm.group(2)))
    if _footer(line):
        return _SKIP
    body = _unquoted(line)
    numbered = _NUMBERED_RE.match(body) if not line.startswith(("-", "*", "+")) else None
    body, list_item = _without_list_marker(body)
    bold = _BOLD_LINE_RE.match(body) if not list_item and ("**" in body or "__" in body) else None
    words = _words_only(body) or _box_words(body, refs)
    linkless = words or _LINK_START_RE.search(body) is None
    indent = len(raw[: len(raw) - len(raw.lstrip())].expandtabs(4)) if list_item else 0
    return _Shape(line, None, body, list_item, numbered, bold, words, linkless, indent)


_LONE_URL_RE = re.compile(
    r"https?://[^\s\x00-\x1f\x7f\ud800-\udfff\\`<>~*_&\[\]\"'\u3000-\u303f\uff00-\uffef\u2018-\u201f【】「」『』《》]+"
)
"""A line that is one bare URL holding no character Markdown reads (emphasis, code, escape, entity, HTML, bracket,
strikethrough): its inline Markdown is its own text (as :func:`_simple_inline` reads it), one :data:`_URL_RE` match."""


def _lone_url(line: str) -> _Line | None:
    """The line of one bare URL alone (``https://example.org/a/123``, a link dump's every line), read without
    parsing: what :func:`_find_links` and :func:`_classify_line` make of its one text node (checked by hypothesis in
    tests/test_import_document_more.py); ``None`` for any other line (a URL ending in a stop, an underscore...)."""
    if _LONE_URL_RE.fullmatch(line) is None or _trim_url(line) != line:
        return None
    if not _is_reading_url(line):
        return _SKIP  # an image or share link alone
    return _Line("links", links=[_Found(line, "", markdown=False)], url_only=True, plain=line)


def _box_words(markdown: str, refs: dict[str, dict[str, str]]) -> bool:
    """``[x] Title by Author``: a checklist box then words alone (:func:`_words_only`), which the parser reads as its
    own text too (the box is no link: no definition has its label, and no link follows it), as a reading log's
    lines are; :func:`_classify_line` reads it without nodes."""
    rest = markdown[3:]
    return (
        markdown[:1] == "["
        and markdown[2:3] == "]"
        and markdown[1] in _BOXES
        and markdown[1].strip().upper() not in refs
        and (not rest or rest[0].isspace())
        and _words_only(rest)
    )


_LINK_START_RE = re.compile(r"[\[<&\\]|://")
"""What a link needs in a line's Markdown: a bracket, an autolink or HTML, a bare URL, or an escape or entity
that could make one of its characters."""


def _unread(shape: _Shape) -> bool:
    """A text line that can hold no link, with Markdown to parse for its words: those are read only above a link
    line (:func:`_above_links`), so it is parsed only there."""
    return shape.linkless and not (shape.words or shape.numbered or shape.bold)


def _body_parsed(shape: _Shape) -> bool:
    """Whether the Markdown of a line's body is parsed: not for words alone, nor for a numbered or bold line that
    can hold no link (its text is its own part's; the plain text of its body is not read)."""
    return not shape.words and not (shape.linkless and (shape.numbered or shape.bold))


def _asked(shape: _Shape) -> list[str]:
    """The Markdown :func:`_classify_line` parses for a line: its body (:func:`_body_parsed`), and the text of a
    numbered or bold line unless that is words alone."""
    asked = [shape.body] if _body_parsed(shape) else []
    titled = shape.numbered or shape.bold
    if titled is not None and not _words_only(titled.group(2)):
        asked.append(titled.group(2))
    return asked


def _classify_line(shape: _Shape, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]]) -> _Line:
    line, hm, body, list_item, numbered, bm, words, _, indent = shape
    if hm is not None:
        text = _plain_text(body, refs, parsed)
        if not text:
            return _BLANK
        emphasis = _emphasis(body, refs, parsed) if "*" in body or "_" in body else ""
        return _Line("heading", text=text, level=len(hm.group(1)), emphasis=emphasis)
    if words:
        found, plain, own = [], " ".join(body.split()), None
    elif not _body_parsed(shape):
        found, plain, own = [], "", None
    else:
        found, plain, own = _find_links(body, refs, parsed)
    if own is not None:
        return _Line("skip", own_address=own)
    if found:
        url_only = len(found) == 1 and not found[0].markdown and not found[0].text
        return _Line("links", links=found, list_item=list_item, url_only=url_only, plain=plain, indent=indent)
    if ("://" in line and _URL_RE.search(line)) or "![" in line:
        return _SKIP  # only images / boilerplate links on this line
    box = _CHECK_LINE_RE.match(body) if body[:1] == "[" else None
    if box:  # "[x] - Grokking Algorithms": a reading log's line, done or not, without a link
        title = _plain_text(box.group(2), refs, parsed)
        if title:
            return _Line("check", text=title, plain=box.group(1), list_item=True, indent=indent)
    if numbered:
        return _Line("numbered", text=_plain_text(numbered.group(2), refs, parsed))
    if bm:
        return _Line("bold", text=_plain_text(bm.group("text"), refs, parsed))
    if list_item and not words and ("[" in body or "<" in body or body[:1] in ("*", "_")):
        return _list_text(shape, plain, refs, parsed)
    return _Line("text", text=plain, list_item=list_item, plain=plain, indent=indent)


def _list_text(shape: _Shape, plain: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]]) -> _Line:
    """A list item's text line whose Markdown may hold a link that is no reading link (``[A](#a)``: the line is no
    plain title) or open with bold or italic text (``**Title** by Author``: the title)."""
    from readinglist.importers.markdown.inline import _has_link, first_emphasis

    nodes = _parsed(shape.body, refs, parsed)
    first = next((n for n in nodes if not (n.type == "text" and not n.content.strip())), None)
    emphasis = first_emphasis([first]) if first is not None and first.type in _EMPHASIS else ""
    linked = any(_has_link(node) for node in nodes)
    return _Line(
        "text", text=plain, list_item=True, plain=plain, emphasis=emphasis, indent=shape.indent, linked=linked
    )


def _parsed(
    markdown: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> list[Node]:
    """One line's inline nodes as the Markdown parser gives them (``parsed`` holds lines parsed already)."""
    nodes = parsed.get(markdown) if parsed is not None else None
    if nodes is None:
        nodes = _simple_inline(markdown)
    if nodes is None:
        from readinglist.importers.markdown.events import inline

        nodes = inline(markdown, refs)
    return nodes


def _emphasis(
    markdown: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> str:
    """A heading's first bold or italic text, as the Markdown importer reads it (the same parse, the same rule)."""
    from readinglist.importers.markdown.inline import first_emphasis

    return first_emphasis(_parsed(markdown, refs, parsed))


def _inline(
    markdown: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> list[Node]:
    """One line's inline Markdown, emphasis opened up: text, code, breaks, links and images in line order
    (``parsed`` holds lines parsed already, by their Markdown)."""
    nodes = _parsed(markdown, refs, parsed)
    for node in nodes:
        if node.type in _EMPHASIS:
            break
    else:
        return nodes  # most lines: nothing to open up (read only, as every caller does)
    out: list[Node] = []
    stack: list[Iterator[Node]] = []
    it = iter(nodes)
    while True:
        for node in it:
            if node.type in _EMPHASIS:
                stack.append(it)
                it = iter(node.children)
                break
            out.append(node)
        else:
            if not stack:
                return out
            it = stack.pop()


_EMPHASIS = frozenset(("em", "strong", "s"))


def _link_text(link: Node) -> tuple[str, bool]:
    """A link's visible text (images' alt text left out) and whether it holds an image."""
    children = link.children
    if len(children) == 1 and children[0].type == "text":  # most links: "[Title](url)"
        return " ".join(children[0].content.split()), False
    parts: list[str] = []
    has_image = False
    stack = [iter(link.children)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif node.type == "image":
            has_image = True
        elif node.type in ("text", "code_inline"):
            parts.append(node.content)
        else:
            stack.append(iter(node.children))
    return " ".join("".join(parts).split()), has_image


def _plain_text(
    markdown: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> str:
    """The visible text of one line of inline Markdown (words alone are their own: no nodes made)."""
    if _words_only(markdown):
        return " ".join(markdown.split())
    parts: list[str] = []
    for node in _inline(markdown, refs, parsed):
        if node.type in ("text", "code_inline"):
            parts.append(node.content)
        elif node.type == "link":
            parts.append(_link_text(node)[0])
    return " ".join("".join(parts).split())


def _find_links(
    body: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> tuple[list[_Found], str, str | None]:
    """The reading links of one line, its plain text, and the document's own address if the line gives it.

    Walks the line's inline nodes: ``[text](url)`` and ``<url>`` links, images (left out), and bare URLs in
    the plain text between them. The text before a bare URL (since the previous link) is its candidate title.
    """
    tokens = _inline(body, refs, parsed)
    found: list[_Found] = []
    plain_parts: list[str] = []
    pending: list[str] = []  # plain text since the last link: the candidate title of a following bare URL
    own: str | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "text" or kind == "code_inline":
            content = tok.content
            if "://" in content:
                pos = 0
                for m in _URL_RE.finditer(content):
                    url = _trim_url(m.group(0))
                    pending.append(content[pos : m.start()])
                    plain_parts.append(content[pos : m.start() + len(url)])
                    before = "".join(pending)
                    label = _label(before)
                    if _OWN_ADDRESS_RE.match(label):
                        own = own or url
                    elif _COVER_RE.match(label):
                        pass
                    elif _is_reading_url(url):
                        found.append(_Found(url, before, markdown=False, before=before))
                    pending = []
                    pos = m.start() + len(url)
                content = content[pos:]
            pending.append(content)
            plain_parts.append(content)
        elif kind == "link":
            href = str(tok.attrs.get("href") or "")
            text, has_image = _link_text(tok)
            plain_parts.append(text)
            before = "".join(pending)
            label = _label(before) if before else ""
            if label and _OWN_ADDRESS_RE.match(label) and is_web_url(href):
                own = own or href
            elif label and _COVER_RE.match(label):
                pass
            elif _is_reading_url(href) and not (has_image and not text) and not _SHARE_TEXT_RE.match(text):
                autolink = tok.content == "autolink"
                title = "" if autolink else text
                generic = title.lower().strip(" .") in _GENERIC_TEXT
                found.append(_Found(href, title, markdown=True, generic=generic, before=before))
            pending = []
        elif kind == "softbreak" or kind == "hardbreak":
            pending.append(" ")
            plain_parts.append(" ")
    if own is not None and not found:
        return [], "", own
    return found, " ".join("".join(plain_parts).split()), None


def _label(text: str) -> str:
    """The text before a URL as a label: whitespace collapsed, emphasis and list markers stripped."""
    return " ".join(text.replace("*", " ").split()).strip(" -–—|([{)]}:：")
