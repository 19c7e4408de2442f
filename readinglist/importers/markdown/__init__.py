"""Markdown reading lists: the Elicit README shape, awesome lists, curricula, paper lists, and our own checklists.

Rules (pulldown-cmark's syntax tree through pyromark, never regular expressions over the document):

* The first ``#`` heading before any item is the list title, unless a list comes right under it and a later ``#``
  heading follows (``# March`` / list / ``# April`` / list): then it is a topic like the others. Every other heading is a topic; the section path is
  the stack of heading texts below the title. A heading that is only a tier marker (``## Beginner``, ``### Tier 2``)
  is not a topic: it sets the tier for everything under it (so a list structured only by tiers sits at the root).
  A marker with a name (``## Phase 1: Foundations``) is both a topic and a tier.
* Tier markers: ``Tier|Level|Stage|Phase|Part N`` (``N+`` allowed, ``Tier 4+`` -> 4 labelled "Tier 4+"), and the
  words Beginner/Basic/Introductory/Elementary/Novice = 1, Intermediate = 2, Advanced/Expert = 3. They count as
  headings, as a paragraph holding only the marker (``**Tier 1**``), or as a ``<details><summary>`` text. Week, Day,
  Module, Lesson and Chapter are sequence, not tiers: they stay ordinary topics. The tier resets at each heading;
  items before any marker are untiered (``None``). Plain ``Tier N`` has no label; other markers keep their text.
* Items: a bullet/ordered item or table row with a link. Title = link text; when the link text is generic ("paper",
  "pdf", "link", "code"...) the bold/plain text before it (or, in a table, the first non-number cell) is the title.
  Other links on the line become :class:`Link` extras (``([video](u))``); a trailing ``(Karpathy)`` is the note;
  the rest of the line after ``-``/``:`` (and continuation lines) is the description; a leading ``✨`` marks new.
* Bare URLs in an item's text count as links (``- Paper: https://arxiv.org/abs/...``); a link whose text is its
  URL, or is generic, takes its title from the text before it; a title from plain text longer than
  :data:`LONG_TITLE` is cut at its first sentence break and the rest describes.
* Nested bullets stay in their parent's topic, after it; a link-less bullet whose children have titled links, a
  ``<details>`` block with a summary that is neither a tier, a repeat of its heading nor "Toggle/Click to expand",
  and a paragraph that is only a bold label name a sub-section. A link-less bullet whose children only carry
  generic or bare links ("- Paper: url", "* 地址：url", "* 简介：...") is one item with those links; so is a
  link-less last item followed by such a list written two spaces short of nesting.
* Tables: one row, one reading column (the first cell with a titled link); each titled link there is an item;
  generic links and links in other columns (alternates, prerequisites, chat) are its extra links. With only
  generic or numbered links (bare URLs, ``[1.1](u)``), the column a header names for titles ("Paper", "Title")
  or else the first text cell that is no number or date names the item (its bold part, or the clause before a
  break), and its URL comes from the first linked column that is not a code column. A row without links under a
  title column is a work whose link is missing, unless the table is a schedule (Week/Lecture/Session column).
* Works named without links (see :mod:`.linkless`), in a section about reading: a list of bold, italic, cited
  (``- BERT (Devlin et al., 2018)``) or quoted (``- "Beloved" by Toni Morrison``) titles, plain titles beside
  linked or marked ones, and runs of paragraphs naming a work and its author (``🔵 *Title* by Author``). Bracketed
  tags before a title and a generic link (``[2025] [IJCAI] Title [[paper](u)]``) describe it.
* A leading Jekyll/Hugo front matter (``---``/``+++`` ``key: value`` lines) is no heading: its ``title`` names
  the list, and then ``#`` headings other than that title are topics.
* A heading followed by a line of nothing but generic links (``🔗 [Link to Course](url)``) is one item titled by
  the heading, in the heading's parent topic.
* Not items: anchor links (``#x``, ``./#x``, ``README.md#x``, the list's own URL + ``#x``, and two or more links
  to headings of one GitHub/GitLab README: a contents list written with absolute URLs), image-only links and
  badges, mailto, links to CONTRIBUTING/LICENSE/CODE_OF_CONDUCT, other links in paragraphs, anything under
  Contents/Contributing/License/Sponsors... headings. Relative links resolve against ``source_url``.
  Raw-HTML links (``<a href>`` inside a table cell or an HTML ``<table>``) are not read, except the generic ones
  (``Link``, ``Wiki Link``) of an HTML block right under a heading that has no item yet: the heading names it.
* Raw-HTML ``<h1>``..``<h6>`` headings are headings. A heading over a list of ``**key**: value`` fields (type,
  author, url, started, finished, rating...) is one work (see :mod:`.properties`).
* Our own checklist syntax (see :mod:`readinglist.export.markdown`): ``- [x] ✨ [Title](url) ([video](u)) (note)
  — *rated 4/5* — *note:* text`` with ``[ ]`` unread, ``[x]`` read, ``[/]`` reading, ``[-]`` skipped; a checkbox
  item without a link imports by its (bold) title (``- [ ] **Title** ([video](u))``: no URL, one extra link); a
  continuation line is the description.
* Entries are kept exactly as listed, duplicates included; a URL under two different titles adds a warning.
"""

from __future__ import annotations

import dataclasses
import gc
import re

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.importers.csvfile import MARKDOWN_TABLE_RULE
from readinglist.importers.markdown.inline import split_title
from readinglist.importers.markdown.rules import (
    _SELF_README,
    CHECKBOXES,
    GENERIC_LINK_TEXTS,
    LONG_TITLE,
    NEW_MARKERS,
    SKIPPED_SECTIONS,
    TierMarker,
    collapse,
    tier_marker,
)
from readinglist.importers.markdown.walker import _Walker
from readinglist.types import ItemToImport, ListToImport

NAME = "markdown"
EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")

# --- sniffing ------------------------------------------------------------------------------------------------

# Linear on hostile input: no character class can run past the next bracket or parenthesis, so a failed match
# never rescans the rest of the line (``[`` x 50,000 took 27 s with ``[^\]\n]+``). One level of parentheses in
# the URL is allowed (``.../wiki/Foo_(bar)``).
_SNIFF_LINK = re.compile(r"\[[^\[\]\n]+\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")
_SNIFF_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])\s")  # a list item's start; its link is found with _SNIFF_LINK
_SNIFF_HEADING = re.compile(r"^#{1,6}\s+\S")
_SNIFF_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[[ xX/\-]\]\s")


def sniff(text: str) -> int:
    """0..100: how sure we are, from the content alone, that ``text`` is a Markdown reading list.

    Looks at the first 2,000 lines for Markdown headings, list items carrying ``[text](url)`` links, table rows
    with links (bare URLs too, under a table's rule) and checkboxes. Documents that open like JSON, XML/HTML,
    BibTeX or CSV score 0.
    """
    head = text.lstrip("\ufeff \t\n")[:200].lower()
    if head.startswith(("{", "[{", "<?xml", "<!doctype", "<html", "<rss", "<feed", "<opml", "@")):
        return 0
    lines = text.splitlines()[:2000]
    headings = sum(1 for line in lines if _SNIFF_HEADING.match(line))
    items = sum(
        1
        for line in lines
        if (_SNIFF_ITEM.match(line) or _SNIFF_HEADING.match(line) or line[:4] == "    ") and _SNIFF_LINK.search(line)
    )  # an item's link may sit in a heading (#### [Title](url)) or on its continuation line
    table = any(MARKDOWN_TABLE_RULE.fullmatch(line) for line in lines)  # bare URLs in a table's cells are links
    rows = sum(
        1
        for line in lines
        if line.lstrip().startswith("|") and (_SNIFF_LINK.search(line) or (table and "://" in line))
    )
    checks = sum(1 for line in lines if _SNIFF_CHECKBOX.match(line))
    links = sum(1 for line in lines if _SNIFF_LINK.search(line))
    score = 0
    if headings:
        score += 25 if headings >= 2 else 15
    if items + rows >= 5:
        score += 55
    elif items + rows:
        score += 35
    elif links:
        score += 15
    if checks:
        score += 15
    return min(score, 100)


# --- the parse -----------------------------------------------------------------------------------------------


def parse(data: bytes, *, source_url: str | None = None, level_headings: bool = True) -> ListToImport:
    """Parse a Markdown reading list into a :class:`ListToImport` (see the module docstring for the rules).

    ``level_headings=False`` keeps headings that name a level (``## Advanced``, ``## Part 1: Basics``) as topics
    instead of reading them as tier markers (``--tiers none``); plain ``Tier N`` headings are markers either way.

    Raises :class:`ImportFormatError` for empty/binary input and when the document has no item at all.
    """
    text = decode(data, format=NAME, source=source_url)
    text, page_title = _front_matter(text)

    from readinglist.importers.markdown.chunks import pieces
    from readinglist.importers.markdown.events import build

    _not_too_dense(text, source_url)
    walker = _Walker(source_url)
    walker.page_title = page_title
    walker.level_headings = level_headings
    # The tree and the items are hundreds of thousands of objects without reference cycles: the cyclic collector
    # would only rescan them (a third of the parse of a 100k-item list). It is restored on the way out.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for piece in pieces(text):  # a long list piece by piece: one piece's tree alive at a time
            _bounded(piece, source_url)
            tree = build(piece)
            walker.too_deep = walker.too_deep or tree.too_deep
            walker.script_links += tree.script_links
            walker.blocks(tree.root.children)
            del tree
    finally:
        if collecting:
            gc.enable()
    if walker.title_over in ("bullet_list", "ordered_list", "table") and walker.second_h1:
        # "# March" over its list, then "# April" over its own: the first heading is a topic like the others, not
        # the list's title (a title stands over an introduction, badges or sub-headings)
        walker.items[: walker.second_h1] = [
            dataclasses.replace(item, section=(walker.title, *item.section)) for item in walker.items[: walker.second_h1]
        ]
        walker.title = None
    from readinglist.importers.markdown import prose

    walker.items = prose.merge(walker)
    walker.items = [_unlinked(item) for item in _without_self_links(walker.items)]
    if not walker.items:
        raise ImportFormatError(
            f"{source_url or 'input'} has no links to import: no list item or table row carries a [title](url) link",
            format=NAME,
            source=source_url,
        )
    return ListToImport(
        items=tuple(walker.items),
        title=walker.title or page_title,
        source_url=source_url,
        format=NAME,
        warnings=tuple(walker.warnings()),
    )


def _bounded(piece: str, source: str | None) -> None:
    """Refuse a piece whose tree could outgrow :data:`~.chunks.MAX_NODES` (memory), before parsing it."""
    from readinglist.importers.markdown.chunks import MAX_NODES, nodes_at_most

    nodes = nodes_at_most(piece)
    if nodes > MAX_NODES:
        raise ImportFormatError(
            f"{source or 'input'} is too dense to import: its {len(piece) / 1e6:.1f} MB without a heading to cut at "
            f"could make up to {nodes:,} Markdown blocks and spans, more than the {MAX_NODES:,} held in memory at "
            "once (about 1.3 GB); a list of links that long makes far fewer, so add headings or split the file",
            format=NAME,
            source=source,
        )


def _not_too_dense(text: str, source: str | None) -> None:
    """Refuse a document made of more blocks and spans than any reading list (:data:`~.chunks.MAX_DENSITY`), before
    parsing it: built and walked a node at a time, it would cost seconds a megabyte for nothing to import."""
    from readinglist.importers.markdown.chunks import MAX_DENSITY, too_dense

    blocks = too_dense(text)
    if blocks is not None:
        raise ImportFormatError(
            f"{source or 'input'} is too dense to be a reading list: {blocks:,} Markdown blocks and spans besides "
            f"links in {len(text) / 1024:,.0f} KB ({blocks / len(text):.2f} a character; lists make under "
            f"{MAX_DENSITY}); import it with --format document, read line by line",
            format=NAME,
            source=source,
        )


_FRONT_MATTER = re.compile(r"\A\ufeff?(?:[ \t]*\n)*(---|\+\+\+)[ \t]*\n((?:.*\n){0,200}?)(?:\1|\.\.\.)[ \t]*(?:\n|\Z)")
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]*[ \t]*[:=]", re.MULTILINE)
_FRONT_TITLE = re.compile(r"^title[ \t]*[:=][ \t]*(.*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def _front_matter(text: str) -> tuple[str, str | None]:
    """``text`` without a leading Jekyll/Hugo front matter block (``---`` YAML or ``+++`` TOML ``key: value``
    lines), and the block's ``title``. Left in, CommonMark reads the block as a rule and a setext heading
    (``layout: page title: Readings``) that became every item's topic. The block is blanked, not cut, so lines
    keep their numbers; a ``---`` pair around lines that are not ``key: value`` is Markdown and stays."""
    m = _FRONT_MATTER.match(text)
    if m is None or _FRONT_KEY.search(m.group(2)) is None:
        return text, None
    found = _FRONT_TITLE.search(m.group(2))
    title = found.group(1).strip() if found else ""
    if len(title) >= 2 and title[0] == title[-1] and title[0] in "'\"":
        title = title[1:-1].strip()
    return "\n" * m.group(0).count("\n") + text[m.end() :], title or None


def _unlinked(item: ItemToImport) -> ItemToImport:
    """An item whose link stayed relative (nothing to resolve it against) is kept by its title, without a URL:
    ``papers/x.pdf`` is not a URL anyone can open, and a stored URL must be one."""
    links = tuple(link for link in item.links if "://" in link.url)
    url = item.url if item.url is None or "://" in item.url else None
    if url == item.url and links == item.links:
        return item
    return dataclasses.replace(item, url=url, links=links)


def _without_self_links(items: list[ItemToImport]) -> list[ItemToImport]:
    """Items minus a table of contents written with absolute URLs into the list's own README.

    ``https://github.com/o/r/blob/main/README.md#section`` or ``https://github.com/o/r?tab=readme-ov-file#section``:
    when two or more items point at different headings of the same repository's README, those links are the
    README's own navigation (dair-ai/ML-YouTube-Courses, aishwaryanr/awesome-generative-ai-guide), not reading.
    A single ``#readme`` link to another repository stays an item.
    """
    anchors: dict[str, set[str]] = {}
    keys: list[str | None] = []
    for item in items:
        m = _SELF_README.fullmatch(item.url or "")
        fragment = (item.url or "").rpartition("#")[2].lower()
        key = m.group(1).lower() if m and fragment not in ("readme", "") else None
        keys.append(key)
        if key is not None:
            anchors.setdefault(key, set()).add(fragment)
    return [item for item, key in zip(items, keys) if key is None or len(anchors[key]) < 2]


__all__ = [
    "CHECKBOXES",
    "EXTENSIONS",
    "GENERIC_LINK_TEXTS",
    "LONG_TITLE",
    "NAME",
    "NEW_MARKERS",
    "SKIPPED_SECTIONS",
    "TierMarker",
    "collapse",
    "parse",
    "sniff",
    "split_title",
    "tier_marker",
]
