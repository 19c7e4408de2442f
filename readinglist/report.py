"""``readinglist report``: one self-contained HTML file (inline CSS and SVG, no scripts, no network).

The map of each list, progress bars and the stats charts. Everything comes from the public API and the library's
clock, so the same database and a pinned clock give the same bytes.
"""

from __future__ import annotations

from typing import Any


def render(lib: Any, list_name: str | None = None) -> str:
    """The report of one list (or of every list) as an HTML document."""
    from readinglist.web import charts, views

    infos = [lib.get_list(list_name)] if list_name else lib.lists()
    grids = [views.build_map(info, lib.entries(info.name, include_retired=True)) for info in infos]
    s = lib.stats(list_name)
    tiers = [e for e in s.estimates if e.scope == "tier"]
    return views.render(
        "report.html",
        heading=list_name or "all lists",
        css=views.stylesheet(),
        grids=grids,
        profile=lib.profile,
        report=True,
        s=s,
        weekly=charts.weekly_bars(s),
        calendar=charts.calendar(s),
        eta=charts.estimate_bars(tiers),
        topics=[e for e in s.estimates if e.scope == "topic" and e.remaining],
        whole=[e for e in s.estimates if e.scope == "list"],
    )
