"""What a URL imported from a web page may lead to (issue 14 item 16), through the real pages and the Library.

A page may make the server fetch a URL (preview, import, sync). Bound to loopback, the server is local-only: it may
fetch from loopback and private networks but never from a link-local address (169.254.169.254 is a cloud's metadata
service), not even through a redirect. Bound to anything else, only public addresses. Every refusal happens before a
connection to the refused address is opened. The command line fetches whatever the user names.
"""

from __future__ import annotations

import ipaddress
import re
import time

import pytest
import requests
import urllib3.util.connection
from conftest import Clock
from feedserver import FeedServer, Route
from web_fixtures import serving

import readinglist
from readinglist import InvalidArgumentError, SourceError
from readinglist.net import address_policy

LIST = b"# Papers\n\n## Basics\n\n- [Alpha](https://a.example/)\n- [Beta](https://b.example/)\n"
METADATA = "http://169.254.169.254/latest/meta-data/"


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (host, port) urllib3 opens a connection to, in this process (the server runs in a thread of it)."""
    opened: list[tuple[str, int]] = []
    original = urllib3.util.connection.create_connection

    def spy(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(address)
        return original(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", spy)
    return opened


def _csrf(session: requests.Session, url: str, query: str = "") -> str:
    page = session.get(url + "/lists" + query, timeout=10)
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_a_local_only_server_imports_from_loopback_but_never_follows_a_redirect_to_link_local(
    tmp_path, connections
) -> None:
    with FeedServer() as lists, serving(f"sqlite:///{tmp_path / 'w.db'}", Clock()) as site:
        good = lists.add("/papers.md", Route(body=LIST, content_type="text/markdown"))
        trap = lists.add("/go.md", Route(status=302, redirect_to=METADATA))
        s = requests.Session()
        token = _csrf(s, site.url)
        done = s.post(site.url + "/lists/import", data={"csrf": token, "name": "papers", "url": good}, timeout=30)
        assert done.status_code == 200 and "Imported 2 entries into papers." in done.text
        for path in ("/lists/preview", "/lists/import"):
            started = time.monotonic()
            refused = s.post(site.url + path, data={"csrf": token, "name": "trap", "url": trap}, timeout=30)
            assert refused.status_code == 400, path
            assert "169.254.169.254" in refused.text and "refused" in refused.text
            assert time.monotonic() - started < 5  # refused, not a connection left to time out
        assert lists.hits("/go.md") == 2  # the redirect was asked for and not followed
        assert [i.name for i in site.lib.lists()] == ["papers"]
    assert ("169.254.169.254", 80) not in connections
    assert any(host == "127.0.0.1" for host, _ in connections)  # the spy does see the connections made


def test_a_server_others_can_reach_imports_only_from_public_addresses(tmp_path, connections) -> None:
    with FeedServer() as lists, serving(
        f"sqlite:///{tmp_path / 'w.db'}", Clock(), token="s3cret", bound="0.0.0.0"
    ) as site:
        local = lists.add("/papers.md", Route(body=LIST, content_type="text/markdown"))
        s = requests.Session()
        token = _csrf(s, site.url, "?token=s3cret")
        before = len(connections)
        refused = s.post(site.url + "/lists/import", data={"csrf": token, "name": "p", "url": local}, timeout=30)
        assert refused.status_code == 400 and "non-public address 127.0.0.1" in refused.text
        assert lists.hits() == 0  # refused before the request was sent
        assert site.lib.lists() == []
        # The page itself was served (connections to the web app are the test's own): none went to the list server.
        assert all(port != lists.port for _, port in connections[before:])


def test_the_library_passes_the_mode_through_import_preview_and_sync(tmp_path) -> None:
    path = tmp_path / "l.db"
    with FeedServer() as lists, readinglist.open(path) as lib:
        good = lists.add("/papers.md", Route(body=LIST, content_type="text/markdown"))
        trap = lists.add("/go.md", Route(status=302, redirect_to=METADATA))
        assert len(lib.read_list(good, network="local").items) == 2
        with pytest.raises(SourceError, match="non-public address 127.0.0.1"):
            lib.import_list(good, name="p", network="public")
        assert lists.hits("/papers.md") == 1
        with pytest.raises(SourceError, match="169.254.169.254"):
            lib.import_list(trap, name="t", network="local")
        lib.import_list(good, name="p", network="local")
        lists.add("/papers.md", Route(status=302, redirect_to=METADATA))  # the source moves somewhere it may not
        with pytest.raises(SourceError, match="169.254.169.254"):
            lib.sync("p", network="local")
        with pytest.raises(InvalidArgumentError, match="any, local, public"):
            lib.import_list(good, name="q", network="lan")


@pytest.mark.parametrize(
    ("address", "local", "public"),
    [
        ("169.254.169.254", True, True),
        ("::ffff:169.254.169.254", True, True),
        ("fe80::1", True, True),
        ("0.0.0.0", True, True),
        ("127.0.0.1", False, True),
        ("10.1.2.3", False, True),
        ("192.168.0.10", False, True),
        ("93.184.216.34", False, False),
        ("2606:4700::1111", False, False),
    ],
)
def test_what_each_mode_refuses(address: str, local: bool, public: bool) -> None:
    ip = ipaddress.ip_address(address)
    assert address_policy("local")(ip) is local
    assert address_policy("public")(ip) is public
    assert address_policy("any") is None and address_policy(None) is None
