"""reStructuredText reading lists, read with docutils (the reference parser), never with regular expressions.

Rules:

* The document title (a lone top heading) is the list's title; every section below it is a topic, nested sections
  are nested topics (``("1. Model-Free RL", "a. Deep Q-Learning")``). Section titles that are tier markers read
  as in Markdown: ``Tier 2`` / ``Beginner`` set the tier and are no topic, ``Part 1: Basics`` is both.
* Items: a footnote or citation (``.. [#] `Title <https://arxiv.org/abs/...>`_, Authors, Year. **Algorithm: X.**``),
  or a bullet/enumerated list item, whose paragraph carries a titled external link. The first titled link is the
  item (its text the title); further links (``Code link.``, ``Documentation link.``, ``[video]``) are its extra
  links, titled by their text; the words around them describe it. When the link text itself is
  ``Title, Authors, Year``, the title is the part before the authors.
* Tables whose header names the works' column (``Book``, ``Paper``, ``Title``; a grid table's first row when it has
  no ``=`` rule) are read row by row: the title cell (linked by a link in it, else in a link column), the author
  and description columns.
* Not items: the ``.. contents::`` table, internal references (``refid``), mailto, images, substitution and
  comment text; sections named like list infrastructure (Contents, License, Contributing...).
* Relative links resolve against the list's URL (``source_url``).
* Safety: docutils runs with file insertion, raw HTML and configuration files off, and its messages silenced;
  the input is untrusted.
"""

from __future__ import annotations

import functools
import io
import re
from typing import TYPE_CHECKING, Any

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.types import ItemToImport, Kind, Link, ListToImport

if TYPE_CHECKING:
    from docutils import nodes as _nodes

NAME = "rst"
EXTENSIONS = (".rst", ".rest", ".txt.rst")

_SNIFF_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_SNIFF_LINK = re.compile(r"`[^`\n]+<[^>\s]+>`__?")
_SNIFF_DIRECTIVE = re.compile(r"^\.\. (?:\[[#*\w-]*\]|[\w-]+::|_[^:]+:)")
_AUTHORS_YEAR = re.compile(
    r"^(?P<title>.{8,}?),\s+(?P<authors>[^,]{2,80}?(?:et al\.?|and [^,]{2,40})?),?\s+(?P<year>(?:19|20)\d\d)\.?$"
)
_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "_disable_config": True,
    "input_encoding": "unicode",
    "embed_stylesheet": False,
    "line_length_limit": 100_000,
}


MAX_BYTES = 2 * 1024 * 1024
"""reStructuredText lists over this size are refused (the other formats take up to 20 MB): docutils builds a
node tree of the whole document and spends about 8 CPU seconds and 130 MB of memory per MB of list (1 MB of
bullet links: 22,000 items), so 20 MB would take minutes and gigabytes. A reading list is tens of kilobytes."""

MAX_SUBSTITUTIONS = 1000
"""Substitution references (``|name|``) past this many are read as their plain text: docutils replaces each one
through its parent's child list (``list.index``), quadratic in a paragraph of them (1 MB of ``|a|``: hours)."""


MAX_REFERENCES_PER_PARAGRAPH = 500
"""More references, substitutions or footnote references than this in one paragraph refuse the document: docutils
resolves each through its parent's child list, quadratic in one paragraph of them (100 KB of ``[#]_``: 37 s). A
reading list has a link or two per item."""

_REFERENCE = re.compile(r"\w__?(?!\w)|`__?(?!\w)|\]_(?!\w)|\|[^|\s](?:[^|\n]*[^|\s])?\|")
_PARAGRAPH_BREAK = re.compile(
    r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+\u2022]|\d+[.)]|#\.|\(?[A-Za-z0-9]\)|\.\.)[ \t])"
)
"""Where a paragraph ends: a blank line, or a line that starts a list item or a directive (an item each)."""


def _check_paragraphs(text: str, source_url: str | None) -> int:
    """Refuse text with a paragraph of more than :data:`MAX_REFERENCES_PER_PARAGRAPH` references (one linear scan;
    none without ``_`` and ``|``, which every reference has); the number of references in the whole text."""
    if "_" not in text and "|" not in text:
        return 0
    total = 0
    for block in _PARAGRAPH_BREAK.split(text):
        count = len(_REFERENCE.findall(block))
        total += count
        if count > MAX_REFERENCES_PER_PARAGRAPH:
            raise ImportFormatError(
                f"{source_url or 'input'} has a paragraph of {count:,} references or substitutions (more than "
                f"{MAX_REFERENCES_PER_PARAGRAPH}); refused: a reading list has a link or two per item",
                format=NAME,
                source=source_url,
            )
    return total


MAX_DOCUTILS_BYTES = 128 * 1024
"""A document the fast path does not take (anything but plain bullets of words, emphasis and links, see
:mod:`._rstfast`) is refused over this size: docutils spends 7-50 CPU seconds per MB on it (definition lists 21,
enumerated lists 18, footnotes 30-50), against the 1 s/MB every importer is held to, and a real list read by
docutils is 14-26 KB (docutils' link list, Spinning Up's key papers, Sphinx's examples)."""

MAX_DOCUTILS_LINES = 3000
"""... and over this many lines: docutils' cost follows its lines more than its bytes (60-300 CPU microseconds a
line: a line a definition, a footnote, a list 30 deep), so 3,000 lines cost at most about 1 s. The real lists above
have 260-480 lines."""

MAX_DOCUTILS_REFERENCES = 5000
"""... and with more references (``name_``, `` `Title <url>`__ ``, ``|name|``, ``[#]_``) than this: docutils spends
30-60 CPU microseconds on each (40,000 anonymous ``a__`` in 128 KB: 1.9 s). Sphinx's list of projects has 420, a
plain list of 2 MB (read without docutils) 40,000."""

MAX_NOTES = 1000
"""Footnotes and citations (``.. [#]``, ``.. [*]``, ``.. [1]``, ``.. [Name]``) past this many, or as many references
to them (``[#]_``), refuse the document: docutils numbers auto-numbered and auto-symbol ones by a search through all
those before, quadratic in their count (7,000 footnotes and their references: 6 s). Spinning Up's key papers have
105 and no reference."""

MAX_TRANSITIONS = 200
"""Transitions (a line of ``----`` between blank lines) past this many refuse the document: docutils' transform
finds each one's place by a search through its siblings, quadratic in their count (1,400: 2.4 s). A reading list
has a few, if any."""

DENSITY_FLOOR = 64 * 1024
"""Documents up to this many characters are never refused for their density (see :data:`MIN_LINE_CHARS`)."""

MIN_LINE_CHARS = 12
"""A document over :data:`DENSITY_FLOOR` whose lines are shorter than this on average (blank lines counted) is
refused before its parse: even the fast path builds and walks a few nodes a line in Python, 1-1.4 CPU s a MB of
``- x`` lines, for nothing to import. Real lists write 30-50 characters a line (Spinning Up's key papers 47,
docutils' link list 54); at this limit the densest shape costs about half a second a MB."""


def _check_density(text: str, source_url: str | None) -> None:
    """Refuse text of more lines than a reading list has for its size (:data:`MIN_LINE_CHARS`), counted in C."""
    if len(text) <= DENSITY_FLOOR:
        return
    lines = text.count("\n") + 1
    if lines * MIN_LINE_CHARS > len(text):
        raise ImportFormatError(
            f"{source_url or 'input'} is too dense to be a reading list: {lines:,} lines in "
            f"{len(text) / 1024:,.0f} KB ({len(text) / lines:.1f} characters a line; lists write {MIN_LINE_CHARS} or "
            "more); import it with --format document, read line by line",
            format=NAME,
            source=source_url,
        )


_NOTE = re.compile(r"\.\.[ ]+\[")
"""The start of a footnote or citation (docutils' explicit markup start followed by its label's bracket)."""

_TRANSITION = re.compile(r"^[ \t]*\n([!-/:-@\[-`{-~])\1{3,}[ \t]*\n(?=[ \t]*(?:\n|\Z))", re.MULTILINE)
"""A transition: a line of one punctuation character four or more times, after and before a blank line."""

_WAY_OUT = "convert it to Markdown to import it"


def _check_docutils_input(text: str, size: int, references: int, source_url: str | None) -> None:
    """Refuse, before docutils reads it, a document that would cost docutils more than about 1.5 CPU seconds: over
    :data:`MAX_DOCUTILS_BYTES`, :data:`MAX_DOCUTILS_LINES` or :data:`MAX_DOCUTILS_REFERENCES` (``references``, as
    :func:`_check_paragraphs` counted them), or with more footnotes, citations or transitions than any reading list
    (docutils is quadratic in them). Each count is one scan in C (``str.count``, a linear regex)."""
    where = source_url or "input"

    def refuse(what: str) -> ImportFormatError:
        return ImportFormatError(f"{where} {what}", format=NAME, source=source_url)

    subset = f"(plain bullets of words and links are read up to {MAX_BYTES // (1024 * 1024)} MB; {_WAY_OUT})"
    if size > MAX_DOCUTILS_BYTES:
        raise refuse(
            f"is {size / 1024:,.0f} KB of reStructuredText beyond plain bullets and links; docutils reads that at "
            f"7-50 CPU s per MB, so over {MAX_DOCUTILS_BYTES // 1024} KB it is refused {subset}"
        )
    lines = len(text.splitlines())  # as docutils splits them: at any line break, not only at newlines
    if lines > MAX_DOCUTILS_LINES:
        raise refuse(
            f"has {lines:,} lines of reStructuredText beyond plain bullets and links; docutils spends up to 0.3 ms "
            f"on each, so over {MAX_DOCUTILS_LINES:,} lines it is refused {subset}"
        )
    if references > MAX_DOCUTILS_REFERENCES:
        raise refuse(
            f"has {references:,} references or substitutions beyond plain bullets and links; docutils spends up to "
            f"60 microseconds on each, so over {MAX_DOCUTILS_REFERENCES:,} it is refused {subset}"
        )
    notes, references = len(_NOTE.findall(text)), text.count("]_")
    if notes > MAX_NOTES or references > MAX_NOTES:
        raise refuse(
            f"has {notes:,} footnotes or citations and {references:,} references to them (more than {MAX_NOTES:,}); "
            f"refused: docutils numbers them in time growing with the square of their count, and a reading list "
            f"has a few hundred at most ({_WAY_OUT})"
        )
    transitions = len(_TRANSITION.findall(text)) if "\n\n" in text else 0
    if transitions > MAX_TRANSITIONS:
        raise refuse(
            f"has {transitions:,} transitions (lines of punctuation between blank lines; more than "
            f"{MAX_TRANSITIONS}); refused: docutils places each in time growing with their count, and a reading "
            f"list has a few ({_WAY_OUT})"
        )


@functools.cache
def _reader_class() -> Any:
    """docutils' standalone reader class, linear on hostile input (made once; each parse takes a new instance).

    * No ``DanglingReferences``: it turns each unresolved reference into a "problematic" node through its parent's
      child list, quadratic in a paragraph of them (100 KB of ``a_`` took 220 s). An unresolved reference has no
      URL, so it was never an item anyway.
    * ``Substitutions`` runs as docutils' own unless the document holds more than :data:`MAX_SUBSTITUTIONS`
      references; then every one is read as its text, in one pass over each parent.
    """
    from docutils import nodes
    from docutils.readers import standalone
    from docutils.transforms import references

    class Substitutions(references.Substitutions):
        def apply(self) -> None:
            refs = list(self.document.findall(nodes.substitution_reference))
            if len(refs) <= MAX_SUBSTITUTIONS:
                super().apply()
                return
            parents = {id(ref.parent): ref.parent for ref in refs if ref.parent is not None}
            for parent in parents.values():
                kept = [
                    nodes.Text(child.astext()) if isinstance(child, nodes.substitution_reference) else child
                    for child in parent.children
                ]
                parent.children = []
                parent.extend(kept)

    class Reader(standalone.Reader):
        def get_transforms(self) -> list[Any]:
            swap = {references.Substitutions: Substitutions}
            return [
                swap.get(t, t) for t in super().get_transforms() if t is not references.DanglingReferences
            ]

    return Reader


def sniff(text: str) -> int:
    """0..100: how sure we are that ``text`` is reStructuredText (underlined headings, `` `text <url>`_ `` links,
    ``.. [#]`` footnotes and ``.. directive::`` lines in the first 2,000 lines)."""
    head = text.lstrip("\ufeff \t\n")[:200].lower()
    if head.startswith(("{", "[{", "<", "@", "# ")):
        return 0
    lines = text.splitlines()[:2000]
    underlines = sum(
        1
        for above, line in zip(lines, lines[1:])
        if above.strip() and _SNIFF_UNDERLINE.match(line) and len(line.rstrip()) >= len(above.rstrip())
    )
    links = sum(1 for line in lines if _SNIFF_LINK.search(line))
    directives = sum(1 for line in lines if _SNIFF_DIRECTIVE.match(line))
    markdown_links = sum(1 for line in lines if "](" in line)
    if markdown_links > links:
        return 0
    score = 0
    if underlines:
        score += 30 if underlines >= 2 else 15
    if links >= 3:
        score += 45
    elif links:
        score += 25
    if directives:
        score += 20
    return min(score, 100)


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Parse a reStructuredText reading list (see the module docstring).

    Raises :class:`ImportFormatError` for empty/binary input and when the document has no item.
    """
    if len(data) > MAX_BYTES:
        raise ImportFormatError(
            f"{source_url or 'input'} is {len(data) / (1024 * 1024):.1f} MB; reStructuredText lists over "
            f"{MAX_BYTES // (1024 * 1024)} MB are refused: docutils needs about 8 s and 130 MB for each MB "
            "(convert it to Markdown to import it)",
            format=NAME,
            source=source_url,
        )
    text = decode(data, format=NAME, source=source_url)
    _check_density(text, source_url)
    references = _check_paragraphs(text, source_url)
    from docutils.core import publish_doctree

    from readinglist.importers import _rstfast

    doc = _rstfast.doctree(text)  # the same tree without docutils' parser for plain lists; None for the rest
    if doc is None:
        _check_docutils_input(text, len(data), references, source_url)
    try:
        if doc is None:
            doc = publish_doctree(
                text,
                reader=_reader_class()(),
                settings_overrides=dict(_SETTINGS, warning_stream=io.StringIO()),
            )
    except Exception as exc:  # docutils raises its own errors for severe markup problems
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFormatError(
            f"could not read {source_url or 'input'} as reStructuredText: {reason}",
            format=NAME,
            source=source_url,
        ) from exc
    walker = _Walker(source_url)
    walker.walk(doc.children, (), None)
    title = doc.get("title") or None
    _dismantle(doc)
    if not walker.items:
        raise ImportFormatError(
            f"{source_url or 'input'} has no links to import: no footnote, citation or list item carries a link, "
            "and no table names its works' column",
            format=NAME,
            source=source_url,
        )
    return ListToImport(
        items=tuple(walker.items),
        title=" ".join(str(title).split()) or None if title else None,
        source_url=source_url,
        format=NAME,
        sections=tuple(walker.sections),
        warnings=tuple(walker.warnings()),
    )


@functools.cache
def _docutils_nodes() -> Any:
    """``docutils.nodes``, imported on first use (this module is imported to sniff every input; docutils is slow to
    import), then asked per node at the cost of a cached call rather than an import statement."""
    from docutils import nodes

    return nodes


@functools.cache
def _markdown_rules() -> Any:
    from readinglist.importers.markdown import rules

    return rules


@functools.cache
def _markdown_inline() -> Any:
    from readinglist.importers.markdown import inline

    return inline


def _dismantle(doc: Any) -> None:
    """Take the read tree apart, so that reference counting frees it at once: each node points to its parent and
    its document, cycles the cyclic collector would otherwise have to trace through the whole tree when it runs
    again after the parse (a fifth of a plain list's import). Emptying every child list, a level of the tree at a
    time, leaves only upward references, which cannot close a cycle (a text node has no list of its own: ``()``)."""
    level = [doc]
    while level:
        below: list[Any] = []
        for node in level:
            children = node.children
            if children:
                below += children
                children.clear()
        level = below
    doc.__dict__.clear()  # its transformer, reporter and name maps point back at it and at nodes


class _Walker:
    def __init__(self, source_url: str | None) -> None:
        from readinglist.importers.markdown.walker import _Walker as _MarkdownWalker

        self.items: list[ItemToImport] = []
        self.sections: list[tuple[str, ...]] = []
        self._links = _MarkdownWalker(source_url)  # the one place that decides which links are items

    def warnings(self) -> list[str]:
        return self._links.warnings()

    def walk(self, children: Any, section: tuple[str, ...], tier: Any) -> None:
        """Read the docutils nodes ``children`` (a section's, a list item's...) under topic ``section``."""
        nodes, rules = _docutils_nodes(), _markdown_rules()

        for child in children:
            if isinstance(child, nodes.paragraph):
                continue  # read only as a list item's or a footnote's (below), never alone (the commonest: first)
            if isinstance(child, nodes.section):
                title = next((c for c in child.children if isinstance(c, nodes.title)), None)
                name = " ".join(title.astext().split()) if title is not None else ""
                key = name.lower().rstrip(":").strip()
                if key in rules.CONTENTS_SECTIONS:  # its subsections are the list
                    self.walk([c for c in child.children if isinstance(c, nodes.section)], section, tier)
                    continue
                if key in rules.SKIPPED_SECTIONS:
                    continue
                marker = (
                    rules.tier_marker(name) if name else None
                )  # as in Markdown: "Tier 2" tiers, "Part 1: X" both
                inner = tier
                if marker is not None:
                    inner = rules.TierMarker(marker.tier, marker.label)
                path = section + (name,) if name and (marker is None or marker.name) else section
                if path and path != section:
                    self.sections.append(path)
                self.walk(child.children, path, inner)
            elif isinstance(child, nodes.topic) and "contents" in child.get("classes", []):
                continue
            elif isinstance(child, (nodes.footnote, nodes.citation)):
                for para in child.children:
                    if isinstance(para, nodes.paragraph):
                        self.item(para, section, tier)
                        break
            elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
                for entry in child.children:
                    paras = [c for c in entry.children if isinstance(c, nodes.paragraph)]
                    if not paras or not self.item(paras[0], section, tier):
                        if len(entry.children) == 1 and paras:
                            continue  # one paragraph without a link: nothing below it to read
                        if not self.labelled(paras, section, tier):
                            self.walk(entry.children, section, tier)
                    else:  # "* `Vim <url>`__:" over its plugins' bullets: they are items too, as in Markdown
                        lists = (nodes.bullet_list, nodes.enumerated_list)
                        self.walk([c for c in entry.children if isinstance(c, lists)], section, tier)
            elif isinstance(child, (nodes.block_quote, nodes.container, nodes.compound, nodes.list_item)):
                self.walk(child.children, section, tier)
            elif isinstance(child, nodes.table):
                self.table(child, section, tier)

    def table(self, table: Any, section: tuple[str, ...], tier: Any) -> None:
        """A table whose header names its works' column (``Book``, ``Paper``, ``Title``): a row is an item, titled
        by that cell (linked by a link in it, else by a URL column), with its author and description columns."""
        nodes = _docutils_nodes()
        group = next((c for c in table.children if isinstance(c, nodes.tgroup)), None)
        head = next((c for c in group.children if isinstance(c, nodes.thead)), None) if group is not None else None
        body = next((c for c in group.children if isinstance(c, nodes.tbody)), None) if group is not None else None
        if body is None or not body.children:
            return
        rows = list(body.children)
        if head is not None and head.children:
            header = head.children[-1]
        else:  # a grid table without a "+===+" line under its header: the first row names the columns
            header, rows = rows[0], rows[1:]
        names = [" ".join(e.astext().split()) for e in header.children]
        columns = _table_columns(names)
        if "title" not in columns:
            return
        kind = _TABLE_KINDS.get(names[columns["title"]].lower().rstrip("s"))
        for row in rows:
            cells = list(row.children)

            def cell(field: str, cells: list[Any] = cells) -> str:
                at = columns.get(field)
                return " ".join(cells[at].astext().split()) if at is not None and at < len(cells) else ""

            title = cell("title")
            if not title:
                continue
            refs = [n["refuri"] for n in cells[columns["title"]].findall(nodes.reference) if n.get("refuri")]
            if "url" in columns and columns["url"] < len(cells):
                refs += [n["refuri"] for n in cells[columns["url"]].findall(nodes.reference) if n.get("refuri")]
                refs += cell("url").split()[:1]
            urls = [u for u in (self._links.resolve(r, title) for r in refs) if u and "://" in u]
            self.items.append(
                ItemToImport(
                    title=title,
                    url=urls[0] if urls else None,
                    section=section,
                    tier=tier.tier if tier is not None else None,
                    tier_label=tier.label if tier is not None else None,
                    description=cell("description") or None,
                    author=cell("author") or None,
                    kind=kind,
                )
            )

    def labelled(self, paras: list[_nodes.paragraph], section: tuple[str, ...], tier: Any) -> bool:
        """A bullet whose first paragraph names the work without a link and a later one links it ("* Gnome's
        gedit offers a reST preview." + "Latest version of the plugin is available from `bittner @ github`_"):
        one item, titled by the first paragraph, linked by the later one's first link."""
        nodes, split_title = _docutils_nodes(), _markdown_inline().split_title

        label = " ".join(paras[0].astext().split()) if paras else ""
        for para in paras[1:] if label else ():
            refs = [
                (" ".join(n.astext().split()), n["refuri"])
                for n in para.findall(nodes.reference)
                if n.get("refuri")
            ]
            found = [(text, self._links.resolve(href, text)) for text, href in refs]
            urls = [(text, url) for text, url in found if url and "://" in url]
            if urls:
                title, rest = split_title(label.rstrip(".:"))
                text = " ".join(" ".join(p.astext().split()) for p in paras[1:])
                extras = tuple(Link(text or url, url) for text, url in urls[1:])
                description = " ".join(p for p in (rest, text) if p) or None
                return self._add(title, urls[0][1], section, tier, description, extras)
        return False

    def item(self, para: _nodes.paragraph, section: tuple[str, ...], tier: Any = None) -> bool:
        """Read one paragraph as an item; ``False`` when it has no titled external link (at once without any
        reference: most paragraphs of a long list of words)."""
        nodes = _docutils_nodes()
        for node in para.children:
            if isinstance(node, nodes.reference):
                break
        else:
            return False
        generic, icon_text = (
            _markdown_inline()._generic,
            _markdown_rules()._ICON_TEXT,
        )

        links: list[tuple[str, str]] = []
        words: list[str] = []
        relative = ""  # the first relative link's text: without a web link, the item is kept by that title
        for node in para.children:
            if isinstance(node, nodes.reference) and node.get("refuri"):
                text = " ".join(node.astext().split())
                if text == node["refuri"]:
                    text = ""
                url = self._links.resolve(node["refuri"], text)
                if url is not None and "://" in url:
                    links.append((text, url))
                    continue
                if url is not None and not relative:
                    relative = text  # counted by the link rules' warning ("kept by title without a link")
                words.append(text)
            elif isinstance(node, (nodes.target, nodes.image, nodes.substitution_reference, nodes.comment)):
                continue
            else:
                words.append(node.astext())
        titled = [i for i, (t, _) in enumerate(links) if t and not generic(t) and not icon_text.fullmatch(t)]
        if not links:
            return bool(relative) and self._add(relative, None, section, tier, _rest(words, relative), ())
        lead = " ".join(" ".join(words[:1]).split()) if words else ""
        if titled:
            main = titled[0]
            title = links[main][0]
        elif lead:
            main, title = 0, lead.strip(" ,.:;-–—")
        else:
            return False
        description = " ".join(" ".join(words).split()).strip(" ,.;:-–—") or None
        m = _AUTHORS_YEAR.match(title)
        if m:
            title = m.group("title").strip()
            description = " ".join(p for p in (f"{m.group('authors')}, {m.group('year')}", description) if p)
        if description and titled and title and description.startswith(title):
            description = description[len(title) :].strip(" ,.;:-–—") or None
        extras = tuple(
            Link((t or u).rstrip(".").strip() or u, u) for i, (t, u) in enumerate(links) if i != main
        )
        return self._add(title, links[main][1], section, tier, description, extras)

    def _add(
        self,
        title: str,
        url: str | None,
        section: tuple[str, ...],
        tier: Any,
        description: str | None,
        links: tuple[Link, ...],
    ) -> bool:
        self.items.append(
            ItemToImport(
                title=title,
                url=url,
                section=section,
                tier=tier.tier if tier is not None else None,
                tier_label=tier.label if tier is not None else None,
                description=description,
                links=links,
            )
        )
        return True


_TABLE_TITLES = frozenset(("book", "books", "paper", "papers", "title", "article", "reading", "course", "talk"))
_TABLE_KINDS = {"book": Kind.BOOK, "paper": Kind.PAPER, "article": Kind.POST, "course": Kind.COURSE, "talk": Kind.VIDEO}


def _table_columns(names: list[str]) -> dict[str, int]:
    """Which column of a table's header holds each field: the works' (``Book``), ``Author (last name)``,
    ``Description``, a link column; by the CSV importer's header words, the first column found winning."""
    from readinglist.importers.csvfile import field_of

    found: dict[str, int] = {}
    for at, name in enumerate(names):
        word = name.lower().split("(")[0].strip()
        field = "title" if word in _TABLE_TITLES else field_of(word) or field_of(word.split()[0] if word else "")
        if field in ("title", "author", "description", "url") and field not in found:
            found[field] = at
    return found


def _rest(words: list[str], title: str) -> str | None:
    """The paragraph's words after its title, as a description."""
    text = " ".join(" ".join(words).split())
    return text.removeprefix(title).strip(" ,.;:-–—") or None
