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
