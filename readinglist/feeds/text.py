"""Feed text made plain: an entry's HTML title and summary as one line of text, read from the start of the markup
only as far as the summary needs (a 10 MB entry is not parsed whole for 300 characters), cut at a word; the
boilerplate publishing software wraps around a summary dropped (:func:`summary_text`); an author field reduced to
the person's name (:func:`author_name`)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from readinglist.htmlguard import tame

SUMMARY_CHARS = 300
"""Summaries are cut near this many characters, at a word boundary."""

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "hr",
        "dt",
        "dd",
    ]
)


_SKIPPED = frozenset(["script", "style", "figcaption"])
"""Elements whose text is no part of what an entry says: code, and picture credits (Medium opens every post with
``Photo by X on Unsplash``)."""


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, dropping scripts and styles, spacing block elements apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_ELEMENTS = str.split(
    "abbr acronym address applet area article aside audio base basefont bdi bdo big blockquote body br button "
    "canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed "
    "fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html "
    "iframe image img input ins isindex kbd keygen label legend li link main map mark marquee math menu meta "
    "meter nav nobr noembed noframes noscript object ol optgroup option output param picture plaintext pre "
    "progress rp rt ruby samp script section select small source span strike strong style sub summary sup svg "
    "table tbody td template textarea tfoot th thead time title tr track tt ul var video wbr xmp"
)
_NOT_A_TAG = re.compile(
    r"<(?!/?(?:(?i:"
    + "|".join(sorted(_ELEMENTS, key=len, reverse=True))
    + r")|[abipqsu]|[a-z][a-z0-9]*-[\w.-]*)"
    r"(?=[\s/>])|!|\?)"
)
"""A ``<`` that opens no HTML element: ``Option<T>``, ``Vec<Box<dyn Trait>>``, ``HashMap<String, Vec<u8>>`` in a
title are text (an HTML parser would drop ``<T>`` as an unknown tag). The one-letter elements (``a b i p q s u``)
count only in lower case: ``Result<A, B>`` is a type, not a link. Comments, ``<![CDATA[`` and ``<?`` stay."""


def _literal_angles(fragment: str) -> str:
    return _NOT_A_TAG.sub("&lt;", fragment) if "<" in fragment else fragment


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: tags stripped, entities decoded, whitespace collapsed; a ``<`` that opens
    no HTML element is text (see :data:`_NOT_A_TAG`)."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    parser = _TextExtractor()
    try:
        parser.feed(tame(_literal_angles(fragment)))
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # HTMLParser is lenient, but never let a parser error escape
        text = re.sub(r"<[^>]*>", " ", fragment)
    return " ".join(html.unescape(text).split())


_CHUNK = 256
"""Characters of markup :func:`text_start` gives the HTML parser at a time (then up to the next ``<``)."""
_REFERENCE_END = re.compile(r"[ \t\n\f]")
"""No character reference ``html.unescape`` reads runs over one of these."""


def text_start(fragment: str | None, limit: int) -> tuple[str, bool]:
    """``(text, complete)``: :func:`html_to_text` of ``fragment``, or (``complete`` False) its first characters, more
    than ``limit`` of them, read from as little of the markup as gives that many: a summary is cut at 300.

    The parser is fed pieces that end just before a ``<``, which it reads exactly as the whole fragment at once. A
    piece's text is trusted only up to its last ``&`` unless a space ends the reference there (else it may run on
    into the next piece), and without its last word (which may too). Markup with a ``<![`` section is read whole: the parser may give up on one further
    on, and then :func:`html_to_text` falls back to stripping tags from the whole fragment.
    """
    if not fragment or len(fragment) <= 2 * _CHUNK or "<![" in fragment:
        return html_to_text(fragment), True
    markup = tame(_literal_angles(fragment))
    parser = _TextExtractor()
    at = 0
    try:
        while True:
            end = markup.find("<", at + _CHUNK)
            if end == -1:
                break
            parser.feed(markup[at:end])
            at = end
            raw = "".join(parser.parts)
            amp = raw.rfind("&")
            if amp != -1 and _REFERENCE_END.search(raw, amp) is None:
                raw = raw[:amp]  # a reference may run on into the next piece
            raw = html.unescape(raw)
            words = raw.split()
            if raw and not raw[-1].isspace():
                words = words[:-1]  # the piece may end inside this word
            text = " ".join(words)
            if len(text) > limit:
                return text, False
    except Exception:  # as html_to_text does, on the whole fragment
        pass
    return html_to_text(fragment), True


def clean_title(title: str | None) -> str:
    """A title as plain text: tags stripped, entities decoded (twice-escaped ``&amp;amp;`` too), one line."""
    if not title:
        return ""
    text = html_to_text(title)
    if "&" in text:  # feeds that escape twice
        text = html.unescape(text)
    return text


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


_EMAIL = r"[^\s@()<>]+@[^\s@()<>]+"
_MAILBOX = (
    re.compile(rf"^{_EMAIL}\s*\((?P<name>[^()]+)\)$"),  # RSS <author>: ``jonas@example.org (Jonas Sundrup)``
    re.compile(rf"^(?P<name>[^()<>]+?)\s*\({_EMAIL}\)$"),  # ``Jonas Sundrup (jonas@example.org)``
    re.compile(rf"^(?P<name>[^()<>]+?)\s*<{_EMAIL}>$"),  # ``Jonas Sundrup <jonas@example.org>``
)
_BARE_EMAIL = re.compile(rf"^(?:mailto:)?{_EMAIL}$")


def author_name(author: str | None) -> str:
    """The person's name in a feed's author field: ``noreply@verdagon.dev (Evan Ovadia)`` gives ``Evan Ovadia``; a
    bare address (``rss-help@arxiv.org``, RSS's ``managingEditor``) is no name and gives ``""``.

    Read from the field as written, not from feedparser's ``author_detail``, which garbles the split when the
    name has a non-ASCII letter (``jonas@insanity.industries (Jonas Große Sundrup)`` came out as the name
    ``stries (Jonas Große Sundrup``)."""
    text = clean_title(author)
    for pattern in _MAILBOX:
        m = pattern.match(text)
        if m is not None:
            return m.group("name").strip()
    return "" if _BARE_EMAIL.match(text) else text


_ARXIV_PREAMBLE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*[\w-]+\s+Abstract:\s*", re.IGNORECASE)
PREAMBLE_ROOM = 80
"""Characters a preamble dropped by :func:`summary_text` may take: read this many more than the summary needs."""


_MORE = re.compile(r"\s+(?:Read [Mm]ore|READ MORE|Continue reading)(?P<rest>.{0,300}?)\s*[→»›…]?$")
"""A link to the rest of the post that ends an excerpt: ``Read More``, ``Continue reading →``, WordPress themes'
``Continue reading <title>``."""
_FOOTERS = ("The post {title} appeared first on ", "{title} was originally published in ")
"""Footers publishing software appends to every entry: WordPress (Yoast SEO) ``The post <title> appeared first on
<site>.``, Medium ``<title> was originally published in <publication> on Medium, where people are...``."""


def summary_text(text: str, title: str | None = None) -> str:
    """An entry's text without what says nothing to a reader: the preamble arXiv's RSS (2024 on) puts before every
    abstract (``arXiv:2509.13332v1 Announce Type: new Abstract:``), a footer naming the entry's own ``title``
    (see :data:`_FOOTERS`) from where it starts, and a closing ``Read More`` / ``Continue reading`` link."""
    text = _ARXIV_PREAMBLE.sub("", text, count=1)
    if title:
        for footer in _FOOTERS:
            at = text.rfind(footer.format(title=title))
            if at != -1:
                text = text[:at].rstrip()
    more = _MORE.search(text)
    if more is not None and more.group("rest").strip(" .") in ("", title or ""):
        text = text[: more.start()]
    return text
