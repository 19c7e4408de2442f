"""XBEL bookmark files (the XML Bookmark Exchange Language of Floccus, Falkon, Konqueror and GNOME).

``<xbel>`` holds ``<folder>`` elements (each named by its ``<title>``) and ``<bookmark href="...">`` elements (their
own ``<title>`` and an optional ``<desc>``). A folder path is the item's topic path; a bookmark is an item, in file
order, its description its ``<desc>``. Aliases and separators are skipped; links that are not web pages
(``javascript:``, ``place:``, ``file:``) are left out, counted in a warning. Parsed with :mod:`defusedxml`: entity
expansion and external entities are refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from readinglist.exceptions import ImportFormatError
from readinglist.importers._text import decode
from readinglist.kinds import infer_kind
from readinglist.types import ItemToImport, ListToImport
from readinglist.urls import is_web_url

NAME = "xbel"
EXTENSIONS = (".xbel",)

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
MAX_DEPTH = 100
"""Folders nested deeper than this refuse the file (a real bookmark tree is a few levels deep)."""


def sniff(text: str) -> int:
    """95 when an ``<xbel`` element (or its DOCTYPE) opens the document."""
    return 95 if "<xbel" in text[:4096].lower() or "<!doctype xbel" in text[:4096].lower() else 0


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read an XBEL file into a :class:`ListToImport` (see the module docstring).

    Raises :class:`ImportFormatError` for XML that is not well formed, declares entities, or holds no web bookmark.
    """
    text = decode(data, format=NAME, source=source_url)
    root = _root(data, text, source_url)
    if _local(root.tag) != "xbel":
        raise ImportFormatError(f"{source_url or 'input'} is XML but not XBEL (no <xbel> root)", format=NAME)
    walker = _Walker()
    walker.walk(root, (), 0)
    if not walker.items:
        raise ImportFormatError(f"{source_url or 'input'} is an XBEL file without web bookmarks", format=NAME)
    warnings = (
        (
            f"{walker.skipped} bookmark(s) that are not web links (bookmarklets, place: queries, files) left out",
        )
        if walker.skipped
        else ()
    )
    return ListToImport(
        items=tuple(walker.items),
        title=_title(root) or None,
        source_url=source_url,
        format=NAME,
        sections=tuple(walker.sections),
        warnings=warnings,
    )


def _root(data: bytes, text: str, source_url: str | None) -> ET.Element:
    """Parse with defusedxml: the bytes first (their XML declaration names the encoding), then the decoded text."""
    try:
        try:
            return SafeET.fromstring(data)
        except ET.ParseError:
            return SafeET.fromstring(_XML_DECL.sub("", text, count=1).encode("utf-8"))
    except defusedxml.DefusedXmlException as exc:
        raise ImportFormatError(
            f"XBEL refused: it declares entities or external references ({type(exc).__name__})", format=NAME
        ) from exc
    except ET.ParseError as exc:
        raise ImportFormatError(
            f"{source_url or 'input'} is not well-formed XBEL/XML: {exc}", format=NAME
        ) from exc


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _title(element: ET.Element) -> str:
    """The text of an element's own ``<title>`` child, whitespace-collapsed."""
    for child in element:
        if _local(child.tag) == "title":
            return " ".join("".join(child.itertext()).split())
    return ""


def _desc(element: ET.Element) -> str | None:
    for child in element:
        if _local(child.tag) == "desc":
            return " ".join("".join(child.itertext()).split()) or None
    return None


class _Walker:
    def __init__(self) -> None:
        self.items: list[ItemToImport] = []
        self.sections: list[tuple[str, ...]] = []
        self.skipped = 0

    def walk(self, parent: ET.Element, path: tuple[str, ...], depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ImportFormatError(f"XBEL folders nest more than {MAX_DEPTH} deep", format=NAME)
        for child in parent:
            kind = _local(child.tag)
            if kind == "folder":
                name = _title(child)
                inner = (*path, name) if name else path
                if name and inner not in self.sections:
                    self.sections.append(inner)
                self.walk(child, inner, depth + 1)
            elif kind == "bookmark":
                self.bookmark(child, path)

    def bookmark(self, element: ET.Element, path: tuple[str, ...]) -> None:
        href = (element.get("href") or "").strip()
        if not is_web_url(href):
            self.skipped += 1
            return
        title = _title(element)
        self.items.append(
            ItemToImport(
                title=title or href,
                url=href,
                section=path,
                description=_desc(element),
                kind=infer_kind(href, title),
            )
        )
