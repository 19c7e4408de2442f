"""The Markdown importer's fast paths give exactly what the general rules give (issue 14: parsers linear, cheap
per item): the common item line ``[Title](url) rest`` read directly, and the common ``https://host/path`` link split
without ``urlsplit``. Each is checked against the general path on generated input, hostile characters included.
A table looks for its links only when a row without links asks: that look still covers every row."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.importers import parse
from readinglist.importers.markdown.inline import _Piece
from readinglist.importers.markdown.walker import _Walker
from readinglist.urls import plain_web_parts

_HOSTS = st.sampled_from(
    ["example.org", "Ex.ORG", "discord.gg", "img.shields.io", "twitter.com", "x.com", "creativecommons.org", "a-b.c"]
)
_PATHS = st.text(alphabet="abcXYZ019-._~%!$&'()*+,;=:@/ ?#[]\\\t", max_size=20)
_HREFS = st.one_of(
    st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["https", "http", "HTTPS", "ftp"]), _HOSTS, _PATHS),
    st.sampled_from(["", "#top", "papers/x.pdf", "//ex.org/a", "javascript:x", "mailto:a@b.c", "https://[::1/x"]),
    st.text(max_size=30),
)
_WORDS = st.text(
    alphabet=st.sampled_from(list("aZ1 .,:;-—()[]*_✨🆕\x00\x01\x02\x03\t\u3000:scroll:")), max_size=25
)
_TITLES = st.one_of(_WORDS, st.sampled_from(["paper", "Paper", "Join us", ":rocket: Title", "📜", "FAQ", "code"]))
_RESTS = st.one_of(
    _WORDS, st.sampled_from([" - notes", " (Karpathy)", " (a) b", ". More", " (unbalanced", " — x —", "  "])
)


def _counters(walker: _Walker) -> tuple[object, ...]:
    return (walker.invalid, walker.recovered, walker.relative_links)


@settings(max_examples=400, deadline=None)
@given(title=_TITLES, href=_HREFS, rest=_RESTS, with_rest=st.booleans(), image_only=st.booleans())
def test_a_one_link_line_reads_as_the_general_rules_read_it(
    title: str, href: str, rest: str, with_rest: bool, image_only: bool
) -> None:
    pieces = [_Piece("link", title, href, image_only)] + ([_Piece("text", rest)] if with_rest else [])
    fast, general = _Walker("https://github.com/o/r"), _Walker("https://github.com/o/r")
    assert fast.line(list(pieces)) == general.any_line(list(pieces))
    assert _counters(fast) == _counters(general)  # the link was resolved once, as the general reading does


@settings(max_examples=400, deadline=None)
@given(href=_HREFS)
def test_a_plain_web_url_is_split_as_urlsplit_splits_it(href: str) -> None:
    parts = plain_web_parts(href)
    if parts is None:
        return
    expected = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.hostname, parts.path, parts.query, parts.fragment) == (
        expected.scheme,
        expected.netloc,
        expected.hostname,
        expected.path,
        expected.query,
        expected.fragment,
    )


def test_the_common_link_shapes_take_the_fast_split() -> None:
    assert plain_web_parts("https://arxiv.org/abs/1706.03762") is not None
    assert plain_web_parts("http://Example.ORG") is not None
    for other in ("https://ex.org/a?q=1", "https://ex.org/a#f", "https://u@ex.org/", "https://ex.org:80/", "HTTPS://ex.org"):
        assert plain_web_parts(other) is None  # query, fragment, user, port, upper-case scheme: urlsplit reads them


def test_a_link_less_row_sees_the_links_of_the_rows_after_it() -> None:
    """A table's links are looked for only when a row without links asks (most tables have no title column), but
    in all its rows: a session without material before the first linked row of a schedule is still no work."""
    table = "# L\n\n## Papers\n\n| Week | Paper |\n|-|-|\n| 1 | Intro |\n| 2 | {} |\n"
    linked = parse(table.format("[Attention](https://ex.org/a)").encode(), format="markdown")
    assert [(i.title, i.url) for i in linked.items] == [("Attention", "https://ex.org/a")]
    linkless = parse((table.format("Attention") + "\n- [x](https://ex.org/x)\n").encode(), format="markdown")
    assert [(i.title, i.url) for i in linkless.items] == [("Intro", None), ("Attention", None), ("x", "https://ex.org/x")]
