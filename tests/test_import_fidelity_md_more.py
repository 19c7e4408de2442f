"""More real Markdown lists the importer lost works from: a list of titles beside a sentence describing one of them,
and "free online" / "download online" links
after an italic title. Fixtures in tests/data/fidelity are trimmed from the public lists named in its README; the
expected items were counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import parse
from readinglist.importers.markdown.inline import _generic
from readinglist.types import ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def load(name: str, **kwargs: object) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, **kwargs)  # type: ignore[arg-type]


def markdown(text: str) -> ListToImport:
    return parse(text.encode(), filename="list.md")


# --- titles beside a sentence describing them ---------------------------------------------------------------


def test_a_sentence_after_a_title_describes_it() -> None:
    result = markdown(
        "# Reading list\n\n## Books\n\n"
        "- *Gödel, Escher, Bach*\n"
        "- A playful braid of logic, art and music that keeps coming back to self-reference.\n"
        "- **The Pragmatic Programmer** by Hunt & Thomas\n"
        "- *Structure and Interpretation of Computer Programs*\n"
    )
    assert [(i.title, i.url, i.description) for i in result.items] == [
        (
            "Gödel, Escher, Bach",
            None,
            "A playful braid of logic, art and music that keeps coming back to self-reference.",
        ),
        ("The Pragmatic Programmer", None, "by Hunt & Thomas"),
        ("Structure and Interpretation of Computer Programs", None, None),
    ]


def test_sentence_lists_stay_non_items() -> None:
    with pytest.raises(Exception, match="no links to import"):
        markdown(
            "# Reading list\n\n## Reading tips\n\n"
            "- **Read** the paper first.\n"
            "- Then write a summary of it in your own words before the class meets.\n"
            "- **Discuss** it with your group.\n"
            "- Finally write the review and hand it in before the deadline.\n"
        )


def test_a_sentence_opening_the_list_still_refuses_it() -> None:
    with pytest.raises(Exception, match="no links to import"):
        markdown(
            "# Reading list\n\n## Books\n\n"
            "- This list collects the books I enjoyed most during the last year of school.\n"
            "- *Dune*\n"
            "- *Foundation*\n"
        )


def test_one_title_beside_a_sentence_is_no_list_of_works() -> None:
    with pytest.raises(Exception, match="no links to import"):
        markdown(
            "# Reading list\n\n## Books\n\n"
            "- *Dune*\n"
            "- I never finished it, but the first half was the best thing I read all year.\n"
        )


# --- generic "free online" links after an italic title (be-next/awesome-performance-engineering) -----------------


def test_free_online_links_take_the_italic_title() -> None:
    result = load("observability_books_free_online.md")
    books = [i for i in result.items if i.section == ("Learning Resources", "Books")]
    assert [(i.title, i.url, i.description) for i in books] == [
        ("Observability Engineering", None, "Charity Majors, Liz Fong-Jones, George Miranda (O'Reilly, 2022)"),
        (
            "Distributed Systems Observability",
            "https://www.oreilly.com/library/view/distributed-systems-observability/9781492033431/",
            "Cindy Sridharan (O'Reilly, 2018)",
        ),
        ("Cloud Native Observability with OpenTelemetry", None, "Alex Boten (Packt, 2022)"),
        (
            "Site Reliability Engineering",
            "https://sre.google/sre-book/table-of-contents/",
            "Betsy Beyer et al. (O'Reilly / Google, 2016)",
        ),
        (
            "BPF Performance Tools",
            None,
            "Brendan Gregg (Addison-Wesley, 2019) — The definitive reference for eBPF-based performance analysis",
        ),
        (
            "Systems Performance",
            None,
            "Brendan Gregg (Addison-Wesley, 2nd ed. 2020) — Essential reading for anyone serious about performance "
            "engineering",
        ),
    ]
    # 2 tools, 6 books, 3 online resources; the Contributing and License links are not items
    assert len(result.items) == 11


def test_free_online_textbooks_are_titled_by_their_line() -> None:
    """ntu-nail/CE7455: plain titles before "[free online](u)" and "[online](u)"."""
    result = load("optional_textbooks_free_online.md")
    textbooks = [i for i in result.items if i.section == ("Course Objectives", "Optional Textbooks")]
    assert [(i.title, i.url) for i in textbooks] == [
        ("Deep Learning by Goodfellow, Bengio, and Courville", "http://www.deeplearningbook.org/"),
        (
            "Machine Learning — A Probabilistic Perspective by Kevin Murphy",
            "https://doc.lagout.org/science/Artificial%20Intelligence/Machine%20learning/"
            "Machine%20Learning_%20A%20Probabilistic%20Perspective%20%5BMurphy%202012-08-24%5D.pdf",
        ),
        (
            "Natural Language Processing by Jacob Eisenstein",
            "https://github.com/jacobeisenstein/gt-nlp-class/blob/master/notes/eisenstein-nlp-notes.pdf",
        ),
        # "(3rd ed. draft)" is a remark alone, which names the work (tests/test_import_fidelity_titles.py: "(free)")
        ("(3rd ed. draft)", "https://web.stanford.edu/~jurafsky/slp3/"),
    ]
    # 4 textbooks and 3 suggested readings; the sentence lists of the course's approach and assessment, and the
    # Pytorch link of a paragraph, are not items
    assert len(result.items) == 7


@pytest.mark.parametrize(
    "text",
    ["download online", "Download Online", "online", "free online", "Free Online", "read online", "download pdf"],
)
def test_kind_of_link_texts_are_generic(text: str) -> None:
    assert _generic(text)


@pytest.mark.parametrize("text", ["Online Learning", "Free Software, Free Society", "Download the Universe"])
def test_titles_with_those_words_are_not_generic(text: str) -> None:
    assert not _generic(text)


def test_italic_title_by_bold_authors_before_a_generic_link() -> None:
    result = markdown(
        "# Books\n\n"
        "- _Reinforcement Learning: An Introduction_ by **Richard S. Sutton & Andrew G. Barto** "
        "[download online](http://incompleteideas.net/book/the-book-2nd.html)\n"
        "- **Book:** *The Linux Command Line* by William Shotts — [free online](https://linuxcommand.org/tlcl.php)\n"
        "- *Smith et al.* **A Bold Title** [pdf](https://example.org/bold.pdf)\n"
    )
    assert [(i.title, i.url, i.description) for i in result.items] == [
        (
            "Reinforcement Learning: An Introduction",
            "http://incompleteideas.net/book/the-book-2nd.html",
            "by Richard S. Sutton & Andrew G. Barto",
        ),
        ("The Linux Command Line", "https://linuxcommand.org/tlcl.php", "by William Shotts"),
        ("A Bold Title", "https://example.org/bold.pdf", "Smith et al."),  # bold names the work there
    ]
