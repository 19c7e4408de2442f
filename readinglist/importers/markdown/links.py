"""Which links of a Markdown list are items, and what they resolve to (mixed into the walker)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin, urlsplit

from readinglist.importers.markdown.inline import _generic
from readinglist.importers.markdown.rules import (
    _BADGE_HOSTS,
    _BROKEN_HREF,
    _COMMUNITY_HOSTS,
    _HOUSEKEEPING_TEXT,
    _ICON_TEXT,
    _INFRA_FILES,
    _PROFILE_HOSTS,
    collapse,
)
from readinglist.types import ItemToImport
from readinglist.urls import web_parts


class _LinkRules:
    """``resolve`` and the warnings about links; the walker sets ``source_url``, ``base``, ``items`` and the
    counters (``relative_links``, ``recovered``, ``invalid``; ``placeholders`` starts at 0)."""

    source_url: str | None
    base: str | None
    items: list[ItemToImport]
    relative_links: int
    recovered: list[str]
    invalid: list[str]
    keep_placeholders = True
    """``[Title]()`` and ``[Title](#)``, a work whose link is still to be found, keep their item by its title (the URL
    ``""``, counted in ``placeholders``); :class:`~readinglist.importers._links.LinkFilter` turns it off, as HTML's
    ``href=""`` and ``href="#"`` are buttons and anchors."""
    placeholders = 0
    _resolved: dict[tuple[str, str], str | None] | None = None
    """Answers already given, by ``(href, text)``: a list repeats its links (a table's "code" column, a line of
    links), and an answer that noted nothing (no recovered, invalid or relative link) is the same every time."""

    def resolve(self, href: str, text: str = "") -> str | None:
        """The item URL for a link target, or ``None`` when the link is not an item (anchor, badge, infra,
        community or housekeeping link, a link into the repository's folders, a URL that cannot be recovered)."""
        memo = self._resolved
        if memo is None:
            memo = self._resolved = {}
        key = (href, text)
        if key in memo:
            return memo[key]
        noted = (len(self.recovered), len(self.invalid), self.relative_links, self.placeholders)
        url = self._resolve(href, text)
        if noted == (len(self.recovered), len(self.invalid), self.relative_links, self.placeholders):
            memo[key] = url
        return url

    def _resolve(self, href: str, text: str) -> str | None:
        href = href.strip()
        if href in ("", "#") and self.keep_placeholders and text.strip():
            self.placeholders += 1
            return ""  # kept by title: the parse drops URLs without "://" (see markdown._unlinked)
        if not href or href.startswith("#"):
            return None
        broken = _BROKEN_HREF.fullmatch(href)
        if broken:  # "[LLM]([https://github.com/simonw/llm)": the obvious URL inside stray brackets
            self.recovered.append(broken.group(1))
            href = broken.group(1)
        try:
            parts = web_parts(href)
        except ValueError:
            self.invalid.append(href)
            return None
        scheme = parts.scheme.lower()
        if scheme in ("mailto", "tel", "javascript", "data", "file"):
            return None
        if text and _HOUSEKEEPING_TEXT.fullmatch(collapse(text).strip(" .:!*🔗→»")):
            return None
        if (
            parts.fragment
            and not scheme
            and not parts.netloc
            and parts.path.strip("./").lower() in ("", "readme.md", "readme", "readme.markdown", "index.md")
        ):
            return None  # "./#section": this document's own table of contents
        host = (parts.hostname or "").lower() if scheme or href.startswith("//") else ""
        rule = _host_rule(host)
        if rule == _NOT_READING:
            return None
        segments = [s for s in parts.path.split("/") if s]
        if rule == _PROFILES and len(segments) <= 1:
            return None  # a person's profile, not something to read
        last = segments[-1].lower() if segments else ""
        if last in _INFRA_FILES:
            return None
        if parts.fragment and self.source_url and _same_document(href, self.source_url):
            return None
        if not scheme and not href.startswith("//"):
            if (
                "." not in last
                and not parts.query
                and (
                    # a root-relative "/srn/" is a site's page (a Jekyll permalink), not a repository folder
                    (not self.base and not href.startswith("/"))
                    or _generic(text)
                    or _ICON_TEXT.fullmatch(text.strip())
                    or collapse(text).strip("./ ") == parts.path.strip("./ ")
                    or re.search(r"\b(?:folder|directory|dir)\b|📁|📂", text, re.IGNORECASE)
                )
            ):
                return None  # "[papers/](papers/)", "📁 folder": the repository's folders, not a work
            if self.base:
                try:
                    href = urljoin(self.base, href)
                except ValueError:
                    self.invalid.append(href)
                    return None
            else:
                self.relative_links += 1
                return href
        elif scheme not in ("http", "https", "ftp", "") or (
            scheme in ("http", "https") and not host  # is_web_url(href): the same split, without its host
        ):
            self.invalid.append(href)
            return None
        if href.startswith("//"):
            href = "https:" + href
        if href.split() != [href]:  # any whitespace (str.isspace), in one C pass
            self.invalid.append(href)
            return None
        return href

    def warnings(self) -> list[str]:
        titles: dict[str, list[str]] = {}
        for item in self.items:
            if item.url:
                seen = titles.setdefault(item.url, [])
                if item.title not in seen:
                    seen.append(item.title)
        out = [
            f"{url} appears under {len(names)} different titles ({'; '.join(repr(n) for n in names)}); "
            "they are kept as separate entries"
            for url, names in titles.items()
            if len(names) > 1
        ]
        if getattr(self, "script_links", 0):
            out.append(f"{self.script_links} javascript:/data: link(s) skipped: they are not web pages to read")
        if getattr(self, "too_deep", False):
            out.append("parts of the list are nested too deeply (lists inside lists, about 50 levels) and were not read")
        if self.placeholders:
            out.append(
                f"{self.placeholders} link(s) without a target ([title]() or [title](#)): their items are kept by "
                "title without a link"
            )
        if self.relative_links:
            out.append(
                f"{self.relative_links} relative link(s) could not be resolved: their items are kept by title "
                "without a link; import from the list's URL or pass --base-url to resolve them"
            )
        if self.recovered:
            shown = ", ".join(self.recovered[:3]) + (" ..." if len(self.recovered) > 3 else "")
            out.append(f"{len(self.recovered)} broken link(s) recovered ({shown})")
        if self.invalid:
            shown = ", ".join(repr(h[:80]) for h in self.invalid[:3]) + (
                " ..." if len(self.invalid) > 3 else ""
            )
            out.append(f"{len(self.invalid)} invalid link(s) skipped ({shown})")
        return out


_READING, _NOT_READING, _PROFILES = range(3)


@functools.lru_cache(maxsize=4096)
def _host_rule(host: str) -> int:
    """What a link's host says, asked once per host: ``_NOT_READING`` for badges, chat rooms, donation pages and
    Creative Commons, ``_PROFILES`` for social hosts whose one-segment paths are people, else ``_READING``."""
    if _on(host, _BADGE_HOSTS) or _on(host, _COMMUNITY_HOSTS):
        return _NOT_READING
    if _on(host, _PROFILE_HOSTS):
        return _PROFILES
    if host.endswith("creativecommons.org"):
        return _NOT_READING
    return _READING


def _same_document(href: str, source_url: str) -> bool:
    """Whether ``href`` (with a ``#fragment``) points into the document at ``source_url`` itself."""
    try:
        target = urljoin(source_url, href)
        return (
            urlsplit(target)._replace(fragment="").geturl()
            == urlsplit(source_url)._replace(fragment="").geturl()
        )
    except ValueError:
        return False


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    """``host`` is one of ``hosts`` or a subdomain of one: its name, or what follows one of its dots, is listed."""
    if not host:
        return False
    entry = _host_sets.get(id(hosts))  # by identity: hashing the tuple would read every name on each call
    if entry is None or entry[0] is not hosts:
        entry = _host_sets[id(hosts)] = (hosts, frozenset(hosts))
    listed = entry[1]
    if host in listed:
        return True
    dot = host.find(".")
    while dot >= 0:
        if host[dot + 1 :] in listed:
            return True
        dot = host.find(".", dot + 1)
    return False


_host_sets: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
"""The hosts of each tuple :func:`_on` was given (module constants), as a set, by the tuple's ``id``."""


_RAW_GITHUB = re.compile(r"https?://raw\.githubusercontent\.com/([^/?#]+)/([^/?#]+)/([^?#]+)", re.IGNORECASE)


def _link_base(source_url: str | None) -> str | None:
    """What relative links resolve against: the list's URL, or for a raw GitHub file its ``github.com/.../blob``
    page, so that ``paper.pdf`` and ``coursepages/x/README.md`` open in a browser."""
    if not source_url:
        return None
    m = _RAW_GITHUB.match(source_url)
    if m:
        return f"https://github.com/{m.group(1)}/{m.group(2)}/blob/{m.group(3)}"
    return source_url
