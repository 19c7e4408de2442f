"""Reading orders written without links (mixed into the walker): bold-title lists and title-column tables."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readinglist.importers.markdown.columns import schedule
from readinglist.importers.markdown.inline import _flatten, _has_link, _inline, _Line, _plain
from readinglist.importers.markdown.rules import (
    _CHECKBOX,
    _READING_CONTEXT,
    _SEQUENCE_CELL,
    _TITLE_COLUMN,
    SENTENCE_END,
    collapse,
)

if TYPE_CHECKING:
    from readinglist.importers.markdown.inline import _Heading
    from readinglist.importers.markdown.rules import TierMarker
    from readinglist.importers.markdown.tree import Node
    from readinglist.types import ItemToImport


_QUOTED = re.compile(r"[\"“«《「『](.+)[\"”»》」』]")
"""A bold title in quotes (``**"Deep Learning"**``): the work's name, whatever the heading above it."""


_CITATION = re.compile(r"\((?:[^()]*?[\s,])?(?:1[5-9]|20)\d\d[a-z]?\)")
"""A citation in parentheses, ending with its year: ``(Rumelhart et al., 1986)``, ``(Knuth 1968)``, ``(2017)``."""


def _cited(text: str) -> tuple[str, str] | None:
    """``Title (Authors, Year) rest`` split into the title and the rest from the citation on; ``None`` when the
    words hold no citation after a title (``LLM.int8() (Dettmers et al., 2022)``: the first one with a year)."""
    found = _CITATION.search(text)
    if found is None:
        return None
    title = collapse(text[: found.start()])
    return (title, text[found.start() :]) if title else None


def _cites(paragraph: Node) -> bool:
    """Whether a paragraph's text holds a citation: a list's only item may then be a cited title (a topic of one
    paper)."""
    return any(n.type == "text" and _CITATION.search(n.content) for n in _inline(paragraph))


_PLACEHOLDER_TITLE = re.compile(
    r"(?:tbd|todo|wip|tba|n/?a|more\b.*|coming soon.*|to be (?:added|continued).*|etc\.?|\W*)", re.IGNORECASE
)
"""A line that holds the place of works to come (``TBD``, ``More coming soon``, ``...``), not a work's title."""


def _plain_title(words: str) -> str | None:
    """The title a plain line among linked works gives (``The Annotated Turing``, ``[Building a mathematical
    mind]``, the brackets of an unresolved reference dropped); ``None`` for what does not read as a title: a
    sentence, a label (``Papers:``), more than 15 words, a placeholder (``TBD``, ``More coming soon``)."""
    title = collapse(words)
    if title.startswith("[") and title.endswith("]"):
        title = title[1:-1].strip()
    if (
        not 2 <= len(title) <= 150
        or len(title.split()) > 15
        or title.endswith((":", "："))
        or SENTENCE_END.search(title)
        or _PLACEHOLDER_TITLE.fullmatch(title)
    ):
        return None
    return title


_TITLE_TAIL = re.compile(r"\s*(?:by\s|[—–\-:|,;]|\(|\[)", re.IGNORECASE)
"""What follows a title on its line when the rest says who wrote it or what it is: ``by``, a dash, a colon, a
parenthesis (``_Dark Eden_ by Chris Beckett``, ``**BERT** (Devlin et al., 2018)``, ``**Title** — the Transformer``)."""

_QUOTED_OPENING = re.compile(r"\s*[\"“«](?P<title>[^\"“”«»]{2,200})[\"”»](?P<rest>.*)", re.DOTALL)
"""A plain line opening with a title in quotes: ``"Anna Karenina" by Leo Tolstoy``, ``"Dune"``."""

_QUOTED_WORDS = 25
"""The most words of a quoted title (``"The Surprise of Cremona: One Woman's Adventures in ..."``: 15)."""


def _quoted_opening(words: str) -> tuple[str, str] | None:
    """``(title, rest)`` for a plain line that opens with a quoted title followed by nothing, by who wrote it or
    by what it is (``"Beloved" by Toni Morrison``, ``"The Stranger" Albert Camus``, ``"Dune" (1965)``); ``None``
    otherwise, and for a quoted sentence the line goes on from (``"Read" the paper first``). The quotes say where
    the title ends, which a plain line without them does not."""
    found = _QUOTED_OPENING.fullmatch(words)
    if found is None:
        return None
    title, rest = collapse(found.group("title")), collapse(found.group("rest"))
    if not title or len(title.split()) > _QUOTED_WORDS or title.endswith((":", "：")):
        return None
    if rest and _TITLE_TAIL.match(rest) is None and not _names(rest):
        return None
    return title, rest


_QUOTED_BYLINE = re.compile(r"(?:by\s|\(|$)", re.IGNORECASE)
"""What may follow a plain quoted title under a heading not about reading (see :meth:`_LinklessRules.linkless`):
``by`` and its author, a parenthesis, or nothing; a dash and a name there is as often a quotation and who said it."""


def _quoted_with_author(paragraph: Node) -> bool:
    """Whether a paragraph without links is a quoted title and who wrote it (``"Beloved" by Toni Morrison``): a
    list's only item may then be a work, as a cited title may (a topic of one book)."""
    inline = _inline(paragraph)
    if any(n.type not in ("text", "softbreak") for n in inline):
        return False
    opening = _quoted_opening("".join(n.content for n in inline if n.type == "text"))
    author = _BY_AUTHOR.fullmatch(opening[1]) if opening is not None else None
    return author is not None and _names(author.group("who"))


_PROSE_WORDS = 8
"""The fewest words of a sentence that describes the title above it (shorter plain lines are titles or labels)."""


def _describes(words: str) -> bool:
    """Whether a plain list item that reads as no title is a sentence that can describe the title item right above
    it (``- *Gödel, Escher, Bach*`` then ``- A playful braid of logic, art and music that ...``): at least
    :data:`_PROSE_WORDS` words, with a sentence's stop inside or at its end, or more than 15 words."""
    count = len(words.split())
    return count >= _PROSE_WORDS and (count > 15 or SENTENCE_END.search(collapse(words)) is not None)


_BY_AUTHOR = re.compile(r"\s*(?:[—–-]\s*(?:by\s+)?|by\s+)(?P<who>[^\W\d_].*)", re.IGNORECASE | re.DOTALL)
"""The rest of a line after a work's emphasised title, naming who wrote it: ``by Alan Turing``, ``- Vaswani et
al.``, ``- by Tom B. Brown et al.``."""

_AUTHOR_OPENING = re.compile(r"\s*(?:[—–-]|by\s)", re.IGNORECASE)
"""How :data:`_BY_AUTHOR` opens: what the text right after a work's emphasised title starts with."""

_AUTHOR_WORDS = 12
"""The most words of the author part of a work's line (``J.H. Saltzer, D.P. Reed, and D.D. Clark``: 7)."""

_DECORATION = re.compile(r"[^\w]*")
"""Text before a line's title that is only symbols or emoji (``🔵``, ``•``, ``★``)."""


_NAME_JOINERS = frozenset(
    ("and", "et", "al", "al.", "&", "with", "van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le")
    + ("y", "others", "ed.", "eds.", "bin", "ibn")
)
"""Lower-case words of a list of names (``Ian Goodfellow et al.``, ``Guido van Rossum``, ``Reed, and Clark``)."""


def _names(words: str) -> bool:
    """Whether ``words`` read as who wrote a work: at most :data:`_AUTHOR_WORDS` words, the first a name, and every
    word capitalised, a number or initials in brackets, or a joiner of names (:data:`_NAME_JOINERS`): ``Alan
    Turing``, ``J.H. Saltzer, D.P. Reed, and D.D. Clark``, not ``Added two papers``."""
    split = words.split()
    if not split or len(split) > _AUTHOR_WORDS or not split[0][:1].isupper():
        return False
    return all(
        not word[:1].isalpha() or word[:1].isupper() or word.lower().rstrip(",;") in _NAME_JOINERS for word in split
    )


def _split_lines(nodes: list[Node]) -> list[list[Node]]:
    """A paragraph's inline nodes, line by line (at its soft and hard breaks)."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if node.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if any(n.type != "text" or n.content.strip() for n in line)]


def _named_line(nodes: list[Node]) -> tuple[str, str] | None:
    """``(title, rest)`` for one line that names a work: symbols at most, an emphasised title (italic or bold),
    then only text saying who wrote it (:data:`_BY_AUTHOR`, at most :data:`_AUTHOR_WORDS` words, a name's capital
    first); ``None`` for any other line."""
    at = 0
    while at < len(nodes) and nodes[at].type == "text" and _DECORATION.fullmatch(nodes[at].content):
        at += 1
    if at >= len(nodes) or nodes[at].type not in ("em", "strong"):
        return None
    title = collapse(_plain(nodes[at])).strip()
    if not 2 <= len(title) <= 200 or title.endswith((":", "：")):
        return None
    if any(n.type not in ("text", "code_inline") for n in nodes[at + 1 :]):
        return None  # more emphasis, an image, raw HTML: not a title and its author
    rest = collapse("".join(n.content for n in nodes[at + 1 :]))
    author = _BY_AUTHOR.fullmatch(rest)
    if author is None or not _names(author.group("who")):
        return None
    quoted = _QUOTED.fullmatch(title)
    return (quoted.group(1).strip() if quoted else title), rest


def _opens_italic(inline: list[Node]) -> bool:
    """Whether a line opens with italic text: ``1. _Dark Eden_ by Chris Beckett; 400pp`` names its book so, as
    ``**Title**`` does (the flattened line has lost the emphasis)."""
    first = next((n for n in inline if not (n.type == "text" and not n.content.strip())), None)
    return first is not None and first.type == "em"


class _LinklessRules:
    """``linkless`` (lists) and ``linkless_row`` (tables); the walker provides the rest."""

    headings: list[_Heading]
    title: str | None
    page_title: str | None
    items: list[ItemToImport]

    if TYPE_CHECKING:  # provided by the walker

        def table_has_links(self) -> bool: ...
        def skipping(self) -> bool: ...

        def tier(self) -> TierMarker | None: ...
        def section(self) -> tuple[str, ...]: ...
        def add(self, line: _Line, section: tuple[str, ...]) -> int: ...
        def loose_text(self, node: Node) -> str | None: ...
        def note_and_description(self, rest: str, result: _Line, more: list[str]) -> None: ...

    def linkless(self, items: list[Node]) -> list[_Line | None] | None:
        """A reading order written without links: every item a bold title (``1. **Attention Is All You Need**
        (2017) — the Transformer``), an italic one (``1. _Dark Eden_ by Chris Beckett``), a plain one followed by
        its citation (``- BERT (Devlin et al., 2018)``; such an item may be its list's only one) or a plain quoted one
        (``- "Beloved" by Toni Morrison``, :func:`_quoted_opening`; with ``by`` and its author it may be its list's
        only one too), in a section about reading (or under a tier). Each is an item without URL, identified by its
        title; the rest of the line, and link-less sub-bullets, describe it.

        Items with a link in the same list stay ordinary items (``None`` in their place): a reading order where
        some works are linked and others are not. ``None`` for the whole list when it is anything else: no item
        without a link, an item without a link that neither opens with bold or italic text nor cites, a bold label
        (``**Install:**``), fewer than two items, or a section (its innermost heading) not about reading, unless every
        title is quoted (``**"Deep Learning"**``) or cited and a heading above it or the list's title is about
        reading ("Foundational Books" over "### Mathematics for ML"). Quotes around a title are dropped.

        A plain item that is a sentence (:func:`_describes`) right after a title item describes that title
        (``- *Title*`` then ``- A long account of ...``) instead of refusing the list, when the list names at least
        two titles, no more sentences than titles, and every title stands alone on its line or is followed by who
        wrote it or what it is (``by``, a dash, a parenthesis): ``- **Read** the paper first.`` is a sentence, not a
        title, and a list of such sentences stays no list of works.
        """
        if len(items) < 2:  # most lists of one item hold a sub-list or a linked line: looked at first
            first = items[0].children[0] if items and items[0].children else None
            if first is None or first.type != "paragraph" or not (_cites(first) or _quoted_with_author(first)):
                return None
        context = self.headings[-1].text if self.headings else self.title or ""
        quoted_only = False  # under a heading not about reading: only quoted titles, in a list about reading
        if self.tier() is None and not _READING_CONTEXT.search(context):
            outer = [h.text for h in self.headings[:-1]] + [self.title or self.page_title or ""]
            if not any(_READING_CONTEXT.search(text) for text in outer):
                return None
            quoted_only = True
        lines: list[_Line | None] = []
        plain = False  # a plain title without citation: a work only beside linked or marked ones
        named = False  # a bold, italic or cited title
        web = False  # an item's line links a web page (https://...): the mark of a list of works
        titles = 0  # bold, italic or cited titles
        told = 0  # sentences between them, describing the title before each (see _describes)
        beside = True  # every title stands alone or is followed by who wrote it, not by the rest of a sentence
        for item in items:
            if not item.children or item.children[0].type != "paragraph":
                return None
            inline = _inline(item.children[0])
            pieces = _flatten(inline)
            if _has_link(item) or any(p.kind == "text" and "://" in p.text for p in pieces):
                web = web or any(p.kind == "link" and p.href.startswith(("https://", "http://")) for p in pieces)
                lines.append(None)
                continue
            pieces = [p for p in pieces if not (p.kind == "text" and not p.text.strip())]
            if not pieces:
                return None
            first_break = next((i for i, p in enumerate(pieces) if p.kind == "break"), len(pieces))
            marked = pieces[0].kind == "strong" or _opens_italic(inline)
            titled = True  # a bold, italic or cited title (not a plain one)
            if marked:
                title = collapse(pieces[0].text).strip()
                rest = collapse("".join(p.text for p in pieces[1:first_break] if p.kind in ("text", "strong")))
                named = True
            else:  # "Backpropagation (Rumelhart et al., 1986)": a plain title named by its citation
                words = "".join(p.text for p in pieces[:first_break] if p.kind in ("text", "strong"))
                if _CHECKBOX.match(words.lstrip() + " "):
                    return None  # a checklist's entries, with their progress: read as items of their own
                opening = _quoted_opening(words)
                if opening is not None and quoted_only and not _QUOTED_BYLINE.match(opening[1]):
                    # '"Stay hungry" - Steve Jobs' under a heading not about reading: a quotation and who said it
                    opening = None
                cited = opening or _cited(words)
                if cited is not None:
                    (title, rest), named = cited, True
                else:  # "- The Annotated Turing" among linked or marked works: a work not linked
                    title, rest, plain, titled = _plain_title(words) or "", "", True, False
                    if not title:
                        previous = lines[-1] if lines else None
                        if previous is None or not _describes(words):
                            return None
                        told += 1  # "- A short, readable history of ...": the title above it, described
                        previous.description = " ".join(filter(None, (previous.description, collapse(words))))
                        continue
            more = collapse(
                " ".join(p.text for p in pieces[first_break + 1 :] if p.kind in ("text", "strong"))
            )
            if not title or len(title) > 200 or title.endswith((":", "：")):
                return None
            if titled:
                titles += 1
                beside = beside and (not rest or _TITLE_TAIL.match(rest) is not None)
            quoted = _QUOTED.fullmatch(title)
            if quoted is not None:
                title = quoted.group(1).strip()
            elif quoted_only and marked:  # a citation names a work as surely as quotes do
                return None
            line = _Line(title=title.rstrip(".。").strip() or title)
            extra = [more] if more else []
            for sub in item.children[1:]:
                if sub.type in ("bullet_list", "ordered_list"):
                    extra.extend(t for child in sub.children if (t := self.loose_text(child)) is not None)
                elif sub.type == "paragraph":
                    extra.append(collapse("".join(_plain(n) for n in _inline(sub))))
            self.note_and_description(rest, line, extra)
            lines.append(line)
        if plain and not named and not web:
            return None  # plain lines alone, or beside anchors only: not known to be works
        if told and (titles < 2 or told > titles or not beside):
            return None  # sentences with a bold word or two ("- **Read** the paper first."): not a list of works
        return lines if any(line is not None for line in lines) else None

    named_paragraphs = 0
    """How many items :meth:`named_paragraph` added: works of paragraphs, like the links of prose, not of lists and
    tables (:func:`~.prose.merge` weighs the document's shape without them)."""

    _named_run: tuple[int, tuple[str, ...], _Line | None] | None = None
    """The last paragraph :meth:`named_paragraph` read as a work: how many items there were after it, its section,
    and its line while it waits for a second one (``None`` once the run is under way and its items are added)."""

    def reading_section(self) -> bool:
        """Whether what is walked now is about reading: under a tier, or a heading (the innermost one, one above it)
        or the list's title naming reading (``### foundational`` under ``# 2025 Q1 Paper Reading List``)."""
        if self.tier() is not None:
            return True
        texts = [h.text for h in self.headings] + [self.title or self.page_title or ""]
        return any(_READING_CONTEXT.search(text) for text in texts)

    def named_paragraph(self, nodes: list[Node]) -> bool:
        """A paragraph without links whose every line names a work: an emphasised title, then ``by`` or a dash and
        who wrote it (``🔵 *Computing Machinery and Intelligence* by Alan Turing``, ``🔵 *Attention Is All You
        Need* - Vaswani et al.``), in a section about reading (:meth:`reading_section`). Each line is an item without
        URL titled by the emphasised text, the rest of the line describing it, as :meth:`linkless` reads a list of
        such lines.

        Works come in runs: a paragraph of two such lines or more is one, and so are two paragraphs of one line in
        a row, in the same section with no item between them (the first is held until the second comes). A lone
        line (``*Note* - this page is a draft``) stays prose. ``nodes`` are the paragraph's inline nodes, which the
        walker has found to hold no link; whether any line became an item."""
        # asked of every paragraph without links: its first line is looked at before anything else is done
        at = 1 if nodes and nodes[0].type == "text" and _DECORATION.fullmatch(nodes[0].content) else 0
        if len(nodes) < at + 2 or nodes[at].type not in ("em", "strong"):
            return False  # no emphasis first: most paragraphs
        after = nodes[at + 1]
        if after.type != "text" or _AUTHOR_OPENING.match(after.content) is None or self.skipping():
            return False  # "*Note* this is ...": emphasis in a sentence
        lines: list[_Line] = []
        for words in _split_lines(nodes):
            named = _named_line(words)
            if named is None:
                return False
            line = _Line(title=named[0])
            self.note_and_description(named[1], line, [])
            lines.append(line)
        if not lines or not self.reading_section():
            return False
        section = self.section()
        run = self._named_run
        in_run = run is not None and run[0] == len(self.items) and run[1] == section
        if len(lines) == 1 and not in_run:
            self._named_run = (len(self.items), section, lines[0])  # held: a work only if another follows
            return False
        if run is not None and in_run and run[2] is not None:
            lines.insert(0, run[2])
        for line in lines:
            self.add(line, section)
        self.named_paragraphs += len(lines)
        self._named_run = (len(self.items), section, None)
        return True

    _title_column: tuple[list[str], int | None] | None = None  # the last headers and their title column

    def title_column(self, headers: list[str]) -> int | None:
        """The index of the header naming the column of titles (asked by every row of a table: read once)."""
        if self._title_column is None or self._title_column[0] is not headers:
            titles = (i for i, h in enumerate(headers) if _TITLE_COLUMN.fullmatch(h.strip(" *_:")))
            column = next(titles, None)
            self._title_column = (headers, column)
        return self._title_column[1]

    def linkless_row(self, texts: list[str], headers: list[str]) -> None:
        """``| 1 | Attention Is All You Need | The invention that started it all |`` under a ``Paper`` header: an
        item without URL titled by the title column, the other text columns (not the number) describing it.

        In a table of links, a row without links is a gap under a column that names no titles ("| 6 | Review week |
        *no reading* |" under "Reading"), in a schedule (a session without material: "| 5 | Midterm 1 | Live | |"
        under "Week") and when it holds nothing but its title cell (a group label); otherwise it is a work whose
        link is missing (``| 3 | MCN | Higher-order Graph Convolutional Networks | | | |`` under "Paper", a book
        read without a link in a table of books read)."""
        column = self.title_column(headers)
        if (
            column is None
            or column >= len(texts)
            or not texts[column]
            or _SEQUENCE_CELL.fullmatch(texts[column])
        ):
            return
        if self.table_has_links() and (schedule(headers) or not any(t for i, t in enumerate(texts) if i != column)):
            return
        if texts[column].strip("-–— ").lower() in ("", "tbd", "todo", "n/a", "..."):
            return
        described = [
            f"{headers[i]}: {t}" if i < len(headers) and headers[i] else t
            for i, t in enumerate(texts)
            if t and i != column and not _SEQUENCE_CELL.fullmatch(t) and not re.fullmatch(r"[\d\s\-–#]+", t)
        ]
        self.add(_Line(title=texts[column], description="; ".join(described) or None), self.section())
