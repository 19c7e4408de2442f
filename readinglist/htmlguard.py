"""Keep the standard library's HTML parser linear on hostile markup.

:class:`html.parser.HTMLParser` rescans to the end of the text from every ``<`` that starts a tag it cannot close
(``<a <a <a ...`` with no ``>``): 50 KB of that took 44 s. A page is untrusted (a list, or a page fetched to read
its metadata), so before parsing, a ``<`` whose tag could never end (another ``<`` comes before any ``>``, or no
``>`` follows at all) is written as ``&lt;``: it is text either way, and every tag left ends before the next one
begins, so the parser's scans add up to the length of the page. Comments are skipped whole. Ordinary pages have at
most a few such ``<`` (a stray ``a < b`` in prose); they are left exactly as they are.
"""

from __future__ import annotations

import re

VOID_ELEMENTS = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "frame",
        "basefont",
        "isindex",
    )
)
"""Elements that never have content or an end tag (HTML's void elements, the last four obsolete): every reader of
pages built on :class:`html.parser.HTMLParser` closes them at once."""

STRAYS_ALLOWED = 64
"""Unclosable ``<`` a page may have before they are escaped (each costs the parser one scan of the page)."""
RESCANS_ALLOWED = 500_000
"""Characters the parser may rescan after the unclosable ``<`` beyond twice the page's length (each costs a scan of
the page from there to its end, ~0.2 s per MB): 60 of them spread over 1 MB, under :data:`STRAYS_ALLOWED`, took 5 s
left as they were."""


def tame(text: str, allowed: int = STRAYS_ALLOWED) -> str:
    """``text`` with each unclosable ``<`` as ``&lt;`` when there are more than ``allowed`` of them or the text
    after them adds up to more than :data:`RESCANS_ALLOWED` beyond twice the page's length; else as is."""
    candidates = text.count("<")
    if candidates <= allowed and candidates * len(text) <= 2 * len(text) + RESCANS_ALLOWED:
        return text  # not even that many "<" at all, nor text enough after them to matter
    strays = _unclosable(text)
    if len(strays) <= allowed and len(text) * len(strays) - sum(strays) <= 2 * len(text) + RESCANS_ALLOWED:
        return text
    out, last = [], 0
    for at in strays:
        out.append(text[last:at])
        out.append("&lt;")
        last = at + 1
    out.append(text[last:])
    return "".join(out)


_COMMENT_END = re.compile(r"--\s*>")  # as html.parser closes a comment
_SECTION_END = re.compile(r"]\s*]\s*>")  # as html.parser closes a marked section (<![CDATA[ ... ]]>)


_CANDIDATE = re.compile(r"<(?=(!--)|(!\[)|[^<>]*(?:<|\Z))")
"""A ``<`` that opens a comment (group 1) or a marked section (group 2), or whose tag could never end: another ``<``
comes before any ``>``, or no ``>`` follows. Every other ``<`` is fine, and passed over by the search at C speed."""


def _unclosable(text: str) -> list[int]:
    """Positions of the ``<`` whose markup can never end: a tag whose next ``>`` does not come before the next
    ``<`` (or never comes), a comment or ``<![CDATA[`` section never closed. Comments and sections that do close
    are skipped whole. One pass: each search starts where the last one stopped or is answered from the last end."""
    found: list[int] = []
    ends = {1: (_COMMENT_END, _last_start(_COMMENT_END, text), 4), 2: (_SECTION_END, _last_start(_SECTION_END, text), 3)}
    pos = 0
    while pos >= 0:
        for candidate in _CANDIDATE.finditer(text, pos):
            at = candidate.start()
            opener = candidate.lastindex
            if opener is not None:
                closer, last, length = ends[opener]
                if last >= at + length:  # it closes: read on after its end
                    end = closer.search(text, at + length)
                    assert end is not None
                    pos = end.end()
                    break
                # never closed: the parser gives up on it and reads what follows as markup, so do we
            found.append(at)
        else:
            pos = -1
    return found


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` starts (-1 when none)."""
    last = -1
    for m in pattern.finditer(text):
        last = m.start()
    return last
