"""Org-mode reading lists (Emacs): headings are topics or items, list items with links or checkboxes are items.

Read line by line (one pass, no backtracking), after the Org syntax reference (orgmode.org/worg/org-syntax.html):

* ``#+TITLE:`` is the list's title. ``#+TODO: READING NEXT | READ`` (or ``#+SEQ_TODO``/``#+TYP_TODO``) declares the
  heading keywords: those after ``|`` are done (read), the others not; ``TODO | DONE`` when none is declared.
* A heading (``** Title``) is an **item** when it carries a keyword (``** READ Solaris``), a link
  (``** [[https://arxiv.org/abs/1706.03762][Attention Is All You Need]]``) or a web URL in its property drawer
  (``:URL:``, ``:GOODREADS:``, any property holding one); its ``:AUTHOR:`` is the author, the text under it the
  description. Any other heading is a **topic**, nested by its stars; ``Tier 2`` / ``Beginner`` headings set the
  tier of what follows instead, as in Markdown.
* A list item (``-``, ``+``, ``1.``) is an item when it has a link or a checkbox: ``- [X] "Title" by Authors (Year)``
  (a quoted title is the title, the rest describes it), ``- [[url][Title]] - notes``. Keywords and checkboxes give
  the reader's status: done keywords and ``[X]`` read, ``READING``-like keywords and ``[-]`` reading, the rest
  unread.
* A heading with none of these is still an item when nothing is nested under it and the text under it links the
  work: ``** Attention Is All You Need`` over ``[[https://arxiv.org/abs/1706.03762][arXiv]]`` (its first web link
  the item's URL), or only a local copy (``[[file:papers/x.pdf][x.pdf]]``: kept by title, with a warning).
* Only web links are items' URLs; ``file:`` and other Org link types are text.
"""

from __future__ import annotations

import re

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.importers.markdown.rules import TierMarker, collapse, tier_marker
from readinglist.types import ItemToImport, Link, ListToImport, Status

NAME = "org"
EXTENSIONS = (".org",)

# Greedy ``(.*)`` then ``str.strip`` in code: a lazy ``(.*?)[ \t]*$`` rescans a long run of spaces from each position.
_HEADING = re.compile(r"(\*+)[ \t]+(.*)")
_TAGS = re.compile(r":[\w@#%:]+:")
_PRIORITY = re.compile(r"\[#[A-Za-z0-9]\][ \t]*")
_SETTING = re.compile(r"#\+(\w+):(.*)")
_PROPERTY = re.compile(r"[ \t]*:([\w-]+):(.*)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+]|\d+[.)])[ \t]+(?:\[([ xX-])\][ \t]+)?(.*)")
_WORD = re.compile(r"\w{2,}")
_MARKUP = tuple(
    re.compile(
        rf"""(^|[\s\-({{'"]){re.escape(m)}([^\s{re.escape(m)}](?:[^{re.escape(m)}\n]{{0,300}}[^\s{re.escape(m)}])?)"""
        rf"""{re.escape(m)}(?=$|[\s\-.,;:!?')}}"])"""
    )
    for m in "~=*/_+"
)
"""Org's inline markup (``~code~``, ``=verbatim=``, ``*bold*``, ``/italic/``...): a marker after a space or an
opening mark, words without that marker, the marker before a space or a closing mark. One pattern a marker, so each
scan stops at the next marker: linear on hostile text."""
_MARKUP_CHARS = frozenset("*/_=~+")
_LINK = re.compile(r"\[\[([^\[\]\n]{1,2000})\](?:\[([^\[\]\n]{0,2000})\])?\]")
_WEB = re.compile(r"https?://[^\s/?#\[\]<>\"]", re.IGNORECASE)
"""A web URL: ``http(s)://`` and a host (the one check the storage makes again on every link; ``urlsplit`` per
link was half the parse)."""
_BARE_URL = re.compile(r"https?://[^\s\[\]<>\"]+")
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,300})[\"”][ \t,.:;-]*(.*)")
_PLANNING = re.compile(r"[ \t]*(?:CLOSED|SCHEDULED|DEADLINE):")
MAX_LINKS = 50
"""Links read from one heading or list item: an item has a link or a few; a line of thousands is not one."""
_READING_WORDS = frozenset(("reading", "started", "doing", "in-progress", "inprogress", "wip", "current"))
_CHECKBOX_STATUS = {" ": Status.UNREAD, "x": Status.READ, "X": Status.READ, "-": Status.READING}


def sniff(text: str) -> int:
    """How sure we are that ``text`` is Org: ``#+TITLE:``-style settings, ``[[url][text]]`` links, ``* `` headings
    with ``:PROPERTIES:`` drawers."""
    head = text[:65536]
    settings = len(
        re.findall(r"(?im)^#\+(?:title|author|todo|seq_todo|startup|options|date|filetags):", head)
    )
    links = len(re.findall(r"\[\[https?://[^\]\n]+\](?:\[[^\]\n]*\])?\]", head))
    drawers = head.count(":PROPERTIES:")
    headings = len(re.findall(r"(?m)^\*+ \S", head))
    score = 0
    if settings:
        score += 60
    if links >= 2:
        score += 30
    if drawers and headings:
        score += 30
    if headings and score:
        score += 5
    return min(score, 100)


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read an Org document (see the module docstring).

    Raises :class:`ImportFormatError` when it holds no item: no heading or list item with a link, a keyword, a
    checkbox or a URL property.
    """
    text = decode(data, format=NAME, source=source_url)
    reader = _Reader()
    for line in text.split("\n"):
        reader.line(line)
    reader.ended = True
    reader.finish()
    if not reader.items:
        raise ImportFormatError(
            f"{source_url or 'input'} has no items: no Org heading or list item carries a link, a TODO keyword "
            "or a checkbox",
            format=NAME,
            source=source_url,
        )
    warnings = (
        (f"{reader.local_only} heading(s) link only a local file (file:): kept by title without a link",)
        if reader.local_only
        else ()
    )
    return ListToImport(
        items=tuple(reader.items),
        title=reader.title,
        source_url=source_url,
        format=NAME,
        sections=tuple(reader.sections),
        warnings=warnings,
    )


class _Heading:
    """A heading being read: its title, keyword and links, then the properties and text lines under it. Its topic
    path and tier are those of the topic stack under it, which stays as it is until the heading is settled."""

    __slots__ = ("body", "keyword", "level", "links", "properties", "rest", "title")

    def __init__(
        self, level: int, title: str, keyword: str | None, links: list[tuple[str, str]], rest: str | None
    ) -> None:
        self.level = level
        self.title = title
        self.keyword = keyword
        self.links = links
        self.rest = rest  # the heading's words after its title ("- Owens+"): they describe it
        # made at the first property or line under the heading: most headings have neither
        self.properties: dict[str, str] | None = None
        self.body: list[str] | None = None

    def add_body(self, text: str) -> None:
        if self.body is None:
            self.body = [text]
        else:
            self.body.append(text)


class _Reader:
    """The state of one pass: settings, the topic stack, the heading being read, the items found."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.todo = {"TODO"}
        self.done = {"DONE"}
        self.keywords = {"TODO", "DONE"}  # todo | done: what a heading's first word is looked up in
        self.items: list[ItemToImport] = []
        # the topic paths in order of first use: a dict, so a path is looked up in constant time (a list was
        # scanned per topic: quadratic in distinct headings, minutes for a megabyte of "* x1", "* x2"...)
        self.sections: dict[tuple[str, ...], None] = {}
        # (level, topic or None, its tier marker or None, the topic path to here, the tier marker in force here):
        # the path and tier are kept on each level, so a heading reads them from the top in constant time
        self.topics: list[tuple[int, str | None, TierMarker | None, tuple[str, ...], TierMarker | None]] = []
        self.heading: _Heading | None = None
        self.in_drawer = False
        self.ended = False  # the last line was read: the heading being read is a leaf
        self.local_only = 0  # items whose only link is a local file

    # -- lines --

    def line(self, line: str) -> None:
        first = line[:1]
        if first == "*":
            heading = _HEADING.match(line)
            if heading:
                stars, raw = heading.groups()
                level = len(stars)
                self.finish(level)
                self.start_heading(level, raw.strip())
                return
        elif first == "#":
            setting = _SETTING.match(line)
            if setting:
                self.setting(setting.group(1).lower(), setting.group(2).strip())
                return
        stripped = line.strip()
        mark = stripped[:1]
        if mark == ":" and stripped.upper() == ":PROPERTIES:":
            self.in_drawer = True
            return
        if self.in_drawer:
            if stripped.upper() == ":END:":
                self.in_drawer = False
            else:
                prop = _PROPERTY.match(line)
                if prop and self.heading is not None:
                    if self.heading.properties is None:
                        self.heading.properties = {}
                    self.heading.properties.setdefault(prop.group(1).upper(), prop.group(2).strip())
            return
        if not stripped or mark == "#" or (mark in "CSD" and _PLANNING.match(line)):
            return
        item = _LIST_ITEM.match(line)
        if item:
            self.list_item(item.group(1), item.group(2).strip())
        elif self.heading is not None:
            self.heading.add_body(stripped)

    def setting(self, key: str, value: str) -> None:
        if key == "title" and self.title is None:
            self.title = collapse(value) or None
        elif key in ("todo", "seq_todo", "typ_todo"):
            words = [re.sub(r"\(.*\)$", "", w) for w in value.split()]
            if "|" in words:
                at = words.index("|")
                todo, done = words[:at], words[at + 1 :]
            else:
                todo, done = words[:-1], words[-1:]
            self.todo |= {w for w in todo if w}
            self.done |= {w for w in done if w}
            self.keywords = self.todo | self.done

    def start_heading(self, level: int, raw: str) -> None:
        if raw[-1:] == ":":  # "Title   :tag1:tag2:" (found by splitting: a regex rescans spaces)
            head, _, last = raw.rpartition(" ")
            if head and _TAGS.fullmatch(last):
                raw = head.strip()
        first, _, rest = raw.partition(" ")
        keyword = first if first in self.keywords else None
        if keyword is not None:
            raw = rest
        if "[" in raw or "://" in raw:
            title, rest, links = _heading_text(raw)
        else:
            title, rest, links = _plain_heading_text(raw)
        topics = self.topics
        while topics and topics[-1][0] >= level:
            topics.pop()
        self.heading = _Heading(level, title, keyword, links, rest)

    def list_item(self, box: str | None, text: str) -> None:
        links = _links(text)
        if not links and box is None:
            if self.heading is not None:
                self.heading.add_body(text)
            return
        self.settle_heading()
        shown = collapse(_LINK.sub(lambda m: m.group(2) or m.group(1), text))
        title, description = _title_of(shown, links)
        url = links[0][1] if links else None
        title = title or url or ""
        if not title:
            return
        self.add(
            title,
            url,
            status=_CHECKBOX_STATUS.get(box) if box is not None else None,
            description=description,
            links=tuple(Link(t or u, u) for t, u in links[1:]),
        )

    def finish(self, next_level: int | None = None) -> None:
        """The heading being read ends (``next_level``: the level of the heading after it, None at the end): it
        becomes an item or a topic."""
        self.settle_heading(next_level)
        self.in_drawer = False

    def settle_heading(self, next_level: int | None = None) -> None:
        heading, self.heading = self.heading, None
        if heading is None:
            return
        if heading.keyword is None and not heading.links and heading.properties is None and heading.body is None:
            self.add_topic(heading)  # nothing names a work: a topic, as below finds (most headings of a list)
            return
        properties = heading.properties or {}
        body = heading.body or []
        urls = [v for v in properties.values() if _is_web(v)]
        named = heading.keyword is not None or bool(heading.links) or bool(urls)
        # a leaf heading whose text links the work ("** Title" over "[[https://...][arXiv]]") is that work; one
        # whose text links only a local copy ("[[file:papers/x.pdf][x.pdf]]") is kept by its title
        leaf = next_level <= heading.level if next_level is not None else self.ended
        body_links = [link for text in body for link in _links(text)] if leaf and not named else []
        local = leaf and not named and not body_links and any(_LINK.search(text) for text in body)
        self.local_only += local
        path, tier = self.section(), self.tier()
        if named or body_links or local:
            links = heading.links or body_links
            url = links[0][1] if links else (urls[0] if urls else None)
            extra = [Link(t or u, u) for t, u in links[1:]]
            extra += [Link(k.title(), v) for k, v in properties.items() if _is_web(v) and v != url]
            # a named heading's body links are words of its description; a leaf's were read above as its link
            words = [_LINK.sub(lambda m: m.group(2) or m.group(1), t) if named else _LINK.sub("", t) for t in body]
            description = collapse(" ".join([heading.rest or "", *words])) or None
            self.add(
                heading.title,
                url,
                status=self.status(heading.keyword),
                description=description,
                links=tuple(extra),
                author=properties.get("AUTHOR") or None,
                section=path,
                tier=tier,
            )
            # a heading that is an item holds no topic: its list items and sub-headings stay in its parent topic
            self.topics.append((heading.level, None, None, path, tier))
            return
        self.add_topic(heading)

    def add_topic(self, heading: _Heading) -> None:
        """The heading that is no item names the topic (or the tier) of what follows it, up to the next heading
        of its level or above."""
        path, tier = self.section(), self.tier()
        marker = tier_marker(heading.title) if heading.title else None
        topic = heading.title if marker is None or marker.name else None
        if marker is not None and marker.name:
            topic = marker.name
        if topic:
            path = (*path, topic)
            if path not in self.sections:
                self.sections[path] = None
        self.topics.append((heading.level, topic, marker, path, marker if marker is not None else tier))

    def status(self, keyword: str | None) -> Status | None:
        if keyword is None:
            return None
        if keyword in self.done:
            return Status.READ
        return Status.READING if keyword.lower() in _READING_WORDS else Status.UNREAD

    # -- structure --

    def section(self) -> tuple[str, ...]:
        """The topic path of what is read now: the topics of the stack, top last."""
        return self.topics[-1][3] if self.topics else ()

    def tier(self) -> TierMarker | None:
        """The tier marker in force now: the nearest one down the stack."""
        return self.topics[-1][4] if self.topics else None

    def add(
        self,
        title: str,
        url: str | None,
        *,
        status: Status | None,
        description: str | None,
        links: tuple[Link, ...],
        author: str | None = None,
        section: tuple[str, ...] | None = None,
        tier: TierMarker | None = None,
    ) -> None:
        marker = tier if section is not None else self.tier()
        if description and _MARKUP_CHARS.intersection(description):
            for markup in _MARKUP:  # "~git clone~", "=verbatim=", "*bold*": the words
                description = markup.sub(r"\1\2", description)
        self.items.append(
            ItemToImport(
                title=title,
                url=url,
                section=self.section() if section is None else section,
                tier=marker.tier if marker else None,
                tier_label=marker.label if marker else None,
                description=description,
                links=links,
                status=status,
                author=author,
            )
        )


def _heading_text(raw: str) -> tuple[str, str | None, list[tuple[str, str]]]:
    """A heading's title, the words after it and its web links, from its text after keyword and tags."""
    raw = _PRIORITY.sub("", raw, count=1)
    links = _links(raw)
    title, rest = _title_of(collapse(_LINK.sub(lambda m: m.group(2) or m.group(1), raw)), links)
    return title, rest, links


def _plain_heading_text(raw: str) -> tuple[str, str | None, list[tuple[str, str]]]:
    """:func:`_heading_text` of a text without ``[`` or ``://``, so without priority cookie, link or URL (most
    headings): its title and the words after it, read as that function reads them, without its scans."""
    shown = collapse(raw)
    if shown[:1] in ('"', "“"):
        title, rest = _title_of(shown, [])
        return title, rest, []
    head, sep, rest = shown.partition(" - ")
    return head.strip(" \t-–—:,;"), (rest or None) if sep else None, []


def _links(text: str) -> list[tuple[str, str]]:
    """``(title, url)`` of the web links in ``text``: ``[[url][title]]``, ``[[url]]`` and bare URLs."""
    found: list[tuple[str, str]] = []
    if "[" not in text and "://" not in text:
        return found  # no link and no URL (most lines): the scans below find nothing
    for m in _LINK.finditer(text):
        target = m.group(1).strip()
        if _is_web(target):
            found.append((collapse(m.group(2) or ""), target))
            if len(found) >= MAX_LINKS:
                return found
    rest = _LINK.sub(" ", text)
    for m in _BARE_URL.finditer(rest):
        url = m.group(0).rstrip(".,;:)")
        if _is_web(url):
            found.append(("", url))
            if len(found) >= MAX_LINKS:
                break
    return found


def _title_of(shown: str, links: list[tuple[str, str]]) -> tuple[str, str | None]:
    """An item's title and description from its text: the first link's title, else a quoted title, else the text
    up to a dash. The other links' titles are no part of the description (they are the item's extra links)."""
    if links and links[0][0]:
        title = links[0][0]
        rest = shown.replace(title, "", 1)
        bare = rest
        for other, _url in links[1:]:
            bare = bare.replace(other, "", 1) if other else bare
        if len(_WORD.findall(bare)) < 3:  # "(code, slides)": labels of the extra links, not words about the work
            rest = bare
        return title, collapse(rest.strip(" \t-–—:,;").lstrip(". ")) or None
    quoted = _QUOTED.match(shown)
    if quoted:
        return collapse(quoted.group(1)), collapse(quoted.group(2)) or None
    for url in (u for _, u in links):
        shown = shown.replace(url, " ")
    head, sep, rest = collapse(shown).partition(" - ")
    return head.strip(" \t-–—:,;"), (collapse(rest) or None) if sep else None


def _is_web(text: str) -> bool:
    return bool(_WEB.match(text))
