"""lib.check_links against a local site and the Wayback stand-in: every outcome, politeness, resuming."""

from __future__ import annotations

import threading
import time

import pytest
from feedserver import FeedServer, Route

from readinglist import ItemToImport, ListToImport
from readinglist.net import Client


def send(h, status: int, body: bytes = b"", headers: dict | None = None) -> None:
    h.send_response(status)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)


def head_refused(h) -> None:
    """A server that does not implement HEAD (405) but serves GET."""
    if h.command == "HEAD":
        send(h, 405, headers={"Allow": "GET"})
    else:
        send(h, 200, b"<html>fine</html>")


def build(site: FeedServer) -> dict[str, str]:
    site.add("/ok", Route(body=b"<html>ok</html>", content_type="text/html"))
    site.add("/new-home", Route(body=b"<html>moved here</html>", content_type="text/html"))
    site.add("/moved", Route(status=301, redirect_to=site.url("/new-home")))
    site.add("/temporary", Route(status=302, redirect_to=site.url("/ok")))
    site.add("/gone", Route(status=410, body=b"gone"))
    site.add("/forbidden", Route(status=403, body=b"no robots"))
    site.add("/noHEAD", Route(handler=head_refused))
    site.add("/slow", Route(body=b"late", delay=3))
    answers = [(429, "3"), (200, None)]

    def limited(h) -> None:
        status, retry = answers.pop(0) if answers else (200, None)
        send(h, status, b"x", {"Retry-After": retry} if retry else {})

    site.add("/limited", Route(handler=limited))
    return {
        "ok": site.url("/ok"),
        "moved": site.url("/moved"),
        "temporary": site.url("/temporary"),
        "missing": site.url("/missing"),  # 404
        "gone": site.url("/gone"),
        "forbidden": site.url("/forbidden"),
        "noHEAD": site.url("/noHEAD"),
        "slow": site.url("/slow"),
        "limited": site.url("/limited"),
        "dns": "http://no-such-host.invalid/page",
        "tls": f"https://127.0.0.1:{site.port}/ok",
        "refused": "http://127.0.0.1:9/nothing-listens",
    }


@pytest.fixture()
def checked(lib, services, site, waits):
    urls = build(site)
    services.archived[urls["missing"]] = "https://web.archive.org/web/20200101000000/" + urls["missing"]
    lib.import_list(ListToImport(name="links", items=tuple(ItemToImport(n, u) for n, u in urls.items())))
    with Client(timeout=(1, 0.5), retries=2, backoff=0.1, sleep=waits) as client:
        results = {
            r.item.title: r for r in lib.check_links("links", endpoints=services.endpoints, client=client)
        }
    return lib, results, urls


def test_every_outcome(checked, waits) -> None:
    lib, results, urls = checked
    assert {name: r.outcome for name, r in results.items()} == {
        "ok": "ok",
        "moved": "moved",
        "temporary": "ok",
        "missing": "gone",
        "gone": "gone",
        "forbidden": "blocked",
        "noHEAD": "ok",
        "slow": "timeout",
        "limited": "ok",
        "dns": "dns",
        "tls": "tls",
        "refused": "error",
    }
    assert results["moved"].new_url == urls["ok"].replace("/ok", "/new-home")
    assert results["missing"].http_status == 404 and results["gone"].http_status == 410
    assert results["missing"].archive_url.startswith("https://web.archive.org/web/20200101000000/")
    assert results["gone"].archive_url is None  # the archive has no copy
    assert results["missing"].dead and not results["forbidden"].dead and not results["moved"].dead
    assert 3.0 in waits.seconds  # the 429's Retry-After
    stored = {c.item.title: c for c in lib.link_checks("links")}
    assert {n: c.outcome for n, c in stored.items()} == {n: r.outcome for n, r in results.items()}
    assert stored["missing"].archive_url == results["missing"].archive_url


def test_head_refused_falls_back_to_get(checked, site) -> None:
    _, results, _ = checked
    methods = [h for h in site.requests("/noHEAD")]
    assert results["noHEAD"].outcome == "ok" and len(methods) == 2  # HEAD (405), then GET


def test_a_second_check_reuses_fresh_results_unless_refresh(checked, services, site, waits) -> None:
    lib, results, _ = checked
    before = site.hits()
    with Client(timeout=(1, 0.5), retries=0, sleep=waits) as client:
        again = list(lib.check_links("links", endpoints=services.endpoints, client=client))
        assert site.hits() == before and len(again) == len(results)
        refreshed = list(lib.check_links("links", refresh=True, endpoints=services.endpoints, client=client))
    assert site.hits() > before and len(refreshed) == len(results)


def test_never_more_than_two_open_per_host(lib, services, site, waits) -> None:
    state = {"open": 0, "peak": 0}
    lock = threading.Lock()

    def slow(h) -> None:
        with lock:
            state["open"] += 1
            state["peak"] = max(state["peak"], state["open"])
        time.sleep(0.05)
        with lock:
            state["open"] -= 1
        send(h, 200, b"ok")

    for n in range(12):
        site.add(f"/p{n}", Route(handler=slow))
    lib.import_list(
        ListToImport(name="many", items=tuple(ItemToImport(f"P{n}", site.url(f"/p{n}")) for n in range(12)))
    )
    with Client(sleep=waits) as client:
        results = list(lib.check_links("many", endpoints=services.endpoints, client=client, workers=16))
    assert [r.outcome for r in results] == ["ok"] * 12
    assert state["peak"] == 2


def test_interrupting_a_check_keeps_what_was_checked(lib, services, site, waits) -> None:
    for n in range(6):
        site.add(f"/q{n}", Route(body=b"ok"))
    lib.import_list(
        ListToImport(name="some", items=tuple(ItemToImport(f"Q{n}", site.url(f"/q{n}")) for n in range(6)))
    )
    with Client(sleep=waits) as client:
        run = lib.check_links("some", endpoints=services.endpoints, client=client)
        first = [next(run), next(run)]
        run.close()
        assert {c.item.id for c in lib.link_checks("some")} >= {c.item.id for c in first}
        rest = list(lib.check_links("some", endpoints=services.endpoints, client=client))
    assert len(rest) == 6 and {c.outcome for c in rest} == {"ok"}
