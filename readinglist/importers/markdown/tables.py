"""Markdown tables (mixed into the walker): one row, one reading column; titles from a column that names them,
URLs from the paper's column rather than the code's (see the package docstring and :mod:`.columns`)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from readinglist.importers.markdown.columns import code_header, date_cell, number_header, numbered, wordless
from readinglist.importers.markdown.inline import (
    _flatten,
    _generic,
    _has_link,
    _inline,
    _inline_view,
    _Line,
    _linkify,
    _Piece,
    _plain,
    split_title,
)
from readinglist.importers.markdown.rules import _CHECKBOX, _DESC_TRIM, _SEQUENCE_CELL, collapse
from readinglist.types import Link

if TYPE_CHECKING:
    from readinglist.importers.markdown.tree import Node


class _TableRules:
    """``table``, ``table_row`` and ``cell_title``; the walker provides the rest."""

    linked_table: bool | None
    """Whether the table being walked has a link anywhere; ``None`` until :meth:`table_has_links` reads it."""
    table_rows: tuple[list[Node], list[list[list[_Piece]]]]
    """The rows of the table being walked, and their cells' pieces."""

    if TYPE_CHECKING:  # provided by the walker

        def section(self) -> tuple[str, ...]: ...
        def add(self, line: _Line, section: tuple[str, ...]) -> int: ...
        def resolve(self, href: str, text: str = "") -> str | None: ...
        def title_column(self, headers: list[str]) -> int | None: ...
        def linkless_row(self, texts: list[str], headers: list[str]) -> None: ...

    def table(self, node: Node) -> None:
        headers: list[str] = []
        rows: list[Node] = []
        for part in node.children:
            for row in part.children:
                if part.type == "thead":
                    headers = [collapse("".join(_plain(n) for n in _inline(cell))) for cell in row.children]
                else:
                    rows.append(row)
        cells = [[_cell_pieces(cell) for cell in row.children] for row in rows]
        self.table_rows = (rows, cells)
        self.linked_table = None
        section = self.section()  # rows change no heading or frame: one topic for the whole table
        columns = _Columns(headers)
        for row_cells in cells:
            self.table_row(row_cells, headers, section, columns)
        self.table_rows = ([], [])  # the tree is let go piece by piece (see parse()): not kept alive here

    def table_has_links(self) -> bool:
        """Whether the table being walked has a link anywhere, a bare URL in a cell too. Read when a row without links
        asks (and then kept): most tables have no title column, so their rows never ask, and a table of 100,000
        rows without links is not scanned for them."""
        if self.linked_table is None:
            rows, cells = self.table_rows
            self.linked_table = any(_has_link(row) for row in rows) or any(
                p.kind == "link" for row in cells for cell in row for p in cell
            )
        return self.linked_table

    def table_row(
        self,
        cells: list[list[_Piece]],
        headers: list[str],
        section: tuple[str, ...],
        columns: _Columns | None = None,
    ) -> None:
        """One row: the first cell with a titled link is the reading column and each titled link there is an item;
        generic links, and every link in the other columns (alternates, prerequisites, chat), are its extras.

        When the row has only generic links ("| 1) **Title** - summary | [Paper](u), [Tweet](u) |"), the first
        becomes the item, titled by the first text cell (its bold part, or its first clause when it is long).
        """
        texts: list[str] = []  # each cell's words
        resolved: list[list[tuple[_Piece, str]]] = []  # each cell's links that are items, with their URLs
        for cell in cells:
            words: list[str] = []
            links: list[tuple[_Piece, str]] = []
            for p in cell:
                if p.kind == "text" or p.kind == "strong":
                    words.append(p.text)
                elif p.kind == "link" and not p.image_only:
                    url = self.resolve(p.href, p.text)
                    if url:
                        links.append((p, url))
            texts.append(collapse("".join(words)))
            resolved.append(links)
        if not any(resolved):  # no link that is an item: a row of a link-less table, or a gap
            self.linkless_row(texts, headers)
            return
        columns = columns or _Columns(headers)
        main = _main_cell(resolved, columns.code)
        worded = [bool(t) and not resolved[i] and not wordless(t) for i, t in enumerate(texts)]
        title_cell = None
        if any(_untitled(piece.text) for piece, _ in resolved[main]):
            # a title cell names only links that name nothing ("[paper](u)"): most rows have none to look for
            column = self.title_column(headers)  # a header naming the titles ("Paper", "Title") is where they are
            if column is not None and column < len(texts) and texts[column] and not resolved[column]:
                title_cell = column
            else:
                title_cell = _first_text_cell(texts, worded)
        cell_title, cell_rest = self.cell_title(cells[title_cell]) if title_cell is not None else ("", None)
        found: list[_Line] = []
        named = False  # whether the title cell named an item (else its text describes them)
        for piece, url in resolved[main]:
            if found and _untitled(piece.text):
                found[-1].links.append(Link(piece.text or url, url))
                continue
            title = piece.text
            if _untitled(title) and cell_title:
                title, named = cell_title, True
            found.append(_Line(title=title or url, url=url))
        described = [
            f"{headers[i]}: {t}" if i < len(headers) and headers[i] else t
            for i, t in enumerate(texts)
            if worded[i]
            and (i != title_cell or not named)  # a title cell that named no item describes them
            and not (i in columns.number and _SEQUENCE_CELL.fullmatch(t))
        ]
        description = "; ".join(([cell_rest] if cell_rest and named else []) + described) or None
        for line in found:
            line.description = description
        for i, links in enumerate(resolved):
            if links and i != main:
                found[-1].links.extend(Link(p.text or url, url) for p, url in links)
        for line in found:
            self.add(line, section)

    @staticmethod
    def cell_title(cell: list[_Piece]) -> tuple[str, str | None]:
        """The title a text cell gives an item: its bold part, else its first clause; the rest describes."""
        strong = next((p.text for p in cell if p.kind == "strong" and collapse(p.text)), None)
        raw = "".join(p.text for p in cell if p.kind in ("text", "strong"))
        raw = _NUMBERING.sub("", raw)  # "1) Title" numbering
        if strong is not None:
            title = collapse(strong).rstrip(".:").strip()
            rest = collapse(raw.replace(strong, "", 1)).lstrip(_DESC_TRIM)
            return title, rest or None
        return split_title(raw)


_NUMBERING = re.compile(r"^\s*\(?\d{1,4}[).]\s+")


class _Columns:
    """What a table's headers say, read once for all its rows: its columns of code links and of row numbers."""

    __slots__ = ("code", "number")

    def __init__(self, headers: list[str]) -> None:
        self.code = frozenset(i for i, h in enumerate(headers) if code_header(h))
        self.number = frozenset(i for i, h in enumerate(headers) if number_header(h))


def _main_cell(resolved: list[list[tuple[_Piece, str]]], code: frozenset[int]) -> int:
    """The reading column of a row with links: the first cell with a titled link, else the first cell of links
    outside the code columns, else the first cell of links."""
    outside_code = linked = None
    for i, links in enumerate(resolved):
        if not links:
            continue
        if any(not _untitled(p.text) for p, _ in links):
            return i
        if linked is None:
            linked = i
        if outside_code is None and i not in code:
            outside_code = i
    found = outside_code if outside_code is not None else linked
    assert found is not None  # some cell has links
    return found


def _first_text_cell(texts: list[str], worded: list[bool]) -> int | None:
    """The first cell of words that is no sequence number, date or checkbox: the title of a row's links that name
    nothing, when no header names the column of titles."""
    for i, text in enumerate(texts):
        if worded[i] and not _SEQUENCE_CELL.fullmatch(text) and not date_cell(text) and not _CHECKBOX.match(text + " "):
            return i
    return None


@functools.lru_cache(maxsize=4096)
def _untitled(text: str) -> bool:
    """A link text that names no work: generic ("paper", a bare URL) or a number (``1.1``, ``[4]``). Asked two or
    three times of each link of a row, and rows repeat their link texts: read once per text."""
    return _generic(text) or numbered(text)


def _cell_pieces(cell: Node) -> list[_Piece]:
    """A table cell's pieces, a bare ``https://...`` URL in its text a link (GitHub renders it as one: a table's
    "Link" column of bare URLs is the rows' links; a URL in a code span is not one)."""
    inline = _inline_view(cell)
    pieces = _flatten(inline)
    for node in inline:
        if node.type == "text" and "://" in node.content:
            return _linkify(pieces)
    return pieces
