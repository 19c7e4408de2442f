"""Small helpers the link-harvesting importers (document, html) share."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from readinglist.urls import is_web_url, plain_web_parts, split_url

if TYPE_CHECKING:
    from types import ModuleType


@functools.lru_cache(maxsize=4096)
def title_from_url(url: str) -> str:
    """A readable title from a URL: its last path segment as words, else host and path, else the host (asked once
    per URL: a page links the same address many times)."""
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


class LinkFilter:
    """The Markdown importer's rules for which links are reading (``markdown/links.py``), for importers that harvest
    links from other markup (HTML): one statement of the rules, not a copy.

    ``resolve(href, text)`` gives the absolute http(s) URL of a link that is an item, or None for what is not:
    anchors and tables of contents, badges, community and chat hosts (Discord, LinkedIn, meetup, Slack...),
    housekeeping texts ("Join the Discord", "FAQ", "Contributors", "newsletter"), profiles, the repository's own
    infrastructure files (CONTRIBUTING, LICENSE, FAQ, CHANGELOG), other schemes, and relative links with nothing to
    resolve them against (counted in ``relative``). A link whose URL sits in stray brackets or quotes
    (``%5Bhttps://...``) is recovered; one that cannot be is skipped; :meth:`warnings` says so.
    """

    def __init__(self, *, base: str | None, source_url: str | None) -> None:
        from readinglist.importers.markdown.links import _LinkRules

        self._rules = _LinkRules()
        self._rules.base = base
        self._rules.source_url = source_url
        self._rules.items = []
        self._rules.relative_links = 0
        self._rules.keep_placeholders = False
        self._rules.recovered = []
        self._rules.invalid = []

    @property
    def relative(self) -> int:
        return self._rules.relative_links

    def resolve(self, href: str, text: str = "") -> str | None:
        found = self.resolve_with_path(href, text)
        return found[0] if found is not None else None

    def resolve_with_path(self, href: str, text: str = "") -> tuple[str, str] | None:
        """``resolve``, with the URL's path as ``split_url`` gives it."""
        url = self._rules.resolve(href, text)
        if url is None:
            return None
        plain = plain_web_parts(url)
        if plain is not None:  # the common https://host/path: a web URL, its path read without urlsplit
            return url, plain.path
        if not is_web_url(url):
            return None  # not reading, or relative (counted) or another scheme (ftp:) with no web page to open
        return url, split_url(url).path

    def warnings(self) -> list[str]:
        """What was recovered or skipped (the relative-link warning is the caller's, in its own words)."""
        relative, self._rules.relative_links = self._rules.relative_links, 0
        try:
            return self._rules.warnings()
        finally:
            self._rules.relative_links = relative


@functools.cache
def _markdown(name: str) -> ModuleType:
    """The Markdown importer's module ``name`` (``rules``, ``inline``), imported on first use: importing the
    Markdown package costs about 0.1 s, and an import statement inside a function called per link ~2 us each time."""
    import importlib

    return importlib.import_module(f"readinglist.importers.markdown.{name}")


def is_icon(text: str) -> bool:
    """Link text made only of emoji or emoji shortcodes (``📜``, ``:scroll:``): an icon, not a title."""
    text = text.strip()
    return bool(text) and _markdown("rules")._ICON_TEXT.fullmatch(text) is not None


def is_generic(text: str) -> bool:
    """Link text that names the kind of link ("alt", "alternative", "code", "slides"), not the work."""
    return bool(_markdown("inline")._generic(text))


def skipped_section(heading: str) -> bool:
    """A heading over list infrastructure (Contributing, License, Community, FAQ, Team...), not reading."""
    sections = _markdown("rules").SKIPPED_SECTIONS
    return " ".join(heading.split()).strip().rstrip(":：").lower() in sections
