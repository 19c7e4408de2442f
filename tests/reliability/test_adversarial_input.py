"""Adversarial input for every format sniffer: linear time (at most 1 s of CPU per MB) and short error messages.

CPU time of this process (``time.process_time``) is measured rather than wall time, so a busy machine does not make
the test flaky; a quadratic regex (the Markdown link regex took 27 s on 50,000 ``[``) fails it by orders of
magnitude.
"""

from __future__ import annotations

import contextlib
import json
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist import importers
from readinglist.exceptions import ReadingListError

SIZE = 1_000_000

PAYLOADS = {
    "brackets": "[",
    "link openers": "[a](",
    "list item of brackets": None,  # built below: "- " then brackets
    "image openers": "![",
    "nested parentheses": "(",
    "blank lines": "\n",
    "spaces and newlines": " \n",
    "angle brackets": "<",
    "anchor starts": "<a ",
    "bibtex starts": "@a{",
    "bibtex lines": "@a\n",
    "colons before URLs": ": ",
    "URL prefixes": "http://",
    "pipes": "|",
    "quotes": '"',
    "toml-ish": 'format = "x"\n',
    "hashes": "# ",
    "backticks": "`",
}


def _payload(name: str) -> str:
    if name == "list item of brackets":
        return "- " + "[" * SIZE
    unit = PAYLOADS[name]
    assert unit is not None
    return unit * (SIZE // len(unit))


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_every_sniffer_is_linear_on_adversarial_input(name: str) -> None:
    text = _payload(name)
    megabytes = len(text.encode()) / 1e6
    for fmt in importers.available_formats():
        module = importers._module(fmt)
        assert module is not None
        start = time.process_time()
        module.sniff(text)
        spent = time.process_time() - start
        assert spent <= max(megabytes, 0.2), f"{fmt} sniffer took {spent:.2f} s on {megabytes:.1f} MB of {name}"


@pytest.mark.parametrize("name", ["brackets", "link openers", "angle brackets", "quotes"])
def test_detection_is_linear_and_refusals_quote_only_an_excerpt(name: str) -> None:
    data = _payload(name).encode()
    start = time.process_time()
    try:
        importers.detect_format(data, "input.txt")
    except ReadingListError as exc:
        assert len(str(exc)) <= importers.MESSAGE_LIMIT
    assert time.process_time() - start <= len(data) / 1e6 + 0.2


def test_csv_refusal_of_a_huge_header_quotes_an_excerpt() -> None:
    with pytest.raises(ReadingListError) as caught:
        importers.parse(("[" * 50_000).encode(), format="csv")
    message = str(caught.value)
    assert len(message) <= importers.MESSAGE_LIMIT and "characters left out" in message
    assert message.startswith("this CSV has no title or URL column")


# --- fuzzing every importer ---------------------------------------------------------------------------------

EXAMPLES = int(os.environ.get("READINGLIST_FUZZ_EXAMPLES", "60"))
_PIECES = st.sampled_from(
    ["[", "]", "(", ")", "<", ">", "- ", "# ", "\n", "@a{", ",", '"', "|", "http://x.y/", "javascript:",
     "format = \"readinglist\"\n", "{", "}", "<opml>", "<a href='", "\x00", "\udcff", "Tier 9999999999", "`"]
)
_HOSTILE = st.one_of(
    st.lists(_PIECES, max_size=60).map("".join),
    st.text(st.characters(blacklist_categories=()), max_size=200),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=_HOSTILE, fmt=st.sampled_from([None, *importers.FORMATS]))
def test_every_importer_raises_only_reading_list_errors(text: str, fmt: str | None) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        result = importers.parse(data, format=fmt, filename="fuzz.txt")
    except ReadingListError as exc:
        assert len(str(exc)) <= importers.MESSAGE_LIMIT
    else:
        assert all(isinstance(i.title, str) for i in result.items)


# --- the Markdown parsers on adversarial input ---------------------------------------------------------------

PARSE_SIZE = 50_000
"""Small enough to keep the test fast; the quadratic label scan took 2.5-15 s on 50,000 ``[``."""
_MARKDOWN_ATTACKS = {
    "runs of [": "[",
    "runs of [ then one ]": None,  # built below
    "spaced [": "[ ",
    "words between [": "[a",
    "image openers": "![",
    "link openers": "[a](",
    "empty links opened": "[](",
    "list item of [": None,
}


def _attack(name: str) -> str:
    if name == "runs of [ then one ]":
        return "[" * PARSE_SIZE + "]"
    if name == "list item of [":
        return "- " + "[" * PARSE_SIZE
    unit = _MARKDOWN_ATTACKS[name]
    assert unit is not None
    return unit * (PARSE_SIZE // len(unit))


def _cpu(fn: object, *args: object, **kwargs: object) -> float:
    start = time.process_time()
    with contextlib.suppress(ReadingListError):
        fn(*args, **kwargs)  # type: ignore[operator]
    return time.process_time() - start


@pytest.mark.parametrize("fmt", ["markdown", "document"])
@pytest.mark.parametrize("name", list(_MARKDOWN_ATTACKS))
def test_markdown_parsers_are_linear_on_runs_of_brackets(name: str, fmt: str) -> None:
    """Parsing hostile text costs at most a few times parsing a normal list of the same size (measured here,
    so the limit follows the machine): the quadratic label scan cost over 50x at this size, and grows with it."""
    normal = "".join(f"- [Paper {i}](https://example.org/p/{i}) - notes\n" for i in range(PARSE_SIZE // 40))
    baseline = min(_cpu(importers.parse, normal.encode(), format=fmt) for _ in range(2))
    spent = _cpu(importers.parse, _attack(name).encode(), format=fmt)
    assert spent <= 10 * baseline + 0.2, f"{fmt} took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"


_HTML_ATTACKS = {
    "tags never closed": "<a ",
    "quoted attributes never closed": '<a x=">',
    "a comment never closed, then tags": None,
    "comments closed by spaces": "<!-- x >",
    "CDATA sections never closed": "<![CDATA[x>",
    "end tags never closed": "</a ",
    "one paragraph of links": None,
    "lists nested without end": "<ul><li>",
}


def _html_attack(name: str) -> str:
    if name == "a comment never closed, then tags":
        return "<!--" + "<a " * (PARSE_SIZE // 3)
    if name == "one paragraph of links":  # each link's text before and after once walked the whole paragraph
        link = '<a href="https://example.org/{0}">Item {0}</a><br>'
        return "<html><body><p>" + "".join(link.format(i) for i in range(PARSE_SIZE // 50))
    unit = _HTML_ATTACKS[name]
    assert unit is not None
    return "<html><body>" + unit * (PARSE_SIZE // len(unit))


@pytest.mark.parametrize("name", list(_HTML_ATTACKS))
def test_html_readers_are_linear_on_markup_that_never_closes(name: str) -> None:
    """The standard library's HTML parser rescans the rest of the page from every tag it cannot close (50 KB of
    ``<a `` took 44 s); the importer, the page-metadata reader and the feed text extractor stay within a few times
    the cost of a normal page of the same size."""
    from readinglist.enrich import page
    from readinglist.feeds.text import html_to_text

    rows = "".join(f'<li><a href="https://example.org/p/{i}">Paper {i}</a> notes</li>' for i in range(PARSE_SIZE // 60))
    normal = f"<html><body><h2>Papers</h2><ul>{rows}</ul></body></html>"
    hostile = _html_attack(name)
    for read in (lambda t: importers.parse(t.encode(), format="html"), lambda t: page.parse(t.encode()), html_to_text):
        baseline = min(_cpu(read, normal) for _ in range(2))
        spent = _cpu(read, hostile)
        assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal page: {baseline:.2f} s)"


_BIBTEX_ATTACKS = {
    "entry starts packed together": "@a{",
    "escaped quotes in one field": None,
    "accent macros in one field": None,
    "braces nested deep": None,
}


def _bibtex_attack(name: str) -> str:
    if name == "escaped quotes in one field":  # pylatexenc spent 0.2 ms on each macro
        return '@article{a, title = "' + '\\"' * (PARSE_SIZE // 2) + '", url = {https://e.org/a}}'
    if name == "accent macros in one field":
        return "@article{a, title = {" + "\\'e" * (PARSE_SIZE // 3) + "}, url = {https://e.org/a}}"
    if name == "braces nested deep":
        return "@article{a, title = " + "{" * (PARSE_SIZE // 2) + "}" * (PARSE_SIZE // 2) + ", url={https://e.org/a}}"
    unit = _BIBTEX_ATTACKS[name]
    assert unit is not None
    return unit * (PARSE_SIZE // len(unit))


@pytest.mark.parametrize("name", list(_BIBTEX_ATTACKS))
def test_bibtex_reader_stays_within_a_few_times_a_normal_file(name: str) -> None:
    """bibtexparser's splitter cost ~30 us per entry start (10 s on 1 MB of ``@a{``) and pylatexenc 0.2 ms per macro:
    packed entry starts are refused up front, fields with hundreds of macros are stripped by hand."""
    entry = "@article{{k{0},\n  title = {{Paper {0} on attention}},\n  url = {{https://example.org/p/{0}}}\n}}\n"
    normal = "".join(entry.format(i) for i in range(PARSE_SIZE // 90))
    baseline = min(_cpu(importers.parse, normal.encode(), format="bibtex") for _ in range(2))
    spent = _cpu(importers.parse, _bibtex_attack(name).encode(), format="bibtex")
    assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal file: {baseline:.2f} s)"


_RST_ATTACKS = {
    "unresolved references in one paragraph": "a_ ",
    "substitutions in one paragraph": "|a| ",
    "footnote references in one paragraph": "[#]_ ",
    "defined substitutions in one paragraph": None,
}


def _rst_attack(name: str) -> str:
    if name == "defined substitutions in one paragraph":
        return ".. |a| replace:: x\n\n" + "|a| " * (PARSE_SIZE // 4)
    unit = _RST_ATTACKS[name]
    assert unit is not None
    return unit * (PARSE_SIZE // len(unit))


@pytest.mark.parametrize("name", list(_RST_ATTACKS))
def test_rst_reader_refuses_paragraphs_of_references_at_once(name: str) -> None:
    """docutils resolves each reference through its parent's child list: 100 KB of ``a_`` took 220 s, of ``[#]_``
    37 s. A paragraph with hundreds of them is refused before docutils sees it; a normal list still reads."""
    normal = "Papers\n======\n\n" + "".join(f"- `Paper {i} <https://example.org/p/{i}>`_\n" for i in range(PARSE_SIZE // 45))
    baseline = min(_cpu(importers.parse, normal.encode(), format="rst") for _ in range(2))
    assert len(importers.parse(normal.encode(), format="rst").items) == PARSE_SIZE // 45
    with pytest.raises(ReadingListError, match="references or substitutions"):
        importers.parse(_rst_attack(name).encode(), format="rst")
    spent = _cpu(importers.parse, _rst_attack(name).encode(), format="rst")
    assert spent <= baseline + 0.2, f"took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"


_ORG_ATTACKS = {
    "spaces inside a heading": "* a" + " " * PARSE_SIZE + "b\n",  # a lazy (.*?)[ \t]*$ rescanned them: minutes
    "tags after spaces": "* a" + " " * PARSE_SIZE + ":b:\n",
    "bare URLs in one item": "- " + "https://e.org/a " * (PARSE_SIZE // 16) + "\n",
    "link openers": "- [[" * (PARSE_SIZE // 4),
    "keywords declared": "#+TODO: " + "A " * (PARSE_SIZE // 2) + "\n* A x\n",
    "drawer lines": ":PROPERTIES:\n" + ":URL: https://e.org/a\n" * (PARSE_SIZE // 22),
}


@pytest.mark.parametrize("name", list(_ORG_ATTACKS))
def test_org_reader_stays_within_a_few_times_a_normal_list(name: str) -> None:
    normal = "".join(f"- [[https://example.org/p/{i}][Paper {i}]]\n" for i in range(PARSE_SIZE // 40))
    baseline = min(_cpu(importers.parse, normal.encode(), format="org") for _ in range(2))
    spent = _cpu(importers.parse, _ORG_ATTACKS[name].encode(), format="org")
    assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"


_JSON_ATTACKS = {
    "arrays nested deep": "[" * PARSE_SIZE,
    "objects nested deep": '{"a":' * (PARSE_SIZE // 5),
    "one long title": '[{"title": "' + "a" * PARSE_SIZE + '", "url": "https://e.org/a"}]',
    "many keys in one record": "[{" + ",".join(f'"k{i}": {i}' for i in range(PARSE_SIZE // 10)) + "}]",
    "authors without end": '[{"title": "t", "author": [' + ",".join(['{"family": "x"}'] * (PARSE_SIZE // 16)) + "]}]",
}


@pytest.mark.parametrize("name", list(_JSON_ATTACKS))
def test_json_records_stay_within_a_few_times_a_normal_list(name: str) -> None:
    records = [{"title": f"Paper {i}", "url": f"https://example.org/p/{i}"} for i in range(PARSE_SIZE // 55)]
    normal = json.dumps(records)
    baseline = min(_cpu(importers.parse, normal.encode(), format="json") for _ in range(2))
    spent = _cpu(importers.parse, _JSON_ATTACKS[name].encode(), format="json")
    assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"


def _yaml_alias_bomb() -> str:
    levels = ["a0: &a0 [" + ", ".join(["x"] * 10) + "]"]
    levels += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
    return "\n".join(levels) + "\nlinks:\n" + "  - {title: t, url: 'https://e.org/a', tags: *a9}\n" * (PARSE_SIZE // 50)


_YAML_ATTACKS = {
    "flows nested deep": "[" * PARSE_SIZE,
    "blocks nested deep": "".join(" " * i + "- \n" for i in range(300)) * (PARSE_SIZE // 45_000 + 1),
    "aliases of aliases": _yaml_alias_bomb(),
    "one long title": "- title: " + "a" * PARSE_SIZE + "\n  url: https://e.org/a\n",
    "many keys in one record": "- " + "\n  ".join(f"k{i}: {i}" for i in range(PARSE_SIZE // 10)) + "\n",
}


@pytest.mark.parametrize("name", list(_YAML_ATTACKS))
def test_yaml_records_stay_within_a_few_times_a_normal_list(name: str) -> None:
    normal = "".join(f"- title: Paper {i}\n  url: https://example.org/p/{i}\n" for i in range(PARSE_SIZE // 50))
    baseline = min(_cpu(importers.parse, normal.encode(), format="yaml") for _ in range(2))
    spent = _cpu(importers.parse, _YAML_ATTACKS[name].encode(), format="yaml")
    assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"


_RIS_ATTACKS = {
    "many authors": "TY  - JOUR\n" + "AU  - a\n" * (PARSE_SIZE // 8) + "ER  -\n",
    "one long abstract": "TY  - JOUR\nAB  - x\n" + "continued line\n" * (PARSE_SIZE // 15) + "ER  -\n",
    "records without end": "TY  - JOUR\n" * (PARSE_SIZE // 11),
    "links outside records": "UR  - https://e.org/a " * (PARSE_SIZE // 22),
    "tags without values": "TY  -\n" * (PARSE_SIZE // 6),
}


@pytest.mark.parametrize("name", list(_RIS_ATTACKS))
def test_ris_records_stay_within_a_few_times_a_normal_list(name: str) -> None:
    record = "TY  - JOUR\nTI  - Paper {0}\nUR  - https://example.org/p/{0}\nER  - \n"
    normal = "".join(record.format(i) for i in range(PARSE_SIZE // 55))
    baseline = min(_cpu(importers.parse, normal.encode(), format="ris") for _ in range(2))
    spent = _cpu(importers.parse, _RIS_ATTACKS[name].encode(), format="ris")
    assert spent <= 10 * baseline + 0.2, f"took {spent:.2f} s on {name} (a normal list: {baseline:.2f} s)"
