"""read_opml / write_opml: folders, odd attribute spellings, hostile XML, round trip, the bundled OPML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError
from readinglist.feeds.opml import Subscription, read_opml, write_opml
from readinglist.urls import canonical_url

BUNDLED = Path(__file__).resolve().parents[1] / "lists" / "ai-engineer-feeds.opml"

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Top level" xmlUrl="https://example.com/top.xml"/>
    <outline text="Tech">
      <outline title="Blogs" text="Blog folder">
        <outline text="Eugene Yan" type="rss" xmlurl="https://eugeneyan.com/rss/" HTMLURL="https://eugeneyan.com/"/>
        <outline text="  Chip
              Huyen " xmlUrl="https://huyenchip.com/feed.xml"/>
      </outline>
      <outline text="arXiv" type="rss" xmlUrl="feed://rss.arxiv.org/rss/cs.CL"/>
      <outline text="Not a feed: a link outline" type="link" url="https://example.com/page"/>
      <outline text="mailto is not a feed" xmlUrl="mailto:someone@example.com"/>
    </outline>
    <outline xmlUrl="https://eugeneyan.com/rss/" text="Duplicate later on"/>
    <outline text="Empty folder"/>
  </body>
</opml>
"""


def test_nested_folders_and_attribute_spellings() -> None:
    assert read_opml(NESTED) == [
        Subscription("https://example.com/top.xml", "Top level", None, ()),
        Subscription("https://eugeneyan.com/rss/", "Eugene Yan", "https://eugeneyan.com/", ("Tech", "Blogs")),
        Subscription("https://huyenchip.com/feed.xml", "Chip Huyen", None, ("Tech", "Blogs")),
        Subscription("https://rss.arxiv.org/rss/cs.CL", "arXiv", None, ("Tech",)),
    ]


def test_no_body_or_no_feeds_gives_empty_list() -> None:
    assert read_opml(b'<opml version="2.0"><head/></opml>') == []
    assert read_opml(b'<opml version="2.0"><body><outline text="x"/></body></opml>') == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://example.com/feed"/></body></opml>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://example.com/feed"/></body></opml>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://example.com/opml.dtd">
<opml version="2.0"><body><outline text="x" xmlUrl="https://example.com/feed"/></body></opml>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["bomb", "xxe", "dtd"])
def test_hostile_xml_is_refused_before_expansion(data: bytes) -> None:
    with pytest.raises(ImportFormatError) as info:
        read_opml(data, source="evil.opml")
    assert str(info.value).startswith("evil.opml declares a DTD or entities")
    assert info.value.format == "opml"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "feeds.opml is empty"),
        (b"<opml><body>", "feeds.opml is not well-formed XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "feeds.opml is not well-formed XML"),
        (b'<rss version="2.0"><channel/></rss>', "feeds.opml is XML but not OPML (root element <rss>)"),
    ],
)
def test_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        read_opml(data, source="feeds.opml")
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_round_trip_keeps_order_folders_titles_and_escaping() -> None:
    subs = [
        Subscription("https://example.com/a?x=1&y=2", "A & <B>", "https://example.com/", ()),
        Subscription("https://eugeneyan.com/rss/", "Eugene Yan", None, ("Tech", "Blogs")),
        Subscription("https://rss.arxiv.org/rss/cs.CL", None, None, ("Tech",)),
        Subscription("https://huyenchip.com/feed.xml", "Chip Huyen", None, ("Tech", "Blogs")),
        Subscription("https://example.org/机器之心.xml", "机器之心", None, ("中文",)),
    ]
    text = write_opml(subs, title="Mine")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Mine</title>" in text
    back = read_opml(text.encode("utf-8"))
    # feeds are grouped under their folder when written, so Chip Huyen joins Eugene Yan in Tech/Blogs (which comes
    # before arXiv inside Tech); an untitled feed is written with its URL as text (OPML requires text)
    a, eugene, arxiv, chip, chinese = subs
    assert back == [a, eugene, chip, Subscription(arxiv.url, arxiv.url, None, ("Tech",)), chinese]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20),
            st.lists(
                st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8),
                max_size=3,
            ),
        ),
        max_size=6,
    )
)
def test_round_trip_property(entries: list[tuple[str, list[str]]]) -> None:
    subs = []
    for n, (title, folder) in enumerate(entries):
        clean_title = " ".join(title.split())
        clean_folder = tuple(" ".join(f.split()) for f in folder if f.split())
        subs.append(Subscription(f"https://example.com/feed/{n}", clean_title or None, None, clean_folder))
    back = {s.url: s for s in read_opml(write_opml(subs).encode())}
    assert len(back) == len(subs)
    for s in subs:
        assert back[s.url].folder == s.folder
        assert back[s.url].title == (s.title or s.url)


def test_bundled_ai_engineer_feeds() -> None:
    subs = read_opml(BUNDLED.read_bytes(), source=BUNDLED.name)
    assert len(subs) == 16
    by_title = {s.title: s for s in subs}
    assert by_title["Latent Space"].url == "https://www.latent.space/feed"
    assert by_title["Latent Space"].folder == ("AI engineering",)
    assert by_title["arXiv cs.CL (Computation and Language)"].url == "https://rss.arxiv.org/rss/cs.CL"
    assert by_title["Elicit machine-learning-list commits"].url == (
        "https://github.com/elicit/machine-learning-list/commits/main.atom"
    )
    assert {s.folder for s in subs} == {
        ("AI engineering",),
        ("Explainers",),
        ("Companies and investors",),
        ("Papers",),
        ("Reading lists",),
    }
    assert all(s.title and s.html_url and s.url.startswith("https://") for s in subs)
    canon = [canonical_url(s.url) for s in subs]
    assert len(set(canon)) == len(canon)
