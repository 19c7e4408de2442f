"""What pages and the report show, built from the public API's answers: the map grid and the templates.

Shared by the web app and :mod:`readinglist.report`; nothing here touches the database.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from readinglist.recommend import tier_rank
from readinglist.types import Entry, ListInfo, ProgressRow, tier_name
from readinglist.urls import is_web_url

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
STATUS_LABELS = {"unread": "Unread", "reading": "Reading", "read": "Read", "skipped": "Skipped"}


@dataclass
class Cell:
    entries: list[Entry] = field(default_factory=list)
    done: int = 0
    total: int = 0


@dataclass
class TopicRow:
    section: tuple[str, ...]
    cells: dict[int | None, Cell] = field(default_factory=dict)
    done: int = 0
    total: int = 0

    @property
    def name(self) -> str:
        return self.section[-1] if self.section else "(no topic)"

    @property
    def parents(self) -> str:
        return " / ".join(self.section[:-1])


@dataclass
class MapView:
    """One list as a grid: topics as rows, tiers as columns (a single column for lists without tiers)."""

    info: ListInfo
    tiers: list[tuple[int | None, str]]
    topics: list[TopicRow]
    tier_totals: dict[int | None, Cell]
    done: int = 0
    total: int = 0
    retired: int = 0
    collapsed: bool = False  # counts only: a big list shows one topic's cards at a time

    @property
    def tiered(self) -> bool:
        return any(t is not None for t, _ in self.tiers)


def build_map(info: ListInfo, entries: Sequence[Entry]) -> MapView:
    """Group a list's entries (retired ones are shown but not counted) into the topic x tier grid."""
    labels: dict[int | None, str] = {}
    rows: dict[tuple[str, ...], TopicRow] = {}
    totals: dict[int | None, Cell] = {}
    done = total = retired = 0
    for e in entries:
        labels.setdefault(e.tier, tier_name(e.tier, e.tier_label))
        row = rows.setdefault(e.section, TopicRow(e.section))
        cell = row.cells.setdefault(e.tier, Cell())
        cell.entries.append(e)
        if e.retired:
            retired += 1
            continue
        finished = int(e.status.done)
        tier_cell = totals.setdefault(e.tier, Cell())
        for c in (cell, row, tier_cell):
            c.done += finished
            c.total += 1
        done += finished
        total += 1
    tiers = sorted(labels.items(), key=lambda kv: tier_rank(kv[0]))
    return MapView(info, tiers, list(rows.values()), totals, done, total, retired)


def build_summary(info: ListInfo, rows: Sequence[ProgressRow]) -> MapView:
    """The grid of a big list as counts only (no cards): each topic links to its own map."""
    labels: dict[int | None, str] = {}
    topics: dict[tuple[str, ...], TopicRow] = {}
    totals: dict[int | None, Cell] = {}
    for r in rows:
        labels.setdefault(r.tier, r.tier_name)
        row = topics.setdefault(r.section, TopicRow(r.section))
        cell = row.cells.setdefault(r.tier, Cell())
        tier_cell = totals.setdefault(r.tier, Cell())
        for c in (cell, row, tier_cell):
            c.done += r.done
            c.total += r.total
    tiers = sorted(labels.items(), key=lambda kv: tier_rank(kv[0]))
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    return MapView(info, tiers, list(topics.values()), totals, done, total, collapsed=True)


def card(e: Entry, report: bool = False) -> Markup:
    """One map card. Written here rather than as a template: a list has thousands of them and this is ~10x
    faster than a Jinja macro. Every value goes through :func:`html.escape`; only http(s) URLs become links."""
    esc = html.escape
    status = e.status.value
    classes = f"card st-{status}" + (" retired" if e.retired else "")
    if report:
        link = safe_href(e.item.url)
        title = (
            f'<a href="{esc(link)}" rel="noopener noreferrer">{esc(e.title)}</a>'
            if link
            else f"<span>{esc(e.title)}</span>"
        )
    else:
        title = f'<a class="open" href="/item/{e.item.id}">{esc(e.title)}</a>'
    meta = [f'<span class="status-label">{STATUS_LABELS[status]}</span>']
    if e.item.kind:
        meta.append(f'<span class="kind">{esc(e.item.kind.value)}</span>')
    if e.rating:
        meta.append(
            f'<span class="rating" aria-label="rated {int(e.rating)} of 5">{"★" * int(e.rating)}</span>'
        )
    if e.new:
        meta.append('<span class="new" title="new in the latest version">✨ new</span>')
    if e.retired:
        meta.append('<span class="retired-label">retired</span>')
    return Markup(
        f'<li class="{classes}" data-item="{e.item.id}" data-status="{status}" data-rating="{e.rating or ""}">'
        f'{title}<span class="meta">{" ".join(meta)}</span></li>'
    )


def safe_href(url: str | None) -> str | None:
    """The URL if it may be a link (http or https only), else None: ``javascript:`` and friends stay text."""
    return url if url and is_web_url(url) else None


@functools.lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    """The Jinja2 environment: templates from the package, every value auto-escaped."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["href"] = safe_href
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    env.globals["tier_name"] = tier_name
    env.globals["card"] = card
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def stylesheet() -> str:
    return (STATIC / "style.css").read_text(encoding="utf-8")
