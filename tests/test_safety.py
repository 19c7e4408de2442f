"""Issue 10: :mod:`readinglist.safety` decides which links are stored or clickable, for lists and feeds alike."""

from __future__ import annotations

import pytest

from readinglist.safety import check_link, clickable_url, scheme_of
from readinglist.types import ItemToImport, Link, ListToImport

# Forms a browser still runs as script (WHATWG URL parsing strips tab/LF/CR and leading controls; HTML decodes
# character references in attributes), collected from XSS filter test suites.
REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&amp;#x09;script:alert(1)",
    "java&Tab;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "&#x20;javascript:alert(1)",
    "javascript:80/alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "VBScript:msgbox",
    "file:///etc/passwd",
    "mailto:someone@example.org",
    "tag:mefi.social,2024-01-26:objectId=20368395",
    "http:///no-host",
]
KEPT = [
    ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
    ("  http://example.org/x  ", "http://example.org/x"),
    ("doi:10.1145/3442188.3445922", "doi:10.1145/3442188.3445922"),
    ("arxiv:1706.03762", "arxiv:1706.03762"),
    ("example.org/x", "example.org/x"),  # scheme-less: read as https by canonical_url
    ("example.org:8080/x", "example.org:8080/x"),
    ("/relative/path", "/relative/path"),
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url: str) -> None:
    stored, reason = check_link(url)
    assert stored is None and reason
    assert clickable_url(url) is None


@pytest.mark.parametrize(("url", "stored"), KEPT)
def test_kept(url: str, stored: str) -> None:
    assert check_link(url) == (stored, None)


def test_scheme_as_a_browser_sees_it() -> None:
    assert scheme_of("java&#x09;script:x") == "javascript"
    assert scheme_of("localhost:8000/x") is None
    assert scheme_of("HTTPS://x.org") == "https"


def test_clickable_only_http_and_identifiers_as_https() -> None:
    assert clickable_url("https://x.org/p") == "https://x.org/p"
    assert clickable_url("doi:10.1145/3442188.3445922") == "https://doi.org/10.1145/3442188.3445922"
    assert clickable_url("arxiv:1706.03762") == "https://arxiv.org/abs/1706.03762"
    assert clickable_url("example.org/x") is None  # stored, but a browser would read it as a relative path
    assert clickable_url(None) is None


def test_imported_lists_never_store_unsafe_links(lib) -> None:
    result = lib.import_list(
        ListToImport(
            items=(
                ItemToImport(title="Script", url="javascript:alert(1)"),
                ItemToImport(
                    title="Paper",
                    url="https://arxiv.org/abs/1706.03762",
                    links=(Link("video", "data:text/html,x"), Link("code", "https://github.com/x/y")),
                ),
                ItemToImport(title="Obfuscated", url="java&#x09;script:alert(1)"),
            ),
            title="t",
        ),
        name="t",
    )
    assert [(e.title, e.item.url, tuple(link.url for link in e.links)) for e in lib.entries("t")] == [
        ("Script", None, ()),
        ("Paper", "https://arxiv.org/abs/1706.03762", ("https://github.com/x/y",)),
        ("Obfuscated", None, ()),
    ]
    assert len(result.warnings) == 3
    assert (
        result.warnings[0]
        == "'Script': link dropped (javascript:alert(1) is a javascript: link; only http(s) links are kept)"
    )


def test_csv_file_with_unsafe_links(lib, tmp_path) -> None:
    """The CSV importer passes URLs through as written; the common path drops the unsafe ones."""
    path = tmp_path / "list.csv"
    path.write_text(
        "title,url\nGood,https://example.org/good\nBad,javascript:alert(1)\nWorse,VBScript:msgbox\n"
    )
    result = lib.import_list(str(path), name="l")
    assert [(e.title, e.item.url) for e in lib.entries("l")] == [
        ("Good", "https://example.org/good"),
        ("Bad", None),
        ("Worse", None),
    ]
    assert [w.split(" (", 1)[0] for w in result.warnings] == ["'Bad': link dropped", "'Worse': link dropped"]


def test_spaces_inside_a_web_url_are_left_alone() -> None:
    assert check_link("https://example.org/a b") == ("https://example.org/a b", None)
    assert check_link("https://example.org/a\n/b") == ("https://example.org/a/b", None)
