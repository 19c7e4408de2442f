"""The importer registry: which format some bytes are in, and parsing them with the right importer.

Every importer is a module in this package that follows one small contract::

    NAME = "csv"                          # the name users pass as --format
    EXTENSIONS = (".csv", ".tsv")         # file name endings that suggest the format
    def sniff(text: str) -> int: ...      # 0..100 confidence from the content alone
    def parse(data: bytes, *, source_url: str | None = None) -> ListToImport: ...

Modules are imported lazily (``import readinglist`` stays fast) and a module that is not there is skipped, so the
registry works while importers are being added. Whatever an importer raises that is not a
:class:`~readinglist.exceptions.ReadingListError` is wrapped into an :class:`ImportFormatError`: callers never see a
parser's traceback.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import re
from types import ModuleType

from readinglist.collector import paused
from readinglist.exceptions import ImportFormatError, InvalidArgumentError, ReadingListError
from readinglist.importers._text import decode
from readinglist.types import ListToImport
from readinglist.urls import is_web_url

log = logging.getLogger(__name__)

_MODULES: dict[str, str] = {
    "readinglist": "readinglist.importers.native",
    "markdown": "readinglist.importers.markdown",
    "html": "readinglist.importers.html",
    "opml": "readinglist.importers.opml",
    "xbel": "readinglist.importers.xbel",
    "bibtex": "readinglist.importers.bibtex",
    "ris": "readinglist.importers.ris",
    "csv": "readinglist.importers.csvfile",
    "json": "readinglist.importers.records",
    "yaml": "readinglist.importers.yamlfile",
    "rst": "readinglist.importers.rst",
    "org": "readinglist.importers.org",
    "document": "readinglist.importers.document",
}

LEVELLED = frozenset(("markdown", "rst", "html", "document"))
"""Formats written as prose with headings: their relative links resolve against ``base_url`` and their level
sections become tiers (the structured formats carry tiers and URLs of their own)."""

FORMATS: tuple[str, ...] = tuple(_MODULES)
"""Every format name, in the order detection prefers them when scores tie."""

EXTENSION_BONUS = 25
"""Points a format gains when the file name ends in one of its extensions: enough to break ties and to decide
when the content is unclear, not enough to overrule content that clearly says otherwise."""

_missing: set[str] = set()
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_FEED_ROOT = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:\s|<\?[^>]*>|<!--(?:[^-]|-(?!->))*-->|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>)*"
    rb"<(?:rss|feed|rdf:RDF)[\s>]"
)
"""A document whose root element is a feed's: whatever HTML its entries carry, it is no list (``feed add`` reads it)."""


def _module(name: str) -> ModuleType | None:
    """The importer module for ``name``, or ``None`` when that module does not exist (yet)."""
    path = _MODULES[name]
    if name in _missing:
        return None
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name != path:
            raise
        _missing.add(name)
        log.debug("importer %s (%s) is not available", name, path)
        return None


def describe_format(name: str) -> str:
    """One line saying what the importer ``name`` reads (the first line of its module's docstring)."""
    module = _module(name) if name in _MODULES else None
    return ((module.__doc__ or "").strip().splitlines() or [""])[0] if module else ""


def available_formats() -> tuple[str, ...]:
    """The formats whose importer module is present, in :data:`FORMATS` order."""
    return tuple(name for name in FORMATS if _module(name) is not None)


def _extension_matches(module: ModuleType, filename: str | None) -> bool:
    if not filename:
        return False
    lower = filename.lower()
    return any(lower.endswith(ext.lower()) for ext in getattr(module, "EXTENSIONS", ()))


def _sniff(name: str, module: ModuleType, text: str) -> int:
    """A module's confidence, clamped to 0..100; a sniffer that fails counts as 0 rather than stopping detection."""
    try:
        score = int(module.sniff(text))
    except Exception:  # a buggy sniffer must not break detection of the other formats
        log.warning("the %s importer failed to sniff the input", name, exc_info=True)
        return 0
    return max(0, min(100, score))


def scores(data: bytes, filename: str | None = None) -> dict[str, int]:
    """Every available format's score for ``data``: its sniff plus :data:`EXTENSION_BONUS` when the name fits.

    Raises :class:`ImportFormatError` when ``data`` is empty, binary or too large to be a list.
    """
    text = decode(data, source=filename)
    result: dict[str, int] = {}
    for name in FORMATS:
        module = _module(name)
        if module is None:
            continue
        score = _sniff(name, module, text)
        if _extension_matches(module, filename):
            score += EXTENSION_BONUS
        result[name] = score
    return result


def detect_format(data: bytes, filename: str | None = None) -> str:
    """The name of the format ``data`` is in: the content decides, the file extension breaks ties.

    Raises :class:`ImportFormatError` (naming the formats tried) when no importer recognises the content and the
    file name does not say either.
    """
    is_feed = _FEED_ROOT.match(data[:4096]) is not None
    found = {} if is_feed else scores(data, filename)
    best = max(found.values(), default=0)
    if best <= 0:
        if is_feed or _FEED.search(data[:4096]):
            raise ImportFormatError(
                f"{filename or 'the input'} is an RSS/Atom feed, not a list; "
                "subscribe to it with 'readinglist feed add URL --list NAME'",
                source=filename,
            )
        names = ", ".join(found) or "none available"
        raise ImportFormatError(
            f"cannot tell what format {filename or 'the input'} is in (tried {names}); pass --format",
            source=filename,
        )
    return next(name for name in FORMATS if found.get(name) == best)


MESSAGE_LIMIT = 300
"""Longest error message an import failure may produce: a hostile header must not be echoed whole (50 KB)."""


def shorten(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` cut in the middle when longer than ``limit``, saying how much was left out."""
    if len(message) <= limit:
        return message
    head, tail = message[: limit - 100], message[-60:]
    return f"{head}... [{len(message) - len(head) - len(tail)} characters left out] ...{tail}"


def parse(
    data: bytes,
    *,
    format: str | None = None,
    filename: str | None = None,
    source_url: str | None = None,
    base_url: str | None = None,
    tiers: str | None = None,
) -> ListToImport:
    """Parse ``data`` into a :class:`ListToImport`, with the importer ``format`` names or the one detected.

    ``base_url`` is what relative links resolve against when the list has no URL of its own (a local file);
    ``tiers`` is ``auto`` (default: explicit tier markers, and sections that form a progression), ``headings``
    (the first level of sections are the tiers) or ``none`` (see :mod:`readinglist.importers._levels`).

    Raises :class:`InvalidArgumentError` for an unknown ``format`` or ``tiers`` and :class:`ImportFormatError` for
    input that format cannot read. The result's ``format`` is filled in when the importer left it empty. Messages
    quote at most a short excerpt of the input (:data:`MESSAGE_LIMIT`).
    """
    from readinglist.importers import _levels

    mode = _levels.check_mode(tiers)
    if base_url is not None and not is_web_url(base_url):
        raise InvalidArgumentError(f"--base-url must be an http(s) URL, not {base_url!r}")
    try:
        result = _parse(
            data, format=format, filename=filename, source_url=source_url, base_url=base_url, levels=mode != "none"
        )
    except ReadingListError as exc:
        if exc.args and isinstance(exc.args[0], str) and len(exc.args[0]) > MESSAGE_LIMIT:
            exc.args = (shorten(exc.args[0]), *exc.args[1:])
        raise
    if result.format in LEVELLED or mode != "auto":
        result = _levels.apply(result, mode)
    return result


def _name_the_source(exc: ReadingListError, source: str) -> None:
    """Make an importer's message name the file: importers only know a URL, so for a file they say "input"."""
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else None
    if message is None or source == "input" or source in message:
        return
    message = source + message[len("input") :] if message.startswith("input ") else f"{source}: {message}"
    exc.args = (message, *exc.args[1:])
    if isinstance(exc, ImportFormatError) and getattr(exc, "source", None) is None:
        exc.source = source


def _parse(
    data: bytes,
    *,
    format: str | None,
    filename: str | None,
    source_url: str | None,
    base_url: str | None,
    levels: bool = True,
) -> ListToImport:
    """Parse with the importer of ``format`` (sniffed when None). ``levels=False`` (``--tiers none``) asks the
    Markdown importer to keep level headings (``## Advanced``, ``## Part 1: Basics``) as the topics they also are."""
    source = filename or source_url or "input"
    if format is None:
        name = detect_format(data, filename)
    else:
        name = format.strip().lower()
        if name not in _MODULES:
            raise InvalidArgumentError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    module = _module(name)
    if module is None:
        raise InvalidArgumentError(
            f"the {name} importer is not available in this installation; choose one of: "
            f"{', '.join(available_formats())}"
        )
    options = {} if levels or name != "markdown" else {"level_headings": False}
    try:
        with paused():  # parsers build objects by the hundred thousand; collecting them is waste
            if source_url is None and base_url is not None and name in LEVELLED:
                result = module.parse(data, source_url=base_url, **options)
                result = dataclasses.replace(result, source_url=None)
            else:
                result = module.parse(data, source_url=source_url, **options)
    except ReadingListError as exc:
        _name_the_source(exc, source)
        raise
    except Exception as exc:  # any parser bug or library error becomes a one-line, actionable message
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFormatError(
            f"could not read {source} as {name}: {reason}", format=name, source=source
        ) from exc
    if not isinstance(result, ListToImport):
        raise ImportFormatError(
            f"could not read {source} as {name}: the importer returned no list", format=name, source=source
        )
    if result.format is None:
        result = dataclasses.replace(result, format=name)
    return result


__all__ = ["EXTENSION_BONUS", "FORMATS", "LEVELLED", "available_formats", "detect_format", "parse", "scores"]
