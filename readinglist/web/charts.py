"""Charts drawn on the server as inline SVG (no scripts, no network): reads per week, a streak calendar, estimates.

Every number is formatted by us and every label escaped, so the SVG is safe to inline in a page or the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

from readinglist.stats import Estimate, Stats


def _svg(width: int, height: int, label: str, body: list[str], kind: str = "") -> Markup:
    return Markup(
        f'<svg class="chart {kind}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def weekly_bars(stats: Stats) -> Markup:
    weeks = list(stats.per_week)
    top = max((n for _, n in weeks), default=0) or 1
    width, height, pad = 24 * len(weeks) + 10, 130, 20
    body = []
    for i, (monday, n) in enumerate(weeks):
        h = round((height - 2 * pad) * n / top)
        x, y = 10 + i * 24, height - pad - h
        body.append(
            f'<rect class="bar" x="{x}" y="{y}" width="18" height="{h}"><title>week of {monday}: {n} read</title></rect>'
            f'<text x="{x + 9}" y="{y - 3}" text-anchor="middle" class="num">{n if n else ""}</text>'
        )
        if i % 4 == 0:
            body.append(f'<text x="{x}" y="{height - 5}" class="axis">{monday:%d %b}</text>')
    total = sum(n for _, n in weeks)
    return _svg(width, height, f"Items read per week, last {len(weeks)} weeks: {total} in all", body)


def calendar(stats: Stats, weeks: int = 12) -> Markup:
    counts = dict(stats.per_day)
    top = max(counts.values(), default=0) or 1
    start = stats.today - dt.timedelta(days=stats.today.weekday() + 7 * (weeks - 1))
    body = []
    for w in range(weeks):
        for d in range(7):
            day = start + dt.timedelta(days=7 * w + d)
            if day > stats.today:
                continue
            n = counts.get(day, 0)
            level = 0 if n == 0 else 1 + min(3, int(3 * n / top))
            body.append(
                f'<rect class="day l{level}" x="{4 + w * 14}" y="{4 + d * 14}" width="12" height="12" rx="2">'
                f"<title>{day}: {n} read</title></rect>"
            )
    label = f"Reading calendar: current streak {stats.current_streak} days, longest {stats.longest_streak}"
    return _svg(4 + weeks * 14, 4 + 7 * 14, label, body, "calendar")


def estimate_bars(estimates: Sequence[Estimate]) -> Markup:
    rows = list(estimates)
    width, line = 540, 26
    body = []
    for i, e in enumerate(rows):
        y = 6 + i * line
        filled = 0 if e.total == 0 else round(200 * e.done / e.total)
        when = "done" if e.remaining == 0 else (f"~{e.date}" if e.date else "no pace yet")
        body.append(
            f'<text x="0" y="{y + 13}" class="axis">{escape(e.name[:22])}</text>'
            f'<rect class="track" x="130" y="{y}" width="200" height="16" rx="3"/>'
            f'<rect class="bar" x="130" y="{y}" width="{filled}" height="16" rx="3"/>'
            f'<text x="336" y="{y + 13}" class="axis">{e.done}/{e.total} {escape(when)}</text>'
        )
    return _svg(width, 8 + line * len(rows), "When each tier will be done at the current pace", body, "eta")
