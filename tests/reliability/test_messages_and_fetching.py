"""Messages that name the right thing, and imports a web page triggers refusing non-public addresses."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from feedserver import FeedServer, Route

from readinglist import SourceError, importers, sources
from readinglist.exceptions import FetchError, ImportFormatError


@pytest.mark.parametrize("fmt", ["markdown", "csv", "opml", "document"])
def test_errors_with_format_name_the_file_not_input(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "notes.md"
    path.write_text("hello\nworld\n")
    with pytest.raises(ImportFormatError) as caught:
        importers.parse(path.read_bytes(), format=fmt, filename=path.name)
    message = str(caught.value)
    assert "notes.md" in message and not message.startswith("input")


def test_a_too_large_list_is_not_called_a_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_LIST_BYTES", 100)
    with FeedServer() as server:
        url = server.add("/big.md", Route(body=b"- [a](https://a.example/)\n" * 50, content_type="text/plain"))
        with pytest.raises(FetchError) as caught:
            sources.load(url)
    assert "feed" not in str(caught.value) and "larger than" in str(caught.value)


@pytest.mark.parametrize(("status", "words"), [(403, "the list may be private"), (401, "the list may be private")])
def test_download_errors_of_a_list_speak_of_a_list(status: int, words: str) -> None:
    with FeedServer() as server:
        url = server.add("/list.md", Route(status=status, body=b"no"))
        with pytest.raises(FetchError) as caught:
            sources.load(url)
    assert words in str(caught.value) and "feed" not in str(caught.value)


def test_web_triggered_imports_refuse_loopback_before_any_request() -> None:
    with FeedServer() as server:
        url = server.add("/list.md", Route(body=b"- [a](https://a.example/)\n", content_type="text/plain"))
        assert sources.load(url).data.startswith(b"- [a]")  # the command line's default: the user's choice
        before = server.hits()
        with pytest.raises(SourceError, match="non-public address 127.0.0.1"):
            sources.load(url, allow_private=False)
        assert server.hits() == before  # refused before the request was sent


def test_a_redirect_into_link_local_is_refused_before_it_is_followed() -> None:
    from readinglist.feeds.fetch import fetch_bytes, make_session

    with FeedServer() as server:
        url = server.add("/go", Route(status=302, redirect_to="http://169.254.169.254/latest/meta-data/"))
        session = make_session(pool_size=1)
        guard = sources.address_guard(lambda ip: ip.is_link_local)  # loopback allowed, link-local not
        session.mount("http://", guard)
        with pytest.raises(FetchError):
            fetch_bytes(url, session=session, timeout=(2, 2))
        session.close()
        assert server.hits("/go") == 1
    assert guard.refusal is not None and "169.254.169.254" in str(guard.refusal)


def test_the_address_check_resolves_names() -> None:
    guard = sources.address_guard(lambda ip: ip.is_loopback)
    assert socket.getaddrinfo("localhost", None)  # resolvable here
    import requests

    with pytest.raises(sources.RefusedAddressError):
        guard.send(requests.Request("GET", "http://localhost:9/").prepare())


# --- nothing dropped silently -------------------------------------------------------------------------------


def test_items_nested_twelve_lists_deep_are_kept() -> None:
    text = "\n".join("  " * d + f"- [Item {d}](https://example.org/{d})" for d in range(12))
    result = importers.parse(text.encode(), format="markdown")
    assert [i.title for i in result.items] == [f"Item {d}" for d in range(12)]
    assert result.warnings == ()


def test_nesting_past_the_parser_limit_is_reported() -> None:
    text = "\n".join("  " * d + f"- [Item {d}](https://example.org/{d})" for d in range(70))
    result = importers.parse(text.encode(), format="markdown")
    assert 0 < len(result.items) < 70
    assert any("nested too deeply" in w for w in result.warnings)


def test_javascript_links_are_reported_not_dropped_silently() -> None:
    text = "- [Real](https://example.org/real)\n- [Trap](javascript:alert(1))\n- [Pixel](data:text/html,hi)\n"
    result = importers.parse(text.encode(), format="markdown")
    assert [i.title for i in result.items] == ["Real"]
    assert any(w.startswith("2 javascript:/data: link(s) skipped") for w in result.warnings)


def test_a_name_that_rebinds_after_the_check_is_refused_where_it_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name is public when the request is checked, then loopback when the connection is made.
    The connection checks the answer it connects to, so the local server never sees the request."""
    from readinglist.feeds.fetch import fetch_bytes, make_session

    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        ip = "93.184.216.34" if not answers else "127.0.0.1"  # public first, then the machine itself
        answers.append(ip)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port or 80))]

    with FeedServer() as server:
        server.add("/list.md", Route(body=b"- [a](https://a.example/)\n", content_type="text/plain"))
        port = urlsplit(server.url("/list.md")).port
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        session = make_session(pool_size=1)
        guard = sources.address_guard(lambda ip: not ip.is_global)
        session.mount("http://", guard)
        with pytest.raises(FetchError):
            fetch_bytes(f"http://rebind.example:{port}/list.md", session=session, timeout=(2, 2))
        session.close()
        assert server.hits() == 0
    assert answers[:2] == ["93.184.216.34", "127.0.0.1"]
    assert guard.refusal is not None and "127.0.0.1" in str(guard.refusal)


def test_the_guard_connects_to_the_address_it_checked() -> None:
    """Allowed addresses still work through the guard: the request reaches the server by name."""
    from readinglist.feeds.fetch import fetch_bytes, make_session

    with FeedServer() as server:
        url = server.add("/list.md", Route(body=b"- [a](https://a.example/)\n", content_type="text/plain"))
        session = make_session(pool_size=1)
        session.mount("http://", sources.address_guard(lambda ip: ip.is_link_local))
        data, _final, _headers = fetch_bytes(url.replace("127.0.0.1", "localhost"), session=session, timeout=(2, 2))
        session.close()
        assert data.startswith(b"- [a]") and server.hits() == 1
