"""Raw HTML in a Markdown list (mixed into the walker): ``<h1>``..``<h6>`` headings and the generic links of an
HTML card under a heading; ``<details>``/``<summary>`` groups stay with the walker (``html_groups``)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from readinglist.importers.markdown.inline import _generic, _Heading
from readinglist.importers.markdown.rules import _TAG, TierMarker, collapse
from readinglist.types import ItemToImport, Link

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node


class _RawHtmlRules:
    """``html`` and ``html_heading_link``; the walker provides the rest."""

    items: list[ItemToImport]
    items_at_heading: int
    headings: list[_Heading]

    if TYPE_CHECKING:  # provided by the walker

        def blocks(self, nodes: Iterable[Node]) -> None: ...
        def html_groups(self, content: str) -> None: ...
        def skipping(self) -> bool: ...
        def tier(self) -> TierMarker | None: ...
        def section(self, extra: Sequence[str] = (), *, without_last_heading: bool = False) -> tuple[str, ...]: ...
        def resolve(self, href: str, text: str = "") -> str | None: ...
        def heading_work(self, url: str, words: str, links: list[Link]) -> None: ...

    def html(self, content: str) -> None:
        """Raw HTML: ``<h1>``..``<h6>`` headings (the title and topics of lists laid out in HTML), and
        ``<details>``/``<summary>`` groups and tiers, in document order."""
        if "<h" in content or "<H" in content:
            at = 0
            for m in _HTML_HEADING.finditer(content):
                self.html_groups(content[at : m.start()])
                at = m.end()
                text = collapse(html.unescape(_TAG.sub("", m.group(2))))
                if text:
                    from readinglist.importers.markdown.events import build

                    self.blocks(build("#" * int(m.group(1)) + " " + _MD_SPECIAL.sub(r"\\\g<0>", text)).root.children)
            content = content[at:]
        self.html_groups(content)
        if "<a" in content or "<A" in content:
            self.html_heading_link(content)

    def html_heading_link(self, content: str) -> None:
        """``### Book title`` over an HTML block (a card: cover, ``<strong>Author:</strong> ...``) whose only links
        are generic (``<a href="...">Link</a>``, ``Wiki Link``): the heading names the item, as
        :meth:`heading_link` reads it over a Markdown line; the block's words describe it. Other raw-HTML links
        stay unread (badges, navigation)."""
        if (
            len(self.items) != self.items_at_heading
            or not self.headings
            or not self.headings[-1].topic
            or self.skipping()
        ):
            return
        found = []
        for m in _HTML_ANCHOR.finditer(content):
            text = collapse(html.unescape(_TAG.sub("", m.group(3))))
            if not text:
                continue  # an image link (a cover): no link of the work
            if not (_generic(text) or text.lower().endswith(" link")):
                return
            found.append((text, html.unescape(m.group(2))))
        anchors = [(text, url) for text, href in found if (url := self.resolve(href, text)) is not None]
        if not anchors:
            return
        words = collapse(html.unescape(_TAG.sub(" ", _HTML_ANCHOR.sub(" ", content))))
        self.heading_work(anchors[0][1], words[:500], [Link(t, u) for t, u in anchors[1:]])


_HTML_ANCHOR = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*([\"'])([^\"'<>]*)\1[^<>]*>((?:[^<]|<(?!/?a\b))*)</a\s*>", re.IGNORECASE
)
"""``<a href="url" target="_blank">Link</a>``: the text stops at the next anchor tag, so unclosed ones scan once."""
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>((?:[^<]|<(?!/?h[1-6]\b))*)</h\1\s*>", re.IGNORECASE)
"""``<h2 align="center">Topic</h2>``: stops at the next heading tag, so unclosed ones are scanned once."""
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#!|~]")
