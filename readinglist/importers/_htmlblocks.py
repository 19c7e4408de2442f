"""Where a link of a web page stands (see :mod:`readinglist.importers.html`): the block of text it sits in (a list
item, a paragraph, a table cell), the row that block belongs to, and the words of that block before and after it.

A block's text is cut at its links once, by one walk of the block, and kept for its other links: a paragraph of
2,000 links separated by ``<br>`` took 40 s when each link walked the whole block again.
"""

from __future__ import annotations

import re

from readinglist.importers._htmltree import _iter_elements, _Node, _text
from readinglist.importers._links import is_icon

SKIP_TAGS = frozenset(
    [
        "nav",
        "header",
        "footer",
        "aside",
        "script",
        "style",
        "form",
        "template",
        "svg",
        "button",
        "select",
        "noscript",
        "iframe",
        "object",
        "dialog",
    ]
)
"""Page furniture: never content, whatever it holds."""
EXTRA_LABELS = frozenset(
    {
        "video",
        "videos",
        "code",
        "slides",
        "pdf",
        "paper",
        "blog",
        "blog post",
        "github",
        "demo",
        "project page",
    }
    | {"arxiv", "talk", "lecture", "notebook", "colab", "repo", "transcript", "audio", "podcast", "summary"}
    | {"notes", "website", "视频", "代码", "论文", "幻灯片", "博客", "演示", "项目主页"}
    # where a course page's citation points: "Title. Venue 2024. <a>DOI</a>", "... <a>site</a>"
    | {"doi", "site", "web", "webpage", "web page", "homepage", "preprint", "html", "full text", "openreview"}
    | {"acm", "acm dl", "ieee", "ieee xplore", "jstor", "pubmed", "ssrn", "publisher", "abstract", "book"}
)
"""Link texts that label another link of the same work (``[code]``, ``(video)``), not a title."""
SEPARATORS = " \t\n-–—:：|·,;"
"""What separates a title from the words after it."""

_BLOCK_TEXT = frozenset(
    ["p", "li", "dd", "dt", "td", "th", "blockquote", "figcaption", "div", "section", "article", "main", "body"]
)
_LEFT_OUT_OF_RUNS = frozenset(["ul", "ol", "dl", "script", "style", "svg"]) | SKIP_TAGS
"""Elements whose text is no part of a block's text around its links: nested lists (items of their own), scripts and
page furniture."""
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|（\s*）")


def enclosing_block(node: _Node) -> _Node | None:
    """The nearest list item, paragraph, cell, or other block of text around ``node``."""
    cur = node.parent
    while cur is not None:
        if cur.tag in _BLOCK_TEXT:
            return cur
        cur = cur.parent
    return None


def row_of(block: _Node | None) -> _Node | None:
    """The row a link sits in: its list item or paragraph, or for a table cell the whole table row."""
    if block is None or block.tag not in ("td", "th"):
        return block
    cur = block.parent
    while cur is not None and cur.tag != "tr":
        if cur.tag == "table":
            return block
        cur = cur.parent
    return cur or block


def titled_link_after(row: _Node, link: _Node) -> bool:
    """Whether a link with a real title (not an icon, not empty) follows ``link`` in ``row``."""
    seen = False
    for node in _iter_elements(row):
        if node is link:
            seen = True
        elif seen and node.tag == "a" and node.attrs.get("href"):
            text = _text(node)
            if text and not is_icon(text):
                return True
    return False


class _BlockText:
    """A block's text cut at its links: ``runs[k]`` is the text before the block's k-th link (after the one before
    it) and ``runs[k + 1]`` the text after it; ``index`` maps each link to its ``k``.

    Nested lists, scripts and label links (``[code]``, ``(video)``) are left out, as they are items or extra links
    of their own; ``labels`` maps each label link to its run and the offset in it where it stands, for a block
    whose only link is a label (``<strong>Title</strong> (2015), Authors <a>[pdf]</a>``), and ``bold`` is the
    first ``<strong>``/``<b>`` of that text (see :meth:`BlockTexts.bold_lead`).
    """

    __slots__ = ("bold", "index", "labels", "runs")

    def __init__(self, block: _Node) -> None:
        runs: list[list[str]] = [[]]
        run_length = 0
        self.index: dict[_Node, int] = {}
        self.labels: dict[_Node, tuple[int, int]] = {}
        self.bold: _Node | None = None
        # pre-order over the block; a link, a label link and a left-out element are read (or skipped) whole
        pending: list[_Node | str] = block.children[::-1]
        while pending:
            cur = pending.pop()
            if isinstance(cur, str):
                runs[-1].append(cur)
                run_length += len(cur)
            elif cur.tag == "a":
                if _text(cur).lower().strip(" ()[]") in EXTRA_LABELS:
                    self.labels[cur] = (len(runs) - 1, run_length)
                else:
                    self.index[cur] = len(runs) - 1
                    runs.append([])
                    run_length = 0
            elif cur.tag not in _LEFT_OUT_OF_RUNS:
                if self.bold is None and cur.tag in ("strong", "b"):
                    self.bold = cur
                pending.extend(reversed(cur.children))
        self.runs = ["".join(run) for run in runs]


class BlockTexts:
    """The text around each link of a page, each block cut at its links once (see :class:`_BlockText`)."""

    def __init__(self) -> None:
        self._blocks: dict[_Node, _BlockText] = {}

    def _of(self, block: _Node) -> _BlockText:
        found = self._blocks.get(block)
        if found is None:
            found = self._blocks[block] = _BlockText(block)
        return found

    def around(self, block: _Node, link: _Node) -> tuple[str, str]:
        """The block's text before ``link`` (since the link before it) and after it (up to the next link), nested
        lists left out (they are items of their own)."""
        cut = self._of(block)
        k = cut.index.get(link)
        if k is not None:
            return _squash(cut.runs[k]), _squash(cut.runs[k + 1])
        if link in cut.labels:  # a label link: the text of its run on either side of it
            k, at = cut.labels[link]
            return _squash(cut.runs[k][:at]), _squash(cut.runs[k][at:])
        return "", ""  # pragma: no cover - the link is always one of its block's

    def bold_lead(self, block: _Node, text: str) -> str | None:
        """The text of the block's first ``<strong>``/``<b>`` when ``text`` (the block's words before its link)
        starts with it and goes on: the title of a ``<b>Title</b> (2015), Authors [pdf]`` line."""
        first = self._of(block).bold
        bold = " ".join(_text(first).split()).strip(SEPARATORS) if first is not None else ""
        return bold if bold and len(bold) < len(text) and text.startswith(bold) else None


def _squash(text: str) -> str:
    """Whitespace collapsed, and brackets emptied by leaving out label links (``(video)``) dropped."""
    if "(" in text or "[" in text or "（" in text:
        text = _EMPTY_BRACKETS.sub(" ", text)
    return " ".join(text.split())
