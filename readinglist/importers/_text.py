"""Turning an importer's input bytes into text, refusing what is not text.

Every text importer starts here so that byte-order marks, legacy encodings and binary junk are handled once.
"""

from __future__ import annotations

import codecs

from readinglist.exceptions import ImportFormatError

MAX_BYTES = 20 * 1024 * 1024
"""Lists are small; anything above this is refused rather than parsed for minutes."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACKS = ("gb18030", "cp1252", "latin-1")


def decode(data: bytes, *, format: str | None = None, source: str | None = None) -> str:
    """Decode ``data`` as text: BOM first, then UTF-8, then common legacy encodings.

    Raises :class:`ImportFormatError` for empty input, input over :data:`MAX_BYTES`, or binary data (NUL bytes or
    many control characters), so that importers never see garbage.
    """
    name = source or "input"
    if len(data) > MAX_BYTES:
        raise ImportFormatError(
            f"{name} is {len(data) // (1024 * 1024)} MB; lists over {MAX_BYTES // (1024 * 1024)} MB are refused",
            format=format,
            source=source,
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in data[:8192]:
            raise ImportFormatError(f"{name} is binary data, not a text list", format=format, source=source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if not text.strip():
        raise ImportFormatError(f"{name} is empty", format=format, source=source)
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise ImportFormatError(f"{name} is binary data, not a text list", format=format, source=source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes) -> str:
    for encoding in _FALLBACKS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")  # pragma: no cover - latin-1 never fails
