"""The data types built with :func:`readinglist.types.direct_init`: the same constructor as the dataclass would
generate (names, order, defaults, required fields), and still frozen, comparable and hashable."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from readinglist.types import Entry, Item, Link, direct_init
from readinglist.types_extra import ItemToImport

TYPES = [ItemToImport, Link, Item, Entry]


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_the_parameters_are_the_fields_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, field in zip(params, fields):
        expected = inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        assert param.default == expected, field.name


def test_an_item_keeps_what_it_was_given_positionally_and_by_name() -> None:
    link = Link("video", "https://example.org/v")
    item = ItemToImport("Attention", "https://arxiv.org/abs/1706.03762", ("NLP",), 2, links=(link,), rating=4)
    assert (item.title, item.url, item.section, item.tier, item.links, item.rating) == (
        "Attention",
        "https://arxiv.org/abs/1706.03762",
        ("NLP",),
        2,
        (link,),
        4,
    )
    assert item.note is None and item.new is False and item.read_at is None
    assert item == ItemToImport(title="Attention", url="https://arxiv.org/abs/1706.03762", section=("NLP",), tier=2,
                                links=(link,), rating=4)
    assert hash(item) == hash(dataclasses.replace(item))
    assert dataclasses.replace(item, tier=3).tier == 3 and item.tier == 2
    assert "title='Attention'" in repr(item)


def test_still_frozen_and_strict() -> None:
    item = ItemToImport("A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.title = "B"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ItemToImport()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ItemToImport("A", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ItemToImport("A", title="B")  # type: ignore[misc]


def test_a_default_factory_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        tags: list[str] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default_factory"):
        direct_init(WithFactory)
