"""What kind of work a link is (readinglist.kinds.infer_kind): the host, a paper's path on a research site, a tag."""

from __future__ import annotations

import pytest

from readinglist.kinds import Kind, infer_kind


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/abs/1706.03762", Kind.PAPER),
        ("https://research.google/pubs/pub62/", Kind.PAPER),  # a paper page on a company's research site
        ("https://research.google/blog/attention/", Kind.POST),  # the same site's blog
        ("https://www.microsoft.com/en-us/research/publication/dapper/", Kind.PAPER),
        ("https://www.microsoft.com/en-us/windows", Kind.POST),
        ("https://www.usenix.org/conference/nsdi12/technical-sessions/presentation/zaharia", Kind.PAPER),
        ("https://www.vldb.org/pvldb/vol15/p3731-schulze.html", Kind.PAPER),
        ("https://link.springer.com/article/10.1007/s11263-015-0816-y", Kind.PAPER),
        ("https://example.org/files/notes.pdf", Kind.PAPER),
        ("https://www.youtube.com/watch?v=iDulhoQ2pro", Kind.VIDEO),
        ("https://github.com/karpathy/nanoGPT", Kind.REPOSITORY),
        ("https://jalammar.github.io/illustrated-transformer/", Kind.POST),
    ],
)
def test_infer_kind_from_the_link(url: str, kind: Kind) -> None:
    assert infer_kind(url) is kind


def test_a_kind_tag_in_the_title_wins_and_nothing_says_none() -> None:
    assert infer_kind("https://example.org/x", "[Book] Deep Learning") is Kind.BOOK
    assert infer_kind(None) is None
