"""The Wayback Machine's availability API: is there an archived copy of a URL, and where.

``GET https://archive.org/wayback/available?url=...`` answers ``{"url": ..., "archived_snapshots": {"closest":
{"status": "200", "available": true, "url": "http://web.archive.org/web/<timestamp>/<url>", "timestamp": ...}}}``
or ``"archived_snapshots": {}`` when nothing is archived.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from readinglist.enrich.model import MalformedResponse


def request_url(endpoint: str, url: str) -> str:
    return f"{endpoint}?{urlencode({'url': url})}"


def parse(data: bytes) -> str | None:
    """The archived copy's URL (https), or None when the archive has none that loaded fine."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(
            f"the Wayback Machine answered with something that is not JSON ({exc})"
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("archived_snapshots"), dict):
        raise MalformedResponse("the Wayback Machine's answer has no 'archived_snapshots'")
    closest = doc["archived_snapshots"].get("closest")
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return None
    url = closest.get("url")
    status = str(closest.get("status", "200"))
    if not isinstance(url, str) or not status.startswith("2"):
        return None
    if url.startswith("http://web.archive.org/"):
        url = "https://" + url[len("http://") :]
    return url
