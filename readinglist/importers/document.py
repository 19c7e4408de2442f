"""Reading links out of a plain-text document: a blog post or article whose links are the reading list.

The input is text as people paste it: partly Markdown, partly lines like ``- [Book] Title → https://...``,
``Title: https://...``, ``Title - https://...``, ``[Title](https://...)`` or bare URLs in paragraphs. It is read
line by line (a Markdown parser would turn such text into surprising blocks: a lone ``-`` under a line makes a
setext heading, four-space indents make code); each line's inline Markdown (links, images, autolinks, emphasis) is
parsed with pulldown-cmark (:func:`readinglist.importers.markdown.events.inline`), and bare URLs are found in its
plain text (the lines: :mod:`readinglist.importers._doclines`).

Rules:

* Headings group the links: Markdown ``#`` headings (nested by level), numbered headings (``1. 一年前, ...`` on a
  line of its own, not part of a run of numbered lines; the number is the heading's marker and is dropped), and
  plain headings: a short line without a link, immediately followed by a link line (or a known "Further reading" /
  "参考文献" style line), or a line that is all bold. A plain heading sits one level under the last ``#`` or
  numbered heading. A single level-1 ``#`` heading before any link is the document's title, not a topic.
* Titles are kept as written (Chinese included; a trailing ``| Author`` stays); a leading kind tag (``[Book]``,
  ``[Paper]``, ``[YouTube]``...) becomes the item's kind; other bracket prefixes (``[Latent Space]``) stay.
  Generic link texts ("here", "link", "这里") take the line's other text, else a title made from the URL.
* A short label link right after an item on the same line (``code``, ``video``, ``slides``...) is an extra
  :class:`~readinglist.types.Link` of that item, not an item of its own; so is a line of only such a link
  (``- [Code] https://...``) right under an item's line. A line of words over lines of only label links
  (``Title`` / ``- [Paper] https://...`` / ``- [Code] https://...``) is one item: the words title it.
* A checklist line without a link (``[ ] - Title by Author``, ``[x] Title``, ``[-] ...``) is a work kept by its
  title, with the box's status (``[x]`` read, ``[/]`` reading, ``[-]`` skipped), as in our Markdown checklists.
* A plain title in a list beside lines of links (``- Using games to understand the mind`` over ``- s1 Simple
  test-time scaling https://...``) is a work without a link, as in the Markdown importer (its rules:
  :mod:`readinglist.importers.markdown.linkless`): a line opening with bold or italic text is titled by it, a
  citation after a title (``(Devlin et al., 2018)``) is its note. Only in a section about reading (or under one, where
  a bold or italic title must be quoted; the document's title vouches only for a list under no heading), and only
  when every link-less line of that list reads as a title: no sentence, label (``Setup:``), placeholder (``TBD``) or
  checklist line (a list holding one stays as it was). A line over its own sub-list is no work, nor is a line
  linking an anchor. A short line right above such a list is its heading.
* Social posts and profiles, author home pages and date links are not reading (as in Markdown prose).
* Boilerplate is left out: front matter, the document's own address (``原文链接:``, ``Source:``, ``Originally
  published at``), cover images, image links and image CDN URLs, copyright/footer lines, share/subscribe links,
  and the same resource twice within one section. The document's own address becomes the list's ``source_url``
  when the caller gave none; a front-matter ``title``/``date`` (or ``发布时间:``) fill the list's title and date.
* A document with no reading links left raises :class:`ImportFormatError`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from readinglist.collector import paused
from readinglist.exceptions import ImportFormatError
from readinglist.importers._doclines import _REF_DEF_RE, _URL_RE, _classify, _label, _Line, list_run
from readinglist.importers._headings import named_work
from readinglist.importers._links import is_generic, title_from_url
from readinglist.importers._text import decode
from readinglist.importers.markdown.inline import _Line as _ItemLine
from readinglist.importers.markdown.itemline import _LineRules
from readinglist.importers.markdown.linkless import _QUOTED, _cited, _plain_title
from readinglist.importers.markdown.rules import _CHECKBOX, _READING_CONTEXT, CHECKBOXES
from readinglist.kinds import split_kind_tag
from readinglist.types import ItemToImport, Link, ListToImport
from readinglist.urls import canonical_url

NAME = "document"
EXTENSIONS = (".txt",)

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

# --- patterns ------------------------------------------------------------------------------------------

_KEY_VALUE_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")

# A separator between a title and its URL at the end of a line: "Title → url", "Title: url", "Title - url".
_SEPARATOR_RE = re.compile(r"(?:\s*(?:→|->|=>|⇒|➜|➡️?|👉|»|:|：)\s*|\s+[-–—|]\s*)$")
_SENTENCE_END_RE = re.compile(r"[.!?。！？]\s+\S")
_FUNCTION_WORD_END_RE = re.compile(
    r"(?i)(?:\b(?:at|on|in|see|visit|via|from|to|here|the|a|an|of|and|or|by|with|is|are)|在|见|访问|参见|详见)\s*$"
)

_EXTRA_LABELS = frozenset(
    {"video", "videos", "code", "slides", "pdf", "paper", "blog", "blog post", "github", "demo", "website"}
    | {
        "project",
        "project page",
        "arxiv",
        "talk",
        "lecture",
        "notebook",
        "colab",
        "repo",
        "transcript",
        "audio",
    }
    | {"podcast", "summary", "notes", "视频", "代码", "论文", "幻灯片", "博客", "演示", "项目", "讲座"}
)
_HEADING_WORDS_RE = re.compile(
    r"(?i)^(?:further\s+reading|more\s+reading|additional\s+reading|suggested\s+reading|recommended\s+reading|"
    r"reading\s+list|references?|resources?|sources|links|useful\s+links|see\s+also|learn\s+more|bibliography|"
    r"参考文献|参考资料|参考链接|参考|延伸阅读|扩展阅读|推荐阅读|相关阅读|相关链接|学习资料|学习资源|资源|资料)\s*[:：]?$"
)
MAX_HEADING_CHARS = 60
MAX_NUMBERED_HEADING_CHARS = 80
MAX_TITLE_LINE_CHARS = 150


def sniff(text: str) -> int:
    """How much ``text`` looks like a document whose links are a reading list (0..100).

    This is the importer of last resort for text with links: it claims at most 45 for a link list (so that a
    dedicated format such as Markdown lists, HTML, JSON or OPML wins when its sniffer recognises the input), and
    up to 60 for prose with a few links (an article: 20+ lines, at most a fifth of them with a URL).
    """
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<rss", "<feed", "<opml", "{", "[{", "@article", "@book", "@misc")):
        return 0
    urls = len(_URL_RE.findall(text[:200_000]))
    if urls == 0:
        return 0
    sample = text[:200_000]
    arrows = len(re.findall(r"(?:→|->|=>|:|：|\s[-–—])\s*https?://", sample))
    score = min(15 + min(urls, 10) * 2 + min(arrows, 5) * 3, 45)
    lines = [ln for ln in sample.split("\n") if ln.strip()]
    link_lines = sum(1 for ln in lines if "://" in ln)
    if len(lines) >= 20 and link_lines <= len(lines) // 5:
        score += 15  # prose with a few links: an article, not a link list another importer knows better
    return score


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read the reading links of a plain-text document (bytes in, :class:`ListToImport` out; no I/O).

    Raises :class:`ImportFormatError` for empty/binary input and for a document without reading links.
    """
    with paused():
        return _parse(data, source_url=source_url)


def _parse(data: bytes, *, source_url: str | None) -> ListToImport:
    name = source_url or "the document"
    text = decode(data, format=NAME, source=source_url)
    meta, lines = _split_front_matter(text.split("\n"))
    refs = _reference_definitions(lines)
    classified = _classify(lines, refs)
    title = _clean_meta(meta.get("title"))
    doc_title_index = _document_title_index(classified)
    if doc_title_index is not None and not title:
        title = classified[doc_title_index].text
    items = _items(classified, doc_title_index, title)
    from readinglist.importers.markdown.prose import _not_reading

    # tweets, profiles, dates; an item tagged with its kind ("[Paper] ...", "### Book: ...") says it is reading
    items = [i for i in items if not (i.url and i.kind is None and _not_reading(i.title, i.url))]
    own = next((ln.own_address for ln in classified if ln.own_address), None)
    date = _clean_meta(meta.get("date")) or next((ln.date for ln in classified if ln.date), None)
    if not items:
        found = any(ln.kind == "links" or ln.own_address for ln in classified) or bool(_URL_RE.search(text))
        why = (
            "only its own address, images and site links were found"
            if found
            else "it contains no web links at all"
        )
        raise ImportFormatError(
            f"{name} has no reading links ({why}); nothing to import", format=NAME, source=source_url
        )
    return ListToImport(
        items=tuple(items),
        title=title or None,
        source_url=source_url or own,
        date=date,
        format=NAME,
    )


# --- front matter and references -----------------------------------------------------------------------


def _split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Take a leading ``---`` ... ``---`` block off; keep its simple ``key: value`` lines (no YAML library)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, lines
    for end in range(start + 1, min(len(lines), start + 200)):
        if lines[end].strip() in ("---", "..."):
            meta: dict[str, str] = {}
            for raw in lines[start + 1 : end]:
                m = _KEY_VALUE_RE.match(raw)
                if m and m.group(2).strip():
                    meta.setdefault(m.group(1).lower(), m.group(2).strip())
            # keep line numbers stable: blank the block instead of removing it
            return meta, [""] * (end + 1) + lines[end + 1 :]
    return {}, lines


def _clean_meta(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()
    return value or None


def _reference_definitions(lines: list[str]) -> dict[str, dict[str, str]]:
    """``[label]: url`` lines, keyed as CommonMark matches labels (whitespace collapsed, upper case)."""
    refs: dict[str, dict[str, str]] = {}
    for raw in lines:
        m = _REF_DEF_RE.match(raw) if "]:" in raw else None
        if m and m.group(2).lower().startswith(("http://", "https://")):
            label = " ".join(m.group(1).split()).upper()
            refs.setdefault(label, {"href": m.group(2), "title": ""})
    return refs


# --- headings and items --------------------------------------------------------------------------------


def _document_title_index(lines: list[_Line]) -> int | None:
    """The index of a single level-1 ``#`` heading that comes before any link: the document's title."""
    h1 = [i for i, ln in enumerate(lines) if ln.kind == "heading" and ln.level == 1]
    if len(h1) != 1:
        return None
    first_link = next((i for i, ln in enumerate(lines) if ln.kind == "links"), len(lines))
    return h1[0] if h1[0] < first_link else None


def _next_nonblank(lines: list[_Line], i: int, step: int) -> _Line | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].kind != "blank":
            return lines[j]
        j += step
    return None


def _is_plain_heading(lines: list[_Line], i: int, over_works: bool = False) -> bool:
    """A short link-less line right above a link line (or, ``over_works``, above a list whose plain titles are works),
    or a "Further reading"-style line."""
    ln = lines[i]
    if ln.list_item or not ln.text:
        return False
    if _HEADING_WORDS_RE.match(ln.text):
        nxt = _next_nonblank(lines, i, 1)
        return over_works or (nxt is not None and nxt.kind == "links")
    if len(ln.text) > MAX_HEADING_CHARS or ln.text[-1] in "。.!！?？,，;；、":
        return False
    return over_works or (i + 1 < len(lines) and lines[i + 1].kind in ("links", "check"))


def _is_numbered_heading(lines: list[_Line], i: int) -> bool:
    """``1. 一年前, ...`` alone: not inside a run of numbered lines (that is an ordered list)."""
    if len(lines[i].text) > MAX_NUMBERED_HEADING_CHARS:
        return False
    for step in (-1, 1):
        other = _next_nonblank(lines, i, step)
        if other is not None and other.kind == "numbered":
            return False
    return True


def _title_line_for(lines: list[_Line], i: int) -> bool:
    """A text line that is the title of the bare URL on the next line (``Title`` newline ``https://...``)."""
    ln = lines[i]
    if i + 1 >= len(lines) or lines[i + 1].kind != "links":  # most lines: asked first, as it is cheap
        return False
    if not ln.text or len(ln.text) > MAX_TITLE_LINE_CHARS or _HEADING_WORDS_RE.match(ln.text):
        return False
    if _label_only(lines[i + 1]):
        return True  # "Title" then "- [Paper] https://..." and "- [Code] https://...": the work and its links
    if not lines[i + 1].url_only:
        return False
    # a line above a run of bare URLs names the run (a heading), not one URL
    return not (i + 2 < len(lines) and lines[i + 2].url_only)


def _label_only(ln: _Line) -> bool:
    """A line of one link named only by what it is (``- [Paper] https://...``, ``Code: https://...``,
    ``[PDF](url)``): a link of the work the line above names, no work of its own."""
    if ln.kind != "links" or len(ln.links) != 1:
        return False
    found = ln.links[0]
    text = found.text if found.markdown else found.text or found.before
    if not text:
        return False  # a bare URL alone, most lines of a link dump: no label
    label = _label(text).lower()
    if not label:
        return False
    rest = ln.plain.replace(found.url, "", 1) if not found.markdown else ln.plain.replace(found.text, "", 1)
    return (label in _EXTRA_LABELS or is_generic(label)) and _label(rest.replace(text, "", 1)) == ""


class _Sections:
    """The heading stack: ``#`` headings at 10*level, numbered ones 5 under them, plain ones 3 under those."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str, bool]] = []  # (rank, title, strong)
        self._path: tuple[str, ...] | None = ()  # the titles, made once per heading

    def push(self, rank: int, title: str, strong: bool) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, title, strong))
        self._path = None

    def markdown(self, level: int, title: str) -> None:
        self.push(level * 10, title, True)

    def numbered(self, title: str) -> None:
        base = max((r for r, _, s in self.stack if s and r % 10 == 0), default=0)
        self.push(base + 5, title, True)

    def plain(self, title: str) -> None:
        base = max((r for r, _, s in self.stack if s), default=0)
        self.push(base + 3, title, False)

    @property
    def path(self) -> tuple[str, ...]:
        if self._path is None:
            self._path = tuple(t for _, t, _ in self.stack)
        return self._path


class _Works:
    """The plain titles of one list beside its lines of links: items by line index, their section to come."""

    def __init__(self, items: dict[int, ItemToImport], marked: bool) -> None:
        self.items = items
        self.marked = marked  # a title opened with bold or italic text, not quoted: a work only under a reading heading
        self.refused = False  # named by the line right above it, which is not about reading

    def are_works(self, section: tuple[str, ...], title: str | None) -> bool:
        """Whether they are works in ``section``: under a heading about reading (the innermost, else the list's title
        when there is none), or under one further out when no bold or italic title goes unquoted (the rule of the
        Markdown importer's ``linkless``). Unlike there, the document's title does not vouch for a section under it:
        a post's title names its subject ("Essential Python tooling" over "What I liked": "- Pros")."""
        if self.refused:
            return False
        context = section[-1] if section else title or ""
        if _READING_CONTEXT.search(context):
            return True
        return not self.marked and any(_READING_CONTEXT.search(text) for text in section[:-1])


class _Lists:
    """The plain titles of a document's lists beside their lines of links (:class:`_Works` by line index), read run by
    run as the reader reaches a list's text line (a document without one reads none)."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.found: dict[int, _Works] = {}
        self.read_to = 0  # the lines before it are read
        self.linked: bool | None = None  # whether any list line holds links: asked once, at the first list text line

    def at(self, i: int) -> _Works | None:
        """The works line ``i`` is one of (a list's text line), if any."""
        if self.linked is None:
            distinct = dict(zip(map(id, self.lines), self.lines)).values()  # a line written again is one _Line
            self.linked = any(ln.list_item and ln.kind == "links" for ln in distinct)
            if not self.linked:
                self.read_to = len(self.lines)  # no list holds links: no plain title is a work
        while self.read_to <= i < len(self.lines):
            run, self.read_to = list_run(self.lines, self.read_to)
            if any(self.lines[j].kind == "links" for j in run):
                self.found.update(_linkless(self.lines, run))
        return self.found.get(i)


def _linkless(lines: list[_Line], run: list[int]) -> dict[int, _Works]:
    """The plain titles of a run of list lines holding a line of links, by line index: each list of the run (its lines
    at one indent) holding a line of links gives its link-less lines' titles (a line over a deeper one heads its
    sub-list, a line with a link that is no reading link names nothing), none when one of them is not a title
    (:func:`_listed_work`) or the list holds a checklist line."""
    found: dict[int, _Works] = {}
    parents = {i for i, j in zip(run, run[1:]) if lines[j].indent > lines[i].indent}
    for members in _siblings(lines, run):
        if not any(lines[i].kind == "links" for i in members) or any(lines[i].kind == "check" for i in members):
            continue
        items: dict[int, ItemToImport] = {}
        marked = False
        for i in members:
            ln = lines[i]
            if ln.kind != "text" or ln.linked or i in parents:
                continue
            work = _listed_work(ln)
            if work is None:
                items = {}
                break
            items[i], quoted = work
            marked = marked or (bool(ln.emphasis) and not quoted)
        if items:
            found.update(dict.fromkeys(items, _Works(items, marked)))
    return found


def _siblings(lines: list[_Line], run: list[int]) -> list[list[int]]:
    """A run of list lines cut into its lists: the lines at one indent under the same parent line."""
    lists: list[list[int]] = []
    open_: list[tuple[int, list[int]]] = []  # the lists the next line may continue: (indent, lines), deepest last
    for i in run:
        indent = lines[i].indent
        while open_ and open_[-1][0] > indent:
            open_.pop()
        if open_ and open_[-1][0] == indent:
            open_[-1][1].append(i)
        else:
            members = [i]
            open_.append((indent, members))
            lists.append(members)
    return lists


def _listed_work(ln: _Line) -> tuple[ItemToImport, bool] | None:
    """The work a link-less list line names, as the Markdown importer reads one beside linked works, and whether its
    title was quoted: the bold or italic text it opens with, else the title before a citation, else the whole line
    if it reads as a title (:func:`~readinglist.importers.markdown.linkless._plain_title`); ``None`` otherwise."""
    words = ln.text
    if ln.emphasis and words.startswith(ln.emphasis):
        title: str | None = ln.emphasis
        rest = words[len(ln.emphasis) :]
    elif _CHECKBOX.match(words.lstrip() + " "):
        return None  # a box without a title ("- [ ]"): a checklist's
    else:
        cited = _cited(words)
        title, rest = cited if cited is not None else (_plain_title(words), "")
    if not title or len(title) > 200 or title.endswith((":", "：")):
        return None
    quoted = _QUOTED.fullmatch(title)
    if quoted is not None:
        title = quoted.group(1).strip()
    line = _ItemLine(title=title.rstrip(".。").strip() or title)
    _LineRules.note_and_description(rest, line, [])
    kind, named = split_kind_tag(line.title)
    item = ItemToImport(title=named or line.title, kind=kind, note=line.note, description=line.description)
    return item, quoted is not None


def _items(lines: list[_Line], doc_title_index: int | None, title: str | None = None) -> list[ItemToImport]:
    sections = _Sections()
    works = _Lists(lines)  # the plain titles beside lines of links, by index, while their section is unknown
    last = len(lines) - 1
    items: list[ItemToImport] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    title_for_next: str | None = None
    labelled: int | None = None  # the item a title line named, while label lines ("[Code] url") follow it
    heading: _Line | None = None  # the last heading, while no item stands under it
    for i, ln in enumerate(lines):
        kind = ln.kind
        if kind == "blank" or kind == "skip":  # half of most documents: nothing but the end of what came before
            labelled = title_for_next = None
            continue
        label_only = kind == "links" and _label_only(ln)  # asked once: up to three rules below read it
        if labelled is not None and label_only:
            found = ln.links[0]
            name = _label(found.text if found.markdown else found.text or found.before)
            items[labelled] = _add_link(items[labelled], Link(name, found.url))
            continue
        labelled = None
        if kind == "text":  # its words are read only above a link or checklist line, or in a list beside links
            if _title_line_for(lines, i):
                title_for_next = ln.text
                continue
            if ln.list_item:  # a list's line: a plain title beside lines of links is a work; never a heading
                listed = works.at(i) if i >= works.read_to or i in works.found else None
                if listed is not None and listed.are_works(sections.path, title):
                    items.append(replace(listed.items[i], section=sections.path))
                    heading = None
            else:  # plain titles right under a short line: the line names them
                nxt = lines[i + 1] if i < last else ln
                below = works.at(i + 1) if nxt.list_item and nxt.kind == "text" else None
                if below is not None and _is_plain_heading(lines, i, over_works=True):
                    if below.are_works((*sections.path, ln.text), title):
                        sections.plain(ln.text)  # its heading, as over a list of links
                    else:
                        below.refused = True  # a list that is not about reading ("What I liked": "- Pros")
                elif _is_plain_heading(lines, i):
                    sections.plain(ln.text)
        elif kind == "heading":
            heading = None
            if i != doc_title_index:
                sections.markdown(ln.level, ln.text)
                heading = ln
        elif kind == "numbered" and _is_numbered_heading(lines, i):
            sections.numbered(ln.text)
        elif kind == "bold" and ln.text and len(ln.text) <= MAX_HEADING_CHARS:
            sections.plain(ln.text)
        elif kind == "check":
            items.append(ItemToImport(title=ln.text, section=sections.path, status=CHECKBOXES[ln.plain]))
        elif kind == "links":
            path = sections.path
            named = _named_by_heading(ln, heading, path)
            if named is not None:
                items.append(named)
                heading = None
                continue
            if title_for_next is not None and label_only:
                found = ln.links[0]
                items.append(ItemToImport(title=title_for_next, url=found.url, section=path))
                labelled = len(items) - 1
                title_for_next = None
                continue
            before = len(items)
            for item in _line_items(ln, title_for_next, path):
                key = (path, canonical_url(item.url or ""))
                if key in seen:
                    continue
                seen.add(key)
                items.append(item)
            if len(items) > before and not label_only:
                labelled = len(items) - 1  # "- [Code](u)" on the next line is this work's link
        title_for_next = None
    return items


def _named_by_heading(ln: _Line, heading: _Line | None, section: tuple[str, ...]) -> ItemToImport | None:
    """``### 📄 Paper: **Title** – Authors`` then a line that is only ``→ [Link](url)``: the heading names the item,
    which sits in the heading's parent section (as in the Markdown importer). Only for the heading's first item, a
    line of one generic link (``Link``, ``PDF``, ``Link (free)``) and nothing else but decoration or a parenthesised
    remark. Its kind, title and description: :func:`~readinglist.importers._headings.named_work`."""
    if heading is None or len(ln.links) != 1 or not ln.links[0].markdown or not section:
        return None
    found = ln.links[0]
    if not (found.generic or is_generic(found.text)):
        return None
    around = ln.plain.replace(found.text, "", 1) if found.text else ln.plain
    if re.search(r"\w", re.sub(r"\([^()]*\)", "", around)):
        return None
    kind, title, description = named_work(heading.text, heading.emphasis)
    return ItemToImport(
        title=title or heading.text, url=found.url, section=section[:-1], kind=kind, description=description
    )


def _line_items(ln: _Line, title_line: str | None, section: tuple[str, ...] = ()) -> list[ItemToImport]:
    """The items of one link line; short label links after an item become its extra links."""
    if ln.url_only and ln.plain == ln.links[0].url:  # a bare URL alone: titled by the line above, else by itself
        url = ln.links[0].url
        raw_title = title_line if title_line and title_line.strip() else title_from_url(url)
        kind, title = split_kind_tag(" ".join(raw_title.replace("**", "").split()))
        return [ItemToImport(title=title or title_from_url(url), url=url, section=section, kind=kind)]
    out: list[ItemToImport] = []
    for n, f in enumerate(ln.links):
        raw_title = f.text if f.markdown else _bare_title(f.text)
        generic = f.generic  # read, not changed: a line written twice in a document is one _Line
        label = _label(raw_title).lower()
        if out and label in _EXTRA_LABELS:
            prev = out[-1]
            out[-1] = _add_link(prev, Link(raw_title.strip(" ([])") or label, f.url))
            continue
        description = None
        if n == 0 and ln.url_only:  # "https://... A beginner's introduction to ...": the words after describe it
            after = ln.plain.replace(f.url, "", 1).strip(" \t-–—:|")
            if after:
                description = after if len(after) <= 500 else after[:497] + "..."
            if title_line:
                raw_title = title_line
        if f.markdown and not out and label in _EXTRA_LABELS:
            # "Attention Is All You Need [paper](url)": the text before a label link names it
            named = _bare_title(f.before)
            if named:
                raw_title, generic = named, False
        if generic or not raw_title.strip():
            raw_title = title_from_url(f.url)
            if ln.plain and not ln.url_only and len(ln.links) == 1:
                description = ln.plain if len(ln.plain) <= 500 else ln.plain[:497] + "..."
        kind, title = split_kind_tag(" ".join(raw_title.replace("**", "").split()))
        out.append(
            ItemToImport(
                title=title or title_from_url(f.url),
                url=f.url,
                section=section,
                kind=kind,
                description=description,
            )
        )
    return out


def _add_link(item: ItemToImport, link: Link) -> ItemToImport:
    return replace(item, links=item.links + (link,))


def _bare_title(before: str) -> str:
    """The title a bare URL gets from the text before it: ``Title →``, ``Title:``, ``Title -`` or a short name."""
    text = " ".join(before.split())
    if not text:
        return ""
    m = _SEPARATOR_RE.search(text)
    if m:
        title = text[: m.start()].strip()
        return title if 0 < len(title) <= MAX_TITLE_LINE_CHARS else ""
    if (
        len(text) > 80
        or text[-1] in ",，;；(（"
        or _SENTENCE_END_RE.search(text)
        or _FUNCTION_WORD_END_RE.search(text.rstrip(" ([（"))
    ):
        return ""  # a sentence that mentions the URL, not its title
    return text.strip(" ([")
