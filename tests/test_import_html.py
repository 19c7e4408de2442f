"""The HTML page importer: a blog post, a GitHub-rendered awesome list, a login page, and hostile markup."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import html
from readinglist.types import Kind, Link, ListToImport

Row = tuple[tuple[str, ...], str, str, Kind | None]


def rows(lst: ListToImport) -> list[Row]:
    return [(i.section, i.title, i.url or "", i.kind) for i in lst.items]


def fixture(data_dir: Path, name: str) -> bytes:
    return (data_dir / "documents" / name).read_bytes()


def test_blog_post_body_links_by_heading(data_dir: Path) -> None:
    lst = html.parse(fixture(data_dir, "blog_post.html"))
    why, tr, rt = ("Why this role exists",), ("Foundations", "Transformers"), ("Foundations", "Retrieval")
    assert rows(lst) == [
        (why, "The Rise of the AI Engineer", "https://www.latent.space/p/ai-engineer", None),
        (
            why,
            "Greg Brockman’s essay",
            "https://blog.gregbrockman.com/its-time-to-become-an-ml-engineer",
            None,
        ),
        (tr, "Attention Is All You Need", "https://arxiv.org/abs/1706.03762", Kind.PAPER),
        (tr, "The Illustrated Transformer", "https://jalammar.github.io/illustrated-transformer/", None),
        (tr, "Karpathy's build-along is here.", "https://www.youtube.com/watch?v=kCc8FmEb1nY", None),
        # relative href resolved against <base href>; the same paper with a trailing slash is kept once
        (rt, "Our internal RAG survey notes", "https://janes-notes.example/papers/rag-survey.html", None),
        (
            rt,
            "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
            "https://arxiv.org/abs/2005.11401",
            None,
        ),
        (
            ("Building",),
            "What We Learned from a Year of Building with LLMs",
            "https://applied-llms.org/",
            None,
        ),
    ]
    attention = lst.items[2]
    assert attention.links == (Link("video", "https://www.youtube.com/watch?v=iDulhoQ2pro"),)
    assert attention.description == "the original paper; skim section 3 first."
    assert lst.items[3].description == "pictures before equations."
    assert lst.title == "Getting started with LLM engineering | Jane's notes"
    assert lst.source_url == "https://janes-notes.example/posts/llm-engineering-reading-list/"
    assert lst.date == "2024-03-14T09:00:00Z"
    assert lst.format == "html"


def test_github_awesome_list(data_dir: Path) -> None:
    page = "https://github.com/example/awesome-llm-reading"
    lst = html.parse(fixture(data_dir, "github_awesome_list.html"), source_url=page)
    assert rows(lst) == [
        (("Papers",), "Attention Is All You Need", "https://arxiv.org/abs/1706.03762", None),
        (("Papers",), "Language Models are Few-Shot Learners", "https://arxiv.org/abs/2005.14165", None),
        (("Papers",), "Scaling Laws for Neural Language Models", "https://arxiv.org/abs/2001.08361", None),
        (
            ("Papers", "Alignment"),
            "Training language models to follow instructions with human feedback",
            "https://arxiv.org/abs/2203.02155",
            None,
        ),
        (("Courses",), "Practical Deep Learning for Coders", "https://www.fast.ai/", None),
        (("Courses",), "Stanford CS324 notes", f"{page}/blob/main/notes/cs324.md", None),
    ]
    assert lst.items[0].links == (Link("code", "https://github.com/tensorflow/tensor2tensor"),)
    assert lst.items[0].description == "The transformer paper."
    # the parent item's description stops before its nested list
    assert lst.items[1].description == "GPT-3 and in-context learning."
    assert lst.warnings == ()


def test_relative_links_without_a_base_are_left_out_with_a_warning(data_dir: Path) -> None:
    lst = html.parse(fixture(data_dir, "github_awesome_list.html"))
    assert [i.url for i in lst.items][-1] == "https://www.fast.ai/"
    assert len(lst.items) == 5
    assert lst.warnings == (
        "1 relative link(s) left out: give the page's address (source_url) to resolve them",
    )


def test_login_page_is_refused(data_dir: Path) -> None:
    with pytest.raises(ImportFormatError, match="looks like a login page") as info:
        html.parse(fixture(data_dir, "login.html"), source_url="https://readingclub.example/login")
    assert info.value.format == "html"


def test_page_without_reading_links_is_refused() -> None:
    page = b"<html><body><nav><a href='https://x.org/a'>A</a></nav><p>Hello <a href='#top'>top</a></p></body></html>"
    with pytest.raises(ImportFormatError, match="has no reading links"):
        html.parse(page)


def test_main_is_used_when_there_is_no_single_article_and_h1s_are_topics() -> None:
    page = (
        "<body><div class='menu'><a href='https://x.org/menu'>Menu</a></div><main>"
        "<h1>Part one</h1><p><a href='https://x.org/one'>One</a></p>"
        "<h1>Part two</h1><ul><li><a href='https://x.org/two'>Two</a><li><a href='https://x.org/three'>Three</a>"
        "</ul></main><p><a href='https://x.org/outside'>Outside</a></p></body>"
    )
    lst = html.parse(page.encode())
    assert rows(lst) == [
        (("Part one",), "One", "https://x.org/one", None),
        (("Part two",), "Two", "https://x.org/two", None),
        (("Part two",), "Three", "https://x.org/three", None),
    ]


def test_declared_legacy_charset_is_honoured() -> None:
    page = '<html><head><meta charset="gbk"></head><body><a href="https://x.org/a">机器学习</a></body></html>'
    lst = html.parse(page.encode("gbk"))
    assert rows(lst) == [((), "机器学习", "https://x.org/a", None)]


def test_deep_nesting_does_not_overflow() -> None:
    page = "<div>" * 5000 + "<a href='https://x.org/deep'>Deep</a>" + "</div>" * 5000
    lst = html.parse(page.encode())
    assert rows(lst) == [((), "Deep", "https://x.org/deep", None)]


def test_markup_that_never_closes_is_read_up_to_the_limit_with_a_warning() -> None:
    """Past ``MAX_OPEN`` elements open at once (``<ul><li>`` without end) the rest of the page is not read: what
    came before is kept and the warning says where reading stopped."""
    from readinglist.importers._htmltree import MAX_OPEN

    first = '<ul><li><a href="https://x.org/first">First</a></li></ul>\n'
    page = "<html><body>" + first + "<ul><li>" * MAX_OPEN + "<a href='https://x.org/deep'>Deep</a>"
    lst = html.parse(page.encode())
    assert rows(lst) == [((), "First", "https://x.org/first", None)]
    assert lst.warnings == (
        f"elements nested more than {MAX_OPEN:,} deep (tags that are never closed) from line 2 on: "
        "the rest of the page was not read",
    )


def _general_tree(text: str) -> list[str]:
    """The element tree as html.parser alone builds it (no plain-tag shortcut), one line a node."""
    from html.parser import HTMLParser

    from readinglist.importers._htmltree import _TreeBuilder

    class General(_TreeBuilder):
        feed = HTMLParser.feed  # type: ignore[assignment]

    return _tree_lines(General, text)


def _tree_lines(cls: type, text: str) -> list[str]:
    from readinglist.importers._htmltree import _walk

    builder = cls()
    builder.feed(text)
    builder.close()
    return [
        repr(cur) if isinstance(cur, str) else f"{entering} {cur.tag} {sorted(cur.attrs.items())}"
        for entering, cur in _walk(builder.root)
    ]


@pytest.mark.parametrize(
    "name",
    ["blog_post.html", "github_awesome_list.html", "login.html", "../html/ossu.html", "../html/pwl_distributed_systems.html"],
)
def test_bare_tags_read_as_html_parser_reads_them(data_dir: Path, name: str) -> None:
    from readinglist.htmlguard import tame
    from readinglist.importers._htmltree import _TreeBuilder

    text = tame(fixture(data_dir, name).decode("utf-8", "replace"))
    assert _tree_lines(_TreeBuilder, text) == _general_tree(text)


@pytest.mark.parametrize(
    "text",
    [
        "<p>AT&T<b>x</b> &amp<i>y</i> a < b <li>c&#65;d</li>&",
        "<ul><li><script>var s = '<li>x</li>';</script>after<li>two</ul><style>a<b{}</style><p>end",
        "<div><!-- <li>hidden</li> --><li>shown<!-- never closed <li>x</li><p>y",
        "<a href='x.html' title=\"a &amp; b\" hidden data-x=''>q</a><br/><br /><div/>z<img src=\"i.png\" alt='&lt;'>",
        '<a href="https://x.org/?a=1&amp;b=2" class="x y">r</a><a HREF="X">s</A><a href = "y">t</a><a href="x"title="z">u</a>',
        "<title>T <b>x</b></title><textarea><li>no</textarea><p\n>v</p\n><x-y>w</x-y><li>" + "k" * 300 + "&am",
        "<![CDATA[<li>x]]><li>a</li><?pi <li> ?><!DOCTYPE html><li>b</li></>" + "<script>" + "x<y" * 200 + "</script><li>c",
    ],
)
def test_the_builders_own_loop_reads_as_html_parser_reads(text: str) -> None:
    """The builder reads plain tags and text itself and hands everything else (character references, scripts,
    comments, unusual attributes) to html.parser until it has finished it: the same tree either way."""
    from readinglist.importers._htmltree import _TreeBuilder

    assert _tree_lines(_TreeBuilder, text) == _general_tree(text)


def test_bare_tags_inside_scripts_and_odd_spellings_stay_html_parsers() -> None:
    from readinglist.importers._htmltree import _TreeBuilder

    text = (
        "<UL><Li>a<li>b</LI></ul><script>if (a<b) { x = '</li><p>' }</script><style><p></style>"
        "<p>one<br/>two<br>three</p ><li >x</li\n><title><b></title><textarea><li></textarea><x-y>z</x-y><a>t</a>"
        '<a href="https://x.org/a" class="Big">a</a><A HREF="X" data-x="">b</a><a href="a&amp;b">c</a>'
        "<a href='x'>d</a><a href=\"x\" >e</a><a\nhref=\"x\"\nid=\"y\">f</a><div a=\"1\" a=\"2\">g</div>"
        '<script src="x.js"></script><li title="<b>">h'
    )
    assert _tree_lines(_TreeBuilder, text) == _general_tree(text)


def test_sniff() -> None:
    assert html.sniff("<!DOCTYPE html><html></html>") == 95
    assert html.sniff("  <html lang='en'>") == 95
    assert html.sniff('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>') == 0
    assert html.sniff("# Markdown\n- [a](https://x.org)") == 0
    assert html.sniff("<div><p><a href='1'>a</a><a href='2'>b</a><a href='3'>c</a></p></div>") == 55


def test_exported_contract() -> None:
    assert html.NAME == "html"
    assert html.EXTENSIONS == (".html", ".htm", ".xhtml")


# --- hostile input --------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "<a href='https://x.org/a'>",
        "<a href='/rel'>",
        "<a href='#x'>",
        "<a href='javascript:x'>",
        "<a href='http://[::1'>",
        "</a>",
        "<h2>",
        "</h2>",
        "<h1>T</h1>",
        "<li>",
        "<ul>",
        "</ul>",
        "<p>",
        "<nav>",
        "</nav>",
        "<base href='https://b.org/'>",
        "<input type=password>",
        "<img src=x>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#0;",
        "text",
        "[Paper] ",
        "<",
        ">",
        "'",
        '"',
        "标题",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_random_markup_only_raises_library_errors(text: str) -> None:
    try:
        lst = html.parse(text.encode(), source_url="https://page.example/p")
    except ReadingListError:
        return
    assert all(i.url and i.url.startswith(("http://", "https://")) and i.title for i in lst.items)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_library_errors(data: bytes) -> None:
    with contextlib.suppress(ReadingListError):
        html.parse(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 5000), junk=st.text(max_size=30))
def test_mutated_fixture_only_raises_library_errors(data_dir: Path, cut: int, junk: str) -> None:
    text = fixture(data_dir, "blog_post.html").decode("utf-8")
    mutated = text[:cut] + junk + text[cut + len(junk) :]
    with contextlib.suppress(ReadingListError):
        html.parse(mutated.encode("utf-8", errors="surrogatepass"))


def _unclosable_by_definition(text: str) -> list[int]:
    """The ``<`` that htmlguard must escape, found the slow, obvious way: from each ``<`` in turn, a comment or
    CDATA section is skipped when it closes, and a tag counts when no ``>`` comes before the next ``<``."""
    import re

    found, at = [], text.find("<")
    while at != -1:
        closer = re.compile(r"--\s*>") if text.startswith("<!--", at) else None
        if text.startswith("<![", at):
            closer = re.compile(r"]\s*]\s*>")
        if closer is not None:
            end = closer.search(text, at + (4 if text.startswith("<!--", at) else 3))
            if end is not None:
                at = text.find("<", end.end())
                continue
            found.append(at)
        else:
            gt, following = text.find(">", at), text.find("<", at + 1)
            if gt == -1 or -1 < following < gt:
                found.append(at)
        at = text.find("<", at + 1)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "<!--", "-->", "-- >", "<![", "]]>", "] ]>", "a", " ", "-", "</a>", "\n"])))
def test_tame_escapes_exactly_the_unclosable(pieces: list[str]) -> None:
    from readinglist.htmlguard import _unclosable

    text = "".join(pieces)
    assert _unclosable(text) == _unclosable_by_definition(text)



_NAMES = st.sampled_from(["a", "li", "p", "ul", "div", "b", "br", "img", "script", "title", "x-y", "A", "Li", "h2"])
_VALUES = st.lists(st.sampled_from(["<", ">", '"', "'", "&amp;", "&", "=", " ", "x", "\n", "/", "<a>", "-->"]), max_size=5)
_ATTRIBUTES = st.builds(
    lambda space, name, sep, quote, value: f"{space}{name}{sep}{quote}{''.join(value)}{quote}",
    st.sampled_from([" ", "\n", "  ", "", "\r"]),
    st.sampled_from(["x", "href", "class", "hidden", "data-x", "X", "a"]),
    st.sampled_from(["=", " = ", ""]),
    st.sampled_from(['"', "'", ""]),
    _VALUES,
)
_TAGS = st.builds(
    lambda name, attrs, close, end: f"<{name}{''.join(attrs)}{close}{end}",
    _NAMES,
    st.lists(_ATTRIBUTES, max_size=3),
    st.sampled_from(["", " ", "/", " /"]),
    st.sampled_from([">", ">", ""]),
)
_MARKUP = st.one_of(
    _TAGS,
    st.builds(lambda name, end: f"</{name}{end}", _NAMES, st.sampled_from([">", " >", ""])),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?pi>", "<", ">", "'", '"', "</", "&amp;"]),
    st.sampled_from(["text", " ", "\n", "&am", "AT&T", "标题", "&#65;"]),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_MARKUP, max_size=30).map("".join))
def test_the_builders_own_loop_reads_any_markup_as_html_parser_reads_it(text: str) -> None:
    """The tags the builder reads itself (:data:`_FAST_TAG`: quoted values holding ``<`` and ``>`` too) and what it
    hands to html.parser make the tree html.parser alone makes, whatever the markup, broken or hostile."""
    from readinglist.htmlguard import tame
    from readinglist.importers._htmltree import _TreeBuilder

    for page in (text, tame(text, allowed=0)):
        assert _tree_lines(_TreeBuilder, page) == _general_tree(page)


def test_tame_escapes_a_few_unclosable_tags_when_the_rescans_after_them_add_up() -> None:
    """Each unclosable ``<`` costs html.parser a scan of the page from there to its end: 60 of them (fewer than
    ``STRAYS_ALLOWED``) spread over 1 MB took 5 s; they are escaped, while a page with a few near its end, or a
    small page, is left exactly as it is."""
    from readinglist.htmlguard import RESCANS_ALLOWED, STRAYS_ALLOWED, tame

    unit = "<a x" + " " * 16_000
    spread = "<html><body>" + unit * 60
    assert STRAYS_ALLOWED > 60
    assert tame(spread) == spread.replace("<a x", "&lt;a x")
    near_the_end = "<html><body>" + "<p>text</p>" * 90_000 + "<a x " * 60
    assert tame(near_the_end) == near_the_end
    small = "<html><body><p>a<b or c<d</p>" + "<li>item</li>" * 2_000
    assert len(small) * 2 < RESCANS_ALLOWED and tame(small) == small
