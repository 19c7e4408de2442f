"""The arXiv API (Atom 1.0): request URLs for batches of ids and title searches, and a parser for the answers.

The API is documented at https://info.arxiv.org/help/api/user-manual.html. ``id_list`` takes comma-separated ids
(hundreds per request); its terms ask for one request at a time and a 3-second pause between requests, which the
runner honours. Entries carry ``<arxiv:comment>`` such as ``"15 pages, 5 figures"``: the page count comes from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlencode

from readinglist.enrich.model import Found, MalformedResponse, clean, year_of

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

BATCH = 100
"""Ids per request: the API takes far more, but a 100-entry answer is ~200 KB and parses in milliseconds."""

_PAGES = re.compile(r"(\d{1,4})\s*(?:\+\s*\d{1,4}\s*)?(?:pages?|pp\b|p\.)", re.IGNORECASE)
_ID_IN_URL = re.compile(r"/abs/(.+?)(?:v\d+)?$")


def arxiv_id(url: str | None) -> str | None:
    """The arXiv id (no version) of any arXiv URL form, arXiv DOI or ``arXiv:`` reference; None otherwise."""
    if not url:
        return None
    from readinglist.urls import arxiv_id as _id

    return _id(url)


def id_list_url(base: str, ids: Sequence[str]) -> str:
    return f"{base}?{urlencode({'id_list': ','.join(ids), 'max_results': str(len(ids))})}"


def title_search_url(base: str, title: str, max_results: int = 5) -> str:
    """``ti:"..."`` phrase search; quotes and brackets in the title are dropped (they break the query syntax)."""
    words = re.sub(r"[\"():\[\]]", " ", title)
    words = " ".join(words.split())
    query = urlencode({"search_query": 'ti:"' + words + '"', "max_results": str(max_results)})
    return f"{base}?{query}"


def pages_from_comment(comment: str | None) -> int | None:
    """``"15 pages, 5 figures"`` -> 15; ``"9+4 pages"`` -> 13 (main + appendix); None when no page count."""
    if not comment:
        return None
    m = re.search(r"(\d{1,4})\s*\+\s*(\d{1,4})\s*(?:pages?|pp\b)", comment, re.IGNORECASE)
    if m:
        return int(m.group(1)) + int(m.group(2))
    m = _PAGES.search(comment)
    if m:
        pages = int(m.group(1))
        return pages if 0 < pages < 5000 else None
    return None


def parse(data: bytes) -> list[Found]:
    """Every entry of an arXiv API answer. An arXiv *error* entry (bad id) raises :class:`MalformedResponse`.

    Raises :class:`MalformedResponse` for bodies that are not an Atom feed.
    """
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        root = ET.fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise MalformedResponse(
            f"the arXiv API answered with something that is not Atom XML ({exc})"
        ) from exc
    if root.tag != f"{ATOM}feed":
        raise MalformedResponse(f"the arXiv API answered with <{root.tag}>, not an Atom feed")
    found = []
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = clean(entry.findtext(f"{ATOM}id")) or ""
        title = clean(entry.findtext(f"{ATOM}title"))
        if "/api/errors" in entry_id or title == "Error":
            summary = clean(entry.findtext(f"{ATOM}summary")) or "unknown error"
            raise MalformedResponse(f"the arXiv API reported an error: {summary}")
        m = _ID_IN_URL.search(entry_id)
        ident = arxiv_id(entry_id) or (m.group(1) if m else None)
        comment = clean(entry.findtext(f"{ARXIV}comment"))
        primary = entry.find(f"{ARXIV}primary_category")
        found.append(
            Found(
                source="arxiv",
                source_id=ident,
                title=title,
                authors=tuple(
                    n for a in entry.iter(f"{ATOM}author") if (n := clean(a.findtext(f"{ATOM}name")))
                ),
                year=year_of(entry.findtext(f"{ATOM}published")),
                abstract=clean(entry.findtext(f"{ATOM}summary")),
                category=primary.get("term") if primary is not None else None,
                pages=pages_from_comment(comment),
                url=f"https://arxiv.org/abs/{ident}" if ident else None,
                kind="paper",
                extra={"comment": comment} if comment else {},
            )
        )
    return found


def total_results(data: bytes) -> int | None:
    import defusedxml.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except Exception:
        return None
    text = root.findtext(f"{OPENSEARCH}totalResults")
    return int(text) if text and text.strip().isdigit() else None
