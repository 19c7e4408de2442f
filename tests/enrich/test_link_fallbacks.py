"""What a link check leads to: dead links' archived copies in exports, and permanent redirects applied (both engines)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from feedserver import Route

from readinglist import ItemToImport, ListToImport
from readinglist.net import Client
from readinglist.storage import metadata as mdb

ARCHIVE = "https://web.archive.org/web/20200101000000/"


def the_list(site) -> ListToImport:
    return ListToImport(
        name="links",
        items=(
            ItemToImport("Fine", site.url("/ok"), ("Posts",), 1),
            ItemToImport("Moved", site.url("/moved"), ("Posts",), 1),
            ItemToImport("Dead", site.url("/dead"), ("Posts",), 2),
        ),
    )


@pytest.fixture()
def checked(lib, services, site, waits):
    site.add("/ok", Route(body=b"<html>ok</html>", content_type="text/html"))
    site.add("/new-home", Route(body=b"<html>moved here</html>", content_type="text/html"))
    site.add("/moved", Route(status=301, redirect_to=site.url("/new-home")))
    services.archived[site.url("/dead")] = ARCHIVE + site.url("/dead")
    lib.import_list(the_list(site))
    lib.mark("Moved", "reading", note="half way")
    with Client(timeout=(2, 2), retries=0, sleep=waits) as client:
        found = {
            r.item.title: r.outcome
            for r in lib.check_links("links", endpoints=services.endpoints, client=client)
        }
    assert found == {"Fine": "ok", "Moved": "moved", "Dead": "gone"}
    return lib


def test_exports_give_dead_links_their_archived_copy(checked, site) -> None:
    lib = checked
    copy = ARCHIVE + site.url("/dead")
    md = lib.export("links", "md")
    assert f"[Dead]({site.url('/dead')}) ([archived copy]({copy}))" in md
    assert md.count("archived copy") == 1  # only the dead link
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(lib.export("links", "csv")))}
    assert (rows["Dead"]["archive_url"], rows["Fine"]["archive_url"], rows["Moved"]["archive_url"]) == (
        copy,
        "",
        "",
    )
    for fmt in ("json", "toml"):  # the native formats keep it as an extra link, and read it back
        back = {
            i.title: i
            for i in lib.read_list(lib.export("links", fmt).encode(), filename=f"links.{fmt}").items
        }
        assert [(link.title, link.url) for link in back["Dead"].links] == [("archived copy", copy)]
        assert back["Fine"].links == ()


def test_a_permanent_redirect_is_offered_then_applied_and_identity_keeps_progress(checked, site) -> None:
    lib = checked
    old, new = site.url("/moved"), site.url("/new-home")
    item = lib.find(old)
    offered = lib.redirects("links")
    assert [(c.item.id, c.url, c.new_url) for c in offered] == [(item.id, old, new)]
    assert lib.find(old).url == old  # offering changes nothing

    applied = lib.apply_redirects("links")
    assert [(c.item.id, c.new_url) for c in applied] == [(item.id, new)]
    assert lib.find(old).id == item.id and lib.find(old).url == new  # the old URL still finds it
    entry = lib.holding(item.id)[0]
    assert (entry.status.value, entry.progress_note.endswith("half way")) == ("reading", True)
    assert lib.next(list="links")[0].entry.item.url == new
    assert lib.redirects("links") == [] and lib.apply_redirects("links") == []  # nothing left to apply
    stored = {c.item.title: c for c in lib.link_checks("links")}["Moved"]
    assert (stored.url, stored.outcome, stored.new_url) == (new, "ok", None)

    # importing the list again (it still says the old URL) keeps the one item and its progress
    lib.import_list(the_list(site))
    assert [e.item.id for e in lib.entries("links") if e.title == "Moved"] == [item.id]
    assert lib.holding(item.id)[0].status.value == "reading"

    # the new URL finds it too, and a list that says the new URL holds the same item, with its progress
    assert lib.find(new).id == item.id
    lib.import_list(ListToImport(items=(ItemToImport("Moved, new home", url=new),)), name="elsewhere")
    [there] = lib.entries("elsewhere")
    assert there.item.id == item.id and there.status.value == "reading"


def test_only_the_items_asked_for_and_only_web_links_are_applied(checked, site, lib, clock) -> None:
    moved = lib.find(site.url("/moved"))
    fine = lib.find(site.url("/ok"))
    assert lib.apply_redirects("links", items=[fine.id]) == []  # Fine did not move
    with lib._storage.transaction() as conn:  # a server that redirected to a script URL
        mdb.save_link_checks(
            conn,
            [
                {
                    "resource_id": fine.id,
                    "url": site.url("/ok"),
                    "outcome": "moved",
                    "http_status": 200,
                    "new_url": "javascript:alert(1)",
                    "checked_at": clock() + dt.timedelta(seconds=1),
                }
            ],
        )
    assert [c.item.id for c in lib.redirects("links")] == sorted([moved.id, fine.id])
    assert [c.item.id for c in lib.apply_redirects("links")] == [moved.id]
    assert lib.find(fine.id).url == site.url("/ok")
