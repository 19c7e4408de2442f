"""oEmbed (https://oembed.com/) answers for videos: title and channel (``author_name``).

oEmbed does not give a duration; the runner reads it from the video's page (see :mod:`readinglist.enrich.page`).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from readinglist.enrich.model import Found, MalformedResponse, clean


def request_url(endpoint: str, url: str) -> str:
    return f"{endpoint}?{urlencode({'url': url, 'format': 'json'})}"


def parse(data: bytes) -> Found:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(
            f"the oEmbed endpoint answered with something that is not JSON ({exc})"
        ) from exc
    if not isinstance(doc, dict) or "type" not in doc:
        raise MalformedResponse("the oEmbed answer has no 'type'")
    author = clean(doc.get("author_name"))
    return Found(
        source="oembed",
        title=clean(doc.get("title")),
        authors=(author,) if author else (),
        kind="video" if doc.get("type") == "video" else None,
        extra={k: str(doc[k]) for k in ("provider_name", "author_url") if isinstance(doc.get(k), str)},
    )
