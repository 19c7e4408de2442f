"""Exporters: native JSON/TOML and CSV with progress, and their round trips through the importers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import export as exporters
from readinglist.exceptions import InvalidArgumentError
from readinglist.export import csvfile as csv_export
from readinglist.importers import csvfile, native
from readinglist.types import Entry, Item, ItemToImport, Kind, Link, ListInfo, Status

INFO = ListInfo(
    id=1,
    name="elicit",
    title="Elicit ML reading list",
    source="https://github.com/elicit/machine-learning-list",
    format="markdown",
    revision="e505c96",
    content_hash="abc",
    imported_at=dt.datetime(2025, 11, 27, 8, 0, tzinfo=dt.timezone.utc),
    source_date="2025-11-26",
    description="Tier 1 of every topic first.",
    next_list=None,
)


def _entry(n: int, title: str, url: str | None, section: tuple[str, ...], **kw: object) -> Entry:
    kind = kw.pop("kind", None)
    item = Item(id=n, title=title, url=url, canonical_url=url.rstrip("/") if url else None, kind=kind)  # type: ignore[arg-type]
    return Entry(id=n, list_name="elicit", item=item, title=title, section=section, position=n, **kw)  # type: ignore[arg-type]


ENTRIES = [
    _entry(
        1,
        "Attention Is All You Need",
        "https://arxiv.org/abs/1706.03762",
        ("Fundamentals", "Transformers"),
        tier=1,
        tier_label=None,
        status=Status.READ,
        rating=5,
        progress_note="Reread §3",
        links=(Link("video", "https://www.youtube.com/watch?v=iDulhoQ2pro"),),
        kind=Kind.PAPER,
        updated_at=dt.datetime(2025, 11, 27, 9, 30, tzinfo=dt.timezone.utc),
        note="Vaswani",
    ),
    _entry(
        2,
        "The Annotated Transformer",
        "http://nlp.seas.harvard.edu/annotated-transformer/",
        ("Fundamentals", "Transformers"),
        tier=4,
        tier_label="Tier 4+",
        status=Status.SKIPPED,
        new=True,
    ),
    _entry(
        3,
        'Intro to LLMs, a "1hr" talk',
        "https://www.youtube.com/watch?v=zjkBMFhNj_g",
        ("Fundamentals",),
        tier=2,
        tier_label=None,
        status=Status.READING,
        kind=Kind.VIDEO,
        author="Andrej Karpathy",
    ),
    _entry(
        4,
        "Old removed post",
        "https://old.example/post",
        ("Alignment / Safety",),
        tier=1,
        tier_label=None,
        retired=True,
        status=Status.READ,
    ),
    _entry(5, "Read chapter 6", None, (), tier=None, tier_label=None, description="Line one\nline two"),
]


def test_formats() -> None:
    assert exporters.FORMATS == ("md", "json", "toml", "csv")
    with pytest.raises(InvalidArgumentError, match="choose one of: md, json, toml, csv"):
        exporters.export(INFO, ENTRIES, "xlsx")


def test_entries_to_list() -> None:
    lst = exporters.entries_to_list(INFO, ENTRIES)
    assert (lst.name, lst.title, lst.source_url, lst.revision, lst.date, lst.format) == (
        "elicit",
        "Elicit ML reading list",
        "https://github.com/elicit/machine-learning-list",
        "e505c96",
        "2025-11-26",
        "markdown",
    )
    assert lst.items[0] == ItemToImport(
        title="Attention Is All You Need",
        url="https://arxiv.org/abs/1706.03762",
        section=("Fundamentals", "Transformers"),
        tier=1,
        note="Vaswani",
        links=(Link("video", "https://www.youtube.com/watch?v=iDulhoQ2pro"),),
        kind=Kind.PAPER,
        status=Status.READ,
        rating=5,
        progress_note="Reread §3",
    )
    assert lst.items[4].status is None  # unread is the default and is left out


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_native_export_is_lossless(fmt: str) -> None:
    text = exporters.export(INFO, ENTRIES, fmt)
    back = native.parse(text.encode())
    expected = exporters.entries_to_list(INFO, ENTRIES)
    # a tree groups items by section: root first, then Fundamentals, its Transformers, then Alignment
    assert [i.title for i in back.items] == [
        "Read chapter 6",
        'Intro to LLMs, a "1hr" talk',
        "Attention Is All You Need",
        "The Annotated Transformer",
        "Old removed post",
    ]
    assert sorted(back.items, key=repr) == sorted(expected.items, key=repr)
    assert (back.title, back.source_url, back.revision, back.date, back.description) == (
        expected.title,
        expected.source_url,
        expected.revision,
        expected.date,
        expected.description,
    )
    assert [i.title for i in back.items if i.retired] == ["Old removed post"]
    assert back.warnings == ()


def test_native_export_flags_retired_and_records_retrieval() -> None:
    doc = json.loads(exporters.export(INFO, ENTRIES, "json"))
    assert doc["source"] == {
        "url": "https://github.com/elicit/machine-learning-list",
        "revision": "e505c96",
        "date": "2025-11-26",
        "retrieved": "2025-11-27T08:00:00+00:00",
        "importer": "markdown",
    }
    assert doc["sections"][1] == {
        "title": "Alignment / Safety",
        "items": [
            {
                "title": "Old removed post",
                "url": "https://old.example/post",
                "tier": 1,
                "status": "read",
                "retired": True,
            }
        ],
    }


def test_csv_export_text() -> None:
    lines = exporters.export(INFO, ENTRIES, "csv").splitlines()
    assert lines[0] == ",".join(csv_export.COLUMNS)
    assert lines[1] == (
        "elicit,Fundamentals / Transformers,1,,1,Attention Is All You Need,https://arxiv.org/abs/1706.03762,"
        "https://arxiv.org/abs/1706.03762,paper,Vaswani,read,5,Reread §3,2025-11-27T09:30:00+00:00,,,,,,,"
    )
    assert lines[4].startswith("elicit,Alignment/Safety,1,,4,Old removed post,")
    assert lines[4].endswith(",yes,,")  # retired; no tags, no archived copy


def test_csv_export_reimports_the_same_items() -> None:
    text = exporters.export(INFO, ENTRIES, "csv")
    lst = csvfile.parse(text.encode())
    assert lst.name == "elicit"
    got = [
        (i.title, i.url, i.section, i.tier, i.tier_label, i.status, i.rating, i.kind, i.progress_note, i.new)
        for i in lst.items
    ]
    assert got == [
        (
            "Attention Is All You Need",
            "https://arxiv.org/abs/1706.03762",
            ("Fundamentals", "Transformers"),
            1,
            None,
            Status.READ,
            5,
            Kind.PAPER,
            "Reread §3",
            False,
        ),
        (
            "The Annotated Transformer",
            "http://nlp.seas.harvard.edu/annotated-transformer/",
            ("Fundamentals", "Transformers"),
            4,
            "Tier 4+",
            Status.SKIPPED,
            None,
            None,
            None,
            True,
        ),
        (
            'Intro to LLMs, a "1hr" talk',
            "https://www.youtube.com/watch?v=zjkBMFhNj_g",
            ("Fundamentals",),
            2,
            None,
            Status.READING,
            None,
            Kind.VIDEO,
            None,
            False,
        ),
        (
            "Old removed post",
            "https://old.example/post",
            ("Alignment/Safety",),
            1,
            None,
            Status.READ,
            None,
            None,
            None,
            False,
        ),
        ("Read chapter 6", None, (), None, None, Status.UNREAD, None, None, None, False),
    ]
    assert lst.items[4].description == "Line one\nline two"
    assert lst.items[2].author == "Andrej Karpathy"


def test_markdown_is_the_colleagues_writer() -> None:
    markdown = pytest.importorskip("readinglist.export.markdown")
    assert exporters.export(INFO, ENTRIES, "md") == markdown.export(INFO, ENTRIES, include_retired=True)


# --- property: export -> import keeps items, topics, tiers, statuses ---------------------------------

_words = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=12
)
_title = st.lists(_words, min_size=1, max_size=3).map(" ".join)
_heading = _title.filter(lambda t: not any(s in t for s in ("/", ">", "»", "::")))
_entries = st.lists(
    st.builds(
        lambda n, title, url, section, tier, label, status, rating, kind, note: _entry(
            n,
            title,
            url,
            section,
            tier=tier,
            tier_label=label,
            status=status,
            rating=rating,
            kind=kind,
            progress_note=note,
        ),
        st.integers(1, 10_000),
        _title,
        st.none() | _words.map(lambda w: "https://example.org/" + w),
        st.lists(_heading, max_size=3).map(tuple),
        st.none() | st.integers(0, 50),
        st.none() | _title.filter(lambda t: t.strip() != ""),
        st.sampled_from(Status),
        st.none() | st.integers(1, 5),
        st.sampled_from(Kind),
        st.none() | _title,
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(_entries)
def test_csv_round_trip(entries: list[Entry]) -> None:
    lst = csvfile.parse(csv_export.export(INFO, entries).encode())
    assert [
        (i.title, i.url, i.section, i.tier, i.status, i.rating, i.kind, i.progress_note) for i in lst.items
    ] == [
        (e.title, e.item.url, e.section, e.tier, e.status, e.rating, e.item.kind, e.progress_note)
        for e in entries
    ]
    # labels: what the list gave, unless tier alone already says it
    assert [i.tier_label for i in lst.items] == [e.tier_label for e in entries]


@settings(max_examples=100, deadline=None)
@given(_entries, st.sampled_from(["json", "toml"]))
def test_native_round_trip(entries: list[Entry], fmt: str) -> None:
    back = native.parse(exporters.export(INFO, entries, fmt).encode())
    assert sorted(back.items, key=repr) == sorted(exporters.entries_to_list(INFO, entries).items, key=repr)
