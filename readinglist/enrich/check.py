"""Link health: is each item's link still there, moved for good, or dead (and is there an archived copy)?

Politeness: links are grouped by host and each host gets at most ``per_host`` lanes (1-2) that work through its
links one at a time, so a list with 150 arXiv links never has more than two requests open to arxiv.org while other
hosts are checked in parallel. The client's per-host limiter caps the Wayback lookups the same way, and retries
429/503 answers after their Retry-After.

Each link is asked with HEAD, then with GET where HEAD is refused (405, 501 and friends: many servers do not
implement it, some answer 403/404 to it alone). Outcomes: ``ok``, ``moved`` (the chain started with a permanent
redirect: ``new_url``), ``gone`` (404/410), ``dns``, ``tls``, ``timeout``, ``blocked`` (401/403/429/451: the site
refuses robots; the page may well be fine), ``error``. Dead links are looked up in the Wayback Machine.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from readinglist.enrich import wayback
from readinglist.enrich.model import MalformedResponse
from readinglist.net import Client, Response, host_of
from readinglist.storage import metadata as mdb
from readinglist.storage.metadata import Target
from readinglist.types import DEAD_OUTCOMES, LinkCheck

HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 500, 501})
"""HEAD answers after which a GET is tried: servers that do not implement HEAD say one of these."""
SAVE_EVERY = 50


def outcome_of(response: Response) -> tuple[str, str | None]:
    """``(outcome, new_url)`` for the final answer to a link."""
    problem = response.problem
    if response.status is None:
        if problem in ("dns", "tls", "timeout"):
            return problem, None
        return "error", None
    code = response.status
    if 200 <= code < 300:
        if response.permanent_redirect and response.permanent_redirect != response.url:
            return "moved", response.permanent_redirect
        return "ok", None
    if code in (404, 410):
        return "gone", None
    if code in (401, 403, 429, 451):
        return "blocked", None
    return "error", None


@dataclass
class Checker:
    storage: Any
    client: Client
    wayback_endpoint: str
    now: Callable[[], dt.datetime]
    workers: int = 32
    per_host: int = 2

    def check_one(self, url: str) -> dict[str, Any]:
        response = self.client.head(url)
        if response.status in HEAD_REFUSED or response.problem in ("connect", "error"):
            response = self.client.probe(url)
        outcome, new_url = outcome_of(response)
        archive = self.archived(url) if outcome in DEAD_OUTCOMES else None
        return {
            "url": url,
            "outcome": outcome,
            "http_status": response.status,
            "new_url": new_url,
            "archive_url": archive,
            "error": response.error if outcome != "ok" else None,
        }

    def archived(self, url: str) -> str | None:
        response = self.client.get(wayback.request_url(self.wayback_endpoint, url), max_bytes=1024 * 1024)
        if not response.ok:
            return None
        try:
            return wayback.parse(response.body or b"")
        except MalformedResponse:
            return None

    def run(
        self, targets: Sequence[Target], *, progress: Callable[[int, int], None] | None = None
    ) -> Iterator[LinkCheck]:
        """Check every target's link; yields each result as it comes, storing them in batches as it goes."""
        lanes: dict[tuple[str, int], list[Target]] = {}
        counts: dict[str, int] = {}
        for t in targets:
            host = host_of(t.item.url or "")
            n = counts.get(host, 0)
            counts[host] = n + 1
            lanes.setdefault((host, n % self.per_host), []).append(t)
        total = len(targets)
        results: queue.Queue = queue.Queue()
        stop = threading.Event()

        def lane(items: list[Target]) -> None:
            for t in items:
                if stop.is_set():
                    return
                try:
                    row = self.check_one(t.item.url or "")
                except Exception as exc:  # a bug: report it for this link, go on
                    row = {"url": t.item.url, "outcome": "error", "error": f"{type(exc).__name__}: {exc}"}
                results.put((t, row))

        pool = cf.ThreadPoolExecutor(max_workers=max(1, self.workers), thread_name_prefix="check")
        pending: list[dict[str, Any]] = []
        try:
            futures = [pool.submit(lane, items) for items in lanes.values()]
            for done in range(1, total + 1):
                t, row = results.get()
                row = {**row, "resource_id": t.item.id, "checked_at": self.now()}
                pending.append(row)
                if len(pending) >= SAVE_EVERY:
                    self._save(pending)
                    pending = []
                if progress is not None:
                    progress(done, total)
                yield _as_check(t, row)
            for f in futures:
                f.result()
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            if pending:
                self._save(pending)

    def _save(self, rows: list[dict[str, Any]]) -> None:
        columns = (
            "resource_id",
            "url",
            "outcome",
            "http_status",
            "new_url",
            "archive_url",
            "error",
            "checked_at",
        )
        with self.storage.transaction() as conn:
            mdb.save_link_checks(conn, [{c: r.get(c) for c in columns} for r in rows])


def _as_check(t: Target, row: dict[str, Any]) -> LinkCheck:
    return LinkCheck(
        item=t.item,
        url=row.get("url") or "",
        outcome=row["outcome"],
        http_status=row.get("http_status"),
        new_url=row.get("new_url"),
        archive_url=row.get("archive_url"),
        error=row.get("error"),
        checked_at=row.get("checked_at"),
    )


def check_links(
    storage: Any,
    now: Callable[[], dt.datetime],
    targets: Sequence[Target],
    *,
    refresh: bool,
    fresh_for: dt.timedelta,
    progress: Callable[[int, int], None] | None,
    endpoints: Any,
    client: Client | None,
    workers: int,
) -> Iterator[LinkCheck]:
    """Stored results for links checked within ``fresh_for`` (unless ``refresh``), then a check of the rest."""
    from readinglist.enrich.settings import Endpoints
    from readinglist.urls import is_web_url

    targets = [t for t in targets if t.item.url and is_web_url(t.item.url)]
    moment = now()
    recent = [t for t in targets if not refresh and t.checked_at and moment - t.checked_at < fresh_for]
    if recent:
        with storage.read() as conn:
            stored = mdb.load_link_checks(conn, [t.item.id for t in recent])
    else:
        stored = []
    recent_ids = {t.item.id for t in recent}
    todo = [t for t in targets if t.item.id not in recent_ids]
    own = client is None
    checker = Checker(
        storage,
        client or Client(per_host=2),
        (endpoints or Endpoints.from_env()).wayback,
        now,
        workers=workers,
        per_host=min(2, client.limiter.per_host) if client is not None else 2,
    )

    def run() -> Iterator[LinkCheck]:
        try:
            yield from stored
            yield from checker.run(todo, progress=progress)
        finally:
            if own:
                checker.client.close()

    return run()
