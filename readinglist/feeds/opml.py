"""OPML subscription lists: read them (safely) into :class:`Subscription` s and write them back.

Folders (outlines without ``xmlUrl`` that contain feeds) become a path of titles, which the library turns into
topics. Parsing goes through defusedxml: DTDs, entity expansion ("billion laughs") and external entities are
refused before any expansion happens, so a hostile file fails fast with :class:`ImportFormatError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from readinglist.exceptions import ImportFormatError

FORMAT = "opml"


@dataclass(frozen=True)
class Subscription:
    """One feed in an OPML file: its feed URL, title, web page, and the folders it sits in (outermost first)."""

    url: str
    title: str | None = None
    html_url: str | None = None
    folder: tuple[str, ...] = ()


def _attr(element: ET.Element, name: str) -> str | None:
    """An attribute by name, case-insensitively (``xmlUrl``, ``xmlurl``, ``XMLURL`` all occur in the wild)."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if key.lower() == wanted:
            value = " ".join(value.split())
            return value or None
    return None


def _is_feed_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https", "feed") and bool(parts.netloc)


def _parse_xml(data: bytes, source: str | None) -> ET.Element:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    name = source or "the OPML file"
    if not data or not data.strip():
        raise ImportFormatError(f"{name} is empty", format=FORMAT, source=source)
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFormatError(
            f"{name} declares a DTD or entities, which OPML never needs; refused for safety "
            "(remove the <!DOCTYPE> block)",
            format=FORMAT,
            source=source,
        ) from exc
    except ET.ParseError as exc:
        raise ImportFormatError(
            f"{name} is not well-formed XML ({' '.join(str(exc).split())}); is it really OPML?",
            format=FORMAT,
            source=source,
        ) from exc
    except (ValueError, UnicodeError) as exc:
        raise ImportFormatError(
            f"{name} could not be decoded as XML text", format=FORMAT, source=source
        ) from exc


def read_opml(data: bytes, *, source: str | None = None) -> list[Subscription]:
    """Every feed subscription in ``data``, in document order; the first occurrence of a feed URL wins.

    Outlines with ``xmlUrl`` are feeds (their children, rare, are read too); outlines without one are folders.
    ``feed://`` URLs become ``https://``. Raises :class:`ImportFormatError` for non-XML, non-OPML, or XML with a
    DTD/entities. An OPML with no feeds gives ``[]``.
    """
    root = _parse_xml(data, source)
    name = source or "the OPML file"
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise ImportFormatError(
            f"{name} is XML but not OPML (root element <{root.tag}>)", format=FORMAT, source=source
        )
    body = next((child for child in root if child.tag.rsplit("}", 1)[-1].lower() == "body"), None)
    if body is None:
        return []
    result: list[Subscription] = []
    seen: set[str] = set()

    def walk(element: ET.Element, folder: tuple[str, ...]) -> None:
        for outline in element:
            if outline.tag.rsplit("}", 1)[-1].lower() != "outline":
                continue
            title = _attr(outline, "title") or _attr(outline, "text")
            url = _attr(outline, "xmlUrl")
            if url and _is_feed_url(url):
                if url.lower().startswith("feed://"):
                    url = "https://" + url[len("feed://") :]
                if url not in seen:
                    seen.add(url)
                    result.append(Subscription(url, title, _attr(outline, "htmlUrl"), folder))
                walk(outline, folder)
            else:
                walk(outline, (*folder, title) if title else folder)

    walk(body, ())
    return result


def write_opml(subscriptions: Iterable[Subscription], title: str = "readinglist subscriptions") -> str:
    """An OPML 2.0 document for ``subscriptions``, folders nested as outlines, in the order given."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}

    def folder_element(path: tuple[str, ...]) -> ET.Element:
        if path not in folders:
            parent = folder_element(path[:-1])
            folders[path] = ET.SubElement(parent, "outline", text=path[-1], title=path[-1])
        return folders[path]

    for sub in subscriptions:
        attrs = {"type": "rss", "text": sub.title or sub.url}
        if sub.title:
            attrs["title"] = sub.title
        attrs["xmlUrl"] = sub.url
        if sub.html_url:
            attrs["htmlUrl"] = sub.html_url
        ET.SubElement(folder_element(tuple(sub.folder)), "outline", attrs)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
