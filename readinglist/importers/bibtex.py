"""BibTeX / BibLaTeX bibliographies as reading lists: each entry one item, in file order.

The URL is the entry's ``url``, else its arXiv ``eprint`` (``archivePrefix``/``eprinttype`` arXiv, or an
``arXiv:NNNN.NNNNN`` in ``journal``/``note`` as Google Scholar writes it), else its ``doi``; the others become extra
links. Titles, authors and venues have braces and LaTeX accents turned into plain Unicode (``{\\"o}`` -> ``ö``).
``@string`` macros are resolved. Sections: JabRef's ``groups`` field (its first group) places an entry in a topic;
``keywords`` are tags, too many and too loose to be topics, and are ignored. The venue is the journal, book title
(a book's publisher), else a ``@misc``'s ``howpublished`` text; the abstract describes the entry, else its ``note``. Blocks bibtexparser cannot parse are
reported as warnings naming their lines; a file where nothing parses is refused.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from readinglist.exceptions import ImportFormatError
from readinglist.importers import csvfile
from readinglist.importers._text import decode
from readinglist.kinds import infer_kind, kind_from_tag
from readinglist.types import ItemToImport, Kind, Link, ListToImport

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex")

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([a-zA-Z]+)[ \t]*[{(]", re.MULTILINE)  # [ \t]: linear on blank lines
_ARXIV_ID = re.compile(
    r"(?:arxiv[:\s/]*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)", re.I
)
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")

_KINDS: dict[str, Kind] = {
    "book": Kind.BOOK,
    "mvbook": Kind.BOOK,
    "booklet": Kind.BOOK,
    "collection": Kind.BOOK,
    "proceedings": Kind.BOOK,
    "software": Kind.REPOSITORY,
    "video": Kind.VIDEO,
    "movie": Kind.VIDEO,
    "audio": Kind.PODCAST,
}
_WEB_TYPES = frozenset(("online", "electronic", "www", "webpage", "misc"))
_URL_IN_TEXT = re.compile(r"\\(?:url|href)\s*\{\s*(https?://[^}\s]+)\s*\}|(https?://[^\s{}\\]+)")


def sniff(text: str) -> int:
    """90 when lines start BibTeX entries (``@article{``); less for a lone ``@string``/``@comment``. Entries quoted
    in Markdown code fences (a reading list's "Citation" blocks) are not the document's content: they count for
    nothing."""
    head = text[:65536]
    if "```" in head or "~~~" in head:
        head = _unfenced(head)
    entries = [m.group(1).lower() for m in _ENTRY_START.finditer(head)]
    real = [e for e in entries if e not in ("string", "comment", "preamble")]
    if real:
        return 90 if text.lstrip().startswith(("@", "%")) or len(real) >= 2 else 60
    return 20 if entries else 0


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def _unfenced(text: str) -> str:
    """``text`` without its Markdown fenced code blocks (one pass over its lines)."""
    kept: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence is None and m is not None:
            fence = m.group(1)
        elif fence is not None:
            if m is not None and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        else:
            kept.append(line)
    return "\n".join(kept)


@lru_cache(maxsize=1)
def _latex() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def clean_latex(text: str | None) -> str:
    """LaTeX markup to plain text: braces dropped, accents composed, ``\\emph{x}`` -> ``x``, whitespace collapsed."""
    if not text:
        return ""
    if "\\textbackslash" in text:  # Zotero escapes the LaTeX a title holds: \$, {\textbackslash}text, \{, \_
        text = _ZOTERO_ESCAPE.sub(lambda m: _ZOTERO_UNESCAPE[m.group(0)], text)
    if not _LATEX_MARKUP.search(text):
        plain = text  # no macro, math, comment or tie: only braces to drop (most titles; pylatexenc costs 0.1 ms)
    elif text.count("\\") > MAX_MACROS:
        plain = _stripped(text)  # thousands of macros in one field: hostile; pylatexenc spends 0.2 ms on each
    else:
        try:
            plain = _latex().latex_to_text(text)
        except Exception:  # pylatexenc is tolerant; if it ever gives up, strip the markup by hand
            plain = _stripped(text)
    return " ".join(plain.replace("{", "").replace("}", "").replace("^∘", "°").split())


_ZOTERO_UNESCAPE = {"{\\textbackslash}": "\\", "\\textbackslash ": "\\", "\\$": "$", "\\{": "{", "\\}": "}", "\\_": "_"}
_ZOTERO_ESCAPE = re.compile("|".join(re.escape(k) for k in _ZOTERO_UNESCAPE))
"""Zotero's BibTeX export writes a title's own math (``$\\text{CFT}_{1}$``) escaped, as text; undone before reading."""


_LATEX_MARKUP = re.compile(r"[\\$%~&]|--|``|''|[!?]`")
"""What pylatexenc would change besides braces: macros and escapes, math, comments, ties, alignment (``&``), dashes,
quotes and the ``!`` ``?`` ligatures. Text without any of these reads the same without it (checked on random text)."""

_BLOCK_START = re.compile(r"@\s*[A-Za-z]+\s*[{(]")

MIN_BLOCK_CHARS = 16
"""A BibTeX entry is longer than this (``@misc{k, url={...}}`` already is); text packed with more entry starts is
refused before bibtexparser reads it: its splitter spends ~30 us on each start, 10 s on 1 MB of ``@a{``."""

MAX_MARK_SHARE = 0.25
"""Braces, quotes, commas and equals signs are bibtexparser's marks: its splitter spends ~1.5 us on each in Python
(1 MB of ``{`` took 1.7 s). A bibliography is mostly words (about one mark in seven characters, braced titles
included); text where more than this share of the characters are marks is refused before the splitter reads it."""

MAX_MACROS = 200
"""More backslashes than this in one field are stripped by hand instead of read as LaTeX (see :func:`_stripped`)."""


def _check_marks(text: str, source_url: str | None) -> None:
    """Refuse text made mostly of the splitter's marks (see :data:`MAX_MARK_SHARE`); one pass per mark character."""
    marks = sum(text.count(mark) for mark in '{}",=')
    if marks > 1000 and marks > len(text) * MAX_MARK_SHARE:
        raise ImportFormatError(
            f"{source_url or 'input'} is not a BibTeX bibliography: {marks:,} of its {len(text):,} characters are "
            f"braces, quotes, commas or equals signs (more than {MAX_MARK_SHARE:.0%}); refused",
            format=NAME,
            source=source_url,
        )


def _stripped(text: str) -> str:
    """LaTeX markup dropped by hand: macro names, braces, backslashes and dollars."""
    return re.sub(r"\\[a-zA-Z]+\*?|[{}\\$]", "", text)


def _authors(raw: str) -> str | None:
    """``"Vaswani, Ashish and Shazeer, Noam and others"`` -> ``"Ashish Vaswani, Noam Shazeer et al."``."""
    if not raw.strip():
        return None
    names = []
    others = False
    for part in re.split(r"\s+and\s+", raw.strip()):
        name = clean_latex(part)
        if name.lower() == "others":
            others = True
            continue
        if name.count(",") == 1:
            last, first = (p.strip() for p in name.split(","))
            name = f"{first} {last}".strip()
        elif name.count(",") == 2:  # "von Last, Jr, First"
            last, jr, first = (p.strip() for p in name.split(","))
            name = f"{first} {last}, {jr}".strip()
        if name:
            names.append(name)
    text = ", ".join(names)
    if others:
        text = f"{text} et al." if text else "et al."
    return text or None


def _arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = fields.get("eprint", "").strip()
    if eprint and (prefix == "arxiv" or eprint.lower().startswith("arxiv:") or not prefix):
        m = _ARXIV_ID.fullmatch(eprint.strip()) or _ARXIV_ID.search(eprint)
        if m:
            return f"https://arxiv.org/abs/{m.group(1)}"
    for key in ("journal", "journaltitle", "note", "howpublished", "booktitle"):
        m = _ARXIV_IN_TEXT.search(fields.get(key, ""))
        if m:
            return f"https://arxiv.org/abs/{m.group(1)}"
    return None


def _doi(fields: dict[str, str]) -> str | None:
    m = _DOI.search(fields.get("doi", "").strip())
    return f"https://doi.org/{m.group(1).rstrip('.,;')}" if m else None


def _url_in_text(fields: dict[str, str]) -> str | None:
    """The web page a ``@misc`` cites in its text: ``howpublished = {\\url{https://...}}`` or
    ``note = {Available at https://...}``, the way BibTeX styles without a ``url`` field are given one."""
    for key in ("howpublished", "note"):
        m = _URL_IN_TEXT.search(fields.get(key, ""))
        if m:
            return (m.group(1) or m.group(2)).rstrip(".,;:)")
    return None


def _url(raw: str) -> str | None:
    """``url`` fields may be wrapped in ``\\url{}`` or hold several URLs; take the first."""
    text = re.sub(r"\\url\s*\{([^}]*)\}", r"\1", raw).strip().strip("{}<>")
    first = text.split()[0] if text.split() else ""
    return first or None


def _remark(fields: dict[str, str]) -> str | None:
    """The entry's ``note`` (or ``annote``) as its description when it has no abstract: a remark of the list's
    ("First submitted 2026-01-26", "Course materials for ..."), unless it only holds the link or arXiv id."""
    for key in ("note", "annote", "annotation"):
        text = fields.get(key, "")
        if text and not _URL_IN_TEXT.fullmatch(text.strip()) and not _ARXIV_IN_TEXT.fullmatch(text.strip()):
            cleaned = clean_latex(_URL_IN_TEXT.sub(lambda m: m.group(1) or m.group(2), text))
            if cleaned:
                return cleaned
    return None


def _published(fields: dict[str, str]) -> str | None:
    date = clean_latex(fields.get("date"))
    if date:
        return date
    year = clean_latex(fields.get("year"))
    return year or None


def _item(entry: Any) -> ItemToImport | None:
    fields = {key.lower(): str(field.value) for key, field in entry.fields_dict.items()}
    entry_type = entry.entry_type.lower()
    url_field = _url(fields.get("url", "")) if fields.get("url") else None
    arxiv = _arxiv(fields)
    doi = _doi(fields)
    isbn = csvfile.isbn_url(fields.get("isbn", "").split(",")[0]) if fields.get("isbn") else None
    candidates = [(None, url_field), ("arXiv", arxiv), ("DOI", doi), ("Link", _url_in_text(fields))]
    candidates.append(("Open Library", isbn))
    url = next((u for _, u in candidates if u), None)
    links = tuple(Link(label, u) for label, u in candidates if label and u and u != url)
    title = clean_latex(fields.get("title"))
    if not title and not url:
        return None
    kind = _KINDS.get(entry_type)
    if kind is None:
        web = entry_type in _WEB_TYPES and not (arxiv or doi)
        kind = (infer_kind(url) or Kind.PAPER) if web else Kind.PAPER
        said = clean_latex(fields.get("howpublished")).split()
        if web and not url and said:  # "howpublished = {X/Twitter post}": its last word says the kind
            kind = kind_from_tag(said[-1]) or kind
    venue = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
    if entry_type in ("book", "mvbook") and not venue:
        venue = fields.get("publisher")
    if not venue and fields.get("howpublished") and not _URL_IN_TEXT.search(fields["howpublished"]):
        venue = fields["howpublished"]  # @misc{..., howpublished = {X/Twitter post}}: where it appeared
    if venue and _ARXIV_IN_TEXT.search(venue):
        venue = "arXiv preprint"
    groups = clean_latex(fields.get("groups"))
    section = (groups.split(",")[0].strip(),) if groups and groups.split(",")[0].strip() else ()
    return ItemToImport(
        title=title or url or entry.key,
        url=url,
        section=section,
        note=clean_latex(venue) or None,
        description=clean_latex(fields.get("abstract")) or _remark(fields) or None,
        links=links,
        kind=kind,
        author=_authors(fields.get("author", "") or fields.get("editor", "")),
        published=_published(fields),
    )


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs each failed block; we report them as warnings. While it parses, its log stays off the
    terminal and its warnings are not even made (each built a log record: 50k on hostile input)."""
    logger = logging.getLogger("bibtexparser")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read a BibTeX file into a :class:`ListToImport`; broken blocks become warnings naming their lines."""
    import bibtexparser

    text = decode(data, format=NAME, source=source_url)
    starts = len(_BLOCK_START.findall(text))
    if starts > 1 and len(text) / starts < MIN_BLOCK_CHARS:
        raise ImportFormatError(
            f"{source_url or 'input'} is not BibTeX: {starts:,} entry starts (@type{{) in {len(text):,} characters, "
            f"fewer than {MIN_BLOCK_CHARS} characters each",
            format=NAME,
            source=source_url,
        )
    _check_marks(text, source_url)
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text)
    warnings: list[str] = []
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        where = f"line {line + 1}" if isinstance(line, int) else "a block"
        reason = "duplicate key" if type(block).__name__ == "DuplicateBlockKeyBlock" else "cannot be parsed"
        first = (getattr(block, "raw", "") or "").strip().splitlines()
        shown = f" ({first[0][:60]})" if first else ""
        warnings.append(f"BibTeX entry at {where}{shown} {reason}; skipped")
    items: list[ItemToImport] = []
    for entry in library.entries:
        item = _item(entry)
        if item is None:
            warnings.append(f"BibTeX entry {entry.key!r} has no title, url, eprint or doi; skipped")
            continue
        items.append(item)
    if not items:
        detail = f": {warnings[0]}" if warnings else ""
        raise ImportFormatError(f"no BibTeX entries could be read{detail}", format=NAME, source=source_url)
    return ListToImport(items=tuple(items), source_url=source_url, format=NAME, warnings=tuple(warnings))


__all__ = ["EXTENSIONS", "NAME", "clean_latex", "parse", "sniff"]
