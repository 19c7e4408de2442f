"""JSON records as reading lists: an array of objects, each one item (exports of read-later apps, CSL-JSON).

``[{"title": "...", "url": "...", "topic": "...", "tier": 2}, ...]``, or such an array under one key of an object
(``{"items": [...]}``, ``{"bookmarks": [...]}``). Keys are read like a CSV header, with the same synonyms
(``title``/``name``, ``url``/``link``/``href``, ``topic``/``category``, ``tier``/``level``, ``status``, ``note``,
``author``, ``description``/``abstract``, ``kind``/``type``, ``doi``...), so one set of rules reads both.

CSL-JSON (what Zotero, Mendeley and pandoc export: ``"URL"``, ``"DOI"``, ``"type": "article-journal"``,
``"author": [{"family": ..., "given": ...}]``, ``"issued": {"date-parts": [[2017, 6, 12]]}``) reads the same way:
names become ``Given Family``, a date its year. Lists of words (``tags``) join with commas; other nested values are
left out. The project's own JSON documents (``"format": "readinglist"``) go to :mod:`.native` instead.

Groups: data files of link sites and awesome lists nest their records under named groups
(``{"data": [{"name": "Web design", "categories": [{"title": "Tools", "links": [{"title": ..., "url": ...}]}]}]}``,
or ``{"NLP": [...], "Vision": [...]}``). An object that holds records with a web link (or a DOI) somewhere below it
is a group: its ``name``/``title``/``label``/``category`` names a topic, and without one, the key that holds the
records does (unless it is a container word such as ``items``, ``links`` or ``categories``). The records' own topic
goes below the groups'. An object with a web link of its own is always a record. A document with no web link
anywhere (a site's data file whose links are its own pages) is read by titles: an object with a title and no records
below it is a record; YAML keys that are dates or years (``2015-07-19:``) name their groups.

A record without a link whose description is Markdown linking its title (``[*On Lisp*](http://...) is ...``, or by
a reference defined below) takes that link, and the description reads as text; CSL rich text (``<i>``) and
Crossref's JATS tags are dropped from titles and abstracts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
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
_NAMED_ARRAY = re.compile(r'\A\s*\{\s*"[^"\n]{1,60}"\s*:\s*\[\s*\{')
"""An object whose first key holds records (``{"books": [{...}]}``), whatever the key."""
_NATIVE = re.compile(r'"format"\s*:\s*"readinglist"')
_WRAPPER_KEYS = ("items", "data", "bookmarks", "entries", "links", "articles", "papers", "records")
_WEB_VALUE = re.compile(r'"(?:url|URL|link|href)"\s*:\s*"(?:https?:)?//')
_CONTAINER_KEYS = frozenset(
    (*_WRAPPER_KEYS, "categories", "subcategories", "children", "groups", "sections", "subsections", "topics")
    + ("subtopics", "resources", "list", "lists", "content", "contents", "nodes", "tree", "results", "posts")
)
"""Keys that hold a group's records or subgroups without naming anything (``{"categories": [...]}``)."""
_GROUP_NAME_KEYS = ("name", "title", "label", "category", "topic", "section", "heading", "group", "year")
MAX_GROUP_DEPTH = 40
"""Nesting (objects and arrays) read for groups; records below it are reported, not read."""


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
        if _NAMED_ARRAY.match(head):
            return 50
    if head.lstrip()[:1] in ("{", "[") and _WEB_VALUE.search(head):
        return 55  # records with web links nested under groups ({"categories": [{"links": [...]}]})
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
    return read(doc, source_url=source_url, format=NAME, expected='[{"title": ..., "url": ...}, ...]')


def read(doc: Any, *, source_url: str | None, format: str, expected: str) -> ListToImport:
    """The records of a parsed document (JSON, or YAML by :mod:`.yamlfile`) as a list; ``expected`` shows the
    shape in the error for a document that holds no records."""
    groups = _Groups()
    grouped = groups.collect(doc, 0)
    if any(path for path, _ in grouped):
        found = grouped
    else:
        records = _records(doc)
        if records is not None:
            found = [((), record) for record in records]
        elif grouped:  # records keyed by their ids ({"374149": {"title": ..., "url": ...}})
            found = grouped
        else:  # no web links anywhere: records known by their titles (a site's relative links)
            groups = _Groups(record=_titled)
            found = groups.collect(doc, 0)
        if not found:
            raise ImportFormatError(
                f"this {format.upper()} holds no array of objects (expected {expected})",
                format=format,
                source=source_url,
            )
    flat = [_plain(_linked_in_text(_under(path, _by_field(_flatten(record))))) for path, record in found]
    header = list(dict.fromkeys(key for record in flat for key in record))  # every key, in order of first use
    rows = [(n, [record.get(key, "") for key in header]) for n, record in enumerate(flat, start=1)]
    result = csvfile.table(header, rows, source_url=source_url, format=format)
    if groups.too_deep:
        warning = f"{groups.too_deep} part(s) nested deeper than {MAX_GROUP_DEPTH} levels were not read"
        result = dataclasses.replace(result, warnings=(*result.warnings, warning))
    return result


class _Groups:
    """Finds the records with a web link and the group path above each (see the module docstring)."""

    def __init__(self, record: Callable[[dict[str, Any]], bool] | None = None) -> None:
        self.is_record = record or _linked
        self.too_deep = 0
        self._seen: set[int] = set()  # containers read: a YAML alias shares one object, read where first met

    def collect(self, node: Any, depth: int) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
        """``(path, record)`` for each linked record under ``node``, read bottom-up: every value once (a YAML
        "billion laughs" nests aliases of one list a billion times over; each is read once)."""
        if depth > MAX_GROUP_DEPTH:
            self.too_deep += 1
            return []
        if isinstance(node, (list, dict)):
            if id(node) in self._seen:
                return []
            self._seen.add(id(node))
        if isinstance(node, list):
            return [found for value in node for found in self.collect(value, depth + 1)]
        if not isinstance(node, dict):
            return []
        if self.is_record(node):
            return [((), node)]
        name = _group_name(node)
        found: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        for key, value in node.items():
            if not isinstance(value, (list, dict)):
                continue
            # a record right under a key ({"374149": {"title": ...}}): the key is its id, no topic
            label = "" if isinstance(value, dict) and self.is_record(value) else name or _key_label(key)
            found.extend(
                ((label, *path) if label else path, record) for path, record in self.collect(value, depth + 1)
            )
        return found


def _linked(record: dict[str, Any]) -> bool:
    """A record naming a web page or a DOI: what makes a nested object an item, not a label or an author."""
    for key, value in record.items():
        if isinstance(key, str) and isinstance(value, str):
            field = csvfile.field_of(key)
            if (field == "url" and ("://" in value or value.startswith("www."))) or (
                field == "doi" and value.strip()
            ):
                return True
    return False


_RICH_TAG = re.compile(r"</?(?:jats:[a-z-]{1,30}|i|b|em|strong|sup|sub|sc|span|p|br|u|scp)(?:\s[^<>]{0,200})?/?>", re.I)
"""The inline markup CSL-JSON rich text allows (``<i>``, ``<sup>``, ``<span style=...>``) and the JATS tags
Crossref's abstracts come in (``<jats:p>``, ``<jats:italic>``)."""


def _plain(record: dict[str, str]) -> dict[str, str]:
    """Title and description without rich-text markup: ``<i>Pseudobalta</i>, a New...`` -> ``Pseudobalta, ...``."""
    for field in ("title", "description"):
        text = record.get(field)
        if text and "<" in text and _RICH_TAG.search(text):
            record[field] = " ".join(_RICH_TAG.sub(" ", text).split()).replace(" ,", ",").replace(" .", ".")
    return record


def _linked_in_text(record: dict[str, str]) -> dict[str, str]:
    """A record without a link of its own whose description is Markdown naming the work by a link
    (``[*On Lisp*](http://...) is ...``, or a reference ``[*Title*][pcl]`` defined below it): that link is the
    record's, and the description reads as text."""
    text = record.get("description", "")
    if record.get("url") or "](" not in text and "][" not in text and "]:" not in text:
        return record
    plain, links = _markdown_text(text)
    title = _norm(record.get("title", ""))
    for label, href in links:
        named = _norm(label)
        if title and (named == title or named.startswith(title + ":")) and "://" in href:
            record["url"] = href
            break
    record["description"] = plain
    return record


_FOLDED_DEFINITION = re.compile(r"[ \t](\[[^\[\]\n]{1,100}\]:[ \t])")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).split()).casefold()


def _markdown_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Markdown as plain text (paragraphs joined, quotes unmarked, reference definitions gone) and its links as
    ``(text, href)``, read with markdown-it (the tree, not regular expressions)."""
    from markdown_it import MarkdownIt

    # a YAML folded scalar (``description: >``) keeps each paragraph break as one line break, and folds
    # reference definitions written on following lines into one ("[a]: http://x [b]: http://y")
    text = _FOLDED_DEFINITION.sub(r"\n\n\1", text[:20000].replace("\n", "\n\n"))
    tokens = MarkdownIt("commonmark").parse(text)
    words: list[str] = []
    links: list[tuple[str, str]] = []
    for token in tokens:
        if token.type != "inline":
            continue
        href: str | None = None
        label: list[str] = []
        for child in token.children or ():
            if child.type == "link_open":
                href, label = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and href is not None:
                links.append(("".join(label), href))
                href = None
            elif child.type in ("text", "code_inline"):
                words.append(child.content)
                if href is not None:
                    label.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        words.append(" ")
    return " ".join("".join(words).split()), links


def _titled(record: dict[str, Any]) -> bool:
    """A record named by a title of its own and holding no records below it: an item of a list whose links are
    relative (``link: /book-reviews/...``) or missing, where no record is :func:`_linked`."""
    has_title = any(
        isinstance(key, str) and isinstance(value, str) and value.strip() and csvfile.field_of(key) == "title"
        for key, value in record.items()
    )
    return has_title and not any(
        isinstance(value, list) and any(isinstance(v, dict) for v in value[:50]) for value in record.values()
    )


def _key_label(key: Any) -> str:
    """The topic a key holding records names: its text unless a container word (``items``); a YAML date or year
    (``2015-07-19:``, ``2020:``) as written."""
    if isinstance(key, str):
        return key.strip() if key.lower() not in _CONTAINER_KEYS else ""
    if isinstance(key, (dt.date, int)) and not isinstance(key, bool):
        return key.isoformat() if isinstance(key, dt.date) else str(key)
    return ""


def _group_name(group: dict[str, Any]) -> str:
    for key in _GROUP_NAME_KEYS:
        value = group.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # "- year: 2020" over its books
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _under(path: tuple[str, ...], record: dict[str, str]) -> dict[str, str]:
    """The record with its groups' path above its own topic (the ``section`` cell, read as ``A > B``)."""
    if path:
        own = record.get("section")
        record["section"] = " > ".join([*path, own] if own else path)
    return record


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
    ``title``/``url``); the first key naming a field wins, unknown keys stay as they are. Pinboard's and Delicious'
    bookmarks (``href``, ``extended``) name their title ``description`` and their description ``extended``, and
    ``toread: "yes"`` says the bookmark waits to be read."""
    if "href" in record and "extended" in record:
        record = {_PINBOARD.get(key, key): value for key, value in record.items()}
        waiting = record.pop("status", "").lower() == "yes"
        if waiting:
            record["status"] = "unread"
    out: dict[str, str] = {}
    csl = "container-title" in record or "issued" in record
    for key, value in record.items():
        if csl and key == "score":
            continue  # Crossref's relevance score, not the reader's rating
        name = csvfile.field_of(key) or key
        if name not in out:
            out[name] = value
    return out


_PINBOARD = {"description": "title", "extended": "description", "toread": "status"}


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
    if isinstance(value, (dt.date, dt.datetime)):  # YAML reads 2017-06-12 as a date
        return value.isoformat()
    if isinstance(value, dict):
        parts = value.get("date-parts")  # CSL-JSON dates: {"date-parts": [[2017, 6, 12]]}
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        literal = value.get("literal") or value.get("raw") or value.get("name")  # "venue": {"name": "CVPR 2020"}
        return str(literal) if isinstance(literal, (str, int)) else None
    if isinstance(value, list):
        # one level: a list of lists is no list of words (and a YAML alias bomb nests them a billion times over)
        words = [
            _name(v) if isinstance(v, dict) else None if isinstance(v, list) else _text(v)
            for v in value[:200]
        ]
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
