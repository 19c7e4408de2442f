"""Small helpers the link-harvesting importers (document, html) share."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit


def title_from_url(url: str) -> str:
    """A readable title from a URL: its last path segment as words, else host and path, else the host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or url).removeprefix("www.")
    segments = [s for s in unquote(parts.path).split("/") if s]
    if segments:
        last = re.sub(r"\.(?:html?|php|aspx?|pdf)$", "", segments[-1], flags=re.I)
        words = [w for w in re.split(r"[-_+]+", last) if w]
        if len(words) >= 2:
            return " ".join(words)
        return "/".join([host, *segments])[:200]
    return host
