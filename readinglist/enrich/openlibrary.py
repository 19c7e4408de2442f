"""Open Library's search API (``/search.json``) for books, by ISBN or by title and author.

Each ``docs`` record has ``title``, ``author_name`` (list), ``first_publish_year``, ``number_of_pages_median``,
``isbn`` (list) and ``key`` (``/works/OL...W``). See https://openlibrary.org/dev/docs/api/search.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from readinglist.enrich.model import Found, MalformedResponse, clean

FIELDS = "key,title,author_name,first_publish_year,number_of_pages_median,isbn"
_ISBN = re.compile(r"\b(97[89][\d-]{10,14}|\d[\d-]{8,11}[\dXx])\b")


def isbn_in(*texts: str | None) -> str | None:
    """An ISBN written in a URL, title or note (hyphens allowed, checksum verified); None otherwise.

    A 13-digit 978/979 number counts anywhere; a 10-digit one only after the word "ISBN" (or in an ``/isbn/``
    URL path): one random 10-digit number in 11 passes the checksum.
    """
    for text in texts:
        text = text or ""
        for m in _ISBN.finditer(text):
            digits = m.group(1).replace("-", "").upper()
            if not valid_isbn(digits):
                continue
            before = text[max(0, m.start() - 12) : m.start()].lower()
            if len(digits) == 13 or "isbn" in before:
                return digits
    return None


def valid_isbn(digits: str) -> bool:
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def search_url(
    base: str, *, isbn: str | None = None, title: str | None = None, author: str | None = None
) -> str:
    params = {"fields": FIELDS, "limit": "5"}
    if isbn:
        params["isbn"] = isbn
    else:
        params["title"] = title or ""
        if author:
            params["author"] = author
    return f"{base.rstrip('/')}/search.json?{urlencode(params)}"


def parse(data: bytes) -> list[Found]:
    """The books of a search answer, best first. Raises :class:`MalformedResponse` for anything else."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(f"Open Library answered with something that is not JSON ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("docs"), list):
        raise MalformedResponse("Open Library's answer has no 'docs' list")
    found = []
    for d in doc["docs"]:
        if not isinstance(d, dict):
            continue
        pages = d.get("number_of_pages_median")
        year = d.get("first_publish_year")
        key = d.get("key") if isinstance(d.get("key"), str) else None
        found.append(
            Found(
                source="openlibrary",
                source_id=key,
                title=clean(d.get("title")),
                authors=tuple(a for a in (clean(x) for x in d.get("author_name") or []) if a),
                year=year if isinstance(year, int) else None,
                pages=pages if isinstance(pages, int) and pages > 0 else None,
                url=f"https://openlibrary.org{key}" if key else None,
                kind="book",
            )
        )
    return found
