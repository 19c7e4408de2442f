"""The Markdown importer: the real Elicit README versions, our fixtures of other real shapes, and fuzzing."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError
from readinglist.importers import markdown
from readinglist.types import Link, Status

FIXTURES = Path(__file__).resolve().parent / "data" / "markdown"

# --- the real Elicit list -------------------------------------------------------------------------------------

ELICIT_COUNTS = [311, 311, 315, 340, 355]


def test_elicit_item_and_topic_counts(elicit_files: list[Path]) -> None:
    assert len(elicit_files) == 5
    for path, count in zip(elicit_files, ELICIT_COUNTS):
        result = markdown.parse(path.read_bytes())
        assert len(result.items) == count, path.name
        assert len({item.section for item in result.items}) == 24, path.name
        assert all(len(item.section) == 2 for item in result.items)
        assert result.title == "Elicit Machine Learning Reading List"
        assert result.format == "markdown"


def test_elicit_newest_tiers(elicit_newest: Path) -> None:
    result = markdown.parse(elicit_newest.read_bytes())
    tiers = Counter(item.tier for item in result.items)
    assert tiers == {1: 20, 2: 63, 3: 89, 4: 183}
    assert {item.tier_label for item in result.items if item.tier == 4} == {"Tier 4+"}
    assert {item.tier_label for item in result.items if item.tier != 4} == {None}


def test_elicit_newest_first_topic_and_details(elicit_newest: Path) -> None:
    items = markdown.parse(elicit_newest.read_bytes()).items
    first = items[0]
    assert first.title == "A short introduction to machine learning"
    assert first.url == (
        "https://www.alignmentforum.org/posts/qE73pqxAZmeACsAdF/a-short-introduction-to-machine-learning"
    )
    assert first.section == ("Fundamentals", "Introduction to machine learning")
    assert first.tier == 1 and not first.new and first.note is None
    transformers = [i for i in items if i.section == ("Fundamentals", "Transformers")]
    assert [i.tier for i in transformers] == [1] * 5 + [2] * 5 + [3] * 5 + [4] * 4
    assert transformers[0].title == "Intro to Large Language Models"
    assert transformers[0].new and transformers[0].note == "Karpathy"
    assert transformers[-1].title == "Transformer Feed-Forward Layers Are Key-Value Memories"
    s4 = next(i for i in items if i.title.startswith("Efficiently Modeling Long Sequences"))
    assert s4.links == (Link("video", "https://www.youtube.com/watch?v=EvQ3ncuriCM"),)
    assert s4.note == "S4" and s4.tier == 4 and s4.tier_label == "Tier 4+"
    planning = [i for i in items if i.section[-1] == "Planning"]
    assert [(i.title, i.tier) for i in planning] == [
        ("Beyond A*: Better Planning with Transformers via Search Dynamics Bootstrapping", 4),
        ("Cognitive Architectures for Language Agents", 4),
    ]
    assert sum(i.new for i in items) == 50
    assert not any("#" in (i.url or "") for i in items)  # no ToC anchors
    assert not any(i.url and i.url.startswith("mailto:") for i in items)


def test_elicit_newest_duplicates_are_kept_and_warned(elicit_newest: Path) -> None:
    result = markdown.parse(elicit_newest.read_bytes())
    urls = Counter(item.url for item in result.items)
    assert sorted(url for url, n in urls.items() if n > 1) == [
        "https://arxiv.org/abs/2107.07170",
        "https://arxiv.org/abs/2112.11446",
        "https://arxiv.org/abs/2205.11822",
        "https://arxiv.org/abs/2206.07682",
    ]
    gopher = [i.title for i in result.items if i.url == "https://arxiv.org/abs/2112.11446"]
    assert gopher == [
        "OPT: Open Pre-trained Transformer Language Models",
        "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
    ]
    emergent = [i.tier for i in result.items if i.url == "https://arxiv.org/abs/2206.07682"]
    assert emergent == [3, 4]
    assert len(result.warnings) == 3
    assert all("different titles" in w for w in result.warnings)
    assert any("2112.11446" in w for w in result.warnings)
    assert not any("2206.07682" in w for w in result.warnings)


def test_elicit_oldest_untiered_items_and_markdown_summary(elicit_files: list[Path]) -> None:
    """The oldest version writes ``<summary>**Tier 4+**</summary>`` and has topics whose items precede any tier."""
    items = markdown.parse(elicit_files[0].read_bytes()).items
    untiered = [(i.section[-1], i.title) for i in items if i.tier is None]
    assert [s for s, _ in untiered] == ["Forecasting"] * 4 + ["Planning"] * 2
    assert Counter(i.tier for i in items) == {1: 20, 2: 51, 3: 70, 4: 164, None: 6}


def test_sniff_scores(elicit_newest: Path) -> None:
    assert markdown.sniff(elicit_newest.read_text(encoding="utf-8")) >= 70
    assert markdown.sniff('{"items": []}') == 0
    assert markdown.sniff("<?xml version='1.0'?><opml/>") == 0
    assert markdown.sniff("@article{x, title={A}}") == 0
    assert markdown.sniff("just some words\nand more words\n") == 0
    assert 0 < markdown.sniff("see [this](https://example.com) page") < 50


# --- fixtures of other real shapes (tests/data/markdown/<name>.md beside <name>.expected.json) -----------------


def _as_expected(item) -> dict:
    row = {
        "title": item.title,
        "url": item.url,
        "section": list(item.section),
        "tier": item.tier,
        "tier_label": item.tier_label,
        "note": item.note,
        "description": item.description,
        "links": [[link.title, link.url] for link in item.links],
        "new": item.new,
        "status": item.status.value if item.status else None,
    }
    return {k: v for k, v in row.items() if v not in (None, [], False) or k == "section"}


@pytest.mark.parametrize("name", ["awesome", "curriculum", "papers", "details", "levels"])
def test_fixture_matches_expected(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = markdown.parse((FIXTURES / f"{name}.md").read_bytes(), source_url=expected["source_url"])
    assert result.title == expected["title"]
    assert list(result.warnings) == expected["warnings"]
    assert [_as_expected(item) for item in result.items] == expected["items"]


def test_awesome_list_skips_badges_toc_and_infrastructure() -> None:
    result = markdown.parse((FIXTURES / "awesome.md").read_bytes())
    urls = [item.url or "" for item in result.items]
    assert len(result.items) == 22
    assert not any("shields.io" in u or u.startswith("#") or "CONTRIBUTING" in u for u in urls)
    assert not any("issues/new" in u or "creativecommons" in u or "awesome.re" in u for u in urls)
    assert "docs/notes.md" not in urls  # a relative link without a base is no URL: the item is kept by title
    assert len(result.warnings) == 1 and result.warnings[0].startswith(
        "1 relative link(s) could not be resolved"
    )
    assert "--base-url" in result.warnings[0]
    notes = next(item for item in result.items if item.title == "Our own notes")
    assert notes.url is None


def test_checklist_statuses_and_linkless_items() -> None:
    doc = """# Mine

- [ ] [Unread one](https://example.com/1)
- [x] [Read one](https://example.com/2)
- [X] [Read too](https://example.com/3)
- [/] [Reading](https://example.com/4) (Author) — *rated 4/5* — *note:* half way (p. 120)
- [-] **Skipped, no link**
- [ ] Plain words without a link
- Not a checkbox and no link
""".encode()
    items = markdown.parse(doc).items
    assert [(i.title, i.status) for i in items] == [
        ("Unread one", Status.UNREAD),
        ("Read one", Status.READ),
        ("Read too", Status.READ),
        ("Reading", Status.READING),
        ("Skipped, no link", Status.SKIPPED),
        ("Plain words without a link", Status.UNREAD),
    ]
    assert (
        items[3].note == "Author" and items[3].rating == 4 and items[3].progress_note == "half way (p. 120)"
    )
    assert items[4].url is None


def test_tier_markers() -> None:
    tm = markdown.tier_marker
    assert tm("Tier 2") == markdown.TierMarker(2, None)
    assert tm("Tier 4+") == markdown.TierMarker(4, "Tier 4+")
    assert tm("Level 3:") == markdown.TierMarker(3, "Level 3")
    assert tm("Phase 1: Foundations") == markdown.TierMarker(1, "Phase 1", "Foundations")
    assert tm("Beginner") == markdown.TierMarker(1, "Beginner")
    assert tm("Intermediate level") == markdown.TierMarker(2, "Intermediate level")
    assert tm("Expert") == markdown.TierMarker(3, "Expert")
    for not_a_tier in ("Advanced topics", "Week 3", "Fundamentals", "Introduction", "Part A", "Tiers"):
        assert tm(not_a_tier) is None, not_a_tier


def test_tier_heading_only_structure_sits_at_root_and_named_marker_is_a_topic() -> None:
    doc = b"""# Course

## Stage 1

- [A](https://a.example)

## Stage 2: Going deeper

- [B](https://b.example)
"""
    items = markdown.parse(doc).items
    assert [(i.title, i.section, i.tier, i.tier_label) for i in items] == [
        ("A", (), 1, "Stage 1"),
        ("B", ("Stage 2: Going deeper",), 2, "Stage 2"),
    ]


def test_no_links_is_an_import_format_error() -> None:
    with pytest.raises(ImportFormatError, match="has no links"):
        markdown.parse(b"# Title\n\nJust prose, and a [link in a paragraph](https://example.com).\n")
    with pytest.raises(ImportFormatError, match="empty"):
        markdown.parse(b"   \n")
    with pytest.raises(ImportFormatError, match="binary"):
        markdown.parse(b"\x00\x01\x02- [x](y)")


# --- fuzzing: nothing but ImportFormatError escapes ---------------------------------------------------------


def _mutate(lines: list[str], seed: int, junk: str) -> str:
    rng = random.Random(seed)
    lines = list(lines)
    for _ in range(rng.randint(1, 30)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2 and lines:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and lines:
            k = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + junk + lines[i][k:]
        else:
            lines.insert(i, junk)
    return "\n".join(lines)


_JUNK = st.lists(
    st.sampled_from(
        list("[]()<>*_`#-|!\\~:/ \t\nx✨Tier4+") + ["<details>", "</details>", "<summary>", "- [ ] "]
    )
).map("".join)


def _never_raises_else(data: bytes) -> None:
    try:
        result = markdown.parse(data)
    except ImportFormatError:
        return
    assert result.items
    for item in result.items:
        assert item.title


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), junk=_JUNK)
def test_mutated_elicit_never_raises_else(elicit_newest: Path, seed: int, junk: str) -> None:
    _never_raises_else(_mutate(elicit_newest.read_text(encoding="utf-8").splitlines(), seed, junk).encode())


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["awesome", "curriculum", "papers", "details", "levels"]),
    seed=st.integers(0, 2**32),
    junk=_JUNK,
)
def test_mutated_fixtures_never_raise_else(name: str, seed: int, junk: str) -> None:
    lines = (FIXTURES / f"{name}.md").read_text(encoding="utf-8").splitlines()
    _never_raises_else(_mutate(lines, seed, junk).encode())


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400) | _JUNK.map(lambda s: s.encode()))
def test_random_input_never_raises_else(data: bytes) -> None:
    _never_raises_else(data)


def test_a_line_of_punctuation_over_a_list_names_no_work() -> None:
    """Found by hypothesis: ":" alone above an item of generic links made one item with an empty title."""
    text = ":\n\n1. **RAGAS: Automated Evaluation** [[paper](https://arxiv.org/abs/2309.15217)] [[code](https://github.com/x/y)]\n"
    items = markdown.parse(text.encode()).items
    assert [(i.title, i.url) for i in items] == [("RAGAS: Automated Evaluation", "https://arxiv.org/abs/2309.15217")]


def test_a_list_right_under_a_summary_line_keeps_its_tier() -> None:
    """``<summary>Tier 4+</summary>`` and the list under it without a blank line are one raw HTML block to
    CommonMark (the list would be HTML text): the swallowed Markdown lines are read, in order with the tags."""
    doc = (
        b"# T\n\n## Agents\n\n- [Paper A](https://e.org/a)\n\n<details>\n<summary>Tier 4+</summary>\n"
        b"- [Paper B](https://e.org/b)\n- [Paper C](https://e.org/c)\n</details>\n\n- [Paper D](https://e.org/d)\n"
    )
    got = [(i.title, i.tier, i.tier_label) for i in markdown.parse(doc).items]
    assert got == [
        ("Paper A", None, None),
        ("Paper B", 4, "Tier 4+"),
        ("Paper C", 4, "Tier 4+"),
        ("Paper D", None, None),
    ]
