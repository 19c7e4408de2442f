"""Safety of the local web app: Host checking, the access token for non-loopback binds, CSRF, response headers.

* Requests whose ``Host`` header is not an address we serve are refused (DNS rebinding: a page on evil.example that
  resolves to 127.0.0.1 must not read or change your reading list).
* Bound to anything but loopback, every request needs the secret token (``?token=`` once, then a cookie); the
  server is then reached by names we cannot know (its LAN address, a host name), so the token replaces the Host check.
* Every state change is a POST carrying the CSRF token (a form field or the ``X-CSRF-Token`` header); a POST whose
  ``Origin`` is another site is refused too.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode

TOKEN_COOKIE = "rl_token"
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values we answer to: the bound address (and the loopback names when bound to loopback)."""
    names = {host}
    if is_loopback(host):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return frozenset({*(f"{n}:{port}" for n in names), *(names if port == 80 else ())})


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def same(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())  # type: ignore[union-attr]


class Guard:
    """ASGI middleware: Host check, access token, security headers on every response."""

    def __init__(self, app, *, hosts: Iterable[str] | None, token: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        self.token = token

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get(b"host", "").strip().lower()
        if self.hosts is not None and host not in self.hosts:
            await _plain(
                send, 400, "Invalid Host header: this server answers only to " + ", ".join(sorted(self.hosts))
            )
            return
        if self.token is not None:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            cookie = SimpleCookie(headers.get(b"cookie", ""))
            given = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None
            from_query = (query.get("token") or [None])[0]
            if same(from_query, self.token):
                rest = {k: v for k, v in query.items() if k != "token"}
                location = scope.get("path", "/") + ("?" + urlencode(rest, doseq=True) if rest else "")
                await send(
                    {
                        "type": "http.response.start",
                        "status": 303,
                        "headers": [
                            (b"location", location.encode()),
                            (
                                b"set-cookie",
                                f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode(),
                            ),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            if not same(given, self.token):
                await _plain(send, 403, "This server needs its access token: open the address it printed.")
                return

        async def send_with_headers(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send, status: int, text: str) -> None:  # type: ignore[no-untyped-def]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})
