"""Which links may be stored as an item's link, and which may be made clickable: the one place that decides.

Titles and URLs come from lists and feeds written by strangers. A link is stored only when it is

* an ``http``/``https`` URL with a host,
* an identifier the project understands (``doi:10.1145/...``, ``arxiv:1706.03762``), or
* scheme-less (``example.com/x``, ``/relative``): importers resolve those against their page, and
  :func:`readinglist.urls.canonical_url` reads ``example.com/x`` as https.

Everything else is refused with a reason the caller shows as a warning: ``javascript:``, ``data:``, ``vbscript:``,
``file:``, ``mailto:``..., including forms a browser would still run (``java&#x09;script:``, ``JaVaScRiPt:``,
``\\x01javascript:``, a tab or newline inside the scheme). A ``tag:`` URI (RFC 4151) is an entry's id, not a link.

:func:`clickable_url` is the stricter question asked by writers of HTML and Markdown: only an http(s) URL (an
identifier becomes its https resolver address) may be rendered as a link. Pure stdlib, no I/O.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from readinglist.urls import split_url

WEB_SCHEMES = frozenset({"http", "https"})
ID_SCHEMES = frozenset({"doi", "arxiv"})
"""Identifier schemes that may be stored as a link (their https form is what gets rendered)."""

_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
"""Browsers drop ASCII whitespace and controls inside a URL's scheme (the WHATWG URL parser strips tab/LF/CR
everywhere and leading/trailing C0 controls and spaces): ``java\\tscript:`` runs as ``javascript:``."""
_TAB_NEWLINE = re.compile(r"[\t\r\n]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST_PORT = re.compile(r"\d{1,5}(?:[/?#]|$)")


def _unobfuscated(url: str) -> str:
    """``url`` as a browser would read its scheme: entities decoded (twice: ``&amp;#x09;``), controls removed."""
    text = url
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _IGNORED.sub("", text)


def scheme_of(url: str) -> str | None:
    """The lower-cased scheme a browser would see in ``url``, or None for a scheme-less reference.

    ``example.com:8080/x`` has no scheme (a host and port), ``localhost:8000`` neither.
    """
    text = _unobfuscated(url)
    m = _SCHEME.match(text)
    if m is None:
        return None
    name = m.group(1).lower()
    if ("." in name or name == "localhost") and _HOST_PORT.match(text, m.end()):
        return None
    return name


def check_link(url: str | None) -> tuple[str | None, str | None]:
    """``(link to store, None)``, or ``(None, reason)`` when ``url`` must not be stored as a link.

    An empty ``url`` gives ``(None, None)``. The stored link is ``url`` stripped, without the tabs and newlines a
    browser ignores inside a URL.
    """
    if url is None:
        return None, None
    stripped = url.strip()
    if not stripped:
        return None, None
    scheme = scheme_of(stripped)
    if scheme is None:
        return stripped, None
    shown = _shown(stripped)
    if scheme == "tag":
        return None, f"{shown} is a tag: URI (an id, not a link)"
    if scheme in ID_SCHEMES:
        return stripped, None
    if scheme not in WEB_SCHEMES:
        return None, f"{shown} is a {scheme}: link; only http(s) links are kept"
    cleaned = _TAB_NEWLINE.sub("", stripped)  # what a browser drops anywhere in a URL; spaces stay
    try:
        host = split_url(cleaned).hostname
    except ValueError:
        host = None
    if not host:
        return None, f"{shown} has no host"
    return cleaned, None


def safe_link(url: str | None) -> str | None:
    """The link :func:`check_link` would store, or None."""
    return check_link(url)[0]


def clickable_url(url: str | None) -> str | None:
    """The address to render as a clickable link for ``url``, or None when it must be shown as text only.

    http(s) URLs with a host come back as given (whitespace and controls removed); ``doi:`` and ``arxiv:``
    identifiers come back as their https resolver URL; anything else (scheme-less, ``javascript:``...) is None.
    """
    if not url:
        return None
    stored, _ = check_link(url)
    if stored is None:
        return None
    scheme = scheme_of(stored)
    if scheme in WEB_SCHEMES:
        return stored
    if scheme == "doi":
        ident = stored.split(":", 1)[1].strip().lstrip("/")
        return "https://doi.org/" + quote(ident, safe="/:@!$&'()*+,;=-._~") if ident else None
    if scheme == "arxiv":
        ident = stored.split(":", 1)[1].strip()
        return "https://arxiv.org/abs/" + quote(ident, safe="/.-_~") if ident else None
    return None


def _shown(url: str) -> str:
    """``url`` cut short and made printable, for a warning line."""
    text = " ".join(repr(url)[1:-1].split())
    return text if len(text) <= 60 else text[:57] + "..."
