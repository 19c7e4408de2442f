"""The Markdown importer's fast paths for small blocks give exactly what its general rules give (issue 14: at most
1 CPU s per MB, also on valid Markdown dense in one-word items and paragraphs): in the tree builder, the pass without
ranges that adds text, block starts and ends and a block holding one text directly; in the walker, a link-less item
line of one text piece, an item of one paragraph, an item without a line of its own (a sub-list first), a paragraph
of words alone, and the first look of :func:`tier_marker` at the first letter. Each is checked against the general
path on generated lines and documents, hostile characters included."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist.importers.markdown.events import _Builder, _NeedRanges, build
from readinglist.importers.markdown.inline import _inline, _Piece
from readinglist.importers.markdown.rules import _read_marker, tier_marker
from readinglist.importers.markdown.tree import Node
from readinglist.importers.markdown.walker import _Walker

_CHARS = list("aZ1 .,:;-—()[]*_✨🆕\x00\x01\x02\x03\t\u3000\u00a0/xX") + [
    "://", "[ ] ", "[x] ", "[/]", "[-] ", "✨ ", "🆕", "\x000\x01", ":scroll:", "https://ex.org/a",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_CHARS), max_size=10).map("".join)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
@example(text="x")
@example(text=" ✨ new  words ")
@example(text="[x]")
@example(text="[x] done")
@example(text="see https://ex.org/a")
@example(text="a\x000\x01b\x02c\x03")
def test_a_line_of_words_reads_as_the_general_rules_read_it(text: str) -> None:
    walker = _Walker("https://github.com/o/r")
    pieces = [_Piece("text", text)]
    general = _Walker("https://github.com/o/r").any_line(list(pieces))
    assert walker.line(list(pieces)) == general
    if not _Walker.reads(text):  # what list_item takes for no item without reading the line
        assert general.url is None and general.status is None


_MARKER_WORDS = [
    "Tier", "tier", "LEVEL", "Stage", "phase", "Part", "Beginner", "beginners", "Basic", "Introductory",
    "Elementary", "Novice", "Intermediate", "advanced", "Expert", "ſtage", "İntermediate", "ıntermediate",
    "Kelvin", "\u212aelvin", "Week", "x", ":", "", "Tİer", "ﬁrst", "Ⅰ",
]  # fmt: skip
_MARKER_TEXTS = st.builds(
    lambda lead, word, tail: lead + word + tail,
    st.sampled_from(["", " ", "\t", "\u3000", "\u00a0", "\n", ":", "*"]),
    st.sampled_from(_MARKER_WORDS),
    st.lists(st.sampled_from([*" 123+:.-–—)", "Basics", " level", "-track", " Foo"]), max_size=5).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(_MARKER_TEXTS, st.text(max_size=12)))
@example(text="ſtage 1")
@example(text=" Tier 2")
@example(text="\u212aelvin")
def test_the_first_letter_look_refuses_only_texts_that_are_no_marker(text: str) -> None:
    assert tier_marker(text) == _read_marker(text)


class _GeneralWalker(_Walker):
    """The walker with every fast path of this module turned off: the general rules only."""

    def line(self, pieces: list[_Piece]):  # type: ignore[no-untyped-def]
        return self.any_line(pieces)

    def list_item(self, node, section):  # type: ignore[no-untyped-def]
        self.any_item(node, section)

    def paragraph(self, node):  # type: ignore[no-untyped-def]
        self.any_paragraph(_inline(node))

    def list(self, node, section):  # type: ignore[no-untyped-def]
        self.any_list(node, section)


_BLOCK_LINES = st.sampled_from(
    [
        "", "", "# Reading list", "## Papers", "## Tier 2", "### Advanced", "## License", "Tier 1", "**Tier 3**",
        "**Beginner**", "Beginner: basics", "**Group**", "x", "plain words here", "  ", "| Paper | Notes |",
        "|-|-|", "| a | b |", "| [t](https://ex.org/t) | n |", "| 1 | Attention |", "> quoted", "<details>",
        "<summary>Tier 4+</summary>", "</details>", "```", "---",
    ]
)  # fmt: skip
_ITEM_TEXTS = st.lists(
    st.sampled_from(
        [
            "x", "words", " ", "[ ] ", "[x] ", "[/]", "✨ ", "🆕", "**Title**", "*em*", "`code`",
            "[Title](https://ex.org/a)", "[paper](https://ex.org/p)", "https://ex.org/bare", "(note)", " - desc",
            "://", "\x02", ":rocket: ", "<b>", "![i](https://ex.org/i.png)", "[a](#x)", "Paper: ",
        ]
    ),
    max_size=4,
).map("".join)  # fmt: skip
_ITEM_LINES = st.builds(
    lambda indent, marker, text: indent + marker + text,
    st.sampled_from(["", "", "  ", "    ", "      "]),
    st.sampled_from(["- ", "* ", "1. ", "2) ", "- - ", "- ### ", "- > ", "-  ", "- ```"]),
    _ITEM_TEXTS,
)
_DOCUMENTS = st.lists(st.one_of(_BLOCK_LINES, _ITEM_LINES, _ITEM_TEXTS), max_size=14).map("\n".join)


def _walk(walker: _Walker, text: str) -> tuple[object, ...]:
    walker.blocks(build(text).root.children)
    return (walker.title, walker.items, walker.prose, walker.warnings(), walker.pending)


@settings(max_examples=1500, deadline=None)
@given(text=_DOCUMENTS)
@example(text="## Papers\n- x\n- y\n  - [a](https://ex.org/a)")
@example(text="- - x\n- - [ ] y\n\nTier 2\n\n- [t](https://ex.org/t)")
@example(text="1. Text\n  - Paper: https://ex.org/p")
@example(text="- - - words\n\n  - [a](https://ex.org/a)\n- - Paper: https://ex.org/p")
def test_a_document_of_small_blocks_walks_as_the_general_rules_walk_it(text: str) -> None:
    assert _walk(_Walker("https://github.com/o/r"), text) == _walk(_GeneralWalker("https://github.com/o/r"), text)


def _shape(node: Node) -> object:
    return (node.type, node.tag, dict(node.attrs), node.content, [_shape(child) for child in node.children])


_UNITS = ["- ", "* ", "> ", "1. ", "2) ", "  ", "    ", "- - ", "> - ", "|", ""]
_TEXTS = [
    "x", "words *em* **strong**", "[a](https://ex.org/a)", "", "---", "```", "<div>", "|a|b|", "|-|-|", "|x|y|",
    "`c`", "~~s~~", "[r]", "# H", "![i](https://ex.org/i.png)", "a  ", "a\\", "<b>x</b>", "\tx", "&amp;", "[ ] t",
    "[a](https://ex.org/a) - notes", "t [a](http://Ex.org/%7e\u00e9) u [b](https://e.o 'T')", "[a](<https://e.o/a b>)",
    "[a](javascript:x) [b](https://e.o)", "<https://e.o/auto>", "[**b**](https://e.o)", "[](https://e.o)",
    "[a](https://e.o)[b](https://e.o)", "[a](ftp://e.o)", "[a][r]", "|[x](https://e.o)|y|", "[a](https://e.o) `c`",
    "## H [a](https://e.o) ##", "###### ", "#######", "Setext\n===", "# *H*",
    "<https://e.o/ü> t <http://Ex.org/%7e>", "<https://e.o/a>[b](https://e.o)", "<me@e.o>", "<ftp://e.o>",
]  # fmt: skip
_LINES = st.builds(
    lambda units, text, blank: "".join(units) + text + ("\n" if blank else ""),
    st.one_of(
        st.lists(st.sampled_from(_UNITS), max_size=6),
        st.builds(lambda unit, n: [unit] * n, st.sampled_from(["- ", "> ", "1. "]), st.integers(45, 52)),
    ),
    st.sampled_from(_TEXTS),
    st.booleans(),
)


@settings(max_examples=1000, deadline=None)
@given(lines=st.lists(_LINES, min_size=1, max_size=10))
@example(lines=["- x", "- y", "", "x", "", "|a|b|", "|-|-|", "|x|y|"])
@example(lines=["- " * 50 + "x", "- y"])
@example(lines=["- x", "  - y", "- z", "", "  more"])
def test_the_pass_without_ranges_builds_what_the_general_pass_builds(lines: list[str]) -> None:
    """The pass without ranges reads the commonest events directly; the pass with ranges reads every event
    through the general step: their trees, too-deep flags and script links must be the same."""
    text = "\n".join(lines) + "\n"
    try:
        plain = _Builder(text).run()
    except _NeedRanges:  # this text takes the pass with ranges anyway
        return
    general = _Builder(text, ranged=True).run()
    assert (_shape(plain.root), plain.too_deep, plain.script_links) == (
        _shape(general.root),
        general.too_deep,
        general.script_links,
    )


def test_the_pass_without_ranges_takes_the_shortcut_for_small_blocks() -> None:
    builder = _Builder(
        "- x\n- [y](https://ex.org/y) - z\n\nz [a](http://e.o 'T') b <https://e.o/ü>\n\n|a|\n|-|\n|[b](https://e.o)|\n\n"
        "### h [c](https://e.o)\n"
    )
    steps: list[object] = []
    general = builder.step
    builder.step = lambda event, span: steps.append(event) or general(event, span)  # type: ignore[method-assign]
    builder.run()
    assert steps == []  # every event added by the pass itself
    with pytest.raises(_NeedRanges):
        _Builder("~x~\n").run()
