"""Where a list comes from: a bundled name, a file path, or an http(s) URL (GitHub repositories resolve to README).

``load()`` returns the raw bytes plus what to record about the source; parsing is the importers' job.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from readinglist.exceptions import SourceError, SourceNotFoundError

GITHUB_RAW_ENV = "READINGLIST_GITHUB_RAW"
"""Overrides ``https://raw.githubusercontent.com`` (tests point it at a local server)."""

BUNDLED_SUFFIXES = (".toml", ".json")


@dataclass(frozen=True)
class Source:
    """Bytes of a list and what is known about where they came from."""

    data: bytes
    location: str
    """What to record and re-read on sync: a bundled name, an absolute path, or the URL as the user gave it."""
    filename: str | None = None
    source_url: str | None = None
    """The URL the bytes were fetched from (base for relative links)."""
    revision: str | None = None
    bundled: bool = False


def bundled_dir() -> Path:
    """The bundled lists: inside the installed package, or ``lists/`` at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "lists", package.parent / "lists"):
        if candidate.is_dir():
            return candidate
    return package / "lists"  # pragma: no cover - a broken install; bundled_names() is then empty


def bundled_names() -> list[str]:
    """Names of the lists that ship with readinglist (``elicit``, ``ai-engineer-path``...)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return sorted({p.stem for p in folder.iterdir() if p.suffix in BUNDLED_SUFFIXES})


def bundled_path(name: str) -> Path | None:
    for suffix in BUNDLED_SUFFIXES:
        path = bundled_dir() / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.IGNORECASE))


def load(
    source: str,
    *,
    ref: str | None = None,
    timeout: float = 20.0,
    allow_private: bool = True,
    network: str | None = None,
) -> Source:
    """Read ``source``: a URL, an existing file, or a bundled list name, in that order of checks.

    ``network`` (for imports a web page can trigger) refuses URLs, and every redirect hop, whose host resolves to
    an address the mode forbids (see :data:`readinglist.net.NETWORK_MODES`): ``"local"`` refuses link-local
    addresses (169.254.169.254, the cloud metadata service) and keeps loopback and private ones, ``"public"``
    refuses every non-public address. ``allow_private=False`` is ``network="public"``. The command line keeps the
    default (``"any"``), where that is the user's own choice.
    """
    from readinglist.net import address_policy

    refused = address_policy(network if network is not None else "any" if allow_private else "public")
    source = source.strip()
    if not source:
        raise SourceError("no source given: name a file, a URL, or a bundled list")
    if is_url(source):
        return _load_url(source, ref=ref, timeout=timeout, refused=refused)
    path = Path(source).expanduser()
    if path.is_file():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}", source=source) from exc
        return Source(data=data, location=str(path.resolve()), filename=path.name)
    if path.is_dir():
        raise SourceError(f"{path} is a folder; name a list file inside it", source=source)
    bundled = bundled_path(source)
    if bundled is not None:
        return Source(data=bundled.read_bytes(), location=source, filename=bundled.name, bundled=True)
    names = ", ".join(bundled_names()) or "none"
    raise SourceNotFoundError(
        f"{source!r} is not a file, a URL, or a bundled list (bundled: {names})", source=source
    )


def github_raw_url(url: str, ref: str | None = None) -> str | None:
    """Map a github.com repository, blob or tree URL to the raw file to fetch; None for other URLs."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in ("github.com", "www.github.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    base = os.environ.get(GITHUB_RAW_ENV, "https://raw.githubusercontent.com").rstrip("/")
    rest = segments[2:]
    if len(rest) >= 2 and rest[0] in ("blob", "raw"):
        revision = ref or rest[1]
        return f"{base}/{owner}/{repo}/{revision}/{'/'.join(rest[2:])}"
    if len(rest) >= 2 and rest[0] == "tree":
        revision = ref or rest[1]
        folder = "/".join(rest[2:])
        return f"{base}/{owner}/{repo}/{revision}/{folder + '/' if folder else ''}README.md"
    return f"{base}/{owner}/{repo}/{ref or 'HEAD'}/README.md"


MAX_LIST_BYTES = 20 * 1024 * 1024
_FEED_WORDING = (
    (" (is this really a feed?)", " (a list this large is not imported)"),
    ("the feed may be private", "the list may be private"),
    ("check the feed address", "check the list's address"),
    ("the publisher removed this feed", "the publisher removed this list"),
)


def _load_url(url: str, *, ref: str | None, timeout: float, refused: Callable[[Any], bool] | None = None) -> Source:
    from readinglist.exceptions import FetchError
    from readinglist.feeds.fetch import fetch_bytes, make_session
    from readinglist.net import address_guard

    raw = github_raw_url(url, ref)
    target = raw or url
    session = make_session(pool_size=1)
    guard = None
    if refused is not None:
        guard = address_guard(refused)
        session.mount("http://", guard)
        session.mount("https://", guard)
    try:
        data, final_url, _headers = fetch_bytes(
            target, session=session, timeout=(min(timeout, 10.0), timeout), max_bytes=MAX_LIST_BYTES
        )
    except FetchError as exc:
        if guard is not None and guard.refusal is not None:
            raise guard.refusal from None
        message = str(exc)
        for feed_words, list_words in _FEED_WORDING:  # fetch_bytes speaks of feeds; this is a list
            message = message.replace(feed_words, list_words)
        raise FetchError(message, source=url) from exc
    finally:
        session.close()
    name = Path(urlsplit(final_url).path).name or None
    return Source(data=data, location=url, filename=name, source_url=final_url, revision=ref)


def __getattr__(name: str) -> Any:
    """``address_guard`` and ``RefusedAddressError`` live in :mod:`readinglist.net` (loaded on first use: it
    imports ``requests``, which reading a local file does not need)."""
    if name in ("address_guard", "RefusedAddressError"):
        from readinglist import net

        return getattr(net, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
