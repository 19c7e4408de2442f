"""docutils' doctree for the plainest reStructuredText reading lists, built without the docutils parser.

docutils' parser costs about 4-7 CPU seconds per MB of a plain bullet list of links (its state machine runs a
dozen regular expressions per line and a nested state machine per list item), over the 1 s/MB every importer is held
to. Most reading lists are a handful of underlined section titles over bullet lists whose items are
`` `Title <https://...>`_ `` links and plain words. For exactly that subset, :func:`doctree` builds the tree docutils
would build (real :mod:`docutils.nodes` with docutils' attributes and names; sections registered through the
document as docutils registers them; link targets without ids, which nothing reads; the title promoted by docutils'
own ``DocTitle`` transform) in one pass over the lines; the importer's walker then reads it unchanged.

The subset is recognised strictly: anything else, or anything unsure, makes :func:`doctree` return ``None`` and the
importer runs docutils as before. Recognised: blank lines; section titles (a text line over an underline of one
punctuation character at least as wide, no overline, at the top level only, levels in order of first appearance);
bullet lists (``-``, ``*``, ``+``; items indented to their content column; nested lists after a blank line; a list
ends at a blank line or at its last line); paragraphs of unindented lines; inline text of words without any
markup character, and `` `Title <http(s)://...>`_ `` / ``__`` links. Refused (``None``), among others: every other
inline markup character (``*``, stray backticks, ``|``, ``_``, ``\\``, ``[``, ``]``, ``<``, ``>``, ``@``), bare URLs
(``://``) and ``scheme:text`` (docutils links them), ``::``, tabs and control characters, enumerated lists and
paragraphs that start like one, indented lines outside list items (block quotes, definition lists), lines of
punctuation outside titles (transitions, tables, overlines), directives and comments, a list that ends without a
blank line, short underlines, and any name (a section title, a ``_`` link's text) given twice.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

_REFUSED_CHARS = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Tabs (docutils expands them), form feeds and vertical tabs (made spaces) and other control characters."""

_LINE_LIMIT = 100_000
"""docutils' ``line_length_limit`` setting in the importer: a longer line is an error there."""

_MAX_DEPTH = 20
"""Lists nested deeper go to docutils: each level copies its items' lines (quadratic in the depth) and recurses."""

_BULLET = re.compile(r"[-+*]( +|$)")
"""docutils' bullet pattern, without the Unicode bullets."""

_PUNCTUATION_LINE = re.compile(r"([!-/:-@\[-`{-~])\1* *$")
"""docutils' ``line`` pattern: an underline, overline or transition (one 7-bit punctuation character repeated)."""

_ENUMERATOR_LIKE = re.compile(r"[0-9A-Za-z]+[.)](?: |$)")
"""A line docutils may start an enumerated list with (``1.``, ``a)``, ``iv.``), or more: refused as a paragraph."""

_TEXT_REFUSED = re.compile(r"[*`|_\\\[\]<>@]|://|::|:(?=\S)")
"""Inline text with any of these may hold markup docutils reads (emphasis, references, bare URIs, emails...)."""

_LINK = re.compile(r"`([^`<>\\\n]+)<(https?://[^\s<>`\\]+)>`(__?)")
"""An embedded link: its text (with the spaces before ``<``), its URL, and ``_`` (named) or ``__`` (anonymous)."""

_LINK_TITLE_REFUSED = re.compile(r"[*|_\[\]:@]|\s(?<! )")
"""Link text characters refused (markup-like, colons, whitespace other than the plain space)."""

_BEFORE_LINK = frozenset(" \n(")
"""What may precede a link's backquote (docutils' inline markup start rule, reduced)."""

_AFTER_LINK = frozenset(" \n.,;:!?)")
"""What may follow a link's ``_`` (docutils' inline markup end rule, reduced)."""


class _Refused(Exception):
    """The text leaves the recognised subset: docutils must read it."""


def doctree(text: str) -> Any | None:
    """The docutils document tree of ``text`` when it is in the recognised subset, else ``None``."""
    if _REFUSED_CHARS.search(text):
        return None
    lines = [line.rstrip() for line in text.splitlines()]  # as docutils' string2lines, tabs aside
    if any(len(line) > _LINE_LIMIT for line in lines):
        return None
    from docutils.transforms.frontmatter import DocTitle
    from docutils.utils import new_document

    document = new_document("<string>", copy.copy(_settings()))
    try:
        _Builder(document).sections(lines)
    except _Refused:
        return None
    DocTitle(document).apply()  # docutils' own promotion of a lone top section's title (and subtitle)
    return document


@functools.cache
def _settings() -> Any:
    """The runtime settings the importer gives docutils (made once, copied for each document)."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    from readinglist.importers import rst

    settings = get_default_settings(Parser, rst._reader_class())
    for key, value in rst._SETTINGS.items():
        setattr(settings, key, value)
    return settings


_PLAIN_STATE = frozenset({"rawsource", "children", "attributes", "tagname"})
_LIST_ATTRIBUTES = ("ids", "classes", "names", "dupnames")


class _Factory:
    """Makes nodes of one class in the state its constructor leaves them in (copied from one node it made), with
    their children attached; docutils' own ``append`` looks the document up through every ancestor for each child,
    which is most of the cost of a tree of 100,000 items."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        made = cls()
        self.state = dict(made.__dict__)
        self.lists = tuple(key for key, value in made.attributes.items() if isinstance(value, list))
        self.tagname = made.tagname
        plain = self.state.keys() == _PLAIN_STATE and self.lists == _LIST_ATTRIBUTES
        self.make = self._plain if plain else self._copied  # the docutils of today, or any other

    def _plain(self, rawsource: str, children: list[Any], **attributes: Any) -> Any:
        """A node whose constructor sets exactly the four usual fields and list attributes (spelled out: faster)."""
        node = self.cls.__new__(self.cls)
        atts = {"ids": [], "classes": [], "names": [], "dupnames": []}
        if attributes:
            atts.update(attributes)
        node.__dict__ = {
            "rawsource": rawsource,
            "children": children,
            "attributes": atts,
            "tagname": self.tagname,
        }
        for child in children:
            child.parent = node
        return node

    def _copied(self, rawsource: str, children: list[Any], **attributes: Any) -> Any:
        """A node with every field its constructor set, copied."""
        node = self.cls.__new__(self.cls)
        atts = {key: [] for key in self.lists}
        if attributes:
            atts.update(attributes)
        node.__dict__ = {**self.state, "rawsource": rawsource, "children": children, "attributes": atts}
        for child in children:
            child.parent = node
        return node


@functools.cache
def _factories() -> dict[str, Any]:
    """A maker per node class the fast path makes (see :class:`_Factory`)."""
    from docutils import nodes

    classes = (
        nodes.section,
        nodes.title,
        nodes.bullet_list,
        nodes.list_item,
        nodes.paragraph,
        nodes.reference,
    )
    return {cls.__name__: _Factory(cls).make for cls in (*classes, nodes.target)}


class _Builder:
    """One document's construction, in docutils' order (names and ids are registered as they are met)."""

    def __init__(self, document: Any) -> None:
        from docutils import nodes

        self.document = document
        self.styles: list[str] = []  # underline characters, in order of first appearance: section levels
        self.names: set[str] = set()  # every section's and named link's name so far
        self.depth = 0  # lists open around the current line
        self.make = _factories()
        self.text = nodes.Text
        self.normalize = nodes.fully_normalize_name

    def sections(self, lines: list[str]) -> None:
        """Read the whole document: blocks, and section titles opening, nesting and closing sections."""
        stack: list[Any] = [self.document]  # the open sections, the document first
        i = 0
        while i < len(lines):
            if i + 1 < len(lines) and lines[i] and _PUNCTUATION_LINE.match(lines[i + 1]):
                title, underline = lines[i], lines[i + 1]
                level = self._level(underline[0], len(stack))
                section = self.make["section"]("", [self._title(title, underline)])
                self._register(section, self.normalize(title), explicit=False)
                del stack[level:]
                stack[-1] += section
                stack.append(section)
                i += 2
                continue
            found: list[Any] = []
            i = self.block(lines, i, found, titles=True)
            stack[-1].extend(found)

    def _level(self, style: str, depth: int) -> int:
        """The level of a title underlined with ``style`` (1 = top) in a section ``depth`` - 1 deep; a level
        skipped is refused (docutils reports an inconsistent title style)."""
        if style not in self.styles:
            self.styles.append(style)
        level = self.styles.index(style) + 1
        if level > depth:
            raise _Refused
        return level

    def _title(self, title: str, underline: str) -> Any:
        """A section's title node: unindented plain text over an underline at least as wide."""
        from docutils.utils import column_width

        if not title[0].isalnum() or column_width(title) > len(underline) or _TEXT_REFUSED.search(title):
            raise _Refused
        return self.make["title"](title, [self.text(title)])

    def block(self, lines: list[str], i: int, out: list[Any], *, titles: bool) -> int:
        """Read the block starting at line ``i`` (blank lines skipped) into ``out``; the next line's index."""
        line = lines[i]
        if not line:
            return i + 1
        if line[0] == " " or _PUNCTUATION_LINE.match(line):
            raise _Refused  # block quote, definition, transition, overline, table...
        if _BULLET.match(line):
            return self.bullet_list(lines, i, out)
        return self.paragraph(lines, i, out, titles=titles)

    def blocks(self, lines: list[str]) -> list[Any]:
        """The nodes of a list item's lines (their indentation removed): no section title there."""
        out: list[Any] = []
        i = 0
        while i < len(lines):
            if i + 1 < len(lines) and lines[i] and _PUNCTUATION_LINE.match(lines[i + 1]):
                raise _Refused  # docutils: unexpected section title
            i = self.block(lines, i, out, titles=False)
        return out

    def bullet_list(self, lines: list[str], i: int, out: list[Any]) -> int:
        """Read the bullet list starting at line ``i``; items until a line that is not one of its items."""
        if self.depth >= _MAX_DEPTH:
            raise _Refused
        self.depth += 1
        bullet = lines[i][0]
        items = []
        blank_finish = True
        count = len(lines)
        while i < count:
            line = lines[i]
            match = _BULLET.match(line)
            if match is None or line[0] != bullet:
                break
            indent = match.end()
            if indent == len(line):
                raise _Refused  # an item whose text starts on a later line
            end = i + 1
            while end < count and (
                not lines[end] or (lines[end][0] == " " and not lines[end][:indent].strip())
            ):
                end += 1
            blank_finish = end == count or not lines[end - 1]
            content = line[indent:]
            if end == i + 1 and not (_BULLET.match(content) or _PUNCTUATION_LINE.match(content)):
                children = []  # the common one-line item: a paragraph
                self.paragraph([content], 0, children, titles=False)
            else:
                children = self.blocks([content] + [inner[indent:] for inner in lines[i + 1 : end]])
            items.append(self.make["list_item"]("", children))
            i = end
        if not blank_finish:
            raise _Refused  # docutils warns: the list ends without a blank line
        self.depth -= 1
        out.append(self.make["bullet_list"]("", items, bullet=bullet))
        return i

    def paragraph(self, lines: list[str], i: int, out: list[Any], *, titles: bool) -> int:
        """Read the paragraph starting at line ``i`` (unindented lines up to a blank one) into ``out``."""
        first = lines[i]
        if not (first[0].isalnum() or first[0] == "`") or _ENUMERATOR_LIKE.match(first):
            raise _Refused
        end = i + 1
        while end < len(lines) and lines[end]:
            if lines[end][0] == " " or _PUNCTUATION_LINE.match(lines[end]):
                raise _Refused  # an indented line (definition, block quote) or a title where none may be
            end += 1
        text = first if end == i + 1 else "\n".join(lines[i:end])
        out.append(self.make["paragraph"](text, self.inline(text)))
        return end

    def inline(self, text: str) -> list[Any]:
        """A paragraph's inline nodes: text, and links (a ``_`` link followed by its target, as docutils)."""
        if "`" not in text:
            _check_text(text)
            return [self.text(text)]
        found: list[Any] = []
        start = 0
        for match in _LINK.finditer(text):
            before = text[start : match.start()]
            _check_text(before)
            after = text[match.end() : match.end() + 1]
            if (match.start() and text[match.start() - 1] not in _BEFORE_LINK) or (
                after and after not in _AFTER_LINK
            ):
                raise _Refused
            if before:
                found.append(self.text(before))
            found.extend(self._link(match))
            start = match.end()
        rest = text[start:]
        _check_text(rest)
        if rest:
            found.append(self.text(rest))
        return found

    def _link(self, match: re.Match[str]) -> list[Any]:
        """The reference (and, for a named ``_`` link, the target docutils registers) of one embedded link."""
        spaced, url, ending = match.groups()
        title = spaced.rstrip(" ")
        if (
            title == spaced
            or not title[0].isalnum()
            or url.endswith("_")
            or _LINK_TITLE_REFUSED.search(title)
        ):
            raise _Refused
        name = " ".join(title.split())
        reference = self.make["reference"](match.group(0), [self.text(title)], name=name, refuri=url)
        if ending == "__":
            return [reference]
        target = self.make["target"](spaced[len(title) :] + f"<{url}>", [], refuri=url)
        target.referenced = 1
        self._register(target, name.lower(), explicit=True)
        return [reference, target]

    def _register(self, node: Any, name: str, *, explicit: bool) -> None:
        """Name ``node`` as docutils does (a section also gets its id; a link target, many to a list, none: nothing
        reads them, and docutils' ``make_id`` was a third of the build); a name met before is refused (docutils
        reports it)."""
        if name in self.names:
            raise _Refused
        self.names.add(name)
        node["names"].append(name)
        if not explicit:
            self.document.note_implicit_target(node, node)


def _check_text(text: str) -> None:
    """Refuse inline text that may hold markup (see :data:`_TEXT_REFUSED`)."""
    if _TEXT_REFUSED.search(text):
        raise _Refused
