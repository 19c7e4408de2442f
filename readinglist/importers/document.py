"""Reading links out of a plain-text document: a blog post or article whose links are the reading list.

The input is text as people paste it: partly Markdown, partly lines like ``- [Book] Title → https://...``,
``Title: https://...``, ``Title - https://...``, ``[Title](https://...)`` or bare URLs in paragraphs. It is read
line by line (a Markdown parser would turn such text into surprising blocks: a lone ``-`` under a line makes a
setext heading, four-space indents make code); each line's inline Markdown (links, images, autolinks, emphasis) is
parsed with pulldown-cmark (:func:`readinglist.importers.markdown.events.inline`), and bare URLs are found in its
plain text.

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
  :class:`~readinglist.types.Link` of that item, not an item of its own.
* Social posts and profiles, author home pages and date links are not reading (as in Markdown prose).
* Boilerplate is left out: front matter, the document's own address (``原文链接:``, ``Source:``, ``Originally
  published at``), cover images, image links and image CDN URLs, copyright/footer lines, share/subscribe links,
  and the same resource twice within one section. The document's own address becomes the list's ``source_url``
  when the caller gave none; a front-matter ``title``/``date`` (or ``发布时间:``) fill the list's title and date.
* A document with no reading links left raises :class:`ImportFormatError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote

from readinglist.exceptions import ImportFormatError
from readinglist.importers._links import title_from_url
from readinglist.importers._text import decode, no_cycle_collection
from readinglist.kinds import split_kind_tag
from readinglist.types import ItemToImport, Link, ListToImport
from readinglist.urls import canonical_url, is_web_url, split_url

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node

NAME = "document"
EXTENSIONS = (".txt",)

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

# --- patterns ------------------------------------------------------------------------------------------

_URL_RE = re.compile(r"(?i)\bhttps?://[^\s<>\"'`\u3000-\u303f\uff00-\uffef\u2018-\u201f【】「」『』《》]+")
_TRAILING_URL_JUNK = ".,;:!?*_~'\"…"
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•·◦▪●◉]|\d{1,3}[.)、])\s+")
_BARE_BULLET_RE = re.compile(r"^\s*[-*+•·◦▪●◉]\s*$")
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2})\s*[.)、．]\s*(\S.*)$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]{1,200})\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_].*?)\1\s*$")
_KEY_VALUE_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")

# A separator between a title and its URL at the end of a line: "Title → url", "Title: url", "Title - url".
_SEPARATOR_RE = re.compile(r"(?:\s*(?:→|->|=>|⇒|➜|➡️?|👉|»|:|：)\s*|\s+[-–—|]\s*)$")
_SENTENCE_END_RE = re.compile(r"[.!?。！？]\s+\S")
_FUNCTION_WORD_END_RE = re.compile(
    r"(?i)(?:\b(?:at|on|in|see|visit|via|from|to|here|the|a|an|of|and|or|by|with|is|are)|在|见|访问|参见|详见)\s*$"
)

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
_FOOTER_RE = re.compile(
    r"(?i)(?:copyright|all rights reserved|©|\(c\)\s*\d{4}|版权所有|ICP备|ICP证|公网安备|免责申明|免责声明)"
)
_SHARE_TEXT_RE = re.compile(
    r"(?i)^(?:share(?:\s+(?:on|this|via).*)?|tweet(?:\s+this)?|subscribe.*|follow(?:\s+(?:me|us).*)?|sign\s*up|"
    r"log\s*in|sign\s*in|like|分享.*|订阅.*|关注.*|点赞.*|在看|转发.*|扫码.*)$"
)
_SHARE_URL_RE = re.compile(
    r"(?i)^https?://(?:www\.)?(?:(?:twitter|x)\.com/(?:intent|share|home\?status)|facebook\.com/(?:sharer|share)|"
    r"linkedin\.com/(?:shareArticle|sharing|feed/\?shareActive)|reddit\.com/submit|"
    r"news\.ycombinator\.com/submitlink|pinterest\.com/pin/create|t\.me/share|wa\.me/|api\.whatsapp\.com/send|"
    r"service\.weibo\.com/share|connect\.qq\.com|getpocket\.com/(?:save|edit)|.*?/(?:subscribe|newsletter)/?(?:$|\?)|"
    r".*?[?&](?:share|utm_medium=share)=)"
)
_IMAGE_HOST_RE = re.compile(
    r"(?i)^(?:cdn-images-\d+\.|miro\.medium\.com$|mmbiz\.qpic\.cn$|mmbiz\.qlogo\.cn$|placehold\.it$|"
    r"placehold\.co$|via\.placeholder\.com$|i\.imgur\.com$|pbs\.twimg\.com$|img\.shields\.io$|"
    r"user-images\.githubusercontent\.com$|.*\.sinaimg\.cn$|pic\d*\.zhimg\.com$|images\.unsplash\.com$)"
)
_IMAGE_PATH_RE = re.compile(r"(?i)\.(?:png|jpe?g|gif|webp|svg|bmp|ico|tiff?|avif|heic)$")
_FORMAT_IN_QUERY_RE = re.compile(r"(?i)(?:^|&)(?:wx_fmt|format|fm)=(?:png|jpe?g|gif|webp)(?:&|$)")

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
_DATE_LINE_RE = re.compile(
    r"(?i)^(?:发布时间|发布日期|发表时间|日期|时间|date|published(?:\s+on)?|posted(?:\s+on)?)\s*[:：]\s*(\S.*)$"
)

MAX_HEADING_CHARS = 60
MAX_NUMBERED_HEADING_CHARS = 80
MAX_TITLE_LINE_CHARS = 150

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
    """One line of the document, classified."""

    kind: str  # blank | skip | heading | numbered | bold | text | links
    text: str = ""
    level: int = 0
    links: list[_Found] = field(default_factory=list)
    list_item: bool = False
    url_only: bool = False
    plain: str = ""  # the line's visible text without markup, for descriptions and titles
    own_address: str | None = None
    date: str | None = None


def sniff(text: str) -> int:
    """How much ``text`` looks like a document whose links are a reading list (0..100).

    This is the importer of last resort for text with links: it claims at most 45 for a link list (so that a
    dedicated format such as Markdown lists, HTML, JSON or OPML wins when its sniffer recognises the input), and
    up to 60 for prose with a few links (an article: 20+ lines, at most a fifth of them with a URL).
    """
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "{", "[{", "@article", "@book", "@misc")):
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
    with no_cycle_collection():
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
    items = _items(classified, doc_title_index)
    from readinglist.importers.markdown.prose import _not_reading

    items = [i for i in items if not (i.url and _not_reading(i.title, i.url))]  # tweets, profiles, dates
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


# --- classifying lines ---------------------------------------------------------------------------------


_BATCH = 2000
"""Lines whose inline Markdown is parsed in one call (:func:`~readinglist.importers.markdown.events.inline_many`)."""


def _classify(lines: list[str], refs: dict[str, dict[str, str]]) -> list[_Line]:
    fenced: list[bool] = []
    fence: str | None = None
    for raw in lines:
        m = _FENCE_RE.match(raw)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            fenced.append(True)
        elif m:
            fence = m.group(1)
            fenced.append(True)
        else:
            fenced.append(False)
    out: list[_Line] = []
    for start in range(0, len(lines), _BATCH):
        chunk = range(start, min(start + _BATCH, len(lines)))
        parsed = _parse_lines([lines[i] for i in chunk if not fenced[i]], refs)
        out.extend(_Line("skip") if fenced[i] else _classify_line(lines[i], refs, parsed) for i in chunk)
    return out


def _parse_lines(lines: list[str], refs: dict[str, dict[str, str]]) -> dict[str, list[Node]]:
    """The inline nodes of the Markdown each of ``lines`` will ask :func:`_inline` for (its heading text, or its
    body without quote and list markers), parsed in one pass; a line read otherwise is parsed on its own."""
    from readinglist.importers.markdown.events import inline_many

    wanted: dict[str, None] = {}
    for raw in lines:
        line = raw.strip()
        if not line or _bare_bullet(line) or _reference_definition(raw):
            continue
        hm = _heading(raw)
        if hm and hm.group(2) is not None:
            wanted[hm.group(2)] = None
            continue
        wanted[_without_list_marker(_unquoted(line))[0]] = None
    return dict(zip(wanted, inline_many(list(wanted), refs)))


def _bare_bullet(line: str) -> bool:
    """A stripped line that is only a bullet (``-``, ``•``): one character, so the pattern is asked only then."""
    return len(line) == 1 and _BARE_BULLET_RE.match(line) is not None


def _reference_definition(raw: str) -> bool:
    """A ``[label]: url`` line (it holds ``]:``, checked first as most lines do not)."""
    return "]:" in raw and _REF_DEF_RE.match(raw) is not None


def _heading(raw: str) -> re.Match[str] | None:
    """A ``#`` heading's match (its ``#`` comes within the first four characters, checked first)."""
    return _MD_HEADING_RE.match(raw) if "#" in raw[:4] else None


def _unquoted(line: str) -> str:
    """A stripped line without its ``>`` quote markers (it starts with ``>`` when it has any)."""
    return _QUOTE_RE.sub("", line) if line[:1] == ">" else line


def _without_list_marker(body: str) -> tuple[str, bool]:
    """``body`` without its list marker (``-``, ``1.``, ``•``), and whether it had one."""
    m = _LIST_MARKER_RE.match(body)
    return (body[m.end() :], True) if m is not None else (body, False)


def _classify_line(raw: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None) -> _Line:
    line = raw.strip()
    if not line or _bare_bullet(line):
        return _Line("blank")
    if _reference_definition(raw):
        return _Line("skip")
    dm = _DATE_LINE_RE.match(line) if ":" in line or "：" in line else None  # a date line has a colon
    if dm and not _URL_RE.search(line):
        return _Line("skip", date=dm.group(1).strip())
    hm = _heading(raw)
    if hm and hm.group(2) is not None:
        text = _plain_text(hm.group(2), refs, parsed)
        return _Line("heading", text=text, level=len(hm.group(1))) if text else _Line("blank")
    if _FOOTER_RE.search(line):
        return _Line("skip")
    body = _unquoted(line)
    numbered = _NUMBERED_RE.match(body)
    body, list_item = _without_list_marker(body)
    found, plain, own = _find_links(body, refs, parsed)
    if own is not None:
        return _Line("skip", own_address=own)
    if found:
        url_only = len(found) == 1 and not found[0].markdown and not found[0].text
        return _Line("links", links=found, list_item=list_item, url_only=url_only, plain=plain)
    if _URL_RE.search(line) or "![" in line:
        return _Line("skip")  # only images / boilerplate links on this line
    if numbered and not line.startswith(("-", "*", "+")):
        return _Line("numbered", text=_plain_text(numbered.group(2), refs, parsed), plain=plain)
    bm = _BOLD_LINE_RE.match(body)
    if bm and not list_item:
        return _Line("bold", text=_plain_text(bm.group("text"), refs, parsed), plain=plain)
    return _Line("text", text=plain, list_item=list_item, plain=plain)


def _inline(
    markdown: str, refs: dict[str, dict[str, str]], parsed: dict[str, list[Node]] | None = None
) -> list[Node]:
    """One line's inline Markdown, emphasis opened up: text, code, breaks, links and images in line order
    (``parsed`` holds lines parsed already, by their Markdown)."""
    from readinglist.importers.markdown.events import inline

    nodes = parsed.get(markdown) if parsed is not None else None
    out: list[Node] = []
    stack = [iter(nodes if nodes is not None else inline(markdown, refs))]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif node.type in ("em", "strong", "s"):
            stack.append(iter(node.children))
        else:
            out.append(node)
    return out


def _link_text(link: Node) -> tuple[str, bool]:
    """A link's visible text (images' alt text left out) and whether it holds an image."""
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
    """The visible text of one line of inline Markdown."""
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
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "link":
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
            i += 1
            continue
        if tok.type == "image":
            i += 1
            continue
        if tok.type in ("text", "code_inline"):
            content = tok.content
            pos = 0
            for m in _URL_RE.finditer(content) if "://" in content else ():
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
            pending.append(content[pos:])
            plain_parts.append(content[pos:])
        elif tok.type in ("softbreak", "hardbreak"):
            pending.append(" ")
            plain_parts.append(" ")
        i += 1
    if own is not None and not found:
        return [], "", own
    return found, " ".join("".join(plain_parts).split()), None


def _label(text: str) -> str:
    """The text before a URL as a label: whitespace collapsed, emphasis and list markers stripped."""
    return " ".join(text.replace("*", " ").split()).strip(" -–—|([{)]}:：")


def _trim_url(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL (``https://x.org/a).`` -> ``.../a``)."""
    while url:
        last = url[-1]
        unbalanced = (last == ")" and url.count("(") < url.count(")")) or (
            last == "]" and url.count("[") < url.count("]")
        )
        if last in _TRAILING_URL_JUNK or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def _is_reading_url(url: str) -> bool:
    """A web URL that is not an image, a placeholder or a share/subscribe link."""
    from readinglist.importers.markdown.links import plain_web_parts

    parts = plain_web_parts(url)  # the common https://host/path: a web URL, split without urlsplit
    if parts is None:
        if not is_web_url(url):
            return False
        try:
            parts = split_url(url)
        except ValueError:
            return False
    host = (parts.hostname or "").lower()
    if _IMAGE_HOST_RE.match(host):
        return False
    if _IMAGE_PATH_RE.search(unquote(parts.path)) or _FORMAT_IN_QUERY_RE.search(parts.query):
        return False
    return not _SHARE_URL_RE.match(url)


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


def _is_plain_heading(lines: list[_Line], i: int) -> bool:
    """A short link-less line right above a link line, or a "Further reading"-style line."""
    ln = lines[i]
    if ln.list_item or not ln.text:
        return False
    if _HEADING_WORDS_RE.match(ln.text):
        nxt = _next_nonblank(lines, i, 1)
        return nxt is not None and nxt.kind == "links"
    if len(ln.text) > MAX_HEADING_CHARS or ln.text[-1] in "。.!！?？,，;；、":
        return False
    return i + 1 < len(lines) and lines[i + 1].kind == "links"


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
    if not ln.text or len(ln.text) > MAX_TITLE_LINE_CHARS or _HEADING_WORDS_RE.match(ln.text):
        return False
    if i + 1 >= len(lines) or not lines[i + 1].url_only:
        return False
    # a line above a run of bare URLs names the run (a heading), not one URL
    return not (i + 2 < len(lines) and lines[i + 2].url_only)


class _Sections:
    """The heading stack: ``#`` headings at 10*level, numbered ones 5 under them, plain ones 3 under those."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str, bool]] = []  # (rank, title, strong)

    def push(self, rank: int, title: str, strong: bool) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, title, strong))

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
        return tuple(t for _, t, _ in self.stack)


def _items(lines: list[_Line], doc_title_index: int | None) -> list[ItemToImport]:
    sections = _Sections()
    items: list[ItemToImport] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    title_for_next: str | None = None
    for i, ln in enumerate(lines):
        if ln.kind == "heading":
            if i != doc_title_index:
                sections.markdown(ln.level, ln.text)
        elif ln.kind == "numbered" and _is_numbered_heading(lines, i):
            sections.numbered(ln.text)
        elif ln.kind == "bold" and ln.text and len(ln.text) <= MAX_HEADING_CHARS:
            sections.plain(ln.text)
        elif ln.kind in ("text", "numbered", "bold"):
            if ln.kind == "text" and _title_line_for(lines, i):
                title_for_next = ln.text
                continue
            if ln.kind == "text" and _is_plain_heading(lines, i):
                sections.plain(ln.text)
        elif ln.kind == "links":
            path = sections.path
            for item in _line_items(ln, title_for_next, path):
                key = (path, canonical_url(item.url or ""))
                if key in seen:
                    continue
                seen.add(key)
                items.append(item)
        title_for_next = None
    return items


def _line_items(ln: _Line, title_line: str | None, section: tuple[str, ...] = ()) -> list[ItemToImport]:
    """The items of one link line; short label links after an item become its extra links."""
    out: list[ItemToImport] = []
    for n, f in enumerate(ln.links):
        raw_title = f.text if f.markdown else _bare_title(f.text)
        label = _label(raw_title).lower()
        if out and label in _EXTRA_LABELS:
            prev = out[-1]
            out[-1] = _add_link(prev, Link(raw_title.strip(" ([])") or label, f.url))
            continue
        if n == 0 and title_line and ln.url_only:
            raw_title = title_line
        description = None
        if f.markdown and not out and label in _EXTRA_LABELS:
            # "Attention Is All You Need [paper](url)": the text before a label link names it
            named = _bare_title(f.before)
            if named:
                raw_title, f.generic = named, False
        if f.generic or not raw_title.strip():
            raw_title = title_from_url(f.url)
            if ln.plain and not ln.url_only and len(ln.links) == 1:
                description = ln.plain if len(ln.plain) <= 500 else ln.plain[:497] + "..."
        kind, title = split_kind_tag(" ".join(raw_title.replace("**", "").split()))
        out.append(
            ItemToImport(
                title=title or title_from_url(f.url), url=f.url, section=section, kind=kind, description=description
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
