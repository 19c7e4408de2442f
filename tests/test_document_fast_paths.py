"""The document importer's fast paths give exactly what the general rules give (issue 14: parsers linear, cheap
per line): a line of plain text and plain ``[text](https://...)`` links is read without the Markdown parser, with the
nodes the parser gives; words alone (and a checklist box before them) without nodes at all; a line written again is
classified once per document; a line that can hold no link is parsed only where its words are read. Checked against
the parser and the general path on generated lines, hostile characters included."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ReadingListError
from readinglist.importers import _doclines
from readinglist.importers._docinline import _simple_inline, _words_only
from readinglist.importers._doclines import _FOOTER_RE, _box_words, _classify, _footer
from readinglist.importers.markdown.events import inline
from readinglist.importers.markdown.tree import Node

_SAFE = list("aZ1 .,:;-—()!=?/%'\"|{}$^@+#>中文✨🆕\u3000\u00a0")
_HOSTILE = list("&*_[]<\\`~\x00\x01\t\r\u2028\ud800") + ["&amp;", "&#1;", "&a", "!["]
# mostly characters a line of links is made of, so that many lines take the fast path, with hostile ones among them
_WORDS = st.lists(st.sampled_from(_SAFE * 12 + _HOSTILE), max_size=12).map("".join)
_URL_SAFE = list("/abc019-._~%!$&'*+,;=:@?#中")
_URL_HOSTILE = list('()[]\\ <>`"\u00a0\x00') + ["&amp;", "&#1;"]
_URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}{path}",
    st.sampled_from(["https"] * 6 + ["http", "HTTPS", "ftp", "javascript"]),
    st.sampled_from(["example.org", "Ex.ORG", "例子.中国", "a-b.c", ""]),
    st.lists(st.sampled_from(_URL_SAFE * 12 + _URL_HOSTILE), max_size=12).map("".join),
)
_LINKS = st.builds(lambda text, url: f"[{text}]({url})", _WORDS, _URLS)
_PIECES = st.one_of(_WORDS, _LINKS, st.sampled_from(["!", "[", "]", "](", " - notes", "**b**", " "]))
_LINES = st.one_of(st.lists(st.one_of(_WORDS, _LINKS), max_size=6), st.lists(_PIECES, max_size=6)).map(
    "".join
)
_REFS = {"A": {"href": "https://ex.org/ref", "title": ""}}


def _shape(nodes: list[Node]) -> list[object]:
    return [(n.type, n.tag, dict(n.attrs), n.content, _shape(n.children)) for n in nodes]


@settings(max_examples=2000, deadline=None)
@given(line=_LINES)
@example(line="[Paper 1](https://example.org/p/1) - notes")
@example(line="[a](https://ex.org/a) [b](https://ex.org/b) ")
@example(line="x [ ](https://ex.org) y")
@example(line="Q&A [a](https://ex.org/?a=1&b=2) &amp;")
@example(line="![a](https://ex.org/a.png)")
@example(line="[a](https://例子.中国/路径)")
@example(line="[A]")
def test_a_plain_line_of_links_reads_as_the_parser_reads_it(line: str) -> None:
    fast = _simple_inline(line)
    if fast is not None:
        assert _shape(fast) == _shape(inline(line, _REFS))


def test_the_common_lines_take_the_fast_path() -> None:
    for line in (
        "[Paper 1](https://example.org/p/1) - notes",
        "Attention Is All You Need [paper](https://arxiv.org/abs/1706.03762) (2017)",
        "Q&A: see https://ex.org/a?b=1&c=2 or [this](https://ex.org/?a=1&b=2)!",
        "中文标题 → https://mp.weixin.qq.com/s/abc",
        "",
    ):
        assert _simple_inline(line) is not None, line
    for line in (
        "**bold** [a](https://ex.org)",
        "[a](javascript:x)",
        "![i](https://ex.org/i.png)",
        "[A]",
        "a &amp; b",
    ):
        assert _simple_inline(line) is None, line


_FOOTER_PIECES = st.sampled_from(
    [
        "copyright",
        "CopyRight",
        "all rights reserved",
        "ALL RIGHTS RESERVED",
        "©",
        "(c) 2024",
        "(C)\u30002024",
        "(c)",
    ]
    + [
        "版权所有",
        "ICP备",
        "icp证",
        "公网安备",
        "免责申明",
        "免责声明",
        "免责",
        "ſ",
        "ı",
        "İ",
        "K",
        "ﬀ",
        "reſerved",
    ]
    + ["all rights reſerved", "copyrıght", "İCP备", " ", "a", "2024", "ß", "Ω", "\x00"]
)


@settings(max_examples=1000, deadline=None)
@given(line=st.lists(_FOOTER_PIECES, max_size=6).map("".join))
@example(line="all rights reſerved")
@example(line="copyrıght 2024")
def test_the_footer_words_first_check_agrees_with_the_footer_rule(line: str) -> None:
    assert _footer(line) == (_FOOTER_RE.search(line) is not None)


def test_a_plain_link_list_reaches_the_parser_only_for_its_other_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readinglist.importers.markdown import events

    asked: list[str] = []
    parse_many = events.inline_many

    def counted(texts: list[str], references: object = None) -> list[list[Node]]:
        asked.extend(texts)
        return parse_many(texts, references)  # type: ignore[arg-type]

    monkeypatch.setattr(events, "inline_many", counted)
    text = "# Papers\n\n" + "".join(f"- [Paper {i}](https://example.org/p/{i}) - notes\n" for i in range(50))
    result = importers.parse((text + "- **Bold** [x](https://ex.org/x)\n").encode(), format="document")
    assert [item.title for item in result.items[:2]] == ["Paper 0", "Paper 1"]
    assert len(result.items) == 51 and result.items[-1].url == "https://ex.org/x"
    # the heading's text and the 50 plain lines were read without the parser
    assert asked == ["**Bold** [x](https://ex.org/x)"]


@settings(max_examples=2000, deadline=None)
@given(line=st.one_of(_WORDS, _LINES))
@example(line="Some words: here, (and) there! #1 'quoted' \"too\" | a {b} 中文✨")
@example(line="see https://ex.org/a")
@example(line="")
@example(line="snake_case a__b 中_文 1_2 é_è")
@example(line="_a a_ a _b a_ b x_✨ a._b ²_ⅷ a_‿")
def test_words_alone_read_as_the_parser_reads_them(line: str) -> None:
    # what the line reader takes without nodes (_classify_line: its text, no links) is what the parser gives
    if _words_only(line):
        assert _shape(inline(line, _REFS)) == ([("text", "", {}, line, [])] if line else [])
    for word in line.split():  # each word of the line alone, underscores at its edges included
        if _words_only(word):
            assert _shape(inline(word, _REFS)) == [("text", "", {}, word, [])]


_BOX_REFS = {"A": {"href": "https://ex.org/a", "title": ""}, "-": {"href": "https://ex.org/-", "title": ""}}


@settings(max_examples=1000, deadline=None)
@given(
    box=st.sampled_from(["[x]", "[X]", "[ ]", "[/]", "[-]", "[a]", "[A]", "[x](", "[x][", "[x]:", "x]", "[x"]),
    gap=st.sampled_from(["", " ", " - ", " — ", ": ", "\u00a0", "\t", "  ", "("]),
    words=_WORDS,
)
@example(box="[x]", gap=" - ", words="Grokking Algorithms by Aditya Bhargava")
def test_a_checklist_box_before_words_reads_as_the_parser_reads_it(box: str, gap: str, words: str) -> None:
    # the box is no link (no definition has its label, no link follows it): the line is its own text
    line = box + gap + words
    if _box_words(line, _BOX_REFS):
        nodes = inline(line, _BOX_REFS)
        assert all(node.type == "text" for node in nodes)
        assert "".join(node.content for node in nodes) == line


_DOCUMENT_LINES = [
    *("", "", " ", "-", "word", "w1", "A short heading", "A sentence that ends.", "Further reading", "参考文献"),
    *("# Title", "## Papers", "### 📄 Paper: **Attention** – Vaswani", "1. 一年前, 我们", "2. Second", "1 . foo"),
    *("- 1. bar", "**Bold heading**", "- **Bold item**", "[ ] - Title by Author", "[x] Done book", "> quoted words"),
    *("- [Paper 1](https://example.org/p/1) - notes", "https://example.org/bare A beginner's introduction"),
    *("Title → https://ex.org/t", "- [Code] https://github.com/x/y", "→ [Link](https://ex.org/l)", "x &amp; y"),
    *("Attention Is All You Need [paper](https://arxiv.org/abs/1) [code](https://github.com/t/t)", "*em* words"),
    *("原文链接: https://ex.org/own", "发布时间: 2024-01-02", "Copyright 2024 Foo", "![c](https://ex.org/c.png)"),
    *("[a]: https://ex.org/ref", "see [a]", "|x|y|", "|-|-|", "- x", "12) twelve", "[website](https://ex.org/w)"),
    *("[a] box of a definition", "[ ] - to_read by Author", "[/]\treading", "[-] — skipped", "- [x]: done"),
    *("[x] Read it", "[x]: https://ex.org/x"),
    *("*Emphasis* over a link", "`code` and &amp;", "a \\* b", "_lead_ words", "- *item*", "> *quoted*"),
    *("1. *numbered*", "**bold *and* em**", "__Bold__", "1) **both**"),
]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(_DOCUMENT_LINES), max_size=30))
def test_a_document_reads_the_same_without_its_fast_paths(lines: list[str]) -> None:
    # words alone read without nodes, each line written again classified once, the words of text lines read only
    # above link lines, numbered and bold lines without a link read by their text alone: the same items
    refs = {"A": {"href": "https://ex.org/ref", "title": ""}}
    data = "\n".join(lines).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_doclines, "_unread", lambda shape: False)
        assert _classify(lines, refs) == [_classify([raw], refs)[0] for raw in lines]  # each line as it is alone
        patch.setattr(_doclines, "_words_only", lambda markdown: False)
        patch.setattr(_doclines, "_box_words", lambda markdown, refs: False)
        patch.setattr(_doclines, "_body_parsed", lambda shape: True)
        slow = _items_or_error(data)
    assert _items_or_error(data) == slow


def _items_or_error(data: bytes) -> object:
    try:
        return importers.parse(data, format="document")
    except ReadingListError as error:
        return str(error)
