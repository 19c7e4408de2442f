"""Real feeds the project had not seen, pulled as a user pulls them (see tests/data/feeds/real/README.md).

Each file is served by :mod:`feedserver` on 127.0.0.1, subscribed into a list of its own, and pulled through
``Library.pull_feeds`` (fetch threads, the parse pool, the single writer). What the lists hold was counted by
hand from the files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import FeedServer, Route, serve

from readinglist.feeds.text import author_name, summary_text
from readinglist.types import Kind

feed_server = pytest.fixture(serve)

REAL = Path(__file__).parent / "data" / "feeds" / "real"
FAST = (2.0, 20.0)


def pull_one(lib, server: FeedServer, name: str, content_type: str = "application/rss+xml") -> list:
    """Serve ``name``, subscribe list ``name`` to it, pull, and return the list's entries."""
    url = server.add(f"/{name}", Route(body=(REAL / name).read_bytes(), content_type=content_type))
    lib.add_feed(url, list=name)
    [result] = lib.pull_feeds([url], timeout=FAST)
    assert result.status == "new", result.error
    return lib.entries(name)


def test_arxiv_new_format_summaries_authors_and_a_revision_next_day(lib, feed_server: FeedServer) -> None:
    url = feed_server.add("/rss/cs.AI", Route(body=(REAL / "arxiv_cs_ai_day1.xml").read_bytes()))
    lib.add_feed(url, list="arxiv")
    [first] = lib.pull_feeds([url], timeout=FAST)
    assert first.status == "new" and len(first.new_items) == 2
    judges, mass = lib.entries("arxiv")
    assert judges.url == "https://arxiv.org/abs/2509.13332"
    assert judges.description.startswith("As Large Language Models (LLMs) are increasingly adopted")
    assert judges.author is None  # the channel's managingEditor is an address, not the paper's author
    assert mass.author == "Antonin Monteil, Paul Pegon"
    assert mass.description.startswith("We consider first order local minimization problems")
    assert {judges.item.kind, mass.item.kind} == {Kind.PAPER}
    assert (judges.published, mass.published) == ("2025-09-18T04:00:00Z", "2025-09-18T04:00:00Z")
    # the next day: 2203.01250 announced again as v3 (replace-cross), under a new id
    feed_server.add("/rss/cs.AI", Route(body=(REAL / "arxiv_cs_ai_day2.xml").read_bytes()))
    [second] = lib.pull_feeds([url], timeout=FAST)
    assert second.error is None and second.new_items == ()
    assert [e.url for e in lib.entries("arxiv")] == [judges.url, mass.url]


def test_mailbox_authors_and_odd_dates(lib, feed_server: FeedServer) -> None:
    hugo = pull_one(lib, feed_server, "hugo_mailbox_author.xml")
    assert [e.author for e in hugo] == ["Jonas Große Sundrup"] * 2
    assert hugo[0].description == (
        "Everyone wants good compression. But what exactly is good compression? Time for a closer look."
    )
    assert [e.published for e in hugo] == ["2021-03-02T22:39:15Z", "2021-02-13T00:00:00Z"]
    vale = pull_one(lib, feed_server, "verdagon_odd_date.xml")
    assert [e.author for e in vale] == ["Evan Ovadia"] * 2
    assert [e.published for e in vale] == ["2022-11-09T14:15:00Z", "2022-10-07T14:15:00Z"]


def test_podcast_episode_is_a_podcast(lib, feed_server: FeedServer) -> None:
    [episode] = pull_one(lib, feed_server, "transistor_podcast.xml")
    assert (episode.title, episode.url) == ("Lip-Bu Tan's Intel", "https://share.transistor.fm/s/59bf46b3")
    assert episode.item.kind is Kind.PODCAST
    assert (episode.author, episode.published) == ("Oxide Computer Company", "2025-03-21T14:00:00Z")
    assert episode.description.startswith("Intel has a new CEO! And it's Lip-Bu Tan.")


def test_json_feed_with_relative_urls_that_repeat_the_ids(lib, feed_server: FeedServer) -> None:
    entries = pull_one(lib, feed_server, "publii_relative.json", "application/feed+json")
    assert [e.url for e in entries] == [feed_server.url("/bnf.html"), feed_server.url("/futur-en-seine.html")]
    assert [e.title for e in entries] == ["BnF", "Futur en Seine"]
    assert [e.author for e in entries] == ["oswn", "oswn"]
    assert [e.published for e in entries] == ["2019-05-29T11:35:57Z", "2019-05-28T20:40:02Z"]


def test_reddit_neverwinter_and_youtube(lib, feed_server: FeedServer) -> None:
    reddit = pull_one(lib, feed_server, "reddit_homelab.atom", "application/atom+xml")
    assert [e.url.split("/")[6] for e in reddit] == ["157kyrd", "157kwjw", "157knaz"]
    assert [e.author for e in reddit] == ["/u/Remarkable_Housing61", "/u/bardodev", "/u/teapots12"]
    assert reddit[1].description.startswith("What's up guys? I've got one")
    assert reddit[2].title == "Are there any 1u cases that are ATX and support 2 3.5\u201d hard drives?"
    game = pull_one(lib, feed_server, "neverwinter_relative.xml")
    assert [e.title for e in game] == [
        "Neverwinter & Jingle Jam Humble Bundle!",
        "2x Underdark Currency & 15% off Bags!",
    ]
    assert game[0].url == feed_server.url(
        "/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21"
    )
    assert [e.published for e in game] == ["2017-12-07T18:00:29Z", "2017-12-07T15:00:00Z"]
    videos = pull_one(lib, feed_server, "youtube_channel.atom", "application/atom+xml")
    assert [e.url for e in videos] == [
        "https://www.youtube.com/watch?v=yGZ6h6WhPXU",
        "https://www.youtube.com/shorts/xxQE1EzIw0Q",
    ]
    assert {e.item.kind for e in videos} == {Kind.VIDEO}
    assert videos[1].description == "聞け…令和キッズ…これが社会だ"
    assert len({e.item.id for e in videos}) == 2


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("jonas@insanity.industries (Jonas Große Sundrup)", "Jonas Große Sundrup"),
        ("Jo Doe (jo@example.org)", "Jo Doe"),
        ("rss-help@arxiv.org", ""),
        ("mailto:editor@example.org", ""),
        ("Antonin Monteil, Paul Pegon", "Antonin Monteil, Paul Pegon"),
        ("Mary Smith (the editor)", "Mary Smith (the editor)"),
        ("/u/bardodev", "/u/bardodev"),
    ],
)
def test_author_name(written: str, name: str) -> None:
    assert author_name(written) == name


def test_summary_text_drops_only_arxivs_preamble() -> None:
    assert summary_text("arXiv:2509.13332v1 Announce Type: new Abstract: As Large") == "As Large"
    assert summary_text("arXiv:hep-ex/0307015v1 Announce Type: replace-cross Abstract: Old") == "Old"
    kept = "Abstract: a post that quotes arXiv:2509.13332v1 Announce Type: new"
    assert summary_text(kept) == kept


def test_medium_and_wordpress_summaries_lose_their_boilerplate(lib, feed_server: FeedServer) -> None:
    medium = pull_one(lib, feed_server, "medium_stackademic.xml")
    assert [e.author for e in medium] == ["Daniel Capra"] * 2
    assert medium[0].url.endswith("-127d84078424?source=rss-8717e15cbfc4------2")
    assert (
        medium[0].item.canonical_url
        == "https://blog.stackademic.com/swifts-asyncstream-explained-127d84078424"
    )
    assert medium[0].description.startswith("What is AsyncStream and how to use it Swift 5.5 introduced")
    assert "Unsplash" not in medium[0].description
    assert medium[1].description == (
        "Here goes my 1st Medium article. Whether you\u2019re building a color picker or an utilities app, you might "
        "want to add color sampling functionality and upon googling a bit, realise there aren\u2019t many options to "
        "choose from out there."
    )
    [episode] = pull_one(lib, feed_server, "wordpress_yoast_podcast.xml")
    assert episode.item.kind is Kind.PODCAST
    assert episode.description.endswith("modern conversations with real native speakers. Hello...")
    assert "appeared first on" not in episode.description
    assert episode.published == "2017-06-22T05:15:38Z"


@pytest.mark.parametrize(
    ("text", "title", "summary"),
    [
        ("Nice. The post My Post appeared first on Site.", "My Post", "Nice."),
        ("Nice. My Post was originally published in Pub on Medium, where people...", "My Post", "Nice."),
        ("An excerpt. Continue reading My Post →", "My Post", "An excerpt."),
        ("speakers. Hello... Read More", "T", "speakers. Hello..."),
        ("We like to continue reading", "T", "We like to continue reading"),
        ("Thing. Continue reading the spec now", "T", "Thing. Continue reading the spec now"),
        ("The post Other appeared first on Site.", "My Post", "The post Other appeared first on Site."),
    ],
)
def test_summary_text_drops_footers_naming_the_title(text: str, title: str, summary: str) -> None:
    assert summary_text(text, title) == summary


def test_a_title_fixed_upstream_is_fixed_here(lib, feed_server: FeedServer) -> None:
    """The next pull of a feed whose entry (same id) was retitled gives the entry, and its item, the new title."""
    body = (REAL / "hugo_mailbox_author.xml").read_bytes()
    url = feed_server.add("/index.xml", Route(body=body))
    lib.add_feed(url, list="blog")
    list(lib.pull_feeds([url], timeout=FAST))
    fixed = body.replace(
        b"<title>Pareto-optimal compression</title>", b"<title>Pareto-optimal compression, revisited</title>"
    )
    assert fixed != body
    feed_server.add("/index.xml", Route(body=fixed))
    [result] = lib.pull_feeds([url], timeout=FAST)
    assert result.error is None and result.new_items == ()
    first, second = lib.entries("blog")
    assert (first.title, first.item.title) == ("Pareto-optimal compression, revisited",) * 2
    assert second.title == "Tracking leftover packages with pacman"
    assert [e.item.title for e in lib.search("revisited")] == ["Pareto-optimal compression, revisited"]


def test_a_retitle_leaves_another_lists_name_for_the_work(lib, feed_server: FeedServer) -> None:
    from readinglist.types import ItemToImport, ListToImport

    link = "https://insanity.industries/post/pacman-tracking-leftover-packages/"
    lib.import_list(ListToImport(name="reading", items=(ItemToImport(title="Pacman leftovers", url=link),)))
    body = (REAL / "hugo_mailbox_author.xml").read_bytes()
    url = feed_server.add("/index.xml", Route(body=body))
    lib.add_feed(url, list="blog")
    list(lib.pull_feeds([url], timeout=FAST))
    retitled = body.replace(b"Tracking leftover packages with pacman", b"Tracking leftover packages")
    feed_server.add("/index.xml", Route(body=retitled))
    list(lib.pull_feeds([url], timeout=FAST))
    blog = {e.url: e for e in lib.entries("blog")}
    [reading] = lib.entries("reading")
    assert blog[link].item.id == reading.item.id  # one work in both lists
    assert blog[link].title == "Tracking leftover packages"  # the feed's entry follows the feed
    assert (reading.title, reading.item.title) == (
        "Pacman leftovers",
        "Pacman leftovers",
    )  # the list's name stays


def test_blogger_atom_authors_and_alternate_links(lib, feed_server: FeedServer) -> None:
    posts = pull_one(lib, feed_server, "blogger_android_studio.atom", "application/atom+xml")
    assert [e.url for e in posts] == [
        "https://androidstudio.googleblog.com/2022/11/android-studio-flamingo-canary-9-now.html",
        "https://androidstudio.googleblog.com/2022/11/android-studio-electric-eel-rc1-now.html",
    ]
    assert [e.author for e in posts] == ["Navee", "Amy Gu"]  # not 'Navee (noreply@blogger.com)'
    assert [e.published for e in posts] == ["2022-12-01T03:26:00Z", "2022-11-30T17:48:00Z"]
    assert posts[0].description.startswith(
        "Android Studio - Flamingo | 2022.2.1 Canary 9 is now available in the Canary channel. If you already have"
    )


def test_jekyll_feed_authors_lose_their_address_and_shared_links_stay_apart(
    lib, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", Route(body=(REAL / "jekyll_academic_pages.atom").read_bytes()))
    lib.add_feed(url, list="site")
    [result] = lib.pull_feeds([url], timeout=FAST)
    assert (result.status, result.shared_links, len(result.new_items)) == ("new", 2, 3)
    posts = lib.entries("site")
    assert [e.title for e in posts] == ["Future Blog Post", "Blog Post number 4", "Blog Post number 3"]
    assert {e.author for e in posts} == {"Ayush Baid"}
    assert posts[0].published == "2199-01-01T08:00:00Z"
    assert posts[0].url == posts[1].url and posts[0].item.id != posts[1].item.id


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Understanding Option<T> in Rust", "Understanding Option<T> in Rust"),
        ("Why Vec<Box<dyn Trait>> is slow", "Why Vec<Box<dyn Trait>> is slow"),
        ("HashMap<String, Vec<u8>> tips", "HashMap<String, Vec<u8>> tips"),
        ("Result<A, B> and <b>bold</b>", "Result<A, B> and bold"),
        ("Using <code>std::vector&lt;int&gt;</code>", "Using std::vector<int>"),
        ("[click] <img src=x onerror=alert(1)> <script>x()</script>", "[click]"),
        ("I <3 <my-widget>feeds</my-widget>", "I <3 feeds"),
    ],
)
def test_a_less_than_that_opens_no_html_element_is_text(title: str, text: str) -> None:
    from readinglist.feeds.text import clean_title, html_to_text, text_start

    assert clean_title(title) == text
    long = f"<p>{title}</p>" + "<p>filler words here</p>" * 60
    assert text_start(long, 40)[0].startswith(text) and html_to_text(long).startswith(text)
