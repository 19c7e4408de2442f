"""OPML importer: feed-reader subscriptions and curriculum outlines; hostile XML is refused quickly."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import opml
from readinglist.types import Kind, Link


def test_feeds_opml(data_dir: Path) -> None:
    lst = opml.parse((data_dir / "opml" / "feeds.opml").read_bytes())
    assert lst.title == "Feedly subscriptions"
    assert lst.date == "2024-04-15"
    assert [(i.title, i.url, i.section, i.links) for i in lst.items] == [
        (
            "Lil'Log",
            "https://lilianweng.github.io/",
            ("ML blogs",),
            (Link("feed", "https://lilianweng.github.io/index.xml"),),
        ),
        (
            "The Gradient",
            "https://thegradient.pub/",
            ("ML blogs",),
            (Link("feed", "https://thegradient.pub/rss/"),),
        ),
        ("Latent Space", "https://www.latent.space/feed", ("Podcasts",), ()),
        (
            "Hacker News",
            "https://news.ycombinator.com/",
            (),
            (Link("feed", "https://news.ycombinator.com/rss"),),
        ),
    ]
    # a feed reader's empty folder is an empty topic, not an item
    assert lst.sections == (("ML blogs",), ("Podcasts",), ("Empty folder",))
    assert lst.items[2].kind is Kind.PODCAST


def test_curriculum_opml_latin1_tiers_and_notes(data_dir: Path) -> None:
    lst = opml.parse((data_dir / "opml" / "curriculum.opml").read_bytes())
    assert lst.title == "Deep learning curriculum"
    assert lst.date == "2024-01-02"
    assert [(i.title, i.url, i.section, i.tier) for i in lst.items] == [
        ("Neural Networks: Zero to Hero", "https://karpathy.ai/zero-to-hero.html", ("Fundamentals",), 1),
        ("Read chapter 6 of the Deep Learning book", None, ("Fundamentals",), 1),
        ("Café talk: backprop", "https://www.youtube.com/watch?v=VMj-3S1tku0", ("Fundamentals",), 2),
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", ("Transformers",), None),
    ]
    assert lst.items[0].description == "Start here."
    assert lst.items[2].kind is Kind.VIDEO
    assert lst.sections == (("Fundamentals",), ("Transformers",))


def test_item_with_children_opens_a_topic() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="Course" url="https://course.example/">
        <outline text="Lesson 1" url="https://course.example/1"/>
      </outline></body></opml>"""
    lst = opml.parse(data)
    assert [(i.title, i.section) for i in lst.items] == [("Course", ()), ("Lesson 1", ("Course",))]


@pytest.mark.parametrize("name", ["bomb.opml", "external.opml"])
def test_entities_refused_before_expansion(data_dir: Path, name: str) -> None:
    with pytest.raises(ImportFormatError, match="entities"):
        opml.parse((data_dir / "opml" / name).read_bytes())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<opml><body><outline text='x'", "not well-formed"),
        (b"<rss><channel/></rss>", "not OPML"),
        (b"<opml version='2.0'><head/></opml>", "<body>"),
        (b"<opml version='2.0'><body></body></opml>", "no outlines"),
    ],
)
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        opml.parse(data)


def test_deep_nesting_refused() -> None:
    data = b"<opml><body>" + b"<outline text='a'>" * 300 + b"</outline>" * 300 + b"</body></opml>"
    with pytest.raises(ImportFormatError, match="nest"):
        opml.parse(data)


def test_sniff() -> None:
    assert opml.sniff('<?xml version="1.0"?>\n<opml version="2.0">') == 95
    assert opml.sniff("title,url\n") == 0


_VALID = b"""<?xml version="1.0"?><opml version="2.0"><head><title>T</title></head><body>
<outline text="A"><outline text="x" htmlUrl="https://x.example/" xmlUrl="https://x.example/feed"/></outline>
</body></opml>"""


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_opml_only_raises_readinglist_errors(data: st.DataObject) -> None:
    raw = bytearray(_VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    with contextlib.suppress(ReadingListError):
        opml.parse(bytes(raw))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_readinglist_errors(data: bytes) -> None:
    with contextlib.suppress(ReadingListError):
        opml.parse(b"<opml>" + data)


def test_links_inside_outline_text_are_read_workflowy(data_dir: Path) -> None:
    lst = opml.parse((data_dir / "opml" / "workflowy_learning.opml").read_bytes())
    got = [(i.title, i.url, i.section[1:]) for i in lst.items]
    assert got == [
        (
            "Approaching Automated Security Testing in DevSecOps | Pluralsight",
            "https://app.pluralsight.com/library/courses/approaching-automated-security-testing-devsecops/table-of-contents",
            ("2021", "FEBRUARY"),
        ),
        (
            "Modern CSS with Jen Simmons - CaSE",
            "http://www.case-podcast.org/1-modern-css-with-jen-simmons",
            ("2018", "JUNE"),
        ),
        ("HTML documentation | #🔠", None, ("2018", "JUNE")),
        (
            "Improving CSS with PostCSS",
            "https://app.pluralsight.com/library/courses/improving-css-with-postcss/table-of-contents",
            ("2018", "JANUARY"),
        ),
        ("What the Flexbox?!", "https://flexbox.io/", ("2018", "JANUARY")),
    ]
    assert lst.items[-1].description == "#👩🏫 #css"  # the words after the link, then the note


@pytest.mark.parametrize(
    ("text", "title", "url", "description"),
    [
        (
            "[Attention Is All You Need](https://arxiv.org/abs/1706.03762) - the paper",
            "Attention Is All You Need",
            "https://arxiv.org/abs/1706.03762",
            "the paper",
        ),
        (
            "The Illustrated Transformer https://jalammar.github.io/illustrated-transformer/",
            "The Illustrated Transformer",
            "https://jalammar.github.io/illustrated-transformer/",
            None,
        ),
        ("https://example.org/only.", "https://example.org/only", "https://example.org/only", None),
        ("[[wiki link]] and [no url](notes.md)", "[[wiki link]] and [no url](notes.md)", None, None),
    ],
)
def test_markdown_and_bare_links_inside_outline_text(
    text: str, title: str, url: str | None, description: str | None
) -> None:
    from xml.sax.saxutils import quoteattr

    data = f'<opml version="2.0"><body><outline text={quoteattr(text)}/></body></opml>'.encode()
    (item,) = opml.parse(data).items
    assert (item.title, item.url, item.description) == (title, url, description)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        "[a](https://e.org/" * 3_000,
        '<a href="https://e.org/' * 2_000,
        "<a " * 20_000,
        "https://e.org/a " * 3_000,
    ],
    ids=["link openers", "links without end", "anchors without end", "anchor starts", "bare URLs"],
)
def test_hostile_outline_text_reads_in_linear_time(text: str) -> None:
    """Each outline's text is searched for its link in its first characters only, with bounded patterns: a
    thousand hostile outlines cost about what a thousand plain ones do."""
    import time
    from xml.sax.saxutils import quoteattr

    def cpu(outline_text: str) -> float:
        data = f"<opml><body>{f'<outline text={quoteattr(outline_text)}/>' * 20}</body></opml>".encode()
        start = time.process_time()
        opml.parse(data)
        return time.process_time() - start

    plain = min(cpu("x" * len(text)) for _ in range(2))
    assert cpu(text) <= 10 * plain + 0.2
