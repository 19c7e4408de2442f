"""Where the metadata services are: each base URL is a setting (environment variable or constructor argument).

Tests and benchmarks point these at local stand-in servers; nothing in the test suite reaches the internet.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

ENV = {
    "arxiv": "READINGLIST_ARXIV_API",
    "crossref": "READINGLIST_CROSSREF_API",
    "openlibrary": "READINGLIST_OPENLIBRARY_API",
    "oembed": "READINGLIST_OEMBED_API",
    "vimeo_oembed": "READINGLIST_VIMEO_OEMBED_API",
    "wayback": "READINGLIST_WAYBACK_API",
    "arxiv_pause": "READINGLIST_ARXIV_PAUSE",
}


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the services, and the pause between arXiv requests its terms of use ask for (3 s)."""

    arxiv: str = "https://export.arxiv.org/api/query"
    crossref: str = "https://api.crossref.org"
    openlibrary: str = "https://openlibrary.org"
    oembed: str = "https://www.youtube.com/oembed"
    vimeo_oembed: str = "https://vimeo.com/api/oembed.json"
    wayback: str = "https://archive.org/wayback/available"
    arxiv_pause: float = 3.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        """Defaults, overridden by ``READINGLIST_ARXIV_API``, ``READINGLIST_CROSSREF_API``, ... when set."""
        env = os.environ if env is None else env
        changes: dict[str, object] = {}
        for f in fields(cls):
            value = env.get(ENV[f.name])
            if value:
                changes[f.name] = float(value) if f.name == "arxiv_pause" else value.strip()
        return replace(cls(), **changes)
