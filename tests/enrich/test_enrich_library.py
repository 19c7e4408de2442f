"""lib.enrich against stand-in services, on SQLite and PostgreSQL: every source, caching, failures, resuming."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from feedserver import FeedServer, Route

from enrich.standins import DATA, Paper, Services, real_attention_paper, synthetic_pages
from readinglist import InvalidArgumentError, ItemToImport, Kind, ListToImport
from readinglist.net import Client

ATTENTION = "https://arxiv.org/abs/1706.03762"
FORMAL = "http://arxiv.org/pdf/2207.09238v1.pdf"
SAFETY = Paper(
    ident="1606.06565",
    title="Concrete Problems in AI Safety",
    authors=("Dario Amodei", "Chris Olah"),
    published="2016-06-21T00:00:00Z",
    comment="29 pages",
)
MESA = Paper(
    ident="1906.01820",
    title="Risks from Learned Optimization in Advanced Machine Learning Systems",
    authors=("Evan Hubinger",),
    published="2019-06-05T00:00:00Z",
    comment="39 pages",
)
DOI = "10.65215/nxvz2v36"


def the_list(site: FeedServer) -> ListToImport:
    site.add("/post", Route(body=(DATA / "page_article_jsonld.html").read_bytes(), content_type="text/html"))
    site.add(
        "/watch", Route(body=(DATA / "page_video_microdata.html").read_bytes(), content_type="text/html")
    )
    return ListToImport(
        name="t",
        items=(
            ItemToImport("Attention Is All You Need", ATTENTION, ("Papers",), 1),
            ItemToImport("Formal Algorithms for Transformers", FORMAL, ("Papers",), 1),
            ItemToImport("Concrete Problems in AI Safety", None, ("Papers",), 2),
            ItemToImport("Risks from Learned Optimization", None, ("Papers",), 2),
            ItemToImport("Attention, re-posted", f"https://doi.org/{DOI}", ("Papers",), 3),
            ItemToImport(
                "Honoring the self", "https://openlibrary.org/isbn/0874772702", ("Books",), 1, kind=Kind.BOOK
            ),
            ItemToImport("JSON-LD for blogs", site.url("/post"), ("Posts",), 1),
            ItemToImport("Bad Apple", site.url("/watch"), ("Videos",), 1, kind=Kind.VIDEO),
        ),
    )


def setup(services: Services, site: FeedServer) -> None:
    services.papers.update({"1706.03762": real_attention_paper(), SAFETY.ident: SAFETY, MESA.ident: MESA})
    services.add_work(DOI, (DATA / "crossref_work.json").read_bytes())
    services.books["0874772702"] = (DATA / "openlibrary_search_isbn.json").read_bytes()
    services.oembeds[site.url("/watch")] = (DATA / "oembed_youtube.json").read_bytes()


def by_title(results) -> dict:
    return {r.item.title: r for r in results}


@pytest.fixture()
def prepared(lib, services: Services, site: FeedServer):
    setup(services, site)
    lib.import_list(the_list(site))
    return lib


def test_every_source_is_fetched_and_the_list_keeps_its_titles(prepared, services, client, site) -> None:
    lib = prepared
    results = by_title(lib.enrich("t", endpoints=services.endpoints, client=client))
    assert {t: (r.source, r.status) for t, r in results.items()} == {
        "Attention Is All You Need": ("arxiv", "enriched"),
        "Formal Algorithms for Transformers": ("arxiv", "enriched"),
        "Concrete Problems in AI Safety": ("arxiv", "enriched"),
        "Risks from Learned Optimization": ("arxiv", "suggested"),
        "Attention, re-posted": ("doi", "enriched"),
        "Honoring the self": ("books", "enriched"),
        "JSON-LD for blogs": ("pages", "enriched"),
        "Bad Apple": ("video", "enriched"),
    }
    # Both arXiv ids went in ONE id_list request; the two title-only papers were searched by title.
    id_lists = [q["id_list"][0] for q in services.arxiv_queries if "id_list" in q]
    assert id_lists == ["1706.03762,2207.09238"]
    assert sum("search_query" in q for q in services.arxiv_queries) == 2

    meta = lib.metadata([r.item.id for r in results.values()])
    attention = meta[results["Attention Is All You Need"].item.id]
    assert attention.authors[:2] == ("Ashish Vaswani", "Noam Shazeer") and len(attention.authors) == 8
    assert (attention.year, attention.pages, attention.category) == (2017, 15, "cs.CL")
    assert attention.abstract.startswith("The dominant sequence")
    assert attention.effort.label == "15-page paper" and attention.effort.minutes == 60
    assert attention.fetched_at == lib._now()
    formal = meta[results["Formal Algorithms for Transformers"].item.id]
    assert formal.pages == synthetic_pages("2207.09238") and formal.year == 2022
    book = meta[results["Honoring the self"].item.id]
    assert (book.source, book.authors, book.year, book.pages, book.effort.label) == (
        "openlibrary",
        ("Nathaniel Branden",),
        1983,
        268,
        "268-page book",
    )
    post = meta[results["JSON-LD for blogs"].item.id]
    assert (post.authors, post.words, post.effort.label) == (("Kristof Zerbe",), 178, "~1 min read")
    video = meta[results["Bad Apple"].item.id]
    assert (video.authors, video.duration_minutes, video.effort.label) == (("kasidid2",), 3.65, "4 min video")
    doi = meta[results["Attention, re-posted"].item.id]
    assert (doi.source, doi.source_id, doi.year) == ("crossref", DOI, 2025)

    # The list's own titles stay; the fetched ones sit beside them.
    assert [e.title for e in lib.entries("t")][:2] == [
        "Attention Is All You Need",
        "Formal Algorithms for Transformers",
    ]
    assert lib.find("Bad Apple").title == "Bad Apple" and video.title == "【東方】Bad Apple!! ＰＶ【影絵】"
    # lib.effort: what `next` and `progress` use
    efforts = lib.effort([r.item.id for r in results.values()])
    assert efforts[results["Attention Is All You Need"].item.id].label == "15-page paper"
    assert results["Risks from Learned Optimization"].item.id not in efforts


def test_a_second_run_uses_the_cache_and_refresh_fetches_again(
    prepared, services, client, site, clock
) -> None:
    lib = prepared
    first = by_title(lib.enrich("t", endpoints=services.endpoints, client=client))
    hits = site.hits() + services.server.hits()
    again = list(lib.enrich("t", endpoints=services.endpoints, client=client))
    assert {r.status for r in again} == {"cached"} and len(again) == 8
    assert site.hits() + services.server.hits() == hits  # nothing asked
    clock.advance(3600)
    refreshed = list(
        lib.enrich("t", only="arxiv,video", refresh=True, endpoints=services.endpoints, client=client)
    )
    assert {r.source for r in refreshed} == {"arxiv", "video"} and len(refreshed) == 5
    assert site.hits() + services.server.hits() > hits
    meta = lib.metadata([first["Attention Is All You Need"].item.id, first["Honoring the self"].item.id])
    assert meta[first["Attention Is All You Need"].item.id].fetched_at == clock.now  # refetched
    assert meta[first["Honoring the self"].item.id].fetched_at < clock.now  # not in --only: kept


def test_title_only_papers_attach_only_exact_matches_and_suggest_near_misses(
    prepared, services, client
) -> None:
    lib = prepared
    results = by_title(lib.enrich("t", only=["arxiv"], endpoints=services.endpoints, client=client))
    safety = lib.metadata([results["Concrete Problems in AI Safety"].item.id])
    (found,) = safety.values()
    assert found.link == "https://arxiv.org/abs/1606.06565" and found.pages == 29
    mesa = results["Risks from Learned Optimization"]
    assert mesa.metadata.link is None and mesa.metadata.pages is None
    (suggestion,) = mesa.metadata.suggestions
    assert suggestion.source_id == "1906.01820" and 0.6 <= suggestion.score < 1
    assert f"--accept {mesa.item.id}" in mesa.message

    with pytest.raises(InvalidArgumentError, match="not among the suggestions"):
        lib.accept_suggestion(mesa.item.id, "9999.99999", endpoints=services.endpoints, client=client)
    accepted = lib.accept_suggestion(mesa.item.id, endpoints=services.endpoints, client=client)
    assert accepted.status == "enriched"
    (now,) = lib.metadata([mesa.item.id]).values()
    assert now.link == "https://arxiv.org/abs/1906.01820" and now.pages == 39 and now.suggestions == ()
    assert lib.find(mesa.item.id).url is None  # the list's item is untouched; the link sits in its metadata


def test_one_failing_item_does_not_stop_the_run_and_is_tried_again(prepared, services, client, site) -> None:
    lib = prepared
    site.add("/post", Route(status=500, body=b"oops"))
    results = by_title(lib.enrich("t", endpoints=services.endpoints, client=client))
    post = results["JSON-LD for blogs"]
    assert post.status == "error" and "server error" in post.message
    assert sum(r.status == "enriched" for r in results.values()) == 6
    site.add("/post", Route(body=(DATA / "page_article_jsonld.html").read_bytes(), content_type="text/html"))
    again = by_title(lib.enrich("t", endpoints=services.endpoints, client=client))
    assert again["JSON-LD for blogs"].status == "enriched"
    assert again["Attention Is All You Need"].status == "cached"


def test_arxiv_rate_limit_is_waited_out(prepared, services, client, waits) -> None:
    services.arxiv_fail.append((503, b"Rate exceeded.", {"Retry-After": "5"}))
    results = by_title(prepared.enrich("t", only="arxiv", endpoints=services.endpoints, client=client))
    assert results["Attention Is All You Need"].status == "enriched"
    assert 5.0 in waits.seconds


def test_a_malformed_arxiv_answer_fails_its_batch_only(prepared, services, client) -> None:
    services.arxiv_fail.append((200, b"<html><body>Bad gateway</body></html>", {}))
    results = by_title(prepared.enrich("t", endpoints=services.endpoints, client=client))
    assert results["Attention Is All You Need"].status == "error"
    assert "not an Atom feed" in results["Formal Algorithms for Transformers"].message
    assert results["Honoring the self"].status == "enriched"
    assert results["Concrete Problems in AI Safety"].status == "enriched"  # later requests are fine


def test_an_id_arxiv_does_not_know_is_not_found(prepared, services, client) -> None:
    services.unknown_ids.add("2207.09238")
    results = by_title(prepared.enrich("t", only="arxiv", endpoints=services.endpoints, client=client))
    assert results["Formal Algorithms for Transformers"].status == "not_found"
    assert results["Attention Is All You Need"].status == "enriched"


def test_batches_are_sent_one_at_a_time_with_the_pause(lib, services, client, monkeypatch) -> None:
    from readinglist.enrich import arxiv

    monkeypatch.setattr(arxiv, "BATCH", 2)
    ids = [f"1901.{n:05d}" for n in range(5)]
    lib.import_list(
        ListToImport(name="p", items=tuple(ItemToImport(f"P{i}", f"https://arxiv.org/abs/{i}") for i in ids))
    )
    endpoints = dataclasses.replace(services.endpoints, arxiv_pause=0.3)
    results = list(lib.enrich("p", endpoints=endpoints, client=client))
    assert [r.status for r in results] == ["enriched"] * 5
    assert [q["id_list"][0].count(",") + 1 for q in services.arxiv_queries] == [2, 2, 1]
    gaps = [b - a for a, b in zip(services.arxiv_times, services.arxiv_times[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.29


def test_an_interrupted_run_keeps_what_it_stored(lib, services, client, monkeypatch) -> None:
    from readinglist.enrich import arxiv

    monkeypatch.setattr(arxiv, "BATCH", 2)
    ids = [f"1901.{n:05d}" for n in range(6)]
    lib.import_list(
        ListToImport(name="p", items=tuple(ItemToImport(f"P{i}", f"https://arxiv.org/abs/{i}") for i in ids))
    )
    run = lib.enrich("p", endpoints=services.endpoints, client=client)
    first = [next(run), next(run), next(run)]  # the first batch, and one of the second
    run.close()  # what Ctrl-C does to the loop
    assert len(services.arxiv_queries) == 2
    again = list(lib.enrich("p", endpoints=services.endpoints, client=client))
    assert [r.status for r in again] == ["cached"] * 4 + ["enriched"] * 2
    assert {r.item.id for r in first} <= {r.item.id for r in again if r.status == "cached"}
    assert len(services.arxiv_queries) == 3  # only the last batch was asked for


def test_users_minutes_override_the_estimate(prepared, services, client) -> None:
    lib = prepared
    list(lib.enrich("t", only="arxiv", endpoints=services.endpoints, client=client))
    item = lib.find("Attention Is All You Need")
    assert lib.effort([item.id])[item.id].minutes == 60
    lib.set_minutes(item, 25)
    assert lib.effort([item.id])[item.id].label == "~25 min (your estimate)"
    list(lib.enrich("t", only="arxiv", refresh=True, endpoints=services.endpoints, client=client))
    assert lib.effort([item.id])[item.id].minutes == 25  # a refetch keeps the reader's figure
    lib.set_minutes(item, None)
    assert lib.effort([item.id])[item.id].minutes == 60
    untouched = lib.find("Bad Apple")
    lib.set_minutes(untouched, 10)  # an item never enriched can still carry your estimate
    assert lib.effort([untouched.id])[untouched.id].minutes == 10
    with pytest.raises(InvalidArgumentError):
        lib.set_minutes(item, 0)


def test_unknown_sources_are_refused(prepared) -> None:
    with pytest.raises(InvalidArgumentError, match="unknown source 'podcasts'"):
        prepared.enrich(only="arxiv,podcasts")


def test_the_default_client_is_made_and_closed_by_the_library(prepared, services) -> None:
    results = list(prepared.enrich("t", only="books", endpoints=services.endpoints))
    assert [r.status for r in results] == ["enriched"]


def test_client_argument_kept_open(prepared, services) -> None:
    with Client(retries=0) as c:
        list(prepared.enrich("t", only="books", endpoints=services.endpoints, client=c))
        assert c.get(services.server.url("/search.json?isbn=0874772702")).ok  # still usable


def test_data_readme_names_every_fixture() -> None:
    readme = (Path(DATA) / "README.md").read_text()
    for f in Path(DATA).iterdir():
        if f.name != "README.md":
            assert f.name in readme, f.name


def test_books_by_title_and_author_and_progress_reports(lib, services, client) -> None:
    services.books["Honoring the Self"] = (DATA / "openlibrary_search_isbn.json").read_bytes()
    lib.import_list(
        ListToImport(
            name="b",
            items=(
                ItemToImport("Honoring the Self", None, kind=Kind.BOOK, author="Nathaniel Branden"),
                ItemToImport("A Book Nobody Wrote", None, kind=Kind.BOOK),
            ),
        )
    )
    seen: list[tuple[int, int]] = []
    results = by_title(
        lib.enrich(
            "b", endpoints=services.endpoints, client=client, progress=lambda d, t: seen.append((d, t))
        )
    )
    assert results["Honoring the Self"].status == "enriched"
    assert results["Honoring the Self"].metadata.pages == 268
    assert results["A Book Nobody Wrote"].status == "not_found"
    assert sorted(seen) == [(1, 2), (2, 2)]
    (query,) = [h.path for h in services.server.requests() if "Honoring" in h.path]
    assert "author=Nathaniel+Branden" in query
