"""Awkward real lists (issue 9): items without links, reStructuredText, icon links, relative links, levels as tiers,
community links, broken Markdown. Fixtures in tests/data/fidelity are trimmed from the public lists named in its
README; the expected items were counted by hand from those excerpts."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.exceptions import ImportFormatError, InvalidArgumentError
from readinglist.importers import detect_format, parse
from readinglist.types import Link, ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"
PWL_RAW = (
    "https://raw.githubusercontent.com/papers-we-love/papers-we-love/"
    "02a99947b533136548c4934dcb7bbd7f08740f5c/distributed_systems/README.md"
)
PWL_BLOB = "https://github.com/papers-we-love/papers-we-love/blob/02a99947b533136548c4934dcb7bbd7f08740f5c/"


def load(name: str, **kwargs: object) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name, **kwargs)  # type: ignore[arg-type]


# --- items without links ---------------------------------------------------------------------------------------


def test_bold_titles_without_links_are_items_with_note_and_description() -> None:
    result = load("further_reading_no_links.md")
    assert [(i.title, i.url, i.note) for i in result.items] == [
        ("Attention Is All You Need", None, "Vaswani et al., 2017"),
        ("LLaMA: Open and Efficient Foundation Language Models", None, "Touvron et al., 2023"),
        ("Fast Transformers with Efficient Attention", None, "Katharopoulos et al., 2020"),
        ("Memory Hierarchy and Cache Optimization", None, "Intel"),
        ("Tensor Parallelism and Memory Optimization", None, "Google research"),
    ]  # "Expected Learning Outcomes", "Alternative 3" and "Conclusion" bold bullets are not reading
    assert {i.section for i in result.items} == {("8. References and Further Reading",)}
    assert result.items[0].description == "Original transformer architecture Multi-head attention mechanism"
    assert result.warnings == ()


def test_bold_title_then_colon_description() -> None:
    items = load("recommended_reading_no_links.md").items
    assert len(items) == 5
    assert items[3].title == "karpathy/nanoGPT Repository"
    assert items[3].description == (
        "Andrej Karpathy's minimal, readable repository for training GPT models in PyTorch."
    )
    assert items[0].note == "Vaswani et al., 2017"
    assert items[0].description == "The foundational paper introducing the Transformer architecture."
    assert all(i.url is None for i in items)


def test_tier_headings_over_tables_without_links() -> None:
    result = load("reading_order_tiers.md")
    assert [(i.title, i.tier) for i in result.items] == [
        ("Attention Is All You Need", 1),
        ("GPT-3", 1),
        ("Chain-of-Thought Prompting", 1),
        ("LoRA", 1),
        ("RAG", 1),
        ("Scaling Laws", 2),
        ("LLaMA", 2),
        ("DeepSeek-R1", 2),
        ("DeepSeek-V3", 3),
        ("Mamba", 3),
        ("Reasoning Models", 3),
    ]
    assert result.items[0].tier_label == "Tier 1 — Core 5"
    assert result.items[0].description == "Why Read It: The invention that started it all"
    assert (
        result.items[-1].description == "Why Read It: The latest frontier — AI that truly reasons"
    )  # no "85-90"
    assert all(i.url is None and i.section == () for i in result.items)
    assert any("read as tiers" in w for w in result.warnings)


def test_bold_labels_and_setup_steps_are_not_items() -> None:
    doc = b"""# Project

## Getting started

1. **Install Python**
2. **Run the tests**

## Papers

- **To Read:** 3 papers
- **Read:** 1 paper

See [the papers](papers/) folder.
"""
    with pytest.raises(Exception, match="no links"):
        parse(doc, filename="README.md")


def test_relative_folder_link_is_not_an_item() -> None:
    doc = b"""# Reading order

See [papers/](papers/) for the PDFs.

## Tier 1 \xe2\x80\x94 Basics

1. **Attention Is All You Need** - the Transformer
2. **BERT** - bidirectional pre-training

- [\xf0\x9f\x93\x81 Papers folder](./papers)
"""
    items = parse(doc, filename="README.md", base_url="https://github.com/o/r/blob/main/README.md").items
    assert [(i.title, i.url, i.tier, i.description) for i in items] == [
        ("Attention Is All You Need", None, 1, "the Transformer"),
        ("BERT", None, 1, "bidirectional pre-training"),
    ]


# --- icon links, relative links, broken links, community links ------------------------------------------------


def test_icon_link_is_not_the_item_and_relative_links_resolve_against_the_blob_page() -> None:
    result = load("distributed_systems.md", source_url=PWL_RAW)
    titles = [i.title for i in result.items]
    assert titles == [
        "A Note on Distributed Computing",
        "A simple totally ordered broadcast protocol",
        "The Chubby Lock Service for Loosely-Coupled Distributed Systems",
        "The Part-Time Parliament",
        "A History of the Virtual Synchrony Replication Model",
        "Paxos Made Simple",
        "Calvin: Fast Distributed Transactions for Partitioned Database Systems",
        "Dynamo: Amazon’s Highly Available Key-value Store",
    ]
    first = result.items[0]
    assert first.url == "http://www.eecs.harvard.edu/~waldo/Readings/waldo-94.pdf"
    assert first.links == (Link("PDF", PWL_BLOB + "distributed_systems/a-note-on-distributed-computing.pdf"),)
    assert result.items[5].url == PWL_BLOB + "distributed_systems/paxos-made-simple.pdf"
    assert result.items[7].url == PWL_BLOB + "datastores/dynamo-amazons-highly-available-key-value-store.pdf"
    assert result.warnings == ()


def test_relative_links_without_a_base_warn_once_and_store_no_url() -> None:
    result = load("distributed_systems.md")
    assert len(result.items) == 8
    assert [i.url for i in result.items[4:6]] == [None, None]
    assert result.items[0].links == ()  # the hosted copy has no usable URL
    assert len(result.warnings) == 1 and result.warnings[0].startswith(
        "5 relative link(s) could not be resolved"
    )
    again = load("distributed_systems.md", base_url=PWL_BLOB + "distributed_systems/README.md")
    assert again.items[5].url == PWL_BLOB + "distributed_systems/paxos-made-simple.pdf"
    assert again.warnings == () and again.source_url is None


def test_base_url_must_be_a_web_url() -> None:
    with pytest.raises(InvalidArgumentError, match="base-url"):
        load("distributed_systems.md", base_url="not a url")


def test_broken_bracket_link_is_recovered_with_a_warning() -> None:
    result = load("awesome_llm_broken_link.md")
    llm = next(i for i in result.items if i.title == "LLM")
    assert llm.url == "https://github.com/simonw/llm"
    assert result.warnings == ("1 broken link(s) recovered (https://github.com/simonw/llm)",)
    assert len(result.items) == 6
    assert all(i.url and i.url.startswith("https://") for i in result.items)


def test_unrecoverable_links_are_skipped_never_stored() -> None:
    doc = b"# L\n\n- [Good](https://example.org/a)\n- [Bad](http://)\n- [Worse](https:// spaced.org/x)\n"
    result = parse(doc, filename="l.md")
    assert [(i.title, i.url) for i in result.items] == [("Good", "https://example.org/a")]


def test_community_and_housekeeping_links_are_not_items() -> None:
    doc = b"""# Awesome Things

- [Join the Discord](https://discord.gg/abc)
- [LinkedIn](https://www.linkedin.com/in/someone)
- [NYC meetup](https://www.meetup.com/papers-we-love/)
- [Follow us on Twitter](https://twitter.com/example)
- [Karpathy](https://twitter.com/karpathy)
- [FAQ](https://example.org/faq)
- [Contributors](https://github.com/o/r/graphs/contributors)
- [Back to top](#awesome-things)
- [A real thread](https://twitter.com/karpathy/status/1617979122625712128)
- [Join Order Benchmark](https://example.org/job) - a paper about joins

## Community

- [Our forum](https://forum.example.org)
"""
    result = parse(doc, filename="README.md")
    assert [i.title for i in result.items] == ["A real thread", "Join Order Benchmark"]


def test_alternative_link_is_an_extra_of_the_item() -> None:
    doc = b"# C\n\n- [Intro to CS](https://a.example/cs) ([alternative](https://b.example/cs))\n"
    (item,) = parse(doc, filename="c.md").items
    assert (item.title, item.links) == ("Intro to CS", (Link("alternative", "https://b.example/cs"),))


# --- levels as tiers -------------------------------------------------------------------------------------------


def test_intro_core_sections_are_tiers_and_the_option_overrides() -> None:
    data = (Path(__file__).resolve().parent / "data" / "realworld" / "ossu.md").read_bytes()
    auto = parse(data, filename="ossu.md")
    assert [(i.tier, i.tier_label, i.section[-1]) for i in auto.items] == [
        (1, "Intro CS", "Introduction to Programming"),
        (1, "Intro CS", "Introduction to Computer Science"),
        (2, "Core CS", "Core math"),
        (2, "Core CS", "Core math"),
        (2, "Core CS", "Core math"),
    ]
    assert any("'Intro CS' = 1" in w for w in auto.warnings)
    assert not any(
        "relative" in w for w in auto.warnings
    )  # paragraph links (HELP.md) are no items to warn about
    none = parse(data, filename="ossu.md", tiers="none")
    assert {i.tier for i in none.items} == {None}
    assert none.items[0].section == ("Curriculum", "Intro CS", "Introduction to Programming")
    headings = parse(data, filename="ossu.md", tiers="headings")
    assert [i.tier for i in headings.items] == [1, 1, 2, 2, 2]
    with pytest.raises(InvalidArgumentError):
        parse(data, filename="ossu.md", tiers="sideways")


def test_tiers_none_keeps_level_headings_as_the_topics_they_are() -> None:
    """``## Beginner`` / ``## Advanced`` headings are tier markers by default; with ``--tiers none`` they stay the
    topics of their items (in their place in the path), and plain ``Tier N`` headings stay markers."""
    doc = b"""# Reading

## Beginner

- [Intro](https://example.org/intro)

## Advanced

### Proofs

- [Deep proof](https://example.org/proof)

## Tier 2

- [Later](https://example.org/later)
"""
    auto = parse(doc, filename="r.md")
    assert [(i.title, i.section, i.tier) for i in auto.items] == [
        ("Intro", (), 1),
        ("Deep proof", ("Proofs",), 3),
        ("Later", (), 2),
    ]
    none = parse(doc, filename="r.md", tiers="none")
    assert [(i.title, i.section, i.tier) for i in none.items] == [
        ("Intro", ("Beginner",), None),
        ("Deep proof", ("Advanced", "Proofs"), None),
        ("Later", (), None),
    ]


def test_part_sections_become_tiers_with_their_labels() -> None:
    doc = b"""# Course

## Part 1: Fundamentals

### Maths

- [Linear algebra](https://example.org/la)

## Part 2: Models

### Transformers

- [Attention](https://example.org/att)
"""
    items = parse(doc, filename="c.md").items
    assert [(i.tier, i.tier_label, i.section) for i in items] == [
        (1, "Part 1: Fundamentals", ("Maths",)),
        (2, "Part 2: Models", ("Transformers",)),
    ]


def test_courses_named_introduction_to_are_not_levels() -> None:
    doc = b"""# Courses

## Introduction to Programming

- [Python](https://example.org/py)

## Advanced Databases

- [Query optimisation](https://example.org/qo)
"""
    items = parse(doc, filename="c.md").items
    assert {i.tier for i in items} == {None}


# --- reStructuredText ------------------------------------------------------------------------------------------


def test_rst_is_detected_by_content() -> None:
    data = (DATA / "keypapers.rst").read_bytes()
    assert detect_format(data) == "rst"
    assert detect_format(data, "keypapers.rst") == "rst"


def test_rst_key_papers() -> None:
    result = load("keypapers.rst")
    assert result.format == "rst" and result.title == "Key Papers in Deep RL"
    assert len(result.items) == 12
    assert [i.section for i in result.items[:4]] == [
        ("1. Model-Free RL", "a. Deep Q-Learning"),
        ("1. Model-Free RL", "a. Deep Q-Learning"),
        ("1. Model-Free RL", "a. Deep Q-Learning"),
        ("1. Model-Free RL", "b. Policy Gradients"),
    ]
    first = result.items[0]
    assert (first.title, first.url) == (
        "Playing Atari with Deep Reinforcement Learning",
        "https://www.cs.toronto.edu/~vmnih/docs/dqn.pdf",
    )
    assert first.description == "Mnih et al, 2013. Algorithm: DQN"
    dopamine = result.items[6]
    assert dopamine.title == "Dopamine: A Research Framework for Deep Reinforcement Learning"
    assert dopamine.links == (Link("Code link", "https://github.com/google/dopamine"),)
    rllib = result.items[10]
    assert rllib.links == (Link("Documentation link", "https://ray.readthedocs.io/en/latest/rllib.html"),)
    assert result.items[8].title.startswith("#Exploration")
    assert result.items[-1].section == ("9. RL in the Real World",)
    assert not any("toc" in (i.url or "") for i in result.items)  # the contents table is not read


def test_rst_title_authors_year_in_the_link_text_and_lists() -> None:
    doc = b"""Papers
======

Transformers
------------

.. [#] `Attention Is All You Need, Vaswani et al., 2017. <https://arxiv.org/abs/1706.03762>`_ `Code link. <https://github.com/tensorflow/tensor2tensor>`_

Courses
-------

* `CS224n <https://web.stanford.edu/class/cs224n/>`_ - NLP with deep learning (`video <https://youtube.com/x>`_)
* A line with no link
"""
    items = parse(doc, filename="papers.rst").items
    assert [(i.title, i.url, i.section) for i in items] == [
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", ("Transformers",)),
        ("CS224n", "https://web.stanford.edu/class/cs224n/", ("Courses",)),
    ]
    assert items[0].description == "Vaswani et al., 2017"
    assert items[0].links == (Link("Code link", "https://github.com/tensorflow/tensor2tensor"),)
    assert items[1].links == (Link("video", "https://youtube.com/x"),)


def test_rst_is_parsed_safely() -> None:
    doc = b"""Title
=====

.. include:: /etc/passwd

.. raw:: html

   <script>alert(1)</script>

* `A <https://example.org/a>`_
"""
    result = parse(doc, filename="x.rst")
    assert [i.title for i in result.items] == ["A"]


def test_rst_contents_section_skips_its_own_links_not_its_subsections() -> None:
    doc = b"""Deep RL
=======

Contents
--------

- `Elsewhere <https://example.org/elsewhere>`_

Model-Free RL
~~~~~~~~~~~~~

- `Playing Atari with Deep Reinforcement Learning <https://arxiv.org/abs/1312.5602>`_, Mnih et al, 2013.

License
-------

Terms
~~~~~

- `CC0 1.0 Universal <https://creativecommons.org/x>`_
"""
    result = parse(doc, filename="x.rst")
    assert [(i.title, i.url, i.section) for i in result.items] == [
        (
            "Playing Atari with Deep Reinforcement Learning",
            "https://arxiv.org/abs/1312.5602",
            ("Model-Free RL",),
        )
    ]


def test_rst_over_its_own_cap_is_refused_before_docutils_reads_it() -> None:
    """docutils spends about 8 s and 130 MB per MB: the 20 MB cap of the other formats would be minutes."""
    from readinglist.importers import rst

    lines = b"".join(f"- `Paper {i} <https://example.org/p/{i}>`_\n".encode() for i in range(100))
    doc = b"Papers\n======\n\n" + lines * (rst.MAX_BYTES // len(lines) + 1)
    with pytest.raises(
        ImportFormatError, match=r"x.rst is 2.0 MB; reStructuredText lists over 2 MB are refused"
    ):
        parse(doc, filename="x.rst")
    assert len(parse(b"Papers\n======\n\n" + lines, filename="x.rst").items) == 100


# --- links in prose --------------------------------------------------------------------------------------------


def test_links_in_paragraphs_are_the_works_they_name() -> None:
    result = load("teach_yourself_cs_prose.md")
    assert [(i.title, i.section) for i in result.items] == [
        ("Brian Harvey’s SICP lectures", ()),
        ("Structure and Interpretation of Computer Programs", ("Overview", "Programming")),
        ("exercism", ("Overview", "Programming")),
        ("How to Design Programs", ("Overview", "Programming")),
        ("Concepts, Techniques, and Models of Computer Programming", ("Overview", "Programming")),
    ]  # the second "Brian Harvey's SICP lectures" link is the same work, once
    sicp = result.items[1]
    assert sicp.url == "https://mitpress.mit.edu/sites/default/files/sicp/full-text/book/book.html"
    assert [link.title for link in sicp.links] == ["MIT video lectures"]


def test_prose_skips_social_profile_and_date_links() -> None:
    doc = b"""# A guide

We recommend [The Art of Computer Programming](https://example.org/taocp) by
[Donald Knuth](https://www-cs-faculty.stanford.edu/~knuth/), as [discussed](https://twitter.com/someone/status/1)
in [2016](https://example.org/2016). Read *Designing Data-Intensive Applications* ([here](https://dataintensive.net)).
Follow [Martin Kleppmann](https://github.com/ept) and read [Paxos Made Simple](https://example.org/paxos) and the
[Raft paper](https://raft.github.io/raft.pdf).
"""
    items = parse(doc, filename="guide.md").items
    assert [(i.title, i.url) for i in items] == [
        ("The Art of Computer Programming", "https://example.org/taocp"),
        ("Designing Data-Intensive Applications", "https://dataintensive.net"),
        ("Paxos Made Simple", "https://example.org/paxos"),
        ("Raft paper", "https://raft.github.io/raft.pdf"),
    ]


def test_an_intro_paragraph_does_not_turn_a_bullet_list_into_prose() -> None:
    doc = b"""# Awesome X

Curated by [Jane Doe](https://example.org/jane), see also [awesome](https://github.com/sindresorhus/awesome)
and [another list](https://example.org/other).

- [One](https://example.org/1)
- [Two](https://example.org/2)
- [Three](https://example.org/3)
- [Four](https://example.org/4)
"""
    assert [i.title for i in parse(doc, filename="README.md").items] == ["One", "Two", "Three", "Four"]


def test_a_reading_order_with_some_works_linked() -> None:
    doc = b"""# Papers

## Reading order

1. **Attention Is All You Need** (2017) - the Transformer
2. [BERT](https://arxiv.org/abs/1810.04805) - bidirectional pre-training
3. **GPT-3** - few-shot learners
"""
    items = parse(doc, filename="p.md").items
    assert [(i.title, i.url, i.note) for i in items] == [
        ("Attention Is All You Need", None, "2017"),
        ("BERT", "https://arxiv.org/abs/1810.04805", None),
        ("GPT-3", None, None),
    ]


def test_rst_link_list_reads_nested_bullets_second_paragraph_links_and_relative_links() -> None:
    """Docutils' own link list: every bullet an item, bullets under a linked bullet too (Vim's plugins), a
    bullet whose link sits in its second paragraph titled by its first (gedit), a relative link kept by title."""
    result = load("docutils_links.rst")
    assert result.format == "rst" and result.title == "Docutils Links"
    sections: dict[tuple[str, ...], int] = {}
    for item in result.items:
        sections[item.section] = sections.get(item.section, 0) + 1
    assert sections == {
        ("Editors",): 15,
        ("Export", "PDF"): 3,
        ("Export", "OpenOffice"): 1,
        ("Export", "Presentations"): 3,
    }
    titles = [i.title for i in result.items]
    assert titles[1:6] == [
        "Vim",
        "reStructuredText syntax highlighting mode",
        "VST",
        "VOoM",
        "Riv: Take notes in rst",
    ]
    gedit = result.items[8]
    assert gedit.title == "Gnome's gedit offers syntax highlighting and a reST preview pane"
    assert gedit.url == "https://github.com/bittner/gedit-reST-plugin"
    assert gedit.links == (
        Link("Gedit third party plugins", "https://wiki.gnome.org/Apps/Gedit/ThirdPartyPlugins-v3.8"),
    )
    s5 = next(i for i in result.items if i.title == "native support for S5")
    assert s5.url is None and any("kept by title" in w for w in result.warnings)
    urls = {i.url for i in result.items}
    assert (
        "http://docutils.sourceforge.net/" not in urls
        and "http://docutils.sf.net/sandbox/README.html" not in urls
    )
    based = parse(
        (DATA / "docutils_links.rst").read_bytes(),
        source_url="https://docutils.sourceforge.io/docs/user/links.txt",
    )
    s5 = next(i for i in based.items if i.title == "native support for S5")
    assert s5.url == "https://docutils.sourceforge.io/docs/user/slide-shows.s5.html"
