"""Crossref's REST API (``/works/{doi}``): title, authors, year, abstract and pages of a DOI.

Format: https://github.com/CrossRef/rest-api-doc/blob/master/api_format.md. ``title`` is a list; ``author`` a list
of ``{given, family}`` (or ``name`` for organisations); dates are ``{"date-parts": [[y, m, d]]}``; ``page`` is a
range such as ``"319-322"``; ``abstract`` is JATS XML in a string.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from readinglist.enrich.model import Found, MalformedResponse, clean

PAPER_TYPES = {"journal-article", "proceedings-article", "posted-content", "report", "dissertation"}
BOOK_TYPES = {"book", "monograph", "edited-book", "reference-book"}


def work_url(base: str, doi: str) -> str:
    return f"{base.rstrip('/')}/works/{quote(doi, safe='/')}"


def parse(data: bytes) -> Found:
    """The work in a ``/works/{doi}`` answer. Raises :class:`MalformedResponse` for anything else."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(f"Crossref answered with something that is not JSON ({exc})") from exc
    if (
        not isinstance(doc, dict)
        or doc.get("message-type") != "work"
        or not isinstance(doc.get("message"), dict)
    ):
        raise MalformedResponse("Crossref's answer is not a work record")
    work = doc["message"]
    titles = work.get("title") or []
    title = clean(titles[0]) if isinstance(titles, list) and titles else clean(titles)
    kind = work.get("type")
    return Found(
        source="crossref",
        source_id=(work.get("DOI") or "").lower() or None,
        title=title,
        authors=tuple(a for a in (_person(p) for p in work.get("author") or []) if a),
        year=_year(work),
        abstract=_strip_jats(work.get("abstract")),
        category=kind if isinstance(kind, str) else None,
        pages=_pages(work),
        url=work.get("URL") if isinstance(work.get("URL"), str) else None,
        kind="book" if kind in BOOK_TYPES else "paper" if kind in PAPER_TYPES else None,
    )


def _person(p: object) -> str | None:
    if not isinstance(p, dict):
        return None
    name = " ".join(x for x in (clean(p.get("given")), clean(p.get("family"))) if x)
    return name or clean(p.get("name"))


def _year(work: dict) -> int | None:
    for key in ("issued", "published", "published-print", "published-online", "posted", "created"):
        parts = (work.get(key) or {}).get("date-parts") if isinstance(work.get(key), dict) else None
        if parts and isinstance(parts, list) and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def _pages(work: dict) -> int | None:
    """``"319-322"`` -> 4; ``"e33693"`` (an article number) -> None; ``number-of-pages`` when a book says it."""
    count = work.get("number-of-pages")
    if isinstance(count, (int, str)) and str(count).isdigit() and int(count) > 0:
        return int(count)
    page = work.get("page")
    if not isinstance(page, str):
        return None
    m = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", page)
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    return last - first + 1 if 0 <= last - first < 2000 else None


def _strip_jats(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return clean(re.sub(r"<[^>]+>", " ", text))
