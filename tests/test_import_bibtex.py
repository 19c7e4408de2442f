"""BibTeX importer: arXiv eprints, DOIs, LaTeX accents, @string macros, broken entries."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import bibtex
from readinglist.types import Kind, Link


@pytest.fixture()
def papers(data_dir: Path):
    return bibtex.parse((data_dir / "bibtex" / "papers.bib").read_bytes())


def test_items_urls_and_titles(papers) -> None:
    assert [(i.title, i.url, i.kind) for i in papers.items] == [
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", Kind.PAPER),
        (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "https://arxiv.org/abs/1810.04805",
            Kind.PAPER,
        ),
        ("Toward Causal Representation Learning", "https://doi.org/10.1109/JPROC.2021.3058954", Kind.PAPER),
        (
            "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
            "https://jmlr.org/papers/v15/srivastava14a.html",
            Kind.PAPER,
        ),
        ("Deep Learning", "http://www.deeplearningbook.org", Kind.BOOK),
        ("Graph theory in the spirit of Erdős and École normale supérieure", None, Kind.PAPER),
        (
            "[1hr Talk] Intro to Large Language Models",
            "https://www.youtube.com/watch?v=zjkBMFhNj_g",
            Kind.VIDEO,
        ),
    ]


def test_metadata(papers) -> None:
    attention, bert, causal, dropout, book, erdos, _talk = papers.items
    assert attention.note == "Advances in Neural Information Processing Systems"  # @string macro resolved
    assert attention.author == "Ashish Vaswani, Noam Shazeer, Niki Parmar et al."
    assert attention.published == "2017"
    assert attention.section == ("Transformers",)  # JabRef groups
    assert bert.note == "arXiv preprint"
    assert bert.section == ()
    assert causal.author == "Bernhard Schölkopf, Francesco Locatello, Stefan Bauer, Nan Rosemary Ke"
    assert dropout.links == (Link("DOI", "https://doi.org/10.5555/2627435.2670313"),)
    assert dropout.note == "Journal of Machine Learning Research"
    assert book.note == "MIT Press"
    assert erdos.author == "László Lovász"


def test_broken_block_is_a_warning_with_its_line(papers) -> None:
    assert papers.warnings == ("BibTeX entry at line 58 (@article{broken2020,) cannot be parsed; skipped",)


def test_nothing_parses(data_dir: Path) -> None:
    with pytest.raises(ImportFormatError, match="no BibTeX entries could be read"):
        bibtex.parse((data_dir / "bibtex" / "only-broken.bib").read_bytes())


def test_duplicate_keys_and_eprinttype() -> None:
    data = (
        b"@online{a, title={One}, eprinttype={arxiv}, eprint={arXiv:2001.08361v2}}\n"
        b"@article{a, title={Two}, doi={https://doi.org/10.1/x.}}\n"
    )
    lst = bibtex.parse(data)
    assert [(i.title, i.url) for i in lst.items] == [("One", "https://arxiv.org/abs/2001.08361v2")]
    assert lst.warnings == (
        "BibTeX entry at line 2 (@article{a, title={Two}, doi={https://doi.org/10.1/x.}}) duplicate key; skipped",
    )


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"{\"o}", "ö"),
        (r"Gr\"{o}bner", "Gröbner"),
        (r"\'{E}cole", "École"),
        (r"{\c{C}}a va", "Ça va"),
        (r"\emph{Deep} {L}earning", "Deep Learning"),
        (r"50\% of A \& B", "50% of A & B"),
        ("{unbalanced", "unbalanced"),
    ],
)
def test_clean_latex(latex: str, plain: str) -> None:
    assert bibtex.clean_latex(latex) == plain


def test_empty_refused() -> None:
    with pytest.raises(ImportFormatError):
        bibtex.parse(b"  \n")


def test_sniff() -> None:
    assert bibtex.sniff("% refs\n@article{a, title={x}}\n") == 90
    assert bibtex.sniff("Mail me @ home {now}\n") == 0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_readinglist_errors(data: bytes) -> None:
    with contextlib.suppress(ReadingListError):
        bibtex.parse(b"@article{" + data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="@{}=,\"\\'abc 12\n%#", max_size=200))
def test_random_bibtex_text_only_raises_readinglist_errors(text: str) -> None:
    with contextlib.suppress(ReadingListError):
        bibtex.parse(text.encode())


def test_text_made_of_the_splitters_marks_is_refused_before_it_reads_them() -> None:
    """bibtexparser's splitter spends ~1.5 us in Python on each brace, quote, comma or equals sign."""
    hostile = "@article{a, url={https://e.org/a}, title = {" + "{}" * 5000 + "}}"
    with pytest.raises(ImportFormatError, match=r"10,0\d\d of its 10,0\d\d characters are braces"):
        bibtex.parse(hostile.encode())


def test_dense_real_shaped_entries_still_import() -> None:
    """IEEE Xplore exports carry empty and short fields (``volume={}, number={}, year={2013}``): the densest real
    shape, about one mark in five characters, stays under the refusal."""
    entry = (
        "@INPROCEEDINGS{{S{0}, \nauthor={{R. Scandariato and J. Walden}}, \nbooktitle={{ISSRE}}, \n"
        "title={{Static analysis versus penetration testing {0}}}, \nyear={{2013}}, \nvolume={{}}, \nnumber={{}}, \n"
        "pages={{451-460}}, \ndoi={{10.1109/ISSRE.2013.{0}}}, \nmonth={{Nov}},}}\n\n"
    )
    text = "".join(entry.format(i) for i in range(300))
    assert sum(text.count(c) for c in '{}",=') / len(text) > 0.15
    assert len(bibtex.parse(text.encode()).items) == 300


def test_web_pages_cited_in_howpublished_and_books_by_isbn_get_their_links(data_dir: Path) -> None:
    result = bibtex.parse((data_dir / "bibtex" / "course_references.bib").read_bytes())
    got = [(i.title, i.url, i.kind) for i in result.items]
    assert got == [
        ("Biological Circuit Design", "https://biocircuits.github.io", Kind.POST),
        (
            "An Introduction to Systems Biology: Design Principles of Biological Circuits",
            "https://openlibrary.org/isbn/9781439837177",
            Kind.BOOK,
        ),
        ("Biomolecular Feedback Systems", None, Kind.BOOK),
        (
            "Principles of Synthetic Biology: course materials for UC Berkeley BioE 147/247",
            "https://github.com/ArkinLaboratory/posb2026",
            Kind.REPOSITORY,
        ),
    ]


def test_a_url_field_wins_over_the_text_and_the_isbn_becomes_an_extra_link() -> None:
    text = (
        "@book{dl, title = {Deep Learning}, url = {https://www.deeplearningbook.org/}, isbn = {978-0-262-03561-3},"
        " note = {Available at https://example.org/mirror.}}\n"
        "@misc{m, title = {Notes}, note = {Available at https://example.org/notes.}}\n"
    )
    first, second = bibtex.parse(text.encode()).items
    assert first.url == "https://www.deeplearningbook.org/"
    assert first.links == (
        Link("Link", "https://example.org/mirror"),
        Link("Open Library", "https://openlibrary.org/isbn/9780262035613"),
    )
    assert second.url == "https://example.org/notes"
