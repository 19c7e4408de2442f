"""Real files of the structured formats the project had not seen (HTML course pages, YAML site data, app exports,
OPML subscriptions, BibTeX), each imported as a reader would: the expected items were counted by hand from the
fixtures (sources in the README beside each one)."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest

from readinglist.exceptions import ReadingListError
from readinglist.importers import detect_format, parse
from readinglist.types import Kind, Status

DATA = Path(__file__).resolve().parent / "data"


def _load(folder: str, name: str, *, sniffed: str):
    data = (DATA / folder / name).read_bytes()
    assert detect_format(data) == sniffed, "the content alone must say the format"
    return parse(data, filename=name)


# --- HTML: a course's readings page ------------------------------------------------------------------------


def test_course_page_citations_with_doi_and_site_links() -> None:
    """``<li>Authors et al. Title. Venue Year. <a>DOI</a></li>``: the label link is the work's link, the text
    before it the citation: no item is titled "DOI" or "site"."""
    result = _load("html", "mit_readings.html", sniffed="html")
    items = result.items
    assert len(items) == 18
    assert not [i.title for i in items if i.title.lower() in ("doi", "site", "pdf", "arxiv")]
    first, kapania = items[0], items[1]
    assert (first.title, first.url, first.author, first.note, first.published) == (
        "The Global Impact of Generative AI on the HCI Landscape",
        "https://dl.acm.org/doi/10.1145/3772363.3790107",
        None,
        "Panel, CHI 2026",
        "2026",
    )
    assert (kapania.title, kapania.author, kapania.note, kapania.published) == (
        "Examining the Ethics of LLM Use in HCI Research Practices",
        "Kapania et al.",
        "CSCW 2025",
        "2025",
    )
    by_title = {i.title: i for i in items}
    death = by_title["Death of the Design Researcher? Creating Knowledge Resources for Designers Using Generative AI"]
    assert (death.note, death.published) == ("Workshop, DIS 2024", "2024")
    tools = by_title["Tools for Thought: Understanding, Protecting, and Augmenting Human Cognition with Generative AI"]
    assert tools.url == "https://ai-tools-for-thought.github.io/workshop/2025"
    assert (tools.note, tools.published) == ("Workshop, CHI 2025 and 2026", None)  # two years: no one year
    sections = [i.section for i in items]
    assert sections.count(("Course readings",)) == 4
    stage = "How AI is changing the HCI research process, by stage"
    assert sections.count((stage, "Related-work search, reading, and sensemaking")) == 6
    assert sections.count((stage, "Academic writing")) == 2
    assert sections.count((stage, "Peer review and evaluating research")) == 2
    assert sections.count((stage, "Workshops, panels, SIGs, and meta-science")) == 4
    # the guide's relative link is reported, not dropped silently (no address to resolve it against)
    assert any("relative link" in w for w in result.warnings)


# --- CSV: Raindrop.io's backup ------------------------------------------------------------------------------


def test_raindrop_backup_with_notes_over_several_lines() -> None:
    """Quoted cells with line breaks (a note, highlights) must not hide that the file is CSV."""
    result = _load("csv", "raindrop_backup.csv", sniffed="csv")
    got = [(i.title, i.url, i.section) for i in result.items]
    assert got == [
        (
            'Saved, "quoted" title',
            "https://example.com/article?utm_source=raindrop&keep=1#part",
            ("Research", "Go"),
        ),
        ("https://example.com/untitled", "https://example.com/untitled", ()),
        ("Unavailable page", "https://example.com/unavailable", ()),
        ("Test Tool", "https://example.com/", ("Apps/Services", "AI Tools & Services", "AI Apps")),
        ("Unmapped Row", "https://example.org/", ("Apps/Services", "Not A Real Category")),
    ]
    saved, _, unavailable, tool, _ = result.items
    assert (saved.note, saved.description) == ("First note line\nSecond note line", "Saved description")
    assert saved.progress_note == "First highlight\nSecond highlight"
    assert (unavailable.note, unavailable.progress_note) == ("Keep this note", "Keep this highlight")
    assert (tool.note, tool.description) == ("Source-code: https://github.com/x/y", "A tool")
    assert result.warnings == ()


# --- YAML: Jekyll data files --------------------------------------------------------------------------------


def test_jekyll_starter_books_by_year_with_the_sites_own_links() -> None:
    """``list: - year: "2020" books: [...]`` whose links are the site's own review pages (relative): the books
    are items under their year, read (they have a ``date_read``), kept by title with a warning for the links."""
    result = _load("yaml", "mm_reading.yml", sniffed="yaml")
    got = [(i.title, i.author, i.section, i.status, i.rating, i.url) for i in result.items]
    assert got == [
        ("Robert Chapman - A Biography", "Robert L Peterson", ("2020",), Status.READ, 5, None),
        ("Where the Crawdad Sings", "Delia Owens", ("2020",), Status.READ, 4, None),
    ]
    assert result.warnings and "hold no link" in result.warnings[0]


def test_reading_log_by_day_with_quotes() -> None:
    """Articles under their day (``2015-07-19:``, which YAML reads as a date) and books by shelf; ``finished:
    2015-06-25`` says read on that day; the quotes kept are the reader's note."""
    result = _load("yaml", "hliyan_reading.yml", sniffed="yaml")
    assert len(result.items) == 8
    sections = [i.section for i in result.items]
    assert sections == [
        ("books", "current"),
        ("books", "read"),
        ("2015-07-19",),
        ("2015-07-18",),
        ("2015-06-20",),
        ("2015-06-20",),
        ("2015-06-07",),
        ("2015-06-07",),
    ]
    burning = result.items[1]
    assert (burning.title, burning.status, burning.read_at) == ("Burning Eagle", Status.READ, "2015-06-25")
    assert result.items[0].status is None  # started, not finished
    quoted = [i.title for i in result.items if i.progress_note]
    assert quoted == ["Is Advertising Morally Justifiable?", "The Greatest Good", "HTML is done"]
    assert result.warnings == ()


def test_protocol_relative_link_is_a_web_link() -> None:
    """``url: //host/path`` (a site's data file) is the https page; ``/content/dl`` stays unresolved, reported."""
    data = (DATA / "yaml" / "illc_reading.yml").read_bytes()
    result = parse(data, filename="illc_reading.yml")
    assert [(i.title, i.url) for i in result.items] == [
        ("Deep learning for NLP", None),
        ("Approximate inference and deep generative models", "https://wilkeraziz.github.io/pages/inference"),
    ]
    assert result.items[0].description.startswith("This reading group meets every other Tuesday")
    assert result.warnings == ("1 URL cell(s) hold no link ('/content/dl'): their rows are kept by title",)


def test_status_cell_holding_a_day() -> None:
    data = b"title,url,finished\nA,https://a.example/x,2021-03-04\nB,https://b.example/y,\n"
    a, b = parse(data, filename="log.csv").items
    assert (a.status, a.read_at, b.status, b.read_at) == (Status.READ, "2021-03-04", None, None)


def test_a_date_read_does_not_overrule_a_status() -> None:
    """A date-read column does not overrule a status column saying the book was abandoned."""
    data = b"title,status,date read\nA,dnf,2020-01-02\nB,,2020-01-03\n"
    a, b = parse(data, filename="x.csv").items
    assert (a.status, a.read_at) == (Status.SKIPPED, None)
    assert (b.status, b.read_at) == (Status.READ, "2020-01-03")


# --- OPML: a podcast app's subscriptions --------------------------------------------------------------------


def test_overcast_subscriptions_are_podcasts_without_the_apps_wrapper() -> None:
    result = _load("opml", "overcast.opml", sniffed="opml")
    assert result.title == "Overcast Podcast Subscriptions"
    got = [(i.title, i.url, i.section, i.kind) for i in result.items]
    assert got == [
        ("Dining in the Void", "https://castbox.fm/ch/1154942", (), Kind.PODCAST),
        ("Great & Terrible", "https://www.arolivieri.com/gt-episodes/", (), Kind.PODCAST),
        ("Open Minds \u2026 from Creative Commons", "https://anchor.fm/creativecommons", (), Kind.PODCAST),
        ("php[podcast] episodes from php[architect]", "https://www.phparch.com/", (), Kind.PODCAST),
        ("Command Line Heroes", "https://www.redhat.com/en/command-line-heroes", (), Kind.PODCAST),
        ("1994", "http://1994podcast.com/", (), Kind.PODCAST),
    ]
    assert result.items[4].links[0].url == "https://feeds.pacific-content.com/commandlineheroes"
    assert result.sections == ()


def test_feed_reader_folders_stay_topics() -> None:
    """A Feedly export's folders are the reader's topics (not a wrapper); feeds in ``Podcasts`` are podcasts."""
    result = parse((DATA / "opml" / "feeds.opml").read_bytes(), filename="feeds.opml")
    kinds = {i.title: (i.section, i.kind) for i in result.items}
    assert kinds["Latent Space"] == (("Podcasts",), Kind.PODCAST)
    assert kinds["Lil'Log"] == (("ML blogs",), Kind.POST)


# --- BibTeX: an awesome list and a Zotero export ------------------------------------------------------------


def test_awesome_list_kept_as_bibtex() -> None:
    result = _load("bibtex", "agents.bib", sniffed="bibtex")
    items = result.items
    assert len(items) == 11
    assert [i.title for i in items if i.kind is not Kind.PAPER] == ["The Anatomy of an Agent Harness"]
    assert [i.url for i in items if i.url is None] == [None]  # the X/Twitter post: kept by its title
    by_key = {i.title: i for i in items}
    rag = by_key["Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"]
    assert "Heinrich Küttler" in rag.author and "Tim Rocktäschel" in rag.author
    assert "Roberto Dessì" in by_key["Toolformer: Language Models Can Teach Themselves to Use Tools"].author
    survey = by_key["A Survey on Large Language Model based Autonomous Agents"]
    assert survey.url == "https://arxiv.org/abs/2308.11432"  # its eprint; the DOI is an extra link
    assert [(link.title, link.url) for link in survey.links] == [("DOI", "https://doi.org/10.1007/s11704-024-40231-1")]
    assert "SoK: Agentic Skills — Beyond Tool Use in LLM Agents" in by_key
    assert "Towards AI-45° Law: A Roadmap to Trustworthy AGI" in by_key
    assert by_key[
        "Frontier AI Risk Management Framework in Practice: A Risk Analysis Technical Report"
    ].author == "Shanghai AI Lab"
    post = by_key["The Anatomy of an Agent Harness"]
    assert (post.url, post.note, post.published, post.kind) == (None, "X/Twitter post", "2026", Kind.POST)
    assert post.description.startswith("Posted by @akshay_pachaar on April 6, 2026;")
    injec = by_key["InjecMEM: Memory Injection Attack on LLM Agent Memory Systems"]
    assert (injec.url, injec.note) == ("https://openreview.net/forum?id=QVX6hcJ2um", "OpenReview submission to ICLR 2026")
    assert sum(1 for i in items for link in i.links if link.title == "DOI") == 3
    assert result.warnings == ()


def test_zotero_escaped_latex_in_a_title() -> None:
    result = _load("bibtex", "zotero_misc.bib", sniffed="bibtex")
    first, second = result.items
    assert first.title == (
        "Jackiw-Teitelboim Gravity, Random Disks of Constant Curvature, Self-Overlapping Curves and Liouville CFT_1"
    )
    assert "boundary CFT_1 from which" in first.description
    assert (first.url, second.url) == ("https://arxiv.org/abs/2402.08052", "https://arxiv.org/abs/2406.06875")
    assert second.title == "Random Disks of Constant Curvature: The Lattice Story"
    assert [link.url for link in second.links] == ["https://doi.org/10.48550/arXiv.2406.06875"]


# --- Org: a reading list of headings ------------------------------------------------------------------------


def test_org_links_inside_descriptions_read_as_words() -> None:
    result = _load("org", "vistas.org", sniffed="org")
    items = {i.title: i for i in result.items}
    assert len(result.items) == 10
    assert items["Pijul"].description == (
        "Pijul claims to be based on a sound theory of patches Pijul is apparently inspired by a result from "
        "category theory."
    )
    tufte = items["The Visual Display of Quantitative Information by Edward Tufte"]
    assert tufte.description == "For a somewhat related example, see gwern.net."
    assert [(link.title, link.url) for link in tufte.links] == [("gwern.net", "https://www.gwern.net/index")]
    assert items["Rustlings"].section == ("Computing", "Interesting Programming Languages", "Rust")
    assert not any("[[" in (i.description or "") for i in result.items)
    assert items["Building Git"].description == (
        "James Coglan highly regarded book which develops a git clone. Well not literally git clone "
        "git@github.com:git/git.git."
    )


# --- reStructuredText: a grid table of books ----------------------------------------------------------------


def test_rst_grid_table_of_books_without_links() -> None:
    result = _load("rst", "opsschool_reading_list.rst", sniffed="rst")
    assert result.title == "Reading List"
    got = [(i.title, i.author, i.url, i.kind) for i in result.items]
    assert len(got) == 10
    assert got[0] == ("Network Warrior", "Donahue", None, Kind.BOOK)
    assert got[2] == ("The Practice of System and Network Administration", "Limoncelli", None, Kind.BOOK)
    assert got[-1] == ("Continuous Delivery", "Humble & Farley", None, Kind.BOOK)
    assert result.items[0].description == "Picks up where CCNA leaves off. Lots of real-world networking advice."
    assert all(i.description for i in result.items)


# --- JSON and YAML: data files of personal sites --------------------------------------------------------------


def test_books_under_a_key_of_their_own_with_camel_case_keys() -> None:
    result = _load("json", "voracious_reading.json", sniffed="json")
    got = [(i.title, i.author, i.url, i.status, i.read_at, i.rating) for i in result.items]
    assert got == [
        ("Deep End", "Ali Hazelwood", None, Status.READ, "2025-04-30", None),
        ("Project Hail Mary", "Andy Weir", None, Status.READ, "2025-08-13", None),
    ]


def test_books_linked_inside_their_markdown_descriptions() -> None:
    data = (DATA / "yaml" / "lisp_books.yml").read_bytes()
    assert detect_format(data, "books.yml") == "yaml"
    result = parse(data, filename="books.yml")
    got = [(i.title, i.url) for i in result.items]
    assert got == [
        ("Practical Common Lisp", "http://www.gigamonkeys.com/book/"),
        ("ANSI Common Lisp", "http://www.paulgraham.com/acl.html"),
        ("On Lisp", "http://www.paulgraham.com/onlisp.html"),
        ("Land of Lisp", "http://landoflisp.com/"),
        ("Professional Automated Trading", "http://www.wiley.com/WileyCDA/WileyTitle/productCd-1118129857.html"),
        (
            "Principles of Biomedical Informatics",
            "http://www.amazon.com/Principles-Biomedical-Informatics-Second-Kalet/dp/0124160190/ref=sr_1_1?s=books"
            "&ie=UTF8&qid=1382968939&sr=1-1&keywords=Principles+of+Biomedical+Informatics%2C+Second+Edition",
        ),
    ]
    land = result.items[3].description
    assert land.startswith("Land of Lisp teaches Common Lisp by writing games. From the publisher's description:")
    assert not any("](" in i.description or "][" in i.description for i in result.items)


def test_crossref_csl_json_rich_text_and_nested_records() -> None:
    result = _load("json", "citebank.csl.json", sniffed="json")
    crossref, zoobank = result.items
    assert crossref.title == (
        "Pseudobalta, a New Australian Ovoviviparous Cockroach Genus (Dictyoptera: Blattaria: Blattellidae: "
        "Pseudophyllodromiinae)"
    )
    assert crossref.description.startswith("Pseudobalta, a new blattellid genus, is described. It differs from")
    assert "<" not in crossref.description
    assert (crossref.url, crossref.kind, crossref.rating, crossref.published) == (
        "http://dx.doi.org/10.1111/j.1440-6055.1997.tb01440.x",
        Kind.PAPER,
        None,
        "1997",
    )
    assert (zoobank.url, zoobank.kind, zoobank.author) == (
        "https://zoobank.org/References/ca131643-1fba-4751-a05c-01d51f2f417e",
        Kind.PAPER,
        "Louis M. Roth",
    )
    assert [(link.title, link.url) for link in zoobank.links] == [
        ("DOI", "https://doi.org/10.1111/j.1440-6055.1997.tb01440.x")
    ]


def test_a_crumb_trail_is_no_reading() -> None:
    """Stanford Law's AI reading-list page (Stanford-Law-School/ai-learning-hub @ 243d855c, reading-list.html) opens
    its main content with ``<p class="crumb">``: the hub's home page is no item."""
    page = (
        b'<html><body><main id="main"><p class="crumb"><a href="index.html">AI Learning Hub</a> &rsaquo; AI reading'
        b' list</p><h1>AI reading list</h1><ul><li><a href="https://searchworks.stanford.edu/view/1">The Alignment'
        b" Problem</a></li></ul></main></body></html>"
    )
    result = parse(page, filename="reading-list.html", source_url="https://example.edu/reading-list.html")
    assert [i.title for i in result.items] == ["The Alignment Problem"]


# --- the new rules stay linear on hostile text ------------------------------------------------------------------

_HOSTILE_SIZE = 500_000


@pytest.mark.parametrize(
    ("name", "make", "fmt"),
    [
        ("org markers", lambda n: "* [[https://a.example/][T]]\n" + " ~a *b /c =d" * (n // 12), "org"),
        (
            "description link openers",
            lambda n: json.dumps([{"title": "T", "description": "[a](" * (n // 4)}]),
            "json",
        ),
        ("folded reference definitions", lambda n: "- title: T\n  description: >\n    " + " [a]: x" * (n // 7), "yaml"),
        ("quoted multi-line cells", lambda n: "title,url\n" + '"a\nb",' * (n // 6), "csv"),
        ("citations", lambda n: "<ul>" + "<li>X et al. A. B. C 2024. <a href='https://d.example/'>DOI</a></li>" * (n // 70), "html"),
    ],
)
def test_new_rules_are_linear_on_hostile_text(name: str, make, fmt: str) -> None:
    """The whole parse (not the new rule alone) in at most 2 s of CPU per MB, whatever the outcome: a quadratic rule
    (the first Org markup pattern took 10 s per MB of ``" ~a"``) fails it by far."""
    data = make(_HOSTILE_SIZE).encode()
    start = time.process_time()
    with contextlib.suppress(ReadingListError):
        parse(data, format=fmt, filename=f"hostile.{fmt}")
    spent = time.process_time() - start
    assert spent <= max(len(data) / 1e6, 0.3) * 2, f"{name}: {spent:.2f} s on {len(data) / 1e6:.1f} MB"


def test_records_keyed_by_their_ids_with_an_arxiv_id() -> None:
    result = _load("json", "collected_papers.json", sniffed="json")
    (paper,) = result.items
    assert (paper.title, paper.section, paper.note, paper.author, paper.kind) == (
        "Learning When and Where to Zoom With Deep Reinforcement Learning",
        (),
        "CVPR 2020",
        "Burak Uzkent, Stefano Ermon",
        Kind.PAPER,
    )
    assert paper.url == "https://openaccess.thecvf.com/content_CVPR_2020/papers/..."
    assert [(link.title, link.url) for link in paper.links] == [("arXiv", "https://arxiv.org/abs/2003.00425")]
    assert paper.published.startswith("2020-03-01")
