"""The Markdown importer's vocabulary: checkboxes, generic link texts, skipped sections, tier markers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readinglist.types import Status

if TYPE_CHECKING:
    pass


CHECKBOXES: dict[str, Status] = {
    " ": Status.UNREAD,
    "x": Status.READ,
    "X": Status.READ,
    "/": Status.READING,
    "-": Status.SKIPPED,
}
"""Checkbox character -> status, as our exporter writes them (``[ ]``, ``[x]``, ``[/]``, ``[-]``)."""

NEW_MARKERS = ("✨", "🆕")

GENERIC_LINK_TEXTS = frozenset(
    (
        "link",
        "links",
        "paper",
        "pdf",
        "code",
        "arxiv",
        "github",
        "video",
        "slides",
        "website",
        "web",
        "project",
        "blog",
        "post",
        "here",
        "this",
        "url",
        "html",
        "source",
        "repo",
        "repository",
        "demo",
        "doi",
        "bib",
        "bibtex",
        "abs",
        "abstract",
        "openreview",
        "talk",
        "youtube",
        "notes",
        "book",
        "article",
        "site",
        "homepage",
        "official",
        "download",
        "read",
        "poster",
        "data",
        "dataset",
        "colab",
        "notebook",
        "tweet",
        "thread",
        "preprint",
        "page",
        "more",
        "course",
        "materials",
        "lecture",
        "playlist",
        "alt",
        "mirror",
        "chat",
        "discord",
        "alternative",
        "alternatives",
        "alternate",
        "alternative link",
        "online",
        "free online",
        "read online",
        "download online",
        "download pdf",
        "free pdf",
    )
)
"""Link texts that name the kind of link, not the resource: the title then comes from the text around it."""

CONTENTS_SECTIONS = frozenset(("contents", "table of contents", "table of content", "toc", "index"))
"""Skipped headings whose own text is a table of contents, while the headings nested under them are the list itself:
``## Contents`` then the TOC, then ``### Understanding`` with the papers (terryum/awesome-deep-learning-papers).
Only their own blocks are skipped, and they are no topic."""

SKIPPED_SECTIONS = frozenset(
    (
        "contents",
        "table of contents",
        "toc",
        "index",
        "contributing",
        "contribute",
        "how to contribute",
        "contribution guidelines",
        "contributors",
        "contribution",
        "license",
        "licence",
        "code of conduct",
        "sponsors",
        "backers",
        "acknowledgements",
        "acknowledgments",
        "star history",
        "footnotes",
        "table of content",
        "community",
        "faq",
        "faqs",
        "team",
        "our team",
        "the team",
        "authors",
        "maintainers",
        "contact",
        "contact us",
        "support",
        "support us",
        "join us",
    )
)
"""Headings whose items are list infrastructure, not reading (compared lower-case, without trailing colon)."""

_INFRA_FILES = frozenset(
    {
        "contributing.md",
        "contributing",
        "license",
        "license.md",
        "license.txt",
        "licence",
        "licence.md",
        "code_of_conduct.md",
        "code-of-conduct.md",
        "security.md",
        "faq.md",
        "help.md",
        "changelog.md",
    }
)
_COMMUNITY_HOSTS = (
    "discord.gg",
    "discord.com",
    "discordapp.com",
    "linkedin.com",
    "meetup.com",
    "t.me",
    "telegram.me",
    "gitter.im",
    "join.slack.com",
    "slack.com",
    "chat.whatsapp.com",
    "patreon.com",
    "buymeacoffee.com",
    "ko-fi.com",
    "opencollective.com",
    "liberapay.com",
)
"""Hosts of chat rooms, social networks and donation pages: joining a community is not reading."""
_PROFILE_HOSTS = ("twitter.com", "x.com", "mastodon.social", "instagram.com", "facebook.com", "weibo.com")
"""Social hosts whose one-segment paths (``twitter.com/karpathy``) are people, not reading; a status or post
deeper in the path can be."""
_HOUSEKEEPING_TEXT = re.compile(
    r"(?:join|follow|subscribe to|chat with|sponsor|donate to|talk to)\s+(?:us|our|the|me|him|her|them|on)\b.*|"
    r"(?:join|follow|subscribe)|faq|f\.a\.q\.?|contributors?|newsletter|mailing list|(?:the |our )?(?:team|maintainers|authors)|"
    r"(?:back to |go to )?top|table of contents|toc|edit this page",
    re.IGNORECASE,
)
"""Link texts of a list's housekeeping (``Join the Discord``, ``FAQ``, ``Contributors``, ``Back to top``)."""
_ICON_TEXT = re.compile(r"(?:\s*(?::[a-z0-9_+\-]+:|[^\w\s\x00-\x7f]))+\s*", re.IGNORECASE)
"""Link text made only of emoji shortcodes or symbols (``:scroll:``, ``📜``): an icon, not a title."""
_BROKEN_HREF = re.compile(
    r"(?:%5B|\[|%3C|<|%28|\(|%22|\"|')+(https?://[^\s\]>)\"']+)(?:%5D|\]|%3E|>|%29|\)|%22|\"|')*"
)
"""``[LLM]([https://github.com/simonw/llm)``: a link destination wrapped in stray brackets or quotes."""
_READING_CONTEXT = re.compile(
    r"\b(?:read|paper|book|reference|bibliograph|syllab|course|curricul|lecture|resource|literature|classic|"
    r"essential|must[- ]read|(?:non)?fiction|novel)|文献|阅读|论文|书|参考|读",
    re.IGNORECASE,
)
"""Words of a heading over a reading list: a list of bold titles without links under it is a reading order."""
_TITLE_COLUMN = re.compile(r"(?:paper|title|book|course|article|work|论文|书名|标题)s?", re.IGNORECASE)
"""Table headers naming the column of titles: a row without links is then an item titled by that cell."""
_BADGE_HOSTS = ("shields.io", "badge.fury.io", "badgen.net", "travis-ci.org", "travis-ci.com", "codecov.io")

_NUMBERED_TIER = re.compile(
    r"(?P<word>tier|level|stage|phase|part)\s*(?P<n>\d{1,3})(?P<plus>\+)?(?:\s*[:.\-–—)]\s*(?P<name>\S.*))?",
    re.IGNORECASE,
)
_WORD_TIER = re.compile(
    r"(?P<word>beginners?|basic|introductory|elementary|novice|intermediate|advanced|expert)"
    r"(?:[\s-]+(?:level|tier|track))?(?:\s*[:.\-–—]\s*(?P<name>\S.*))?",
    re.IGNORECASE,
)
_WORD_TIERS = {"intermediate": 2, "advanced": 3, "expert": 3}
_TIER_INITIALS = frozenset("tlspbiena")
"""The first letters of the words the two patterns above start with (an ASCII letter folds only to its other
case, so a text opening with any other ASCII character is no marker)."""

_CHECKBOX = re.compile(r"\s*\[([ xX/\-])\]\s+")
SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
"""A sentence's end: its stop, then a space or the end of the text (a title has none inside)."""
_SEQUENCE_CELL = re.compile(
    r"(?:(?:week|day|module|lesson|unit|chapter|part|session|lecture|class)\s*)?#?\d{1,4}[a-z]?\.?",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\x00(\d+)\x01")
# Unambiguous (no two adjacent ``\s*`` inside a repetition): "( [a](u) [b](u) ..." never closed backtracked
# exponentially (22 links: 2 s).
_WRAPPED_LINKS = re.compile(
    r"[\[(](\s*\x00\d+\x01(?:\s*(?:[,;/|·]\s*)?\x00\d+\x01)*\s*(?:[,;/|·]\s*)?)[\])]"
)
_LINK_LEFTOVER = re.compile(r"\s*(?:[,;/|·]\s*)?\x00\d+\x01")  # on collapsed text: spaces come one at a time
_RATED = re.compile(r"rated\s+(\d+)\s*/\s*5")
_DETAILS = re.compile(
    # a tag stops at the next "<" and a summary at the next summary tag, so unclosed ones are scanned once
    r"<details\b[^<>]*>|</details\s*>|<summary\b[^<>]*>(?P<summary>(?:[^<]|<(?!/?summary\b))*)</summary\s*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")  # stops at the next "<": a run of "<" is scanned once
_SAFE_URL = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*\Z")
_BARE_URL = re.compile(r"https?://[!-~]+")
"""A URL written out in plain text (GitHub links these): printable ASCII only, so CJK text right after it stops it."""
_URL_TAIL = ".,;:!?'\"*_"
_GENERIC_PREFIX = re.compile(
    r"^(?:(?:click|link|links|watch|read|view|open|see|go|full|the|to|on|at|for)\s+)+"
)
_SHORTCODE = re.compile(r"^(?::[a-z0-9_+\-]+:\s*)+")
_GENERIC_SUMMARY = re.compile(r"(?:click|toggle|show|expand|view|see|open|hide)\b", re.IGNORECASE)
_SELF_README = re.compile(
    r"https?://(?:www\.)?(?:github|gitlab)\.com/([^/?#]+/[^/?#]+?)(?:\.git)?"
    r"(?:/(?:-/)?(?:blob|tree)/[^/?#]+/readme(?:\.md|\.markdown)?)?/?(?:\?[^#]*)?#.+",
    re.IGNORECASE,
)
"""A link into a GitHub/GitLab README's own headings: what a list's table of contents written with absolute URLs
looks like."""
_TITLE_BREAKS = (("  ",), ("; ", "；", ". ", "。"), (" – ", " — ", " - "), (": ", "："))
"""Where a long text title is cut, best first: a run of spaces (a lost line break), a sentence end, a dash, a
colon; the earliest cut of the first kind found wins."""
LONG_TITLE = 120
"""A title taken from plain text (not from link text) longer than this is cut at its first sentence break."""
_LEAD_TRIM = " \t-–—:：|,;[](*_"
_DESC_TRIM = " \t-–—:|,;"


@dataclass(frozen=True)
class TierMarker:
    """A recognised tier marker: ``tier`` number, ``label`` (``None`` for plain ``Tier N``), trailing ``name``."""

    tier: int
    label: str | None
    name: str | None = None


def tier_marker(text: str) -> TierMarker | None:
    """Read ``"Tier 2"``, ``"Tier 4+"``, ``"Level 3"``, ``"Beginner"``, ``"Phase 1: Basics"``; else ``None``.

    The whole text must be the marker (optionally followed by ``:``/``-`` and a name): ``"Advanced topics"`` and
    ``"Week 3"`` are not tiers.
    """
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    if first.isascii() and first.lower() not in _TIER_INITIALS:
        return None  # no marker word starts so (most texts: asked of every paragraph)
    return _read_marker(text)


def _read_marker(text: str) -> TierMarker | None:
    """:func:`tier_marker` without its first look at the first letter."""
    text = " ".join(text.split()).strip().rstrip(":").strip()
    m = _NUMBERED_TIER.fullmatch(text)
    if m:
        tier = int(m.group("n"))
        marker = text[: m.start("name")].rstrip(" :.-–—)") if m.group("name") else text
        plain = m.group("word").lower() == "tier" and not m.group("plus") and marker == f"Tier {tier}"
        return TierMarker(tier, None if plain else marker, m.group("name"))
    m = _WORD_TIER.fullmatch(text)
    if m:
        tier = _WORD_TIERS.get(m.group("word").lower(), 1)
        marker = text[: m.start("name")].rstrip(" :.-–—") if m.group("name") else text
        return TierMarker(tier, marker, m.group("name"))
    return None


def collapse(text: str) -> str:
    """Whitespace runs to one space, ends stripped: how every imported text field is normalised."""
    return " ".join(text.split())
