"""Works a real list names without a link of their own (issue 14: keep or report, never drop silently): links
still to be found (``[Title]()``), quoted bold titles, and a heading over a line of one generic link. Fixtures in
tests/data/fidelity are trimmed from the public lists named in its README; expected items counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import parse
from readinglist.importers._headings import named_work
from readinglist.importers.markdown.inline import _generic
from readinglist.kinds import Kind
from readinglist.types import ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def load(name: str, **kwargs: object) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, **kwargs)  # type: ignore[arg-type]


# --- [Title]() and [Title](#): a work whose link is still to be found ----------------------------------------


def test_links_without_a_target_keep_their_work_by_title_with_a_warning() -> None:
    result = load("placeholder_links.md")
    assert len(result.items) == 23
    assert [(i.title, i.description) for i in result.items if i.url is None] == [
        ("Statistical Inference", "Book"),
        ("Bayesian Data Analysis", "Book"),
        ("Linear Model with R", "Book"),
        ("Regression Shrinkage and Selection via the Lasso", "Paper"),
        ("Least Angle Regression", "Book"),
        ("XGBoost: A Scalable Tree Boosting System", "Paper"),
        ("Deep Forest: Towards An Alternative to Deep Neural Networks", "Paper"),
        ("A Split-and-Conquer Approach for Analysis of Extraordinarily Large Data", "Paper"),
        ("A Communication-Efficient Parallel Algorithm for Decision Tree", "Paper"),
    ]
    assert result.items[2].section == ("Probability & Statistics",)
    assert result.warnings == (
        "9 link(s) without a target ([title]() or [title](#)): their items are kept by title without a link",
    )


def test_a_hash_target_is_a_placeholder_but_an_anchor_is_not() -> None:
    text = "# Papers\n\n- [Attention Is All You Need](#)\n- [Intro](#intro)\n- [BERT](https://arxiv.org/abs/1810.04805)\n"
    result = parse(text.encode(), format="markdown")
    assert [(i.title, i.url) for i in result.items] == [
        ("Attention Is All You Need", None),
        ("BERT", "https://arxiv.org/abs/1810.04805"),
    ]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("1 link(s) without a target")


def test_empty_html_links_stay_buttons_and_anchors() -> None:
    page = (
        '<html><body><ul><li><a href="">Menu</a></li><li><a href="#">Top</a></li>'
        '<li><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></li></ul></body></html>'
    )
    result = parse(page.encode(), format="html")
    assert [i.title for i in result.items] == ["Attention Is All You Need"]
    assert not any("without a target" in w for w in result.warnings)


# --- bold titles in quotes ------------------------------------------------------------------------------------


def test_quoted_bold_titles_under_a_reading_section_are_works_without_links() -> None:
    result = load("quoted_titles_no_links.md")
    assert [i.title for i in result.items] == [
        "Mathematics for Machine Learning",
        "The Elements of Statistical Learning",
        "Pattern Recognition and Machine Learning",
        "Deep Learning",
        "Neural Networks and Deep Learning",
        "Dive into Deep Learning",
        "Hands-On Machine Learning",
        "The Hundred-Page Machine Learning Book",
        "Machine Learning Yearning",
        "The AI Ladder",
        "Competing in the Age of AI",
        "AI Superpowers",
        "The Master Algorithm",
    ]  # not "LLMs and Reasoning" or "Fast.ai Course Notebooks": unquoted bold labels under other headings
    first = result.items[0]
    assert first.url is None and first.section == ("📖 Foundational Books", "Mathematics for ML")
    assert first.description is not None and first.description.startswith("Deisenroth, Faisal, Ong")
    assert result.items[-1].description == "Pedro Domingos"


def test_unquoted_bold_labels_need_a_heading_about_reading_of_their_own() -> None:
    text = "# Reading list\n\n## Setup\n\n1. **Clone** the repository\n2. **Install** the package\n\n- [A](https://a.org/x)\n"
    assert [i.title for i in parse(text.encode(), format="markdown").items] == ["A"]


# --- a heading over a line of one generic link ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "document"])  # its file name says Markdown; its text, prose
def test_a_heading_names_the_work_its_generic_link_line_opens(fmt: str) -> None:
    result = load("heading_items_remark_links.md", format=fmt)
    assert [(i.title, i.kind, i.description, i.section) for i in result.items[:2]] == [
        (
            "A Few Useful Things to Know About Machine Learning",
            Kind.PAPER,
            "Pedro Domingos",
            ("📘 Supervised Learning",),
        ),
        (
            "Understanding the Bias-Variance Tradeoff",
            Kind.PAPER,
            "Scott Fortmann-Roe",
            ("📘 Supervised Learning",),
        ),
    ]
    assert [(i.title, i.kind) for i in result.items[2:]] == [
        ("The Strength of Weak Learnability", Kind.PAPER),
        ("XGBoost: A Scalable Tree Boosting System", Kind.PAPER),
        ("Reinforcement Learning: An Introduction", Kind.BOOK),  # "→ [Link (free)](...)", an italic title
        ("Playing Atari with Deep Reinforcement Learning", Kind.PAPER),
        ("Proximal Policy Optimization Algorithms", Kind.PAPER),
        ("Deep Learning", Kind.BOOK),  # a book at a site's root: not taken for a person's home page
        ("Data Leakage in ML", Kind.PAPER),
    ]
    assert result.items[4].url == "http://incompleteideas.net/book/the-book-2nd.html"
    assert parse((DATA / "heading_items_remark_links.md").read_bytes()).format == "document"  # sniffed: prose


def test_named_work_reads_kind_label_title_and_the_rest() -> None:
    assert named_work("📄 Paper: A Few Useful Things – Pedro Domingos", "A Few Useful Things") == (
        Kind.PAPER,
        "A Few Useful Things",
        "Pedro Domingos",
    )
    assert named_work("Attention: A Survey") == (None, "Attention: A Survey", None)  # no kind, no label
    assert named_work("[Video] Intro to LLMs") == (Kind.VIDEO, "Intro to LLMs", None)
    assert named_work("Read this first", "this") == (
        None,
        "Read this first",
        None,
    )  # words before the emphasis


def test_a_generic_link_text_with_a_remark_is_still_generic() -> None:
    assert _generic("Link (free)") and _generic("PDF (arXiv)") and _generic("Paper (2017)")
    assert not _generic("Attention (2017)") and not _generic("(free)")


# --- a table whose link column holds bare URLs -------------------------------------------------------------------


def test_bare_urls_in_a_table_are_its_rows_links() -> None:
    """tests/data/fidelity/table_bare_urls.md: a Link column of bare URLs (GitHub shows them as links); its rows
    were items without links, the URL left in their description. A URL in a code span stays text."""
    result = load("table_bare_urls.md")
    assert result.format == "markdown"
    assert [(i.title, i.url) for i in result.items] == [
        (
            "A Survey on Large Language Model-based Agents for Statistics and Data Science",
            "https://arxiv.org/abs/2412.14222v2",
        ),
        ("AIDE: AI-Driven Exploration in the Space of Code", "https://arxiv.org/abs/2502.13138v1"),
        (
            "ColaCare: Enhancing Electronic Health Record Modeling through Large Language Model-Driven Multi-Agent "
            "Collaboration",
            "https://doi.org/10.1145/3696410.3714877",
        ),
        (
            "Large Language Models Streamline Automated Machine Learning for Clinical Studies",
            "https://www.nature.com/articles/s41467-024-45879-8",
        ),
    ]
    assert result.items[2].description == "Author: Zixiang Wang, Yinghao Zhu; Venue: WWW ’25 (ACM Web Conference); Year: 2025"
    code = "| Title | Note |\n|---|---|\n| A | `https://a.org/x` |\n| B | [B](https://b.org/y) |\n"
    # a URL in a code span is no link: row A is a work under "Title" whose link is missing, kept without one
    assert [(i.title, i.url) for i in parse(code.encode(), format="markdown").items] == [
        ("A", None),
        ("B", "https://b.org/y"),
    ]
