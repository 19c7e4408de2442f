"""The lists that ship with readinglist: in our own format, rebuilt by our own importer, importable offline."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

import readinglist
from readinglist import sources
from readinglist.importers import markdown, native

LISTS = Path(__file__).resolve().parents[1] / "lists"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, LISTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_names() -> None:
    assert {"elicit", "ai-engineer-path"} <= set(sources.bundled_names())


def test_bundled_elicit_records_its_source_and_has_the_whole_list() -> None:
    lst = native.parse((LISTS / "elicit.toml").read_bytes())
    assert (lst.name, lst.source_url, lst.revision, lst.date) == (
        "elicit",
        "https://github.com/elicit/machine-learning-list",
        "e505c96",
        "2025-11-26",
    )
    assert len(lst.items) == 355
    assert len({i.section for i in lst.items}) == 24
    assert Counter(i.tier for i in lst.items) == {1: 20, 2: 63, 3: 89, 4: 183}


def test_bundled_elicit_is_what_our_importer_makes_of_the_upstream_file(elicit_newest: Path) -> None:
    build = _load_script("build_elicit")
    assert build.build(elicit_newest) == (LISTS / "elicit.toml").read_text(encoding="utf-8")
    upstream = markdown.parse(elicit_newest.read_bytes())
    shipped = native.parse((LISTS / "elicit.toml").read_bytes())
    fields = ("title", "url", "section", "tier", "tier_label", "note", "links", "new")
    assert [tuple(getattr(i, f) for f in fields) for i in shipped.items] == [
        tuple(getattr(i, f) for f in fields) for i in upstream.items
    ]


def test_import_bundled_lists_offline_and_share_progress(tmp_path: Path) -> None:
    with readinglist.open(tmp_path / "b.db") as lib:
        result = lib.import_list("elicit")
        assert (result.list.name, result.entries, result.topics) == ("elicit", 355, 24)
        path = lib.import_list("ai-engineer-path")
        assert path.list.next_list == "elicit"
        # The seed article cites arxiv.org/pdf/1706.03762; Elicit lists arxiv.org/abs/1706.03762.
        lib.mark("https://arxiv.org/pdf/1706.03762", "read", list="ai-engineer-path")
        [in_elicit] = [e for e in lib.entries("elicit") if e.title == "Attention Is All You Need"]
        assert in_elicit.status is readinglist.Status.READ
        first = lib.next(1, list="elicit")[0]
        assert first.entry.tier == 1 and first.reason.startswith("Tier 1 of Introduction to machine learning")


@pytest.mark.parametrize("name", ["elicit", "ai-engineer-path"])
def test_reimporting_a_bundled_list_is_up_to_date(tmp_path: Path, name: str) -> None:
    with readinglist.open(tmp_path / "b.db") as lib:
        lib.import_list(name)
        again = lib.import_list(name)
        assert again.created is False
