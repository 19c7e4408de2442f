"""The Org reader's fast paths on dense input read exactly as its general paths do.

Org: a heading without ``[`` or ``://`` skips the link scans, the topic stack keeps each level's path and tier (read
from its top, not rebuilt per heading), and the topic paths are kept once each in a dict. Each is compared with the
general path on generated inputs.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError
from readinglist.importers import org

# --- Org -------------------------------------------------------------------------------------------------

_PLAIN_ALPHABET = st.sampled_from(list("ab xyz\t-–—:;,.\"“”'#*=~/_+!?()0129") + ["\u00a0", "\u2003", "Tier", "TODO"])


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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab :/.-\"\t#") + ["http", "https", "://", "[", "]", "[["]), max_size=30).map("".join))
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
