"""Checking a document's DTD before any XML parser sees it: entity-expansion attacks are refused here.

Pure, no I/O; :func:`readinglist.feeds.parse.parse_feed` calls :func:`entity_problem` first, and the pull sends
bodies for which :func:`has_dtd` is true to a sandboxed process (see :mod:`readinglist.feeds.sandbox`).
"""

from __future__ import annotations

import re

_ENTITY_DECL = re.compile(
    rb"""<!ENTITY\s+(%\s+)?([^\s>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""", re.IGNORECASE
)
_ENTITY_REF = re.compile(rb"[&%][A-Za-z_:]")
MAX_ENTITIES = 64
"""More entity declarations than this in one document are refused."""
MAX_ENTITY_CHARS = 1024
"""An internal entity whose replacement text is longer than this is refused (a named ``&nbsp;`` is 6 bytes)."""
MAX_EXPANSION = 1_000_000
"""Refused when the entities' replacement texts times their references would add more than this many bytes."""


def _as_utf8(body: bytes) -> bytes:
    """``body`` re-encoded as UTF-8 when it is UTF-16/32 (a BOM or NULs up front), so byte patterns can match it."""
    head = body[:4]
    if b"\x00" not in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body
    for codec in ("utf-32", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        if "<" in text[:256]:
            return text.encode("utf-8", "replace")
    return body


def entity_problem(body: bytes) -> str | None:
    """Why the document's DTD must be refused before any XML parser sees it, or None (the usual case).

    Entity expansion is the one way a small document makes an XML parser use gigabytes: nested entities
    ("billion laughs") or one large entity referenced many times (quadratic blow-up: a 20 KB entity referenced
    60,000 times is 1.2 GB). As defusedxml does, declarations are checked first: refused are entities built from
    other entities, external entities, more than :data:`MAX_ENTITIES` declarations, one replacement text over
    :data:`MAX_ENTITY_CHARS`, or references that would expand by more than :data:`MAX_EXPANSION` bytes. Plain
    declarations (``<!ENTITY nbsp "&#160;">``) stay allowed.
    """
    text = _as_utf8(body)
    if not re.search(rb"<!entity", text, re.IGNORECASE):
        return None
    declared = _ENTITY_DECL.findall(text)
    if len(declared) > MAX_ENTITIES:
        return f"declares {len(declared)} XML entities (more than {MAX_ENTITIES})"
    expansion = 0
    for percent, name, double, single, external in declared:
        value = double or single
        if external:
            return f"declares an external XML entity ({name.decode('utf-8', 'replace')})"
        if _ENTITY_REF.search(value):
            return "declares nested XML entities (an entity-expansion attack)"
        if len(value) > MAX_ENTITY_CHARS:
            return f"declares an XML entity of {len(value):,} bytes (more than {MAX_ENTITY_CHARS:,})"
        if not percent:
            expansion += text.count(b"&" + name + b";") * len(value)
    if expansion > MAX_EXPANSION:
        return f"would expand its XML entities to {expansion:,} bytes (an entity-expansion attack)"
    return None


_DTD = re.compile(rb"<!(?:DOCTYPE[^>\[]*\[|ENTITY)", re.IGNORECASE)


def has_dtd(body: bytes) -> bool:
    """True when the document has an internal DTD subset or entity declarations: parse it in a sandbox."""
    return _DTD.search(_as_utf8(body)[:1_048_576]) is not None


def entity_bomb(body: bytes) -> bool:
    """True when :func:`entity_problem` refuses ``body``."""
    return entity_problem(body) is not None
