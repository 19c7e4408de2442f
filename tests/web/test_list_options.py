"""The lists page shows the import options a list remembers for sync (--base-url, --tiers), escaped."""

from __future__ import annotations

import requests
from conftest import Clock
from web_fixtures import serving


def test_the_lists_page_shows_base_url_and_tiers(tmp_path) -> None:
    source = tmp_path / "course.md"
    source.write_text("# Course\n\n## Intro\n\n- [One](one.md)\n\n## Core\n\n- [Two](two.md)\n")
    with serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        site.lib.import_list(str(source), name="c", base_url="https://example.org/c/?a=1&b=<2>", tiers="none")
        site.lib.import_list(str(source), name="plain")
        page = requests.get(site.url + "/lists", timeout=10).text
    assert "base URL https://example.org/c/?a=1&amp;b=&lt;2&gt;" in page
    assert "tiers: none" in page
    assert page.count("base URL") == 1  # the list imported without options shows none
