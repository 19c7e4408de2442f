"""Markdown lists of real shapes: each fixture in tests/data/realworld is a trimmed excerpt of a public list (the
source repository is named at its top), with the items a reader would count asserted here by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.importers import parse
from readinglist.importers.markdown import split_title
from readinglist.types import Link, ListToImport

DATA = Path(__file__).resolve().parent / "data" / "realworld"


def load(name: str, source_url: str | None = None) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, source_url=source_url)


def titles(result: ListToImport) -> list[str]:
    return [item.title for item in result.items]


# (fixture, expected item count, expected section paths in order)
COUNTS = [
    ("awesome_nested.md", 12, [("Platforms",), ("Programming Languages",)]),
    ("awesome_llm.md", 6, [("Trending LLM Projects",), ("Milestone Papers",), ("LLM Leaderboard",)]),
    ("papers_of_the_week_2023.md", 4, [()]),
    ("papers_of_the_week_table.md", 3, [("Top ML Papers of the Week (March 31 - April 6) - 2025",)]),
    ("applied_ml.md", 6, [("Data Quality",), ("Classification",)]),
    ("youtube_courses.md", 4, [()]),
    (
        "llm_course.md",
        5,
        [
            ("📝 Notebooks", "Tools"),
            ("📝 Notebooks", "Fine-tuning"),
            ("🧩 LLM Fundamentals", "1. Mathematics for Machine Learning"),
            ("🧩 LLM Fundamentals", "2. Python for Machine Learning"),
        ],
    ),
    (
        "ossu.md",
        5,
        [
            ("Curriculum", "Introduction to Programming"),  # Intro CS / Core CS are tiers (levels)
            ("Curriculum", "Introduction to Computer Science"),
            ("Curriculum", "Core math"),
        ],
    ),
    ("nn_zero_to_hero.md", 3, None),  # "[Jupyter notebook files](lectures/micrograd)": a folder, no base to open it
    (
        "cs_video_courses.md",
        5,
        [("Courses", "Introduction to Computer Science"), ("Courses", "Data Structures and Algorithms")],
    ),
    ("awesome_mlops.md", 6, [("MLOps Core",), ("MLOps Books",), ("MLOps Articles",)]),
    ("genai_guide.md", 7, None),
    ("chinese_llm.md", 4, [("1. Model",), ("3. Dataset",)]),
    ("papers_we_love.md", 5, None),  # the two meetup.com links are community, not reading
    ("ml_books.md", 6, [("Machine-Learning / Data Mining",), ("Probability & Statistics",)]),
    ("papers_roadmap.md", 10, None),
    (
        "ml_tutorials_anchors.md",  # "<a name=...>" lines swallow the heading and list under them
        14,
        [
            (),
            ("Miscellaneous",),
            ("Interview Resources",),
            ("Artificial Intelligence",),
            ("Statistics",),
            ("Statistics", "Tutorials"),
            ("Linear Regression",),
            ("Linear Regression", "Multicollinearity and VIF"),
        ],
    ),
    (
        "coding_interview_university.md",
        14,
        [
            ("Data Structures", "Linked Lists", "Description"),
            ("Data Structures", "Linked Lists"),
            ("Data Structures", "Linked Lists", "Linked List vs Arrays"),
            ("Data Structures", "Linked Lists", "Doubly-linked List"),
            ("Data Structures", "Stack"),
            ("More Knowledge", "Binary search"),
        ],
    ),  # citations in paragraphs: see test_citation_paragraphs_are_titled_by_quotes
    (
        "most_cited_papers.md",  # "## Contents" holds the "###" topics: only its own table is skipped
        10,
        [
            ("Understanding / Generalization / Transfer",),
            ("Optimization / Training Techniques",),
            ("Convolutional Neural Network Models",),
            ("Image / Video / Etc",),
        ],
    ),
]


@pytest.mark.parametrize(("name", "count", "sections"), COUNTS, ids=[c[0] for c in COUNTS])
def test_item_counts_and_sections(name: str, count: int, sections: list[tuple[str, ...]] | None) -> None:
    result = load(name)
    assert result.format == "markdown"
    assert len(result.items) == count
    if sections is not None:
        assert list(dict.fromkeys(item.section for item in result.items)) == sections
    for item in result.items:
        # a checklist's link-less tasks ("- [ ] size() - returns ...") are items to tick off, without a URL
        assert (item.url and not item.url.startswith(("#", "./#"))) or item.status is not None
        assert "shields.io" not in (item.url or "") and "CONTRIBUTING" not in (item.url or "")
        assert item.title.strip() and len(item.title) <= 200
        # none of these lists has tier markers; OSSU's "Intro CS" / "Core CS" sections are levels (tiers 1, 2)
        assert item.tier is None or (name == "ossu.md" and item.tier_label in ("Intro CS", "Core CS"))


def test_bold_titles_before_a_pdf_label_keep_their_year_and_authors() -> None:
    items = load("most_cited_papers.md").items
    assert (items[0].title, items[0].url, items[0].description) == (
        "Distilling the knowledge in a neural network",
        "http://arxiv.org/pdf/1503.02531",
        "(2015), G. Hinton et al.",
    )
    assert (items[5].title, items[5].description) == (
        "Random search for hyper-parameter optimization",
        "(2012) J. Bergstra and Y. Bengio",
    )
    assert "Deep Vision" not in titles(load("most_cited_papers.md"))  # prose links beside a list are no items


def test_headings_in_list_items_and_checkbox_labels_are_topics() -> None:
    items = load("coding_interview_university.md").items
    description = [i.title for i in items if i.section[-1] == "Description"]
    assert description == [
        "Linked Lists CS50 Harvard University",
        "Singly Linked Lists (video)",
        "[Review] Linked lists in 4 minutes (video)",
    ]
    assert "Description:" not in [i.title for i in items]  # a label over links, no task of its own
    tasks = [i.title for i in items if i.url is None]
    assert tasks == [
        "Implement (I did with tail pointer & without):",
        "size() - returns number of data elements in list",
        "empty() - bool returns true if empty",
        "Will not implement. Implementing with array is trivial",
        "Implement:",
    ]


def test_citation_paragraphs_are_titled_by_their_quoted_title() -> None:
    """``**[2]** Hinton, G. E., et al. "**A fast learning algorithm**." Neural computation (2006). [[pdf]](u)``: the
    only link is a generic label, so the item is titled by the citation's title in quotes, bold or not."""
    result = load("papers_roadmap.md")
    assert result.title == "Deep Learning Papers Reading Roadmap"
    got = [(i.title, i.url, i.section[-1]) for i in result.items]
    assert got[2] == (
        "A fast learning algorithm for deep belief nets",
        "http://www.cs.toronto.edu/~hinton/absps/ncfast.pdf",
        "1.2 Deep Belief Network(DBN)(Milestone of Deep Learning Eve)",
    )
    assert got[7] == (
        "Net2net: Accelerating learning via knowledge transfer",  # quoted without bold
        "https://arxiv.org/abs/1511.05641",
        "2.1 Model",
    )
    assert [t for t, _, _ in got].count("Deep learning") == 2  # the book and the survey: two works, two URLs
    assert result.items[2].description == (
        "Hinton, Geoffrey E., Simon Osindero, and Yee-Whye Teh. Neural computation 18.7 (2006): 1527-1554"
    )


def test_nested_awesome_bullets_keep_their_topic_and_order() -> None:
    result = load("awesome_nested.md")
    assert result.title is None  # the <h1> is HTML around a logo
    assert titles(result)[:7] == [
        "Node.js",
        "Linux",
        "Containers",
        "macOS",
        "Command-Line",
        "Screensavers",
        "Raspberry Pi",
    ]
    npm = result.items[9]
    assert (npm.title, npm.url, npm.description) == (
        "npm",
        "https://github.com/sindresorhus/awesome-npm",
        "Package manager.",
    )


def test_table_inside_details_uses_the_paper_column_and_no_duplicate_group() -> None:
    result = load("awesome_llm.md")
    assert result.title == "Awesome-LLM"
    paper = result.items[2]
    assert paper.title == "Attention Is All You Need"
    assert paper.url == "https://arxiv.org/pdf/1706.03762.pdf"
    assert paper.section == ("Milestone Papers",)  # the summary only repeats the heading
    assert paper.description == "Date: 2017-06; keywords: Transformers; Institute: Google"


def test_numbered_text_items_take_the_bare_url_below_them() -> None:
    result = load("papers_of_the_week_2023.md")
    assert [i.url for i in result.items] == [
        "https://arxiv.org/abs/2301.00704",
        "https://valle-demo.github.io/",
        "https://arxiv.org/abs/2301.01947",
        "https://arxiv.org/abs/2301.01379",
    ]
    first = result.items[0]
    assert first.title == (
        "GoogleAI introduces Muse, a new text-to-image generation model based on masked generative transformers"
    )
    assert (
        first.description
        == "significantly more efficient than other diffusion models like Imagen and DALLE-2."
    )
    assert result.items[3].title == (
        "A Succinct Summary of Reinforcement Learning. A nice little overview of some important ideas in RL."
    )


def test_weekly_table_titles_from_first_cell_and_generic_links_as_extras() -> None:
    result = load("papers_of_the_week_table.md")
    assert titles(result) == ["PaperBench", "Command A: An Enterprise-Ready LLM", "CodeScientist"]
    first = result.items[0]
    assert first.url == "https://arxiv.org/abs/2504.01848"
    assert first.links == (
        Link("Tweet", "https://x.com/OpenAI/status/1907481490457506235"),
        Link("GitHub", "https://github.com/openai/preparedness"),
    )
    assert first.description is not None and first.description.startswith("OpenAI introduces a new benchmark")
    assert (
        result.items[2].description == "A system that automates scientific discovery on code-based research."
    )


def test_code_span_companies_and_paper_extras() -> None:
    items = load("applied_ml.md").items
    assert items[2].description == "DianPing, eBay"
    assert items[3].links == (
        Link("Paper", "https://jamanetwork.com/journals/jamanetworkopen/fullarticle/2768347"),
    )
    assert items[5].links == (Link("Findka", "https://findka.com"),)


def test_course_headings_with_link_lines_and_self_toc_dropped() -> None:
    result = load("youtube_courses.md")
    assert titles(result) == [
        "Stanford CS229: Machine Learning",
        "Making Friends with Machine Learning",
        "Stanford CS230: Deep Learning (2018)",
        "Introduction to Machine Learning (Munich)",
    ]
    assert result.items[0].url == "https://www.youtube.com/playlist?list=PLoROMvodv4rMiGQp3WXShtMGgzqpfVfbU"
    assert result.items[2].links == (Link("Link to Materials", "https://cs230.stanford.edu/syllabus/"),)
    assert result.items[3].description == "YouTube links are embedded within the chapters"
    assert not any("github.com/dair-ai" in (i.url or "") for i in result.items)


def test_notebook_tables_and_toggle_details() -> None:
    result = load("llm_course.md")
    assert titles(result) == [
        "LLM AutoEval",
        "Fine-tune Llama 3.1 with Unsloth",  # "[Article]" is generic: the row's first cell names it
        "3Blue1Brown - The Essence of Linear Algebra",
        "Immersive Linear Algebra",
        "Real Python",
    ]
    assert result.items[1].url == "https://mlabonne.github.io/blog/posts/2024-07-29_Finetune_Llama31.html"
    assert all("Toggle" not in " ".join(i.section) for i in result.items)


def test_curriculum_table_other_columns_are_extras_not_items() -> None:
    result = load("ossu.md")
    assert result.title is None  # "# Contents" is not the list's title
    assert titles(result) == [
        "Python for Everybody",
        "Introduction to Computer Science and Programming using Python",
        "Calculus 1B: Integration",
        "Mathematics for Computer Science",
        "Object-Oriented Design",
    ]
    intro = result.items[1]
    assert intro.links == (
        Link("alt", "https://www.edx.org/course/introduction-to-computer-science-and-programming-7"),
        Link("high school algebra", "https://www.khanacademy.org/math/algebra-home"),
    )  # the "chat" column's Discord rooms are community, not reading: not even extra links
    assert [link.title for link in result.items[3].links] == ["alt", "2015/2019 solutions", "2010 solutions"]
    assert result.items[0].description == "Duration: 10 weeks; Effort: 10 hours/week; Prerequisites: none"


def test_bold_lecture_labels_group_relative_links() -> None:
    result = load(
        "nn_zero_to_hero.md", source_url="https://github.com/karpathy/nn-zero-to-hero/blob/master/README.md"
    )
    lecture1 = "Lecture 1: The spelled-out intro to neural networks and backpropagation: building micrograd"
    assert [i.section for i in result.items[:3]] == [("Neural Networks: Zero to Hero", lecture1)] * 3
    assert result.items[1].url == "https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/micrograd"
    assert result.items[3].description == "For all other links see the video description."
    assert result.warnings == ()


def test_several_links_on_one_course_line() -> None:
    items = load("cs_video_courses.md").items
    assert (
        items[1].title == "CS 61A - Structure and Interpretation of Computer Programs [Python], UC Berkeley"
    )
    assert [link.title for link in items[3].links] == ["Fall 2019, Youtube", "2013 Bilibili"]
    assert items[2].links == (
        Link("Lecture Videos", "https://www.youtube.com/playlist?list=PLCgD3ws8aVdolCexlz8f3U-RROA0s5jWA"),
    )


def test_h1_sections_and_emoji_shortcodes() -> None:
    result = load("awesome_mlops.md")
    assert result.title == "Awesome MLOps"
    assert result.items[2].title == "Putting ML in Production"
    assert [link.title for link in result.items[5].links] == ["PDF", "Interactive"]


def test_readme_contents_with_absolute_links_is_not_read() -> None:
    result = load("genai_guide.md")
    assert result.title == "awesome-generative-ai-guide"
    assert titles(result) == [
        "Generative AI Genius 2024 course material",  # a README elsewhere in the repo: a real item
        "5-day roadmap to learn LLM foundations out now!",  # "(Click Here)" is a generic link
        "3-day RAG roadmap",
        "Agents 101 guide",
        "Large Language Models",
        "Understanding Large Language Models",
        "[1hr Talk] Intro to Large Language Models",
    ]
    assert result.items[2].section == ("Announcements", "Generative AI resources and roadmaps")
    assert result.items[4].section == ("Courses", "List of Free GenAI Courses", "LLM Basics and Foundations")
    assert result.items[4].description == "by ETH Zurich"


def test_chinese_list_with_bare_urls_under_full_width_colons() -> None:
    result = load("chinese_llm.md")
    assert titles(result) == ["ChatGLM", "Moss", "ChatYuan", "firefly-train-1.1M"]
    assert result.items[0].url == "https://github.com/THUDM/ChatGLM-6B"
    assert (
        result.items[0].description
        == "简介：中文领域效果最好的开源底座模型之一，针对中文问答和对话进行了优化。"
    )
    assert result.items[3].url == "https://huggingface.co/datasets/YeungNLP/firefly-train-1.1M"


def test_bracket_space_paren_is_read_as_title_and_url() -> None:
    items = load("papers_we_love.md").items  # the two meetup links before them are not items
    assert (items[2].title, items[2].url) == (
        "How to read an academic article",
        "http://organizationsandmarkets.com/2010/08/31/how-to-read-an-academic-article/",
    )
    assert items[2].description is None
    assert items[1].note == "choose a subcategory"


def test_wrapped_link_text_and_reference_links() -> None:
    items = load("ml_books.md").items
    assert (
        items[2].title == "Introduction to Applied Bayesian Statistics and Estimation for Social Scientists"
    )
    assert (items[4].title, items[4].url) == (
        "All of Statistics",
        "http://www.ucl.ac.uk/~rmjbale/Stat/wasserman2.pdf",
    )
    assert (items[5].title, items[5].description) == ("Think Stats", "Book + Python Code")


def test_own_url_anchors_are_not_items_when_the_source_is_known() -> None:
    doc = b"""# List

- [Section A](https://example.org/list.md#a)
- [Elsewhere](https://example.org/other.md#a)
- [Paper](https://arxiv.org/abs/1706.03762)
"""
    result = parse(doc, format="markdown", source_url="https://example.org/list.md")
    assert titles(result) == ["Elsewhere", "Paper"]


def test_split_title() -> None:
    assert split_title("Short title. More") == ("Short title. More", None)
    long = "A" * 30 + " does a thing; " + "b" * 120
    assert split_title(long) == ("A" * 30 + " does a thing", "b" * 120)
    assert split_title("x" * 130) == ("x" * 130, None)


def test_five_megabyte_list_imports_whole() -> None:
    """A 5 MB list comes in whole (its speed is measured by bench/scale.py, not here)."""
    sections = []
    for s in range(400):
        rows = "\n".join(
            f"- [Paper {s}-{i}: a long enough title](https://arxiv.org/abs/{s:04d}.{i:05d}) - note {i} "
            f"([code](https://github.com/x/r{s}-{i}))"
            for i in range(100)
        )
        sections.append(f"## Topic {s}\n\n{rows}\n")
    data = ("# Big\n\n" + "\n".join(sections)).encode()
    assert len(data) > 4_000_000
    result = parse(data, filename="big.md")
    assert len(result.items) == 40_000
    assert result.items[-1].links == (Link("code", "https://github.com/x/r399-99"),)
