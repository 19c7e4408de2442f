"""Real Markdown lists of shapes the importer got wrong (issue 14: keep or report, never drop silently): a Jekyll
front matter read as a heading, paper tables whose titles sit in a "Paper" column beside bare URLs, a course
schedule with numbered notebook links, ``**Title**. Authors. [paper](u)`` citations, and a list of books read
with italic titles and no links. Fixtures in tests/data/fidelity are trimmed from the public lists named in its
README; the expected items were counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import parse
from readinglist.types import ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def load(name: str, **kwargs: object) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, **kwargs)  # type: ignore[arg-type]


# --- front matter ---------------------------------------------------------------------------------------------


def test_front_matter_names_the_list_and_is_no_topic() -> None:
    result = load("front_matter_paper_list.md", source_url="https://ijjustinkim.github.io/paper-list/")
    assert result.title == "Paper List"  # the front matter's title; "# Papers Read" is a topic, not the title
    assert [(i.title, i.url, i.section) for i in result.items] == [
        ("SRN", "https://ijjustinkim.github.io/srn/", ("Papers Read",)),
        ("Transformer", "https://ijjustinkim.github.io/transformer/", ("Papers Read",)),
        ("RARE", "https://ijjustinkim.github.io/rare/", ("Papers Read",)),
        ("BERT", "https://arxiv.org/pdf/1810.04805.pdf", ("Papers coming up soon",)),
        ("ASTER", "https://ieeexplore.ieee.org/document/8395027", ("Papers coming up soon",)),
        ("SATRN", "https://arxiv.org/pdf/1910.04396.pdf", ("Papers coming up soon",)),
        ("Label Smoothing", "https://arxiv.org/pdf/1906.02629.pdf", ("Papers coming up soon",)),
    ]


def test_site_pages_without_a_base_are_kept_by_title_with_a_warning() -> None:
    result = load("front_matter_paper_list.md")
    assert [(i.title, i.url) for i in result.items[:3]] == [("SRN", None), ("Transformer", None), ("RARE", None)]
    assert len(result.items) == 7
    assert any("3 relative link(s)" in w for w in result.warnings)


def test_front_matter_title_matching_the_first_heading_is_the_title_once() -> None:
    text = "---\nlayout: page\ntitle: 'Readings'\n---\n\n# Readings\n\n- [A](https://a.org/x)\n- [B](https://b.org/y)\n"
    result = parse(text.encode(), format="markdown")
    assert result.title == "Readings"
    assert [i.section for i in result.items] == [(), ()]
    # a rule and a setext heading that are not key: value lines are Markdown, not front matter
    text = "---\nRecommended reading\n---\n\n- [A](https://a.org/x)\n"
    result = parse(text.encode(), format="markdown")
    assert [i.section for i in result.items] == [("Recommended reading",)]


# --- tables ---------------------------------------------------------------------------------------------------


def test_paper_table_titles_come_from_the_paper_column_and_urls_from_the_url_column() -> None:
    result = load("gnn_paper_columns.md")
    assert len(result.items) == 10
    by_title = {i.title: i for i in result.items}
    assert [i.title for i in result.items[:4]] == [
        "Spectral Networks and Locally Connected Networks on Graphs",
        "Deep Convolutional Networks on Graph-Structured Data",
        "Convolutional Neural Networks on Graphs with Fast Localized Spectral Filtering",
        "Simple Spectral Graph Convolution",
    ]
    cheby = by_title["Convolutional Neural Networks on Graphs with Fast Localized Spectral Filtering"]
    assert cheby.url == "https://proceedings.neurips.cc/paper/2016/hash/04df4d434d481c5bb723be1b6df1ee65-Abstract.html"
    assert [link.url for link in cheby.links] == ["https://github.com/mdeff/cnn_graph"]  # the code column: extra
    assert cheby.description == "GNN: ChebyNet; Journal or Conference: NeurIPS 2016"  # no "Number: 3"
    assert by_title["Deep Convolutional Networks on Graph-Structured Data"].description is None
    # a row without any link under "Paper" is a work whose link is missing: kept, without URL
    mcn = by_title["Higher-order Graph Convolutional Networks"]
    assert (mcn.url, mcn.description) == (None, "GNN: MCN")
    assert [i.section[-1] for i in result.items] == ["Based on graph Fourier transform"] * 4 + [
        "Graph Scattering Transforms"
    ] * 2 + ["Attentional GNNs"] * 4


def test_schedule_with_numbered_notebook_links_is_one_item_per_session_with_material() -> None:
    base = "https://jdossgollin.github.io/environmental-data-science/"
    result = load("course_schedule_numbered_links.md", source_url=base)
    # "1.1", "1.2", "1.3" number the notebooks of one session: the Title column names it; sessions without
    # material (lectures, a midterm, a recess) are no work to read
    assert [(i.title, i.url, i.section, i.description) for i in result.items] == [
        (
            "Introduction to Julia",
            "https://jdossgollin.github.io/installation/",
            ("Topics",),
            "Week: 1; Format: Asynchronous",
        )
    ]
    assert [link.url for link in result.items[0].links] == [
        "https://jdossgollin.github.io/basic_syntax/",
        "https://jdossgollin.github.io/plots_tutorial/",
    ]


def test_a_table_of_links_keeps_the_text_of_a_title_cell_that_names_nothing() -> None:
    text = (
        "| Date | Topic | Slides | Video |\n| --- | --- | :---: | :---: |\n"
        "| 1/17 | Introduction | [<i class='fa fa-file-pdf-o'></i>](https://c.org/intro.pdf) "
        "| [<i class='fa fa-video-camera'></i>](https://v.org/1) |\n"
        "| 1/22 | [Data collection](https://c.org/scraping) | | |\n"
    )
    result = parse(text.encode(), format="markdown")
    # a date is no title: the topic names the first session; the second's topic is its link's own title
    assert [(i.title, i.url, i.description) for i in result.items] == [
        ("Introduction", "https://c.org/intro.pdf", "Date: 1/17"),
        ("Data collection", "https://c.org/scraping", "Date: 1/22"),
    ]


# --- lists ----------------------------------------------------------------------------------------------------


def test_bold_title_then_full_stop_describes_without_the_stop() -> None:
    result = load("cogdl_bold_titles.md")
    assert len(result.items) == 12
    first = result.items[0]
    assert (first.title, first.url, first.section) == (
        "Semi-Supervised Classification with Graph Convolutional",
        "https://arxiv.org/abs/1609.02907",
        ("GNN Architecture", "Most Influential"),
    )
    assert first.description == "Thomas N. Kipf, Max Welling. NeuIPS'17."
    lottery = next(i for i in result.items if i.title.startswith("A Unified Lottery"))
    assert lottery.description == "Tianlong Chen, Yongduo Sui, Xuxi Chen, Aston Zhang, Zhangyang Wang. ICML'21."
    assert not any((i.description or "").startswith(".") for i in result.items)
    assert [i.section for i in result.items].count(("Self-supervised Learning and Pre-training", "Most Influential")) == 2


def test_books_read_with_italic_titles_and_no_links_are_items() -> None:
    result = load("books_read_italic.md")
    assert [i.title for i in result.items] == [
        "Reinvent Yourself+",
        "Dark Eden+",
        "The Little Book of Hygge: The Danish Way to Live Well",
        "You're Never Weird on the Internet@",
        "Ready Player One@^",
        # the two asterisks inside the title are emphasis to CommonMark (GitHub renders "Sht ... Fcks" too)
        "Get Your Sht Together: How to Stop Worrying about What You Should Do So You Can Finish What You Need to "
        "Do and Start Doing What You Want to Do (No Fcks Given Guide)",
        "Eat and Run: My Unlikely Journey to Ultramarathon Greatness+",
    ]
    assert all(i.url is None for i in result.items)
    assert result.items[1].note == "Dark Eden, #1"
    assert result.items[1].description == "by Chris Beckett; 400pp (2018-01-26)"


def test_plain_titles_followed_by_their_citation_are_items() -> None:
    result = load("cited_titles_no_links.md")
    assert [(i.title, i.note, i.section) for i in result.items] == [
        ("Backpropagation", "Rumelhart et al., 1986", ("Neural Networks Fundamentals",)),
        ("Deep Residual Learning", "He et al., 2015", ("Neural Networks Fundamentals",)),
        ("Attention Is All You Need", "Vaswani et al., 2017", ("Transformers",)),
        ("BERT", "Devlin et al., 2018", ("Transformers",)),
        ("RAG", "Lewis et al., 2020", ("RAG",)),  # a topic of one paper
        ("LLM.int8()", "Dettmers et al., 2022", ("Deployment",)),  # the first parentheses hold no year
    ]
    assert all(i.url is None for i in result.items)


def test_a_plain_title_beside_linked_works_is_a_work_without_link() -> None:
    result = load("plain_titles_beside_links.md")
    assert [(i.title, i.url is not None, i.section[-1]) for i in result.items] == [
        ("Modern Operating Systems by Andrew S. Tanenbaum", True, "On Operating Systems & Networking"),
        ("Computer Networks by Andrew S. Tanenbaum", True, "On Operating Systems & Networking"),
        (
            "Research papers and articles by Van Jacobson (especially on congestion control)",
            False,
            "On Operating Systems & Networking",
        ),
        ("Design Patterns: Elements of Reusable Object-Oriented Software", False, "On Software Architecture & DevOps"),
        ("Site Reliability Engineering", False, "On Software Architecture & DevOps"),
    ]
    # the common shape of a personal list: some titles linked, the others not yet; brackets of a missing link go
    text = (
        "---\ntitle: reading list\n---\n## Technical\n- Elements of Computing Systems\n"
        "- [ML Interview Book](https://huyenchip.com/ml-interviews-book/)\n- [Building a mathematical mind]\n"
        "- OS: Three Easy Pieces\n"
    )
    result = parse(text.encode(), format="markdown")
    assert [(i.title, i.url) for i in result.items] == [
        ("Elements of Computing Systems", None),
        ("ML Interview Book", "https://huyenchip.com/ml-interviews-book/"),
        ("Building a mathematical mind", None),
        ("OS: Three Easy Pieces", None),
    ]


def test_plain_lines_are_no_works_when_they_are_sentences_labels_or_alone() -> None:
    head = "# Reading\n\n## Linked\n\n- [B](https://b.org/y)\n\n## Other reading\n\n"
    for lines in (
        "- [A](https://a.org/x)\n- Read these in order. Then the rest.\n",  # a sentence
        "- [A](https://a.org/x)\n- More coming soon\n",  # a placeholder
        "- [A](https://a.org/x)\n- Also:\n",  # a label
        "- [A](#a)\n- Plain title\n- Another plain title\n",  # beside anchors only
    ):
        titles = [i.title for i in parse((head + lines).encode(), format="markdown").items]
        assert titles == ["B", "A"][: 1 + lines.count("https")]


def test_plain_words_with_a_year_are_works_only_under_reading() -> None:
    steps = "1. Install the tools (2024)\n2. Run the tests (2024)\n"
    result = parse(("- [A](https://a.org/x)\n\n# Setup\n\n" + steps).encode(), format="markdown")
    assert [i.title for i in result.items] == ["A"]
    result = parse(b"# Papers\n\n- [A](https://a.org/x)\n- Plain words, then a sentence. Not a title\n")
    assert [i.title for i in result.items] == ["A"]


def test_italic_phrases_outside_a_reading_section_are_not_works() -> None:
    text = "# Setup\n\n## Steps\n\n1. _Install_ the tools\n2. _Run_ the tests\n"
    result = parse(("- [A](https://a.org/x)\n\n" + text).encode(), format="markdown")
    assert [i.title for i in result.items] == ["A"]


# --- raw HTML headings ----------------------------------------------------------------------------------------


def test_html_headings_are_the_title_and_topics() -> None:
    result = load("html_headings_course.md")
    assert result.title == "18.S191 Fall 2020 Course materials"
    course = "Introduction to Computational Thinking with Application to Real-World Problems"
    assert [(i.title, i.section) for i in result.items] == [
        ("Homework 0 Set up Julia and Pluto (Part 1)", (course, "Homeworks")),
        ("The Pluto notebook (static view)", (course, "Homeworks")),
        ("Playlist", (course, "Lectures")),
        ("Installation", (course, "Lectures")),
        ("Images", (course, "Lectures")),
    ]
    # reference-style links inside an HTML list in a table cell resolve like any other
    assert result.items[0].url == (
        "https://github.com/mitmath/18S191/blob/master/homework/homework0/Installing%20Julia%20%2B%20Pluto.md"
    )


def test_unclosed_html_headings_are_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from readinglist.importers.markdown import chunks

    monkeypatch.setattr(chunks, "MAX_DENSITY", float("inf"))  # the walker itself: this is refused as too dense
    text = "- [A](https://a.org/x)\n\n<div>" + "<h2>x" * 40_000 + "\n"
    started = time.perf_counter()
    result = parse(text.encode(), format="markdown")
    assert time.perf_counter() - started < 5
    assert [i.title for i in result.items] == ["A"]


# --- a paragraph of one link, described by the list under it --------------------------------------------------


def test_a_link_paragraph_is_described_by_the_linkless_list_under_it() -> None:
    result = load("link_paragraphs_described.md")
    assert [(i.title, i.tier) for i in result.items] == [
        ("Markdown Guide (Official)", 1),
        ("W3Schools Markdown Tutorial", 1),
        ("Daring Fireball (Markdown Syntax)", 1),
        ("Markdown: The Definitive Guide by Matt Cone", 1),
        ("Markdown Guide (Extended)", 2),
        ("GitHub Flavored Markdown (GFM) Guide", 2),
    ]
    assert result.items[0].description == (
        "A comprehensive, beginner-friendly guide to learning Markdown. It includes basic syntax and practical "
        "examples to help you get started."
    )
    assert result.items[4].description.startswith("A more in-depth guide covering advanced syntax")
    # a sentence around its link is no link alone: the list under it does not describe the link
    text = (
        "Start with [The Guide](https://g.org/x), it is short and covers the basics well.\n\n- one\n- two\n\n"
        "**[Second](https://g.org/y)**\n\n**[Third](https://g.org/z)**\n   - the third one\n"
    )
    result = parse(text.encode(), format="markdown")
    assert [(i.title, i.description) for i in result.items] == [
        ("The Guide", None),
        ("Second", None),
        ("Third", "the third one"),
    ]


# --- a work's name on one line, its links on the next ----------------------------------------------------------


def test_a_link_on_the_continuation_line_of_an_item_is_its_link() -> None:
    result = load("continuation_line_links.md")
    # "- Title" then "\[[PDF](u)\]" on the next line: three of the four papers were dropped for want of a URL
    assert [(i.title, i.url, i.section, i.description) for i in result.items] == [
        ("Consistency Models", "https://arxiv.org/pdf/2303.01469.pdf", ("2023",), None),
        (
            "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
            "https://arxiv.org/pdf/2209.03003.pdf",
            ("2023",),
            "ICLR",
        ),
        (
            "DPM-Solver: A Fast ODE Solver for Diffusion Probabilistic Model Sampling in Around 10 Steps",
            "https://arxiv.org/pdf/2206.00927.pdf",
            ("2022",),
            None,
        ),
        ("Progressive Distillation for Fast Sampling of Diffusion Models", "https://arxiv.org/pdf/2202.00512.pdf", ("2022",), "ICLR"),
    ]


def test_a_title_line_over_a_list_of_its_generic_links_is_one_item() -> None:
    result = load("title_line_then_generic_links.md")
    assert result.title == "Diffusion Models in CV"  # from the front matter
    assert [(i.title, i.url, [link.url for link in i.links]) for i in result.items] == [
        (
            "Scalable Diffusion Models with Transformers",
            "https://arxiv.org/abs/2212.09748",
            ["https://github.com/facebookresearch/DiT"],
        ),
        (
            "Fast Inference in Denoising Diffusion Models via MMD Finetuning",
            "https://arxiv.org/abs/2301.07969",
            ["https://github.com/diegovalsesia/MMD-DDM"],
        ),
    ]
    assert result.items[0].links[0].title == "Code"
    # a line over a list of works with titles of their own stays out of them
    text = "Some papers we like\n- [Paper A](https://a.org/x)\n- [Paper B](https://b.org/y)\n"
    assert [i.title for i in parse(text.encode(), format="markdown").items] == ["Paper A", "Paper B"]


def test_the_document_importer_reads_a_title_line_over_its_labelled_links_as_one_work() -> None:
    from readinglist.importers import document

    result = document.parse((DATA / "title_line_then_generic_links.md").read_bytes())
    # "[Paper] https://..." was an item titled "Paper]" and its code another item, both under the first title
    assert [(i.section, i.title, i.url, [(link.title, link.url) for link in i.links]) for i in result.items] == [
        (
            ("Relevant Research Papers",),
            "Scalable Diffusion Models with Transformers",
            "https://arxiv.org/abs/2212.09748",
            [("Code", "https://github.com/facebookresearch/DiT")],
        ),
        (
            ("Relevant Research Papers",),
            "Fast Inference in Denoising Diffusion Models via MMD Finetuning",
            "https://arxiv.org/abs/2301.07969",
            [("Code", "https://github.com/diegovalsesia/MMD-DDM")],
        ),
    ]
    # a line over a link with a title of its own is not that link's title
    text = b"Some reading\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n- [Code](https://github.com/x/y)\n"
    assert [(i.title, len(i.links)) for i in document.parse(text).items] == [("Attention Is All You Need", 1)]


# --- a heading per work over a list of its properties ---------------------------------------------------------


def test_a_heading_over_a_list_of_its_properties_is_one_work_with_its_progress() -> None:
    from readinglist.types import Kind, Status

    result = load("reading_log_properties.md")
    assert result.title == "Reading List"
    # the "url" fields were two items titled "url"; the four books without one were lost
    assert [(i.title, i.url, i.section, i.status) for i in result.items] == [
        ("Clean Code - Robert C. Martin", "https://www.amazon.com/dp/0132350882", ("📚 To Read",), None),
        ("Introduction to Algorithms", None, ("📚 To Read",), None),
        ("Design Patterns", None, ("📚 To Read",), None),
        ("The Go Programming Language", None, ("📖 Reading",), Status.READING),
        ("Effective Go", "https://go.dev/doc/effective_go", ("✅ Done",), Status.READ),
        ("The Pragmatic Programmer", None, ("✅ Done",), Status.READ),
    ]
    go = result.items[4]
    assert (go.kind, go.author, go.rating, go.read_at) == (Kind.POST, "Go Team", 5, "2024-08-22")
    assert go.description == (
        "tags: #golang #official-docs #article; started: 2024-08-20; "
        "review: Essential reading for Go developers. Clear explanations of idiomatic Go patterns."
    )
    assert (result.items[1].kind, result.items[1].author) == (Kind.BOOK, "Cormen, Leiserson, Rivest, Stein")


def test_a_heading_over_bold_labelled_steps_stays_a_topic() -> None:
    text = (
        "# Guide\n\n## Setup\n\n- **Install**: run the installer\n- **Configure**: edit the file\n\n"
        "## Reading\n\n- [SICP](https://mitpress.mit.edu/sicp)\n"
    )
    result = parse(text.encode(), format="markdown")
    assert [(i.title, i.section) for i in result.items] == [("SICP", ("Reading",))]


def test_a_reading_log_imports_with_its_progress(lib) -> None:  # type: ignore[no-untyped-def]
    from readinglist.types import Status

    lib.import_list(str(DATA / "reading_log_properties.md"), name="log")
    assert [(e.title, e.status, e.rating) for e in lib.entries("log")] == [
        ("Clean Code - Robert C. Martin", Status.UNREAD, None),
        ("Introduction to Algorithms", Status.UNREAD, None),
        ("Design Patterns", Status.UNREAD, None),
        ("The Go Programming Language", Status.READING, None),
        ("Effective Go", Status.READ, 5),
        ("The Pragmatic Programmer", Status.READ, 5),
    ]


def test_a_heading_over_an_html_card_with_a_generic_link_is_one_work() -> None:
    result = load("heading_over_html_card.md")
    # the whole file was refused ("no links to import"): its links are raw HTML
    assert [(i.title, i.url) for i in result.items] == [
        (
            "The Pragmatic Programmer: From Journeyman to Master",
            "https://en.wikipedia.org/wiki/The_Pragmatic_Programmer",
        ),
        (
            "Clean Code: A Handbook of Agile Software Craftsmanship",
            "https://www.google.com.tr/books/edition/Clean_Code/_i6bDeoCQzsC?hl=tr&gbpv=0",
        ),
    ]
    assert result.items[1].description == (
        "Book Title: Clean Code: A Handbook of Agile Software Craftsmanship Author: Robert C. Martin "
        "Edition: 1st Edition Year: 2008"
    )
    # an HTML block with a titled link is no card of the heading: raw-HTML links stay unread
    text = '## Tools\n\n<p><a href="https://a.org/x">Some Tool</a></p>\n\n- [B](https://b.org/y)\n'
    assert [i.title for i in parse(text.encode(), format="markdown").items] == ["B"]


# --- several # headings, the first right over its list ---------------------------------------------------------


def test_the_first_of_several_h1_topics_is_a_topic_not_the_title() -> None:
    result = load("monthly_h1_sections.md")
    assert result.title is None  # "March" was the title and its three links sat at the root
    assert [(i.title, i.section) for i in result.items] == [
        ("Building Secure React Applications", ("March",)),
        ("British Airways Hack Details", ("March",)),
        ("useReducer API", ("March",)),
        ("WebAIM WCAG checklist", ("April",)),
        ("Flutter", ("April",)),
        ("Web Accessibility", ("April", "Course Work")),
        ("The Pragmatic Programmer", ("May", "Book of the month")),
        ("How does Terraria handle thousands of tiles?", ("May", "Articles")),
        ("AHA Programming", ("May", "Articles")),
    ]
    # a title over an introduction stays the title, whatever # headings follow
    text = "# Research papers\nI keep a list.\n\n## 2017\n- [A](https://a.org/1)\n\n# Recommendations\n\n- [C](https://a.org/3)\n"
    result = parse(text.encode(), format="markdown")
    assert result.title == "Research papers"
    assert [i.section for i in result.items] == [("2017",), ("Recommendations",)]


# --- a plain-text checklist of books, without links -----------------------------------------------------------


def test_a_plain_text_checklist_imports_its_books_with_their_boxes() -> None:
    from readinglist.types import Status

    result = load("checklist_no_links.txt")
    assert result.format == "document"  # it was refused: "it contains no web links at all"
    assert [(i.section, i.title, i.status) for i in result.items] == [
        (("Programming",), "The Practice of Programming by Brian W. Kernighan (quick read)", Status.UNREAD),
        (("Programming",), "Head First Software Development by Dan Pilone (days to weeks)", Status.UNREAD),
        (("Programming",), "How to Design Programs, Second Edition (more gentle than sicp)", Status.UNREAD),
        (("Computer Architecture",), "Code: The Hidden Language of Computer Hardware and Software", Status.READ),
        (("Computer Architecture",), "The Elements of Computing Systems", Status.READ),
        (("Operating systems",), "Operating System Concepts 10th ed (the “Dinosaur book”)", Status.SKIPPED),
        (("Operating systems",), "Operating Systems: Three Easy Pieces", Status.UNREAD),
        (("Intro",), "Grokking Algorithms", Status.READ),
        (("Intro",), "Problem Solving with Algorithms and Data Structures using Python", Status.SKIPPED),
        (("Medium",), "Open Data Structures (morin) (c++/java)", Status.UNREAD),
    ]
    assert all(i.url is None for i in result.items)


# --- a reading log with citations in code blocks, notes before the paper --------------------------------------


def test_bibtex_in_code_blocks_does_not_make_a_markdown_list_bibtex() -> None:
    source = "https://github.com/shiningrain/MyReadingList/blob/main/ai-system/training/README.md"
    result = load("notes_and_paper_links_bibtex_blocks.md", source_url=source)
    # it was read as BibTeX (its "Citation" code blocks) and gave 2 of the 3 papers, without links
    assert result.format == "markdown"
    assert [(i.title, i.url) for i in result.items] == [
        ("Auto-Keras: An Efficient Neural Architecture Search System", "https://dl.acm.org/doi/abs/10.1145/3292500.3330648"),
        ("HyperDrive: Exploring Hyperparameters with POP Scheduling", "https://dl.acm.org/doi/pdf/10.1145/3135974.3135994"),
        ("GPflowOpt: A Bayesian Optimization Library using TensorFlow", "https://arxiv.org/abs/1711.03845"),
    ]
    # "**Keywords: AI Model training;**" is about the list: no group of its papers
    assert {i.section for i in result.items} == {()}
    # the reader's notes come before the paper on the line: an extra link, not the work's URL
    first = result.items[0]
    assert [(link.title, link.url) for link in first.links] == [
        ("Notes", "https://github.com/shiningrain/MyReadingList/blob/main/ai-system/training/notes/jin2019auto.md")
    ]
    # the item's own paragraph after its line describes it
    assert first.description.endswith(
        "Overview: A efficient NAS search for model structure under keras/tensorflow framework."
    )


def test_a_bibtex_file_is_still_bibtex() -> None:
    from readinglist.importers import detect_format

    bib = b"@article{a, title={A}, url={https://a.org/x}}\n\n@book{b, title={B}}\n"
    assert detect_format(bib, "refs.bib") == "bibtex"
    assert detect_format(bib, None) == "bibtex"


# --- headings that link their work -----------------------------------------------------------------------------


def test_a_heading_that_links_a_work_is_that_work() -> None:
    result = load("linked_headings.md", source_url="https://github.com/sam-89/ai-pulse")
    # the file was refused ("no links to import"): every work is a linked heading
    assert [(i.title, i.url, i.section) for i in result.items] == [
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", ("📄 Must-Read Papers",)),
        (
            "ReAct: Synergizing Reasoning and Acting in Language Models",
            "https://arxiv.org/abs/2210.03629",
            ("📄 Must-Read Papers",),
        ),
        ("fast.ai Practical Deep Learning", "https://course.fast.ai", ("🎓 Courses & Learning Resources",)),
        (
            "DeepLearning.AI Short Courses",
            "https://www.deeplearning.ai/short-courses/",
            ("🎓 Courses & Learning Resources",),
        ),
    ]
    assert [link.url for link in result.items[2].links] == ["https://github.com/fastai/fastbook"]
    assert result.items[0].description.startswith("Vaswani et al. (2017) paper introducing the Transformer")
    assert result.items[2].description.startswith("Jeremy Howard's top-down practical deep learning course")


def test_a_linked_heading_is_still_the_topic_of_the_list_under_it() -> None:
    text = (
        "# Notes and tips from papers\n\n## [Attention Is All You Need](https://arxiv.org/abs/1706.03762), "
        "**Attention, 2017**\n* Articles:\n    * [Yannic Kilcher video](https://www.youtube.com/watch?v=iDulhoQ2pro)\n"
        "\n## [More reading](#more-reading)\n\n- [B](https://b.org/y)\n"
    )
    result = parse(text.encode(), format="markdown")
    assert [(i.title, i.section, i.description) for i in result.items] == [
        ("Attention Is All You Need", (), "Attention, 2017"),
        ("Yannic Kilcher video", ("Attention Is All You Need, Attention, 2017", "Articles"), None),
        ("B", ("More reading",), None),  # a heading linking an anchor is a topic only
    ]


def test_links_in_headings_and_continuation_lines_tell_markdown_without_a_file_name() -> None:
    from readinglist.importers import detect_format

    for name in ("linked_headings.md", "notes_and_paper_links_bibtex_blocks.md", "continuation_line_links.md"):
        assert detect_format((DATA / name).read_bytes(), None) == "markdown", name


# --- "Title, *Venue, Year*. [[Paper](u)] [[Code](v)]" -----------------------------------------------------------


def test_venue_and_year_after_a_title_describe_it() -> None:
    source = "https://github.com/ericzzj1989/Awesome-Global-Solvers-for-3D-Vision"
    result = load("venue_after_title.md", source_url=source)
    assert [(i.title, i.description) for i in result.items] == [
        ("An Automatic Method of Solving Discrete Programming Problems", "Econometrica, 1960"),
        ("Branch and Bound Algorithms-Principles and Examples", "1999"),
        ("Toward Globally Optimal State Estimation Using Automatically Tightened Semidefinite Relaxations", "TRO, 2024"),
        # "[[Pape](u)]": a typo of the label; it was the item's title
        ("Outlier-Robust Estimation: Hardness, Minimally Tuned Algorithms, and Applications", "TRO, 2021"),
        ("Rotation Averaging and Strong Duality", "CVPR, 2018"),
        ("Certifiably Optimal Anisotropic Rotation Averaging", "ICCV, 2025"),
        ("HARA: A Hierarchical Approach for Robust Rotation Averaging", "CVPR, 2022"),
        # "[[Project page](u)" never closed: its bracket was the description
        ("Fast and Robust Rotation Averaging with Anisotropic Coordinate Descent", "arXiv, 2025"),
    ]
    assert result.items[3].url == "https://arxiv.org/pdf/2007.15109"
    assert [link.url for link in result.items[5].links] == [
        "https://github.com/ylochman/anisotropic-ra",
        "https://ylochman.github.io/anisotropic-ra",
    ]
    assert [i.section for i in result.items][::4] == [
        ("Theory", "Branch-and-Bound (BnB)"),
        ("Application", "Rotation Averaging", "SDP for Rotation Averaging"),
    ]


def test_a_quoted_title_before_its_venue_is_the_title() -> None:
    # the format the same list asks contributors for (how-to-PR.md)
    line = (
        '* "GlobalPointer: Large-Scale Plane Adjustment with Bi-Convex Relaxation", *ECCV, 2024*. '
        "[[Paper](https://arxiv.org/pdf/2407.13537)] [[Code](https://github.com/WU-CVGL/GlobalPointer)] "
        "[[Project Page](https://bangyan101.github.io/GlobalPointer/)]\n"
    )
    (item,) = parse(line.encode(), format="markdown").items
    assert (item.title, item.url, item.description) == (
        "GlobalPointer: Large-Scale Plane Adjustment with Bi-Convex Relaxation",
        "https://arxiv.org/pdf/2407.13537",
        "ECCV, 2024.",
    )
    assert len(item.links) == 2


def test_an_rss_feed_is_refused_as_a_feed_not_read_as_a_text_document() -> None:
    import pytest

    from readinglist.exceptions import ImportFormatError

    # the head of a real feed (verdagon.dev/rss.xml): it imported as a "document" of items titled '<atom:link href="'
    feed = (
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n    <channel>\n'
        "        <title>Languages and Architecture</title>\n        <link>https://verdagon.dev/</link>\n"
        '        <atom:link href="http://verdagon.dev/rss.xml" rel="self" type="application/rss+xml" />\n'
        "        <item>\n            <title>Hash Codes, Non-Determinism, and Other Eldritch Horrors</title>\n"
        "            <link>https://verdagon.dev/blog/generics-hash-codes-horrors</link>\n        </item>\n"
        "    </channel>\n</rss>\n"
    )
    with pytest.raises(ImportFormatError, match="is an RSS/Atom feed, not a list"):
        parse(feed.encode(), filename="verdagon_odd_date.xml")


def test_a_dated_export_keeps_its_checklist_entries() -> None:
    # our export writes the list's date as a paragraph over the checklist: no title line of the entries' links
    text = "# List\n\n2026-01-01\n\n- [ ] [Notes](https://a.example/0)\n"
    (item,) = parse(text.encode(), format="markdown").items
    assert (item.title, item.url, item.status is not None) == ("Notes", "https://a.example/0", True)


def test_feeds_whose_entries_carry_html_are_refused_as_feeds_too() -> None:
    """Real Medium, Transistor and WordPress feeds hold HTML in their entries: the HTML importer claimed them and
    answered "no reading links". A document whose root element is ``rss``/``feed`` is a feed, whatever it holds;
    an HTML page that shows a feed in a code sample is still a page."""
    import pytest

    from readinglist.exceptions import ImportFormatError

    feeds = Path(__file__).resolve().parent / "data" / "feeds" / "real"
    for name in ("medium_stackademic.xml", "transistor_podcast.xml", "wordpress_yoast_podcast.xml"):
        data = (feeds / name).read_bytes()
        assert b"<p>" in data or b"&lt;p&gt;" in data or b"<a " in data, name  # HTML inside, as in the real feed
        with pytest.raises(ImportFormatError, match="is an RSS/Atom feed, not a list"):
            parse(data, filename=name)
    page = (
        "<!doctype html><html><body><h2>Feeds</h2><pre>&lt;rss version=\"2.0\"&gt;</pre><ul>"
        '<li><a href="https://example.org/a">Reading feeds well</a></li>'
        '<li><a href="https://example.org/b">What RSS is for</a></li></ul></body></html>'
    )
    assert [i.title for i in parse(page.encode()).items] == ["Reading feeds well", "What RSS is for"]


def test_a_reading_logs_finished_day_is_a_real_day_or_none() -> None:
    """The properties rule reads its days with the CSV rules' ``iso_day``: 2024-02-30 is no day to store."""
    text = "# Books\n\n### Clean Code\n- **author**: R. Martin\n- **finished**: 2024-02-30\n\n### Refactoring\n"
    text += "- **author**: M. Fowler\n- **finished**: 2024/08/10\n"
    items = parse(text.encode(), format="markdown").items
    assert [(i.title, i.status.value, i.read_at) for i in items] == [
        ("Clean Code", "read", None),
        ("Refactoring", "read", "2024-08-10"),
    ]
