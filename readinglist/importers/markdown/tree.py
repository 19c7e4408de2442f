"""The light syntax tree the walker reads: ``type``, ``tag``, ``attrs``, ``content`` and ``children``, with
markdown-it's node types (``"root"``, ``"heading"``, ``"paragraph"``, ``"inline"``, ``"link"`` ...). It is built from
pulldown-cmark's events by :mod:`readinglist.importers.markdown.events`.
"""

from __future__ import annotations

from typing import Any


class Node:
    __slots__ = ("type", "tag", "attrs", "content", "children")

    def __init__(
        self,
        type: str,
        tag: str = "",
        attrs: dict[str, Any] | None = None,
        content: str = "",
        children: list[Node] | None = None,
    ) -> None:
        self.type = type
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.content = content
        self.children: list[Node] = children if children is not None else []

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.type!r}, children={len(self.children)})"
