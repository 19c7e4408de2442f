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

_PROSE_WORDS = 8
"""The fewest words of a sentence that describes the title above it (shorter plain lines are titles or labels)."""


def _describes(words: str) -> bool:
    """Whether a plain list item that reads as no title is a sentence that can describe the title item right above
    it (``- *Gödel, Escher, Bach*`` then ``- A playful braid of logic, art and music that ...``): at least
    :data:`_PROSE_WORDS` words, with a sentence's stop inside or at its end, or more than 15 words."""
    count = len(words.split())
    return count >= _PROSE_WORDS and (count > 15 or SENTENCE_END.search(collapse(words)) is not None)


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

    if TYPE_CHECKING:  # provided by the walker

        def table_has_links(self) -> bool: ...

        def tier(self) -> TierMarker | None: ...
        def section(self) -> tuple[str, ...]: ...
        def add(self, line: _Line, section: tuple[str, ...]) -> int: ...
        def loose_text(self, node: Node) -> str | None: ...
        def note_and_description(self, rest: str, result: _Line, more: list[str]) -> None: ...

    def linkless(self, items: list[Node]) -> list[_Line | None] | None:
        """A reading order written without links: every item a bold title (``1. **Attention Is All You Need**
        (2017) — the Transformer``), an italic one (``1. _Dark Eden_ by Chris Beckett``) or a plain one followed by
        its citation (``- BERT (Devlin et al., 2018)``; such an item may be its list's only one), in a section about
        reading (or under a tier). Each is an item without URL, identified by its title; the rest of the line, and
        link-less sub-bullets, describe it.

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
            if first is None or first.type != "paragraph" or not _cites(first):
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
                cited = _cited(words)
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
