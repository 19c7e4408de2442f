"""A summary read from the start of an entry's markup equals the one read from all of it (feeds.text.text_start)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.feeds.text import _CHUNK, SUMMARY_CHARS, html_to_text, shorten, text_start

# pieces that meet at every kind of boundary the parser and html.unescape care about: tags cut anywhere, quoted
# attributes holding "<" and ">", references (named, numeric, unterminated, twice-escaped), scripts, comments,
# marked sections the parser gives up on, stray "<" and "&", whitespace of every kind
_PIECES = st.sampled_from(
    [
        "word ",
        "longer-word",
        " ",
        "\n",
        "\t",
        "\r",
        "\xa0",
        "<p>",
        "</p>",
        "<br/>",
        "<a href='https://example.org/x?a=1&amp;b=2'>",
        "</a>",
        '<img alt="a > b < c">',
        "<em>",
        "</em>",
        "<script>var x = '<p>no</p>';</script>",
        "<style>p { color: red }</style>",
        "<!-- a comment <p> -->",
        "<!-- never closed",
        "&amp;",
        "&amp;amp;",
        "&lt;",
        "&#169;",
        "&#x1F600;",
        "&#00000000000000000000000000000000000065;",
        "&copy",
        "&",
        "AT&T",
        "&amp",
        ";",
        "<",
        "a < b",
        ">",
        "<div",
        "<li>item</li>",
        "é",
        "x" * 40,
    ]
)
_FRAGMENTS = st.lists(_PIECES, min_size=60, max_size=300).map("".join)
_SECTIONS = st.sampled_from(["<![CDATA[ kept? ]]>", "<![if !IE]>", "<![foo[ the parser gives up ]]>"])


def _same_summary(fragment: str, limit: int) -> None:
    text, complete = text_start(fragment, limit)
    whole = html_to_text(fragment)
    if complete:
        assert text == whole
    else:
        assert len(text) > limit
        assert whole.startswith(text)
    assert shorten(text, limit) == shorten(whole, limit)
    if limit >= 80:  # a title made from the summary's start
        assert shorten(text, 80) == shorten(whole, 80)


@settings(max_examples=400, deadline=None)
@given(_FRAGMENTS, st.sampled_from([SUMMARY_CHARS, 40, 5]))
def test_the_start_of_the_markup_gives_the_summary_of_all_of_it(fragment: str, limit: int) -> None:
    _same_summary(fragment, limit)


@settings(max_examples=100, deadline=None)
@given(_FRAGMENTS, _SECTIONS, _FRAGMENTS)
def test_marked_sections_anywhere(before: str, section: str, after: str) -> None:
    _same_summary(before + section + after, SUMMARY_CHARS)
    _same_summary(before + section + after, 5)


def test_a_long_entry_is_read_only_as_far_as_its_summary_needs() -> None:
    paragraph = "<p>" + "a sentence of several words, " * 8 + "<a href='https://example.org/'>link</a></p>"
    fragment = paragraph * 200  # ~60 KB of markup, as a full-text feed sends
    text, complete = text_start(fragment, SUMMARY_CHARS)
    assert not complete
    assert SUMMARY_CHARS < len(text) < 2 * _CHUNK + len(paragraph)
    _same_summary(fragment, SUMMARY_CHARS)


def test_references_cut_by_a_piece_are_read_whole() -> None:
    # a reference straddling the place where a piece ends: the text up to it is not trusted until it is read
    for pad in range(_CHUNK - 40, _CHUNK + 40):
        for reference in ("&amp;amp;", "&#00000000000000000000000000000000000065;", "&copy;", "&amp"):
            fragment = "<p>" + "x" * pad + reference + "y" * 3 + "<b>" + "word " * 200 + "</b></p>"
            _same_summary(fragment, SUMMARY_CHARS)


def test_a_marked_section_the_parser_gives_up_on_reads_the_whole_fragment() -> None:
    # html.parser raises on "<![if ...": html_to_text then strips tags from the whole fragment, so must we
    fragment = "<p>" + "word " * 200 + "</p><![foo[ x ]]><script>hidden</script>"
    text, complete = text_start(fragment, SUMMARY_CHARS)
    assert complete
    assert text == html_to_text(fragment)
    assert "hidden" in text  # (what the fallback gives: this is the case being tested)
