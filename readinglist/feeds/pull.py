"""Pulling many feeds at once, without a database: feed states in, one :class:`FeedOutcome` per feed out.

Fetching runs in a thread pool (threads wait on the network in parallel). A body whose sha256 equals the one seen
last time is not parsed at all. Parsing is CPU-bound (feedparser reads ~1,500 entries/s per core) and the bodies
are untrusted, so every parse runs in a worker process under a memory and time budget (one worker for a few feeds,
up to four for many); only when processes cannot start at all does a plain feed (no DTD) fall back to a parsing
thread of this process. The three stages overlap: a fetching thread hands its body to the parser and fetches the
next feed; outcomes are handed out as they finish, in batches of whatever finished together, so the caller can
write each batch in one transaction from a single thread (SQLite sees one writer). One broken feed never stops
the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from readinglist.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from requests import Session

    from readinglist.feeds.parse import FeedEntry, ParsedFeed

PROCESS_THRESHOLD = 8
"""With at least this many feeds to pull, parsing uses up to four worker processes (one per CPU); with fewer, one."""

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


def _fork() -> str | None:
    """The parse pool's start method: fork where the platform has it, asked for by name because Python 3.14 makes
    the fork server the default on Linux (see :class:`_Parser`); elsewhere the platform's own."""
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() else None


class _Parser:
    """Parses bodies in a process pool (the pull's default), else in one parsing thread of this process.

    :meth:`submit` starts a parse and returns at once; :meth:`finish` takes the finished job's result. Pool
    workers run under the budgets of :mod:`readinglist.feeds.sandbox` (memory, time per parse, die with their
    parent). A body with a DTD is never parsed in this process: without the pool it goes to a one-worker sandbox
    pool of its own. A worker that dies on a body (over its budget) costs that feed an error; a pool that never
    parsed anything (workers that cannot start, or a first body that killed its worker) hands the body to that
    sandbox, and only when no process can be made at all is it parsed here.

    The pool starts with the first body to parse: a round answered by 304s or identical bodies starts no process.
    Its workers are forked (:func:`_fork`) from the thread that hands out bodies while
    fetching threads run. A forked child holds only the thread that forked it, and copies of locks others held;
    a worker touches none of theirs (sessions, sockets, the writer's connection): it reads jobs from its own
    queue and imports only the parser (were a module lock still held, the parse's time budget ends the wait). A
    fork server was tried and left: its resource tracker warns on the terminal when an interrupted pull leaves
    at once (``os._exit``), and the server outlives the pull.
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
        self._pooled = use_processes  # parse in the pool, started on first need (False once it was dropped)
        self._max_processes = max_processes
        self._sandbox: ProcessPoolExecutor | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._worked = False
        self._limits = (
            os.getpid(),
            sandbox.MEMORY_LIMIT if memory_limit is None else memory_limit,
            sandbox.PARSE_SECONDS if parse_seconds is None else parse_seconds,
        )

    def _start(self, max_processes: int, context: str | None) -> ProcessPoolExecutor | None:
        """A pool of budgeted workers; None when this platform cannot make one (a worker that cannot start shows
        up on the first parse, which then falls back to this process)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from readinglist.feeds.sandbox import init_worker

        try:
            return ProcessPoolExecutor(
                max_workers=max_processes,
                mp_context=multiprocessing.get_context(context) if context else None,
                initializer=init_worker,
                initargs=self._limits,
            )
        except Exception:  # no /dev/shm, sandboxed...: parse in threads instead
            return None

    def _main_pool(self) -> ProcessPoolExecutor | None:
        """The parse pool, started on the first call (from the thread that hands out bodies)."""
        with self._lock:
            if self._pool is None and self._pooled:
                self._pool = self._start(self._max_processes, _fork())
                self._pooled = self._pool is not None
            return self._pool

    @property
    def uses_processes(self) -> bool:
        return self._pooled

    def submit(self, body: bytes, url: str, headers: dict[str, str]) -> _ParseJob:
        """Start parsing ``body``; the returned job's future completes without waiting on anything else."""
        from readinglist.feeds.dtd import has_dtd

        risky = has_dtd(body)
        pool = self._main_pool()
        if pool is None and risky:
            pool = self._sandbox_pool()
        if pool is not None:
            from readinglist.feeds.parse import parse_feed_job

            try:
                return _ParseJob(
                    pool.submit(parse_feed_job, body, url, headers), pool, risky, body, url, headers
                )
            except Exception:  # the pool broke or was shut down under us
                self._drop(pool)
                if risky:
                    return _ParseJob(
                        _done((None, f"{url} could not be parsed in a separate process; refused"))
                    )
        return _ParseJob(self._local().submit(_parse_here, body, url, headers))

    def finish(self, job: _ParseJob) -> tuple[ParsedFeed | None, str | None] | _ParseJob:
        """The finished job's ``(feed, error)``, or a new job when a pool that never worked falls back to here."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            result = job.future.result()
        except BrokenProcessPool:
            assert job.pool is not None
            self._drop(job.pool)
            if job.risky or self._worked:
                return None, (
                    f"{job.url} could not be parsed: the parse process died (over its memory or time budget); refused"
                )
            # the pool never worked: workers that cannot start, or a body that killed the first one. Try the body
            # once more in a spawned sandbox under the same budgets (a second death refuses it), and parse it
            # here only when no separate process can be made at all
            sandbox = self._sandbox_pool() if job.pool is not self._sandbox else None
            if sandbox is not None:
                from readinglist.feeds.parse import parse_feed_job

                with contextlib.suppress(Exception):
                    future = sandbox.submit(parse_feed_job, job.body, job.url, job.headers or {})
                    return _ParseJob(future, sandbox, True, job.body, job.url, job.headers)
        except Exception:  # pickling trouble, or the pool was shut down under us
            if job.pool is None:
                raise
            self._drop(job.pool)
            if job.risky:
                return None, f"{job.url} could not be parsed in a separate process; refused"
        else:
            if job.pool is not None:
                self._worked = True
            return result
        return _ParseJob(self._local().submit(_parse_here, job.body, job.url, job.headers or {}))

    def parse(self, body: bytes, url: str, headers: dict[str, str]) -> tuple[ParsedFeed | None, str | None]:
        """Parse ``body`` and wait for the result (see :meth:`submit`)."""
        job: tuple[ParsedFeed | None, str | None] | _ParseJob = self.submit(body, url, headers)
        while isinstance(job, _ParseJob):
            job = self.finish(job)
        return job

    def _local(self) -> ThreadPoolExecutor:
        """One thread that parses in this process (no pool): fetching threads never wait on a parse."""
        with self._lock:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readinglist-parse")
            return self._thread

    def _sandbox_pool(self) -> ProcessPoolExecutor | None:
        """A one-worker pool (spawned: we are in a fetch thread) for bodies with a DTD, made on first need."""
        with self._lock:
            if self._sandbox is None:
                self._sandbox = self._start(1, "spawn")
            return self._sandbox

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool, self._pooled = None, False
            if self._sandbox is pool:
                self._sandbox = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pools, self._pool, self._sandbox = (self._pool, self._sandbox), None, None
            self._pooled = False
            thread, self._thread = self._thread, None
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        if thread is not None:
            thread.shutdown(wait=False, cancel_futures=True)


@dataclass
class _ParseJob:
    """A parse under way: its future, and what is needed to run it again here if its pool never worked."""

    future: Future[tuple[ParsedFeed | None, str | None]]
    pool: ProcessPoolExecutor | None = None
    risky: bool = False
    body: bytes = b""
    url: str = ""
    headers: dict[str, str] | None = None


def _done(result: tuple[ParsedFeed | None, str | None]) -> Future[tuple[ParsedFeed | None, str | None]]:
    future: Future[tuple[ParsedFeed | None, str | None]] = Future()
    future.set_result(result)
    return future


def _parse_here(body: bytes, url: str, headers: dict[str, str]) -> tuple[ParsedFeed | None, str | None]:
    from readinglist.feeds.parse import parse_feed_job

    return parse_feed_job(body, url, headers)


@dataclass(frozen=True)
class _Fetched:
    """A changed body, fetched and waiting for its parse."""

    request: FeedRequest
    filters: _Filters
    body: bytes
    url: str
    headers: dict[str, str]
    common: dict[str, object]
    validators: dict[str, str | None]


def _fetch_one(
    session: Session, request: FeedRequest, filters: _Filters, timeout: tuple[float, float]
) -> FeedOutcome | _Fetched:
    """Fetch one feed: its outcome when there is nothing to parse (304, identical body, error), else the body."""
    from readinglist.feeds.fetch import fetch

    fetched = fetch(
        session, request.url, etag=request.etag, last_modified=request.last_modified, timeout=timeout
    )
    common: dict[str, object] = {
        "final_url": fetched.final_url,
        "permanent_redirect": fetched.permanent_redirect,
        "http_status": fetched.http_status,
    }
    if fetched.status == "not_modified":
        return FeedOutcome(
            request=request,
            status="unchanged",
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            body_hash=request.body_hash,
            **common,  # type: ignore[arg-type]
        )
    if fetched.status == "gone":
        return FeedOutcome(
            request=request,
            status="gone",
            error=fetched.error,
            failure=failure_kind("gone", fetched.http_status),
            **_old(request),
            **common,  # type: ignore[arg-type]
        )
    if fetched.status != "ok" or fetched.body is None:
        return FeedOutcome(
            request=request,
            status="error",
            error=fetched.error,
            retry_after=fetched.retry_after,
            failure=failure_kind("error", fetched.http_status),
            **_old(request),
            **common,  # type: ignore[arg-type]
        )
    digest = body_hash(fetched.body)
    validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "body_hash": digest}
    if digest == request.body_hash:
        return FeedOutcome(request=request, status="unchanged", **validators, **common)  # type: ignore[arg-type]
    headers = {"content-type": fetched.content_type} if fetched.content_type else {}
    url = fetched.final_url or request.url
    return _Fetched(request, filters, fetched.body, url, headers, common, validators)


def _old(request: FeedRequest) -> dict[str, str | None]:
    """The request's validators: kept on error, so a feed that failed is fetched and parsed again next time."""
    return {"etag": request.etag, "last_modified": request.last_modified, "body_hash": request.body_hash}


def _parsed(fetched: _Fetched, feed: ParsedFeed | None, error: str | None) -> FeedOutcome:
    """The outcome of a fetched body once parsed."""
    request, common = fetched.request, fetched.common
    if feed is None:
        failure = failure_kind("error", fetched.common["http_status"], parsed=True)  # type: ignore[arg-type]
        return FeedOutcome(
            request=request,
            status="error",
            error=error,
            failure=failure,
            **_old(request),
            **common,  # type: ignore[arg-type]
        )
    entries = tuple(e for e in feed.entries if fetched.filters.keep(e))
    return FeedOutcome(
        request=request,
        status="new",
        entries=entries,
        warning=feed.warning,
        title=feed.title,
        **fetched.validators,  # type: ignore[arg-type]
        **common,  # type: ignore[arg-type]
    )


def _unexpected(request: FeedRequest, exc: BaseException) -> FeedOutcome:
    """A bug while pulling one feed becomes that feed's error: it must not stop the other feeds."""
    return FeedOutcome(
        request=request,
        status="error",
        error=f"pulling {request.url} failed unexpectedly ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
        failure="failed unexpectedly",
        **_old(request),
    )


def _safe_fetch_one(
    session: Session, request: FeedRequest, filters: _Filters, timeout: tuple[float, float]
) -> FeedOutcome | _Fetched:
    try:
        return _fetch_one(session, request, filters, timeout)
    except Exception as exc:
        return _unexpected(request, exc)


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
    ``processes=False`` forbids the process pool (parses then run in one thread of this process, without a memory
    or time budget); by default every parse runs in a budgeted worker process (:mod:`readinglist.feeds.sandbox`),
    one for a few feeds, up to four for :data:`PROCESS_THRESHOLD` or more.
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
    return _Batched(
        _run(list(requests), filters, workers, session, progress, timeout, processes, max_processes)
    )


def pull_batches(requests: Sequence[FeedRequest], **kwargs: Any) -> Iterator[list[FeedOutcome]]:
    """As :func:`pull`, but yield the outcomes in batches: every outcome that finished since the last batch.

    A caller that writes each batch in one transaction batches its work by itself: while it writes, the next
    feeds finish, and it takes them all at once.
    """
    outcomes = pull(requests, **kwargs)
    assert isinstance(outcomes, _Batched)
    return outcomes.batches()


def _run(
    requests: list[FeedRequest],
    filters: list[_Filters],
    workers: int,
    session: Session | None,
    progress: Callable[[int, int], None] | None,
    timeout: tuple[float, float],
    processes: bool | None,
    max_processes: int | None,
) -> Iterator[list[FeedOutcome]]:
    """Fetch, parse and hand out as three overlapping stages.

    Fetching threads only fetch: a changed body is handed to the parser (a process pool, or one parsing thread)
    and the thread moves on to the next feed at once, so downloads overlap parses even with one worker. This
    generator waits on both kinds of futures and yields each outcome as it completes; while the caller writes
    one outcome, the fetches and parses go on.
    """
    total = len(requests)
    if total == 0:
        return
    from readinglist.feeds.fetch import make_session

    cpus = os.cpu_count() or 1
    if processes is None:  # every parse runs under a budget, in a worker process
        processes = True
    if not max_processes:
        max_processes = max(1, min(cpus, 4)) if total >= PROCESS_THRESHOLD else 1
    parser = _Parser(processes, max_processes)
    threads = min(workers, total)
    own_session = session is None
    session = session or make_session(pool_size=threads)
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="readinglist-pull")
    try:
        fetching: dict[Future[FeedOutcome | _Fetched], FeedRequest] = {
            executor.submit(_safe_fetch_one, session, request, flt, timeout): request
            for request, flt in zip(requests, filters)
        }
        parsing: dict[Future[tuple[ParsedFeed | None, str | None]], tuple[_Fetched, _ParseJob]] = {}
        done_count = 0
        while fetching or parsing:
            finished, _ = wait([*fetching, *parsing], return_when=FIRST_COMPLETED)
            outcomes: list[FeedOutcome] = []
            for future in finished:
                if future in fetching:
                    request = fetching.pop(future)  # type: ignore[arg-type]
                    staged = future.result()
                    if isinstance(staged, FeedOutcome):
                        outcomes.append(staged)
                        continue
                    try:
                        job = parser.submit(staged.body, staged.url, staged.headers)
                    except Exception as exc:
                        outcomes.append(_unexpected(request, exc))
                        continue
                    parsing[job.future] = (staged, job)
                else:
                    staged, job = parsing.pop(future)  # type: ignore[arg-type]
                    try:
                        result = parser.finish(job)
                    except Exception as exc:
                        outcomes.append(_unexpected(staged.request, exc))
                        continue
                    if isinstance(result, _ParseJob):
                        parsing[result.future] = (staged, result)
                        continue
                    try:
                        outcomes.append(_parsed(staged, *result))
                    except Exception as exc:
                        outcomes.append(_unexpected(staged.request, exc))
            for _ in outcomes:
                done_count += 1
                if progress is not None:
                    progress(done_count, total)
            if outcomes:
                yield outcomes
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        parser.close()
        if own_session:
            session.close()


class _Batched(Iterator[FeedOutcome]):
    """The outcomes of :func:`_run` one by one, or (:meth:`batches`) as the lists it yields."""

    def __init__(self, batches: Iterator[list[FeedOutcome]]) -> None:
        self._batches = batches
        self._current: list[FeedOutcome] = []

    def __next__(self) -> FeedOutcome:
        while not self._current:
            self._current = list(next(self._batches))
        return self._current.pop(0)

    def batches(self) -> Iterator[list[FeedOutcome]]:
        if self._current:
            yield self._current
            self._current = []
        yield from self._batches

    def close(self) -> None:
        close = getattr(self._batches, "close", None)
        if close is not None:
            close()
