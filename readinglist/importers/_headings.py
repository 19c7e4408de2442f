"""A heading that names one work, over the line that links it (``### 📄 Paper: **Title** – Authors`` then
``→ [Link](url)``): its kind, its title and the words that describe it. Shared by the Markdown and document
importers, which each decide when a heading names the item under it."""

from __future__ import annotations

import re

from readinglist.kinds import Kind, kind_from_tag, split_kind_tag

_KIND_LABEL = re.compile(r"^\W*(\w+)\s*[:：]\s+")
"""A leading kind label, after any emoji: ``📄 Paper: ``, ``Book: ``."""
_WORD = re.compile(r"\w")


def named_work(text: str, emphasis: str = "") -> tuple[Kind | None, str, str | None]:
    """``(kind, title, description)`` of the work a heading names.

    A kind label (``Paper:``, ``Book:``, ``[Video]``) gives the kind and is no part of the title. ``emphasis``, the
    heading's first bold or italic text, is the title when nothing but decoration comes before it; the words after
    it (``– Pedro Domingos``) describe the work. Otherwise the whole heading is the title.
    """
    text = " ".join(text.split())
    label = _KIND_LABEL.match(text)
    kind = kind_from_tag(label.group(1)) if label is not None else None
    if label is not None and kind is not None:
        text = text[label.end() :]
    else:
        kind, text = split_kind_tag(text)
    bold = " ".join(emphasis.split())
    if bold and bold in text and len(bold) < len(text):
        before, _, after = text.partition(bold)
        if not _WORD.search(before):
            return kind, bold, after.strip(" –—-:,;") or None
    return kind, text, None
