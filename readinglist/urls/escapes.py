"""Percent-encoding of the parts of a URL key (:func:`readinglist.urls.canonical_url`): unreserved characters
decoded, other escapes upper-cased, characters that are not allowed (spaces, non-ASCII) encoded as UTF-8, reserved
characters kept as they were written, escaped or not; and the path's dot segments and empty segments resolved."""

from __future__ import annotations

import re

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = _UNRESERVED + _SUB_DELIMS + ":@/"
_QUERY_SAFE = _UNRESERVED + "!$'()*+,;=:@/?"  # '&' separates pairs and is kept escaped inside them
_FRAGMENT_SAFE = _UNRESERVED + _SUB_DELIMS + ":@/?"


def _plain_re(safe: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(safe) + "]*")


def _unsafe_re(safe: str) -> re.Pattern[str]:
    return re.compile("[^" + re.escape(safe + "%") + "]")


_PLAIN = {s: _plain_re(s) for s in (_PATH_SAFE, _QUERY_SAFE, _FRAGMENT_SAFE)}
_UNSAFE = {s: _unsafe_re(s) for s in (_PATH_SAFE, _QUERY_SAFE, _FRAGMENT_SAFE)}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")
_UNRESERVED_SET = frozenset(_UNRESERVED)


def _fix_escape(m: re.Match[str]) -> str:
    hexpair = m.group(1)
    if hexpair is None:
        return "%25"  # a lone '%' is a literal percent sign
    ch = chr(int(hexpair, 16))
    return ch if ch in _UNRESERVED_SET else "%" + hexpair.upper()


def _encode_char(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass"))


def _normalize_escapes(text: str, safe: str) -> str:
    """Normalise percent-encoding in one URL component (see the module docstring)."""
    if "%" not in text and _PLAIN[safe].fullmatch(text):
        return text
    if "%" in text:
        text = _ESCAPE.sub(_fix_escape, text)
    return _UNSAFE[safe].sub(_encode_char, text)


def _path(raw: str) -> str:
    """Normalise escapes, resolve dot segments, collapse empty segments, drop the trailing slash."""
    if not raw or raw == "/":
        return ""
    segments: list[str] = []
    for seg in _normalize_escapes(raw, _PATH_SAFE).split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
            continue
        segments.append(seg)
    return "/" + "/".join(segments) if segments else ""
