"""CSV/TSV importer: Goodreads and Pocket exports, generic curriculum tables, bad input."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.exceptions import ImportFormatError, ReadingListError
from readinglist.importers import csvfile
from readinglist.types import Kind, Link, Status


def _load(data_dir: Path, name: str):
    return csvfile.parse((data_dir / "csv" / name).read_bytes())


def test_goodreads_export(data_dir: Path) -> None:
    lst = _load(data_dir, "goodreads_library_export.csv")
    assert lst.title == "Goodreads library"
    assert lst.warnings == ()
    assert [i.title for i in lst.items] == [
        "Atomic Habits: An Easy & Proven Way to Build Good Habits & Break Bad Ones",
        "Educated",
        "Sapiens: A Brief History of Humankind",
        "Harry Potter and the Sorcerer's Stone (Harry Potter #1)",
    ]
    habits, educated, sapiens, potter = lst.items
    assert habits.url == "https://www.goodreads.com/book/show/40121378"
    assert habits.links == (Link("Open Library", "https://openlibrary.org/isbn/9780735211292"),)
    assert (habits.status, habits.rating, habits.progress_note) == (Status.READ, 4, "Good, practical.")
    assert (habits.kind, habits.author, habits.published) == (Kind.BOOK, "James Clear", "2018")
    assert educated.links == ()  # the ="" empty ISBN quoting gives no link
    assert (educated.status, educated.rating) == (Status.READING, None)  # My Rating 0 = not rated
    assert sapiens.status is Status.UNREAD
    assert sapiens.author == "Yuval Noah Harari, John Purcell, Haim Watzman"
    assert sapiens.published == "2011"  # the original publication year, not this edition's
    assert (potter.status, potter.rating) == (Status.SKIPPED, 2)
    assert potter.progress_note == "Not for me.\n\nBorrowed from the library."
    assert all(i.section == () for i in lst.items)


def test_pocket_export(data_dir: Path) -> None:
    lst = _load(data_dir, "pocket.csv")
    assert lst.title == "Pocket"
    assert [(i.title, i.url, i.status, i.note) for i in lst.items] == [
        (
            "Understanding LSTM Networks -- colah's blog",
            "https://colah.github.io/posts/2015-08-Understanding-LSTMs/",
            Status.READ,
            "ml, rnn",
        ),
        (
            "https://karpathy.github.io/2015/05/21/rnn-effectiveness/",
            "https://karpathy.github.io/2015/05/21/rnn-effectiveness/",
            Status.UNREAD,
            None,
        ),
        (
            "The Illustrated Transformer",
            "https://jalammar.github.io/illustrated-transformer/",
            Status.UNREAD,
            "ml",
        ),
    ]
    assert lst.warnings == ("line 5: no URL; row skipped",)


def test_generic_curriculum(data_dir: Path) -> None:
    lst = _load(data_dir, "curriculum.csv")
    got = [(i.title, i.url, i.section, i.tier, i.tier_label, i.status, i.kind) for i in lst.items]
    assert got == [
        (
            "Essence of linear algebra",
            "https://www.youtube.com/playlist?list=PLZHQObOsmjQ-m",
            ("Foundations", "Linear algebra"),
            1,
            "Beginner",
            Status.READ,
            Kind.VIDEO,
        ),
        (
            "The Matrix Cookbook",
            "https://www.math.uwaterloo.ca/~hwolkowi/matrixcookbook.pdf",
            ("Foundations", "Linear algebra"),
            3,
            "Advanced",
            None,
            None,
        ),
        (
            'Probability, the "Bayesian" way',
            None,
            ("Foundations", "Probability"),
            2,
            "Intermediate",
            Status.UNREAD,
            Kind.BOOK,
        ),
        (
            "Attention Is All You Need",
            "https://arxiv.org/abs/1706.03762",
            ("Transformers",),
            2,
            None,
            Status.READ,
            Kind.PAPER,
        ),
        (
            "The Annotated Transformer",
            "http://nlp.seas.harvard.edu/annotated-transformer/",
            ("Transformers",),
            4,
            "Tier 4+",
            Status.SKIPPED,
            None,
        ),
        (
            "Spinning Up in Deep RL",
            "https://spinningup.openai.com/",
            ("RL",),
            None,
            "Stretch goal",
            Status.READING,
            Kind.COURSE,
        ),
    ]
    assert lst.items[0].note == "3Blue1Brown"
    assert lst.items[4].note == "long, but worth it"
    assert lst.warnings == (
        "line 8: no title or URL; row skipped",
        "tier values without a number kept as labels only: 'Stretch goal'",
    )


def test_tsv(data_dir: Path) -> None:
    lst = _load(data_dir, "list.tsv")
    assert [(i.title, i.section, i.tier, i.status, i.rating) for i in lst.items] == [
        ("Deep Learning Book", ("Books",), 1, Status.READ, 5),
        ("Neural Networks: Zero to Hero", ("Courses",), 1, Status.UNREAD, None),
        ("d2l.ai", ("Books",), 2, None, 3),
    ]
    assert lst.items[2].url == "https://d2l.ai/"


def test_semicolons_preamble_and_multiline_cells() -> None:
    data = (
        b"My reading list;;\n\nName;Link;Topic\n"
        b'"Attention\nis all you need";arxiv.org/abs/1706.03762;DL > Transformers\n'
        b"A/B testing primer;www.example.org/ab;Stats\n"
    )
    lst = csvfile.parse(data)
    assert [(i.title, i.url, i.section) for i in lst.items] == [
        ("Attention is all you need", "https://arxiv.org/abs/1706.03762", ("DL", "Transformers")),
        ("A/B testing primer", "https://www.example.org/ab", ("Stats",)),
    ]


def test_only_url_column_uses_url_as_title() -> None:
    lst = csvfile.parse(b"URL\n<https://a.example/x>\n10.1109/JPROC.2021.3058954\n")
    assert [(i.title, i.url) for i in lst.items] == [
        ("https://a.example/x", "https://a.example/x"),
        ("https://doi.org/10.1109/JPROC.2021.3058954", "https://doi.org/10.1109/JPROC.2021.3058954"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", (2, None)),
        ("Tier 1", (1, None)),
        ("1.0", (1, None)),
        ("Tier 4+", (4, "Tier 4+")),
        ("Level 3", (3, "Level 3")),
        ("advanced", (3, "advanced")),
        ("Core", (2, "Core")),
        ("Someday", (None, "Someday")),
        ("", (None, None)),
    ],
)
def test_parse_tier(text: str, expected: tuple[int | None, str | None]) -> None:
    assert csvfile.parse_tier(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", 4),
        ("4/5", 4),
        ("8/10", 4),
        ("★★★", 3),
        ("0", None),
        ("", None),
        ("9", None),
        ("4.0", 4),
        ("n/a", None),
    ],
)
def test_parse_rating(text: str, expected: int | None) -> None:
    assert csvfile.parse_rating(text) == expected


def test_no_title_or_url_column_names_the_columns(data_dir: Path) -> None:
    with pytest.raises(ImportFormatError) as err:
        _load(data_dir, "no-title.csv")
    assert "'id', 'added', 'score'" in str(err.value)


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02binary" * 10])
def test_empty_and_binary_refused(data: bytes) -> None:
    with pytest.raises(ImportFormatError):
        csvfile.parse(data)


def test_header_only_refused() -> None:
    with pytest.raises(ImportFormatError, match="no rows"):
        csvfile.parse(b"title,url\n")


def test_sniff() -> None:
    assert csvfile.sniff("Book Id,Title,Author,Exclusive Shelf\n1,a,b,read\n") == 100
    assert csvfile.sniff("title,url\na,https://a\n") == 90
    assert csvfile.sniff("# Heading\n\n- [a](https://a)\n") == 0
    assert csvfile.sniff("just a sentence\n") == 0
    assert csvfile.sniff("title|url\na|https://a\nb|https://b\n") == 90  # a pipe-delimited file is a table


def test_a_markdown_table_is_not_taken_for_pipe_delimited_csv() -> None:
    """A real Markdown table (tests/data/fidelity/table_bare_urls.md, whose header names Title and Link columns) was
    sniffed as CSV: its rule row became an item linked to "-----"."""
    from pathlib import Path

    from readinglist.importers import detect_format

    data = (Path(__file__).parent / "data" / "fidelity" / "table_bare_urls.md").read_bytes()
    assert csvfile.sniff(data.decode()) == 0
    assert detect_format(data) == detect_format(data, "list.md") == "markdown"
    assert csvfile.sniff("Title | Link\n:--- | ---:\nA | https://a\n") == 0  # outer pipes are optional


def test_huge_single_field_is_read_whole() -> None:
    data = b"title,url\n" + b'"' + b"x" * 2_000_000 + b'",https://a\n'
    lst = csvfile.parse(data)
    assert len(lst.items[0].title) == 2_000_000


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_readinglist_errors(data: bytes) -> None:
    with contextlib.suppress(ReadingListError):
        csvfile.parse(data)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), min_size=1, max_size=8),
    st.sampled_from([",", "\t", ";"]),
)
def test_random_tables_only_raise_readinglist_errors(rows: list[list[str]], delimiter: str) -> None:
    header = delimiter.join(["title", "url", "topic", "tier", "status", "rating"])
    body = "\n".join(delimiter.join(r) for r in rows)
    try:
        lst = csvfile.parse(f"{header}\n{body}\n".encode())
    except ReadingListError:
        return
    assert all(i.title for i in lst.items)


def test_headerless_title_url_rows() -> None:
    lst = csvfile.parse(b"Attention Is All You Need,https://arxiv.org/abs/1706.03762\nhttps://d2l.ai/\n")
    assert [(i.title, i.url) for i in lst.items] == [
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762"),
        ("https://d2l.ai/", "https://d2l.ai/"),
    ]


def test_zotero_export(data_dir: Path) -> None:
    """Zotero's CSV export (File > Export Library > CSV; header verbatim): "Item Type" gives the kind, "Abstract
    Note" the description, and a DOI stands in for an empty Url."""
    lst = _load(data_dir, "zotero.csv")
    got = [(i.title, i.url, i.kind, i.author, i.published) for i in lst.items]
    assert got == [
        (
            "Attention Is All You Need",
            "http://arxiv.org/abs/1706.03762",
            Kind.PAPER,
            "Vaswani, Ashish; Shazeer, Noam",
            "2017",
        ),
        (
            "Deep Learning",
            "https://openlibrary.org/isbn/9780262035613",
            Kind.BOOK,
            "Goodfellow, Ian; Bengio, Yoshua; Courville, Aaron",
            "2016",
        ),
        (
            "Deep Residual Learning for Image Recognition",
            "https://doi.org/10.1109/CVPR.2016.90",
            Kind.PAPER,
            "He, Kaiming",
            "2015",
        ),
    ]
    assert lst.items[0].description == "The dominant sequence transduction models..."


def test_instapaper_export(data_dir: Path) -> None:
    lst = _load(data_dir, "instapaper.csv")
    assert lst.title == "Instapaper"
    assert [(i.title, i.section, i.status) for i in lst.items] == [
        ("Fernando Pessoa’s Disappearing Act", (), None),
        ("Knightmare: A DevOps Cautionary Tale", (), None),
        ("Love in Translation", (), None),
    ]


def test_instapaper_folders_are_statuses_or_the_readers_topics_and_tags_are_json() -> None:
    text = (
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://ex.org/a,Archived,,Archive,1694613937,"[""devops"", ""sre""]"\n'
        "https://ex.org/b,Waiting,a quote they saved,Unread,1694613937,[]\n"
        "https://ex.org/c,Filed,,Distributed Systems,1694613937,\n"
        ",No link,,Unread,1694613937,\n"
    )
    lst = csvfile.parse(text.encode())
    got = [(i.title, i.section, i.status, i.note, i.description) for i in lst.items]
    assert got == [
        ("Archived", (), Status.READ, "devops, sre", None),
        ("Waiting", (), Status.UNREAD, None, "a quote they saved"),
        ("Filed", ("Distributed Systems",), None, None, None),
    ]
    assert lst.warnings == ("line 5: no URL; row skipped",)


def test_raindrop_export_columns_read_by_their_names() -> None:
    """Raindrop.io's CSV (``id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite``): the folder
    is the topic, the reader's note the note, the page's excerpt the description."""
    text = (
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        '1,Uno,Mi nota,An excerpt,https://rd.example/uno,Trabajo,"a, b",2024-03-01T10:00:00.000Z,,,true\n'
    )
    (item,) = csvfile.parse(text.encode()).items
    assert (item.title, item.url, item.section, item.note, item.description) == (
        "Uno",
        "https://rd.example/uno",
        ("Trabajo",),
        "Mi nota",
        "An excerpt",
    )


def test_storygraph_export(data_dir: Path) -> None:
    lst = _load(data_dir, "storygraph.csv")
    assert lst.title == "StoryGraph library" and len(lst.items) == 8
    assert all(i.kind is Kind.BOOK for i in lst.items)
    statuses = [i.status for i in lst.items]
    assert statuses.count(Status.READ) == 7 and statuses[4] is Status.UNREAD
    whipping = lst.items[2]
    assert (whipping.url, whipping.author) == ("https://openlibrary.org/isbn/042504355X", "Frank Herbert")
    assert [i.read_at for i in lst.items if i.read_at] == ["2024-12-12"]


def test_storygraph_ratings_reviews_and_uids() -> None:
    text = (
        "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,"
        "Star Rating,Review,Tags,Owned?\n"
        'Red Rising,"Pierce Brown, Someone Else",,9780345539786,paperback,read,2024/12/01,2026/09/12,,2,3.75,'
        "Worse than I remembered,,No\n"
        "Some Web Novel,Anon,,a1b2-c3d4,digital,did-not-finish,2025/01/01,,,0,,,,No\n"
    )
    red, novel = csvfile.parse(text.encode()).items
    assert (red.rating, red.progress_note, red.read_at) == (4, "Worse than I remembered", "2026-09-12")
    assert (novel.url, novel.status) == (None, Status.SKIPPED)


def test_readwise_reader_export() -> None:
    """The columns Readwise documents for Reader's export; Feed entries were never saved, so they stay out."""
    text = (
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        "Done,https://ex.org/done,01a,\"['ml', 'rl']\",2022-11-06 04:33:50+00:00,1,archive,True\n"
        "Half way,https://ex.org/half,01b,[],2022-11-06 04:33:50+00:00,0.4,later,True\n"
        "Saved,https://ex.org/saved,01c,[],2022-11-06 04:33:50+00:00,0,new,False\n"
        "Pulled in,https://ex.org/feed1,01d,[],2022-11-06 04:33:50+00:00,0,feed,False\n"
        "Pulled in too,https://ex.org/feed2,01e,[],2022-11-06 04:33:50+00:00,0,feed,False\n"
    )
    lst = csvfile.parse(text.encode())
    assert lst.title == "Readwise Reader"
    assert [(i.title, i.status, i.note) for i in lst.items] == [
        ("Done", Status.READ, "ml, rl"),
        ("Half way", Status.READING, None),
        ("Saved", Status.UNREAD, None),
    ]
    assert lst.warnings == ("2 rows skipped: a Reader feed entry the reader never saved (lines 5, 6)",)


def test_youtube_playlist_from_google_takeout(data_dir: Path) -> None:
    lst = _load(data_dir, "youtube_watch_later.csv")
    assert lst.title == "YouTube playlist" and lst.warnings == ()
    assert [(i.url, i.kind) for i in lst.items] == [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Kind.VIDEO),
        ("https://www.youtube.com/watch?v=jNQXAC9IVRw", Kind.VIDEO),
    ]


def test_youtube_playlist_in_takeouts_older_layout() -> None:
    """Older Takeout files start with the playlist's own header and row; the video table follows a blank line."""
    text = (
        "Playlist Id,Channel Id,Title,Visibility\nPLx,UCx,Road trip,Public\n\n"
        "Video Id,Time Added\nabcdefghijk,2020-01-01 00:00:00 UTC\nnot-an-id,2020-01-01 00:00:00 UTC\n"
    )
    lst = csvfile.parse(text.encode())
    assert [i.url for i in lst.items] == ["https://www.youtube.com/watch?v=abcdefghijk"]
    assert lst.warnings == ("line 6: no YouTube video id; row skipped",)


def test_a_table_with_a_video_id_and_titles_of_its_own_is_read_by_its_columns() -> None:
    text = "Title,URL,Video ID\nLet's build GPT,https://www.youtube.com/watch?v=kCc8FmEb1nY,kCc8FmEb1nY\n"
    (item,) = csvfile.parse(text.encode()).items
    assert (item.title, item.url) == ("Let's build GPT", "https://www.youtube.com/watch?v=kCc8FmEb1nY")


def test_url_cells_without_a_link_keep_their_row_by_title() -> None:
    """A URL column holding "n/a" or a dash stored that text as the item's link; now the row is kept by its title,
    and the warning says how many cells and which."""
    lst = csvfile.parse(b"title,url\nA,n/a\nB,https://b.org/x\nC,-\nD,arxiv.org/abs/1706.03762\nE,-\n")
    assert [(i.title, i.url) for i in lst.items] == [
        ("A", None),
        ("B", "https://b.org/x"),
        ("C", None),
        ("D", "https://arxiv.org/abs/1706.03762"),
        ("E", None),
    ]
    assert lst.warnings == ("3 URL cell(s) hold no link ('n/a', '-'): their rows are kept by title",)
