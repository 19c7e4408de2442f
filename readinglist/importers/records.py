"""JSON records as reading lists: an array of objects, each one item (exports of read-later apps, CSL-JSON).

``[{"title": "...", "url": "...", "topic": "...", "tier": 2}, ...]``, or such an array under one key of an object
(``{"items": [...]}``, ``{"bookmarks": [...]}``). Keys are read like a CSV header, with the same synonyms
(``title``/``name``, ``url``/``link``/``href``, ``topic``/``category``, ``tier``/``level``, ``status``, ``note``,
``author``, ``description``/``abstract``, ``kind``/``type``, ``doi``...), so one set of rules reads both.

CSL-JSON (what Zotero, Mendeley and pandoc export: ``"URL"``, ``"DOI"``, ``"type": "article-journal"``,
``"author": [{"family": ..., "given": ...}]``, ``"issued": {"date-parts": [[2017, 6, 12]]}``) reads the same way:
names become ``Given Family``, a date its year. Lists of words (``tags``) join with commas; other nested values are
left out. The project's own JSON documents (``"format": "readinglist"``) go to :mod:`.native` instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

from readinglist.exceptions import ImportFormatError
from readinglist.importers import csvfile
from readinglist.importers._text import decode
from readinglist.types import ListToImport

NAME = "json"
EXTENSIONS = (".json",)

_RECORDS_START = re.compile(r"\A\s*\[\s*\{")
_ARRAY_START = re.compile(r'\A\s*\[\s*(?:[{"\]-]|\d)')  # not TOML's "[table]" or "[[array.of.tables]]"
_WRAPPED = re.compile(
    r"\A\s*\{[^\[]{0,2000}?\"(?:items|data|bookmarks|entries|links|articles|papers|records)\"\s*:\s*\[\s*\{"
)
_KEY = re.compile(r'"(title|name|url|URL|link|href|DOI|doi)"\s*:')
_NATIVE = re.compile(r'"format"\s*:\s*"readinglist"')
_WRAPPER_KEYS = ("items", "data", "bookmarks", "entries", "links", "articles", "papers", "records")


def sniff(text: str) -> int:
    """85 for a JSON array of objects with a title or URL key, 60 for one under an ``items``-like key, 40 for any
    other JSON array (so that its error speaks of JSON records, not of TOML)."""
    head = text[:65536]
    if _NATIVE.search(head):
        return 0
    if _KEY.search(head):
        if _RECORDS_START.match(head):
            return 85
        if _WRAPPED.match(head):
            return 60
    return 40 if _ARRAY_START.match(head) else 0


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read JSON records into a :class:`ListToImport` (see the module docstring).

    Raises :class:`ImportFormatError` for text that is not JSON, JSON that holds no array of objects, and records
    without a title or URL.
    """
    text = decode(data, format=NAME, source=source_url)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportFormatError(f"not valid JSON: {reason}", format=NAME, source=source_url) from exc
    records = _records(doc)
    if records is None:
        raise ImportFormatError(
            'this JSON holds no array of objects (expected [{"title": ..., "url": ...}, ...])',
            format=NAME,
            source=source_url,
        )
    flat = [_by_field(_flatten(record)) for record in records]
    header = list(dict.fromkeys(key for record in flat for key in record))  # every key, in order of first use
    rows = [(n, [record.get(key, "") for key in header]) for n, record in enumerate(flat, start=1)]
    return csvfile.table(header, rows, source_url=source_url, format=NAME)


def _records(doc: Any) -> list[dict[str, Any]] | None:
    """The array of objects: the document itself, or the one under an ``items``-like key."""
    if isinstance(doc, dict):
        found = [doc[key] for key in _WRAPPER_KEYS if isinstance(doc.get(key), list)]
        doc = found[0] if found else None
    if not isinstance(doc, list):
        return None
    records = [r for r in doc if isinstance(r, dict)]
    return records or None


def _by_field(record: dict[str, str]) -> dict[str, str]:
    """Keys renamed to the field they name, per record (one record may say ``name``/``link``, the next
    ``title``/``url``); the first key naming a field wins, unknown keys stay as they are."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = csvfile.field_of(key) or key
        if name not in out:
            out[name] = value
    return out


def _flatten(record: dict[str, Any]) -> dict[str, str]:
    """One record as header -> cell text: scalars as text, lists of words joined, CSL names and dates read."""
    out: dict[str, str] = {}
    for key, value in record.items():
        text = _text(value)
        if text is not None and isinstance(key, str):
            out[key] = text
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"  # "read": true reads as a CSV "read" column would
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dict):
        parts = value.get("date-parts")  # CSL-JSON dates: {"date-parts": [[2017, 6, 12]]}
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        literal = value.get("literal") or value.get("raw")
        return str(literal) if isinstance(literal, (str, int)) else None
    if isinstance(value, list):
        words = [_name(v) if isinstance(v, dict) else _text(v) for v in value[:200]]
        joined = ", ".join(w for w in words if w)
        return joined or None
    return None


def _name(value: dict[str, Any]) -> str | None:
    """A CSL name (``{"family": "Vaswani", "given": "Ashish"}`` or ``{"literal": "OpenAI"}``), or a tag object's
    name (``{"name": "ml"}``)."""
    if isinstance(value.get("literal"), str):
        return value["literal"]
    given, family = value.get("given"), value.get("family")
    if isinstance(family, str):
        return f"{given} {family}" if isinstance(given, str) and given else family
    for key in ("name", "title", "label", "tag"):
        if isinstance(value.get(key), str):
            return value[key]
    return None
