"""Hostile input: both engines refuse exactly the same values, with a ReadingListError naming the field.

NUL characters, lone surrogates (undecodable command-line bytes) and whole numbers that do not fit 32 bits are
refused before storage; hypothesis then throws hostile strings and numbers at every public call and checks that
nothing but :class:`ReadingListError` comes out.
"""

from __future__ import annotations

import contextlib
import os

import pg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import readinglist
from readinglist import InvalidArgumentError, ItemToImport, ListToImport, ReadingListError

EXAMPLES = int(os.environ.get("READINGLIST_FUZZ_EXAMPLES", "60"))

BAD = {
    "NUL in a title": dict(title="Attention\x00 Is All"),
    "surrogate in a title": dict(title="Attention \udcff"),
    "NUL in a note": dict(note="a\x00b"),
    "surrogate in a topic": dict(section=("Topic \ud800",)),
    "NUL in a URL": dict(url="https://example.org/\x00"),
    "tier 2**31": dict(tier=2**31),
    "tier 2**63": dict(tier=2**63),
    "negative huge tier": dict(tier=-(2**40)),
    "float tier": dict(tier=1.5),
}


def _one(**fields: object) -> ListToImport:
    base = dict(title="Attention Is All You Need", url="https://arxiv.org/abs/1706.03762", section=("T",), tier=1)
    return ListToImport(items=(ItemToImport(**{**base, **fields}),), name="one")  # type: ignore[arg-type]


@pytest.mark.parametrize("fields", list(BAD.values()), ids=list(BAD))
def test_both_engines_refuse_the_same_items_and_store_nothing(lib, db_url: str, fields: dict) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgumentError) as caught:
        lib.import_list(_one(**fields))
    message = str(caught.value)
    assert message.startswith("item 1 (") and len(message) < 300 and "\n" not in message
    assert pg.query(db_url, "SELECT count(*) FROM lists") == [(0,)]


def test_the_largest_32_bit_tier_is_stored_on_both_engines(lib) -> None:  # type: ignore[no-untyped-def]
    lib.import_list(_one(tier=2**31 - 1))
    assert [e.tier for e in lib.entries()] == [2**31 - 1]


@pytest.mark.parametrize(
    "call",
    [
        lambda lib: lib.import_list(_one(), name="bad\x00name"),
        lambda lib: lib.import_list(_one(), name="bad \udcff name"),
        lambda lib: lib.mark("Attention", "read", note="x\x00"),
        lambda lib: lib.mark("Attention", "read", note="\udcff"),
        lambda lib: lib.mark("Attention \udcff", "read"),
        lambda lib: lib.mark(2**63, "read"),
        lambda lib: lib.mark("99999999999999999999", "read"),
        lambda lib: lib.mark("²", "read"),
        lambda lib: lib.entries(tier=2**63),
        lambda lib: lib.entries(tier="Tier 99999999999"),
        lambda lib: lib.add_feed("https://example.org/feed\x00", list="inbox"),
        lambda lib: lib.add_feed("https://example.org/feed", list="in\udcffbox"),
        lambda lib: lib.get_list("x\x00"),
    ],
)
def test_bad_arguments_to_public_calls_are_invalid_argument_errors(lib, db_url: str, call) -> None:  # type: ignore[no-untyped-def]
    lib.import_list(_one())
    before = pg.dump(db_url)
    with pytest.raises(ReadingListError):
        call(lib)
    assert pg.dump(db_url) == before


def test_a_profile_name_that_cannot_be_stored_is_refused(db_url: str) -> None:
    for profile in ("me\x00", "me\udcff"):
        with pytest.raises(InvalidArgumentError, match="profile name"):
            readinglist.open(db_url, profile=profile)


def test_a_huge_tier_in_a_markdown_file_is_refused_not_an_overflow(lib, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "list.md"
    path.write_text("# L\n\n## Tier 99999999999999999999\n\n- [A](https://a.example/)\n- [B](https://b.example/)\n")
    try:
        lib.import_list(path)
    except ReadingListError as exc:
        assert "tier" in str(exc).lower()
    else:  # an importer may read an absurd tier as no tier at all; what it must not do is crash
        assert all(e.tier is None or e.tier < 2**31 for e in lib.entries())


# --- fuzzing every public call ------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=30),  # includes lone surrogates and NUL
    st.sampled_from(["", " ", "\x00", "\udcff", "1", "2147483648", "²", "Tier 4+", "untiered", "read", "-1"]),
)
hostile_number = st.one_of(
    st.integers(), st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, -(2**63) - 1]), st.booleans()
)
maybe_text = st.one_of(st.none(), hostile_text)
text_or_number = st.one_of(hostile_text, hostile_number)


def _call(fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(ReadingListError):
        fn(*args, **kwargs)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=hostile_text,
    url=maybe_text,
    topic=hostile_text,
    tier=st.one_of(st.none(), hostile_number),
    note=maybe_text,
    name=hostile_text,
    text=hostile_text,
    other=maybe_text,
    mixed=text_or_number,
    number=hostile_number,
)
def test_public_api_raises_only_reading_list_errors(  # type: ignore[no-untyped-def]
    lib, title, url, topic, tier, note, name, text, other, mixed, number
) -> None:
    """Strings where the API takes text, numbers where it takes numbers: only ReadingListError comes out."""
    item = ItemToImport(title=title, url=url, section=(topic,), tier=tier, note=note)
    _call(lib.import_list, ListToImport(items=(item,), name=name))
    _call(lib.import_list, ListToImport(items=(item,)), name=text)
    _call(lib.mark, mixed, text, note=other)
    _call(lib.mark, title, "reading", rating=number)
    _call(lib.mark_many, "read", list=other, topic=text, tier=mixed)
    _call(lib.find, mixed)
    _call(lib.entries, other, topic=text, tier=mixed)
    _call(lib.entries, status=text, kind=other)
    _call(lib.next, number, tier=mixed, strategy=text)
    _call(lib.progress, other)
    _call(lib.get_list, text)
    _call(lib.export, name, format=text)
    _call(lib.history, text)
    _call(lib.add_feed, text, list=name, tier=mixed, include=other, title=other)
    _call(lib.remove_feed, text)
    _call(lib.remove_list, text)
    _call(lib.undo)


# --- CSV export: formula cells are neutralised -------------------------------------------------------------

FORMULAS = ('=HYPERLINK("https://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "=1+1")


def test_csv_export_neutralises_formula_cells_and_reimports_them_unchanged(lib) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    items = tuple(
        ItemToImport(f, f"https://example.org/{n}", (f"{f} topic",), 1, note=f) for n, f in enumerate(FORMULAS)
    )
    lib.import_list(ListToImport(items=items, name="evil"))
    text = lib.export("evil", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(FORMULAS)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert {r["title"] for r in rows} >= {"'=1+1", "'@SUM(A1:A2)", "'-2+3"}
    # The generic CSV importer reads the neutralised cells back as they were.
    from readinglist.importers import csvfile

    back = csvfile.parse(text.encode())
    assert sorted(i.title for i in back.items) == sorted(" ".join(f.split()) for f in FORMULAS)
