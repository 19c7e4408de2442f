"""A real, threaded HTTP server on 127.0.0.1 for feed tests and benchmarks.

Never mock ``requests``: tests talk to this server over loopback. Each path is a :class:`Route` that says what to
answer: a static body with validators (honoured or ignored), a redirect, an error status with ``Retry-After``, a
slow answer, an endless trickle, an oversized or gzip-encoded body.

Usage::

    with FeedServer() as server:
        server.add("/feed.xml", Route(body=b"<rss>...</rss>", etag='"v1"'))
        fetch(session, server.url("/feed.xml"))
        assert server.hits("/feed.xml") == 1

The handler sets ``disable_nagle_algorithm = True``: without it loopback answers arrive 20-25 ms late and every
timing lies. Test modules make a per-test fixture with ``feed_server = pytest.fixture(serve)`` (no pytest import
here, so benchmarks can use the server without pytest).
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers.

    ``status`` 200 sends ``body``; 3xx sends ``Location: redirect_to``; any status may add ``retry_after`` and
    ``headers``. ``conditional`` honours If-None-Match / If-Modified-Since with a 304 (set it False for servers
    that re-send identical bytes). ``delay`` sleeps before answering; ``trickle`` sends one byte every
    ``trickle_interval`` seconds forever (until the client goes away); ``gzip`` compresses the body and sends
    ``Content-Encoding: gzip``; ``chunked`` omits Content-Length (the body ends when the connection closes).
    ``handler`` replaces all of this with a function of the request handler.
    """

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    conditional: bool = True
    redirect_to: str | None = None
    retry_after: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: bool = False
    trickle_interval: float = 0.05
    gzip: bool = False
    chunked: bool = False
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass(frozen=True)
class Hit:
    """One request the server saw: path and the request headers (names lower-cased)."""

    path: str
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path
        self.server.record(Hit(path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.server.routes.get(path) or self.server.routes.get(path.split("?", 1)[0])
        if route is None:
            self._send_simple(404, b"not found")
            return
        if route.handler is not None:
            route.handler(self)
            return
        if route.delay and self.server.stopping.wait(route.delay):
            return
        if route.redirect_to is not None:
            self.send_response(route.status if route.status != 200 else 302)
            self.send_header("Location", route.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route.trickle:
            self._trickle(route)
            return
        if route.status == 200 and route.conditional and self._not_modified(route):
            self.send_response(304)
            self._validators(route)
            self.end_headers()
            return
        body = route.body
        if route.gzip:
            body = gzip_module.compress(body)
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.retry_after is not None:
            self.send_header("Retry-After", route.retry_after)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self._validators(route)
        if route.chunked:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self._write(body)

    def _not_modified(self, route: Route) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None and route.etag is not None:
            return route.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        return ims is not None and route.last_modified is not None and ims == route.last_modified

    def _validators(self, route: Route) -> None:
        if route.etag is not None:
            self.send_header("ETag", route.etag)
        if route.last_modified is not None:
            self.send_header("Last-Modified", route.last_modified)

    def _trickle(self, route: Route) -> None:
        self.send_response(200)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self._write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        while not self.server.stopping.wait(route.trickle_interval):
            if not self._write(b" "):
                return

    def _send_simple(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._write(body)

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 drops the SYNs of a burst of new connections (8 fetching threads
    # starting at once); the client retries after 1 s and every timing lies. Real servers accept 128-511.
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.stopping = threading.Event()
        self._hits: list[Hit] = []
        self._lock = threading.Lock()

    def record(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer is normal here (timeouts, Ctrl-C, a pool closing): stay quiet.

        socketserver's default prints a traceback and a line of dashes to stderr, which a CliRunner in the same
        process captures as the command's output, so tests that read the last line failed at random.
        """
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)


class FeedServer:
    """A context manager around a threaded loopback server with configurable :class:`Route` s."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self.port: int = self._server.server_address[1]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving; endless trickles and delays end at once."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; returns the full URL."""
        self._server.routes[path] = route
        return self.url(path)

    def route(self, path: str) -> Route:
        return self._server.routes[path]

    def hits(self, path: str | None = None) -> int:
        """How many requests reached ``path`` (or any path)."""
        return len(self.requests(path))

    def requests(self, path: str | None = None) -> list[Hit]:
        return [h for h in self._server.hits() if path is None or h.path == path]


def http_date(when: float | None = None) -> str:
    """An HTTP-date (``Sun, 06 Nov 1994 08:49:37 GMT``) for ``when`` (default: now)."""
    return formatdate(time.time() if when is None else when, usegmt=True)


def serve() -> Iterator[FeedServer]:
    """Generator body for a pytest fixture: ``feed_server = pytest.fixture(serve)`` in a test module."""
    with FeedServer() as server:
        yield server
