"""The Markdown tree built from pulldown-cmark's events (readinglist.importers.markdown.events).

The importer's walker was written against markdown-it's syntax tree; the tree from pulldown-cmark must be the same
tree on real lists (node types, tags, hrefs, text), and keep markdown-it's readings where the walker relies on them
(normalised hrefs, script links left as text, ``~`` not strikethrough, a paragraph in every tight list item).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.importers.markdown.events import build, inline
from readinglist.importers.markdown.tree import Node

HERE = Path(__file__).resolve().parent
ELICIT = HERE.parent.parent / "shared" / "data" / "elicit"
FILES = sorted(
    [*(HERE / "data").rglob("*.md"), *(ELICIT.glob("*.md") if ELICIT.is_dir() else [])], key=lambda p: p.name
)


def _markdown_it_tree(text: str) -> Node:
    """markdown-it-py's tree of ``text`` as the importer built it before (commonmark + table + strikethrough)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.options["maxNesting"] = 100

    def convert(tokens: Any) -> list[Node]:
        root = Node("root")
        stack = [root]
        for token in tokens:
            if token.nesting == 1:
                node = Node(token.type.removesuffix("_open"), token.tag, dict(token.attrs), token.content)
                stack[-1].children.append(node)
                stack.append(node)
            elif token.nesting == -1:
                stack.pop()
            else:
                node = Node(token.type, token.tag, dict(token.attrs), token.content)
                node.children = convert(token.children or [])
                stack[-1].children.append(node)
        return root.children

    root = Node("root")
    root.children = convert(md.parse(text))
    return root


def _dump(node: Node, depth: int = 0, out: list[str] | None = None) -> list[str]:
    """What the walker reads of a tree, one line per node; markdown-it's empty text nodes (around emphasis)
    carry nothing and are left out."""
    out = [] if out is None else out
    tag = node.tag if node.type == "heading" else ""
    href = node.attrs.get("href") or node.attrs.get("src") or ""
    content = node.content if node.type in ("text", "code_inline", "html_inline", "html_block") else ""
    out.append(f"{'  ' * depth}{node.type} {tag} {href} {content!r}")
    for child in node.children:
        if not (child.type == "text" and child.content == ""):
            _dump(child, depth + 1, out)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_tree_is_markdown_its_on_real_lists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _dump(build(text).root) == _dump(_markdown_it_tree(text))


def _types(nodes: list[Node]) -> list[str]:
    return [n.type for n in nodes]


def test_a_tight_list_item_gets_its_paragraph() -> None:
    root = build("- [A](https://a.org) note\n  - b\n").root
    item = root.children[0].children[0]
    assert _types(item.children) == ["paragraph", "bullet_list"]
    assert _types(item.children[0].children) == ["inline"]
    assert _types(item.children[0].children[0].children) == ["link", "text"]


def test_links_are_normalised_like_markdown_it() -> None:
    nodes = inline("[b](<https://ex.org/a b>) <me@ex.org> [c](https://münchen.de/x) [d](https://ex.org/ü)")
    assert [n.attrs["href"] for n in nodes if n.type == "link"] == [
        "https://ex.org/a%20b",
        "mailto:me@ex.org",
        "https://xn--mnchen-3ya.de/x",
        "https://ex.org/%C3%BC",
    ]


def test_hrefs_match_markdown_it_on_hostile_destinations() -> None:
    cases = [
        "[a](https://ex.org/%41%zz)",
        "[a](https://ex.org/ü)",
        "[a](https://ex.org/a\\_b&amp;c)",
        "[a](<https://ex.org/a b>)",
        "<https://ex.org/ü>",
        "<me@ex.org>",
        "[a](https://münchen.de/x)",
    ]
    for case in cases:
        ours = [n.attrs["href"] for n in inline(case) if n.type == "link"]
        theirs = [
            n.attrs["href"]
            for n in _markdown_it_tree(case).children[0].children[0].children
            if n.type == "link"
        ]
        assert ours == theirs, case


def test_script_links_stay_text_and_are_counted() -> None:
    tree = build("- [Trap](javascript:alert(1)) and <javascript:x> and ![p](data:text/html,x) ![ok](data:image/png;a)\n")
    nodes = tree.root.children[0].children[0].children[0].children[0].children
    assert _types(nodes) == ["text", "image"]
    assert nodes[0].content == "[Trap](javascript:alert(1)) and <javascript:x> and ![p](data:text/html,x) "
    assert tree.script_links == 3


def test_one_tilde_is_text_two_strike() -> None:
    nodes = build("about ~2 h~ of ~~old~~ video\n").root.children[0].children[0].children
    assert _types(nodes) == ["text", "s", "text"]
    assert nodes[0].content == "about ~2 h~ of "
    assert nodes[1].children[0].content == "old"


def test_html_blocks_keep_their_raw_text() -> None:
    root = build("<details><summary>Tier 4+</summary>\n\n  <p>\nhello</p>\n\n- [a](https://a.org)\n").root
    assert _types(root.children) == ["html_block", "html_block", "bullet_list"]
    assert root.children[0].content == "<details><summary>Tier 4+</summary>\n"
    assert root.children[1].content == "  <p>\nhello</p>\n"


def test_tables_have_markdown_its_shape() -> None:
    root = build("| a | b |\n|---|---|\n| [x](https://x.org) | y |\n| z |\n").root
    table = root.children[0]
    assert _types(table.children) == ["thead", "tbody"]
    assert _types(table.children[0].children[0].children) == ["th", "th"]
    rows = table.children[1].children
    assert [_types(r.children) for r in rows] == [["td", "td"], ["td", "td"]]
    assert rows[0].children[0].children[0].children[0].attrs["href"] == "https://x.org"


def test_inline_resolves_the_documents_references() -> None:
    refs = {"PAPER ONE": {"href": "https://ex.org/a\\_b", "title": ""}}
    nodes = inline("[Paper   one] and [x][paper one] and [missing]", refs)
    links = [n for n in nodes if n.type == "link"]
    assert [n.attrs["href"] for n in links] == ["https://ex.org/a\\_b", "https://ex.org/a\\_b"]  # as given
    assert nodes[-1].type == "text" and nodes[-1].content == " and [missing]"


def test_inline_reads_a_line_as_text_never_as_a_block() -> None:
    for line, text in [("1. Title", "1. Title"), ("# Title", "# Title"), ("    code", "    code"), ("", None)]:
        nodes = inline(line)
        assert (nodes[0].content if nodes else None) == text, line


SEEDS = HERE.parent.parent / "shared" / "seeds"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_pass_without_ranges_builds_the_ranged_tree(path: Path) -> None:
    """The first pass asks pulldown-cmark for events without their source ranges; the tree must be the one a pass
    with ranges builds (it falls back to that pass for ``~`` and script links)."""
    from readinglist.importers.markdown.events import _Builder

    text = path.read_text(encoding="utf-8")
    assert _dump(build(text).root) == _dump(_Builder(text, ranged=True).run().root)


def test_a_pass_that_needs_ranges_is_made_again_with_them() -> None:
    from readinglist.importers.markdown.events import _Builder, _NeedRanges

    for text in ("about ~2 h~ of ~~old~~ video\n", "- [Trap](javascript:alert(1)) [ok](https://ok.org)\n"):
        with pytest.raises(_NeedRanges):
            _Builder(text).run()
        assert _dump(build(text).root) == _dump(_Builder(text, ranged=True).run().root)


def _lines() -> list[str]:
    paths = [*FILES, *(sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").split("\n")]
    hostile = ["[a](javascript:x) [b](https://b.org)", "~x~ ~~y~~", "<!-- never closed", "`unclosed", "[ref]", "    "]
    return lines + hostile


def test_lines_parsed_together_read_as_lines_parsed_alone() -> None:
    """The document importer parses its lines in one pass, one paragraph each: every line of the fixtures, the
    seeds and the Elicit READMEs must come out as it does parsed on its own."""
    from readinglist.importers.markdown.events import inline_many

    lines = _lines()
    refs = {"REF": {"href": "https://ex.org/ref", "title": ""}}
    together = inline_many(lines, refs)
    alone = [inline(line, refs) for line in lines]
    assert len(together) == len(lines) > 1000
    for line, ours, theirs in zip(lines, together, alone):
        assert [_dump(n) for n in ours] == [_dump(n) for n in theirs], line


_UNITS = ["- ", "* ", "+ ", "> ", ">", "1. ", "1) ", "2) ", "01. ", "  ", "     ", "\t", "* * *", "-"]


_MARKERS = ["- ", "* ", "+ ", "> ", ">", "1. ", "1) ", ">  ", "-  "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.tuples(
            st.lists(st.sampled_from(_UNITS), max_size=4),  # a prefix that may make the line text or code
            st.one_of(
                st.lists(st.sampled_from(_UNITS), max_size=8),
                st.lists(st.sampled_from(_MARKERS), min_size=98, max_size=130),  # about the limit, and past it
                st.builds(lambda marker, n: [marker] * n, st.sampled_from(_MARKERS), st.integers(97, 110)),
            ),
            st.sampled_from(["x", "[a](https://ex.org/a)", "", "- - -", "---", "**b**", "* * * *", "```", "<div>"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_lines_nested_past_the_limit_give_the_same_tree_capped(
    lines: list[tuple[list[str], list[str], str]],
) -> None:
    """``cap_nesting`` cuts what lies below the nesting limit only: the tree (what is kept) and the too-deep flag
    are the ones of the text as written, and so are the items. Inside an HTML block or a fence the markers are text
    and are cut all the same: the raw text differs, the items do not (the walker reads no fence, and re-parses the
    Markdown an HTML block swallowed, capped)."""
    from readinglist import importers
    from readinglist.exceptions import ReadingListError
    from readinglist.importers.markdown import events

    text = "".join("".join(prefix + units) + rest + "\n" for prefix, units, rest in lines)
    if "<div>" not in text and "```" not in text:
        whole = events._run(text)
        capped = events._run(events.cap_nesting(text))
        assert _dump(capped.root) == _dump(whole.root)
        assert capped.too_deep == whole.too_deep

    def items() -> object:
        try:
            result = importers.parse(("# T\n\n- [First](https://ex.org/1)\n\n" + text).encode(), format="markdown")
        except ReadingListError as error:
            return str(error)
        return result.items, result.warnings

    with patch.object(events, "cap_nesting", lambda text: text):
        expected = items()
    assert items() == expected


def test_a_million_quote_markers_are_cut_a_thematic_break_is_not() -> None:
    from readinglist.importers.markdown.events import MAX_LEVEL, cap_nesting

    deep = ">" * 1_000_000 + " [x](https://ex.org)\nafter\n"
    assert cap_nesting(deep) == ">" * MAX_LEVEL + " > [x](https://ex.org)\nafter\n"
    assert build(deep).too_deep
    rule = "- " * 500 + "\n"
    assert cap_nesting(rule) == rule
    assert [n.type for n in build(rule).root.children] == ["hr"]
