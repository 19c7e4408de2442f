"""The Markdown checklist exporter: exact layout, and export -> parse round trips (Elicit and hypothesis)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.export.markdown import export, tier_heading
from readinglist.importers import markdown
from readinglist.types import Entry, Item, ItemToImport, Link, ListInfo, Status

INFO = ListInfo(
    id=1,
    name="elicit",
    title="Elicit Machine Learning Reading List",
    source="https://github.com/elicit/machine-learning-list",
    format="markdown",
    revision="e505c96",
    content_hash=None,
    imported_at=dt.datetime(2025, 11, 27, 9, 0),
    source_date="2025-11-26",
)


def to_entries(items: Sequence[ItemToImport], rng: random.Random | None = None) -> list[Entry]:
    """ItemToImport -> Entry, with random progress when ``rng`` is given (what the Library would return)."""
    entries = []
    for i, it in enumerate(items):
        status, rating, note = Status.UNREAD, None, None
        if rng is not None:
            status = rng.choice(list(Status))
            rating = rng.choice([None, None, 1, 3, 5])
            note = rng.choice(
                [None, "clear intro", "skim §3 (the *proof*) — rated 2/5 [sic]", "`code` & <tags>"]
            )
        entries.append(
            Entry(
                id=i + 1,
                list_name="test",
                item=Item(id=i + 1, title=it.title, url=it.url, canonical_url=it.url),
                title=it.title,
                section=it.section,
                tier=it.tier,
                tier_label=it.tier_label,
                position=i,
                status=status,
                note=it.note,
                description=it.description,
                links=it.links,
                new=it.new,
                rating=rating,
                progress_note=note,
            )
        )
    return entries


def fields(e: Entry | ItemToImport) -> tuple:
    if isinstance(e, Entry):
        return (e.title, e.item.url, e.section, e.tier, e.tier_label, e.note, e.links, e.new, e.status,
                e.rating, e.progress_note, e.description)  # fmt: skip
    return (e.title, e.url, e.section, e.tier, e.tier_label, e.note, e.links, e.new, e.status, e.rating,
            e.progress_note, e.description)  # fmt: skip


def test_layout_of_a_small_list() -> None:
    items = [
        ItemToImport("Intro", "https://a.example/intro", ("Basics",)),
        ItemToImport(
            "Tiered [1]",
            "https://a.example/t1",
            ("Basics", "Sub"),
            tier=1,
            note="Karpathy",
            new=True,
            links=(Link("video", "https://v.example/x"),),
        ),  # fmt: skip
        ItemToImport(
            "Late (rest)",
            "https://a.example/t4",
            ("Basics", "Sub"),
            tier=4,
            tier_label="Tier 4+",
            description="Read *after* the rest.",
        ),  # fmt: skip
        ItemToImport("No URL", None, ("Basics", "Sub"), tier=4, tier_label="Tier 4+"),
    ]
    entries = to_entries(items)
    entries[1] = Entry(**{**entries[1].__dict__, "status": Status.READ, "rating": 4, "progress_note": "good"})
    assert export(INFO, entries) == (
        "# Elicit Machine Learning Reading List\n"
        "\n"
        "Source: <https://github.com/elicit/machine-learning-list> · revision e505c96 · 2025-11-26\n"
        "\n"
        "## Basics\n"
        "\n"
        "- [ ] [Intro](https://a.example/intro)\n"
        "\n"
        "### Sub\n"
        "\n"
        "**Tier 1**\n"
        "\n"
        "- [x] ✨ [Tiered \\[1\\]](https://a.example/t1) ([video](https://v.example/x)) (Karpathy)"
        " — *rated 4/5* — *note:* good\n"
        "\n"
        "**Tier 4+**\n"
        "\n"
        "- [ ] [Late (rest)](https://a.example/t4)\n"
        "  Read \\*after\\* the rest.\n"
        "- [ ] **No URL**\n"
    )


def test_retired_entries_are_skipped_unless_asked() -> None:
    entries = to_entries(
        [ItemToImport("Kept", "https://k.example"), ItemToImport("Gone", "https://g.example")]
    )
    entries[1] = Entry(**{**entries[1].__dict__, "retired": True, "status": Status.READ})
    assert "Gone" not in export(INFO, entries)
    text = export(INFO, entries, include_retired=True)
    assert text.endswith("## Retired\n\n- [x] [Gone](https://g.example)\n")
    assert [i.title for i in markdown.parse(text.encode()).items] == ["Kept", "Gone"]


def test_tier_heading_falls_back_for_labels_that_do_not_parse() -> None:
    assert tier_heading(2, None) == "Tier 2"
    assert tier_heading(4, "Tier 4+") == "Tier 4+"
    assert tier_heading(1, "Beginner") == "Beginner"
    assert tier_heading(3, "Beginner") == "Tier 3: Beginner"
    assert tier_heading(2, "Must read") == "Tier 2: Must read"


def test_elicit_round_trip(elicit_newest: Path) -> None:
    parsed = markdown.parse(elicit_newest.read_bytes())
    entries = to_entries(parsed.items, random.Random(20251126))
    text = export(INFO, entries)
    again = markdown.parse(text.encode())
    assert again.title == parsed.title
    assert len(again.items) == len(entries) == 355
    assert [fields(i) for i in again.items] == [fields(e) for e in entries]
    assert {e.status for e in entries} == set(Status)
    assert again.warnings == parsed.warnings


def test_fixture_round_trips(data_dir: Path) -> None:
    for name in ("awesome", "curriculum", "papers", "details", "levels"):
        parsed = markdown.parse(
            (data_dir / "markdown" / f"{name}.md").read_bytes(), source_url="https://x.example/"
        )
        entries = to_entries(parsed.items, random.Random(name))
        expected = _export_order(entries)
        again = markdown.parse(export(INFO, entries).encode())
        assert [fields(i) for i in again.items] == [fields(e) for e in expected], name


def _export_order(entries: Sequence[Entry]) -> list[Entry]:
    """The order the exporter documents: sections in first-mention tree order, own untiered entries first."""
    order: list[tuple[str, ...]] = []
    for e in entries:
        for depth in range(len(e.section) + 1):
            if e.section[:depth] not in order:
                order.append(e.section[:depth])

    def walk(path: tuple[str, ...]) -> list[Entry]:
        own = [e for e in entries if e.section == path]
        out = [e for e in own if e.tier is None] + [e for e in own if e.tier is not None]
        for child in order:
            if len(child) == len(path) + 1 and child[: len(path)] == path:
                out += walk(child)
        return out

    return walk(())


# --- hypothesis: arbitrary entries survive export -> parse ----------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcXYZ019 []()<>|`*_~#!&\\-+.:;'\"/?=é中✨—") + ["(x)", "**", "[a](b)", "&amp;"]
)
_TEXT = st.lists(_ALPHABET, min_size=1, max_size=25).map("".join).map(markdown.collapse).filter(bool)
_SECTION_NAME = _TEXT.filter(
    lambda s: (
        markdown.tier_marker(s) is None
        and s.lower().rstrip(":").strip() not in markdown.SKIPPED_SECTIONS
        and not re.match(r":[a-z0-9_+\-]+:\s+\S", s, re.IGNORECASE)  # ":rocket: X" reads as an emoji heading
    )
)
_TITLE = _TEXT.filter(
    lambda s: not re.match(r":[a-z0-9_+\-]+:", s, re.IGNORECASE)  # ":star: X" reads as X: a leading emoji decorates
)
_URL = st.builds(
    lambda path, q: f"https://example.org/{path}" + (f"?q={q}" if q else ""),
    st.text(alphabet="abcxyz019-_./~", max_size=15),  # no stray "%": markdown-it normalises it to %25
    st.text(alphabet="abc019", max_size=5),
)
_TIER = st.one_of(
    st.just((None, None)),
    st.tuples(st.integers(1, 12), st.none()),
    st.sampled_from([(4, "Tier 4+"), (1, "Beginner"), (2, "Intermediate"), (3, "Advanced"), (2, "Level 2")]),
)


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    sections = draw(st.lists(st.lists(_SECTION_NAME, max_size=3).map(tuple), min_size=1, max_size=4))
    n = draw(st.integers(1, 12))
    out = []
    for i in range(n):
        tier, label = draw(_TIER)
        url = draw(st.none() | _URL)
        title = draw(_TITLE)
        out.append(
            Entry(
                id=i + 1,
                list_name="h",
                item=Item(id=i + 1, title=title, url=url, canonical_url=url),
                title=title,
                section=draw(st.sampled_from(sections)),
                tier=tier,
                tier_label=label,
                position=i,
                status=draw(st.sampled_from(list(Status))),
                note=draw(st.none() | _TEXT),
                description=draw(st.none() | _TEXT),
                links=tuple(draw(st.lists(st.builds(Link, _TEXT, _URL), max_size=2))),
                new=draw(st.booleans()),
                rating=draw(st.none() | st.integers(1, 5)),
                progress_note=draw(st.none() | _TEXT),
            )
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=_entries(), title=_TEXT)
def test_arbitrary_entries_survive_export_and_parse(entries: list[Entry], title: str) -> None:
    info = ListInfo(1, "h", title, None, None, None, None, None)
    text = export(info, entries)
    again = markdown.parse(text.encode())
    assert again.title == title
    assert [fields(i) for i in again.items] == [fields(e) for e in _export_order(entries)], text


# --- issue 10: nothing in a list or feed can make a clickable script or raw HTML in the export ------------------

_HOSTILE_TITLES = [
    "[click me](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<img src=x onerror=alert(1)>",
    "![x](data:text/html,<script>alert(1)</script>)",
    "[a]: javascript:alert(1)\n\n[a]",
    "<javascript:alert(1)>",
    "&lt;script&gt;",
]
_HOSTILE_URLS = [
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "file:///etc/passwd",
]


def _rendered_links(text: str) -> tuple[list[str], str]:
    """What a CommonMark renderer makes of ``text``: the hrefs of its links, and its HTML."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(text)
    import re

    return re.findall(r'<a href="([^"]*)"', html), html


def test_hostile_titles_and_links_export_as_text() -> None:
    entries = []
    for n, title in enumerate(_HOSTILE_TITLES + ["Fine"] * len(_HOSTILE_URLS)):
        url = (
            "https://example.org/ok" if n < len(_HOSTILE_TITLES) else _HOSTILE_URLS[n - len(_HOSTILE_TITLES)]
        )
        entries.append(
            Entry(
                id=n + 1,
                list_name="h",
                item=Item(id=n + 1, title=title, url=url, canonical_url=url),
                title=title,
                section=("Topic <b>bold</b> [x](javascript:1)",),
                tier=None,
                tier_label=None,
                position=n,
                status=Status.UNREAD,
                note="<script>alert(1)</script>",
                description="[d](javascript:alert(1)) <iframe src=x>",
                links=(
                    Link("[v](javascript:1)", "javascript:alert(2)"),
                    Link("video", "https://example.org/v"),
                ),
            )
        )
    text = export(INFO, entries)
    hrefs, html = _rendered_links(text)
    assert set(hrefs) == {"https://example.org/ok", "https://example.org/v", INFO.source}
    for tag in ("<script", "<img", "<iframe", "<a href='", "<b>"):
        assert tag not in html
    # and not only because this renderer refuses javascript: itself: every link the text writes is http(s)
    import re

    destinations = re.findall(r"(?<!\\)\]\(<?([^)\s>]*)", text)
    assert len(destinations) == len(entries) - len(_HOSTILE_URLS) + len(entries)  # titles + one video each
    assert all(d.startswith("https://") for d in destinations), destinations
    # every title is still there, as text: read back, the export gives the same titles
    assert [i.title for i in markdown.parse(text.encode()).items] == [
        e.title.replace("\n\n", " ") for e in entries
    ]


def test_identifier_links_export_as_their_https_address() -> None:
    entry = to_entries([ItemToImport(title="A DOI", url="doi:10.1145/3442188.3445922")])
    assert "[A DOI](https://doi.org/10.1145/3442188.3445922)" in export(INFO, entry)


def test_each_list_exports_the_link_it_wrote_while_sharing_the_resource(lib) -> None:
    """Identity is the canonical URL, but an export gives back what the list said (issue 9: each list's own link)."""
    from readinglist.types import ItemToImport, ListToImport

    pdf = "https://arxiv.org/pdf/1706.03762v5"
    abs_ = "https://arxiv.org/abs/1706.03762"
    lib.import_list(ListToImport(items=(ItemToImport("Attention Is All You Need", pdf),), name="one"))
    lib.import_list(ListToImport(items=(ItemToImport("Attention Is All You Need", abs_),), name="two"))
    [a], [b] = lib.entries("one"), lib.entries("two")
    assert a.item.id == b.item.id
    assert (a.list_url, b.list_url) == (pdf, abs_)
    assert f"]({pdf})" in lib.export("one", "md") and f"]({abs_})" in lib.export("two", "md")
    assert pdf in lib.export("one", "csv") and abs_ in lib.export("two", "csv")
