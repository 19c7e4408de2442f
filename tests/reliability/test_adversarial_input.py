"""Adversarial input for every format sniffer: linear time (at most 1 s of CPU per MB) and short error messages.

CPU time of this process (``time.process_time``) is measured rather than wall time, so a busy machine does not make
the test flaky; a quadratic regex (the Markdown link regex took 27 s on 50,000 ``[``) fails it by orders of
magnitude.
"""

from __future__ import annotations

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
