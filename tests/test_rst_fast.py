"""The reStructuredText fast path (readinglist/importers/_rstfast.py) builds docutils' own tree or declines.

Whenever the fast path returns a tree, it must be the tree ``publish_doctree`` builds with the importer's settings
(as docutils prints it: every node, attribute, name and text; ids aside), and the import must read the same list
(items, sections, title, warnings) as the docutils path. Documents are generated in and just around the subset.
"""

from __future__ import annotations

import copy
import gc
import io
import re
import weakref
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError
from readinglist.importers import _rstfast, rst


def _docutils(text: str) -> object:
    from docutils.core import publish_doctree

    return publish_doctree(
        text,
        reader=rst._reader_class()(),
        settings_overrides=dict(rst._SETTINGS, warning_stream=io.StringIO()),
    )


def _read(text: str, *, fast: bool) -> object:
    """The import of ``text`` as a comparable value (or the error message), with or without the fast path."""
    try:
        if fast:
            result = importers.parse(text.encode(), format="rst")
        else:
            with mock.patch.object(_rstfast, "doctree", return_value=None):
                result = importers.parse(text.encode(), format="rst")
    except ImportFormatError as exc:
        return str(exc)
    return (result.title, result.sections, result.warnings, result.items)


def _shape(doc: object) -> str:
    """The tree as docutils prints it (every node, attribute, name and text), ids aside: the fast path gives link
    targets none (nothing reads them), so a section's id may differ where a target's would have taken it."""
    return re.sub(r' ids="[^"]*"', "", doc.pformat())  # type: ignore[attr-defined]


def _same_as_docutils(text: str) -> bool:
    """Assert the fast tree (if any) and the import equal docutils'; whether the fast path took the text."""
    fast = _rstfast.doctree(text)
    if fast is None:
        return False
    assert _shape(fast) == _shape(_docutils(text)), text
    assert _read(text, fast=True) == _read(text, fast=False), text
    return True


def _rare(
    common: st.SearchStrategy[str], rare: st.SearchStrategy[str], odds: int = 40
) -> st.SearchStrategy[str]:
    """``common``, or in a noisy document (half of them) ``rare`` one time in ``odds``: documents in the subset
    and documents just outside it."""
    noisy = st.shared(st.booleans(), key="noisy")
    return st.tuples(noisy, st.integers(0, odds - 1)).flatmap(
        lambda t: rare if t[0] and t[1] == 0 else common
    )


_WORDS = _rare(
    st.sampled_from(
        [
            "Paper",
            "notes",
            "on",
            "attention",
            "Part 1: Basics",
            "e.g.",
            "(draft)",
            "C++",
            "50%",
            "don't",
            '"quoted"',
            "-",
            "--",
            "é",
            "日本語",
            "x:",
            "Mr.",
            "1.",
            "#",
            "3)",
            "*em*",
            "**Algorithm: DQN.**",
            "*two words*,",
            "(*x*)",
            "**b**:",
        ]
    ),
    st.sampled_from(
        [
            "a:b",
            "x_",
            "*em*",
            "**strong**",
            "``code``",
            "|s|",
            "[1]_",
            "\\*",
            "::",
            "see http://e.org/x",
            "me@e.org",
            "<b>",
            "a`b",
            "mailto:x",
            "`",
            "_",
            "[x]",
            "a\tb",
            "a\xa0b",
            "x__",
            "*x*y",
            "**a*",
            "*",
            "* x*",
            "*x *",
            "***x***",
            "*x*-",
            "x*y*",
            "*a*_",
            "*x`y*",
            "*a:b*",
            "'*x*'",
            "(*)x*",
            "(*)*",
        ]
    ),
    odds=80,
)
_LINK = st.builds(
    lambda title, url, end, before, after: f"{before}`{title} <{url}>`{end}{after}",
    _rare(
        st.builds(
            lambda w, n: f"{w} {n}",
            st.sampled_from(["Paper", "Intro", "Deep  RL", "Ünï", "C++"]),
            st.integers(0, 10**6),
        ),
        st.sampled_from(["Paper One", "paper  one", "A: B", "x_y", " lead", "(x)", "*x*", "x\xa0y"]),
        odds=120,
    ),
    _rare(
        st.builds("https://e.org/{}".format, st.integers(0, 10**6)),
        st.sampled_from(
            [
                "https://e.org/a",
                "http://e.org/c_",
                "./rel",
                "https://e.org/(x)",
                "me@e.org",
                "https://e.org/a_b",
            ]
        ),
        odds=120,
    ),
    _rare(st.sampled_from(["_", "__"]), st.sampled_from(["___", "", "_x"]), odds=120),
    _rare(st.just(""), st.sampled_from(["(", "x", " ", ":", "'"]), odds=120),
    _rare(
        st.sampled_from(["", "", "", ".", ",", " and notes"]),
        st.sampled_from([")", ":", "x", ":x", "'"]),
        odds=120,
    ),
)
_INLINE = st.builds(
    lambda first, rest: " ".join([first, *rest]),
    _rare(st.one_of(_LINK, st.sampled_from(["Paper", "See", "Ünï", "2024"])), _WORDS, odds=60),
    st.lists(st.one_of(_WORDS, _LINK), max_size=4),
)


@st.composite
def _paragraph(draw: st.DrawFn, indent: str) -> list[str]:
    lines = draw(st.lists(_INLINE, min_size=1, max_size=3))
    extra = draw(_rare(st.just(""), st.sampled_from([" ", "  ", "    "]), odds=15))  # a definition, a quote
    return [indent + lines[0]] + [
        indent + (extra if i == 0 else "") + line for i, line in enumerate(lines[1:])
    ]


@st.composite
def _bullet_list(draw: st.DrawFn, indent: str, depth: int) -> list[str]:
    bullet = draw(st.sampled_from(["-", "*", "+"]))
    out: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        marker = draw(_rare(st.just(bullet), st.sampled_from(["-", "*", "1.", "#.", "\u2022"]), odds=15))
        spaces = draw(
            _rare(st.sampled_from([" ", " ", "  ", "   "]), st.sampled_from(["", "\n   "]), odds=20)
        )
        para = draw(_paragraph(""))
        inner = indent + " " * (len(marker) + len(spaces))
        out.append(indent + marker + spaces + para[0])
        out.extend(inner + line for line in para[1:])
        if depth < 2 and draw(st.booleans()):
            if draw(_rare(st.just(True), st.just(False), odds=8)):
                out.append("")
            out.extend(draw(_bullet_list(inner, depth + 1)))
        if draw(st.sampled_from([True, False, False])):
            out.append("")
    return out


@st.composite
def _section_title(draw: st.DrawFn) -> list[str]:
    title = draw(
        _rare(
            st.builds(
                lambda w, n: f"{w} {n}",
                st.sampled_from(["Papers", "Tier", "Part", "Books", "日本"]),
                st.integers(0, 10**6),
            ),
            st.sampled_from(
                [
                    "Papers",
                    "Tier 2",
                    "Part 1: Basics",
                    "1. Model-Free RL",
                    "a. Deep",
                    "*x*",
                    "`T <https://e.org/t>`_",
                ]
            ),
            odds=5,
        )
    )
    char = draw(st.sampled_from(["=", "-", "~", "=", "-", "^", "#"]))
    width = max(
        1, len(title) + draw(_rare(st.sampled_from([0, 0, 3]), st.sampled_from([-1, -3, -20]), odds=10))
    )
    lines = [title, char * width]
    if draw(_rare(st.just(False), st.just(True), odds=10)):
        lines.insert(0, char * width)
    return lines


@st.composite
def _document(draw: st.DrawFn) -> str:
    blocks = draw(
        st.lists(
            st.one_of(_section_title(), _bullet_list("", 0), _paragraph(""), _bullet_list("", 0)),
            min_size=1,
            max_size=6,
        )
    )
    out: list[str] = []
    for block in blocks:
        out.extend(block)
        if draw(_rare(st.just(True), st.just(False), odds=6)):
            out.append("")
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document())
def test_the_fast_tree_is_docutils_tree(text: str) -> None:
    _same_as_docutils(text)


@st.composite
def _plain_document(draw: st.DrawFn) -> str:
    """Underlined sections (styles drawn at random, so levels may skip) over lists of links with distinct names."""
    out = []
    for i, (style, endings) in enumerate(
        draw(
            st.lists(
                st.tuples(st.sampled_from("=-~"), st.lists(st.sampled_from(["_", "__"]), max_size=4)),
                max_size=5,
            )
        )
    ):
        out.append(f"Section {i}\n{style * draw(st.integers(9, 12))}\n\n")
        out.extend(f"- `Paper {i}-{j} <https://e.org/{i}/{j}>`{end}\n" for j, end in enumerate(endings))
        out.append("\n")
    if draw(st.booleans()):
        out.append("- `Paper <https://e.org/p>`_\n")
    return "".join(out)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plain_document())
def test_plain_lists_of_links_take_the_fast_path_unless_docutils_reports_a_problem(text: str) -> None:
    taken = _same_as_docutils(text)
    assert taken == ("<system_message" not in _docutils(text).pformat()), text


def test_a_plain_list_takes_the_fast_path() -> None:
    text = "Papers\n======\n\n" + "".join(f"- `Paper {i} <https://example.org/p/{i}>`_\n" for i in range(50))
    assert _same_as_docutils(text)
    assert len(importers.parse(text.encode(), format="rst").items) == 50


def test_bullets_with_emphasis_take_the_fast_path() -> None:
    """Key-papers-like bullets: a link, its authors in emphasis, its algorithm in strong emphasis."""
    text = "Papers\n======\n\n" + "".join(
        f"- `Paper {i} <https://example.org/p/{i}>`_, *Author et al*, 2018. **Algorithm: A{i}.**\n"
        f"- *Paper {i} in emphasis* (**draft**)\n"
        for i in range(30)
    )
    assert _same_as_docutils(text)
    items = importers.parse(text.encode(), format="rst").items
    assert len(items) == 30 and (items[0].title, items[0].url) == ("Paper 0", "https://example.org/p/0")
    assert "Algorithm: A0" in (items[0].description or "")


@pytest.mark.parametrize(
    "text",
    [
        "- *emphasis*y `A <https://e.org/a>`_\n",  # emphasis not followed by a space or punctuation
        "- x*emphasis* `A <https://e.org/a>`_\n",  # nor after one
        "- *a `A <https://e.org/a>`_ b*\n",  # around a link
        "- see https://e.org/a\n",
        "- `A <https://e.org/a>`_\n- `a <https://e.org/b>`_\n",  # the same name twice
        "Papers\n======\n\n- `Papers <https://e.org/a>`_\n",  # a link named as a section
        "term\n    definition `A <https://e.org/a>`_\n",
        "- `A <https://e.org/a>`_\n\n    quoted\n",
        "1. `A <https://e.org/a>`_\n",
        "- `A <https://e.org/a>`_\ntext after the list\n",
        "- `A <https://e.org/a>`_ mail me@e.org\n",
        "- `A <https://e.org/a>`_ a_\n",
        "- `A <https://e.org/a>`_ |s|\n",
        "- `A <https://e.org/a>`_ [1]_\n",
        "- `A <https://e.org/a>`_ ``code``\n",
        "- `A <https://e.org/a>`_\\\n",
        "- `A <https://e.org/a>`_ x::\n",
        "- `A <https://e.org/a>`_ urn:x\n",
        "- `A <https://e.org/a>`_\tx\n",
        ".. contents::\n\n- `A <https://e.org/a>`_\n",
        "Title\n===\n\n- `A <https://e.org/a>`_\n",  # an underline shorter than the title
        "=====\nTitle\n=====\n\n- `A <https://e.org/a>`_\n",  # an overline
        "A\n=\n\nB\n-\n\nC\n~\n\nD\n-\n\nE\n^\n",  # a level skipped
        "- `A <https://e.org/a>`_\n\n----\n\n- `B <https://e.org/b>`_\n",  # a transition
        "-\n  `A <https://e.org/a>`_\n",  # the item's text on the next line
        "- `A <https://e.org/a>`_\n- ```\n",  # a line of backquotes for an item
        "x`A <https://e.org/a>`_\n",
        "".join("  " * depth + f"- `A{depth} <https://e.org/a>`_\n\n" for depth in range(25)),  # nested deep
    ],
)
def test_everything_outside_the_subset_goes_to_docutils(text: str) -> None:
    assert _rstfast.doctree(text) is None


def test_a_lone_top_section_is_the_title_and_a_lone_subsection_the_subtitle() -> None:
    lone = "Reading\n=======\n\nPapers\n------\n\n- `A <https://e.org/a>`_\n"
    assert _same_as_docutils(lone)
    result = importers.parse(lone.encode(), format="rst")
    assert result.title == "Reading"
    assert result.sections == ()  # the subtitle's contents are the document's own
    assert result.items[0].section == ()
    two = lone + "\nBooks\n-----\n\n- `B <https://e.org/b>`_\n"
    assert _same_as_docutils(two)
    result = importers.parse(two.encode(), format="rst")
    assert result.title == "Reading"
    assert [item.section for item in result.items] == [("Papers",), ("Books",)]
    before = "Intro words.\n\n" + lone
    assert _same_as_docutils(before)
    assert importers.parse(before.encode(), format="rst").title is None


def test_unnamed_nodes_share_docutils_empty_attributes_read_only() -> None:
    """The fast tree is read, never changed: its unnamed nodes share one set of empty list attributes, equal to
    docutils' own, that refuses changes (one would reach every node); sections and link targets own theirs."""
    from docutils import nodes

    text = "Papers\n======\n\nWords\n-----\n\n- `A <https://e.org/a>`_ notes\n- plain\n\nMore\n----\n\nSome words.\n"
    doc = _rstfast.doctree(text)
    assert doc is not None
    named = [n for n in doc.findall(nodes.Element) if isinstance(n, (nodes.section, nodes.target))]
    unnamed = [n for n in doc.findall(nodes.Element) if n is not doc and n not in named]
    assert {type(n).__name__ for n in unnamed} >= {"title", "bullet_list", "list_item", "paragraph", "reference"}
    for node in unnamed:
        assert node["ids"] == node["classes"] == node["names"] == node["dupnames"] == []
        with pytest.raises(TypeError):
            node["classes"].append("x")
        if not node.hasattr("refuri") and not node.hasattr("bullet"):  # the attributes shared too
            with pytest.raises(TypeError):
                node["classes"] = ["x"]
    assert [n["names"] for n in named] == [["words"], ["a"], ["more"]]
    named[0]["classes"].append("x")  # its own list
    assert all(n["classes"] == [] for n in named[1:] + unnamed)
    for copied in (unnamed[-1].deepcopy(), copy.deepcopy(unnamed[-1])):  # plain, as docutils makes
        copied["classes"].append("x")
        copied["ids"] = ["y"]
    assert unnamed[-1]["classes"] == unnamed[-1]["ids"] == []


def test_the_read_tree_is_freed_without_the_cyclic_collector() -> None:
    """After the walk the tree is taken apart (child lists emptied): reference counting alone frees every node of
    the fast tree (docutils' own parser leaves cycles of its state machines around its tree)."""
    gc.collect()
    gc.disable()
    try:
        doc = _rstfast.doctree("Papers\n======\n\n- `A <https://e.org/a>`_ notes\n\n  - nested\n\nSome words.\n")
        assert doc is not None
        refs = [weakref.ref(node) for node in doc.findall(include_self=True)]
        rst._dismantle(doc)
        del doc
        assert [ref() for ref in refs if ref() is not None] == []
    finally:
        gc.enable()


def test_a_paragraph_of_too_many_references_is_refused_and_as_many_across_paragraphs_read() -> None:
    over = rst.MAX_REFERENCES_PER_PARAGRAPH + 1
    with pytest.raises(ImportFormatError, match="references or substitutions"):
        importers.parse(("- " + "a_ " * over + "\n").encode(), format="rst")
    with pytest.raises(ImportFormatError, match="no links to import"):
        importers.parse(("- " + "a_ " * (over - 1) + "\n").encode(), format="rst")
    spread = "".join(f"- `P{i} <https://e.org/{i}>`_ a_\n" for i in range(over))
    assert len(importers.parse(spread.encode(), format="rst").items) == over
