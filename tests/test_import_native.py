"""The native format: reading the documented examples, validation messages, JSON/TOML round trips."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, InvalidArgumentError, ReadingListError
from readinglist.importers import native
from readinglist.types import ItemToImport, Kind, Link, ListToImport, Status

EXPECTED_ITEMS = (
    ItemToImport(
        title="How to read a paper",
        url="https://web.stanford.edu/class/ee384m/Handouts/HowtoReadPaper.pdf",
        kind=Kind.PAPER,
    ),
    ItemToImport(
        title="Attention Is All You Need",
        url="https://arxiv.org/abs/1706.03762",
        section=("Fundamentals", "Transformers"),
        tier=1,
        note="Vaswani et al.",
        links=(Link("video", "https://www.youtube.com/watch?v=iDulhoQ2pro"),),
        status=Status.READ,
        rating=5,
        progress_note="Reread section 3.",
    ),
    ItemToImport(
        title="The Annotated Transformer",
        url="http://nlp.seas.harvard.edu/annotated-transformer/",
        section=("Fundamentals", "Transformers"),
        tier=4,
        tier_label="Tier 4+",
        new=True,
    ),
)


@pytest.mark.parametrize("name", ["example.toml", "example.json"])
def test_documented_example(data_dir: Path, name: str) -> None:
    lst = native.parse((data_dir / "native" / name).read_bytes())
    assert lst.items == EXPECTED_ITEMS
    assert (lst.name, lst.title, lst.next_list) == ("ml-basics", "ML basics", "elicit")
    assert lst.description == "Start with the tier 1 items of every topic."
    assert (lst.source_url, lst.revision, lst.date) == (
        "https://github.com/example/ml-basics",
        "24bebc9",
        "2024-04-10",
    )
    assert lst.sections == (("Fundamentals",), ("Fundamentals", "Transformers"), ("Empty for now",))
    assert (lst.format, lst.warnings) == ("readinglist", ())


def test_the_docs_show_the_same_example(data_dir: Path) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "FORMAT.md").read_text(encoding="utf-8")
    assert (data_dir / "native" / "example.toml").read_text(encoding="utf-8").strip() in docs


def test_dumps_omits_empty_values() -> None:
    lst = ListToImport(items=(ItemToImport(title="A", url="https://a.example/", new=False, note=""),))
    assert json.loads(native.dumps(lst)) == {
        "format": "readinglist",
        "format_version": 1,
        "items": [{"title": "A", "url": "https://a.example/"}],
    }
    assert native.dumps(lst, format="toml").splitlines()[:2] == [
        'format = "readinglist"',
        "format_version = 1",
    ]
    with pytest.raises(InvalidArgumentError):
        native.dumps(lst, format="yaml")


def _doc(**item: object) -> bytes:
    body = {
        "format": "readinglist",
        "format_version": 1,
        "sections": [{"title": "A"}, {"title": "B"}, {"title": "C", "items": [{"title": "x"}] * 5 + [item]}],
    }
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"title": "t", "tier": "one"}, "sections[2].items[5].tier must be an integer"),
        ({"title": "t", "tier": True}, "sections[2].items[5].tier must be an integer"),
        ({"title": "t", "tier": -1}, "sections[2].items[5].tier must be an integer of at least 0, not -1"),
        ({"title": "t", "rating": 9}, "sections[2].items[5].rating must be an integer from 1 to 5, not 9"),
        (
            {"title": "t", "status": "done"},
            "sections[2].items[5].status must be one of unread, reading, read, skipped",
        ),
        ({"title": "t", "kind": "novel"}, "sections[2].items[5].kind must be one of paper"),
        ({"title": 3}, "sections[2].items[5].title must be a string, not an integer"),
        ({"note": "no title"}, "sections[2].items[5] needs a title or a url"),
        ({"title": "t", "links": [{"title": "v"}]}, "sections[2].items[5].links[0].url is missing"),
        ({"title": "t", "links": "x"}, "sections[2].items[5].links must be a list, not str"),
        ({"title": "t", "new": "yes"}, "sections[2].items[5].new must be true or false"),
    ],
)
def test_validation_names_the_path(item: dict, message: str) -> None:
    with pytest.raises(ImportFormatError) as err:
        native.parse(_doc(**item))
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": "something-else"}', 'needs format = "readinglist"'),
        (b'{"format": "readinglist", "format_version": 2}', "newer readinglist"),
        (b'{"format": "readinglist", "sections": {"title": "x"}}', "sections must be a list, not a table"),
        (b'{"format": "readinglist", "sections": [{"items": []}]}', "sections[0].title is missing"),
        (b'{"format": "readinglist",', "not valid JSON"),
        (b'format = "readinglist"\nitems = [', "not valid TOML"),
        (b"[" * 100000, "not valid TOML"),
        (b"{" + b'"a":[' * 100000, "JSON"),
        (b"", "empty"),
    ],
)
def test_bad_documents(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as err:
        native.parse(data)
    assert message in str(err.value)


def test_retired_and_unknown_keys_warn() -> None:
    data = b'format = "readinglist"\n[[items]]\ntitle = "A"\nretired = true\nstars = 3\n'
    lst = native.parse(data)
    assert [(i.title, i.retired) for i in lst.items] == [("A", True)]
    assert lst.warnings == ("unknown item keys ignored: stars",)


def test_sniff() -> None:
    assert native.sniff('format = "readinglist"\nformat_version = 1\n') == 95
    assert native.sniff('{\n  "format": "readinglist"}') == 95
    assert native.sniff('{"a": 1}') == 0
    assert native.sniff("title,url\n") == 0


# --- round trips -------------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
_opt = st.none() | _text
_section = st.lists(st.sampled_from(["Basics", "Deep", "RL", "数学", "A / B"]), max_size=3).map(tuple)
_items = st.builds(
    ItemToImport,
    title=_text,
    url=st.none() | st.just("https://example.org/") | _text.map(lambda t: "https://x.example/" + t),
    section=_section,
    tier=st.none() | st.integers(0, 10_000),
    tier_label=_opt,
    note=_opt,
    description=_opt,
    links=st.lists(st.builds(Link, title=st.text(max_size=5), url=_text), max_size=2).map(tuple),
    new=st.booleans(),
    kind=st.none() | st.sampled_from(Kind),
    author=_opt,
    published=_opt,
    status=st.none() | st.sampled_from(Status),
    rating=st.none() | st.integers(1, 5),
    progress_note=_opt,
)
_lists = st.builds(
    ListToImport,
    items=st.lists(_items, max_size=8).map(tuple),
    title=_opt,
    name=_opt,
    description=_opt,
    sections=st.lists(_section.filter(bool), max_size=3).map(tuple),
    source_url=_opt,
    revision=_opt,
    date=_opt,
    next_list=_opt,
)


def _normalised(lst: ListToImport) -> ListToImport:
    """What a native file holds: a tree, so sections in pre-order and items grouped by section, root first."""
    first = {path: n for n, path in enumerate(lst.section_order())}
    tree = sorted(first, key=lambda p: tuple(first[p[:d]] for d in range(1, len(p) + 1)))
    order = {path: n for n, path in enumerate(tree)}
    items = sorted(lst.items, key=lambda i: order.get(i.section, -1))
    return ListToImport(
        items=tuple(items),
        title=lst.title,
        name=lst.name,
        description=lst.description,
        sections=tuple(tree),
        source_url=lst.source_url,
        revision=lst.revision,
        date=lst.date,
        next_list=lst.next_list,
        format="readinglist",
    )


@settings(max_examples=200, deadline=None)
@given(_lists, st.sampled_from(["json", "toml"]))
def test_round_trip(lst: ListToImport, fmt: str) -> None:
    text = native.dumps(lst, format=fmt)
    assert native.parse(text.encode("utf-8")) == _normalised(lst)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_documents_only_raise_readinglist_errors(data: st.DataObject) -> None:
    raw = bytearray(
        (
            Path(__file__).parent
            / "data"
            / "native"
            / data.draw(st.sampled_from(["example.toml", "example.json"]))
        ).read_bytes()
    )
    for _ in range(data.draw(st.integers(1, 5))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    with contextlib.suppress(ReadingListError):
        native.parse(bytes(raw))


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["format", "items", "sections", "title", "url", "tier", "links", "source", "status"]
                ),
                c,
                max_size=4,
            )
        ),
    )
)
def test_arbitrary_json_shapes_only_raise_readinglist_errors(value: object) -> None:
    doc = value if not isinstance(value, dict) else {**value, "format": "readinglist"}
    with contextlib.suppress(ReadingListError):
        native.loads_document(doc)  # type: ignore[arg-type]
