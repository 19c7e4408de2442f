"""docutils' doctree for the plainest reStructuredText reading lists, built without the docutils parser.

docutils' parser costs about 4-7 CPU seconds per MB of a plain bullet list of links (its state machine runs a
dozen regular expressions per line and a nested state machine per list item), over the 1 s/MB every importer is held
to. Most reading lists are a handful of underlined section titles over bullet lists whose items are
`` `Title <https://...>`_ `` links and plain words. For exactly that subset, :func:`doctree` builds the tree docutils
would build (real :mod:`docutils.nodes` with docutils' attributes and names, read-only and shared where a node has
no name (the tree is read, never changed); sections registered through the document as docutils registers them;
link targets without ids, and nodes without docutils' document, source and line, which nothing reads; the title
promoted by docutils' own ``DocTitle`` transform) in one pass over the lines; the importer's walker then reads it
unchanged.

The subset is recognised strictly: anything else, or anything unsure, makes :func:`doctree` return ``None`` and the
importer runs docutils as before. Recognised: blank lines; section titles (a text line over an underline of one
punctuation character at least as wide, no overline, at the top level only, levels in order of first appearance);
bullet lists (``-``, ``*``, ``+``; items indented to their content column; nested lists after a blank line; a list
ends at a blank line or at its last line); paragraphs of unindented lines; inline text of words without any
markup character, `` `Title <http(s)://...>`_ `` / ``__`` links, and ``*emphasis*`` / ``**strong**`` of such words
(after a space, a line break or ``(``, before one of `` \n.,;:!?)``). Refused (``None``), among others: every other
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

_EMPHASIS = re.compile(r"(?<![^ \n(])(\*\*?)(?=[^\s*)])([^*]*?[^\s*])\1(?=[ \n.,;:!?)]|\Z)")
"""Emphasis (``*``) or strong emphasis (``**``) as docutils reads it where it is surely markup: after a space, a line
break, ``(`` or the text's start, before a space, a line break, ``.,;:!?)`` or the text's end; its words (no ``*``,
no space at either end, no ``)`` first: docutils reads ``(*)`` as quoted) are checked as any text. Each start scans
only to the next ``*``: linear."""

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
    if max(map(len, lines), default=0) > _LINE_LIMIT:
        return None
    from docutils.transforms.frontmatter import DocTitle
    from docutils.utils import new_document

    document = new_document("<string>", copy.copy(_settings()))
    try:
        _Builder(document, text).sections(lines)
    except _Refused:
        return None
    document.setup_child = functools.partial(_adopt, document)  # for the nodes DocTitle moves (see _adopt)
    DocTitle(document).apply()  # docutils' own promotion of a lone top section's title (and subtitle)
    del document.setup_child
    return document


def _adopt(parent: Any, child: Any) -> None:
    """Make ``parent`` the parent of ``child``, as the builder attaches every node: docutils' ``setup_child`` also
    looks the document up four times to give the child its document, source and line, which nothing reads (a
    third of the build of a flat list under a title, all of whose blocks move into the document)."""
    child.parent = parent


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
_NAMED = frozenset({"section", "target"})
"""The nodes the builder names (and docutils gives ids): the only ones whose list attributes are written."""


def _refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError("the attributes of an unnamed node of a fast reStructuredText tree are read-only")


class _ReadOnlyList(list[Any]):
    """An empty list attribute shared by the nodes of a fast tree that get none of their own (the tree is read,
    never changed; four lists and a dict per node were a third of its cost): equal to docutils' own ``[]``, but a
    change raises rather than reach every node. Copies are plain lists."""

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: Any) -> Any:
        return list, ()


class _ReadOnlyDict(dict[str, Any]):
    """The attributes shared by every unnamed node without attributes of its own: read-only as its lists, copied
    (``copy``, ``deepcopy``, ``pickle``) as a plain dict."""

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    update = pop = popitem = clear = setdefault = _refuse  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: Any) -> Any:
        return dict, (dict(self),)


_EMPTY = _ReadOnlyDict({key: _ReadOnlyList() for key in _LIST_ATTRIBUTES})


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
        self.named = self.tagname in _NAMED
        plain = self.state.keys() == _PLAIN_STATE and self.lists == _LIST_ATTRIBUTES
        self.make = self._plain if plain else self._copied  # the docutils of today, or any other

    def _plain(self, rawsource: str, children: list[Any], attributes: dict[str, Any] | None = None) -> Any:
        """A node whose constructor sets exactly the four usual fields and list attributes (spelled out, in the
        constructor's order: faster, and Python keeps them in the class's shared layout rather than a dict); the
        list attributes shared and read-only unless the node is named."""
        node = self.cls.__new__(self.cls)
        node.rawsource = rawsource
        node.children = children
        if self.named:
            node.attributes = {"ids": [], "classes": [], "names": [], "dupnames": [], **(attributes or {})}
        else:
            node.attributes = {**_EMPTY, **attributes} if attributes else _EMPTY
        node.tagname = self.tagname
        for child in children:
            child.parent = node
        return node

    def _copied(self, rawsource: str, children: list[Any], attributes: dict[str, Any] | None = None) -> Any:
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
        nodes.emphasis,
        nodes.strong,
    )
    return {cls.__name__: _Factory(cls).make for cls in (*classes, nodes.target)}


class _Builder:
    """One document's construction, in docutils' order (names and ids are registered as they are met)."""

    def __init__(self, document: Any, text: str) -> None:
        from docutils import nodes

        self.document = document
        self.styles: list[str] = []  # underline characters, in order of first appearance: section levels
        self.names: set[str] = set()  # every section's and named link's name so far
        self.depth = 0  # lists open around the current line
        self.make = _factories()
        self.text = functools.partial(str.__new__, nodes.Text)  # nodes.Text(), without its type checks
        self.normalize = nodes.fully_normalize_name
        self.marked = _TEXT_REFUSED.search(text) is not None  # else no piece of it needs checking: see _check

    def sections(self, lines: list[str]) -> None:
        """Read the whole document: blocks, and section titles opening, nesting and closing sections."""
        stack: list[Any] = [self.document]  # the open sections, the document first
        count = len(lines)
        i = 0
        while i < count:
            if not lines[i]:
                i += 1
                continue
            if i + 1 < count and _PUNCTUATION_LINE.match(lines[i + 1]):
                title, underline = lines[i], lines[i + 1]
                level = self._level(underline[0], len(stack))
                node = self.make["section"]("", [self._title(title, underline)])
                self._register(node, self.normalize(title), explicit=False)
                del stack[level:]
                parent = stack[-1]
                stack.append(node)
                i += 2
            else:
                parent = stack[-1]
                node, i = self.block(lines, i)
            node.parent = parent  # docutils' append, without its look-ups of the document for each node
            parent.children.append(node)

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

    def block(self, lines: list[str], i: int) -> tuple[Any, int]:
        """The block starting at the non-blank line ``i``, and the next line's index."""
        line = lines[i]
        if line[0].isalnum():  # neither a bullet nor punctuation: the common paragraph, without two searches
            return self.paragraph(lines, i)
        if line[0] == " " or _PUNCTUATION_LINE.match(line):
            raise _Refused  # block quote, definition, transition, overline, table...
        if _BULLET.match(line):
            return self.bullet_list(lines, i)
        return self.paragraph(lines, i)

    def blocks(self, lines: list[str]) -> list[Any]:
        """The nodes of a list item's lines (their indentation removed): no section title there."""
        out: list[Any] = []
        i = 0
        while i < len(lines):
            if not lines[i]:
                i += 1
                continue
            if i + 1 < len(lines) and _PUNCTUATION_LINE.match(lines[i + 1]):
                raise _Refused  # docutils: unexpected section title
            node, i = self.block(lines, i)
            out.append(node)
        return out

    def bullet_list(self, lines: list[str], i: int) -> tuple[Any, int]:
        """The bullet list starting at line ``i`` (items until a line that is not one of its items), and the
        next line's index."""
        if self.depth >= _MAX_DEPTH:
            raise _Refused
        self.depth += 1
        bullet = lines[i][0]
        items = []
        count = len(lines)
        while i < count:
            line = lines[i]  # never blank: the lines before it were this list's
            if line[0] != bullet or line[1:2] not in ("", " "):
                break  # not _BULLET with this bullet
            content = line[1:].lstrip(" ")
            if not content:
                raise _Refused  # an item whose text starts on a later line
            indent = len(line) - len(content)
            end = i + 1
            while end < count and (
                not lines[end] or (lines[end][0] == " " and not lines[end][:indent].strip())
            ):
                end += 1
            lead = content[0]  # a word, a link or emphasis: no nested bullet, and no line of punctuation
            if end == i + 1 and (
                lead.isalnum() or lead in "`*" and not _PUNCTUATION_LINE.match(content) and not _BULLET.match(content)
            ):
                children = [self._paragraph(content, content)]
            else:
                children = self.blocks([content] + [inner[indent:] for inner in lines[i + 1 : end]])
            items.append(self.make["list_item"]("", children))
            i = end
        if i < count and lines[i - 1]:
            raise _Refused  # docutils warns: the list ends without a blank line
        self.depth -= 1
        return self.make["bullet_list"]("", items, {"bullet": bullet}), i

    def paragraph(self, lines: list[str], i: int) -> tuple[Any, int]:
        """The paragraph starting at line ``i`` (unindented lines up to a blank one), and the next line's index."""
        end = i + 1
        while end < len(lines) and lines[end]:
            if lines[end][0] == " " or _PUNCTUATION_LINE.match(lines[end]):
                raise _Refused  # an indented line (definition, block quote) or a title where none may be
            end += 1
        return self._paragraph(lines[i], lines[i] if end == i + 1 else "\n".join(lines[i:end])), end

    def _paragraph(self, first: str, text: str) -> Any:
        """The paragraph node of ``text``, whose first line is ``first``; refused when it may start something else
        (an enumerated list, markup)."""
        if not (first[0].isalnum() or first[0] in "`*") or _ENUMERATOR_LIKE.match(first):
            raise _Refused
        return self.make["paragraph"](text, self.inline(text))

    def inline(self, text: str) -> list[Any]:
        """A paragraph's inline nodes: text, and links (a ``_`` link followed by its target, as docutils)."""
        if "`" not in text:
            return self.words(text)
        found: list[Any] = []
        start = 0
        for match in _LINK.finditer(text):
            before = text[start : match.start()]
            after = text[match.end() : match.end() + 1]
            if (match.start() and text[match.start() - 1] not in _BEFORE_LINK) or (
                after and after not in _AFTER_LINK
            ):
                raise _Refused
            found += self.words(before)
            found.extend(self._link(match))
            start = match.end()
        found += self.words(text[start:])
        return found

    def words(self, text: str) -> list[Any]:
        """The nodes of inline text between links (none for no text): words, and their emphasis (see
        :data:`_EMPHASIS`). A piece after a link starts with one of :data:`_AFTER_LINK`, so an emphasis at a piece's
        start is at the paragraph's start, as the pattern assumes."""
        if not self.marked or "*" not in text:
            self._check(text)
            return [self.text(text)] if text else []
        found: list[Any] = []
        start = 0
        for match in _EMPHASIS.finditer(text):
            before, stars, inner = text[start : match.start()], match.group(1), match.group(2)
            self._check(before)
            self._check(inner)
            if before:
                found.append(self.text(before))
            kind = "strong" if len(stars) == 2 else "emphasis"
            found.append(self.make[kind](match.group(0), [self.text(inner)]))
            start = match.end()
        rest = text[start:]
        self._check(rest)
        if rest:
            found.append(self.text(rest))
        return found

    def _check(self, text: str) -> None:
        """Refuse inline text that may hold markup (see :data:`_TEXT_REFUSED`); a piece of a document without any
        such character needs no search (a match in a piece is a match in the whole)."""
        if self.marked and _TEXT_REFUSED.search(text):
            raise _Refused

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
        reference = self.make["reference"](match.group(0), [self.text(title)], {"name": name, "refuri": url})
        if ending == "__":
            return [reference]
        target = self.make["target"](spaced[len(title) :] + f"<{url}>", [], {"refuri": url})
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
