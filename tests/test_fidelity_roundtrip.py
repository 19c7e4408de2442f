"""Property: any list the Markdown, reStructuredText and document importers accept exports to Markdown and
re-imports to the same items, topics, tiers and statuses.

Documents are generated from the shapes real lists use (headings, level sections, tier markers, bullets with
links, icon links, bold titles without links, tables, prose paragraphs; RST sections with references and bullets;
plain text with URLs), parsed with the registry, given random statuses, exported with the Markdown checklist
writer and parsed again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_export_markdown import _export_order

from readinglist.exceptions import ImportFormatError
from readinglist.export.markdown import export
from readinglist.importers import parse
from readinglist.types import Entry, Item, ListInfo, Status

_WORDS = st.sampled_from(
    [
        "Attention",
        "Transformers",
        "Learning",
        "Deep",
        "Networks",
        "Graph",
        "Paxos",
        "Raft",
        "Systems",
        "Design",
        "Notes",
        "Models",
        "Vision",
        "Language",
        "Data",
        "Pipelines",
        "Scaling",
        "Laws",
        "Agents",
        "Memory",
        "Search",
        "Retrieval",
        "中文",
        "Überblick",
    ]
)
_TITLE = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)
_SECTION = st.one_of(
    _TITLE,
    st.sampled_from(
        ["Intro CS", "Core CS", "Advanced CS", "Part 1: Basics", "Part 2: Models", "Reading list"]
    ),
)
_TIER_LINE = st.sampled_from(["**Tier 1**", "**Tier 2**", "**Beginner**", "**Advanced**", "**Tier 4+**"])
_SLUG = st.text(alphabet="abcxyz0123456789-", min_size=1, max_size=10)
_URL = st.builds(
    lambda host, slug: f"https://{host}/{slug}", st.sampled_from(["a.example", "b.example"]), _SLUG
)


@st.composite
def _markdown_block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["links", "icons", "linkless", "table", "prose", "tier"]))
    titles = draw(st.lists(_TITLE, min_size=1, max_size=4))
    urls = [draw(_URL) for _ in titles]
    if kind == "links":
        return "\n".join(
            f"- [{t}]({u})" + draw(st.sampled_from(["", " - a short note", f" ([video]({u}/v))"]))
            for t, u in zip(titles, urls)
        )
    if kind == "icons":
        return "\n".join(f"* [:scroll:]({u}.pdf) [{t}]({u})" for t, u in zip(titles, urls))
    if kind == "linkless":
        return "## Reading order\n\n" + "\n".join(
            f"{n}. **{t}** - why it matters" for n, t in enumerate(titles + ["Extra Paper"], 1)
        )
    if kind == "table":
        rows = "\n".join(f"| {n} | [{t}]({u}) | notes |" for n, (t, u) in enumerate(zip(titles, urls), 1))
        return "| # | Paper | Notes |\n|---|---|---|\n" + rows
    if kind == "prose":
        return " ".join(f"We recommend [{t}]({u})." for t, u in zip(titles, urls))
    return draw(_TIER_LINE)


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    parts = ["# " + draw(_TITLE)]
    for _ in range(draw(st.integers(1, 4))):
        parts.append("#" * draw(st.integers(2, 3)) + " " + draw(_SECTION))
        parts.extend(draw(st.lists(_markdown_block(), min_size=1, max_size=3)))
    return "\n\n".join(parts) + "\n"


@st.composite
def rst_documents(draw: st.DrawFn) -> str:
    title = draw(_TITLE)
    parts = [title, "=" * len(title), ""]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(_SECTION)
        parts += [name, "-" * (len(name) + 2), ""]
        for t in draw(st.lists(_TITLE, min_size=1, max_size=3)):
            u = draw(_URL)
            if draw(st.booleans()):
                parts += [f".. [#] `{t} <{u}>`_, Someone et al, 2019. `Code link. <{u}/code>`_", ""]
            else:
                parts += [f"* `{t} <{u}>`_ - notes", ""]
    return "\n".join(parts) + "\n"


@st.composite
def text_documents(draw: st.DrawFn) -> str:
    lines = [draw(_TITLE), ""]
    for t in draw(st.lists(_TITLE, min_size=1, max_size=6)):
        lines.append(f"{t}: {draw(_URL)}")
    return "\n".join(lines) + "\n"


def _entries(items, statuses) -> list[Entry]:  # type: ignore[no-untyped-def]
    return [
        Entry(
            id=n + 1,
            list_name="l",
            item=Item(id=n + 1, title=i.title, url=i.url, canonical_url=i.url),
            title=i.title,
            section=i.section,
            tier=i.tier,
            tier_label=i.tier_label,
            position=n,
            status=statuses[n % len(statuses)],
            note=i.note,
            description=i.description,
            links=i.links,
        )
        for n, i in enumerate(items)
    ]


def _check(text: str, fmt: str, statuses: list[Status]) -> None:
    try:
        first = parse(text.encode(), format=fmt, filename=f"list.{fmt}")
    except ImportFormatError:
        assume(False)
        return
    entries = _entries(first.items, statuses)
    info = ListInfo(1, "l", first.title or "List", None, None, None, None, dt.datetime(2026, 1, 1))
    exported = export(info, entries)
    again = parse(exported.encode(), format="markdown", filename="l.md")
    want = [(e.title, e.item.url, e.section, e.tier, e.tier_label, e.status) for e in _export_order(entries)]
    got = [(i.title, i.url, i.section, i.tier, i.tier_label, i.status) for i in again.items]
    assert got == want, exported


_STATUSES = st.lists(st.sampled_from(list(Status)), min_size=1, max_size=4)
_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@_SETTINGS
@given(text=markdown_documents(), statuses=_STATUSES)
def test_markdown_lists_round_trip(text: str, statuses: list[Status]) -> None:
    _check(text, "markdown", statuses)


@_SETTINGS
@given(text=rst_documents(), statuses=_STATUSES)
def test_rst_lists_round_trip(text: str, statuses: list[Status]) -> None:
    _check(text, "rst", statuses)


@_SETTINGS
@given(text=text_documents(), statuses=_STATUSES)
def test_document_lists_round_trip(text: str, statuses: list[Status]) -> None:
    _check(text, "document", statuses)


@pytest.mark.parametrize(
    "name", ["further_reading_no_links.md", "keypapers.rst", "teach_yourself_cs_prose.md"]
)
def test_fixtures_round_trip(name: str) -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "fidelity" / name
    _check(path.read_text(encoding="utf-8"), "rst" if name.endswith(".rst") else "markdown", list(Status))
