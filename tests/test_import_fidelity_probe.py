"""Real Markdown lists the importer read badly, found by probing unseen lists: paper lists whose lines open with
bracketed tags before the title and a generic link (``* [2025] [IJCAI] Title [[paper](u)]``: the title came out as
``2025] [IJCAI] Title``), and lists naming works by a quoted title and who wrote it without links
(``- "Beloved" by Toni Morrison``: refused as "no links to import"; in a checklist, the quotes and the author were
part of the title). Fixtures in tests/data/fidelity are trimmed from the public lists named in its README; the
expected items were counted by hand."""

from __future__ import annotations

from pathlib import Path

from readinglist.importers import parse
from readinglist.types import ListToImport

DATA = Path(__file__).resolve().parent / "data" / "fidelity"


def load(name: str) -> ListToImport:
    return parse((DATA / name).read_bytes(), filename=name)


def markdown(text: str) -> ListToImport:
    return parse(text.encode(), filename="list.md")


# --- "[2025] [IJCAI] Title [[paper](u)]": tags before the title -----------------------------------------------


def test_bracket_tags_before_a_title_describe_it_and_are_no_part_of_it() -> None:
    result = load("bracket_tags_generic_links.md")
    assert result.title == "Awesome Vision for Time Series (Vision4TS) Papers"
    assert [(i.title, i.description) for i in result.items] == [
        ("Harnessing Vision Models for Time Series Analysis: A Survey", "2025, IJCAI"),
        (
            "Unsupervised Time-Series Signal Analysis with Autoencoders and Vision Transformers: A Review of "
            "Architectures and Applications",
            "2025, JILSA",
        ),
        ("Multi-Model Time Series Analysis: Data, Methods, and Applications", "2025, KDD"),
        ("Harnessing Vision-Language Models for Time Series Anomaly Detection", "2026, AAAI"),
        ("OccamVTS: Distilling Vision Models to 1% Parameters for Time Series Forecasting", "2026, AAAI"),
        (
            'SVTime: Small Time Series Forecasting Models Informed by "Physics" of Large Vision Model Forecasters',
            "2025, Arxiv",
        ),
        ("Multi-Modal View Enhanced Large Vision Models for Long-Term Time Series Forecasting", "2025, NeurIPS"),
        (
            "TimeMaster: Training Time-Series Multimodal LLMs to Reason via Reinforcement Learning",
            "2025, NeurIPS Workshop",
        ),
        (
            "Utilizing image transforms and diffusion models for generative modeling of short and long time series",
            "2024, NeurIPS",
        ),
        ("Vision language models are few-shot audio spectrogram classifiers", "2024, NeurIPS Workshop"),
        (
            "Multisensor data fusion and time series to image encoding for hardness recognition",
            "2024, IEEE Sensors Journal",
        ),
        (
            "EEG channel selection using Gramian Angular Fields and spectrograms for energy data visualization",
            "2024, Eng. Appl. Artif. Intell.",
        ),
    ]  # not the badges, the WeChat article links of the header, the navigation, nor the Package paragraph's links
    first, second = result.items[:2]
    assert first.url == "https://www.arxiv.org/abs/2502.08869"
    assert [(link.title, link.url) for link in first.links] == [
        ("code", "https://github.com/D2I-Group/awesome-vision-time-series")
    ]
    assert first.section == ("List of Vision4TS Papers", "Surveys")
    assert second.url == "https://arxiv.org/abs/2504.16972" and second.links == ()
    assert result.items[-1].section == ("List of Vision4TS Papers", "Papers")
    assert [link.title for link in result.items[7].links] == ["arxiv", "code"]


def test_tags_before_a_titled_link_or_a_bracketed_title_alone_change_nothing() -> None:
    result = markdown(
        "# Papers\n\n"
        "- [CVPR 2023] [SadTalker: Learning Realistic 3D Motion Coefficients](https://arxiv.org/pdf/2211.12194.pdf)\n"
        "- [Building a mathematical mind] [pdf](https://example.org/mind.pdf)\n"
        "- [CVPR 2023] Side Adapter Network for Open-Vocabulary Semantic Segmentation "
        "[[Paper]](https://arxiv.org/abs/2302.12242)[code](https://github.com/MendelXu/SAN)\n"
    )
    assert [(i.title, i.url, i.description) for i in result.items] == [
        ("SadTalker: Learning Realistic 3D Motion Coefficients", "https://arxiv.org/pdf/2211.12194.pdf", "CVPR 2023"),
        ("Building a mathematical mind", "https://example.org/mind.pdf", None),
        (
            "Side Adapter Network for Open-Vocabulary Semantic Segmentation",
            "https://arxiv.org/abs/2302.12242",
            "CVPR 2023",
        ),
    ]
