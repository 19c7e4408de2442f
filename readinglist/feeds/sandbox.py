"""Budgets for the processes that parse feeds: one hostile feed costs one per-feed error, never the machine.

:func:`init_worker` runs first in every parse worker of the pool (``ProcessPoolExecutor(initializer=...)``):

* an address-space limit (``RLIMIT_AS``): :data:`MEMORY_LIMIT` more than the worker maps when it starts (a
  forked worker inherits its parent's mappings); a parse that would need more gets ``MemoryError``, which
  :func:`readinglist.feeds.parse.parse_feed_job` turns into that feed's error;
* a time limit per parse (:data:`PARSE_SECONDS`, ``SIGALRM`` armed by :func:`time_limit`), and a CPU-time ceiling
  for the whole worker as a backstop (``RLIMIT_CPU``);
* Ctrl-C is ignored: the parent decides what an interrupt means, and a worker printing its own traceback for it
  is noise;
* the worker dies with its parent: on Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, everywhere a watchdog thread
  that exits when the parent process is gone, or a zombie nobody reaped yet (a parent killed with SIGKILL leaves
  no orphan parsing away).

Nothing here runs in the library's own process: limits apply to the workers only.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Iterator

MEMORY_LIMIT = 1024 * 1024 * 1024
"""Address space a parse worker may add to what it maps at start (1 GiB; a big real feed needs ~150 MB)."""
PARSE_SECONDS = 30
"""Wall-clock seconds one parse may take (feedparser reads ~1,500 entries/s: a 20 MB feed takes a few)."""
WORKER_CPU_SECONDS = 3600
"""CPU seconds a worker may use over its whole life; a backstop if an alarm cannot interrupt a C loop."""

_in_worker = False
_parse_seconds = PARSE_SECONDS


class ParseTimeout(BaseException):
    """A parse ran past its time budget.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside feedparser (which turns
    parser errors into a "bozo" feed) swallows it.
    """


def init_worker(parent_pid: int, memory_limit: int | None, parse_seconds: float) -> None:
    """Set up a parse worker process; see the module doc. Never raises: a limit that cannot be set is skipped."""
    global _in_worker, _parse_seconds
    _in_worker = True
    _parse_seconds = parse_seconds
    gc.freeze()  # what a forked worker inherits is its parent's: never collected (nor its finalisers run) here
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent_pid)
    try:
        import resource
    except ImportError:  # not on POSIX: no limits to set
        return
    if memory_limit:  # a budget on top of what the (forked) worker already maps
        _lower(resource, resource.RLIMIT_AS, _mapped() + memory_limit)
    _lower(resource, resource.RLIMIT_CPU, WORKER_CPU_SECONDS)


def _mapped() -> int:
    """Bytes of address space this process maps now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _lower(resource: object, which: int, value: int) -> None:
    """Lower a soft and hard limit to ``value`` unless it is already lower."""
    getrlimit = resource.getrlimit  # type: ignore[attr-defined]
    setrlimit = resource.setrlimit  # type: ignore[attr-defined]
    infinity = resource.RLIM_INFINITY  # type: ignore[attr-defined]
    with contextlib.suppress(ValueError, OSError):
        soft, hard = getrlimit(which)
        new_hard = value if hard == infinity or hard > value else hard
        new_soft = min(value, new_hard) if soft == infinity or soft > value else soft
        setrlimit(which, (new_soft, new_hard))


def _die_with_parent(parent_pid: int) -> None:
    if os.getppid() == parent_pid:  # our parent is the library's process (fork); with forkserver it is not
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid and not _alive(parent_pid):
        os._exit(1)  # the parent died before we got here
    watchdog = threading.Thread(target=_watch, args=(parent_pid,), name="readinglist-watchdog", daemon=True)
    watchdog.start()


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs. A killed parent nobody has reaped yet is a zombie: dead, though its pid answers."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc: the pid answered, that is all we can know
        return True
    return state not in (b"Z", b"X")


def _watch(parent_pid: int, interval: float = 0.5) -> None:
    first_parent = os.getppid()
    while True:
        time.sleep(interval)
        if os.getppid() != first_parent or not _alive(parent_pid):
            os._exit(1)


@contextlib.contextmanager
def time_limit() -> Iterator[None]:
    """In a parse worker, raise :class:`ParseTimeout` when the body takes longer than the parse budget.

    The alarm repeats (:func:`_repeat`) until the body is done: a raise that lands inside a finaliser (``__del__``, a
    weakref callback, a generator closed by the collector) is printed and dropped by Python, and a one-shot alarm
    lost that way let a parse run on without any budget. A forked worker collects its parent's garbage, so this
    happened under load.
    """
    if not _in_worker or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ParseTimeout(f"parsing took longer than {_parse_seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, _parse_seconds, _repeat(_parse_seconds))
    try:
        yield
    finally:
        _disarm(previous)


def _repeat(seconds: float) -> float:
    """How often an expired budget raises again: a tenth of it, between 10 ms and 1 s."""
    return min(max(seconds / 10, 0.01), 1.0)


def _disarm(previous: object) -> None:
    """Stop the alarm and put the previous handler back, even when the alarm fires once more while we do."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
            return
        except ParseTimeout:
            continue
