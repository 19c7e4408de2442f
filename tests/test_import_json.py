"""JSON records: arrays of objects read with the CSV importer's column rules (CSL-JSON, read-later exports)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.types import Kind, Status


def test_csl_json_reads_names_dates_types_and_dois(data_dir: Path) -> None:
    data = (data_dir / "json" / "papers.csl.json").read_bytes()
    assert importers.detect_format(data) == "json"
    result = importers.parse(data, filename="papers.json")
    assert result.format == "json"
    got = [(i.title, i.url, i.kind, i.author, i.published) for i in result.items]
    assert got == [
        (
            "Attention Is All You Need",
            "http://arxiv.org/abs/1706.03762",
            Kind.PAPER,
            "Ashish Vaswani, Noam Shazeer, Niki Parmar",
            "2017",
        ),
        (
            "Deep Residual Learning for Image Recognition",
            "https://doi.org/10.1109/CVPR.2016.90",
            Kind.PAPER,
            "Kaiming He, Xiangyu Zhang",
            "2016",
        ),
        (
            "Deep Learning",
            "https://www.deeplearningbook.org/",
            Kind.BOOK,
            "Ian Goodfellow, Yoshua Bengio, Aaron Courville",
            "2016",
        ),
        ("GPT-4 Technical Report", "https://arxiv.org/abs/2303.08774", Kind.PAPER, "OpenAI", "2023"),
    ]
    assert result.items[0].description.startswith("The dominant sequence transduction models")


def test_records_under_a_key_with_topics_tiers_and_tags() -> None:
    doc = {
        "items": [
            {
                "title": "The Illustrated Transformer",
                "url": "https://jalammar.github.io/illustrated-transformer/",
                "topic": "Transformers",
                "tier": 1,
                "tags": ["nlp", "visual"],
            },
            {
                "name": "BERT",
                "link": "https://arxiv.org/abs/1810.04805",
                "category": "Transformers / Encoders",
                "level": "Tier 2",
                "read": True,
            },
        ]
    }
    result = importers.parse(json.dumps(doc).encode(), filename="export.json")
    assert [(i.title, i.url, i.section, i.tier) for i in result.items] == [
        (
            "The Illustrated Transformer",
            "https://jalammar.github.io/illustrated-transformer/",
            ("Transformers",),
            1,
        ),
        ("BERT", "https://arxiv.org/abs/1810.04805", ("Transformers", "Encoders"), 2),
    ]
    assert [i.status for i in result.items] == [None, Status.READ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2, 3]", "holds no array of objects"),
        (b'[{"foo": 1}]', "no record has a title or URL"),
        (b'[{"title": ', "not valid JSON"),
    ],
)
def test_bad_records_say_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        importers.parse(data, filename="x.json")


def test_toml_tables_are_not_json_arrays() -> None:
    toml = (
        b'format = "readinglist"\nformat_version = 1\n\n[[items]]\ntitle = "A"\nurl = "https://a.example/"\n'
    )
    assert importers.detect_format(toml, "list.json") == "readinglist"
    assert importers.scores(b"[items]\ntitle = 'x'\n")["json"] == 0


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "title",
                        "url",
                        "URL",
                        "DOI",
                        "author",
                        "issued",
                        "date-parts",
                        "tier",
                        "topic",
                        "tags",
                        "family",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_any_json_only_raises_readinglist_errors(doc: object) -> None:
    with contextlib.suppress(ReadingListError):
        importers.parse(json.dumps([doc]).encode(), format="json")


def test_records_nested_under_named_groups_take_the_groups_as_topics(data_dir: Path) -> None:
    data = (data_dir / "json" / "devbreak_data.json").read_bytes()
    assert importers.detect_format(data, "data.json") == "json"
    result = importers.parse(data, filename="data.json")
    got = [(i.url, i.section, i.description) for i in result.items]
    assert got == [
        ("http://coolors.co/", ("Web design", "Tools"), "The super fast color schemes generator"),
        ("http://flatuicolors.com/", ("Web design", "Tools"), "Copy Paste Color Pallette from Flat UI Theme"),
        (
            "http://flatuicolors.com/",
            ("Web design", "Mockup"),
            "Copy Paste Color Pallette from Flat UI Theme",
        ),
        ("http://coolors.co/", ("Web design", "Extensions"), "The super fast color schemes generator"),
    ]


def test_group_keys_name_topics_and_records_keep_their_own_topic_below() -> None:
    doc = {
        "NLP": [
            {
                "title": "Attention Is All You Need",
                "url": "https://arxiv.org/abs/1706.03762",
                "topic": "Transformers",
            },
            {"title": "BERT", "url": "https://arxiv.org/abs/1810.04805"},
        ],
        "categories": [  # a container word: no topic of its own
            {"label": "Vision", "items": [{"name": "ResNet", "link": "https://arxiv.org/abs/1512.03385"}]},
            {"items": [{"title": "Unnamed group's paper", "doi": "10.1000/xyz"}]},
        ],
        "home": {"title": "Site", "url": "#top"},  # an anchor is no web link: neither item nor group
    }
    data = json.dumps(doc).encode()
    assert importers.detect_format(data) == "json"
    got = [(i.title, i.section) for i in importers.parse(data).items]
    assert got == [
        ("Attention Is All You Need", ("NLP", "Transformers")),
        ("BERT", ("NLP",)),
        ("ResNet", ("Vision",)),
        ("Unnamed group's paper", ()),
    ]


def test_a_record_with_a_link_of_its_own_is_never_a_group() -> None:
    """Flat records with nested link objects (extra links, CSL authors) stay one item each, read as before."""
    records = [
        {
            "title": "Paper A",
            "url": "https://ex.org/a",
            "links": [{"title": "code", "url": "https://ex.org/a-code"}],
        },
        {"title": "Paper B", "url": "https://ex.org/b", "author": [{"family": "Doe", "given": "Jo"}]},
    ]
    got = [(i.title, i.url, i.section) for i in importers.parse(json.dumps(records).encode()).items]
    assert got == [("Paper A", "https://ex.org/a", ()), ("Paper B", "https://ex.org/b", ())]


def test_groups_nested_past_the_limit_are_reported_not_dropped_in_silence() -> None:
    from readinglist.importers.records import MAX_GROUP_DEPTH

    deep: object = [{"title": "Deep paper", "url": "https://ex.org/deep"}]
    for level in range(MAX_GROUP_DEPTH):
        deep = {"name": f"g{level}", "items": deep}
    doc = {"Shallow": [{"title": "Shallow paper", "url": "https://ex.org/shallow"}], "Deep": deep}
    result = importers.parse(json.dumps(doc).encode(), format="json")
    assert [i.title for i in result.items] == ["Shallow paper"]
    assert any("nested deeper than" in w for w in result.warnings)


def test_read_later_exports_give_their_read_state() -> None:
    """wallabag (``is_archived``) and Omnivore (``state``: ``ARCHIVED`` read, ``SUCCEEDED`` saved and unread)."""
    wallabag = [
        {"is_archived": 1, "is_starred": 0, "tags": ["ml"], "title": "A", "url": "https://ex.org/a"},
        {"is_archived": 0, "title": "B", "url": "https://ex.org/b", "content": "<p>the page</p>"},
    ]
    omnivore = [
        {"title": "C", "url": "https://ex.org/c", "state": "ARCHIVED", "labels": [{"name": "rl"}]},
        {"title": "D", "url": "https://ex.org/d", "state": "SUCCEEDED"},
    ]
    for records, expected in ((wallabag, [Status.READ, Status.UNREAD]), (omnivore, [Status.READ, Status.UNREAD])):
        result = importers.parse(json.dumps(records).encode())
        assert [i.status for i in result.items] == expected and result.warnings == ()


def test_pinboard_bookmarks_name_their_title_description() -> None:
    """Pinboard's JSON export (the API's posts/all shape, Delicious' before it): ``description`` is the title,
    ``extended`` the description, ``toread: "yes"`` a bookmark waiting to be read."""
    posts = [
        {
            "href": "https://ex.org/a",
            "description": "A title",
            "extended": "Notes about it",
            "meta": "5f0e",
            "hash": "a1b2",
            "time": "2020-01-01T00:00:00Z",
            "shared": "no",
            "toread": "yes",
            "tags": "ml rl",
        },
        {"href": "https://ex.org/b", "description": "B title", "extended": "", "toread": "no", "tags": ""},
    ]
    result = importers.parse(json.dumps(posts).encode())
    assert [(i.title, i.url, i.description, i.status) for i in result.items] == [
        ("A title", "https://ex.org/a", "Notes about it", Status.UNREAD),
        ("B title", "https://ex.org/b", None, None),
    ]
