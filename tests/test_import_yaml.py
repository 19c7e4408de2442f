"""YAML records (Jekyll/Hugo data files, lists kept as YAML): read with the JSON records' rules."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from readinglist.exceptions import ImportFormatError
from readinglist.importers import detect_format, parse, yamlfile

DATA = Path(__file__).resolve().parent / "data" / "yaml"


def test_a_sites_reading_list_data_file() -> None:
    data = (DATA / "papers.yml").read_bytes()
    assert detect_format(data) == detect_format(data, "papers.yml") == "yaml"
    result = parse(data, filename="papers.yml")
    assert [(i.title, i.url, i.author, i.published) for i in result.items[:2]] == [
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", "Vaswani et al.", "2017"),
        (
            "MapReduce: Simplified Data Processing on Large Clusters",
            "https://research.google/pubs/pub62/",
            "Dean & Ghemawat",
            "2004",
        ),
    ]
    assert len(result.items) == 6
    assert result.items[0].note is not None and result.items[0].note.startswith("The foundational paper")
    assert result.items[4].note is None  # Riffle's notes are empty
    assert result.warnings == ()


def test_groups_name_topics_and_dates_read_as_text() -> None:
    text = (
        "NLP:\n"
        "  - name: BERT\n    link: https://arxiv.org/abs/1810.04805\n    date: 2018-10-11\n"
        "Vision:\n"
        "  - name: ViT\n    link: https://arxiv.org/abs/2010.11929\n"
    )
    result = parse(text.encode(), format="yaml")
    assert [(i.title, i.url, i.section) for i in result.items] == [
        ("BERT", "https://arxiv.org/abs/1810.04805", ("NLP",)),
        ("ViT", "https://arxiv.org/abs/2010.11929", ("Vision",)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: [unclosed\n", "not valid YAML"),
        ("- just\n- strings\n", "holds no array of objects"),
        ("!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),  # safe_load: no Python objects
        ("[" * 20_000 + "]" * 20_000, "not valid YAML"),  # nested past the recursion limit
        ("- title: x\n  date: 2017-13-45\n", "not valid YAML"),  # no such date
    ],
)
def test_bad_yaml_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse(text.encode(), format="yaml")


def _cpu(text: str) -> float:
    start = time.process_time()
    parse(text.encode(), format="yaml")
    return time.process_time() - start


def test_an_alias_bomb_costs_what_its_text_does() -> None:
    """Nine levels of ten aliases each name one list a billion times; each object is read once."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 10):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    bomb = "\n".join(levels) + "\npapers:\n  - title: T\n    url: https://e.org/t\n    tags: *a9\n"
    plain = "papers:\n" + "".join(f"  - title: T{i}\n    url: https://e.org/{i}\n" for i in range(40))
    result = parse(bomb.encode(), format="yaml")
    assert [(i.title, i.url) for i in result.items] == [("T", "https://e.org/t")]
    assert _cpu(bomb) <= 10 * min(_cpu(plain) for _ in range(3)) + 0.2


def test_other_texts_are_not_taken_for_yaml() -> None:
    assert (
        yamlfile.sniff(
            "# Papers\n\n- [Attention](https://arxiv.org/abs/1706.03762)\n- [BERT](https://x.org/b)\n"
        )
        == 0
    )
    assert yamlfile.sniff('[{"title": "a", "url": "https://a.org"}]') == 0
    assert yamlfile.sniff("title,url\na,https://a.org\n") == 0
