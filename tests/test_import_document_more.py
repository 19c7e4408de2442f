"""The document importer, more: plain titles beside linked lines are works without a link (as in the Markdown
importer), while a blog post's ordinary bullets are not; a line of one bare URL read without the parser, and share
links found by their words first (both checked against the general rules by hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import _doclines, document
from readinglist.importers._doclines import _classify, _lone_url
from readinglist.importers._docurls import _SHARE_URL_RE, _share_url
from readinglist.types import Kind, ListToImport

DOCUMENTS = Path(__file__).parent / "data" / "documents"


def rows(lst: ListToImport) -> list[tuple[tuple[str, ...], str, str | None]]:
    return [(i.section, i.title, i.url) for i in lst.items]


def parse(text: str) -> ListToImport:
    return document.parse(text.encode(), source_url=None)


# --- plain titles beside linked lines -------------------------------------------------------------------

GOOD = ("Good Papers",)
NICE = (*GOOD, 'Nice "old" paper')


def test_plain_titles_beside_linked_papers_in_real_notes_are_works() -> None:
    result = document.parse((DOCUMENTS / "paper_notes_plain_titles.txt").read_bytes(), source_url=None)
    assert result.title == "This is Maggie's paper reading list."
    assert rows(result) == [
        ((*NICE, "Machine Learning"), "An Empirical Model of Large-Batch Training", "https://arxiv.org/pdf/1812.06162"),
        ((*NICE, "Machine Learning"), "Neural Turing Machines", "https://arxiv.org/pdf/1410.5401"),
        ((*NICE, "Machine Learning"), "Variational Lossy Auto-encoder", "https://arxiv.org/pdf/1611.02731"),
        (
            (*NICE, "NLP", "Early Systems"),
            "Understanding Natural Language",
            "https://www.sciencedirect.com/science/article/abs/pii/0010028572900023",
        ),
        (
            (*NICE, "NLP", "Language Models"),
            "Improving Neural Language Models with A Continuous Cache",
            "https://arxiv.org/pdf/1612.04426",
        ),
        ((*NICE, "NLP", "Language Models"), "Exploring the Limits of Language Modeling", "https://arxiv.org/pdf/1602.02410"),
        # the two plain titles beside a linked one, under a heading inside "Good Papers": works without a link
        ((*GOOD, "Interesting Ones"), "Using games to understand the mind", None),
        ((*GOOD, "Interesting Ones"), "People construct simplified mental representations to plan", None),
        ((*GOOD, "Interesting Ones"), "s1 Simple test-time scaling", "https://arxiv.org/pdf/2501.19393"),
        (
            (*GOOD, "Others", "With notes:"),
            "Better & Faster Large Language Models via Multi-token Prediction",
            "https://arxiv.org/pdf/2404.19737",
        ),
        (
            (*GOOD, "Others", "With notes:"),
            "Large Concept Models: Language Modeling in a Sentence Representation Space",
            "https://arxiv.org/abs/2412.08821",
        ),
        ((*GOOD, "Readings for CIS 6300"), "Language Models are Few-Shot Learners", "https://arxiv.org/abs/2005.14165"),
        ((*GOOD, "Readings for CIS 6300"), "How Many Data Points is a Prompt Worth?", "https://arxiv.org/abs/2103.08493"),
    ]
    assert all(i.note is None and i.description is None and i.kind is None for i in result.items)


def test_a_reading_list_of_some_linked_works_keeps_the_others_by_title() -> None:
    text = (
        "My notes on craft\n\n"
        "Books To Read\n"
        "- Clean Code\n"
        "- [The Pragmatic Programmer](https://pragprog.com/titles/tpp20/)\n"
        "- *Refactoring* by Martin Fowler\n"
        "- BERT (Devlin et al., 2018) the encoder\n"
        "- [Book] Code Complete\n"
        "- [Building a mathematical mind]\n"
    )
    result = parse(text)
    books = ("Books To Read",)  # the line right over the list is its heading, as over a list of links
    assert [(i.section, i.title, i.url, i.note, i.description, i.kind) for i in result.items] == [
        (books, "Clean Code", None, None, None, None),
        (books, "The Pragmatic Programmer", "https://pragprog.com/titles/tpp20/", None, None, None),
        (books, "Refactoring", None, None, "by Martin Fowler", None),  # its italic title; the rest describes it
        (books, "BERT", None, "Devlin et al., 2018", "the encoder", None),  # a citation is the note
        (books, "Code Complete", None, None, None, Kind.BOOK),  # a kind tag, as on a linked line
        (books, "Building a mathematical mind", None, None, None, None),  # the brackets of a missing link go
    ]


@pytest.mark.parametrize(
    ("heading", "works"),
    [
        ("## Books", 5),  # a section about reading: every link-less line a work
        ("## Technical", 0),  # under "Reading list", a bold title unquoted: none (and the document's title alone
        # would not do, unlike the Markdown list's: see the blog post below)
    ],
)
def test_the_plain_titles_read_as_the_markdown_importer_reads_them(heading: str, works: int) -> None:
    lines = (
        "- Elements of Computing Systems\n- [ML Interview Book](https://huyenchip.com/ml-interviews-book/)\n"
        "- [Building a mathematical mind]\n- OS: Three Easy Pieces\n- **Deep Learning** (Goodfellow et al., 2016)\n"
        "- _Site Reliability Engineering_ by the Google SRE team (technical chapters only)\n"
    )
    text = f"# Reading list\n\n{heading}\n\n{lines}"
    as_markdown = importers.parse(text.encode(), format="markdown")
    as_document = parse(text)
    assert [(i.section, i.title, i.url, i.note, i.description) for i in as_document.items] == [
        (i.section, i.title, i.url, i.note, i.description) for i in as_markdown.items
    ]
    assert sum(i.url is None for i in as_document.items) == works


def test_a_further_reading_line_names_a_list_of_plain_titles_beside_links() -> None:
    text = "Notes\n\nFurther reading\n- Plain title\n- [A](https://a.org/x)\n"
    assert rows(parse(text)) == [
        (("Further reading",), "Plain title", None),
        (("Further reading",), "A", "https://a.org/x"),
    ]


def test_a_long_list_of_plain_titles_and_links_is_read_in_one_pass() -> None:
    # every other line a plain title: each run and each list read once (not once per line)
    text = "# Reading\n\n" + "".join(f"- Title {i}\n- [Paper {i}](https://ex.org/{i})\n" for i in range(3000))
    result = parse(text)
    assert len(result.items) == 6000 and sum(i.url is None for i in result.items) == 3000


def test_a_blog_posts_ordinary_bullets_beside_links_are_not_works() -> None:
    post = (
        "How I set up my Python laptop\n"
        "Posted on: 2024-03-01\n\n"
        "I reinstalled everything last week, so here is what I did and what I think of it.\n\n"
        "Setup\n"
        "- Install Python.\n"
        "- Setup\n"
        "- [pyenv](https://github.com/pyenv/pyenv)\n\n"
        "What I liked\n"
        "- Pros\n"
        "- Cons\n"
        "- Fast\n"
        "- [uv](https://docs.astral.sh/uv/)\n\n"
        "Tools\n"
        "- Editors\n"
        "  - [Neovim](https://neovim.io/)\n"
        "  - [Helix](https://helix-editor.com/)\n"
        "- Terminals\n"
        "  - [WezTerm](https://wezfurlong.org/wezterm/)\n"
    )
    result = parse(post)
    # short labels and sentences beside links under headings that are not about reading: only the links
    assert [i.title for i in result.items] == ["pyenv", "uv", "Neovim", "Helix", "WezTerm"]
    assert all(i.url for i in result.items)
    # nor when the post's title has a word of reading lists: it names the post's subject, not its sections'
    titled = parse("# Essential Python tooling\n\n" + post.split("\n", 1)[1])
    assert rows(titled) == rows(result)


@pytest.mark.parametrize(
    "lines",
    [
        "- [A](https://a.org/x)\n- Read these in order. Then the rest.\n- Plain title\n",  # a sentence
        "- [A](https://a.org/x)\n- More coming soon\n- Plain title\n",  # a placeholder
        "- [A](https://a.org/x)\n- Also:\n- Plain title\n",  # a label
        "- [A](https://a.org/x)\n- [ ] Plain title\n- Another plain title\n",  # a checklist's entries
        "- [A](https://a.org/x)\n- [ ]\n- Plain title\n",  # a box alone
        "- [A](#a)\n- Plain title\n- Another plain title\n",  # beside anchors only
        "- [A](https://a.org/x)\n- Group\n  - Plain title\n  - Another plain title\n",  # no line of links beside
        "- [A](https://a.org/x)\n\nParagraph between.\n\n- Plain title\n",  # another list
    ],
)
def test_a_list_under_a_reading_heading_gives_no_plain_work_when_one_line_is_no_title(lines: str) -> None:
    text = "# Notes\n\n## Further reading\n\n" + lines
    if "https" not in lines:
        with pytest.raises(ImportFormatError):  # anchors alone: nothing to import, as before
            parse(text)
        return
    result = parse(text)
    assert [i.title for i in result.items if i.url is None and i.status is None] == []
    assert [i.title for i in result.items if i.url] == ["A"]


def test_bold_or_italic_titles_under_a_reading_heading_further_out_must_be_quoted() -> None:
    head = "# Notes\n\n## Papers\n\n### Misc\n\n- [A](https://a.org/x)\n"
    assert [i.title for i in parse(head + "- Plain title\n").items] == ["A", "Plain title"]
    assert [i.title for i in parse(head + '- **"Quoted"** (2017)\n').items] == ["A", "Quoted"]
    assert [i.title for i in parse(head + "- **Bold** (2017)\n").items] == ["A"]
    # and none at all where no heading around the list is about reading (the document's title alone is not enough)
    for text in ("# Misc\n\n## Other\n\n", "# Papers\n\n## Misc\n\n"):
        assert [i.title for i in parse(text + "- [A](https://a.org/x)\n- Plain title\n").items] == ["A"]


_LIST_LINES = [
    *("", "", "- [Paper 1](https://example.org/p/1) - notes", "- Plain title", "- Another plain title", "- x"),
    *("  - [Sub](https://example.org/s)", "  - Sub plain", "- *Italic* by Author", "- **Bold** words", "- [A](#a)"),
    *("- BERT (Devlin et al., 2018)", "- A sentence. Then more", "- Label:", "- [ ] Box title", "- TBD", "Words"),
    *("## Further reading", "## Setup", "Books to read", "- Title https://example.org/t", "- `code` title"),
    *("- [Book] Tagged", "- _lead_ x", "\t- Tabbed plain", "- [Building a mind]", "> - quoted plain"),
    *("*Books to read*", "_What I liked_", "Reading list", "**Papers**", "# Notes", "[x] - Done title"),
]


@settings(max_examples=600, deadline=None)
@given(lines=st.lists(st.sampled_from(_LIST_LINES), max_size=24))
def test_plain_titles_read_the_same_without_the_fast_paths(lines: list[str]) -> None:
    # the words of a list's lines are read only in a list holding links: the same items as when every line is read
    data = "\n".join(lines).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_doclines, "_unread", lambda shape: False)
        patch.setattr(_doclines, "_words_only", lambda markdown: False)
        patch.setattr(_doclines, "_box_words", lambda markdown, refs: False)
        patch.setattr(_doclines, "_body_parsed", lambda shape: True)
        slow = _items_or_error(data)
    assert _items_or_error(data) == slow

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
