"""Lines that open more containers than the tree keeps (``>>>>...``, ``- - - ...``) cut down before the parse
(see :func:`cap_nesting`); :data:`MAX_LEVEL` is the deepest level the tree keeps
(:mod:`readinglist.importers.markdown.events`)."""

from __future__ import annotations

import re

MAX_LEVEL = 99
"""The deepest block level kept (the root's children are level 0; a list level takes two): markdown-it's
``maxNesting`` of 100 stopped at the same depth."""

_MARKER = r"(?:>|[-+*](?= )|1[.)](?= ))"
"""A container marker that starts a container wherever it stands: a block quote, a bullet or ``1.`` followed by
content (an ordered list starting at another number cannot interrupt a paragraph, so it may be text)."""
_DEEP_LINE = re.compile(rf"^[ ]{{0,3}}{_MARKER}(?:[ ]{{0,4}}{_MARKER}){{{MAX_LEVEL + 1}}}[^\n]*", re.MULTILINE)
"""A line opening more than :data:`MAX_LEVEL` + 1 containers. The spaces after a marker are read by the next one
(at most four: five start indented code), so a run of markers reads one way and a line that falls short fails at
once."""
_KEPT = re.compile(rf"[ ]{{0,3}}{_MARKER}(?:[ ]{{0,4}}{_MARKER}){{{MAX_LEVEL - 1}}}")
_MORE = re.compile(rf"(?:[ ]{{0,4}}{_MARKER})*")
def cap_nesting(text: str) -> str:
    """``text`` with the container markers past :data:`MAX_LEVEL` + 1 on one line (block quotes and lists opened
    at once: ``>>>>...``, ``- - - ...``) taken out, the line's content kept.

    What lies below the limit is left out as too deep whatever it says, and the containers past it only cost time:
    pulldown-cmark hands over two events per container (1,000,000 ``>`` on one line took 1.4 CPU s). The first
    :data:`MAX_LEVEL` + 1 markers are kept (the last as a ``>``: a line of dashes must not become a thematic break),
    so the tree is the same down to the limit and what lies below is still reported as too deep; the content is
    kept, so the next line reads as before (a paragraph there takes lazy continuation lines, an empty item or a
    fence does not). A line ending in what may be a thematic break (``- > * * * ...``) stays as it is.
    """
    if _DEEP_LINE.search(text) is None:
        return text
    return _DEEP_LINE.sub(_capped, text)


def _capped(m: re.Match[str]) -> str:
    line = m.group(0)
    kept = _KEPT.match(line)
    assert kept is not None  # the line starts with more markers than that
    if _break_tail(line):
        return line  # it may end in a thematic break at any depth, which takes no lazy continuation: read as written
    more = _MORE.match(line, kept.end())
    assert more is not None  # matches the empty string at least
    return line[: kept.end()] + " >" + line[more.end() :]


def _break_tail(line: str) -> bool:
    """Whether ``line`` ends in three or more of one of ``-`` and ``*`` and spaces (a thematic break if a container
    starts there; it takes precedence over a list item). Read from the end with ``rstrip``: a regex searched from
    every ``-`` of a line of a million would be quadratic."""
    end = line.rstrip(" \t")
    mark = end[-1:]
    if mark not in ("-", "*"):
        return False
    return end[len(end.rstrip(mark + " \t")) :].count(mark) >= 3
