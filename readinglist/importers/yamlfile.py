"""YAML records as reading lists: the data files personal sites and generated lists keep (Jekyll's
``_data/readings.yml``, Hugo's data, awesome lists kept as YAML).

``- title: ...`` / ``  url: ...`` records, a list of them under one key (``papers:``), or under named groups
(``NLP: [...]``, ``- name: Tools`` / ``  links: [...]``): read exactly as JSON records (:mod:`.records`), with the
same keys and synonyms, so ``authors``, ``year``, ``tags`` and a ``date`` describe the item and groups name topics.

Safety: PyYAML's safe loader only (plain data, never Python objects), libyaml's (``CSafeLoader``) when it is
installed (the pure-Python one is about 7x slower). Anchors and aliases share one object, and the group walk reads each
object once, so an alias bomb costs what its text does.
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
    doc = _load(text, source_url)
    return records.read(doc, source_url=source_url, format=NAME, expected="- title: ... / url: ... records")


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
