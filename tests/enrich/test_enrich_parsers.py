"""The metadata parsers, on bytes in each service's documented format (real samples in data/, see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.enrich import arxiv, crossref, effort, oembed, openlibrary, page, wayback
from readinglist.enrich.model import MalformedResponse, normalise_title, similarity

DATA = Path(__file__).resolve().parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --- arXiv ---------------------------------------------------------------------------------------------------


def test_arxiv_record_of_attention_is_all_you_need() -> None:
    (paper,) = arxiv.parse(data("arxiv_id_list_1706.03762.xml"))
    assert paper.source_id == "1706.03762"
    assert paper.title == "Attention Is All You Need"
    assert paper.authors == (
        "Ashish Vaswani",
        "Noam Shazeer",
        "Niki Parmar",
        "Jakob Uszkoreit",
        "Llion Jones",
        "Aidan N. Gomez",
        "Lukasz Kaiser",
        "Illia Polosukhin",
    )
    assert paper.year == 2017
    assert paper.category == "cs.CL"
    assert paper.pages == 15  # "15 pages, 5 figures"
    assert paper.abstract.startswith("The dominant sequence transduction models")
    assert "\n" not in paper.abstract and paper.abstract.endswith("limited training data.")
    assert paper.url == "https://arxiv.org/abs/1706.03762"


def test_arxiv_search_answer_with_wrapped_titles_and_no_page_count() -> None:
    found = arxiv.parse(data("arxiv_search_two_entries.xml"))
    assert [(f.source_id, f.year, f.category, f.pages, len(f.authors)) for f in found] == [
        ("1809.07759", 2018, "cs.CV", None, 3),  # comment "All authors contributed equally": no pages
        ("1806.01482", 2018, "cs.CV", None, 6),
    ]
    assert found[0].title == "Implementing Adaptive Separable Convolution for Video Frame Interpolation"
    assert found[0].authors[0] == "Mart Kartašev"
    assert arxiv.total_results(data("arxiv_search_two_entries.xml")) == 68000


@pytest.mark.parametrize(
    ("comment", "pages"),
    [
        ("15 pages, 5 figures", 15),
        ("Accepted at NeurIPS 2020; 9 pages", 9),
        ("9+4 pages, 3 figures", 13),
        ("12 pp.", 12),
        ("1 page", 1),
        ("All authors contributed equally", None),
        ("ICML 2019", None),
        ("", None),
        (None, None),
    ],
)
def test_page_count_from_the_comment(comment: str | None, pages: int | None) -> None:
    assert arxiv.pages_from_comment(comment) == pages


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        ("https://arxiv.org/abs/1706.03762", "1706.03762"),
        ("http://arxiv.org/pdf/1706.03762v5.pdf", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v7", "1706.03762"),
        ("https://export.arxiv.org/abs/2207.09238v1", "2207.09238"),
        ("arXiv:1606.06565", "1606.06565"),
        ("https://doi.org/10.48550/arXiv.1906.01820", "1906.01820"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("https://example.org/abs/1706.03762", None),
        (None, None),
    ],
)
def test_any_arxiv_url_form_gives_its_id(url: str | None, ident: str | None) -> None:
    assert arxiv.arxiv_id(url) == ident


def test_id_list_and_title_search_urls() -> None:
    url = arxiv.id_list_url("http://x/api/query", ["1706.03762", "hep-th/9901001"])
    assert url == "http://x/api/query?id_list=1706.03762%2Chep-th%2F9901001&max_results=2"
    search = arxiv.title_search_url("http://x/api/query", 'Concrete "Problems" (in) AI Safety')
    assert search == "http://x/api/query?search_query=ti%3A%22Concrete+Problems+in+AI+Safety%22&max_results=5"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<html><body>Service unavailable</body></html>",
        b'{"error": "rate limited"}',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom">&a;</feed>',
    ],
)
def test_malformed_arxiv_answers_raise_one_error(body: bytes) -> None:
    with pytest.raises(MalformedResponse):
        arxiv.parse(body)


def test_arxiv_error_entry_is_reported() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"""
    with pytest.raises(MalformedResponse, match="incorrect id format"):
        arxiv.parse(body)


def test_empty_arxiv_answer_is_no_papers() -> None:
    assert arxiv.parse(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query</title></feed>') == []


# --- Crossref, Open Library, oEmbed, Wayback --------------------------------------------------------------


def test_crossref_work() -> None:
    work = crossref.parse(data("crossref_work.json"))
    assert work.source_id == "10.65215/nxvz2v36"
    assert work.title == "Attention Is All You Need"
    assert len(work.authors) == 8 and work.authors[0] == "Ashish Vaswani"
    assert work.year == 2025  # issued 2025-08-23 (this DOI is a 2025 re-posting)
    assert work.abstract.startswith("The dominant sequence") and "<jats" not in work.abstract
    assert work.kind == "paper" and work.pages is None


def test_crossref_page_range_gives_pages() -> None:
    body = b'{"status":"ok","message-type":"work","message":{"title":["X"],"page":"319-322","type":"journal-article"}}'
    assert crossref.parse(body).pages == 4


@pytest.mark.parametrize(
    "body", [b"", b"[]", b'{"status":"ok","message-type":"work-list","message":{"items":[]}}', b"<html>"]
)
def test_malformed_crossref_answers(body: bytes) -> None:
    with pytest.raises(MalformedResponse):
        crossref.parse(body)


def test_open_library_search_by_isbn() -> None:
    (book,) = openlibrary.parse(data("openlibrary_search_isbn.json"))
    assert (book.title, book.authors, book.year, book.pages) == (
        "Honoring the self",
        ("Nathaniel Branden",),
        1983,
        268,
    )
    assert book.url == "https://openlibrary.org/works/OL1835074W"
    assert openlibrary.parse(b'{"numFound": 0, "docs": []}') == []
    with pytest.raises(MalformedResponse):
        openlibrary.parse(b'{"numFound": 0}')


@pytest.mark.parametrize(
    ("text", "isbn"),
    [
        ("ISBN 978-0-553-25119-7", "9780553251197"),
        ("https://openlibrary.org/isbn/0874772702", "0874772702"),
        ("Honoring the self, ISBN 0-553-26814-7", "0553268147"),
        ("Honoring the self (0-553-26814-7)", None),  # ten digits pass the checksum 1 time in 11: need "ISBN"
        ("9780553251198", None),  # bad checksum
        ("call 0123456789 now", None),  # a valid ISBN-10 checksum, but nothing says it is one
    ],
)
def test_isbns_are_found_and_checked(text: str, isbn: str | None) -> None:
    assert openlibrary.isbn_in(text) == isbn


def test_oembed_video() -> None:
    video = oembed.parse(data("oembed_youtube.json"))
    assert video.title == "【東方】Bad Apple!! ＰＶ【影絵】"
    assert video.authors == ("kasidid2",)
    assert video.kind == "video"
    with pytest.raises(MalformedResponse):
        oembed.parse(b"<html>404</html>")


def test_wayback_availability() -> None:
    assert wayback.parse(data("wayback_available.json")) == (
        "https://web.archive.org/web/20260212061822/https://jayconrod.com/posts/133/integration-tests-are-best-tests"
    )
    assert wayback.parse(data("wayback_none.json")) is None
    with pytest.raises(MalformedResponse):
        wayback.parse(b"<html>")


# --- HTML pages ---------------------------------------------------------------------------------------------


def test_article_page_json_ld_graph_with_author_reference() -> None:
    found = page.parse(data("page_article_jsonld.html"))
    assert found.title == "Provide Blog Metadata via JSON-LD"
    assert found.authors == ("Kristof Zerbe",)  # "author": {"@id": ...} resolved in the @graph
    assert found.year == 2023
    # 178 words in <article> counted by hand (whitespace-separated tokens with a letter or digit); the nav,
    # footer and the script inside the article are not reading.
    assert found.words == 178
    assert found.duration_minutes is None and found.kind is None


def test_stated_word_count_wins_and_title_falls_back() -> None:
    html = b"""<html><head><title>  A  page </title>
    <script type="application/ld+json">{"@type": "BlogPosting", "wordCount": "2,380", "author": "Jane Doe"}</script>
    </head><body><p>short</p></body></html>"""
    found = page.parse(html)
    assert (found.title, found.authors, found.words) == ("A page", ("Jane Doe",), 2380)


def test_video_page_duration_from_microdata() -> None:
    found = page.parse(data("page_video_microdata.html"))
    assert found.duration_minutes == pytest.approx(3.65)  # PT3M39S
    assert found.kind == "video"


def test_playlist_counts_as_its_total() -> None:
    found = page.parse(data("page_playlist_jsonld.html"))
    assert found.duration_minutes == pytest.approx(62.5 + 58 + 45.5)
    assert found.title == "Lecture series"


def test_og_video_duration_in_seconds() -> None:
    found = page.parse(b'<meta property="og:video:duration" content="2700"><title>Talk</title>')
    assert found.duration_minutes == 45


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("PT1H2M30S", 62.5), ("PT45M", 45), ("PT39S", 0.65), ("P1DT1M", 1441), ("PT", None), ("45:00", None)],
)
def test_iso_durations(text: str, minutes: float | None) -> None:
    assert page.iso_minutes(text) == (pytest.approx(minutes) if minutes else None)


def test_page_charset_from_meta() -> None:
    html = '<html><head><meta charset="iso-8859-1"><title>Café</title></head></html>'.encode("latin-1")
    assert page.parse(html).title == "Café"


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: f"<html><p>{t}</p><script>{t}".encode())
)
def test_page_parser_never_raises(body: bytes) -> None:
    found = page.parse(body)
    assert found.words is None or found.words >= 0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arxiv_parser_raises_only_malformed(body: bytes) -> None:
    try:
        found = arxiv.parse(body)
    except MalformedResponse:
        return
    assert all(f.source == "arxiv" for f in found)


# --- titles and effort --------------------------------------------------------------------------------------


def test_title_normalisation() -> None:
    assert normalise_title("Attention Is All You Need") == normalise_title("attention is all you need.")
    assert normalise_title("Über  $\\alpha$-Nets") == normalise_title("uber alpha nets")
    assert normalise_title("Attention Is All You Need (2017)") != normalise_title("Attention Is All You Need")
    assert similarity("Concrete Problems in AI Safety", "Concrete Problems in AI Safety, Revisited") > 0.6


@pytest.mark.parametrize(
    ("kwargs", "minutes", "source", "label"),
    [
        ({"kind": "paper", "pages": 30}, 120, "pages", "30-page paper"),
        ({"kind": None, "pages": 15}, 60, "pages", "15-page paper"),
        ({"kind": "book", "pages": 268}, 338, "pages", "268-page book"),
        ({"kind": "post", "words": 5950}, 25, "words", "~25 min read"),
        ({"kind": "post", "words": 178}, 1, "words", "~1 min read"),
        ({"kind": "video", "duration_minutes": 45.2, "words": 9000}, 45, "video", "45 min video"),
        ({"kind": "video", "duration_minutes": 166}, 166, "video", "2 h 46 min video"),
    ],
)
def test_effort_estimates(kwargs: dict, minutes: int, source: str, label: str) -> None:
    assert effort.estimate(**kwargs) == (minutes, source)
    described = effort.describe(minutes, source, pages=kwargs.get("pages"), kind=kwargs.get("kind"))
    assert (described.minutes, described.source, described.label) == (minutes, source, label)


def test_no_effort_without_figures() -> None:
    assert effort.estimate(kind="post") is None
    assert effort.describe(90, "user").label == "~1 h 30 min (your estimate)"


def test_minutes_left_per_group() -> None:
    efforts = {
        1: effort.describe(60, "pages", pages=15),
        2: effort.describe(25, "words"),
        3: effort.describe(4, "video"),
    }
    rows = [
        (("t", "Papers", 1), 1, False),
        (("t", "Papers", 1), 2, True),  # read: not left
        (("t", "Papers", 1), 9, False),  # no estimate
        (("t", "Videos", 1), 3, False),
        (("t", "Videos", 1), 3, False),  # the same item twice in a group counts once
        (("t", "Posts", 2), 2, False),
    ]
    assert effort.sums(rows, efforts) == {
        ("t", "Papers", 1): (60, 1),
        ("t", "Videos", 1): (4, 0),
        ("t", "Posts", 2): (25, 0),
    }
