"""Pulling many feeds at once, without a database: feed states in, one :class:`FeedOutcome` per feed out.

Fetching runs in a thread pool (threads wait on the network in parallel). A body whose sha256 equals the one seen
last time is not parsed at all. Parsing is CPU-bound (feedparser reads ~1,500 entries/s per core), so when many
feeds are pulled it runs in a process pool created on demand; with few feeds, or when processes cannot start, it
runs in the fetching thread. Outcomes are yielded as each feed finishes, so the caller can write each one in its
own transaction from a single thread (SQLite sees one writer). One broken feed never stops the rest.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from readinglist.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from requests import Session

    from readinglist.feeds.parse import FeedEntry, ParsedFeed

PROCESS_THRESHOLD = 8
"""With at least this many feeds to pull (and two or more CPUs), parsing moves to a process pool."""

OutcomeStatus = Literal["new", "unchanged", "gone", "error"]


@dataclass(frozen=True)
class FeedRequest:
    """What the caller knows about one feed: its URL, the validators and body hash from last time, its filters."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    include: str | None = None
    exclude: str | None = None


@dataclass(frozen=True)
class FeedOutcome:
    """What pulling one feed gave.

    ``status``: ``"new"`` (a changed body was parsed: ``entries`` holds every entry that passed the filters; the
    caller decides which it has not seen), ``"unchanged"`` (304, or identical bytes), ``"gone"`` (410), ``"error"``.
    ``etag`` / ``last_modified`` / ``body_hash`` are the values to store for next time; on error they are the
    request's, so a feed that failed to parse is parsed again next time instead of being skipped as unchanged.
    """

    request: FeedRequest
    status: OutcomeStatus
    entries: tuple[FeedEntry, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    final_url: str | None = None
    permanent_redirect: str | None = None
    retry_after: float | None = None
    error: str | None = None
    warning: str | None = None
    title: str | None = None
    http_status: int | None = None
    failure: str | None = None
    """For ``"error"``/``"gone"``: why, in a few words a summary can count (see :func:`failure_kind`)."""


def failure_kind(status: str, http_status: int | None, parsed: bool = False) -> str:
    """``"could not be reached"``, ``"answered an HTTP error"``, ``"is gone"``, ``"is not a readable feed"``..."""
    if status == "gone":
        return "is gone"
    if parsed:
        return "is not a readable feed"
    if http_status is None:
        return "could not be reached"
    if http_status >= 400:
        return "answered an HTTP error"
    return "sent an unusable response"


@dataclass(frozen=True)
class _Filters:
    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None

    def keep(self, entry: FeedEntry) -> bool:
        text = f"{entry.title}\n{entry.summary or ''}"
        if self.include is not None and not self.include.search(text):
            return False
        return not (self.exclude is not None and self.exclude.search(text))


def compile_filter(pattern: str | None, *, what: str, url: str) -> re.Pattern[str] | None:
    """A case-insensitive regex, or :class:`InvalidArgumentError` naming the feed and the problem."""
    if pattern is None or pattern == "":
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InvalidArgumentError(
            f"the {what} filter {pattern!r} of {url} is not a valid regular expression ({exc})"
        ) from exc


def body_hash(body: bytes) -> str:
    """The hash stored to recognise an identical body from a server that ignores validators."""
    return hashlib.sha256(body).hexdigest()


class _Parser:
    """Parses bodies in a process pool when worthwhile, else in the calling thread.

    Pool workers run under the budgets of :mod:`readinglist.feeds.sandbox` (memory, time per parse, die with
    their parent). A body with a DTD is never parsed in this process: without the pool it goes to a one-worker
    sandbox pool of its own. A worker that dies on a body (over its budget) costs that feed an error; only a pool
    that never parsed anything (workers that cannot start) falls back to parsing here.
    """

    def __init__(
        self,
        use_processes: bool,
        max_processes: int,
        *,
        memory_limit: int | None = None,
        parse_seconds: float | None = None,
    ) -> None:
        from readinglist.feeds import sandbox

        self._pool: ProcessPoolExecutor | None = None
        self._sandbox: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._worked = False
        self._limits = (
            os.getpid(),
            sandbox.MEMORY_LIMIT if memory_limit is None else memory_limit,
            sandbox.PARSE_SECONDS if parse_seconds is None else parse_seconds,
        )
        if use_processes:
            self._pool = self._start(max_processes, None)

    def _start(self, max_processes: int, context: str | None) -> ProcessPoolExecutor | None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from readinglist.feeds.sandbox import init_worker

        try:
            pool = ProcessPoolExecutor(
                max_workers=max_processes,
                mp_context=multiprocessing.get_context(context) if context else None,
                initializer=init_worker,
                initargs=self._limits,
            )
            # The first submit starts the workers now, before our fetch threads exist (forking a threaded process
            # is fragile). It is a no-op and is not waited for: a round answered by 304s never pays for
            # feedparser's import in the workers; a worker that cannot start shows up on the first parse, which
            # then falls back to this process.
            pool.submit(int)
        except Exception:  # no /dev/shm, sandboxed, spawn failed...: parse in threads instead
            return None
        return pool

    @property
    def uses_processes(self) -> bool:
        return self._pool is not None

    def parse(self, body: bytes, url: str, headers: dict[str, str]) -> tuple[ParsedFeed | None, str | None]:
        from concurrent.futures.process import BrokenProcessPool

        from readinglist.feeds.dtd import has_dtd
        from readinglist.feeds.parse import parse_feed_job

        risky = has_dtd(body)
        pool = self._pool
        if pool is None and risky:
            pool = self._sandbox_pool()
        if pool is not None:
            try:
                result = pool.submit(parse_feed_job, body, url, headers).result()
                self._worked = True
                return result
            except BrokenProcessPool:
                self._drop(pool)
                if risky or self._worked:
                    return None, (
                        f"{url} could not be parsed: the parse process died "
                        "(over its memory or time budget); refused"
                    )
            except Exception:  # pickling trouble, or the pool was shut down under us
                self._drop(pool)
                if risky:
                    return None, f"{url} could not be parsed in a separate process; refused"
        return parse_feed_job(body, url, headers)

    def _sandbox_pool(self) -> ProcessPoolExecutor | None:
        """A one-worker pool (spawned: we are in a fetch thread) for bodies with a DTD, made on first need."""
        with self._lock:
            if self._sandbox is None:
                self._sandbox = self._start(1, "spawn")
            return self._sandbox

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
            if self._sandbox is pool:
                self._sandbox = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pools, self._pool, self._sandbox = (self._pool, self._sandbox), None, None
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)


def _pull_one(
    session: Session,
    request: FeedRequest,
    filters: _Filters,
    parser: _Parser,
    timeout: tuple[float, float],
) -> FeedOutcome:
    from readinglist.feeds.fetch import fetch

    fetched = fetch(
        session, request.url, etag=request.etag, last_modified=request.last_modified, timeout=timeout
    )
    common = {
        "request": request,
        "final_url": fetched.final_url,
        "permanent_redirect": fetched.permanent_redirect,
        "http_status": fetched.http_status,
    }
    old = {"etag": request.etag, "last_modified": request.last_modified, "body_hash": request.body_hash}
    if fetched.status == "not_modified":
        return FeedOutcome(
            status="unchanged",
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            body_hash=request.body_hash,
            **common,
        )
    if fetched.status == "gone":
        return FeedOutcome(
            status="gone",
            error=fetched.error,
            failure=failure_kind("gone", fetched.http_status),
            **old,
            **common,
        )
    if fetched.status != "ok" or fetched.body is None:
        return FeedOutcome(
            status="error",
            error=fetched.error,
            retry_after=fetched.retry_after,
            failure=failure_kind("error", fetched.http_status),
            **old,
            **common,
        )
    digest = body_hash(fetched.body)
    validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "body_hash": digest}
    if digest == request.body_hash:
        return FeedOutcome(status="unchanged", **validators, **common)
    headers = {"content-type": fetched.content_type} if fetched.content_type else {}
    feed, error = parser.parse(fetched.body, fetched.final_url or request.url, headers)
    if feed is None:
        failure = failure_kind("error", fetched.http_status, parsed=True)
        return FeedOutcome(status="error", error=error, failure=failure, **old, **common)
    entries = tuple(e for e in feed.entries if filters.keep(e))
    return FeedOutcome(
        status="new", entries=entries, warning=feed.warning, title=feed.title, **validators, **common
    )


def _safe_pull_one(*args: object) -> FeedOutcome:
    """_pull_one, with any unexpected exception turned into an error outcome for that feed alone."""
    request = args[1]
    assert isinstance(request, FeedRequest)
    try:
        return _pull_one(*args)  # type: ignore[arg-type]
    except Exception as exc:  # a bug must not stop the other feeds
        return FeedOutcome(
            request=request,
            status="error",
            error=f"pulling {request.url} failed unexpectedly ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
            etag=request.etag,
            last_modified=request.last_modified,
            body_hash=request.body_hash,
            failure="failed unexpectedly",
        )


def pull(
    requests: Sequence[FeedRequest],
    *,
    workers: int = 8,
    session: Session | None = None,
    progress: Callable[[int, int], None] | None = None,
    timeout: tuple[float, float] = (5, 20),
    processes: bool | None = None,
    max_processes: int | None = None,
) -> Iterator[FeedOutcome]:
    """Fetch and parse ``requests`` concurrently; yield one :class:`FeedOutcome` per feed as each finishes.

    Filters are checked first: an invalid ``include``/``exclude`` regex raises :class:`InvalidArgumentError` before
    anything is fetched. ``progress(done, total)`` is called in the consuming thread after each feed.
    ``processes`` forces (True) or forbids (False) the process pool; ``None`` uses it for
    :data:`PROCESS_THRESHOLD` or more feeds on a machine with two or more CPUs.
    """
    if workers < 1:
        raise InvalidArgumentError(f"workers must be at least 1, not {workers}")
    filters = [
        _Filters(
            compile_filter(r.include, what="include", url=r.url),
            compile_filter(r.exclude, what="exclude", url=r.url),
        )
        for r in requests
    ]
    return _run(list(requests), filters, workers, session, progress, timeout, processes, max_processes)


def _run(
    requests: list[FeedRequest],
    filters: list[_Filters],
    workers: int,
    session: Session | None,
    progress: Callable[[int, int], None] | None,
    timeout: tuple[float, float],
    processes: bool | None,
    max_processes: int | None,
) -> Iterator[FeedOutcome]:
    total = len(requests)
    if total == 0:
        return
    from readinglist.feeds.fetch import make_session

    cpus = os.cpu_count() or 1
    if processes is None:
        processes = total >= PROCESS_THRESHOLD and cpus >= 2
    parser = _Parser(processes, max_processes or max(1, min(cpus, 4)))
    threads = min(workers, total)
    own_session = session is None
    session = session or make_session(pool_size=threads)
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="readinglist-pull")
    try:
        pending: set[Future[FeedOutcome]] = {
            executor.submit(_safe_pull_one, session, request, flt, parser, timeout)
            for request, flt in zip(requests, filters)
        }
        done_count = 0
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                outcome = future.result()
                done_count += 1
                if progress is not None:
                    progress(done_count, total)
                yield outcome
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        parser.close()
        if own_session:
            session.close()
