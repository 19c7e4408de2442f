"""RIS records (Zotero, Mendeley, EndNote, Google Scholar exports): one item a record."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import ris
from readinglist.types import Kind, Link


def test_a_real_reading_list_in_ris(data_dir: Path) -> None:
    data = (data_dir / "ris" / "optimizers.ris").read_bytes()
    assert importers.detect_format(data) == "ris"
    result = importers.parse(data, filename="references.ris")
    assert result.format == "ris" and len(result.items) == 10 and result.warnings == ()
    linked = [(i.title, i.url) for i in result.items if i.url]
    assert linked == [
        ("Adam: A Method for Stochastic Optimization", "https://arxiv.org/abs/1412.6980"),
        (
            "Evolution Strategies as a Scalable Alternative to Reinforcement Learning",
            "https://arxiv.org/abs/1703.03864",
        ),
        ("Meta Learning Backpropagation and Improving It", "https://arxiv.org/abs/2012.14905"),
    ]
    assert [i.kind for i in result.items].count(Kind.BOOK) == 1
    adam = result.items[3]
    assert (adam.author, adam.published, adam.note) == (
        "Diederik P. Kingma, Jimmy Ba",
        "2015",
        "International Conference on Learning Representations (ICLR)",
    )


def test_links_continuations_and_skipped_records() -> None:
    text = (
        "Provider: Zotero\n\n"
        "TY  - BOOK\nTI  - Deep Learning\nAU  - Goodfellow, Ian\nSN  - 978-0-262-03561-3\n"
        "L1  - file:///home/me/Zotero/storage/dl.pdf\nER  - \n\n"
        "TY  - JOUR\nT1  - Attention Is All\nYou Need\nDO  - 10.48550/arXiv.1706.03762\n"
        "UR  - https://arxiv.org/abs/1706.03762\nL2  - https://arxiv.org/pdf/1706.03762.pdf\n"
        "AB  - The dominant sequence transduction models\n  are based on recurrent networks.\nER  - \n\n"
        "TY  - ELEC\nTI  - Let's build GPT\nUR  - https://www.youtube.com/watch?v=kCc8FmEb1nY\nER  - \n\n"
        "TY  - GEN\nPY  - 2020\nER  - \n"
    )
    result = ris.parse(text.encode())
    book, paper, video = result.items
    assert (book.url, book.kind) == ("https://openlibrary.org/isbn/9780262035613", Kind.BOOK)
    assert paper.title == "Attention Is All You Need"
    assert paper.url == "https://arxiv.org/abs/1706.03762"
    assert paper.links == (
        Link("DOI", "https://doi.org/10.48550/arXiv.1706.03762"),
        Link("Full text", "https://arxiv.org/pdf/1706.03762.pdf"),
    )
    assert paper.description == "The dominant sequence transduction models are based on recurrent networks."
    assert video.kind == Kind.VIDEO
    assert result.warnings == ("1 record(s) without title or link skipped (line 25)",)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("TY  - JOUR\nTI  - x\nER  - \n", 95),
        ("%% notes\nTY  - JOUR\nTI  - x\nER  -\n", 80),
        ("- [a](https://a)\n", 0),
    ],
)
def test_sniff(text: str, score: int) -> None:
    assert ris.sniff(text) == score


def test_text_without_records_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="no RIS record"):
        ris.parse(b"TI  - a title outside any record\n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="TYIERAUDO -\n\r\t\u2028xé:/.", max_size=300))
def test_random_tagged_text_only_raises_readinglist_errors(text: str) -> None:
    with contextlib.suppress(ReadingListError):
        ris.parse(text.encode("utf-8", "surrogatepass"))
