"""Input checks made once, before anything reaches storage, so both engines accept exactly the same data.

SQLite would store a NUL character or a tier of 2**40 that PostgreSQL refuses; a lone surrogate (what Python makes
of undecodable command-line bytes) cannot be encoded for either. Each check raises
:class:`~readinglist.exceptions.InvalidArgumentError` naming the field and, for imported items, the item.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from readinglist.exceptions import InvalidArgumentError
from readinglist.types import Kind, Status

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
"""Whole numbers stored in INTEGER columns (tiers, ratings, positions) must fit 32 bits on every engine."""

EXCERPT = 60


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A short, printable ``repr`` of ``value`` for a message (never the whole 50 KB a hostile input carries)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[:limit] + f"... ({len(text)} characters)"
    return ascii(text) if isinstance(value, str) else text


def text(value: str | None, what: str) -> str | None:
    """``value`` unchanged if it is storable text (or None); else an :class:`InvalidArgumentError`."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgumentError(f"the {what} must be text, not {type(value).__name__} {excerpt(value)}")
    if "\x00" in value:
        raise InvalidArgumentError(f"the {what} {excerpt(value)} contains a NUL character, which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidArgumentError(
            f"the {what} {excerpt(value)} is not valid Unicode (a lone surrogate at position {exc.start}: "
            "bytes that were not UTF-8?)"
        ) from None
    return value


def whole_number(value: int | None, what: str) -> int | None:
    """``value`` unchanged if it is None or an int that fits a 32-bit INTEGER column."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(f"the {what} must be a whole number, not {excerpt(value)}")
    if not INT_MIN <= value <= INT_MAX:
        raise InvalidArgumentError(f"the {what} {excerpt(value)} is out of range (at most {INT_MAX:,})")
    return value


def value(obj: Any, what: str) -> None:
    """Check text and whole numbers anywhere inside ``obj`` (str, int, tuples/lists, dataclasses)."""
    if obj is None or isinstance(obj, bool):
        return
    if isinstance(obj, str):
        text(obj, what)
    elif isinstance(obj, int):
        whole_number(obj, what)
    elif isinstance(obj, float):
        raise InvalidArgumentError(f"the {what} must be a whole number or text, not {excerpt(obj)}")
    elif isinstance(obj, (tuple, list)):
        for part in obj:
            value(part, what)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            value(getattr(obj, field.name), f"{what} {field.name}".strip())
    else:
        raise InvalidArgumentError(f"the {what} has an unexpected value {excerpt(obj)}")


def list_to_import(lst: Any) -> None:
    """Every field of a :class:`~readinglist.types.ListToImport` and of each of its items."""
    from readinglist.types import ItemToImport, ListToImport

    if not isinstance(lst, ListToImport):
        raise InvalidArgumentError(f"expected a ListToImport, not {type(lst).__name__}")
    if not isinstance(lst.items, (tuple, list)):
        raise InvalidArgumentError("the list's items must be a tuple of ItemToImport")
    for field in dataclasses.fields(lst):
        if field.name != "items":
            value(getattr(lst, field.name), f"list {field.name}")
    for number, item in enumerate(lst.items, 1):
        if type(item) is ItemToImport and _item_is_fine(item):
            continue  # the fast path; anything it does not vouch for gets the field-by-field check below
        if not isinstance(item, ItemToImport):
            raise InvalidArgumentError(f"item {number} is a {type(item).__name__}, not an ItemToImport")
        if not isinstance(item.title, str):
            raise InvalidArgumentError(f"item {number} has no title text ({excerpt(item.title)})")
        try:
            value(item, "")
        except InvalidArgumentError as exc:
            raise InvalidArgumentError(f"item {number} ({excerpt(item.title, 40)}): {exc}") from None


def _item_is_fine(item: Any) -> bool:
    """True when every field of a plain ItemToImport is storable; one join and one encode per item (imports of
    100k items pay ~0.1 s for this). False means "look closer", not "bad"."""
    try:
        parts = [
            item.title,
            item.url or "",
            item.tier_label or "",
            item.note or "",
            item.description or "",
            item.author or "",
            item.published or "",
            item.progress_note or "",
            *item.section,
        ]
        for link in item.links:
            parts.append(link.title)
            parts.append(link.url)
        joined = "\x01".join(parts)
        if "\x00" in joined:
            return False
        joined.encode("utf-8")
    except (TypeError, AttributeError, UnicodeEncodeError):
        return False
    for number in (item.tier, item.rating):
        if number is not None and (type(number) is not int or not INT_MIN <= number <= INT_MAX):
            return False
    return (
        (item.kind is None or isinstance(item.kind, Kind))
        and (item.status is None or isinstance(item.status, Status))
        and type(item.new) is bool
        and type(item.retired) is bool
    )


def target(query: Any) -> None:
    """What :meth:`Library.find` accepts: an id that fits, or storable text (Item/Entry objects pass)."""
    if isinstance(query, bool) or not isinstance(query, (str, int)):
        raise InvalidArgumentError(
            f"{excerpt(query)} does not name an item; give an id, a URL, words of its title, an Item or an Entry"
        )
    value(query, "item id" if isinstance(query, int) else "item")
    if isinstance(query, str) and query.strip().isdigit():  # an id given as text: "12", not "²" or 10**30
        digits = query.strip()
        if not digits.isascii() or not INT_MIN <= int(digits) <= INT_MAX:
            raise InvalidArgumentError(f"{excerpt(digits)} is not an item id; use the number 'readinglist find' shows")
