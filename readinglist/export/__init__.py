"""Writers for a list with the reader's progress: Markdown checklist, native JSON/TOML, CSV.

:func:`export` dispatches by format name. :func:`entries_to_list` turns what the library returns (a
:class:`ListInfo` and its :class:`Entry` rows) back into the import structure, so any importer-shaped consumer can
use it; the native writers are built on it and lose nothing the import structure can hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from readinglist.exceptions import InvalidArgumentError
from readinglist.types import Entry, ItemToImport, Link, ListInfo, ListToImport, Status

ARCHIVED = "archived copy"
"""The title of the extra link an export gives an item whose link is dead: its Wayback Machine copy."""

FORMATS: tuple[str, ...] = ("md", "json", "toml", "csv")
"""Export format names, as the CLI's ``--format`` offers them."""


def entries_to_list(info: ListInfo, entries: Sequence[Entry]) -> ListToImport:
    """A :class:`ListToImport` holding ``entries`` in the order given, with their progress.

    ``unread`` (the default for everything) is left out as ``status=None`` so exports stay short; read, reading
    and skipped, ratings and progress notes are kept. The list's source, revision and date come from ``info``.
    """
    items = tuple(
        ItemToImport(
            title=e.title,
            url=e.url,
            section=tuple(e.section),
            tier=e.tier,
            tier_label=e.tier_label,
            note=e.note,
            description=e.description,
            links=tuple(e.links),
            new=e.new,
            kind=e.item.kind,
            author=e.author,
            published=e.published,
            status=None if e.status is Status.UNREAD else e.status,
            rating=e.rating,
            progress_note=e.progress_note,
            retired=e.retired,
        )
        for e in entries
    )
    return ListToImport(
        items=items,
        title=info.title,
        name=info.name,
        description=info.description,
        source_url=info.source,
        revision=info.revision,
        date=info.source_date,
        next_list=info.next_list,
        format=info.format,
    )


def _native(info: ListInfo, entries: Sequence[Entry], fmt: str) -> str:
    from readinglist.importers import native

    lst = entries_to_list(info, entries)
    retired = [n for n, e in enumerate(entries) if e.retired]
    retrieved = info.imported_at.isoformat(timespec="seconds") if info.imported_at else None
    return native.dumps_document(native.to_document(lst, retired=retired, retrieved=retrieved), format=fmt)


def with_archived(entries: Sequence[Entry], archived: Mapping[int, str]) -> list[Entry]:
    """``entries``, those whose item has an archived copy (its link was found dead) with that copy as an extra
    link titled :data:`ARCHIVED` (once: an entry already holding that link is left as it is)."""
    out = []
    for e in entries:
        copy = archived.get(e.item.id)
        if copy and all(link.url != copy for link in e.links):
            e = dataclasses.replace(e, links=(*e.links, Link(title=ARCHIVED, url=copy)))
        out.append(e)
    return out


def export(
    info: ListInfo, entries: Sequence[Entry], format: str, *, archived: Mapping[int, str] | None = None
) -> str:
    """``entries`` of the list ``info`` as text in ``format``: ``md``, ``json``, ``toml`` or ``csv``.

    ``archived`` (item id -> archived copy of a dead link, see ``Library.archive_links``) gives those items the
    copy as a fallback link: an extra link in Markdown, JSON and TOML, the ``archive_url`` column in CSV.
    Raises :class:`InvalidArgumentError` for another format name.
    """
    name = format.strip().lower()
    if archived:
        entries = with_archived(entries, archived) if name != "csv" else entries
    if name in ("md", "markdown"):
        from readinglist.export import markdown

        return markdown.export(info, entries, include_retired=True)
    if name in ("json", "toml"):
        return _native(info, entries, name)
    if name == "csv":
        from readinglist.export import csvfile

        return csvfile.export(info, entries, archived=archived)
    raise InvalidArgumentError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}")


__all__ = ["ARCHIVED", "FORMATS", "entries_to_list", "export", "with_archived"]
