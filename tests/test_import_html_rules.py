"""The HTML importer follows the Markdown importer's link rules (one statement of them, importers/_links.py):
icon links, community and housekeeping links, broken hrefs, alternates. Fixtures in tests/data/html (see README)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ReadingListError
from readinglist.importers import html
from readinglist.types import Link

DATA = Path(__file__).resolve().parent / "data"
OSSU = "https://github.com/ossu/computer-science"
PWL_REF = "02a99947b533136548c4934dcb7bbd7f08740f5c"
PWL_PAGE = f"https://github.com/papers-we-love/papers-we-love/tree/{PWL_REF}/distributed_systems"
PWL_RAW = f"https://raw.githubusercontent.com/papers-we-love/papers-we-love/{PWL_REF}/distributed_systems/README.md"


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>T</title></head><body><article>{body}</article></body></html>".encode()


def test_a_rendered_curriculum_keeps_the_courses_and_leaves_out_community_and_housekeeping() -> None:
    result = importers.parse((DATA / "html" / "ossu.html").read_bytes(), source_url=OSSU)
    assert result.format == "html"
    got = [(i.title, i.section[-1], i.tier, tuple(link.title for link in i.links)) for i in result.items]
    assert got == [
        ("Python for Everybody", "Introduction to Programming", 1, ()),
        (
            "Introduction to Computer Science and Programming using Python",
            "Introduction to Computer Science",
            1,
            ("alt", "high school algebra"),
        ),
        ("Calculus 1A: Differentiation", "Core math", 2, ("alt",)),
        ("Calculus 1B: Integration", "Core math", 2, ()),
        ("Calculus 1C: Coordinate Systems & Infinite Series", "Core math", 2, ()),
        (
            "Mathematics for Computer Science",
            "Core math",
            2,
            ("alt", "2015/2019 solutions", "2010 solutions", "2005 solutions"),
        ),
        ("Build a Modern Computer from First Principles: From Nand to Tetris", "Core systems", 2, ("alt",)),
        (
            "Build a Modern Computer from First Principles: Nand to Tetris Part II",
            "Core systems",
            2,
            ("these programming languages",),
        ),
        ("Operating Systems: Three Easy Pieces", "Core systems", 2, ()),
        ("Computer Networking: a Top-Down Approach", "Core systems", 2, ("Wireshark Labs",)),
    ]
    ostep = result.items[8]
    assert ostep.url == OSSU + "/blob/master/coursepages/ostep/README.md"
    assert result.items[2].links[0] == Link(
        "alt", "https://ocw.mit.edu/courses/mathematics/18-01sc-single-variable-calculus-fall-2010/index.htm"
    )
    urls = [u for i in result.items for u in (i.url, *(link.url for link in i.links))]
    assert not any("discord" in u or "FAQ.md" in u or "linkedin" in u or "tinyletter" in u for u in urls)


def test_icon_links_are_the_titled_papers_copy_as_in_the_markdown_of_the_same_page() -> None:
    page = importers.parse((DATA / "html" / "pwl_distributed_systems.html").read_bytes(), source_url=PWL_PAGE)
    source = importers.parse(
        (DATA / "fidelity" / "distributed_systems.md").read_bytes(), format="markdown", source_url=PWL_RAW
    )
    assert len(page.items) == 8
    assert [(i.title, i.url, i.links) for i in page.items] == [(i.title, i.url, i.links) for i in source.items]
    blob = f"https://github.com/papers-we-love/papers-we-love/blob/{PWL_REF}/"
    assert page.items[0].links == (Link("PDF", blob + "distributed_systems/a-note-on-distributed-computing.pdf"),)
    assert page.items[5].url == blob + "distributed_systems/paxos-made-simple.pdf"
    assert page.warnings == ()


def test_a_broken_href_is_recovered_or_skipped_with_a_warning() -> None:
    # Awesome-LLM's "[LLM]([https://github.com/simonw/llm)" (see tests/data/fidelity) as GitHub renders it.
    result = html.parse(
        _page(
            '<ul><li><a href="%5Bhttps://github.com/simonw/llm" rel="nofollow">LLM</a> - a CLI tool</li>'
            '<li><a href="https://github.com/longevity-genie/just-chat">Just-Chat</a></li>'
            '<li><a href="https://exa mple.org/a b">Spaces</a></li></ul>'
        )
    )
    assert [(i.title, i.url) for i in result.items] == [
        ("LLM", "https://github.com/simonw/llm"),
        ("Just-Chat", "https://github.com/longevity-genie/just-chat"),
    ]
    assert "1 broken link(s) recovered (https://github.com/simonw/llm)" in result.warnings
    assert any(w.startswith("1 invalid link(s) skipped") for w in result.warnings)


def test_community_profiles_and_housekeeping_are_not_reading() -> None:
    # Lines of papers-we-love's README (709faf7978aaa5a55fddb137f31beaa6ea134186) as GitHub renders them.
    result = html.parse(
        _page(
            "<h2>Chapters</h2><ul>"
            '<li><a href="http://www.meetup.com/papers-we-love-amsterdam/">Amsterdam</a></li>'
            '<li><a href="http://www.meetup.com/papers-we-love/">New York City</a></li></ul>'
            '<p>All of our meetups follow our <a href="/papers-we-love/papers-we-love/blob/master/CODE_OF_CONDUCT.md">'
            "Code of Conduct</a>.</p>"
            "<h3>How To Read a Paper</h3><ul>"
            '<li><a href="http://organizationsandmarkets.com/2010/08/31/how-to-read-an-academic-article/">'
            "How to read an academic article</a></li>"
            '<li><a href="http://michaelrbernste.in/2014/10/21/should-i-read-papers.html">Should I Read Papers?</a></li>'
            "</ul><h3>Applications/Ideas built around Papers We Love</h3>"
            '<ul><li>Love a Paper - <a href="https://twitter.com/loveapaper">@loveapaper</a></li></ul>'
            "<h2>Contributing Guidelines</h2><p>Please take a look at our "
            '<a href="https://github.com/papers-we-love/papers-we-love/blob/master/.github/CONTRIBUTING.md">'
            "CONTRIBUTING.md</a> file.</p>"
            '<p><a href="https://github.com/papers-we-love/papers-we-love/graphs/contributors">Contributors</a> '
            '<a href="https://www.linkedin.com/company/papers-we-love">LinkedIn</a> '
            '<a href="https://discord.gg/Tu2VynkRWV">Join our Discord</a> '
            '<a href="https://github.com/papers-we-love/papers-we-love/wiki/FAQ">FAQ</a></p>'
        ),
        source_url="https://github.com/papers-we-love/papers-we-love",
    )
    assert [i.title for i in result.items] == ["How to read an academic article", "Should I Read Papers?"]


def test_an_alternative_link_in_a_list_item_is_an_extra_of_the_item() -> None:
    result = html.parse(
        _page(
            '<ul><li><a href="https://a.example/cs">Intro to CS</a> '
            '(<a href="https://b.example/cs">alternative</a>)</li>'
            '<li><a href="https://c.example/sicp">SICP</a> <a href="https://d.example/sicp">mirror</a></li></ul>'
        )
    )
    assert [(i.title, i.links) for i in result.items] == [
        ("Intro to CS", (Link("alternative", "https://b.example/cs"),)),
        ("SICP", (Link("mirror", "https://d.example/sicp"),)),
    ]


def test_an_icon_alone_is_still_read_and_an_icon_after_the_item_is_its_extra() -> None:
    result = html.parse(
        _page(
            '<ul><li><a href="https://a.example/paper">A Paper</a> <a href="https://a.example/paper.pdf">📜</a></li>'
            '<li>New talk: <a href="https://b.example/talk-on-raft">🎥</a></li></ul>'
        )
    )
    assert [(i.title, i.url, i.links) for i in result.items] == [
        ("A Paper", "https://a.example/paper", (Link("📜", "https://a.example/paper.pdf"),)),
        ("New talk: 🎥", "https://b.example/talk-on-raft", ()),
    ]


def test_a_table_of_contents_skips_its_own_links_not_the_topics_under_it() -> None:
    """GitHub's rendering of terryum/awesome-deep-learning-papers: ``<h2>Contents</h2>``, its table, then the
    ``<h3>`` topics holding ``<strong>Title</strong> (year), authors [pdf]`` items; License stays skipped."""
    page = b"""<html><body><article><h1>Awesome - Most Cited Deep Learning Papers</h1>
<h2>Contents</h2><ul><li><a href="https://example.org/elsewhere">Elsewhere</a></li></ul>
<h3>Understanding / Generalization / Transfer</h3>
<ul><li><strong>Distilling the knowledge in a neural network</strong> (2015), G. Hinton et al.
<a href="http://arxiv.org/pdf/1503.02531">[pdf]</a></li>
<li><strong>How transferable are features in deep neural networks?</strong> (2014), J. Yosinski et al.
<a href="http://papers.nips.cc/paper/5347.pdf">[pdf]</a></li></ul>
<h2>License</h2><h3>Terms</h3><ul><li><a href="https://creativecommons.org/x">CC0 1.0 Universal</a></li></ul>
</article></body></html>"""
    items = html.parse(page).items
    assert [(i.title, i.url, i.section, i.description) for i in items] == [
        (
            "Distilling the knowledge in a neural network",
            "http://arxiv.org/pdf/1503.02531",
            ("Understanding / Generalization / Transfer",),
            "(2015), G. Hinton et al.",
        ),
        (
            "How transferable are features in deep neural networks?",
            "http://papers.nips.cc/paper/5347.pdf",
            ("Understanding / Generalization / Transfer",),
            "(2014), J. Yosinski et al.",
        ),
    ]


def test_a_browser_bookmark_export_reads_folders_as_topics() -> None:
    """The Netscape bookmark file: folders nest by <DL> (the <DT> are never closed), not by heading level."""
    data = (DATA / "html" / "bookmarks_firefox.html").read_bytes()
    assert importers.detect_format(data) == "html"
    result = importers.parse(data, filename="bookmarks.html")
    assert result.title == "Bookmarks Menu"
    assert [(i.title, i.url, i.section, i.description) for i in result.items] == [
        (
            "Attention Is All You Need",
            "https://arxiv.org/abs/1706.03762",
            ("To read", "Transformers"),
            None,
        ),
        (
            "The Illustrated Transformer – Jay Alammar",
            "https://jalammar.github.io/illustrated-transformer/",
            ("To read", "Transformers"),
            "A visual walk through the architecture",
        ),
        (
            "The Unreasonable Effectiveness of Recurrent Neural Networks",
            "https://karpathy.github.io/2015/05/21/rnn-effectiveness/",
            ("To read",),
            None,
        ),
        (
            "Attention and Augmented Recurrent Neural Networks",
            "https://distill.pub/2016/augmented-rnns/",
            (),  # after To read's </DL>: on the toolbar itself
            None,
        ),
    ]
    assert result.warnings == (
        "2 bookmark(s) that are not web links (bookmarklets, place: queries, files) left out",
    )


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="<>/=\"' aAhHdDlLtT3pP&#;x:", max_size=300))
def test_hostile_bookmark_files_raise_only_readinglist_errors(body: str) -> None:
    data = ("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>" + body).encode()
    with contextlib.suppress(ReadingListError):
        result = importers.parse(data, format="html")
        assert all(i.url and i.url.startswith(("http://", "https://")) for i in result.items)
