"""Fetching feeds and list sources over HTTP: conditional GET, size cap, total deadline, no exceptions.

:func:`fetch` never raises for network trouble: every outcome (200, 304, 410, 429, DNS failure, TLS failure, an
endless trickling body...) becomes a :class:`FetchResult` with a ``status`` and, on failure, a one-line ``error`` a
user can act on. That lets a pull over hundreds of feeds report each failure and carry on.

:func:`fetch_bytes` is the raising variant for one-off downloads (``readinglist import https://...``).
"""

from __future__ import annotations

import contextlib
import email.utils
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import requests

from readinglist.exceptions import FetchError, SourceNotFoundError

MiB = 1024 * 1024
MAX_BYTES = 10 * MiB
"""Feeds bigger than this are refused: real feeds are well under a megabyte; bigger is a misconfigured server."""

DEFAULT_TIMEOUT: tuple[float, float] = (5, 20)
"""(connect, read) seconds, as requests takes them. The whole download also gets a deadline (see fetch)."""

_PERMANENT = (301, 308)
_CHUNK = 64 * 1024

FetchStatus = Literal["ok", "not_modified", "gone", "error"]


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("readinglist")
        except PackageNotFoundError:
            pass
    except ImportError:  # pragma: no cover - stdlib always has it on 3.10+
        pass
    from readinglist import __version__

    return __version__


USER_AGENT_URL = "https://github.com/readinglist/readinglist"


def default_user_agent() -> str:
    """``readinglist/<version> (+<project URL>)``: servers that block anonymous clients see who we are."""
    return f"readinglist/{_version()} (+{USER_AGENT_URL})"


def make_session(user_agent: str | None = None, *, pool_size: int = 10) -> requests.Session:
    """A ``requests.Session`` with our User-Agent, compression accepted, feed types preferred.

    ``pool_size`` is the number of connections kept per host; set it to the number of fetching threads.
    """
    session = requests.Session()
    session.headers["User-Agent"] = user_agent or default_user_agent()
    session.headers["Accept-Encoding"] = "gzip, deflate"
    session.headers["Accept"] = (
        "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
        "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
    )
    session.max_redirects = 10
    _read_environment_once(session)
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _read_environment_once(session: requests.Session) -> None:
    """Stop requests from re-reading proxy variables and ~/.netrc on every request, when neither is in use.

    With ``trust_env`` on, requests scans the environment for proxies and looks for a netrc file per request
    (about 1.5 ms each: a third of a round of 304s). When no proxy is configured and there is no netrc file,
    nothing in them can apply, so turn it off and keep the one setting it would still read: a CA bundle.
    """
    import urllib.request

    home = Path.home() if "HOME" in os.environ or os.name != "nt" else None
    netrc = os.environ.get("NETRC") or (
        home is not None and any((home / name).exists() for name in (".netrc", "_netrc"))
    )
    if urllib.request.getproxies() or netrc:
        return
    session.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        session.verify = bundle


@dataclass(frozen=True)
class FetchResult:
    """What one GET gave.

    ``status``: ``"ok"`` (``body`` holds the bytes), ``"not_modified"`` (304: keep what you have), ``"gone"`` (410:
    stop polling), ``"error"`` (``error`` says why in one line). ``etag`` / ``last_modified`` are the validators to
    send next time (the server's new ones; on 304 the ones the server repeated, if any). ``permanent_redirect`` is
    the URL the feed has moved to when the redirect chain started with 301/308 hops (store it instead of the old
    URL); ``final_url`` is where the body actually came from. ``retry_after`` is in seconds (429/503).
    """

    status: FetchStatus
    url: str
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    permanent_redirect: str | None = None
    retry_after: float | None = None
    http_status: int | None = None
    error: str | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds from either form: ``"120"`` or an HTTP-date. ``None`` when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # an HTTP-date is GMT by definition
        import datetime as dt

        when = when.replace(tzinfo=dt.timezone.utc)
    seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, round(seconds, 3))


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _permanent_target(response: requests.Response) -> str | None:
    """Where the leading run of 301/308 hops ends, or None when the first hop was temporary (or none at all).

    ``a -301-> b -302-> c``: the feed now lives at ``b`` (which is only temporarily sending us to ``c``).
    """
    chain = [*response.history, response]
    target = None
    for hop, following in zip(chain, chain[1:]):
        if hop.status_code not in _PERMANENT:
            break
        target = following.url
    return target


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exc: BaseException, url: str, timeout: tuple[float, float]) -> str:
    """A one-line message for a requests/urllib3 failure that says what happened and what to try."""
    host = _host(url)
    text = str(exc)
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return f"too many redirects from {host} (a redirect loop); check the feed address"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS/SSL error talking to {host} (bad or expired certificate?): {_one_line(text, 120)}"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"timed out connecting to {host} after {timeout[0]:g} s; check the address or your connection"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"{host} did not answer within {timeout[1]:g} s; try again later"
    if isinstance(exc, (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
        return f"{url!r} is not an http:// or https:// address"
    if isinstance(exc, (requests.exceptions.InvalidURL, ValueError)) and not isinstance(
        exc, requests.exceptions.RequestException
    ):
        return f"{url!r} is not a valid address: {_one_line(text, 120)}"
    if isinstance(exc, requests.exceptions.InvalidURL):
        return f"{url!r} is not a valid address"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return f"{host} sent a compressed body that could not be decoded"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"the connection to {host} broke off in the middle of the response; try again later"
    if isinstance(exc, requests.exceptions.ConnectionError):
        lowered = text.lower()
        if (
            "name or service not known" in lowered
            or "nodename nor servname" in lowered
            or (
                "name resolution" in lowered
                or "getaddrinfo failed" in lowered
                or "no address associated" in lowered
            )
        ):
            return f"could not find host {host} (DNS lookup failed); check the address or your connection"
        if "refused" in lowered:
            return f"connection refused by {host}; the server is down or the address is wrong"
        if "reset" in lowered or "aborted" in lowered or "remotedisconnected" in lowered:
            return f"{host} closed the connection unexpectedly; try again later"
        if "timed out" in lowered:
            return f"timed out talking to {host}; check your connection or try again later"
        return f"could not connect to {host}: {_one_line(text, 120)}"
    return f"fetching {url} failed: {type(exc).__name__}: {_one_line(text, 120)}"


def read_capped(
    response: requests.Response, max_bytes: int, deadline: float
) -> tuple[bytes | None, str | None]:
    """Read the (decoded) body, stopping past ``max_bytes`` or ``deadline`` (a time.monotonic() value).

    Uses ``read1`` so each read returns what has arrived instead of waiting for a full chunk: a server that
    trickles a byte per second cannot keep us past the deadline.
    """
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    read1 = getattr(raw, "read1", None)
    while True:
        if time.monotonic() > deadline:
            return None, "deadline"
        chunk = (
            read1(_CHUNK, decode_content=True) if read1 is not None else raw.read(1024, decode_content=True)
        )
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            return None, "size"
        chunks.append(chunk)
    return b"".join(chunks), None


def _size_text(n: int) -> str:
    return f"{n // MiB} MB" if n >= MiB and n % MiB == 0 else f"{n} bytes"


def fetch(
    session: requests.Session,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    deadline: float | None = None,
) -> FetchResult:
    """GET ``url`` conditionally and return a :class:`FetchResult`; never raises for network or HTTP trouble.

    ``timeout`` is requests' (connect, read) pair; ``deadline`` caps the whole exchange in seconds (default:
    connect + 2 × read timeout), checked while the body streams in. Bodies over ``max_bytes`` (after gzip
    decoding) are refused.
    """
    started = time.monotonic()
    total = deadline if deadline is not None else timeout[0] + 2 * timeout[1]
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=True)
    except Exception as exc:  # requests' hierarchy plus urllib3/ValueError leaks: all become an error result
        return FetchResult(
            "error", url, error=describe_error(exc, url, timeout), etag=etag, last_modified=last_modified
        )
    with response:
        common = {
            "url": url,
            "final_url": response.url,
            "permanent_redirect": _permanent_target(response),
            "http_status": response.status_code,
            "content_type": response.headers.get("Content-Type"),
            "headers": dict(response.headers),
        }
        code = response.status_code
        if code == 304:
            _keep_alive(response)
            return FetchResult(
                "not_modified",
                etag=response.headers.get("ETag") or etag,
                last_modified=response.headers.get("Last-Modified") or last_modified,
                **common,
            )
        if code == 410:
            return FetchResult(
                "gone", error=f"{url} is gone (HTTP 410); the publisher removed this feed", **common
            )
        if not 200 <= code < 300:
            retry = parse_retry_after(response.headers.get("Retry-After")) if code in (429, 503) else None
            return FetchResult(
                "error",
                error=_status_message(url, code, response.reason, retry),
                retry_after=retry,
                etag=etag,
                last_modified=last_modified,
                **common,
            )
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes and "Content-Encoding" not in response.headers:
            return FetchResult("error", error=_too_large(url, max_bytes), **common)
        try:
            body, stopped = read_capped(response, max_bytes, started + total)
        except Exception as exc:  # timeouts or resets mid-body
            return FetchResult(
                "error", error=describe_error(unwrap_stream_error(exc), url, timeout), **common
            )
        if stopped == "size":
            return FetchResult("error", error=_too_large(url, max_bytes), **common)
        if stopped == "deadline":
            return FetchResult(
                "error",
                error=f"{_host(url)} was still sending after {total:g} s; gave up (server too slow)",
                **common,
            )
        _keep_alive(response)
        return FetchResult(
            "ok",
            body=body,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            **common,
        )


def _keep_alive(response: requests.Response) -> None:
    """Hand a fully read response's connection back to the pool.

    Closing a streamed response whose content requests did not read itself closes the socket, so every feed
    would pay a new TCP (and TLS) handshake; releasing it first keeps the connection alive for the next feed.
    """
    with contextlib.suppress(Exception):  # an exotic adapter: closing is still correct, only slower
        response.raw.release_conn()


def unwrap_stream_error(exc: BaseException) -> BaseException:
    """urllib3 errors raised while streaming map onto the requests ones describe_error knows."""
    import urllib3.exceptions as u3

    if isinstance(exc, u3.ReadTimeoutError):
        return requests.exceptions.ReadTimeout(str(exc))
    if isinstance(exc, u3.ProtocolError):
        return requests.exceptions.ChunkedEncodingError(str(exc))
    if isinstance(exc, u3.DecodeError):
        return requests.exceptions.ContentDecodingError(str(exc))
    return exc


def _too_large(url: str, max_bytes: int) -> str:
    return f"response larger than {_size_text(max_bytes)} from {_host(url)}; refused (is this really a feed?)"


def _status_message(url: str, code: int, reason: str | None, retry_after: float | None) -> str:
    what = f"HTTP {code}{' ' + reason if reason else ''}"
    if code == 404:
        return f"{url} was not found ({what}); check the address"
    if code in (401, 403):
        return f"{url} refused access ({what}); the feed may be private"
    if code in (429, 503):
        wait = f"; retry after {retry_after:g} s" if retry_after is not None else "; try again later"
        return f"{_host(url)} is busy or rate-limiting ({what}){wait}"
    if code >= 500:
        return f"{_host(url)} had a server error ({what}); try again later"
    return f"{url} answered {what}"


def fetch_bytes(
    url: str,
    *,
    session: requests.Session | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> tuple[bytes, str, dict[str, str]]:
    """Download ``url`` and return ``(body, final_url, response headers)``.

    Raises :class:`SourceNotFoundError` for 404/410 and :class:`FetchError` for anything else that went wrong,
    each naming the URL and what to do.
    """
    own = session is None
    session = session or make_session(pool_size=1)
    try:
        result = fetch(session, url, timeout=timeout, max_bytes=max_bytes)
    finally:
        if own:
            session.close()
    if result.status == "ok" and result.body is not None:
        return result.body, result.final_url or url, dict(result.headers)
    if result.http_status in (404, 410):
        raise SourceNotFoundError(
            f"{url} was not found (HTTP {result.http_status}); check the address", source=url
        )
    raise FetchError(
        f"could not download {url}: {result.error}"
        + ("" if "check the address" in (result.error or "") else "; check the address or your connection"),
        source=url,
    )
