"""Org-mode lists: headings as topics or items, checkbox and link list items, TODO keywords as statuses."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ReadingListError
from readinglist.types import Link, Status


def _load(data_dir: Path, name: str):
    data = (data_dir / "org" / name).read_bytes()
    assert importers.detect_format(data) == "org"  # from the content alone
    return importers.parse(data, filename=name)


def test_checkbox_items_titled_by_their_quotes(data_dir: Path) -> None:
    result = _load(data_dir, "ai_learning.org")
    assert result.title == "Reading List"
    got = [(i.title, i.url, i.section, i.status, i.description) for i in result.items]
    cnn = ("Convolutional Neural Networks (CNNs)",)
    assert got[:2] == [
        (
            "ImageNet Classification with Deep Convolutional Neural Networks",
            None,
            cnn,
            Status.READ,
            "by Krizhevsky et al. (2012)",
        ),
        ("Deep Residual Learning for Image Recognition", None, cnn, Status.UNREAD, "by He et al. (2016)"),
    ]
    assert [i.section[0] for i in result.items] == [cnn[0]] * 3 + ["Transformer Architecture"] * 2 + [
        "Optimization & Training Techniques"
    ]


def test_headings_with_url_properties_and_declared_keywords(data_dir: Path) -> None:
    result = _load(data_dir, "books.org")
    got = [(i.title, i.url, i.status, i.author) for i in result.items]
    assert got == [
        (
            "The Grid: Electrical Infrastructure for a New Era",
            "https://www.goodreads.com/book/show/26073005",
            None,
            "Gretchen Bakke",
        ),
        ("Solaris", "https://www.goodreads.com/book/show/95558", Status.READ, "Stanisław Lem"),
        (
            "The Little Schemer",
            "https://www.goodreads.com/book/show/548914",
            None,
            "Daniel P. Friedman, Matthias Felleisen, Duane Bibby, Gerald J. Sussman",
        ),
        (
            "On Growth and Form",
            "https://www.goodreads.com/book/show/460984",
            Status.READING,
            "D'Arcy Wentworth Thompson, John Tyler Bonner",
        ),
    ]
    assert result.items[1].description == "Not very hard sci-fi, but one of the best experiences."


def test_links_nested_topics_tiers_and_tags() -> None:
    doc = b"""#+TITLE: Deep learning
* Foundations :core:
** Tier 1
- [[https://jalammar.github.io/illustrated-transformer/][The Illustrated Transformer]] - start here
** Tier 2
*** TODO [#A] [[https://arxiv.org/abs/1706.03762][Attention Is All You Need]] [[https://github.com/tensorflow/tensor2tensor][code]]
*** DONE [[https://arxiv.org/abs/1810.04805][BERT]]
- [[file:notes/bert.org][my notes]]
* Blogs
+ https://karpathy.github.io/2015/05/21/rnn-effectiveness/
"""
    result = importers.parse(doc, filename="dl.org")
    got = [(i.title, i.url, i.section, i.tier, i.status) for i in result.items]
    assert got == [
        (
            "The Illustrated Transformer",
            "https://jalammar.github.io/illustrated-transformer/",
            ("Foundations",),
            1,
            None,
        ),
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", ("Foundations",), 2, Status.UNREAD),
        ("BERT", "https://arxiv.org/abs/1810.04805", ("Foundations",), 2, Status.READ),
        (
            "https://karpathy.github.io/2015/05/21/rnn-effectiveness/",
            "https://karpathy.github.io/2015/05/21/rnn-effectiveness/",
            ("Blogs",),
            None,
            None,
        ),
    ]
    assert result.items[0].description == "start here"
    assert result.items[1].links == (Link("code", "https://github.com/tensorflow/tensor2tensor"),)


def test_leaf_headings_linked_from_the_text_under_them(data_dir: Path) -> None:
    """A paper heading over its links: a local copy only keeps it by title (with a warning), a web link is its URL;
    a heading with headings under it stays a topic whatever its text links."""
    data = (data_dir / "org" / "reference_mgmt.org").read_bytes()
    result = importers.parse(data, filename="reading-list.org")  # "#+TITLE:" alone is too little to sniff it
    assert [(i.title, i.url, i.section, i.description) for i in result.items] == [
        ("An Interesting Paper", None, ("Read",), "Owens+"),
        ("Contracts for First-Class Modules", None, ("To read",), "Strickland+"),
    ]
    assert result.warnings == ("2 heading(s) link only a local file (file:): kept by title without a link",)
    text = (
        "* Transformers\nSee [[https://jalammar.github.io/illustrated-transformer/][this guide]] first.\n"
        "** Attention Is All You Need\n[[https://arxiv.org/abs/1706.03762][arXiv]] [[https://youtu.be/iDulhoQ2pro][talk]]\n"
        "   The paper that started it.\n"
    )
    items = importers.parse(text.encode(), format="org").items
    assert [(i.title, i.url, i.section, i.description, i.links) for i in items] == [
        (
            "Attention Is All You Need",
            "https://arxiv.org/abs/1706.03762",
            ("Transformers",),
            "The paper that started it.",
            (Link("talk", "https://youtu.be/iDulhoQ2pro"),),
        )
    ]


def test_markdown_is_not_org() -> None:
    md = b"# Papers\n\n* [Attention](https://arxiv.org/abs/1706.03762)\n* [BERT](https://arxiv.org/abs/1810.04805)\n"
    assert importers.detect_format(md) == "markdown"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "* ",
                "** TODO ",
                "#+TODO: A | B",
                ":PROPERTIES:",
                ":END:",
                ":URL: https://e.org/a",
                "- [X] ",
                "- [[",
                "][",
                "]]",
                "https://e.org/b",
                '"',
                "Tier 2",
                "x",
            ]
        ),
        max_size=30,
    )
)
def test_any_org_text_only_raises_readinglist_errors(parts: list[str]) -> None:
    data = "\n".join("".join(parts[i : i + 3]) for i in range(0, len(parts), 3)).encode()
    with contextlib.suppress(ReadingListError):
        result = importers.parse(data or b"x", format="org")
        assert all(i.url is None or i.url.startswith(("http://", "https://")) for i in result.items)
