"""Build ``lists/ai-engineer-path.toml``: an "AI engineer path" for a newcomer, from the seed articles.

The links come from the seed documents in ``../shared/seeds`` read with the project's own document importer
(:mod:`readinglist.importers.document`), so titles, kinds and topics are exactly what the importer finds; this script
only adds the reading order: a small explicit table that puts each resource in a tier.

* Tier 1, the role: why AI engineers exist and what they do.
* Tier 2, foundations: ML basics, linear algebra, how LLMs and transformers work.
* Tier 3, building: fine-tuning, vector databases and embeddings, lessons from building with LLMs.
* Tier 4, hiring and career: how teams hire AI engineers, a real job description, what to read next.

Topics are short curriculum names (:data:`CURRICULUM`: "The role", "How LLMs work", "Fine-tuning"...) and each
resource carries its own title; the seed's wording for it (Chinese, a sentence, a person's name) is its description.
Every link of seed 001 is kept; a link of another seed is kept only when the table below names it
(a company directory, a grant programme's home page or a person's home page is not a resource to read).

Run from the project root: ``python lists/build_ai_engineer_path.py [--seeds ../shared/seeds] [--out FILE]``.
The output is deterministic: running it again on the same seeds gives the same file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from readinglist.importers import document, native
from readinglist.types import ItemToImport, ListToImport

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"
DEFAULT_OUT = HERE / "ai-engineer-path.toml"

MAIN_SEED = "001_cb068ef71396149f.txt"
"""The seed whose every link is in the path (the ShowMeAI digest of AI-engineer articles)."""

OTHER_SEEDS = ("000_5464e60e72586d8f.txt", "002_afbea8c73ed7a1d1.txt")
"""Seeds whose links are kept only when :data:`TIERS` names them; they sit under the article's title."""

TIER_LABELS = {
    1: "Tier 1: the AI engineer role",
    2: "Tier 2: foundations",
    3: "Tier 3: building with LLMs",
    4: "Tier 4: hiring, career and what next",
}

TIERS: dict[str, int] = {
    # Tier 1: why and what of the role
    "https://www.latent.space/p/ai-engineer": 1,
    "https://www.latent.space/p/high-agency": 1,
    "https://adamfallon.com/2024/07/10/so-you-want-to-become-an-ai-engineer": 1,
    "https://blog.gregbrockman.com/how-i-became-a-machine-learning-practitioner": 1,
    "https://blog.gregbrockman.com/its-time-to-become-an-ml-engineer": 1,
    "https://www.youtube.com/watch?v=Vxw0nE1qfZc": 1,  # 000: AI engineer vs data scientist
    "https://www.sequoiacap.com/article/clem-delangue-spotlight/": 1,  # 002: "AI is the new paradigm"
    # Tier 2: foundations
    "https://www.amazon.co.uk/Hundred-Page-Machine-Learning-Book/dp/199957950X": 2,
    "https://www.youtube.com/watch?v=kjBOesZCoqc&list=PL0-GT3co4r2y2YErbmuJw2L5tW4Ew2O5B": 2,
    "https://scale.com/blog/text-universal-interface": 2,
    "https://a16z.com/emerging-architectures-for-llm-applications": 2,
    "https://jalammar.github.io/illustrated-transformer": 2,
    "https://arxiv.org/pdf/1706.03762": 2,
    "https://www.youtube.com/@AndrejKarpathy/videos": 2,
    "https://writings.stephenwolfram.com/2023/02/what-is-chatgpt-doing-and-why-does-it-work": 2,
    # Tier 3: building
    "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-1-fine-tuning": 3,
    "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-2-memory-vector-dbs-and-embeddings": 3,
    "https://applied-llms.org/": 3,
    "https://huyenchip.com/2024/03/14/ai-oss.html": 3,  # 002: the AI open-source landscape
    # Tier 4: hiring, career, and the next list
    "https://blog.elicit.com/how-to-hire-ai-engineers/": 4,
    "https://elicit.com/careers?ashby_jid=d27d51d7-b318-4cb0-9b88-c37de18905f3": 4,
    "https://www.latent.space/p/hiring": 4,
    "https://github.com/elicit/machine-learning-list": 4,
    "https://openai.com/blog/superalignment-fast-grants": 4,  # 002: where the field is heading (alignment)
}
"""URL -> tier. Links of other seeds not named here are left out: 002's YCombinator portfolio filter, the
aigrant.org home page and Chip Huyen's home page are pointers, not things to read."""

CURRICULUM: dict[str, tuple[str, str]] = {
    # URL -> (short topic, the resource's own title in its own language). The seed's wording for the link (a
    # Chinese translation, a sentence, a person's name) is kept as the item's description.
    "https://www.latent.space/p/ai-engineer": ("The role", "The Rise of the AI Engineer"),
    "https://www.latent.space/p/high-agency": (
        "The role",
        "swyx on High Agency: the AI Engineer a year later",
    ),
    "https://www.youtube.com/watch?v=Vxw0nE1qfZc": ("The role", "AI Engineer vs Data Scientist"),
    "https://www.sequoiacap.com/article/clem-delangue-spotlight/": (
        "The role",
        "Clem Delangue (Hugging Face)",
    ),
    "https://adamfallon.com/2024/07/10/so-you-want-to-become-an-ai-engineer": (
        "Becoming one",
        "So You Want to Become an AI Engineer",
    ),
    "https://blog.gregbrockman.com/how-i-became-a-machine-learning-practitioner": (
        "Becoming one",
        "How I Became a Machine Learning Practitioner",
    ),
    "https://blog.gregbrockman.com/its-time-to-become-an-ml-engineer": (
        "Becoming one",
        "It's Time to Become an ML Engineer",
    ),
    "https://www.amazon.co.uk/Hundred-Page-Machine-Learning-Book/dp/199957950X": (
        "Machine learning basics",
        "The Hundred-Page Machine Learning Book",
    ),
    "https://www.youtube.com/watch?v=kjBOesZCoqc&list=PL0-GT3co4r2y2YErbmuJw2L5tW4Ew2O5B": (
        "Machine learning basics",
        "Essence of Linear Algebra",
    ),
    "https://scale.com/blog/text-universal-interface": (
        "LLM applications",
        "Text Is the Universal Interface",
    ),
    "https://a16z.com/emerging-architectures-for-llm-applications": (
        "LLM applications",
        "Emerging Architectures for LLM Applications",
    ),
    "https://jalammar.github.io/illustrated-transformer": ("How LLMs work", "The Illustrated Transformer"),
    "https://arxiv.org/pdf/1706.03762": ("How LLMs work", "Attention Is All You Need"),
    "https://www.youtube.com/@AndrejKarpathy/videos": ("How LLMs work", "Andrej Karpathy's video lectures"),
    "https://writings.stephenwolfram.com/2023/02/what-is-chatgpt-doing-and-why-does-it-work": (
        "How LLMs work",
        "What Is ChatGPT Doing … and Why Does It Work?",
    ),
    "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-1-fine-tuning": (
        "Fine-tuning",
        "Experiments in LLMs, Episode 1: Fine Tuning",
    ),
    "https://adamfallon.com/2024/01/30/experiments-in-llms-episode-2-memory-vector-dbs-and-embeddings": (
        "Vector databases and embeddings",
        "Experiments in LLMs, Episode 2: Memory, Vector DBs and Embeddings",
    ),
    "https://applied-llms.org/": (
        "Building with LLMs",
        "What We've Learned From A Year of Building with LLMs",
    ),
    "https://huyenchip.com/2024/03/14/ai-oss.html": (
        "Building with LLMs",
        "What I learned from looking at 900 most popular open source AI tools",
    ),
    "https://blog.elicit.com/how-to-hire-ai-engineers/": ("Hiring AI engineers", "How To Hire AI Engineers"),
    "https://elicit.com/careers?ashby_jid=d27d51d7-b318-4cb0-9b88-c37de18905f3": (
        "Hiring AI engineers",
        "AI Engineer job description (Elicit)",
    ),
    "https://www.latent.space/p/hiring": (
        "Hiring AI engineers",
        "How To Hire AI Engineers (Latent Space podcast)",
    ),
    "https://github.com/elicit/machine-learning-list": ("What next", "Elicit Machine Learning Reading List"),
    "https://openai.com/blog/superalignment-fast-grants": ("What next", "Superalignment Fast Grants"),
}
"""Every placed URL's short topic and own title: the path reads as a curriculum (topics like "How LLMs work",
not the article's sentences), each resource under its own name."""


def _seed_list(path: Path) -> ListToImport:
    return document.parse(path.read_bytes())


def build(seeds: Path) -> ListToImport:
    """The path as a :class:`ListToImport`: the seeds' links (via the document importer) placed in tiers."""
    main = _seed_list(seeds / MAIN_SEED)
    unnamed = [url for url in TIERS if url not in CURRICULUM]
    if unnamed:
        raise SystemExit(f"the curriculum table gives no topic and title to: {unnamed}")
    missing = [i.url for i in main.items if i.url not in TIERS]
    if missing:
        raise SystemExit(f"{MAIN_SEED} has links the tier table does not place: {missing}")
    placed: list[tuple[int, int, ItemToImport]] = []
    order = 0
    for item in main.items:
        placed.append((TIERS[item.url or ""], order, item))
        order += 1
    dates: list[str] = []
    own_addresses: list[str] = []
    for name in (MAIN_SEED, *OTHER_SEEDS):
        lst = main if name == MAIN_SEED else _seed_list(seeds / name)
        if lst.date:
            dates.append(lst.date[:10])
        own_addresses.append(lst.source_url or f"shared/seeds/{name}")
        if name == MAIN_SEED:
            continue
        article = lst.title or name
        for item in lst.items:
            if item.url in TIERS:
                topic = (article, item.section[-1]) if item.section else (article,)
                placed.append((TIERS[item.url], order, replace(item, section=topic)))
                order += 1
    placed.sort(key=lambda t: (t[0], t[1]))
    items = tuple(_as_curriculum(item, tier) for tier, _, item in placed)
    seeds_used = ", ".join((MAIN_SEED, *OTHER_SEEDS))
    return ListToImport(
        items=items,
        name="ai-engineer-path",
        title="AI engineer path",
        description=(
            "A first path into AI engineering for a newcomer, built from three articles about the role (the "
            "resources they link, under the headings they sit under): Tier 1 the role, Tier 2 foundations, "
            "Tier 3 building with LLMs, Tier 4 hiring and career. The next step is the Elicit machine learning "
            "reading list (next_list = elicit), which goes deep on the ML background. Sources: "
            + "; ".join(own_addresses)
            + "."
        ),
        source_url=own_addresses[0],
        revision=seeds_used,
        date=max(dates) if dates else None,
        next_list="elicit",
        format="document",
    )


def _as_curriculum(item: ItemToImport, tier: int) -> ItemToImport:
    """The item under its short topic and own title; the seed's wording (and the seed's heading) describe it."""
    topic, title = CURRICULUM[item.url or ""]
    said = [] if item.title == title else [item.title]
    words = "; ".join(p for p in (*said, item.description) if p)
    return replace(
        item,
        title=title,
        section=(topic,),
        tier=tier,
        tier_label=TIER_LABELS[tier],
        description=words or None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed documents' folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the TOML list")
    args = parser.parse_args(argv)
    lst = build(args.seeds)
    header = (
        "# Generated by lists/build_ai_engineer_path.py from the seed articles; edit the script's tier table,\n"
        "# not this file.\n"
    )
    args.out.write_text(header + native.dumps(lst, format="toml"), encoding="utf-8")
    tiers = {t: sum(1 for i in lst.items if i.tier == t) for t in TIER_LABELS}
    print(f"wrote {args.out}: {len(lst.items)} items, per tier {tiers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
