"""The Org and YAML readers' fast paths on dense input read exactly as their general paths do.

Org: a heading without ``[`` or ``://`` skips the link scans, the topic stack keeps each level's path and tier (read
from its top, not rebuilt per heading), and the topic paths are kept once each in a dict. YAML: a document none of
whose keys names a title or a link is refused from its parse events, without being constructed, with the error the
records reader gives the whole document. Each is compared with the general path on generated inputs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError
from readinglist.importers import org, yamlfile
from readinglist.importers._text import decode

# --- Org -------------------------------------------------------------------------------------------------

_PLAIN_ALPHABET = st.sampled_from(
    list("ab xyz\t-–—:;,.\"“”'#*=~/_+!?()0129") + ["\u00a0", "\u2003", "Tier", "TODO"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PLAIN_ALPHABET, max_size=30).map("".join))
@example('"Quoted title" - notes')
@example("Title - by Someone - 2020")
@example(" -  - ")
@example("“Smart quotes” rest")
def test_plain_heading_text_reads_as_the_general_path(raw: str) -> None:
    """A heading text without ``[`` or ``://`` has no priority cookie, link or URL: the plain reading gives the
    title, the words after it and the links the general one gives."""
    raw = raw.strip()
    assert "[" not in raw and "://" not in raw
    assert org._plain_heading_text(raw) == org._heading_text(raw)


_LINKISH = st.sampled_from(list('ab :/.-"\t#') + ["http", "https", "://", "[", "]", "[["])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINKISH, max_size=30).map("".join))
def test_links_found_only_where_a_bracket_or_a_scheme_is(text: str) -> None:
    """``_links`` answers at once for text without ``[`` or ``://``: its link and URL patterns find nothing there."""
    if "[" not in text and "://" not in text:
        assert org._LINK.search(text) is None and org._BARE_URL.search(text) is None
        assert org._links(text) == []


_ORG_LINE = st.one_of(
    st.builds(
        lambda stars, words: "*" * stars + " " + words,
        st.integers(1, 5),
        st.sampled_from(
            [
                "Papers",
                "Books",
                "Tier 1",
                "Tier 2: Advanced",
                "Beginner",
                "TODO Read this",
                "DONE Solaris",
                "[[https://e.org/a][A paper]]",
                "Topic :tag:",
                "[#A] Priority",
                '"Quoted" - notes',
                "",
            ]
        ),
    ),
    st.sampled_from(
        [
            "- [[https://e.org/b][B]] - notes",
            "- [X] \"Title\" by Someone",
            "- plain bullet",
            "text under a heading",
            "[[https://e.org/c][arXiv]]",
            "[[file:papers/x.pdf][x.pdf]]",
            ":PROPERTIES:",
            ":URL: https://e.org/d",
            ":END:",
            "#+TODO: READING | READ",
            "",
        ]
    ),
)


def _scanned_section(topics: list[Any]) -> tuple[str, ...]:
    return tuple(topic for _, topic, *_ in topics if topic)


def _scanned_tier(topics: list[Any]) -> Any:
    return next((marker for _, _, marker, *_ in reversed(topics) if marker is not None), None)


class _Pushes(list):  # type: ignore[type-arg]
    """A topic stack that notes each level pushed on it, with the path and tier a scan of the stack finds then."""

    def __init__(self) -> None:
        super().__init__()
        self.pushed: list[tuple[Any, tuple[str, ...], Any]] = []

    def append(self, entry: Any) -> None:
        super().append(entry)
        self.pushed.append((entry, _scanned_section(self), _scanned_tier(self)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ORG_LINE, max_size=40))
def test_topic_stack_keeps_the_path_and_tier_a_scan_finds(lines: list[str]) -> None:
    """Each level pushed on the topic stack keeps the path and tier a scan of the whole stack finds (its topics
    bottom up; the nearest tier marker), and so does the stack after every line; the sections are the paths of the
    topics pushed, each once, in order of first use."""
    reader = org._Reader()
    reader.topics = stack = _Pushes()
    for line in lines:
        reader.line(line)
        assert (reader.section(), reader.tier()) == (_scanned_section(stack), _scanned_tier(stack))
    reader.ended = True
    reader.finish()
    for (_level, _topic, _marker, path, tier), scanned_path, scanned_tier in stack.pushed:
        assert (path, tier) == (scanned_path, scanned_tier)
    topics = [path for (_level, topic, _marker, path, _tier), _, _ in stack.pushed if topic]
    assert list(reader.sections) == list(dict.fromkeys(topics))


def test_repeated_topics_are_one_section_each_in_order_of_first_use() -> None:
    text = "".join(f"* {name}\n- [[https://e.org/{n}][Paper {n}]]\n" for n, name in enumerate("ABACBA"))
    result = importers.parse(text.encode(), format="org")
    assert result.sections == (("A",), ("B",), ("C",))
    assert [item.section for item in result.items] == [(name,) for name in "ABACBA"]


@pytest.mark.parametrize(
    "text", ["* x\n" * 2000, "".join(f"* x{i}\n" for i in range(2000)), "* a\n** b\n" * 1000, "* x\ny\n" * 1000]
)
def test_dense_headings_without_items_are_refused(text: str) -> None:
    with pytest.raises(ImportFormatError, match="no Org heading or list item carries a link") as caught:
        importers.parse(text.encode(), format="org")
    assert caught.value.format == "org"


# --- YAML ------------------------------------------------------------------------------------------------

_KEYS = [
    "t", "x", "k", "notes", "tags", "year", "description", "items", "data", "papers", "links", "name", "title",
    "Title", "url", "link", "href", "extended", "doi", "DOI", "isbn", "eprint", "paperTitle", "<<", "=", "1", "0x_",
    "2020-13-45", "yes", "~", "null", "'title'", '"url"', "'<<'", "2015-07-19", "!", "? [a]", "[a]", "{a: b}",
]  # fmt: skip
_SCALARS = [
    "x", "y z", "https://e.org/a", "'https://e.org/b'", "www.e.org", "10.1000/x", "5", "09", "-12", "+007", "0",
    "1" * 19, "0b_", "0x1F", "1_000", "1:20",
    "2020-01-02", "2020-13-45", "1e1000", ".nan", "yes", "No", "~", "null", "", "<<", "=", "!", "&a x", "*a", "!!int 5",
    "!!str 5", "!foo x", "'quoted'", '"esc\\x41ped"', "[a](https://e.org/c) text", "|", ">", "- nested", "#c",
]  # fmt: skip

_SCALAR = st.sampled_from(_SCALARS)
_KEY = st.sampled_from(_KEYS)


def _flow(node: Any) -> str:
    if isinstance(node, list):
        return "[" + ", ".join(_flow(v) for v in node) + "]"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in node.items()) + "}"
    return str(node)


def _block(node: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(node, list) and node:
        return "".join(
            f"{pad}-\n{_block(v, indent + 2)}" if isinstance(v, (list, dict)) and v else f"{pad}- {_flow(v)}\n"
            for v in node
        )
    if isinstance(node, dict) and node:
        return "".join(
            f"{pad}{k}:\n{_block(v, indent + 2)}" if isinstance(v, (list, dict)) and v else f"{pad}{k}: {_flow(v)}\n"
            for k, v in node.items()
        )
    return f"{pad}{_flow(node)}\n"


_NODE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEY, inner, max_size=4)),
    max_leaves=12,
)
_DOCUMENT = st.one_of(
    st.builds(_block, _NODE),
    st.builds(_flow, _NODE),
    st.builds(lambda a, b: a + "---\n" + b, st.builds(_block, _NODE), st.builds(_block, _NODE)),
    st.builds(lambda a, b: "---\n" + a + "...\n" + b, st.builds(_block, _NODE), st.text(max_size=20)),
    st.lists(st.sampled_from(["- ", "{", "}", "[", "]", ": ", ", ", "\n", "  ", "t", "x", "&a ", "*a", "? ", "'"]))
    .map("".join),
)


def _outcome(read: Any) -> tuple[Any, ...]:
    """What a read gives: its result, or its error's message, format and source."""
    try:
        result = read()
    except ImportFormatError as exc:
        return ("error", str(exc), exc.format, exc.source)
    return ("result", dataclasses.asdict(result))


def _general(text: str, source_url: str | None) -> tuple[Any, ...]:
    """The reader without the skeleton: the text decoded, the document loaded whole, then read."""

    def read() -> Any:
        decoded = decode(text.encode(), format=yamlfile.NAME, source=source_url)
        return yamlfile._read(yamlfile._load(decoded, source_url), source_url)

    return _outcome(read)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENT, st.sampled_from([None, "https://e.org/list.yml"]))
@example("- {t: x}\n" * 3, None)
@example("- x\n" * 3, None)
@example("items:\n  - {t: x}\ndata: [{k: 1}]\n", None)
@example("items: []\ndata: [{k: 1}]\n", "https://e.org/l.yml")
@example("- {t: 0x_}\n", None)
@example("- {t: x, <<: {a: b}}\n", None)
@example("- {t: &a x}\n- {k: *a}\n", None)
@example("x: y\n---\n[", None)
def test_a_document_refused_from_its_events_is_refused_as_loaded(text: str, source_url: str | None) -> None:
    """Whatever the text, the reader gives what loading it whole gives: the same items and warnings, or the same
    error; and where the skeleton stands for the document, the records reader refuses it as it does the document."""
    general = _general(text, source_url)
    assert _outcome(lambda: yamlfile.parse(text.encode(), source_url=source_url)) == general
    try:
        decoded = decode(text.encode(), format=yamlfile.NAME, source=source_url)
    except ImportFormatError:
        return  # refused before any YAML is read
    skeleton = yamlfile._skeleton(decoded)
    if skeleton is not None:
        assert general[0] == "error"
        assert _outcome(lambda: yamlfile._read(skeleton[0], source_url)) == general


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {t: x}\n" * 500, "no record has a title or URL"),
        ("- t: x\n  k: 2020-01-02\n" * 300, "no record has a title or URL"),
        ("papers:\n" + "  - {notes: x}\n" * 300, "no record has a title or URL"),
        ("- x\n" * 500, "this YAML holds no array of objects (expected - title: ... / url: ... records)"),
        (
            "".join(f"- {n}\n- -{n:02d}\n" for n in range(300)),
            "this YAML holds no array of objects (expected - title: ... / url: ... records)",
        ),
        ("- [x, 1, yes]\n" * 300, "this YAML holds no array of objects (expected - title: ... / url: ... records)"),
        ("a: {t: x}\nb: [x]\n", "this YAML holds no array of objects (expected - title: ... / url: ... records)"),
        ("---\n", "this YAML holds no array of objects (expected - title: ... / url: ... records)"),
    ],
)
def test_dense_documents_without_records_are_refused_from_their_events(text: str, message: str) -> None:
    assert yamlfile._skeleton(text) is not None
    with pytest.raises(ImportFormatError) as caught:
        importers.parse(text.encode(), format="yaml")
    assert str(caught.value) == message
    assert caught.value.format == "yaml"


@pytest.mark.parametrize(
    "text",
    [
        "- {title: x}\n",  # a record: loaded
        "- {t: x}\n" * 50 + "- {paperTitle: y}\n",  # a key naming a title, camelCase
        "- {t: x}\n- {href: 'https://e.org/a'}\n",
        "- &a {t: x}\n",  # an anchor
        "- {t: !!int 5}\n",  # a tag
        "- {t: 0x_}\n",  # a scalar the loader fails to construct
        "- {? [a] : x}\n",  # a list as a key
        "- {<<: {a: b}}\n",  # a merge
        "- {t: x\n",  # a parse error
    ],
)
def test_documents_that_may_hold_a_record_or_fail_are_loaded(text: str) -> None:
    """Anything the events cannot settle goes to the loader: records, tags, anchors, merges, bad scalars, errors."""
    assert yamlfile._skeleton(text) is None
    assert _outcome(lambda: yamlfile.parse(text.encode())) == _general(text, None)


def test_a_bad_scalar_keeps_the_loaders_error() -> None:
    with pytest.raises(ImportFormatError, match=r"^not valid YAML: invalid literal for int\(\) with base 16"):
        importers.parse(b"- {t: x}\n" * 20 + b"- {t: 0x_}\n", format="yaml")
