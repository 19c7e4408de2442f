"""The project's own list format: lossless, documented in ``docs/FORMAT.md``, the same schema in JSON and TOML.

A document is a dict with ``format = "readinglist"`` and ``format_version = 1``, the list's metadata, a
``source`` table, root-level ``items`` and a tree of ``sections`` (each with a ``title``, optional ``items`` and
optional nested ``sections``). Keys whose value is None, empty or false are left out, so files stay short and TOML
(which has no null) needs no special value. Items are stored grouped by section: the order inside each section is
the reading order; root items come first, then the sections depth-first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from collections.abc import Collection, Mapping
from typing import Any

from readinglist.exceptions import ImportFormatError, InvalidArgumentError
from readinglist.importers._text import decode
from readinglist.types import ItemToImport, Kind, Link, ListToImport, Status

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAME = "readinglist"
EXTENSIONS = (".json", ".toml")

FORMAT_VERSION = 1
"""The schema version this code writes and reads; a file with a higher number was written by a newer release."""

# [ \t] rather than \s: with MULTILINE, \s* would rescan every following blank line from each line start.
_TOML_MARK = re.compile(r"""^[ \t]*format[ \t]*=[ \t]*["']readinglist["'][ \t]*(#.*)?$""", re.MULTILINE)
_JSON_MARK = re.compile(r""""format"\s*:\s*"readinglist\"""")


def sniff(text: str) -> int:
    """95 for a document that declares ``format = "readinglist"``; a little for JSON that looks like one."""
    head = text[:65536]
    stripped = head.lstrip()
    if stripped.startswith("{"):
        if _JSON_MARK.search(head):
            return 95
        return 10 if '"sections"' in head or '"items"' in head else 0
    if _TOML_MARK.search(head):
        return 95
    return 0


# --- writing ---------------------------------------------------------------------------------------------


def _put(doc: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless the value is None, empty or false (so TOML needs no null and files stay short)."""
    if value is None or value is False or (isinstance(value, (str, list, tuple, dict)) and not value):
        return
    doc[key] = value


def _item_document(item: ItemToImport, *, retired: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    _put(doc, "title", item.title)
    _put(doc, "url", item.url)
    _put(doc, "tier", item.tier)
    _put(doc, "tier_label", item.tier_label)
    _put(doc, "note", item.note)
    _put(doc, "description", item.description)
    _put(doc, "links", [{"title": link.title, "url": link.url} for link in item.links])
    _put(doc, "new", item.new)
    _put(doc, "kind", item.kind.value if item.kind is not None else None)
    _put(doc, "author", item.author)
    _put(doc, "published", item.published)
    _put(doc, "status", item.status.value if item.status is not None else None)
    _put(doc, "rating", item.rating)
    _put(doc, "progress_note", item.progress_note)
    _put(doc, "retired", retired)
    return doc


def to_document(
    lst: ListToImport,
    *,
    retired: Collection[int] = (),
    retrieved: str | None = None,
) -> dict[str, Any]:
    """The document (plain dicts and lists) for ``lst``, ready for ``json`` or ``tomli_w``.

    ``retired`` holds indexes into ``lst.items`` to flag ``retired = true`` (exports of lists whose upstream dropped
    entries that carry progress). ``retrieved`` records when the source was fetched.
    """
    retired_set = set(retired)
    doc: dict[str, Any] = {"format": NAME, "format_version": FORMAT_VERSION}
    _put(doc, "name", lst.name)
    _put(doc, "title", lst.title)
    _put(doc, "description", lst.description)
    _put(doc, "next_list", lst.next_list)
    source: dict[str, Any] = {}
    _put(source, "url", lst.source_url)
    _put(source, "revision", lst.revision)
    _put(source, "date", lst.date)
    _put(source, "retrieved", retrieved)
    _put(source, "importer", lst.format if lst.format != NAME else None)
    _put(doc, "source", source)

    nodes: dict[tuple[str, ...], dict[str, Any]] = {}
    tops: list[dict[str, Any]] = []
    for path in lst.section_order():
        node: dict[str, Any] = {"title": path[-1]}
        nodes[path] = node
        siblings = tops if len(path) == 1 else nodes[path[:-1]].setdefault("sections", [])
        siblings.append(node)
    root_items: list[dict[str, Any]] = []
    for index, item in enumerate(lst.items):
        target = root_items if not item.section else nodes[item.section].setdefault("items", [])
        target.append(_item_document(item, retired=item.retired or index in retired_set))
    _put(doc, "items", root_items)
    _put(doc, "sections", tops)
    return doc


def dumps_document(doc: Mapping[str, Any], *, format: str = "json") -> str:
    """Serialise a document from :func:`to_document` as ``"json"`` (indented, UTF-8 text) or ``"toml"``."""
    if format == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if format == "toml":
        import tomli_w

        return tomli_w.dumps(dict(doc))
    raise InvalidArgumentError(f"unknown native format {format!r}; choose 'json' or 'toml'")


def dumps(lst: ListToImport, *, format: str = "json") -> str:
    """``lst`` in the native format, as JSON (``format="json"``) or TOML (``format="toml"``)."""
    return dumps_document(to_document(lst), format=format)


# --- reading ---------------------------------------------------------------------------------------------


def _fail(path: str, problem: str) -> ImportFormatError:
    return ImportFormatError(f"{path} {problem}", format=NAME)


def _text(value: Any, path: str, *, required: bool = False) -> str | None:
    """A string value; TOML dates and datetimes are accepted and written ISO-style."""
    if value is None:
        if required:
            raise _fail(path, "is missing")
        return None
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if not isinstance(value, str):
        raise _fail(path, f"must be a string, not {_type_name(value)}")
    return value


def _type_name(value: Any) -> str:
    return {dict: "a table", list: "a list", bool: "a boolean", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _int(value: Any, path: str, *, low: int, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, "must be an integer")
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise _fail(path, f"must be an integer {bounds}, not {value}")
    return value


def _bool(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _fail(path, "must be true or false")
    return value


def _table(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, f"must be a table/object, not {_type_name(value)}")
    return value


def _array(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"must be a list, not {_type_name(value)}")
    return value


def _enum(enum: type[Kind] | type[Status], value: Any, path: str) -> Any:
    text = _text(value, path)
    if text is None:
        return None
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise _fail(path, f"must be one of {choices}, not {text!r}") from None


_ITEM_KEYS = frozenset(
    [
        "title",
        "url",
        "tier",
        "tier_label",
        "note",
        "description",
        "links",
        "new",
        "kind",
        "author",
        "published",
        "status",
        "rating",
        "progress_note",
        "retired",
    ]
)


def _load_item(raw: Any, path: str, section: tuple[str, ...]) -> tuple[ItemToImport, bool]:
    doc = _table(raw, path)
    title = _text(doc.get("title"), f"{path}.title")
    url = _text(doc.get("url"), f"{path}.url")
    if not title and not url:
        raise _fail(path, "needs a title or a url")
    links = []
    for n, raw_link in enumerate(_array(doc.get("links"), f"{path}.links")):
        link_path = f"{path}.links[{n}]"
        link = _table(raw_link, link_path)
        links.append(
            Link(
                title=_text(link.get("title"), f"{link_path}.title") or "",
                url=_text(link.get("url"), f"{link_path}.url", required=True) or "",
            )
        )
    item = ItemToImport(
        title=title if title is not None else (url or ""),
        url=url,
        section=section,
        tier=_int(doc.get("tier"), f"{path}.tier", low=0),
        tier_label=_text(doc.get("tier_label"), f"{path}.tier_label"),
        note=_text(doc.get("note"), f"{path}.note"),
        description=_text(doc.get("description"), f"{path}.description"),
        links=tuple(links),
        new=_bool(doc.get("new"), f"{path}.new"),
        kind=_enum(Kind, doc.get("kind"), f"{path}.kind"),
        author=_text(doc.get("author"), f"{path}.author"),
        published=_text(doc.get("published"), f"{path}.published"),
        status=_enum(Status, doc.get("status"), f"{path}.status"),
        rating=_int(doc.get("rating"), f"{path}.rating", low=1, high=5),
        progress_note=_text(doc.get("progress_note"), f"{path}.progress_note"),
        retired=_bool(doc.get("retired"), f"{path}.retired"),
    )
    return item, item.retired


class _Reader:
    """Walks the section tree, collecting items and section paths in document order."""

    def __init__(self) -> None:
        self.items: list[ItemToImport] = []
        self.sections: list[tuple[str, ...]] = []
        self.retired = 0
        self.unknown: set[str] = set()

    def items_at(self, raw: Any, path: str, section: tuple[str, ...]) -> None:
        for n, raw_item in enumerate(_array(raw, path)):
            item, retired = _load_item(raw_item, f"{path}[{n}]", section)
            if isinstance(raw_item, dict):
                self.unknown.update(k for k in raw_item if k not in _ITEM_KEYS)
            self.items.append(item)
            self.retired += retired

    def sections_at(self, raw: Any, path: str, parent: tuple[str, ...], depth: int = 0) -> None:
        if depth > 50:
            raise _fail(path, "nests sections more than 50 deep")
        for n, raw_section in enumerate(_array(raw, path)):
            here = f"{path}[{n}]"
            doc = _table(raw_section, here)
            title = _text(doc.get("title"), f"{here}.title", required=True) or ""
            section = (*parent, title)
            if section not in self.sections:
                self.sections.append(section)
            self.items_at(doc.get("items"), f"{here}.items", section)
            self.sections_at(doc.get("sections"), f"{here}.sections", section, depth + 1)


def loads_document(doc: dict[str, Any]) -> ListToImport:
    """Validate a parsed document and turn it into a :class:`ListToImport`.

    Errors name the path of the bad value: ``sections[2].items[5].tier must be an integer``.
    """
    doc = _table(doc, "the document")
    declared = doc.get("format")
    if declared != NAME:
        raise ImportFormatError(
            'not a readinglist document: it needs format = "readinglist" at the top', format=NAME
        )
    version = doc.get("format_version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("format_version", "must be an integer")
    if version > FORMAT_VERSION:
        raise ImportFormatError(
            f"this file has format_version {version}, written by a newer readinglist; this version reads "
            f"up to {FORMAT_VERSION}: upgrade readinglist",
            format=NAME,
        )
    if version < 1:
        raise _fail("format_version", f"must be 1 or more, not {version}")
    source = _table(doc.get("source") or {}, "source")
    reader = _Reader()
    reader.items_at(doc.get("items"), "items", ())
    reader.sections_at(doc.get("sections"), "sections", ())
    warnings: list[str] = []
    if reader.unknown:
        warnings.append(f"unknown item keys ignored: {', '.join(sorted(reader.unknown))}")
    return ListToImport(
        items=tuple(reader.items),
        title=_text(doc.get("title"), "title"),
        name=_text(doc.get("name"), "name"),
        description=_text(doc.get("description"), "description"),
        sections=tuple(reader.sections),
        source_url=_text(source.get("url"), "source.url"),
        revision=_text(source.get("revision"), "source.revision"),
        date=_text(source.get("date"), "source.date"),
        next_list=_text(doc.get("next_list"), "next_list"),
        format=NAME,
        warnings=tuple(warnings),
    )


def parse(data: bytes, *, source_url: str | None = None) -> ListToImport:
    """Read a native document in JSON (starts with ``{``) or TOML. ``source_url`` fills a missing ``source.url``."""
    text = decode(data, format=NAME, source=source_url)
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", format=NAME
            ) from exc
        except RecursionError as exc:
            raise ImportFormatError(
                "not a readinglist document: JSON nested too deeply", format=NAME
            ) from exc
    else:
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ImportFormatError(f"not valid TOML: {exc}", format=NAME) from exc
        except RecursionError as exc:
            raise ImportFormatError(
                "not a readinglist document: TOML nested too deeply", format=NAME
            ) from exc
    lst = loads_document(doc)
    if source_url and not lst.source_url:
        lst = dataclasses.replace(lst, source_url=source_url)
    return lst


__all__ = [
    "EXTENSIONS",
    "FORMAT_VERSION",
    "NAME",
    "dumps",
    "dumps_document",
    "loads_document",
    "parse",
    "sniff",
]
