"""The one polite HTTP client: User-Agent, timeouts, size caps, retries that honour Retry-After, per-host limits.

:class:`Client` is what enrichment and link checking fetch through (feeds keep their own conditional-GET fetcher in
``feeds/fetch.py``, whose error wording and Retry-After parsing this module reuses). Nothing here raises for network
or HTTP trouble: every exchange ends as a :class:`Response` with ``status`` (the HTTP code, or None when no answer
came) and, on failure, ``error`` (one line a user can act on) and ``problem`` (a machine-readable kind:
``"dns"``, ``"tls"``, ``"timeout"``, ``"connect"``, ``"size"``, ``"http"``, ``"invalid"``).

Politeness:

- at most ``per_host`` requests open to one host at once (a semaphore per ``host:port``), waits included;
- 429 and 503 answers are retried after the server's ``Retry-After`` (capped by ``max_wait``), other transient
  failures (502, 504, resets, timeouts) after a short backoff, at most ``retries`` times;
- bodies are read in chunks and refused past ``max_bytes``; a whole exchange has a deadline, so a server that
  trickles bytes cannot hold a worker forever.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from readinglist.exceptions import SourceError

MiB = 1024 * 1024
DEFAULT_TIMEOUT: tuple[float, float] = (5, 20)
DEFAULT_MAX_BYTES = 10 * MiB
PERMANENT = (301, 308)
RETRY_STATUSES = (429, 502, 503, 504)


@dataclass(frozen=True)
class Response:
    """What one request (after its retries) gave. ``ok`` means a 2xx answer with its body read."""

    url: str
    status: int | None = None
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    final_url: str | None = None
    permanent_redirect: str | None = None
    redirected: bool = False
    error: str | None = None
    problem: str | None = None
    retry_after: float | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        return (self.body or b"").decode("utf-8", "replace")


def host_of(url: str) -> str:
    """``host:port`` as the per-host limit counts it (lower-cased); the URL itself when it has none."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return (parts.netloc or url).lower().rsplit("@", 1)[-1]


class HostLimiter:
    """At most ``per_host`` holders per host at once; ``peak`` records the most ever seen (for tests and benches)."""

    def __init__(self, per_host: int = 2) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._open: dict[str, int] = {}
        self.peak: dict[str, int] = {}

    @contextlib.contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._lock:
            sem = self._slots.get(host)
            if sem is None:
                sem = self._slots[host] = threading.BoundedSemaphore(self.per_host)
        with sem:
            with self._lock:
                self._open[host] = self._open.get(host, 0) + 1
                self.peak[host] = max(self.peak.get(host, 0), self._open[host])
            try:
                yield
            finally:
                with self._lock:
                    self._open[host] -= 1


class Client:
    """A ``requests`` session with the project's manners. Thread-safe for concurrent use by worker threads.

    ``sleep`` is injectable so tests can record waits instead of sleeping through them.
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        retries: int = 2,
        max_wait: float = 60.0,
        backoff: float = 1.0,
        per_host: int = 2,
        pool_size: int = 16,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from readinglist.feeds.fetch import default_user_agent, make_session

        self.session = make_session(user_agent or default_user_agent(), pool_size=pool_size)
        self.session.headers["Accept"] = "*/*"
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.max_wait = max_wait
        self.backoff = backoff
        self.limiter = HostLimiter(per_host)
        self.sleep = sleep
        self.waits: list[float] = []

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        """GET ``url`` (redirects followed) and read its body, with retries; never raises for network trouble."""
        return self.request("GET", url, params=params, headers=headers, max_bytes=max_bytes)

    def head(self, url: str) -> Response:
        return self.request("HEAD", url)

    def probe(self, url: str) -> Response:
        """GET without reading the body: the status and where redirects led (for link checks)."""
        return self.request("GET", url, read_body=False)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        read_body: bool = True,
    ) -> Response:
        with self.limiter.slot(url):
            attempt = 0
            while True:
                attempt += 1
                response = self._once(method, url, params, headers, max_bytes or self.max_bytes, read_body)
                wait = self._retry_wait(response, attempt)
                if wait is None:
                    return _with_attempts(response, attempt)
                self.waits.append(wait)
                self.sleep(wait)

    def _retry_wait(self, response: Response, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None to stop here."""
        if attempt > self.retries:
            return None
        transient = response.status in RETRY_STATUSES or response.problem in ("timeout", "connect")
        if not transient:
            return None
        if response.retry_after is not None:
            # A server asking for longer than we are willing to wait: report it rather than hang.
            return response.retry_after if response.retry_after <= self.max_wait else None
        return self.backoff * 2 ** (attempt - 1)

    def _once(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        max_bytes: int,
        read_body: bool = True,
    ) -> Response:
        from readinglist.feeds.fetch import describe_error, parse_retry_after, unwrap_stream_error

        started = time.monotonic()
        deadline = started + self.timeout[0] + 2 * self.timeout[1]
        try:
            answer = self.session.request(
                method,
                url,
                params=params,
                headers=dict(headers or {}),
                timeout=self.timeout,
                stream=True,
                allow_redirects=True,
            )
        except Exception as exc:  # requests' hierarchy plus urllib3/ValueError leaks
            return Response(url, error=describe_error(exc, url, self.timeout), problem=_problem(exc))
        with answer:
            chain = [*answer.history, answer]
            common = {
                "url": url,
                "status": answer.status_code,
                "headers": dict(answer.headers),
                "final_url": answer.url,
                "permanent_redirect": _permanent_target(chain),
                "redirected": bool(answer.history),
            }
            code = answer.status_code
            if not 200 <= code < 300:
                retry = parse_retry_after(answer.headers.get("Retry-After")) if code in (429, 503) else None
                return Response(
                    **common,
                    error=_status_message(url, code, answer.reason, retry),
                    problem="http",
                    retry_after=retry,
                )
            if method == "HEAD" or not read_body:
                return Response(**common, body=b"")
            length = answer.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes and "Content-Encoding" not in answer.headers:
                return Response(**common, error=_too_large(url, max_bytes), problem="size")
            try:
                body, stopped = _read_capped(answer, max_bytes, deadline)
            except Exception as exc:  # a reset or timeout in the middle of the body
                return Response(
                    **common, error=describe_error(unwrap_stream_error(exc), url, self.timeout), problem="timeout"
                )
            if stopped == "size":
                return Response(**common, error=_too_large(url, max_bytes), problem="size")
            if stopped == "deadline":
                return Response(
                    **common,
                    error=f"{host_of(url)} was still sending after the deadline; gave up",
                    problem="timeout",
                )
            return Response(**common, body=body)


def _with_attempts(response: Response, attempts: int) -> Response:
    if attempts == 1:
        return response
    import dataclasses

    return dataclasses.replace(response, attempts=attempts)


def _problem(exc: BaseException) -> str:
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout"
    if isinstance(exc, (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
        return "invalid"
    if isinstance(exc, requests.exceptions.InvalidURL) or (
        isinstance(exc, ValueError) and not isinstance(exc, requests.exceptions.RequestException)
    ):
        return "invalid"
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "redirects"
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc).lower()
        if any(
            marker in text
            for marker in (
                "name or service not known",
                "nodename nor servname",
                "name resolution",
                "getaddrinfo failed",
                "no address associated",
                "failed to resolve",
            )
        ):
            return "dns"
        if "certificate" in text or "ssl" in text:
            return "tls"
        if "timed out" in text:
            return "timeout"
        return "connect"
    return "error"


def _permanent_target(chain: list[requests.Response]) -> str | None:
    """Where the leading run of 301/308 hops ends (None when the first hop was temporary or there was none)."""
    target = None
    for hop, following in zip(chain, chain[1:]):
        if hop.status_code not in PERMANENT:
            break
        target = following.url
    return target


def _read_capped(
    answer: requests.Response, max_bytes: int, deadline: float
) -> tuple[bytes | None, str | None]:
    """The feeds' capped reader (size and deadline), then the connection goes back to the pool."""
    from readinglist.feeds.fetch import read_capped

    body, stopped = read_capped(answer, max_bytes, deadline)
    if stopped is None:
        with contextlib.suppress(Exception):
            answer.raw.release_conn()
    return body, stopped


def _too_large(url: str, max_bytes: int) -> str:
    return f"response larger than {max_bytes // MiB or max_bytes} {'MB' if max_bytes >= MiB else 'bytes'} from {host_of(url)}; refused"


def _status_message(url: str, code: int, reason: str | None, retry_after: float | None) -> str:
    what = f"HTTP {code}{' ' + reason if reason else ''}"
    if code in (404, 410):
        return f"{url} is gone ({what})"
    if code in (401, 403, 451):
        return f"{host_of(url)} refused access ({what})"
    if code in (429, 503):
        wait = f"; it asked to retry after {retry_after:g} s" if retry_after is not None else ""
        return f"{host_of(url)} is busy or rate-limiting ({what}){wait}"
    if code >= 500:
        return f"{host_of(url)} had a server error ({what}); try again later"
    return f"{url} answered {what}"


# --- which addresses a fetch may reach (imports a web page triggers) -----------------------------------------

NETWORK_MODES = ("any", "local", "public")
"""``any``: every address (the command line: where a list lives is the user's choice); ``local``: never a
link-local address (169.254.0.0/16 and fe80::/10: the cloud metadata service), nor multicast, unspecified or
reserved ones, while loopback and private networks stay reachable (a web app bound to 127.0.0.1, used by the one
person on that machine); ``public``: only globally routable addresses (a web app other machines can reach)."""


def address_policy(network: str | None) -> Callable[[Any], bool] | None:
    """For a :data:`NETWORK_MODES` name, the test of an ``ipaddress`` address that refuses it (None: refuse none)."""
    from readinglist.exceptions import InvalidArgumentError

    mode = network or "any"
    if mode not in NETWORK_MODES:
        raise InvalidArgumentError(f"unknown network mode {network!r}; use one of: {', '.join(NETWORK_MODES)}")
    if mode == "any":
        return None

    def unwrap(ip: Any) -> Any:  # ::ffff:169.254.169.254 is 169.254.169.254
        mapped = getattr(ip, "ipv4_mapped", None)
        return mapped if mapped is not None else ip

    if mode == "local":
        return lambda ip: (
            unwrap(ip).is_link_local or unwrap(ip).is_multicast or unwrap(ip).is_unspecified or unwrap(ip).is_reserved
        )
    return lambda ip: not unwrap(ip).is_global


class RefusedAddressError(SourceError):
    """A URL (or a redirect) leads to an address the caller did not allow."""


def address_guard(refused: Callable[[Any], bool]) -> Any:
    """A requests adapter that refuses addresses where ``refused(ip)``, checked where the connection is made.

    Each request's host is resolved and checked before the request is sent (every hop of a redirect chain goes
    through the adapter, so a public URL that redirects to ``http://169.254.169.254/`` is refused before that
    request is made). The connection then resolves the host once more, checks every address of that answer, and
    connects to the checked address itself: a name whose DNS answer changes between the two (DNS rebinding) can
    not slip a refused address in, because no third lookup happens. The refusal is kept in ``.refusal``.
    """
    import requests.adapters

    class AddressGuard(requests.adapters.HTTPAdapter):
        refusal: RefusedAddressError | None = None

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = _guarded_pools(refused, self)

        def send(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
            host = urlsplit(request.url).hostname or ""
            _check(self, refused, host, None, request.url)
            return super().send(request, *args, **kwargs)

    return AddressGuard(pool_connections=1, pool_maxsize=1)


def _check(guard: Any, refused: Callable[[Any], bool], host: str, port: int | None, url: str) -> list[Any]:
    """Resolve ``host`` and refuse it when any of its addresses is refused; the resolved ``getaddrinfo`` rows.

    A name that does not resolve passes (the connection reports the DNS failure itself)."""
    import ipaddress
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if refused(ip):
            guard.refusal = RefusedAddressError(
                f"{url} leads to the non-public address {ip}; refused for this import", source=url
            )
            raise guard.refusal
    return infos


def _guarded_pools(refused: Callable[[Any], bool], guard: Any) -> dict[str, Any]:
    """urllib3 connection pools whose connections connect only to an address checked in the same lookup."""
    import socket

    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import HTTPError

    def connect(conn: Any, new_conn: Callable[[Any], Any]) -> Any:
        infos = _check(guard, refused, conn._dns_host, conn.port, f"{conn.host}:{conn.port}")
        if not infos:
            return new_conn(conn)  # no answer: let urllib3 report the name resolution error
        errors: list[Exception] = []
        name = conn._dns_host
        for family, _type, _proto, _canon, address in infos:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            conn._dns_host = address[0]  # connect to this checked address; Host, SNI and the certificate keep the name
            try:
                return new_conn(conn)
            except (OSError, HTTPError) as exc:  # this address did not answer: the next one of the same lookup
                errors.append(exc)
            finally:
                conn._dns_host = name
        raise errors[-1] if errors else OSError(f"no address to connect to for {name}")

    class GuardedHTTP(HTTPConnection):
        def _new_conn(self) -> Any:
            return connect(self, HTTPConnection._new_conn)

    class GuardedHTTPS(HTTPSConnection):
        def _new_conn(self) -> Any:
            return connect(self, HTTPSConnection._new_conn)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTP

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPS

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}
