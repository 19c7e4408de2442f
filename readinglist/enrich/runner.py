"""Enriching items: decide which service knows each item, fetch politely, parse, store, report per item.

- **arXiv** items (any URL form) are fetched in batches of :data:`arxiv.BATCH` ids, one request at a time with the
  pause of :attr:`Endpoints.arxiv_pause` between requests. Items listed by title only are searched by title; a link
  is attached only when the normalised titles are equal, near misses become suggestions (``accept``).
- **DOIs** go to Crossref, **books** (kind book, or an ISBN in the link, title or note) to Open Library, **videos**
  to oEmbed plus the video page (for the duration), every other **web page** is read for its own metadata.

Each batch is stored in its own transaction as soon as it is fetched, so an interrupted run keeps what it did and
the next run starts where it stopped (items with a fetch date are skipped unless ``refresh``). A failure of one
item (a timeout, a malformed answer) is reported for that item and the run goes on; failures are not stored, so the
next run tries them again.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from readinglist.enrich import arxiv, crossref, effort, oembed, openlibrary, page
from readinglist.enrich.model import Found, MalformedResponse, normalise_title, similarity
from readinglist.enrich.settings import Endpoints
from readinglist.net import Client
from readinglist.storage import metadata as mdb
from readinglist.storage.metadata import Target
from readinglist.types import EnrichResult, Metadata, Suggestion

log = logging.getLogger(__name__)

SOURCES = ("arxiv", "doi", "books", "pages", "video")
"""What ``--only`` chooses from."""
SUGGEST_AT = 0.6
"""Title similarity (0..1) from which a title-search result is offered as a suggestion."""
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")
PAGE_MAX_BYTES = 5 * 1024 * 1024

Progress = Callable[[int, int], None]


def classify(target: Target) -> tuple[str, str | None]:
    """``(source, key)``: which service to ask about an item, and what to ask (an id, DOI, ISBN, URL or title)."""
    from readinglist.urls import doi_of

    item = target.item
    url = item.url or ""
    kind = item.kind.value if item.kind else None
    if url:
        ident = arxiv.arxiv_id(url)
        if ident:
            return "arxiv", ident
        doi = doi_of(url)
        if doi:
            return "doi", doi
    isbn = openlibrary.isbn_in(url, item.title, target.note)
    if isbn:
        return "books", isbn
    if kind == "book":
        return "books", None
    if not url:
        return "arxiv", None  # a paper known by its title only: arXiv title search
    host = _host(url)
    if kind == "video" or any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS):
        return "video", url
    return "pages", url


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclasses.dataclass
class Runner:
    storage: Any
    endpoints: Endpoints
    client: Client
    now: Callable[[], dt.datetime]
    sleep: Callable[[float], None] = time.sleep
    workers: int = 8
    _last_arxiv: float | None = None
    _write_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    # --- the run ----------------------------------------------------------------------------------------

    def run(
        self,
        targets: Sequence[Target],
        *,
        only: Sequence[str] | None = None,
        refresh: bool = False,
        progress: Progress | None = None,
    ) -> Iterator[EnrichResult]:
        groups: dict[str, list[tuple[Target, str | None]]] = {s: [] for s in SOURCES}
        cached: list[EnrichResult] = []
        for t in targets:
            source, key = classify(t)
            if only and source not in only:
                continue
            if t.fetched_at is not None and not refresh:
                cached.append(EnrichResult(t.item, source, "cached"))
                continue
            groups[source].append((t, key))
        total = len(cached) + sum(len(g) for g in groups.values())
        done = 0

        def tick(result: EnrichResult) -> EnrichResult:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)
            return result

        for result in cached:
            yield tick(result)
        by_id = [(t, k) for t, k in groups["arxiv"] if k]
        by_title = [(t, k) for t, k in groups["arxiv"] if not k]
        for result in self._arxiv_batches(by_id):
            yield tick(result)
        for t, _ in by_title:
            yield tick(self._guard(t, "arxiv", self._arxiv_title))
        single = [
            (t, k, fn)
            for source, fn in (
                ("doi", self._doi),
                ("books", self._book),
                ("video", self._video),
                ("pages", self._page),
            )
            for t, k in groups[source]
        ]
        for result in self._concurrently(single):
            yield tick(result)

    def _concurrently(self, work: list[tuple[Target, str | None, Callable]]) -> Iterator[EnrichResult]:
        if not work:
            return
        pool = cf.ThreadPoolExecutor(max_workers=max(1, self.workers), thread_name_prefix="enrich")
        try:
            futures = [pool.submit(self._guard, t, fn.__name__.strip("_"), fn, k) for t, k, fn in work]
            for future in cf.as_completed(futures):
                yield future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _guard(self, target: Target, source: str, fn: Callable, *args: Any) -> EnrichResult:
        """One item's fetch: whatever goes wrong becomes an ``error`` result for that item alone."""
        try:
            return fn(target, *args)
        except MalformedResponse as exc:
            return EnrichResult(target.item, _label(source), "error", str(exc))
        except _Failed as exc:
            return EnrichResult(target.item, _label(source), "error", str(exc))
        except Exception as exc:  # a bug or an unexpected answer: report it for this item, go on
            log.exception("enriching %s failed", target.item.url or target.item.title)
            return EnrichResult(target.item, _label(source), "error", f"{type(exc).__name__}: {exc}")

    # --- arXiv ------------------------------------------------------------------------------------------

    def _arxiv_get(self, url: str) -> bytes:
        """One arXiv request, after the pause since the previous one (the API's terms: one every 3 s)."""
        if self._last_arxiv is not None and self.endpoints.arxiv_pause > 0:
            wait = self.endpoints.arxiv_pause - (time.monotonic() - self._last_arxiv)
            if wait > 0:
                self.sleep(wait)
        try:
            response = self.client.get(url)
        finally:
            self._last_arxiv = time.monotonic()
        if not response.ok:
            raise _Failed(f"arXiv API: {response.error}")
        return response.body or b""

    def _arxiv_batches(self, work: list[tuple[Target, str | None]]) -> Iterator[EnrichResult]:
        by_ident: dict[str, list[Target]] = {}
        for t, ident in work:
            by_ident.setdefault(ident or "", []).append(t)
        idents = list(by_ident)
        for start in range(0, len(idents), arxiv.BATCH):
            batch = idents[start : start + arxiv.BATCH]
            try:
                found = arxiv.parse(self._arxiv_get(arxiv.id_list_url(self.endpoints.arxiv, batch)))
            except (MalformedResponse, _Failed) as exc:
                for ident in batch:
                    for t in by_ident[ident]:
                        yield EnrichResult(t.item, "arxiv", "error", str(exc))
                continue
            records = {f.source_id: f for f in found if f.source_id}
            rows, results = [], []
            for ident in batch:
                for t in by_ident[ident]:
                    record = records.get(ident)
                    if record is None:
                        rows.append(self._row(t, Found("arxiv", ident), status="not_found"))
                        results.append(
                            EnrichResult(t.item, "arxiv", "not_found", f"arXiv has no paper {ident}")
                        )
                    else:
                        row = self._row(t, record)
                        rows.append(row)
                        results.append(EnrichResult(t.item, "arxiv", "enriched", metadata=_as_metadata(row)))
            with self._write_lock, self.storage.transaction() as conn:
                mdb.save_metadata(conn, rows)
            yield from results

    def _arxiv_title(self, target: Target) -> EnrichResult:
        title = target.item.title
        found = arxiv.parse(self._arxiv_get(arxiv.title_search_url(self.endpoints.arxiv, title)))
        wanted = normalise_title(title)
        exact = next((f for f in found if f.title and normalise_title(f.title) == wanted), None)
        if exact is not None:
            row = self._row(target, exact, link=exact.url)
            self._save(row)
            return EnrichResult(
                target.item, "arxiv", "enriched", f"found on arXiv: {exact.url}", _as_metadata(row)
            )
        near = sorted(
            (
                Suggestion(
                    f.source_id or "", f.title or "", f.url or "", round(similarity(title, f.title or ""), 3)
                )
                for f in found
                if f.source_id and f.title
            ),
            key=lambda s: -s.score,
        )
        near = [s for s in near if s.score >= SUGGEST_AT][:3]
        if near:
            row = self._row(target, Found("arxiv"), status="suggested", suggestions=tuple(near))
            self._save(row)
            best = near[0]
            return EnrichResult(
                target.item,
                "arxiv",
                "suggested",
                f"not attached: closest arXiv title is {best.title!r} ({best.source_id}, {best.score:.0%} alike); "
                f"accept it with --accept {target.item.id}",
                _as_metadata(row),
            )
        self._save(self._row(target, Found("arxiv"), status="not_found"))
        return EnrichResult(target.item, "arxiv", "not_found", "no arXiv paper has this title")

    def accept(self, target: Target, suggestion: Suggestion) -> EnrichResult:
        """Attach a suggested arXiv paper to a title-only item: fetch it by id and store it with its link."""
        found = arxiv.parse(self._arxiv_get(arxiv.id_list_url(self.endpoints.arxiv, [suggestion.source_id])))
        record = next((f for f in found if f.source_id == suggestion.source_id), None)
        if record is None:
            raise _Failed(f"arXiv has no paper {suggestion.source_id}")
        row = self._row(target, record, link=record.url)
        self._save(row)
        return EnrichResult(target.item, "arxiv", "enriched", f"attached {record.url}", _as_metadata(row))

    # --- one request per item ---------------------------------------------------------------------------

    def _fetch(self, url: str, what: str, *, max_bytes: int | None = None) -> bytes | None:
        """The body, or None for 404/410 (nothing known); other failures raise :class:`_Failed`."""
        response = self.client.get(url, max_bytes=max_bytes)
        if response.ok:
            return response.body or b""
        if response.status in (404, 410):
            return None
        raise _Failed(f"{what}: {response.error}")

    def _doi(self, target: Target, doi: str) -> EnrichResult:
        body = self._fetch(crossref.work_url(self.endpoints.crossref, doi), "Crossref")
        if body is None:
            return self._nothing(target, "doi", f"Crossref does not know DOI {doi}")
        return self._store(target, "doi", crossref.parse(body))

    def _book(self, target: Target, isbn: str | None) -> EnrichResult:
        if isbn:
            url = openlibrary.search_url(self.endpoints.openlibrary, isbn=isbn)
        else:
            url = openlibrary.search_url(
                self.endpoints.openlibrary, title=target.item.title, author=target.author
            )
        body = self._fetch(url, "Open Library")
        books = openlibrary.parse(body) if body is not None else []
        if not isbn:  # by title: only a book whose title is the item's
            wanted = normalise_title(target.item.title)
            books = [b for b in books if b.title and normalise_title(b.title) == wanted]
        if not books:
            return self._nothing(target, "books", "Open Library has no such book")
        return self._store(target, "books", books[0])

    def _video(self, target: Target, url: str) -> EnrichResult:
        endpoint = self.endpoints.vimeo_oembed if "vimeo.com" in _host(url) else self.endpoints.oembed
        body = self._fetch(oembed.request_url(endpoint, url), "oEmbed")
        if body is None:
            return self._nothing(target, "video", "the video is not available (oEmbed: not found)")
        found = oembed.parse(body)
        page_body = self._fetch(url, "video page", max_bytes=PAGE_MAX_BYTES)
        if page_body is not None:
            on_page = page.parse(page_body, url)
            found = dataclasses.replace(
                found,
                title=found.title or on_page.title,
                duration_minutes=on_page.duration_minutes,
                year=on_page.year,
            )
        return self._store(target, "video", dataclasses.replace(found, kind="video"))

    def _page(self, target: Target, url: str) -> EnrichResult:
        body = self._fetch(url, "page", max_bytes=PAGE_MAX_BYTES)
        if body is None:
            return self._nothing(target, "pages", f"{url} is gone (HTTP 404/410)")
        return self._store(target, "pages", page.parse(body, url))

    # --- storing ----------------------------------------------------------------------------------------

    def _store(self, target: Target, source: str, found: Found) -> EnrichResult:
        row = self._row(target, found)
        self._save(row)
        return EnrichResult(target.item, source, "enriched", metadata=_as_metadata(row))

    def _nothing(self, target: Target, source: str, message: str) -> EnrichResult:
        self._save(self._row(target, Found(_service(source)), status="not_found"))
        return EnrichResult(target.item, source, "not_found", message)

    def _save(self, row: dict[str, Any]) -> None:
        # Workers write one at a time: SQLite allows one writer, and a short lock beats "database is locked".
        with self._write_lock, self.storage.transaction() as conn:
            mdb.save_metadata(conn, [row])

    def _row(
        self,
        target: Target,
        found: Found,
        *,
        status: str = "enriched",
        link: str | None = None,
        suggestions: tuple[Suggestion, ...] = (),
    ) -> dict[str, Any]:
        kind = target.item.kind.value if target.item.kind else found.kind
        estimate = effort.estimate(
            kind=kind, pages=found.pages, words=found.words, duration_minutes=found.duration_minutes
        )
        return {
            "resource_id": target.item.id,
            "item": target.item,
            "kind": kind,
            "status": status,
            "source": found.source,
            "source_id": found.source_id,
            "title": found.title,
            "authors": found.authors,
            "year": found.year,
            "abstract": found.abstract,
            "category": found.category,
            "pages": found.pages,
            "words": found.words,
            "duration_minutes": found.duration_minutes,
            "link": link,
            "suggestions": suggestions,
            "effort_minutes": estimate[0] if estimate else None,
            "effort_source": estimate[1] if estimate else None,
            "error": None,
            "fetched_at": self.now(),
        }


class _Failed(Exception):
    """A fetch that failed for this item (reported, not stored)."""


def _label(source: str) -> str:
    return {"doi": "doi", "book": "books", "video": "video", "page": "pages"}.get(source, source)


def _service(source: str) -> str:
    return {"doi": "crossref", "books": "openlibrary", "video": "oembed", "pages": "page"}.get(source, source)


def _as_metadata(row: dict[str, Any]) -> Metadata:
    minutes, source = row.get("effort_minutes"), row.get("effort_source")
    kind = "book" if row.get("kind") == "book" or row.get("source") == "openlibrary" else row.get("kind")
    return Metadata(
        item_id=row["resource_id"],
        source=row["source"],
        source_id=row.get("source_id"),
        title=row.get("title"),
        authors=tuple(row.get("authors") or ()),
        year=row.get("year"),
        abstract=row.get("abstract"),
        category=row.get("category"),
        pages=row.get("pages"),
        words=row.get("words"),
        duration_minutes=row.get("duration_minutes"),
        link=row.get("link"),
        effort=effort.describe(minutes, source, pages=row.get("pages"), kind=kind) if minutes else None,
        fetched_at=row.get("fetched_at"),
        suggestions=tuple(row.get("suggestions") or ()),
    )


# --- what Library calls --------------------------------------------------------------------------------------


def parse_only(only: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """``"arxiv,doi"`` or ``["arxiv", "doi"]`` -> ``("arxiv", "doi")``; unknown sources are refused."""
    from readinglist.exceptions import InvalidArgumentError

    if only is None:
        return None
    names = [
        n.strip().lower() for part in ([only] if isinstance(only, str) else only) for n in part.split(",")
    ]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise InvalidArgumentError(f"unknown source {unknown[0]!r}; choose from {', '.join(SOURCES)}")
    return tuple(names) or None


def make_runner(
    storage: Any, now: Callable[[], dt.datetime], endpoints: Any, client: Any
) -> tuple[Runner, bool]:
    """A runner on the given (or default) endpoints and client; the flag says whether the client is ours to close."""
    own = client is None
    return Runner(storage, endpoints or Endpoints.from_env(), client or Client(per_host=2), now), own


def enrich(
    storage: Any,
    now: Callable[[], dt.datetime],
    targets: Sequence[Target],
    *,
    only: str | Sequence[str] | None,
    refresh: bool,
    progress: Progress | None,
    endpoints: Any,
    client: Any,
) -> Iterator[EnrichResult]:
    """Validate eagerly, then return the generator of per-item results (closing our own client at its end)."""
    wanted = parse_only(only)
    run, own = make_runner(storage, now, endpoints, client)

    def results() -> Iterator[EnrichResult]:
        try:
            yield from run.run(targets, only=wanted, refresh=refresh, progress=progress)
        finally:
            if own:
                run.client.close()

    return results()


def accept(
    storage: Any,
    now: Callable[[], dt.datetime],
    target: Target | None,
    suggestions: Sequence[Suggestion],
    source_id: str | None,
    *,
    endpoints: Any,
    client: Any,
) -> EnrichResult:
    """Attach the chosen suggestion (the best, or ``source_id``) to the target item."""
    from readinglist.exceptions import InvalidArgumentError, ReadingListError

    if not suggestions or target is None:
        name = target.item.id if target else "this item"
        raise InvalidArgumentError(f"item {name} has no suggestions; run 'readinglist enrich' first")
    chosen = (
        suggestions[0]
        if source_id is None
        else next((s for s in suggestions if s.source_id == source_id), None)
    )
    if chosen is None:
        offered = ", ".join(s.source_id for s in suggestions)
        raise InvalidArgumentError(
            f"{source_id!r} is not among the suggestions for item {target.item.id} ({offered})"
        )
    run, own = make_runner(storage, now, endpoints, client)
    try:
        return run.accept(target, chosen)
    except (_Failed, MalformedResponse) as exc:
        raise ReadingListError(str(exc)) from exc
    finally:
        if own:
            run.client.close()
