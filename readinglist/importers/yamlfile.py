"""YAML records as reading lists: the data files personal sites and generated lists keep (Jekyll's
``_data/readings.yml``, Hugo's data, awesome lists kept as YAML).

``- title: ...`` / ``  url: ...`` records, a list of them under one key (``papers:``), or under named groups
(``NLP: [...]``, ``- name: Tools`` / ``  links: [...]``): read exactly as JSON records (:mod:`.records`), with the
same keys and synonyms, so ``authors``, ``year``, ``tags`` and a ``date`` describe the item and groups name topics.

Safety: PyYAML's safe loader only (plain data, never Python objects), libyaml's (``CSafeLoader``) when it is
installed (the pure-Python one is about 7x slower). Anchors and aliases share one object, and the group walk reads each
object once, so an alias bomb costs what its text does.

Cost: PyYAML's constructor (Python) costs several times libyaml's parse events. A document none of whose keys names a
title or a link (``- {t: x}`` a hundred thousand times) holds no record: its events are read first, and such a
document is refused with the records reader's own error without being constructed (:func:`_skeleton`); the first
key naming a title or a link ends that read, so a list of records costs what it did.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist.exceptions import ImportFormatError
from readinglist.importers import records
from readinglist.importers._text import decode
from readinglist.types import ListToImport

NAME = "yaml"
EXTENSIONS = (".yml", ".yaml")

_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w -]{0,30}:(?:[ \t]|$)", re.MULTILINE)
_RECORD_START = re.compile(r"^[ \t]*-[ \t]+[A-Za-z_][\w -]{0,30}:(?:[ \t]|$)", re.MULTILINE)
_LINK_VALUE = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:url|link|href|URL|address|website):[ \t]+[\"']?https?://", re.MULTILINE
)


def sniff(text: str) -> int:
    """0..100: YAML records with links. Text that opens like another format scores 0; plenty of text is valid YAML
    (a Markdown list is a YAML list of strings), so it takes ``key: value`` lines, records (``- key: value``) and
    ``url: https://...`` values to say YAML."""
    head = text[:65536]
    start = head.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", "[", "<", "@"):
        return 0
    lines = [line for line in head.splitlines()[:2000] if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return 0
    keyed = sum(1 for _ in _KEY_LINE.finditer(head))
    links = sum(1 for _ in _LINK_VALUE.finditer(head))
    starts = sum(1 for _ in _RECORD_START.finditer(head))
    if links >= 2 and starts >= 2 and keyed >= len(lines) // 2:
        return 70
    if links and keyed >= len(lines) // 2:
        return 45
    if starts >= 2 and keyed * 5 >= len(lines) * 4:
        return 30  # records whose links are the site's own (``link: /book-reviews/...``), or none
    top = [line for line in lines if not line[:1].isspace()]
    if starts >= 3 and all(_KEY_LINE.match(line) or line.rstrip() in ("---", "...") for line in top):
        return 50  # records whose values are long folded texts (``description: >``): every unindented line a key
    return 0


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read YAML records into a :class:`ListToImport` (see the module docstring).

    Raises :class:`ImportFormatError` for text that is not YAML, YAML that holds no records, and records without a
    title or URL.
    """
    text = decode(data, format=NAME, source=source_url)
    skeleton = _skeleton(text)
    return _read(_load(text, source_url) if skeleton is None else skeleton[0], source_url)


def _read(doc: Any, source_url: str | None) -> ListToImport:
    """The records of a loaded document (or of its skeleton, which the reader refuses as it would the document)."""
    return records.read(doc, source_url=source_url, format=NAME, expected="- title: ... / url: ... records")


_NAMING_FIELDS = frozenset(("title", "url", "canonical_url", "doi", "arxiv", "isbn"))
"""The fields a record is kept by (the records' table keeps a row with a title, or a link it finds in a URL, a DOI,
an arXiv id or an ISBN): a document with no key naming one of them holds no record."""
_DIGITS = re.compile(r"[-+]?[0-9]{1,18}")
"""A plain scalar of a few digits: an int (or, as ``09``, a string) the loader constructs without fail, so it is not
asked (a list of numbers is a list of them)."""
_MAX_DEPTH = 100
"""Nesting :func:`_skeleton` reads; a document nested deeper is loaded (no list nests so deep)."""


def _skeleton(text: str) -> tuple[Any] | None:
    """``(skeleton,)`` when the first document of ``text`` can hold no record, found from its parse events without
    constructing it: a stand-in the records reader refuses with the error it gives the document. None when it may
    hold one, or when anything is unsure: then the document is loaded.

    Such a document parses without error; has no tag, anchor or alias, no mapping or list as a key, no ``<<`` key;
    every plain scalar constructs (the loader's own resolver and constructor are asked, once a text); and no key
    names a title or a link (:data:`_NAMING_FIELDS`, by the :func:`csvfile.field_of` the records reader asks). Then
    every record the reader could find lacks a title and a link, and whether it finds any at all depends only on the
    top level: the keys there that hold a list and whether each list holds a mapping, or whether a top-level list
    does. The skeleton keeps just that, with an empty mapping for the records.
    """
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    from yaml.events import (
        AliasEvent,
        DocumentEndEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    from readinglist.importers.csvfile import field_of

    loader = loader_class(text)
    resolvers = loader.yaml_implicit_resolvers
    wildcard = None in resolvers
    constructs: dict[str, bool] = {}  # plain scalars asked of the loader: whether each constructs
    stack: list[int] = []  # the open nodes: 0 a list, 1 a mapping awaiting a key, 2 one awaiting a key's value
    skeleton: Any = None
    top_key = ""  # the last key of a top-level mapping
    top_list: list[Any] | None = None  # the list the last top-level key holds (None: it holds no list)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return None
                value = event.value
                state = stack[-1] if stack else 0
                if state == 1:
                    if value == "<<" or field_of(value) in _NAMING_FIELDS:
                        return None
                    stack[-1] = 2
                    if len(stack) == 1:
                        top_key = value
                elif state == 2:
                    stack[-1] = 1
                    if len(stack) == 1:
                        skeleton[top_key] = None
                if event.implicit[0] and (wildcard or value[:1] in resolvers) and not _DIGITS.fullmatch(value):
                    ok = constructs.get(value)
                    if ok is None:
                        ok = constructs[value] = _constructs(loader, value)
                    if not ok:
                        return None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= _MAX_DEPTH:
                    return None
                state = stack[-1] if stack else 0
                if state == 1:
                    return None  # a mapping or a list as a key
                if state == 2:
                    stack[-1] = 1
                mapping = kind is MappingStartEvent
                depth = len(stack)
                if depth == 0:
                    skeleton = {} if mapping else []
                elif depth == 1 and state == 2:  # the value of a top-level key
                    top_list = None if mapping else []
                    skeleton[top_key] = top_list
                elif depth == 1:  # an entry of a top-level list
                    if mapping and not skeleton:
                        skeleton.append({})
                elif depth == 2 and mapping and stack[0] == 1 and top_list is not None and not top_list:
                    top_list.append({})  # an entry of a list a top-level key holds
                stack.append(1 if mapping else 0)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentEndEvent or kind is StreamEndEvent:
                return (skeleton,)
            elif kind is AliasEvent:
                return None
    except Exception:  # noqa: BLE001 - a parse error: the loader raises it again, in its own words
        return None
    finally:
        loader.dispose()


def _constructs(loader: Any, value: str) -> bool:
    """Whether the loader constructs the plain scalar ``value`` without error (``0x_`` and ``2020-13-45`` fail)."""
    from yaml.nodes import ScalarNode

    tag = loader.resolve(ScalarNode, value, (True, False))
    if tag == loader.DEFAULT_SCALAR_TAG:
        return True
    try:
        loader.construct_object(ScalarNode(tag, value, None, None))
    except Exception:  # noqa: BLE001 - whatever it raises, the loader raises again, in its own words
        return False
    return True


def _load(text: str, source_url: str | None) -> Any:
    """The first YAML document of ``text`` (a front-matter style ``---`` opening is allowed), as plain data."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        docs = yaml.load_all(text, Loader=loader)
        doc = next(docs, None)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ImportFormatError(f"not valid YAML: {reason}", format=NAME, source=source_url) from exc
    return doc
