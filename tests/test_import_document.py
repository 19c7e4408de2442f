"""The plain-text document importer: the seed articles, written fixtures, and hostile input."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import document
from readinglist.types import Kind, Link, ListToImport

Row = tuple[tuple[str, ...], str, str, Kind | None]


def rows(lst: ListToImport) -> list[Row]:
    return [(i.section, i.title, i.url or "", i.kind) for i in lst.items]


def parse_file(path: Path) -> ListToImport:
    return document.parse(path.read_bytes(), source_url=None)


# --- the seed documents ---------------------------------------------------------------------------------

S1 = "一年前,Latent Space 果断「预言」AI Engineer 正在崛起"
S2 = "Swyx 周年回顾,坚信 AI Engineer 是未来十年需求最旺盛的工程师岗位"
S3 = "所以,你也想成为 AI Engineer 嘛?转型升职成功的大佬这么说…"
S4 = "从招聘者视角谈谈,AI Engineer 的最佳技能组合 1, 2, 3"
S5 = "AI Engineer 的机器学习阅读清单,正所谓技多不压身~"
S6 = "AI Engineer 的面试考察要点,以及资深面试官的「秘密」题库"

SEED_001: list[Row] = [
    ((S1,), "The Rise of the AI Engineer", "https://www.latent.space/p/ai-engineer", None),
    ((S2,), "[Latent Space] 播客共50分钟", "https://www.latent.space/p/high-agency", None),
    (
        (S3,),
        "原文详细介绍了作者做的每一件事情",
        "https://adamfallon.com/2024/07/10/so-you-want-to-become-an-ai-engineer",
        None,
    ),
    (
        (S3, "坚定职业选择的信心"),
        "我如何成为一名机器学习从业者",
        "https://blog.gregbrockman.com/how-i-became-a-machine-learning-practitioner",
        None,
    ),
    (
        (S3, "坚定职业选择的信心"),
        "是时候成为一名机器学习工程师了",
        "https://blog.gregbrockman.com/its-time-to-become-an-ml-engineer",
        None,
    ),
    (
        (S3, "理解机器学习基本概念"),
        "百页机器学习",
        "https://www.amazon.co.uk/Hundred-Page-Machine-Learning-Book/dp/199957950X",
        Kind.BOOK,
    ),
    (
        (S3, "理解机器学习基本概念"),
        "线性代数的本质",
        "https://www.youtube.com/watch?v=kjBOesZCoqc&list=PL0-GT3co4r2y2YErbmuJw2L5tW4Ew2O5B",
        Kind.VIDEO,
    ),
    ((S3, "LLM爆发带来的机会"), "文本是通用接口", "https://scale.com/blog/text-universal-interface", None),
    (
        (S3, "LLM爆发带来的机会"),
        "LLM应用的新兴架构 | Andreessen Horowitz",
        "https://a16z.com/emerging-architectures-for-llm-applications",
        None,
    ),
    (
        (S3, "LLMs及其工作原理介绍"),
        "图解 Transformer | Jay Alammar",
        "https://jalammar.github.io/illustrated-transformer",
        None,
    ),
    (
        (S3, "LLMs及其工作原理介绍"),
        "Attention Is All You Need",
        "https://arxiv.org/pdf/1706.03762",
        Kind.PAPER,
    ),
    (
        (S3, "LLMs及其工作原理介绍"),
        "Andrej Karpathy",
        "https://www.youtube.com/@AndrejKarpathy/videos",
        Kind.VIDEO,
    ),
    (
        (S3, "LLMs及其工作原理介绍"),
        "What Is ChatGPT Doing … and Why Does It Work? | Stephen Wolfram",
        "https://writings.stephenwolfram.com/2023/02/what-is-chatgpt-doing-and-why-does-it-work",
        None,
    ),
    (
        (S3, "微调"),
        "[Episode 1] LLM 实验 (Fine Tuning)",
        "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-1-fine-tuning",
        None,
    ),
    (
        (S3, "向量数据库 + 嵌入"),
        "[Episode 2] LLM 实验 (Memory - Vector DBs and Embeddings)",
        "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-2-memory-vector-dbs-and-embeddings",
        None,
    ),
    ((S4,), "How To Hire AI Engineers", "https://blog.elicit.com/how-to-hire-ai-engineers/", None),
    (
        (S4,),
        "一份值得所有AI企业学习的 JD | AI Engineer",
        "https://elicit.com/careers?ashby_jid=d27d51d7-b318-4cb0-9b88-c37de18905f3",
        None,
    ),
    ((S4,), "[Latent Space] How To Hire AI Engineers", "https://www.latent.space/p/hiring", None),
    ((S5,), "Elicit Machine Learning Reading List", "https://github.com/elicit/machine-learning-list", None),
    (
        (S6,),
        "Eugene Yan 的上一篇文章你一定读过 | What We’ve Learned From A Year of Building with LLMs",
        "https://applied-llms.org/",
        None,
    ),
]

SEED_000: list[Row] = [
    (
        ("最后的话。", "参考文献。"),
        "AI工程师与数据科学家",
        "https://www.youtube.com/watch?v=Vxw0nE1qfZc",
        None,
    ),
]

SEED_002: list[Row] = [
    (
        ("人工智能需求增长与开发者激增",),
        "YCombinator的投资组合",
        "https://www.ycombinator.com/companies?batch=S20&batch=W20&tags=Artificial%20Intelligence&tags=AI"
        "&tags=Generative%20AI&tags=AI%20Assistant&tags=AI-Enhanced%20Learning",
        None,
    ),
    (("为何是现在？",), "AI加速器", "https://aigrant.org/", None),
    (
        ("AI 开发层次",),
        "OpenAI 今年早些时候启动了一个 1000 万美元的超级对齐资助计划。",
        "https://openai.com/blog/superalignment-fast-grants",
        None,
    ),
    # "Chip Huyen" -> https://huyenchip.com/ is the author's home page, not reading (issue 9)
    (("AI 开发层次",), "900 个最受欢迎的开源 AI 工具", "https://huyenchip.com/2024/03/14/ai-oss.html", None),
    (
        ("下一个科技热潮——AI工程师？",),
        "Clem Delangue",
        "https://www.sequoiacap.com/article/clem-delangue-spotlight/",
        None,
    ),
]


def test_seed_001_all_twenty_links_under_their_headings(seeds_dir: Path) -> None:
    lst = parse_file(seeds_dir / "001_cb068ef71396149f.txt")
    assert rows(lst) == SEED_001
    assert len(lst.items) == 20
    assert lst.format == "document"


def test_seed_000_keeps_the_reference_and_drops_the_cover(seeds_dir: Path) -> None:
    lst = parse_file(seeds_dir / "000_5464e60e72586d8f.txt")
    assert rows(lst) == SEED_000
    assert lst.title == "我在10多个AI工程师职位面试中的6个令人惊讶的观察结果"
    assert lst.date == "2024-06-18 00:32:29"


def test_seed_002_paragraph_links_kept_images_dropped_duplicate_once(seeds_dir: Path) -> None:
    lst = parse_file(seeds_dir / "002_afbea8c73ed7a1d1.txt")
    assert rows(lst) == SEED_002
    urls = [i.url or "" for i in lst.items]
    assert not any("cdn-images" in u or "placehold.it" in u for u in urls)
    # the ai-oss post is linked twice in one section (text and quote): kept once, under its first title
    assert urls.count("https://huyenchip.com/2024/03/14/ai-oss.html") == 1


@pytest.mark.parametrize("name", ["003_16b41412fcd15e03.txt", "004_7bcdd1224c4c0dbf.txt"])
def test_seeds_without_reading_links_are_refused(seeds_dir: Path, name: str) -> None:
    with pytest.raises(ImportFormatError, match="has no reading links") as info:
        parse_file(seeds_dir / name)
    assert info.value.format == "document"


# --- written fixtures -----------------------------------------------------------------------------------


def test_further_reading_post(data_dir: Path) -> None:
    lst = parse_file(data_dir / "documents" / "further_reading.txt")
    fr, tr = ("Further reading",), ("Going further on training",)
    assert rows(lst) == [
        (fr, "Attention Is All You Need", "https://arxiv.org/abs/1706.03762", Kind.PAPER),
        (
            fr,
            "The Illustrated Transformer | Jay Alammar",
            "https://jalammar.github.io/illustrated-transformer/",
            None,
        ),
        (
            fr,
            "Let's build GPT: from scratch, in code, spelled out",
            "https://www.youtube.com/watch?v=kCc8FmEb1nY",
            Kind.VIDEO,
        ),
        (fr, "The Annotated Transformer", "https://nlp.seas.harvard.edu/annotated-transformer/", None),
        (tr, "Dive into Deep Learning", "https://d2l.ai/", Kind.BOOK),
        (tr, "[Latent Space] The Four Wars of the AI Stack", "https://www.latent.space/p/dec-2023", None),
        # the same resource in another section is another entry
        (tr, "The Illustrated Transformer", "https://jalammar.github.io/illustrated-transformer", None),
    ]
    annotated = lst.items[3]
    assert annotated.links == (Link("code", "https://github.com/harvardnlp/annotated-transformer"),)
    # "Originally published at" is the post's own address, not an item; share/subscribe/image/footer are gone
    assert lst.source_url == "https://example.blog/2024/05/transformers"
    assert lst.date == "2024-05-02"


def test_bare_urls_and_title_colon_url(data_dir: Path) -> None:
    lst = parse_file(data_dir / "documents" / "bare_urls.txt")
    assert rows(lst) == [
        ((), "arxiv.org/abs/2004.04906", "https://arxiv.org/abs/2004.04906", None),
        ((), "lucene.apache.org/core", "https://lucene.apache.org/core/", None),
        ((), "RAG paper", "https://arxiv.org/abs/2005.11401", None),
        ((), "ColBERT", "https://arxiv.org/abs/2004.12832", None),
        ((), "Sentence-BERT", "https://arxiv.org/abs/1908.10084", None),
        (("Tools",), "github.com/facebookresearch/faiss", "https://github.com/facebookresearch/faiss", None),
        (
            ("Tools",),
            "github.com/stanford-futuredata/ColBERT",
            "https://github.com/stanford-futuredata/ColBERT",
            None,
        ),
        (("Tools",), "retrieval week 3", "https://example.org/slides/retrieval-week-3.pdf", None),
    ]
    # a URL mentioned in a sentence keeps the sentence as its description
    assert lst.items[0].description == (
        "We started with the classic dense retrieval paper, https://arxiv.org/abs/2004.04906, and compared it"
    )
    assert lst.items[-1].description == "For the slides, click here."
    assert lst.source_url == "https://example.org/reading-group/week-3"


def test_a_bare_url_then_what_it_is_keeps_the_words_as_its_description() -> None:
    """Lines of vict0rs.ch/resources ("Useful resources: Deep Learning papers & blog posts", as stored as text): each
    a bare URL followed by what it is. The words were dropped; now they describe the item."""
    text = (
        "Starting with Machine Learning\n\n"
        "http://www.r2d3.us/ A beginner's introduction to machine learning (with decision trees), how it works and "
        "what is at stake.\n\n"
        "https://www.coursera.org/learn/machinelearning Here is Andrew Ng's most famous MOOC on Coursera.\n\n"
        "Attention Is All You Need\nhttps://arxiv.org/abs/1706.03762 - the Transformer paper\n"
    )
    items = document.parse(text.encode()).items
    assert [(i.url, i.title, i.description) for i in items] == [
        (
            "http://www.r2d3.us/",
            "r2d3.us",
            "A beginner's introduction to machine learning (with decision trees), how it works and what is at stake.",
        ),
        (
            "https://www.coursera.org/learn/machinelearning",
            "coursera.org/learn/machinelearning",
            "Here is Andrew Ng's most famous MOOC on Coursera.",
        ),
        ("https://arxiv.org/abs/1706.03762", "Attention Is All You Need", "the Transformer paper"),
    ]


def test_caller_source_url_wins_over_the_documents_own() -> None:
    data = "原文链接: https://mp.example.cn/s?id=1\n\n推荐阅读\n- 好文 → https://example.org/good\n".encode()
    lst = document.parse(data, source_url="https://given.example/x")
    assert lst.source_url == "https://given.example/x"
    assert rows(lst) == [(("推荐阅读",), "好文", "https://example.org/good", None)]


def test_markdown_headings_nest_and_single_h1_is_the_title() -> None:
    text = (
        "# My ML notes\n\nIntro.\n\n## Papers\n\n- [Attention](https://arxiv.org/abs/1706.03762)\n"
        "### Vision\n* [ViT][vit] - images as words\n\n[vit]: https://arxiv.org/abs/2010.11929\n"
        "## Videos\n1. [Karpathy: Zero to Hero](https://karpathy.ai/zero-to-hero.html)\n"
    )
    lst = document.parse(text.encode())
    assert lst.title == "My ML notes"
    assert rows(lst) == [
        (("Papers",), "Attention", "https://arxiv.org/abs/1706.03762", None),
        (("Papers", "Vision"), "ViT", "https://arxiv.org/abs/2010.11929", None),
        (("Videos",), "Karpathy: Zero to Hero", "https://karpathy.ai/zero-to-hero.html", None),
    ]


def test_links_in_code_blocks_and_images_are_not_items() -> None:
    text = (
        "Setup\n```\ncurl https://example.org/install.sh\n```\n"
        "[![badge](https://img.shields.io/x.svg)](https://ci.example.org/build)\n"
        "Read [the guide](https://docs.example.org/guide) first.\n"
    )
    lst = document.parse(text.encode())
    assert rows(lst) == [((), "the guide", "https://docs.example.org/guide", None)]


def test_text_without_links_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="no web links at all"):
        document.parse(b"just some words\nand more words\n")


def test_empty_and_binary_are_refused() -> None:
    with pytest.raises(ImportFormatError):
        document.parse(b"")
    with pytest.raises(ImportFormatError):
        document.parse(b"\x00\x01\x02binary")


def test_sniff() -> None:
    assert document.sniff("no links here") == 0
    assert document.sniff("<!DOCTYPE html><html><a href='https://x.org'>x</a></html>") == 0
    low = document.sniff("see https://example.org")
    high = document.sniff("\n".join(f"Title {n} → https://example.org/{n}" for n in range(8)))
    assert 0 < low < high <= 45
    prose = "\n".join(f"Paragraph {n} about the role, without links." for n in range(25))
    ref = "\nReference: https://example.org/ref\n"
    # prose with a few links is an article: it scores more than the same link alone
    assert document.sniff(prose + ref) == document.sniff(ref) + 15


def test_exported_contract() -> None:
    assert document.NAME == "document"
    assert document.EXTENSIONS == (".txt",)


# --- hostile input --------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "1. ",
        "- ",
        "**",
        "[",
        "]",
        "(",
        ")",
        "![](",
        "https://",
        "http://x",
        "example.org/",
        ".png",
        " → ",
        ": ",
        " - ",
        "\n",
        "\n\n",
        "```",
        "---\n",
        "原文链接: ",
        "Copyright ",
        "[Book] ",
        "<",
        ">",
        "\\",
        "标题",
        "a",
        " ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_random_documents_only_raise_library_errors(text: str) -> None:
    try:
        lst = document.parse(text.encode())
    except ReadingListError:
        return
    assert lst.items
    assert all(i.url and i.url.startswith(("http://", "https://")) and i.title for i in lst.items)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_library_errors(data: bytes) -> None:
    with contextlib.suppress(ReadingListError):
        document.parse(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), junk=st.text(max_size=20))
def test_mutated_fixture_only_raises_library_errors(data_dir: Path, cut: int, junk: str) -> None:
    text = (data_dir / "documents" / "further_reading.txt").read_text(encoding="utf-8")
    mutated = text[:cut] + junk + text[cut + len(junk) :]
    with contextlib.suppress(ReadingListError):
        document.parse(mutated.encode("utf-8", errors="surrogatepass"))


# --- the bundled "AI engineer path" list, built from the seeds with this importer ----------------------

BUNDLED = Path(__file__).resolve().parents[1] / "lists" / "ai-engineer-path.toml"


def _native():  # the native importer is another engineer's module; skip cleanly until it exists
    return pytest.importorskip("readinglist.importers.native")


def test_bundled_path_parses_and_holds_the_twenty_links_of_seed_001(seeds_dir: Path) -> None:
    native = _native()
    shipped = native.parse(BUNDLED.read_bytes())
    seed = parse_file(seeds_dir / "001_cb068ef71396149f.txt")
    by_url = {i.url: i for i in shipped.items}
    assert len(seed.items) == 20
    for item in seed.items:
        kept = by_url[item.url]
        assert kept.kind == item.kind
        # a curriculum: a short topic, the resource's own title, the seed's wording kept as its description
        assert len(kept.section) == 1 and len(kept.section[0]) <= 32
        assert kept.title == item.title or item.title in (kept.description or "")
    assert by_url["https://jalammar.github.io/illustrated-transformer"].title == "The Illustrated Transformer"
    assert by_url["https://jalammar.github.io/illustrated-transformer"].section == ("How LLMs work",)
    assert by_url[
        "https://www.amazon.co.uk/Hundred-Page-Machine-Learning-Book/dp/199957950X"
    ].description == ("百页机器学习")
    assert not any("所以" in "".join(i.section) for i in shipped.items)  # no article sentences as topics
    assert shipped.next_list == "elicit"
    assert "Elicit" in (shipped.description or "")
    assert {i.tier for i in shipped.items} == {1, 2, 3, 4}
    assert by_url["https://www.latent.space/p/ai-engineer"].tier == 1
    assert by_url["https://arxiv.org/pdf/1706.03762"].tier == 2
    assert by_url["https://applied-llms.org/"].tier == 3
    assert by_url["https://blog.elicit.com/how-to-hire-ai-engineers/"].tier == 4
    # the other seeds' real resources are in, their pointers and images are not
    assert "https://huyenchip.com/2024/03/14/ai-oss.html" in by_url
    assert "https://www.youtube.com/watch?v=Vxw0nE1qfZc" in by_url
    assert "https://huyenchip.com/" not in by_url
    assert not any("cdn-images" in (u or "") for u in by_url)


def test_bundled_path_is_what_the_build_script_writes(seeds_dir: Path, tmp_path: Path) -> None:
    _native()
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_ai_engineer_path", BUNDLED.parent / "build_ai_engineer_path.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "path.toml"
    assert module.main(["--seeds", str(seeds_dir), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == BUNDLED.read_text(encoding="utf-8")
