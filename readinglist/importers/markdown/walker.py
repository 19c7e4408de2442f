"""The walk over the Markdown block tree (:mod:`.tree`, built by :mod:`.events`) that finds topics, tiers and items (see
the package docstring)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from readinglist.importers._headings import named_work
from readinglist.importers.markdown.columns import numbered
from readinglist.importers.markdown.inline import (
    _flatten,
    _Frame,
    _generic,
    _has_link,
    _Heading,
    _inline,
    _inline_view,
    _Line,
    _Piece,
    _plain,
    first_emphasis,
)
from readinglist.importers.markdown.itemline import _LineRules
from readinglist.importers.markdown.linkless import _LinklessRules
from readinglist.importers.markdown.links import _link_base, _LinkRules
from readinglist.importers.markdown.lists import _ListRules
from readinglist.importers.markdown.properties import property_item
from readinglist.importers.markdown.rawhtml import _RawHtmlRules
from readinglist.importers.markdown.rules import (
    _DESC_TRIM,
    _DETAILS,
    _GENERIC_SUMMARY,
    _SHORTCODE,
    _TAG,
    CONTENTS_SECTIONS,
    SKIPPED_SECTIONS,
    TierMarker,
    collapse,
    tier_marker,
)
from readinglist.importers.markdown.tables import _TableRules
from readinglist.types import ItemToImport, Link

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node


class _Walker(_LineRules, _LinkRules, _LinklessRules, _ListRules, _TableRules, _RawHtmlRules):
    """Walks the block tree once, in document order, keeping the heading stack, frames and the items found."""

    def __init__(self, source_url: str | None) -> None:
        self.source_url = source_url
        self.level_headings = True
        """Headings naming a level (``Advanced``) are tier markers; False keeps them as topics (``--tiers none``)."""
        self.title: str | None = None
        self.page_title: str | None = None  # the front matter's title: the page has one, its # headings are topics
        self.items: list[ItemToImport] = []
        self.headings: list[_Heading] = []
        self.frames: list[_Frame] = [_Frame()]
        self.relative_links = 0
        self.linked_table: bool | None = None
        self.table_rows: tuple[list[Node], list[list[list[_Piece]]]] = ([], [])
        self.prose: list[tuple[int, list[ItemToImport]]] = []
        """Items of links in paragraphs, with the number of items found before them (see :mod:`.prose`)."""
        self.recovered: list[str] = []
        self.invalid: list[str] = []
        self.base = _link_base(source_url)
        # javascript:/data: links in the text (parse() counts them): reported, not silent
        self.script_links = 0
        self.too_deep = False  # set by parse() when the tree left out blocks nested too deeply
        self.items_at_heading = 0
        self.flat: tuple[Node | None, list[_Piece]] | None = None
        """The paragraph :meth:`list_item` read last, and its pieces (:meth:`list` looks at the last item again)."""
        self.title_over: str | None = None
        """The kind of the first block under the title heading ("" until it is seen)."""
        self.second_h1: int | None = None
        """How many items came before the first ``#`` heading after the title heading."""
        self.heading_item: int | None = None
        """The item of the heading just walked when it links a work: the paragraph under it describes it."""
        self.described: int | None = None
        """The :attr:`prose` entry of the paragraph just walked when it is one link alone (``**1. [Title](u)**``):
        a link-less list right under it (``   - A comprehensive guide...``) describes that link."""
        self.pending: tuple[_Line, tuple[str, ...]] | None = None
        """The last item of the list just walked, when it had no link and no sub-list: the next list, written
        under-indented ("1. Text" then "  - Paper: url", two spaces short of nesting), may carry its links."""
        self.pending_words: str | None = None
        """The paragraph just walked when it is words alone: a work's name, if a list of its links follows (its
        line and section are made then: most paragraphs are followed by none)."""
        self._skipping: bool | None = None  # skipping(), read again only when the headings change

    # -- structure --

    def section(self, extra: Sequence[str] = (), *, without_last_heading: bool = False) -> tuple[str, ...]:
        headings = self.headings[:-1] if without_last_heading else self.headings
        path = [h.text for h in headings if h.topic]
        for frame in self.frames:
            path.extend(p for p in (frame.group, frame.label) if p)
        return tuple(path) + tuple(extra)

    def tier(self) -> TierMarker | None:
        for frame in reversed(self.frames):
            if frame.tier is not None:
                return frame.tier
        for heading in reversed(self.headings):
            if heading.tier is not None:
                return heading.tier
        return None

    def skipping(self) -> bool:
        """Under a skipped heading (License, Contributing...); a table of contents skips only its own blocks."""
        skipping = self._skipping
        if skipping is None:
            skipping = self._skipping = self._skipped()
        return skipping

    def _skipped(self) -> bool:
        """:meth:`skipping`, read from the headings."""
        last = len(self.headings) - 1
        for i, heading in enumerate(self.headings):
            name = heading.text.lower().rstrip(":").strip()
            if name in SKIPPED_SECTIONS and (i == last or name not in CONTENTS_SECTIONS):
                return True
        return False

    def blocks(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            kind = node.type
            if self.title_over == "":
                self.title_over = kind
            pending, self.pending = self.pending, None
            words, self.pending_words = self.pending_words, None
            described, self.described = self.described, None
            heading_item, self.heading_item = self.heading_item, None
            if heading_item is not None and kind == "paragraph" and not _has_link(node):
                words = collapse("".join(_plain(n) for n in _inline(node)))
                held = self.items[heading_item]
                if words and not self.skipping():
                    self.items[heading_item] = replace(held, description=" ".join(filter(None, (held.description, words))))
            if described is not None and kind in ("bullet_list", "ordered_list") and self.describe(described, node):
                continue
            if kind == "heading":
                self.heading(node)
            elif kind == "paragraph":
                self.paragraph(node)
            elif kind in ("bullet_list", "ordered_list"):
                if self.items_at_heading == len(self.items) and property_item(self, node):
                    continue  # "### Title" over "- **author**: ..." / "- **url**: ...": one work
                if not self.skipping():
                    if words is not None:
                        pending = (_Line(text=words), self.section())
                    merged = self.absorb(pending[0], [node]) if pending else None
                    if merged is not None and pending is not None:
                        self.add(merged, pending[1])
                    else:
                        self.list(node, self.section())
            elif kind == "table":
                if not self.skipping():
                    self.table(node)
            elif kind == "html_block":
                self.html_block(node.content)
            elif kind == "blockquote":
                self.blocks(node.children)

    def heading(self, node: Node) -> None:
        level = _HEADING_LEVELS.get(node.tag, 6)
        inline = _inline_view(node)
        raw = collapse("".join([_plain(n) for n in inline]))
        text = raw
        if raw[:1] == ":":  # ":rocket: Projects" -> "Projects"; ":a:" alone stays
            text = _SHORTCODE.sub("", raw) or raw
        self.frames = [_Frame()]
        self.items_at_heading = len(self.items)
        if (
            self.title is None
            and level == 1
            and not self.items
            and not self.headings
            and text.lower().rstrip(":").strip() not in SKIPPED_SECTIONS
            and (self.page_title is None or text.casefold() == self.page_title.casefold())
        ):
            self.title = text or None
            self.title_over = ""  # what the title heading's first block is: see parse() (a month's list...)
            return
        if level == 1 and self.title is not None and self.second_h1 is None:
            self.second_h1 = len(self.items)
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        self._skipping = None
        marker = tier_marker(text) if text else None
        if marker is not None and marker.label is not None and not self.level_headings:
            marker = None  # "Advanced" stays a topic (plain "Tier N" headings are markers whatever the mode)
        topic = bool(text) and (marker is None or marker.name is not None)
        topic = topic and text.lower().rstrip(":").strip() not in CONTENTS_SECTIONS
        if topic and any(n.type == "link" for n in inline) and not self.skipping():
            self.linked_heading(inline, marker)
        self.headings.append(_Heading(level, text, topic, marker, first_emphasis(inline)))
        self._skipping = None

    def linked_heading(self, inline: list[Node], marker: TierMarker | None) -> None:
        """``## [Attention Is All You Need](https://arxiv.org/abs/1706.03762), **2017**``: a heading that links a
        work is that work, in the parent topic (and still the topic of what is listed under it: its articles,
        videos...). Generic links after it (``· [GitHub](u)``) are its extras; the rest of the heading and the
        paragraph right under it describe it. A heading linking an anchor (``## [Contents](#contents)``), only
        generic links or two works is only a topic."""
        pieces = _flatten(inline)
        links = [p for p in pieces if p.kind == "link" and not p.image_only]
        if not links or not links[0].text or _generic(links[0].text) or numbered(links[0].text):
            return
        if any(not _generic(p.text) for p in links[1:]):
            return  # "## [A](u) vs [B](v)": two works named, no one item
        url = self.resolve(links[0].href, links[0].text)
        if url is None:
            return
        extras = [Link(p.text or u, u) for p in links[1:] if (u := self.resolve(p.href, p.text)) is not None]
        rest = collapse("".join(p.text for p in pieces if p.kind in ("text", "strong"))).strip(_DESC_TRIM + ".,·•")
        if marker is None:
            marker = self.tier()
        self.items.append(
            ItemToImport(
                title=links[0].text,
                url=url,
                section=self.section(),
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                description=rest or None,
                links=tuple(extras),
            )
        )
        self.heading_item = len(self.items) - 1
        self.items_at_heading = -1  # the heading has its item: no other rule names one by it

    def paragraph(self, node: Node) -> None:
        nodes = _inline_view(node)
        if len(nodes) == 1 and nodes[0].type == "text":  # words alone: a tier marker or nothing
            text = collapse(nodes[0].content)
            marker = tier_marker(text) if text else None
            if marker is not None and marker.name is None:
                self.frames[-1].tier = TierMarker(marker.tier, marker.label)
            elif text and len(text) <= 300 and not self.skipping():
                # a work's name on its own line; a list of its generic links under it ("- [Paper] https://...",
                # "- [Code] https://...") makes it one item (see absorb)
                self.pending_words = text
            return
        self.any_paragraph(nodes)

    def any_paragraph(self, nodes: list[Node]) -> None:
        """:meth:`paragraph` for every shape (it reads words alone directly), from its inline nodes."""
        nodes = [n for n in nodes if not (n.type == "text" and not n.content.strip())]
        text = collapse("".join(_plain(n) for n in nodes))
        if not text:
            return
        bold_label = len(nodes) == 1 and nodes[0].type in ("strong", "em") and not _has_link(nodes[0])
        marker = tier_marker(text)
        if marker is not None and (marker.name is None or bold_label):
            label = marker.label if marker.name is None else text.rstrip(":").strip()
            if marker.name and re.fullmatch(r"Tier \d{1,3}: \S.*", label):
                label = marker.name  # our exporter's "**Tier 1: Intro CS**": tier 1, labelled "Intro CS"
            self.frames[-1].tier = TierMarker(marker.tier, label)
        elif bold_label and len(text) <= 100 and not _subtitle(text) and not _METADATA_LABEL.match(text):
            self.frames[-1].label = text.rstrip(":").strip() or None
        elif not any(_has_link(n) for n in nodes):
            if len(nodes) == 1 and nodes[0].type == "text" and len(text) <= 300 and not self.skipping():
                self.pending_words = text  # words alone: see paragraph()
            else:
                self.named_paragraph(nodes)  # "🔵 *Title* by Author" lines: works without links (linkless.py)
            return  # no link: neither an item named by its heading nor links in prose
        elif not self.skipping():
            before = len(self.items)
            self.heading_link(_flatten(nodes))
            if len(self.items) == before:
                from readinglist.importers.markdown import prose

                found = prose.paragraph_items(self, nodes)
                if found:
                    self.prose.append((len(self.items), found))
                    if len(found) == 1 and len(text) <= len(found[0].title) + 8 and found[0].description is None:
                        self.described = len(self.prose) - 1

    def describe(self, at: int, node: Node) -> bool:
        """A list without links under a paragraph that is one link alone: its items' words describe that link."""
        if _has_link(node):
            return False
        words = [self.loose_text(child) for child in node.children if child.type == "list_item"]
        if not words or any(w is None for w in words):
            return False
        position, (item,) = self.prose[at]
        self.prose[at] = (position, [replace(item, description="; ".join(w for w in words if w))])
        return True

    def heading_link(self, pieces: list[_Piece]) -> None:
        """``## Course name`` then a line that is only ``🔗 [Link to Course](url)``: the heading names the item (its
        kind, title and description: :func:`~readinglist.importers._headings.named_work`).

        Only when the line has nothing but generic links (and decoration or a parenthesised remark) and the
        heading has no item yet; the item sits in the heading's parent topic.
        """
        if len(self.items) != self.items_at_heading or not self.headings or not self.headings[-1].topic:
            return
        words = "".join(p.text for p in pieces if p.kind in ("text", "strong"))
        remarks = re.findall(r"\(([^()]*)\)", words)
        if re.search(r"\w", re.sub(r"\([^()]*\)", "", words)):
            return
        shown = [p for p in pieces if p.kind == "link" and not p.image_only]
        if not shown or not all(_generic(p.text) for p in shown):
            return
        links = [(p.text, url) for p in shown if (url := self.resolve(p.href, p.text)) is not None]
        if not links:
            return
        self.heading_work(links[0][1], " ".join(remarks), [Link(collapse(t) or u, u) for t, u in links[1:]])

    def heading_work(self, url: str, words: str, links: list[Link]) -> None:
        """The last heading names one work (its only item), linked to ``url``: the heading's kind label and title
        (:func:`named_work`), its other words and ``words`` describing it, ``links`` its extras."""
        heading = self.headings[-1]
        self.items_at_heading = -1  # one item per heading
        marker = self.tier()
        kind, title, described = named_work(heading.text, heading.emphasis)
        self.items.append(
            ItemToImport(
                title=title or heading.text,
                url=url,
                section=self.section(without_last_heading=True),
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                kind=kind,
                description=collapse(f"{described or ''} {words}") or None,
                links=tuple(links),
            )
        )

    def html_groups(self, content: str) -> None:
        for m in _DETAILS.finditer(content):
            token = m.group(0).lower()
            if token.startswith("</details"):
                if len(self.frames) > 1:
                    self.frames.pop()
            elif token.startswith("<details"):
                self.frames.append(_Frame())
            else:
                if len(self.frames) == 1:
                    self.frames.append(_Frame())
                summary = collapse(html.unescape(_TAG.sub("", m.group("summary") or ""))).strip("*_ ")
                marker = tier_marker(summary) if summary else None
                if marker is not None:
                    label = marker.label if marker.name is None else summary
                    self.frames[-1].tier = TierMarker(marker.tier, label)
                elif not self.plain_summary(summary):
                    self.frames[-1].group = summary.rstrip(":").strip() or None

    def html_block(self, content: str) -> None:
        """Raw HTML: ``<details>``/``<summary>`` groups and tiers, and the Markdown a tag line swallowed."""
        segments = _swallowed(content)
        if segments is None:
            self.html(content)
            return
        from readinglist.importers.markdown.events import build

        for markdown, text in segments:
            if markdown:
                self.blocks(build(text).root.children)
            else:
                self.html(text)

    def plain_summary(self, summary: str) -> bool:
        """A summary that only says "click to expand" or repeats its heading names no group."""
        if not summary or _GENERIC_SUMMARY.match(summary):
            return True
        inner = next((h.text for h in reversed(self.headings) if h.topic), None)
        return inner is not None and inner.casefold().strip(" :") == summary.casefold().strip(" :")

    # -- items --

    def add(self, line: _Line, section: tuple[str, ...]) -> int:
        marker = self.tier()
        self.items.append(
            ItemToImport(
                title=line.title,
                url=line.url,
                section=section,
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                note=line.note,
                description=line.description,
                links=tuple(line.links),
                new=line.new,
                status=line.status,
                rating=line.rating,
                progress_note=line.progress_note,
            )
        )
        return len(self.items) - 1


_HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
"""A heading's level by its tag (read for every heading: a lookup costs a tenth of parsing the tag's digit)."""

_MARKDOWN_LINE = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t])")


def _swallowed(content: str) -> list[tuple[bool, str]] | None:
    """An HTML block cut into its tag lines and the Markdown lines it swallowed, in order (``True``: Markdown).

    A line holding only a tag (``<a name="general" />``, ``<details>``, ``<summary>Tier 4+</summary>``) starts an
    HTML block that runs to the next blank line (CommonMark), so a ``## Topic`` or a list written right under it is
    raw HTML to the parser: ujjwalkarn/Machine-Learning-Tutorials opens every topic so, and ``<summary>`` lines
    followed by a list are common. ``None`` when no swallowed line starts a heading or a list item.
    """
    segments: list[tuple[bool, list[str]]] = []
    for line in content.split("\n"):
        markdown = not line.lstrip().startswith("<") and bool(line.strip())
        if segments and segments[-1][0] == markdown:
            segments[-1][1].append(line)
        else:
            segments.append((markdown, [line]))
    if not any(md and _MARKDOWN_LINE.match(lines[0]) for md, lines in segments):
        return None
    return [(md, "\n".join(lines)) for md, lines in segments]


_METADATA_LABEL = re.compile(
    r"(?:keywords?|tags?|description|authors?|(?:last )?updated|status|license|version)\s*[:：]", re.IGNORECASE
)
"""``**Keywords: AI model training;**``: a line about the list, no group of the items under it."""

def _subtitle(text: str) -> bool:
    """A bold sentence under a heading (``**The 5 most important ideas to understand**``) says what the section is
    about; it is not a group label (``**Lecture 1: micrograd**``, ``**Tools**``)."""
    return len(text.split()) >= 5 and not any(ch in text for ch in ":：")
