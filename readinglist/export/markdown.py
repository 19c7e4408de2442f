"""The Markdown checklist writer: a list with the reader's progress, readable on GitHub and importable again.

Layout (``readinglist.importers.markdown`` reads every part of it back):

* ``# {title}``, then one line ``Source: … · revision … · date`` (a paragraph; its links are not items).
* The section tree as headings, depth = path length + 1 (Elicit's groups are ``##``, its topics ``###``). Sections
  come in the order they are first mentioned, parents before children, each section's own entries before its
  sub-sections (Markdown cannot return to a parent after a sub-heading); paths deeper than five write ``######``.
* In each section the untiered entries first, then the tiered ones in their order, each run of one tier under a
  ``**Tier N**`` paragraph (the entry's ``tier_label`` when the importer reads it back as the same tier, e.g.
  ``**Tier 4+**``, ``**Beginner**``; any other label is written ``**Tier N: label**``).
* One line per entry::

      - [x] ✨ [Title](url) ([video](url2)) (note) — *rated 4/5* — *note:* the reader's note
        Description, on a continuation line.

  ``[ ]`` unread, ``[x]`` read, ``[/]`` reading, ``[-]`` skipped; ``✨`` = new; an entry without URL is written
  ``**Title**``. The rating and the reader's note are emphasised markers, so text that looks like them inside a
  title or note (escaped below) is never mistaken for them; the reader's note runs to the end of the line.
* Only http(s) links are written as links (:func:`readinglist.safety.clickable_url`: ``doi:``/``arxiv:`` ids
  become their https address; ``javascript:``, ``data:`` and the like are left out), so neither a stored link nor
  a title can make a clickable script.
* Text is whitespace-collapsed and Markdown-escaped (``\\ ` * _ [ ] < & ~ #``, plus the first character of a
  line), URLs with spaces or parentheses go in ``<…>``.
* Retired entries are skipped unless ``include_retired=True``, which writes them under a final ``## Retired``
  heading (that section then imports as an ordinary topic). Known limits: a section literally named like a tier
  marker ("Beginner") or like list infrastructure ("License", "Contents") does not come back as a topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.importers.markdown import TierMarker, tier_marker
from readinglist.safety import clickable_url
from readinglist.types import Entry, ListInfo, Status

BOXES: dict[Status, str] = {
    Status.UNREAD: " ",
    Status.READ: "x",
    Status.READING: "/",
    Status.SKIPPED: "-",
}
"""Status -> checkbox character; the importer maps them back."""

_SPECIAL = re.compile(r"([\\`*_\[\]<&~#])")
_LINE_START = re.compile(r"^(\d*)([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Collapse whitespace and backslash-escape what Markdown would read as markup inside a line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def escape_line(text: str) -> str:
    """:func:`escape`, also for text that starts a line (``- x``, ``1. x``, ``> x``, ``===`` stay text)."""
    text = " ".join(text.split())
    m = _LINE_START.match(text)
    if m is None:
        return escape(text)
    return f"{m.group(1)}\\{m.group(2)}" + _SPECIAL.sub(r"\\\1", text[m.end() :])


def destination(url: str) -> str:
    """A link destination that survives Markdown: bare when safe, else in angle brackets."""
    url = url.strip().replace("\\", "%5C")
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A") + ">"
    return url


def tier_heading(tier: int, label: str | None) -> str:
    """The text of a tier marker paragraph that the importer reads back as ``tier``."""
    if label is None:
        return f"Tier {tier}"
    marker = tier_marker(label)
    if marker == TierMarker(tier, label) or (marker is not None and marker.tier == tier and marker.name):
        return label  # "Tier 1 — Core 5", "Part 2: Models": a bold marker with a name reads back whole
    return f"Tier {tier}: {label}"


def entry_line(entry: Entry) -> str:
    """One checklist line (plus a continuation line for the description)."""
    parts = [f"- [{BOXES.get(entry.status, ' ')}] "]
    if entry.new:
        parts.append("✨ ")
    title = escape(entry.title) or escape(entry.url or "") or "untitled"
    href = clickable_url(entry.url)
    if href:
        parts.append(f"[{title}]({destination(href)})")
    else:  # no link, or one that must not be clickable (javascript:, data:... stored before issue 10)
        parts.append(f"**{title}**")
    for link in entry.links:
        link_href = clickable_url(link.url)
        if link_href:
            parts.append(f" ([{escape(link.title) or 'link'}]({destination(link_href)}))")
    if entry.note and entry.note.strip():
        parts.append(f" ({escape(entry.note)})")
    if entry.rating is not None:
        parts.append(f" — *rated {entry.rating}/5*")
    if entry.progress_note and entry.progress_note.strip():
        parts.append(f" — *note:* {escape(entry.progress_note)}")
    line = "".join(parts)
    if entry.description and entry.description.strip():
        line += "\n  " + escape_line(entry.description)
    return line


def _header(info: ListInfo) -> str | None:
    parts = []
    if info.source:
        source = info.source.strip()
        shown = f"<{source}>" if re.match(r"https?://\S+$", source) and ">" not in source else escape(source)
        parts.append(f"Source: {shown}")
    if info.revision:
        parts.append(f"revision {escape(info.revision)}")
    date = info.source_date or (info.imported_at.date().isoformat() if info.imported_at else None)
    if date:
        parts.append(escape(date))
    return " · ".join(parts) or None


def export(info: ListInfo, entries: Sequence[Entry], *, include_retired: bool = False) -> str:
    """Write ``entries`` (sorted by position) of the list ``info`` as a Markdown checklist; see the module doc."""
    lines = [f"# {escape(info.title or info.name) or 'Reading list'}", ""]
    header = _header(info)
    if header:
        lines += [header, ""]
    current = [e for e in entries if not e.retired]
    lines += _tree(current, ())
    retired = [e for e in entries if e.retired]
    if include_retired and retired:
        lines += ["## Retired", ""]
        lines += [entry_line(e) for e in retired]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _tree(entries: Sequence[Entry], root: tuple[str, ...]) -> list[str]:
    """Headings and items for every section, in first-mention order, each section's own entries first."""
    own: dict[tuple[str, ...], list[Entry]] = {}
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for entry in entries:
        path = tuple(entry.section)
        for depth in range(len(path) + 1):
            node = path[:depth]
            if node not in own:
                own[node] = []
                if depth:
                    children.setdefault(path[: depth - 1], []).append(node)
        own[path].append(entry)
    out: list[str] = []

    def emit(path: tuple[str, ...]) -> None:
        if path:
            out.extend([f"{'#' * min(len(path) + 1, 6)} {escape(path[-1]) or 'Untitled'}", ""])
        rows = own.get(path, [])
        untiered = [e for e in rows if e.tier is None]
        if untiered:
            out.extend(entry_line(e) for e in untiered)
            out.append("")
        previous: tuple[int, str | None] | None = None
        for entry in (e for e in rows if e.tier is not None):
            key = (entry.tier, entry.tier_label)
            if key != previous:
                if previous is not None:
                    out.append("")
                out.extend([f"**{escape(tier_heading(entry.tier, entry.tier_label))}**", ""])
                previous = key
            out.append(entry_line(entry))
        if previous is not None:
            out.append("")
        for child in children.get(path, []):
            emit(child)

    if entries:
        emit(root)
    return out
