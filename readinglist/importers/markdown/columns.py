"""What a table's header and cells say about their column: numbering, dates, code links, numbered link texts.

Paper tables (``| Number | GNN | Paper | Code | Venue | URL |``) and course tables (``| Lecture | Title | Date |
Notebooks | Recording |``) carry their work's name in a text column and only generic or numbered links
(``[1.1](/week1/)``, bare URLs): these rules let :meth:`_Walker.table_row` take the title from the named column,
the item's URL from the paper's column rather than the code's, and leave row numbers and dates out of titles.
"""

from __future__ import annotations

import re

_NUMBER_HEADER = re.compile(r"(?:no|nr|num(?:ber)?|#|index|idx|id|s/?n|序号|编号)\.?", re.IGNORECASE)
_CODE_HEADER = re.compile(
    r"(?:(?:official|unofficial|pytorch|tensorflow|source)\s+)?(?:code|github|repo(?:sitory)?|implementations?|"
    r"source(?:\s+code)?|代码|开源代码)s?",
    re.IGNORECASE,
)
_SCHEDULE_HEADER = re.compile(
    r"(?:week|wk|lecture|lec|day|session|class|module|lesson|unit|meeting)s?\.?\s*(?:#|no\.?|number)?",
    re.IGNORECASE,
)
_DATE_CELL = re.compile(
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?",
    re.IGNORECASE,
)
_NUMBERED_TEXT = re.compile(r"\[?\d{1,3}(?:\.\d{1,3})+\]?|\[\d{1,4}\]")
"""Link texts that number a part (``1.1``, ``2.3.1``) or a citation (``[4]``): a place, not a work's name."""
_NO_WORDS = re.compile(r"[\W_]*")


def number_header(header: str) -> bool:
    """``No.``, ``#``, ``Number``, ``Index``: a column of row numbers."""
    return _NUMBER_HEADER.fullmatch(header.strip(" *_:")) is not None


def code_header(header: str) -> bool:
    """``Code``, ``GitHub``, ``Official Code``: a column of implementations, not of the work itself."""
    return _CODE_HEADER.fullmatch(header.strip(" *_:")) is not None


def schedule(headers: list[str]) -> bool:
    """Whether a table is a schedule (a ``Week``, ``Lecture`` or ``Session`` column; a ``Date`` may date books
    read): its rows are sessions, and a session without material (``| 5 | Midterm 1 (Feb 8) | Live | |``) is no
    work to read."""
    return any(_SCHEDULE_HEADER.fullmatch(h.strip(" *_:")) for h in headers)


def date_cell(text: str) -> bool:
    """``1/17``, ``2021-02-17``, ``Feb 17, 2021``, ``Wed, Sept 4``: a schedule's date, never a title."""
    return _DATE_CELL.fullmatch(text.strip()) is not None


def numbered(text: str) -> bool:
    """Whether a link text is a part or citation number (``1.1``, ``[4]``) rather than a name."""
    return _NUMBERED_TEXT.fullmatch(text.strip()) is not None


def wordless(text: str) -> bool:
    """Only punctuation (``,`` left between two links of a cell): nothing to describe."""
    return _NO_WORDS.fullmatch(text) is not None
