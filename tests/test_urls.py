"""Canonical resource identity: equal keys for one resource, different keys for different ones."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from readinglist import urls
from readinglist.urls import arxiv_id, canonical_url, doi_of, is_web_url, resolve

# --- tables of real-world spellings ----------------------------------------------------------------------

SAME: list[tuple[str, str]] = [
    # the examples the design insists on
    ("arxiv.org/pdf/1706.03762", "https://arxiv.org/abs/1706.03762v5"),
    (
        "http://jalammar.github.io/illustrated-transformer/",
        "https://jalammar.github.io/illustrated-transformer",
    ),
    (
        "https://www.youtube.com/watch?v=kjBOesZCoqc&list=PL0-GT3co4r2y2YErbmuJw2L5tW4Ew2O5B",
        "https://youtu.be/kjBOesZCoqc",
    ),
    ("www.example.com/x", "https://example.com/x"),
    # arXiv
    ("http://arxiv.org/abs/1706.03762", "https://arxiv.org/pdf/1706.03762.pdf"),
    ("https://arxiv.org/pdf/1706.03762v2", "https://arxiv.org/abs/1706.03762"),
    ("https://arxiv.org/pdf/1706.03762v7.pdf", "https://arxiv.org/abs/1706.03762"),
    ("http://export.arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("https://arxiv.org/html/2401.04088v1/", "https://arxiv.org/abs/2401.04088"),
    ("https://www.arxiv.org/abs/2401.04088?context=cs.CL", "https://arxiv.org/abs/2401.04088"),
    ("https://arxiv.org/abs/hep-th/9901001v1", "https://arxiv.org/pdf/hep-th/9901001"),
    ("arXiv:cs/0112017v1", "https://arxiv.org/abs/cs/0112017"),
    # publishers' abstract, full-text and PDF pages of one paper
    ("https://ieeexplore.ieee.org/abstract/document/7780459/", "https://ieeexplore.ieee.org/document/7780459"),
    ("https://link.springer.com/chapter/10.1007/978-3-319-24574-4_28", "https://doi.org/10.1007/978-3-319-24574-4_28"),
    (
        "https://link.springer.com/content/pdf/10.1007/978-3-319-24574-4_28.pdf",
        "https://link.springer.com/chapter/10.1007/978-3-319-24574-4_28",
    ),
    (
        "https://www.sciencedirect.com/science/article/abs/pii/S0893608014002135",
        "https://www.sciencedirect.com/science/article/pii/S0893608014002135",
    ),
    ("https://www.nature.com/articles/nature14539.pdf", "https://doi.org/10.1038/nature14539"),
    ("https://jmlr.org/papers/volume15/srivastava14a/srivastava14a.pdf", "https://jmlr.org/papers/v15/srivastava14a.html"),
    (
        "https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf",
        "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
    ),
    ("https://ojs.aaai.org/index.php/AAAI/article/download/10295/10154", "https://ojs.aaai.org/index.php/AAAI/article/view/10295"),
    # the paper's page on the sites that show arXiv papers by their id
    ("https://huggingface.co/papers/2401.04088", "https://arxiv.org/abs/2401.04088"),
    ("https://www.alphaxiv.org/overview/2401.04088v1", "https://arxiv.org/abs/2401.04088"),
    ("https://www.semanticscholar.org/arxiv/1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("https://scirate.com/arxiv/hep-th/9901001v2", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://www.arxiv-vanity.com/papers/1706.03762/", "https://arxiv.org/abs/1706.03762"),
    ("https://arxiv.org/abs/math.GT/0309136", "https://arxiv.org/pdf/math.gt/0309136v2"),
    ("https://doi.org/10.48550/arXiv.1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("https://arxiv.org/abs/0704.0001#fragment", "https://arxiv.org/abs/0704.0001v1"),
    # YouTube
    ("https://www.youtube.com/watch?v=aircAruvnKk&t=0s", "https://youtu.be/aircAruvnKk?t=42"),
    (
        "https://www.youtube.com/watch?v=Ilg3gGewQ5U&list=PLZHQObOWTQDNU6R1_67000Dx_ZCJB-3pi&index=4",
        "https://m.youtube.com/watch?feature=share&v=Ilg3gGewQ5U",
    ),
    ("https://youtu.be/Ilg3gGewQ5U?si=AbCdEfGh", "https://www.youtube.com/embed/Ilg3gGewQ5U"),
    ("https://www.youtube.com/shorts/Ilg3gGewQ5U", "https://youtube.com/live/Ilg3gGewQ5U"),
    ("https://www.youtube.com/v/Ilg3gGewQ5U", "https://www.youtube-nocookie.com/embed/Ilg3gGewQ5U?start=10"),
    (
        "https://www.youtube.com/watch?v=Ilg3gGewQ5U&ab_channel=3Blue1Brown",
        "http://youtube.com/watch?v=Ilg3gGewQ5U",
    ),
    (
        "https://www.youtube.com/playlist?list=PLZHQObOWTQDNU6R1_67000Dx_ZCJB-3pi&si=xyz",
        "https://youtube.com/playlist?list=PLZHQObOWTQDNU6R1_67000Dx_ZCJB-3pi",
    ),
    ("https://www.youtube.com/@AndrejKarpathy/videos", "https://youtube.com/@andrejkarpathy"),
    # DOI and publisher pages
    ("doi:10.1162/TACL_a_00377", "https://doi.org/10.1162/tacl_a_00377"),
    ("https://dx.doi.org/10.1162/tacl_a_00377", "http://doi.org/10.1162/TACL_A_00377"),
    ("https://doi.org/10.1162%2Ftacl_a_00377", "https://doi.org/10.1162/tacl_a_00377"),
    ("https://dl.acm.org/doi/10.1145/3190580.3190586", "https://dl.acm.org/doi/abs/10.1145/3190580.3190586"),
    ("https://www.science.org/doi/10.1126/science.add4679", "https://doi.org/10.1126/science.add4679"),
    ("https://www.biorxiv.org/content/10.1101/2023.07.06.547759v1", "doi:10.1101/2023.07.06.547759"),
    ("https://www.biorxiv.org/content/10.1101/2023.07.06.547759v2.full.pdf", "doi:10.1101/2023.07.06.547759"),
    # GitHub
    (
        "https://github.com/elicit/machine-learning-list",
        "https://github.com/Elicit/Machine-Learning-List.git/",
    ),
    (
        "http://www.github.com/google-research/tuning_playbook/",
        "https://github.com/Google-Research/Tuning_Playbook",
    ),
    (
        "https://github.com/karpathy/nanoGPT?tab=readme-ov-file#install",
        "https://github.com/karpathy/nanogpt",
    ),
    (
        "https://github.com/Karpathy/nanoGPT/blob/master/README.md",
        "https://github.com/karpathy/nanogpt/blob/master/README.md",
    ),
    # Medium keeps its subdomain and path; its referral parameters go
    (
        "https://thomassimonini.medium.com/an-introduction-to-deep-reinforcement-learning-17a565999c0c"
        "?source=rss----&sk=abc123",
        "https://thomassimonini.medium.com/an-introduction-to-deep-reinforcement-learning-17a565999c0c/",
    ),
    (  # a Medium post under its author's path and its author's subdomain (the 12 hex digits are the post)
        "https://medium.com/@ThomasSimonini/an-introduction-to-deep-reinforcement-learning-17a565999c0c",
        "https://thomassimonini.medium.com/an-introduction-to-deep-reinforcement-learning-17a565999c0c",
    ),
    # generic rules
    ("HTTP://Example.COM:80/a", "https://example.com/a"),
    ("https://example.com:443/", "https://example.com"),
    ("https://example.com/", "example.com"),
    ("https://example.com/a//b///c/", "https://example.com/a/b/c"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/x?b=2&a=1", "https://example.com/x?a=1&b=2"),
    ("https://example.com/x?a=1&utm_source=news&utm_medium=email&fbclid=IwAR0", "https://example.com/x?a=1"),
    (
        "https://example.com/x?gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref=hn&spm=5&_hsenc=6",
        "https://example.com/x",
    ),
    ("https://example.com/x#section-2", "https://example.com/x"),
    ("https://example.com/%7Euser/%e2%82%ac", "https://example.com/~user/%E2%82%AC"),
    ("https://example.com/caf%C3%A9", "https://example.com/café"),
    ("https://example.com/a b", "https://example.com/a%20b"),
    ("https://münchen.de/x", "https://xn--mnchen-3ya.de/x"),
    ("https://MÜNCHEN.de/x", "https://www.münchen.de/x"),
    ("https://m.facebook.com/page", "https://www.facebook.com/page"),
    (
        "https://mobile.twitter.com/Joshua_Clymer/status/1724851456967417872?s=20",
        "https://x.com/joshua_clymer/status/1724851456967417872",
    ),
    ("https://en.m.wikipedia.org/wiki/Transformer", "https://en.wikipedia.org/wiki/Transformer"),
    ("//example.com/x", "https://example.com/x"),
    ("  <https://example.com/x>\n", "https://example.com/x"),
    ("https://user:secret@example.com/x", "https://example.com/x"),
    # other sites
    (
        "https://docs.google.com/document/d/1WwsnJQstPq91_Yh-Ch2XRL8H_EpsnjrC1dwZXR37PC8/edit?usp=sharing",
        "https://docs.google.com/document/d/1WwsnJQstPq91_Yh-Ch2XRL8H_EpsnjrC1dwZXR37PC8/edit",
    ),
    (
        "https://www.amazon.co.uk/Hundred-Page-Machine-Learning-Book/dp/199957950X",
        "https://amazon.co.uk/dp/199957950X?tag=foo-21&psc=1",
    ),
    ("https://openreview.net/pdf?id=MGWsPGogLH", "https://openreview.net/forum?id=MGWsPGogLH&noteId=abc"),
    (
        "https://papers.nips.cc/paper/2015/file/86df7dcfd896fcaf2674f757a2463eba-Paper.pdf",
        "https://proceedings.neurips.cc/paper/2015/hash/86df7dcfd896fcaf2674f757a2463eba-Abstract.html",
    ),
    (
        "https://proceedings.mlr.press/v108/aglietti20a.html",
        "https://proceedings.mlr.press/v108/aglietti20a/aglietti20a.pdf",
    ),
    ("https://aclanthology.org/2020.acl-main.1.pdf", "https://aclanthology.org/2020.acl-main.1/"),
    ("https://www.aclweb.org/anthology/P19-1001.pdf", "https://aclanthology.org/P19-1001"),
    (
        "https://www.semanticscholar.org/paper/Language-Models-are-Unsupervised-Multitask-Learners-Radford-Wu/"
        "9405cc0d6169988371b2755e573cc28650d14dfe",
        "https://semanticscholar.org/paper/9405cc0d6169988371b2755e573cc28650d14dfe",
    ),
    (
        "http://mp.weixin.qq.com/s?__biz=Mzg5NTc4ODkzOA==&mid=2247488587&idx=1&sn=45993030becffb76cc6c434405d43113"
        "&chksm=c00ba6aef77c2fb8&scene=21#rd",
        "https://mp.weixin.qq.com/s?__biz=Mzg5NTc4ODkzOA==&mid=2247488587&idx=1&sn=45993030becffb76cc6c434405d43113",
    ),
    (
        "https://open.spotify.com/intl-de/episode/4rOoJ6Egrf8K2IrywzwOMk?si=abc",
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
    ),
]

DIFFERENT: list[tuple[str, str]] = [
    ("https://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03763"),
    ("https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/hep-th/9901002"),
    ("https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/hep-ph/9901001"),
    ("https://huggingface.co/papers/trending", "https://huggingface.co/papers"),  # not a paper's page
    ("https://ieeexplore.ieee.org/document/7780459", "https://ieeexplore.ieee.org/document/7780460"),
    ("https://www.nature.com/articles/nature14539", "https://www.nature.com/articles/nature14540"),
    ("https://jmlr.org/papers/v15/srivastava14a.html", "https://jmlr.org/papers/v16/srivastava14a.html"),
    ("https://huggingface.co/mistralai/Mixtral-8x7B-v0.1", "https://arxiv.org/abs/2401.04088"),  # a model
    ("https://www.youtube.com/watch?v=aircAruvnKk", "https://www.youtube.com/watch?v=IHZwWFHWa-w"),
    ("https://youtu.be/aircAruvnKk", "https://youtu.be/aircAruvnKK"),  # video ids are case-sensitive
    (
        "https://www.youtube.com/playlist?list=PLZHQObOWTQDNU6R1_67000Dx_ZCJB-3pi",
        "https://www.youtube.com/watch?v=Ilg3gGewQ5U&list=PLZHQObOWTQDNU6R1_67000Dx_ZCJB-3pi",
    ),
    (
        "https://www.youtube.com/channel/UCYO_jab_esuFRV4b17AJtAw",
        "https://www.youtube.com/channel/UCYO_JAB_ESUFRV4B17AJTAW",
    ),
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com/A", "https://example.com/a"),  # paths are case-sensitive
    ("https://example.com/x?id=1", "https://example.com/x?id=2"),
    ("https://example.com/x?id=1", "https://example.com/x"),
    (
        "https://example.com/x?q=a%26b",
        "https://example.com/x?q=a&b",
    ),  # an escaped '&' is data, not a separator
    ("https://example.com/a%2Fb", "https://example.com/a/b"),  # an escaped '/' is not a path separator
    ("https://example.com:8080/x", "https://example.com/x"),
    ("https://example.com/#/route-a", "https://example.com/#/route-b"),
    ("https://example.com/#!/x", "https://example.com"),
    ("https://github.com/karpathy/nanogpt", "https://github.com/karpathy/mingpt"),
    ("https://github.com/openai/gpt-2", "https://github.com/openai-archive/gpt-2"),
    ("https://doi.org/10.1162/tacl_a_00377", "https://doi.org/10.1162/tacl_a_00378"),
    (
        "https://elicit.com/careers",
        "https://elicit.com/careers?ashby_jid=d27d51d7-b318-4cb0-9b88-c37de18905f3",
    ),
    ("https://thomassimonini.medium.com/a-17a565999c0c", "https://thomassimonini.medium.com/a-17a565999c0d"),
    ("https://thomassimonini.medium.com/", "https://dmitry-kan.medium.com/"),  # authors' pages, not posts
    ("https://blog.example.com/x", "https://example.com/x"),
    ("https://example.com/x?a=1&a=2", "https://example.com/x?a=2&a=1"),  # repeated keys keep their order
    (
        "https://mp.weixin.qq.com/s?__biz=Mzg5NTc4ODkzOA==&mid=2247488587&idx=1&sn=a",
        "https://mp.weixin.qq.com/s?__biz=Mzg5NTc4ODkzOA==&mid=2247488587&idx=2&sn=a",
    ),
    ("https://www.amazon.co.uk/dp/199957950X", "https://www.amazon.com/dp/199957950X"),
]

EXACT: list[tuple[str, str]] = [
    ("arxiv.org/pdf/1706.03762", "https://arxiv.org/abs/1706.03762"),
    ("HEP-TH/9901001", "HEP-TH/9901001"),  # a bare old-style id is no URL: canonical_url leaves it
    ("arXiv:HEP-TH/9901001v2", "https://arxiv.org/abs/hep-th/9901001"),
    ("https://youtu.be/kjBOesZCoqc", "https://youtube.com/watch?v=kjBOesZCoqc"),
    ("https://www.youtube.com/c/3blue1brown/featured", "https://youtube.com/c/3blue1brown"),
    (
        "doi:10.1002/(SICI)1097-4636(199706)35:4<521::AID-JBM12>3.0.CO;2-G",
        "https://doi.org/10.1002/(sici)1097-4636(199706)35:4%3C521::aid-jbm12%3E3.0.co;2-g",
    ),
    (
        "https://github.com/Elicit/Machine-Learning-List.git",
        "https://github.com/elicit/machine-learning-list",
    ),
    ("HTTP://WWW.Example.COM:8080/A/?b=2&a=1#top", "https://example.com:8080/A?a=1&b=2"),
    ("https://example.com/#!/inbox", "https://example.com#!/inbox"),
    ("https://example.com/app#/settings/profile", "https://example.com/app#/settings/profile"),
    ("https://example.com/x?", "https://example.com/x"),
    ("https://example.com/100%", "https://example.com/100%25"),
    ("https://example.com/x?q=a+b&flag", "https://example.com/x?flag&q=a+b"),
    ("https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"),
    ("https://example.com./x", "https://example.com/x"),
    ("https://example.com/x?source=hn&source=rss----abc", "https://example.com/x?source=hn"),
    ("localhost:8000/x/", "https://localhost:8000/x"),
    ("MAILTO:andreas@elicit.com", "mailto:andreas@elicit.com"),
    ("FTP://ftp.example.com/pub/", "ftp://ftp.example.com/pub/"),
    ("  hello world  ", "hello world"),
    ("", ""),
    ("README.md", "README.md"),
    ("#fundamentals", "#fundamentals"),
    ("/relative/path", "/relative/path"),
    ("https://", "https://"),
    ("http://[::1", "http://[::1"),
    ("https://example.com:99999/x", "https://example.com:99999/x"),
    (
        "https://api.github.com/repos/a/b/contents/x?ref=main&utm_source=x",
        "https://api.github.com/repos/a/b/contents/x?ref=main",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_resource_same_key(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_resources_different_keys(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(("url", "key"), EXACT)
def test_exact_keys(url: str, key: str) -> None:
    assert canonical_url(url) == key
    assert canonical_url(key) == key


@pytest.mark.parametrize("url", [u for pair in SAME + DIFFERENT for u in pair] + [u for u, _ in EXACT])
def test_table_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


# --- helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "1706.03762"),
        ("http://export.arxiv.org/abs/2401.04088", "2401.04088"),
        ("arXiv:1706.03762v2", "1706.03762"),
        ("1706.03762", "1706.03762"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.gt/0309136", "math.GT/0309136"),
        ("https://doi.org/10.48550/arXiv.2401.04088", "2401.04088"),
        ("https://example.com/abs/1706.03762", None),
        ("https://arxiv.org/list/cs.LG/recent", None),
        ("not an id", None),
        ("", None),
    ],
)
def test_arxiv_id(url: str, expected: str | None) -> None:
    assert arxiv_id(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://dx.doi.org/10.1162/TACL_a_00377", "10.1162/tacl_a_00377"),
        ("https://doi.org/10.1162%2Ftacl_a_00377/", "10.1162/tacl_a_00377"),
        ("doi:10.1145/3190580.3190586", "10.1145/3190580.3190586"),
        ("DOI: 10.1145/3190580.3190586", "10.1145/3190580.3190586"),
        ("info:doi/10.1145/3190580.3190586", "10.1145/3190580.3190586"),
        ("10.1126/science.add4679", "10.1126/science.add4679"),
        ("https://dl.acm.org/doi/abs/10.1145/3190580.3190586", "10.1145/3190580.3190586"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/anie.201915678", "10.1002/anie.201915678"),
        ("https://www.biorxiv.org/content/10.1101/2023.07.06.547759v1.full", "10.1101/2023.07.06.547759"),
        ("https://doi.org/10.48550/arXiv.1706.03762", "10.48550/arxiv.1706.03762"),
        ("https://arxiv.org/abs/1706.03762", None),
        ("https://example.com/doi/suppl/10.1145/1", None),
        ("doi:not-a-doi", None),
        ("", None),
    ],
)
def test_doi_of(text: str, expected: str | None) -> None:
    assert doi_of(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com", True),
        ("HTTP://example.com/x", True),
        ("http://127.0.0.1:8000/feed.xml", True),
        ("example.com/x", False),
        ("https://", False),
        ("mailto:a@b.c", False),
        ("ftp://ftp.example.com", False),
        ("#section", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_is_web_url(url: str, expected: bool) -> None:
    assert is_web_url(url) is expected


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("https://example.com/blog/post", "../img/a.png", "https://example.com/img/a.png"),
        ("https://example.com/feed.xml", "/posts/1", "https://example.com/posts/1"),
        ("https://example.com/blog/", "posts/1", "https://example.com/blog/posts/1"),
        ("https://example.com/a", "//cdn.example.org/x", "https://cdn.example.org/x"),
        ("https://example.com/a", "#top", "https://example.com/a#top"),
        ("https://example.com/a", "https://other.org/b", "https://other.org/b"),
        ("https://example.com/a", "mailto:a@b.c", "mailto:a@b.c"),
        (None, "posts/1", "posts/1"),
        ("", "posts/1", "posts/1"),
        ("not a url", "posts/1", "posts/1"),
        ("http://[::1", "posts/1", "posts/1"),
        ("https://example.com/a", "http://[::1", "http://[::1"),
        ("https://example.com/a", "", ""),
    ],
)
def test_resolve(base: str | None, href: str, expected: str) -> None:
    assert resolve(base, href) == expected


# --- properties -------------------------------------------------------------------------------------------

_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_UNICODE_LABEL = st.sampled_from(["münchen", "café", "пример", "例子", "bücher"])
_HOST = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(st.one_of(_LABEL, _UNICODE_LABEL), min_size=1, max_size=3),
    st.sampled_from(["com", "org", "io", "net", "de", "co.uk", "github.io"]),
)
# a space inside is data; a space at the very end of a URL is whitespace around it, which canonical_url strips
_SEGMENT = st.text(alphabet="abcXYZ019-._~!$&'()*+,;=:@% é中", max_size=8).map(str.rstrip)
_PATH = st.lists(_SEGMENT, max_size=4).map(lambda segs: "".join("/" + s for s in segs))
_QKEY = st.text(alphabet="abcdefxyz_", min_size=1, max_size=5).filter(
    lambda k: not k.startswith(("utm_", "_hs", "pk_", "mtm_", "oly_", "hsa_", "vero_"))
)
_QVAL = st.text(alphabet="abc123-._~%+ =é/?:@", max_size=6).map(str.rstrip)
_QUERY = st.lists(st.tuples(_QKEY, _QVAL), max_size=4).map(lambda ps: "&".join(f"{k}={v}" for k, v in ps))
_FRAGMENT = st.text(alphabet="abcxyz0123-_", min_size=1, max_size=8)


@st.composite
def _url_parts(draw: st.DrawFn) -> tuple[str, str, str]:
    return draw(_HOST), draw(_PATH), draw(_QUERY)


def _join(scheme: str, host: str, path: str, query: str, fragment: str = "") -> str:
    return f"{scheme}{host}{path}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


_ANY_URL = st.one_of(
    st.builds(
        _join,
        st.sampled_from(["https://", "http://", "HTTP://", "", "//"]),
        _HOST,
        _PATH,
        _QUERY,
        st.one_of(st.just(""), _FRAGMENT, st.just("!/route"), st.just("/x")),
    ),
    st.text(alphabet="htps:/[]@%?#&=.-_~ aZ9é", max_size=30).map(lambda s: "https://" + s),
    st.builds(lambda a, b: a + b, st.sampled_from(["http://", "https://", "", "doi:", "arxiv:"]), st.text()),
)


@given(st.text())
def test_never_raises_on_text(text: str) -> None:
    key = canonical_url(text)
    assert isinstance(key, str)
    assert urls._canonical(urls._clean(text)) == key  # the safety net was not needed
    assert canonical_url(key) == key


@given(_ANY_URL)
@settings(max_examples=400)
def test_never_raises_and_idempotent_on_urls(url: str) -> None:
    key = canonical_url(url)
    assert urls._canonical(urls._clean(url)) == key
    assert canonical_url(key) == key
    arxiv_id(url)
    doi_of(url)
    is_web_url(url)
    resolve("https://example.com/a/b", url)


@given(_url_parts())
@settings(max_examples=300)
def test_generated_web_urls_give_https_keys(parts: tuple[str, str, str]) -> None:
    host, path, query = parts
    key = canonical_url(_join("https://", host, path, query))
    assert key.startswith("https://")
    assert not re.search(r"\s", key)
    assert key.isascii()
    assert urlsplit(key).hostname == urlsplit(key).hostname.lower()


@given(_url_parts(), st.sampled_from(["utm_source=news", "utm_medium=email&utm_campaign=x", "fbclid=IwAR0x"]))
def test_invariant_under_tracking_params(parts: tuple[str, str, str], tracking: str) -> None:
    host, path, query = parts
    base = canonical_url(_join("https://", host, path, query))
    assert canonical_url(_join("https://", host, path, f"{query}&{tracking}" if query else tracking)) == base
    assert canonical_url(_join("https://", host, path, f"{tracking}&{query}" if query else tracking)) == base


@given(_url_parts(), _FRAGMENT)
def test_invariant_under_fragment(parts: tuple[str, str, str], fragment: str) -> None:
    host, path, query = parts
    assert canonical_url(_join("https://", host, path, query, fragment)) == canonical_url(
        _join("https://", host, path, query)
    )


@given(_url_parts())
def test_invariant_under_www_slash_scheme_and_host_case(parts: tuple[str, str, str]) -> None:
    host, path, query = parts
    base = canonical_url(_join("https://", host, path, query))
    assert canonical_url(_join("https://www.", host, path, query)) == base
    assert canonical_url(_join("https://", host, path + "/", query)) == base
    assert canonical_url(_join("http://", host, path, query)) == base
    assert canonical_url(_join("https://", host.upper(), path, query)) == base


# --- the real data ----------------------------------------------------------------------------------------

_URL_IN_TEXT = re.compile(r"https?://[^\s)\]>\"'<]+")


def _links(path: Path) -> list[str]:
    """Every link target in a Markdown file, read with a real Markdown parser."""
    hrefs = []
    for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")):
        for child in token.children or []:
            if child.type == "link_open":
                hrefs.append(str(child.attrs["href"]))
    return hrefs


def _independent_key(url: str) -> str:
    """A deliberately different identity for the shapes in the Elicit list: ids by regex, the rest by hand."""
    m = re.search(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", url)
    if m:
        return "arxiv " + m.group(1)
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if host in ("youtube.com", "youtu.be"):
        video = parse_qs(parts.query).get("v", [parts.path.strip("/")])[0]
        return "youtube " + video if parts.path != "/playlist" else "playlist " + parts.query
    query = "&".join(sorted(q for q in parts.query.split("&") if q and not q.startswith("utm_")))
    return f"{host}{parts.path.rstrip('/')}?{query}"


@pytest.mark.shared
def test_elicit_newest_distinct_resources(elicit_newest: Path) -> None:
    web = [h for h in _links(elicit_newest) if h.startswith(("http://", "https://"))]
    assert len(web) == 358
    keys = {canonical_url(h) for h in web}
    independent = {_independent_key(h) for h in web}
    assert len(keys) == len(independent) == 354
    # the same partition, not merely the same count
    by_key: dict[str, set[str]] = {}
    by_independent: dict[str, set[str]] = {}
    for h in web:
        by_key.setdefault(canonical_url(h), set()).add(h)
        by_independent.setdefault(_independent_key(h), set()).add(h)
    assert sorted(map(sorted, by_key.values())) == sorted(map(sorted, by_independent.values()))


@pytest.mark.shared
def test_elicit_every_version(elicit_files: list[Path]) -> None:
    assert len(elicit_files) == 5
    everything: set[str] = set()
    for path in elicit_files:
        hrefs = _links(path)
        for href in hrefs:
            key = canonical_url(href)
            assert canonical_url(key) == key
            if href.startswith(("http://", "https://")):
                assert key.startswith("https://") and is_web_url(key)
                assert "utm_" not in key and "#" not in key
                everything.add(href)
            elif href.startswith("#"):
                assert key == href  # in-page anchors are not resources
        assert "mailto:andreas@elicit.com" in {canonical_url(h) for h in hrefs}
    keys = {canonical_url(u) for u in everything}
    assert len(keys) == len({_independent_key(u) for u in everything})
    arxiv_keys = {k for k in keys if k.startswith("https://arxiv.org/abs/")}
    assert arxiv_keys == {"https://arxiv.org/abs/" + i for i in map(arxiv_id, everything) if i}
    # 303 resources survive from the oldest version to the newest (counted on the raw links too: the list
    # keeps its own spellings between versions, so canonicalising must neither merge nor split any of them)
    old = {canonical_url(u) for u in _links(elicit_files[0]) if u.startswith("http")}
    new = {canonical_url(u) for u in _links(elicit_files[-1]) if u.startswith("http")}
    assert len(old & new) == 303


@pytest.mark.shared
def test_seeds_and_elicit_share_resources(seeds_dir: Path, elicit_newest: Path) -> None:
    seed_urls = [u for p in sorted(seeds_dir.iterdir()) for u in _URL_IN_TEXT.findall(p.read_text("utf-8"))]
    assert seed_urls
    seed_keys = {canonical_url(u) for u in seed_urls}
    for key in seed_keys:
        assert canonical_url(key) == key
        assert key.startswith("https://")
    elicit_keys = {canonical_url(u) for u in _links(elicit_newest)}
    shared = seed_keys & elicit_keys
    # the seeds cite the transformer paper as /pdf/ and Jay Alammar's post over http with a slash
    assert "https://arxiv.org/abs/1706.03762" in shared
    assert "https://jalammar.github.io/illustrated-transformer" in shared
    wechat = [k for k in seed_keys if k.startswith("https://mp.weixin.qq.com/")]
    for key in wechat:
        assert sorted(q.split("=")[0] for q in urlsplit(key).query.split("&")) == [
            "__biz",
            "idx",
            "mid",
            "sn",
        ]


def _split_by_urlsplit(rest: str) -> tuple[str | None, int | None, str, str, str] | str:
    try:
        parts = urlsplit("https://" + rest)
        return parts.hostname, parts.port, parts.path, parts.query, parts.fragment
    except ValueError:
        return "refused"


@given(st.text(alphabet="aZ09.-/?#%&=:@[]_~ é\x00", max_size=40))
@settings(max_examples=500)
def test_a_key_splits_its_url_as_urlsplit_does(rest: str) -> None:
    """The one-match split for plain hosts gives exactly what ``urlsplit`` gives (host, port, path, query,
    fragment), and refuses exactly what it refuses."""
    try:
        ours: tuple[str | None, int | None, str, str, str] | str = urls._split_rest(rest)
    except ValueError:
        ours = "refused"
    assert ours == _split_by_urlsplit(rest)


@pytest.mark.parametrize(
    "rest",
    ["Example.COM", "a.com?x#y", "a.com/x:80", "a.com/x#f?q", "a.com/p?q=1&r#", "a-b.c.d./x/../y", "a.com#", "a.com?", "x.org//a"],
)
def test_plain_host_shapes_split_as_urlsplit_does(rest: str) -> None:
    assert urls._PLAIN_WEB.fullmatch(rest)  # these take the one-match path
    assert urls._split_rest(rest) == _split_by_urlsplit(rest)


@pytest.mark.parametrize("rest", ["Example.COM:80/a", "user@a.com/x", "[::1]/x", "münchen.de/x", "a_b.com/x"])
def test_other_hosts_are_left_to_urlsplit(rest: str) -> None:
    assert urls._PLAIN_WEB.fullmatch(rest) is None
    assert urls._split_rest(rest) == _split_by_urlsplit(rest)
