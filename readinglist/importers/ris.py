"""RIS files (the tagged citation format of Zotero, Mendeley, EndNote, Google Scholar, PubMed and most libraries).

A record runs from ``TY  - JOUR`` to ``ER  -``; each line is a two-character tag, two spaces, a hyphen and the
value (``TI  - Adam: A Method for Stochastic Optimization``); a line without a tag continues the one before it.
Each record is one item:

* title ``TI``/``T1`` (``CT``/``BT`` when there is none); authors ``AU``/``A1`` (``A2`` editors when no author);
  year ``PY``/``Y1``/``DA``; venue ``JO``/``JF``/``T2``/``J2``/``BT`` as the note; abstract ``AB``/``N2`` as the
  description;
* the link: the first web ``UR``, else the DOI ``DO`` (``https://doi.org/...``), else the first web ``L2``/``L1``
  (full text, PDF), else a book's ``SN`` ISBN (its Open Library page); the others become extra links. ``file://``
  attachments are not links;
* the kind from ``TY``: journal, conference and report types are papers, ``BOOK``/``CHAP``... books, ``ELEC``/
  ``BLOG``/``WEB`` posts, ``VIDEO``/``MPCT`` videos, ``COMP`` repositories.

A record without title or link is skipped with a warning naming its line; text outside records is ignored.
"""

from __future__ import annotations

import re

from readinglist.exceptions import ImportFormatError
from readinglist.importers import csvfile
from readinglist.importers._text import decode
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, Kind, Link, ListToImport

NAME = "ris"
EXTENSIONS = (".ris",)

_TAG = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$")
_SNIFF_FIRST = re.compile(r"\A\ufeff?\s*TY {1,2}- \S")
_SNIFF_ANY = re.compile(r"^TY {1,2}- \S", re.MULTILINE)
_SNIFF_END = re.compile(r"^ER {1,2}-", re.MULTILINE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_YEAR = re.compile(r"\d{4}")
_KINDS: dict[str, Kind] = {
    **dict.fromkeys(("BOOK", "EBOOK", "CHAP", "ECHAP", "EDBOOK", "CTLG"), Kind.BOOK),
    **dict.fromkeys(("ELEC", "BLOG", "WEB", "ICOMM", "NEWS", "MGZN"), Kind.POST),
    **dict.fromkeys(("VIDEO", "MPCT", "ADVS"), Kind.VIDEO),
    **dict.fromkeys(("SOUND",), Kind.PODCAST),
    **dict.fromkeys(("COMP",), Kind.REPOSITORY),
}
"""``TY`` types that are no paper; every other type (``JOUR``, ``CONF``, ``CPAPER``, ``RPRT``, ``THES``...) is one,
unless its link says otherwise (a ``GEN`` record of a YouTube video)."""
_GENERIC_TYPES = frozenset(("GEN", "ELEC", "WEB", "ICOMM"))


def sniff(text: str) -> int:
    """95 when the text starts with a ``TY  -`` line, 80 when it holds records (``TY`` and ``ER`` lines)."""
    if _SNIFF_FIRST.match(text[:200]):
        return 95
    head = text[:65536]
    return 80 if _SNIFF_ANY.search(head) and _SNIFF_END.search(head) else 0


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read RIS records into a :class:`ListToImport` (see the module docstring).

    Raises :class:`ImportFormatError` when the text holds no record.
    """
    text = decode(data, format=NAME, source=source_url)
    records = _records(text)
    if not records:
        raise ImportFormatError(
            f"{source_url or 'input'} holds no RIS record (a 'TY  - JOUR' line, tagged lines, an 'ER  -' line)",
            format=NAME,
            source=source_url,
        )
    items: list[ItemToImport] = []
    skipped: list[int] = []
    for line, fields in records:
        item = _item(fields) if len(fields) > 1 else None  # a record of its TY line alone says nothing
        if item is None:
            skipped.append(line)
        else:
            items.append(item)
    warnings = ()
    if skipped:
        lines = ", ".join(str(n) for n in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        warnings = (f"{len(skipped)} record(s) without title or link skipped (line {lines})",)
    return ListToImport(items=tuple(items), source_url=source_url, format=NAME, warnings=warnings)


def _records(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    """Each record as ``(first line, {tag: values})``, read line by line (continuation lines join the last value)."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        m = _TAG.match(line)
        if m is None:
            if last is not None and line.strip():
                last[-1] = f"{last[-1]} {line.strip()}".strip()
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            fields = {"TY": [value]}
            records.append((number, fields))
            last = None
        elif tag == "ER":
            fields = last = None
        elif fields is not None:
            last = fields.setdefault(tag, [])
            last.append(value)
    return records


def _first(fields: dict[str, list[str]], *tags: str) -> str:
    return next((v for tag in tags for v in fields.get(tag, ()) if v), "")


def _web(values: list[str]) -> list[str]:
    return [v.split()[0] for v in values if v.lower().startswith(("http://", "https://"))]


def _item(fields: dict[str, list[str]]) -> ItemToImport | None:
    kind_code = _first(fields, "TY").upper()
    doi = _DOI.search(_first(fields, "DO"))
    isbn = csvfile.isbn_url(_first(fields, "SN").split()[0]) if _first(fields, "SN") else None
    candidates = [(None, url) for url in _web(fields.get("UR", []))]
    candidates.append(("DOI", f"https://doi.org/{doi.group(0).rstrip('.,;')}" if doi else None))
    candidates += [("Full text", url) for url in _web(fields.get("L2", []) + fields.get("L1", []))]
    candidates.append(("Open Library", isbn if _KINDS.get(kind_code) is Kind.BOOK else None))
    found = [(label, url) for label, url in candidates if url]
    url = found[0][1] if found else None
    title = " ".join(_first(fields, "TI", "T1", "CT", "BT").split())
    if not title and not url:
        return None
    authors = fields.get("AU") or fields.get("A1") or fields.get("A2") or []
    year = _YEAR.search(_first(fields, "PY", "Y1", "DA"))
    kind = _KINDS.get(kind_code, Kind.PAPER)
    if url and kind_code in _GENERIC_TYPES:  # a web page of any kind: its address says which
        kind = infer_kind(url, title) or kind
    seen = {url}
    links = []
    for label, link in found[1:]:
        if link not in seen:
            seen.add(link)
            links.append(Link(label or "Link", link))
    return ItemToImport(
        title=title or url or "",
        url=url,
        kind=kind,
        author=", ".join(_name(a) for a in authors if a.strip()) or None,
        published=year.group(0) if year else None,
        note=" ".join(_first(fields, "JO", "JF", "T2", "J2", "BT").split()) or None,
        description=" ".join(_first(fields, "AB", "N2").split()) or None,
        links=tuple(links),
    )


def _name(author: str) -> str:
    """``Kingma, Diederik P.`` -> ``Diederik P. Kingma`` (RIS writes ``Last, First``)."""
    last, comma, first = author.partition(",")
    return f"{first.strip()} {last.strip()}".strip() if comma and first.strip() else author.strip()
