"""More real Markdown lists the importer lost works from: works named in paragraphs without links ("🔵 *Title* by
Author"), a list of titles beside a sentence describing one of them, and "free online" / "download online" links
after an italic title. Fixtures in tests/data/fidelity are trimmed from the public lists named in its README; the
expected items were counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import parse
from readinglist.importers.markdown import _front_matter
from readinglist.importers.markdown.events import build
from readinglist.importers.markdown.inline import _generic, _inline_view
from readinglist.importers.markdown.linkless import _named_line, _split_lines
from readinglist.importers.markdown.walker import _Walker
from readinglist.types import ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def load(name: str, **kwargs: object) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, **kwargs)  # type: ignore[arg-type]


def markdown(text: str) -> ListToImport:
    return parse(text.encode(), filename="list.md")


# --- works named in paragraphs (t7snow/tuckersnow.com) --------------------------------------------------------

QUARTERLY_NAMED = [
    ("Computing Machinery and Intelligence", "by Alan Turing", ("foundational",)),
    ("A Mathematical Theory of Communication", "by Claude Shannon", ("foundational",)),
    ("Time, clocks, and the ordering of events in a distributed system", "Leslie Lamport", ("foundational",)),
    ("Communicating Sequential Processes", "C. A. R. Hoare", ("foundational",)),
    ("The Art of Compiler Design: Theory and Practice", "Alfred V. Aho", ("foundational",)),
    ("Attention Is All You Need", "Vaswani et al.", ("machine learning",)),
    ("Generative Adversarial Nets", "Ian Goodfellow et al.", ("machine learning",)),
    ("Language Models are Few-Shot Learners", "by Tom B. Brown et al.", ("machine learning",)),
    ("End-to-End Arguments in System Design", "J.H. Saltzer, D.P. Reed, and D.D. Clark", ("networking",)),
    ("Congestion avoidance and control", "V. Jacobson", ("networking",)),
]
QUARTERLY_LINKED = [
    ("The Annotated Transformer", "https://nlp.seas.harvard.edu/annotated-transformer/"),
    ("The First Law of Complexodynamics", "https://scottaaronson.blog/?p=762"),
    ("The Unreasonable Effectiveness of RNNs", "https://karpathy.github.io/2015/05/21/rnn-effectiveness/"),
    ("Understanding LSTM Networks", "https://colah.github.io/posts/2015-08-Understanding-LSTMs/"),
]


def _paragraph_lines(name: str) -> list[tuple[str, str] | None]:
    """What :func:`_named_line` reads from each line of each paragraph of a fixture, in order."""
    tree = build((DATA / name).read_text(encoding="utf-8"))
    return [
        _named_line(line)
        for node in tree.root.children
        if node.type == "paragraph"
        for line in _split_lines(_inline_view(node))
    ]


def test_each_emphasised_title_by_its_author_is_one_named_line() -> None:
    read = _paragraph_lines("quarterly_paper_paragraphs.md")
    named = [line for line in read if line is not None]
    # 10 lines name a work; the 2 prose paragraphs and the 4 linked lines do not (16 lines in all)
    assert len(read) == 16
    assert [title for title, _ in named] == [title for title, _, _ in QUARTERLY_NAMED]
    assert named[2] == ("Time, clocks, and the ordering of events in a distributed system", "- Leslie Lamport")


def walk_paragraphs(text: str) -> _Walker:
    """A real walker given a document's headings and its paragraphs' inline nodes through
    :meth:`~readinglist.importers.markdown.linkless._LinklessRules.named_paragraph`, in document order: the rule
    alone, as the walker asks it of a paragraph without links (the end-to-end tests below go through the parse)."""
    text, page_title = _front_matter(text)
    walker = _Walker(None)
    walker.page_title = page_title
    for node in build(text).root.children:
        if node.type == "heading":
            walker.heading(node)
        elif node.type == "paragraph":
            walker.named_paragraph(_inline_view(node))
    return walker


def test_runs_of_named_paragraphs_are_works_in_their_sections() -> None:
    walker = walk_paragraphs((DATA / "quarterly_paper_paragraphs.md").read_text(encoding="utf-8"))
    assert [(i.title, i.description, i.section) for i in walker.items] == QUARTERLY_NAMED
    assert all(i.url is None for i in walker.items)
    assert walker.named_paragraphs == 10


def test_quarterly_paper_list_keeps_the_works_named_in_paragraphs() -> None:
    result = load("quarterly_paper_paragraphs.md")
    assert [(i.title, i.description, i.section) for i in result.items[:10]] == QUARTERLY_NAMED
    # the linked paragraphs are links in prose: still items, the works of paragraphs not counting as listed
    assert [(i.title, i.url) for i in result.items[10:]] == QUARTERLY_LINKED


def test_quarterly_paper_list_linked_paragraphs_stay_items() -> None:
    result = load("quarterly_paper_paragraphs.md")
    assert [(i.title, i.url) for i in result.items if i.url] == QUARTERLY_LINKED


def test_prose_and_lone_emphasis_are_no_named_lines() -> None:
    lines = [
        "If you have any recommendations, for real, dm me on *Twitter* @t7snow !",
        "*Note* - this page is a draft",  # the author part is no list of names
        "*Update* - Added two papers",
        "**Reading order:** by topic",  # a label
        "*Dune* by Frank Herbert, which I loved.",  # a sentence about the work, not its authors
        "🔵 *Attention Is All You Need* - Vaswani et al. and *BERT*",  # more emphasis: two works or prose
    ]
    for text in lines:
        (node,) = [n for n in build(text).root.children if n.type == "paragraph"]
        assert [_named_line(line) for line in _split_lines(_inline_view(node))] == [None], text


def test_a_lone_named_paragraph_is_held_not_added() -> None:
    walker = walk_paragraphs("# Reading list\n\n## Papers\n\n*Dune* by Frank Herbert\n\n## Other\n\n*Emma* by Jane Austen\n")
    assert walker.items == []  # one line per section: no run of works


def test_named_lines_outside_a_reading_section_are_not_works() -> None:
    walker = walk_paragraphs("# Release notes\n\n## Changes\n\n*Parser* - Ada Lovelace\n*Exporter* - Alan Turing\n")
    assert walker.items == []


def test_a_paragraph_of_two_named_lines_is_a_run() -> None:
    walker = walk_paragraphs("# Reading list\n\n## Novels\n\n*Dune* by Frank Herbert\n*Emma* by Jane Austen\n")
    assert [(i.title, i.description, i.section) for i in walker.items] == [
        ("Dune", "by Frank Herbert", ("Novels",)),
        ("Emma", "by Jane Austen", ("Novels",)),
    ]


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
