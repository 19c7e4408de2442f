"""The document importer, more: a line of one bare URL read without the parser, and share links found by their
words first (both checked against the general rules by hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ReadingListError
from readinglist.importers import _doclines
from readinglist.importers._doclines import _SHARE_URL_RE, _classify, _lone_url, _share_url

# --- a bare URL alone ----------------------------------------------------------------------------------

_URL_CHARS = list("/abcXYZ019-.%!$'()+,;=:@?#中") * 8 + list("&*_[]<>\\`~\"… \u00a0\u3000「") + ["&amp;", "&#1;"]
_BARE = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}{path}",
    st.sampled_from(["https"] * 6 + ["http", "HTTPS", "httpx"]),
    st.sampled_from(["example.org", "Ex.ORG", "例子.中国", "i.imgur.com", "twitter.com", ""]),
    st.lists(st.sampled_from(_URL_CHARS), max_size=14).map("".join),
)
_AROUND = st.sampled_from(["", "", "", " ", "- ", "> ", "1. ", ".", ")", " (c) 2024", " copyright"])


@settings(max_examples=2000, deadline=None)
@given(url=_BARE, before=_AROUND, after=_AROUND)
@example(url="https://example.org/a/123", before="", after="")
@example(url="https://example.org/a_b_", before="", after="")
@example(url="https://example.org/(a)", before="", after=")")
@example(url="https://example.org/copyright", before="", after="")
@example(url="https://i.imgur.com/a.png", before="", after="")
def test_a_bare_url_alone_reads_as_the_general_rules_read_it(url: str, before: str, after: str) -> None:
    line = before + url + after
    refs = {"A": {"href": "https://ex.org/ref", "title": ""}}
    fast = _classify([line], refs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_doclines, "_lone_url", lambda line: None)
        assert fast == _classify([line], refs)


def test_the_lines_of_a_link_dump_take_the_bare_url_path() -> None:
    for line in ("https://example.org/a/123", "http://ex.org/a?b=1#c", "https://ex.org/wiki/Foo(bar)"):
        assert _lone_url(line) is not None, line
    for line in ("https://ex.org/a_b", "https://ex.org/a.", "https://ex.org/*a*", "see https://ex.org", "https://"):
        assert _lone_url(line) is None, line
    assert _lone_url("https://i.imgur.com/a.png") is _doclines._SKIP  # an image alone: no item


# --- share links -------------------------------------------------------------------------------------------

_SHARE_PIECES = st.sampled_from(
    [
        *("https://", "http://", "HTTPS://", "www.", "WWW.", "twitter.com/", "x.com/", "intent", "share", "Share"),
        *("facebook.com/sharer", "linkedin.com/", "shareArticle", "t.me/share", "wa.me/", "connect.qq.com", "/"),
        *("subscribe", "SUBSCRIBE", "ſubscribe", "newsletter", "newſletter", "?", "&", "=", "share=", "ShArE="),
        *("utm_medium=share=", "ı", "İ", "K", "a", "example.org", ".com", "\n", "/subscribe/", "/newsletter?x"),
    ]
)


@settings(max_examples=3000, deadline=None)
@given(url=st.lists(_SHARE_PIECES, max_size=8).map("".join))
@example(url="https://example.org/ſubscribe")
@example(url="https://example.org/a?ſhare=1")
@example(url="https://www.twitter.com/intent/tweet")
def test_the_share_words_first_check_agrees_with_the_share_rule(url: str) -> None:
    assert _share_url(url) == (_SHARE_URL_RE.match(url) is not None)


def _items_or_error(data: bytes) -> object:
    try:
        return importers.parse(data, format="document")
    except ReadingListError as error:
        return str(error)
