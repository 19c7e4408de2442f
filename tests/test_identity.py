"""Which resource an imported line is: canonical URL first, the title when one list gives a URL two titles."""

from __future__ import annotations

from readinglist.identity import Existing, assign, resource_key, title_key
from readinglist.types import ItemToImport

GOPHER_URL = "https://arxiv.org/abs/2112.11446"
OPT = "OPT: Open Pre-trained Transformer Language Models"
GOPHER = "Scaling Language Models: Methods, Analysis & Insights from Training Gopher"


def test_title_key_ignores_case_punctuation_width_and_kind_tags() -> None:
    assert title_key("The Illustrated Transformer") == "theillustratedtransformer"
    assert title_key("  the illustrated-transformer!! ") == "theillustratedtransformer"
    assert title_key("[Paper] Attention Is All You Need") == title_key("Attention is all you need")
    assert title_key("ＡＢＣ") == "abc"  # full-width letters (NFKC)
    assert title_key("图解 Transformer") == "图解transformer"
    assert title_key("") == ""


def test_resource_key_is_the_canonical_url_or_the_title() -> None:
    assert resource_key("https://arxiv.org/pdf/1706.03762", "x") == "https://arxiv.org/abs/1706.03762"
    assert resource_key("http://jalammar.github.io/illustrated-transformer/", "x") == resource_key(
        "https://jalammar.github.io/illustrated-transformer", "y"
    )
    assert resource_key(None, "A Book Without A Link") == "title:abookwithoutalink"
    assert resource_key("   ", "A Book") == "title:abook"


def items(*pairs: tuple[str, str | None]) -> list[ItemToImport]:
    return [ItemToImport(title, url) for title, url in pairs]


def test_a_new_list_same_url_two_titles_gives_two_resources() -> None:
    plan = assign(items((OPT, GOPHER_URL), (GOPHER, GOPHER_URL), (OPT, GOPHER_URL)), [])
    assert [p[2] for p in plan] == [None, None, None]  # nothing exists yet
    groups = [p[3] for p in plan]
    assert groups[0] == groups[2] != groups[1]  # OPT twice is one resource; Gopher another


def test_across_lists_the_url_wins_even_with_another_title() -> None:
    existing = [
        Existing(7, "https://jalammar.github.io/illustrated-transformer", "theillustratedtransformer")
    ]
    plan = assign(
        items(("图解 Transformer | Jay Alammar", "https://jalammar.github.io/illustrated-transformer")),
        existing,
    )
    assert plan[0][2] == 7


def test_two_titles_each_find_their_own_resource() -> None:
    existing = [Existing(1, GOPHER_URL, title_key(OPT)), Existing(2, GOPHER_URL, title_key(GOPHER))]
    plan = assign(items((GOPHER, GOPHER_URL), (OPT, GOPHER_URL)), existing)
    assert [p[2] for p in plan] == [2, 1]
    # One title only: the resource with that title, not merely the oldest.
    assert assign(items((GOPHER, GOPHER_URL)), existing)[0][2] == 2
    # One unknown title: the oldest resource with the URL.
    assert assign(items(("Gopher (retitled)", GOPHER_URL)), existing)[0][2] == 1


def test_a_retitled_pair_reuses_unclaimed_resources_in_order_then_creates() -> None:
    existing = [Existing(1, GOPHER_URL, title_key(OPT))]
    plan = assign(items(("Gopher", GOPHER_URL), ("Chinchilla", GOPHER_URL), (OPT, GOPHER_URL)), existing)
    # OPT claims 1; the other two titles find nothing spare and become new resources.
    assert [p[2] for p in plan] == [None, None, 1]
    assert len({plan[0][3], plan[1][3]}) == 2
    existing = [Existing(1, GOPHER_URL, "oldtitle"), Existing(2, GOPHER_URL, "othertitle")]
    plan = assign(items(("A", GOPHER_URL), ("B", GOPHER_URL), ("C", GOPHER_URL)), existing)
    assert [p[2] for p in plan] == [1, 2, None]


def test_items_without_urls_are_matched_by_title() -> None:
    existing = [Existing(3, "title:deeplearning", "deeplearning")]
    plan = assign(items(("Deep Learning", None), ("deep-learning", None), ("Other Book", None)), existing)
    assert [p[2] for p in plan] == [3, 3, None]
    assert plan[0][0] == "title:deeplearning"


def test_the_real_seed_article_and_the_elicit_list_share_two_resources(elicit_newest, seeds_dir) -> None:
    import readinglist

    with readinglist.open(":memory:") as lib:
        lib.import_list(elicit_newest, name="elicit")
        seed = lib.import_list(seeds_dir / "001_cb068ef71396149f.txt", name="seed")
        assert (seed.entries, seed.resources_new) == (20, 18)
        elicit_ids = {e.item.id for e in lib.entries("elicit")}
        shared = [(e.title, e.item.title) for e in lib.entries("seed") if e.item.id in elicit_ids]
        assert shared == [
            ("图解 Transformer | Jay Alammar", "The Illustrated Transformer"),
            ("Attention Is All You Need", "Attention Is All You Need"),
        ]
        lib.mark("https://arxiv.org/pdf/1706.03762", "read", list="seed")
        lib.mark("图解 Transformer", "read", list="seed")
        read = [e.title for e in lib.entries("elicit", status="read")]
        assert read == ["The Illustrated Transformer", "Attention Is All You Need"]
