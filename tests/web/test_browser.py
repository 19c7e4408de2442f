# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
"""The web app in a real headless Chromium: map, marking, next, search, escaping, security, report, team page."""

from __future__ import annotations

import http.client
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from conftest import Clock, _create_at_head, make_small_list
from web_fixtures import browser, serving, shots  # noqa: F401 (fixtures)

import readinglist
from readinglist import ItemToImport, ListToImport, Status

XSS_TITLE = "<script>alert(1)</script>"


def wait_for(predicate, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it is true; while a page is loading its elements may be missing or stale."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except (NoSuchElementException, StaleElementReferenceException):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        time.sleep(0.05)


def no_alert(driver) -> bool:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


def test_map_click_an_item_mark_it_read_then_next_moves_on(browser, sqlite_url, shots) -> None:
    from selenium.webdriver.common.by import By

    clock = Clock()
    with serving(sqlite_url, clock) as site:
        site.lib.import_list("elicit")
        first = site.lib.next(1)[0].entry.item
        browser.get(site.url + "/map/elicit")
        assert browser.find_element(By.TAG_NAME, "h1").text
        count = browser.find_element(By.CSS_SELECTOR, ".overall .count")
        assert count.get_attribute("data-total") == "355" and count.get_attribute("data-done") == "0"
        browser.save_screenshot(str(shots / "map.png"))
        card = browser.find_element(By.CSS_SELECTOR, f'.card[data-item="{first.id}"]')
        card.find_element(By.CSS_SELECTOR, "a.open").click()
        dialog = browser.find_element(By.ID, "mark-dialog")
        wait_for(dialog.is_displayed)
        assert browser.find_element(By.ID, "mark-title").text == first.title
        dialog.find_element(By.CSS_SELECTOR, 'input[name="status"][value="read"]').click()
        dialog.find_element(By.CSS_SELECTOR, 'textarea[name="note"]').send_keys("clear and short")
        dialog.find_element(By.CSS_SELECTOR, "button.primary").click()
        # The card changes in place (no reload): the same element object now says read.
        wait_for(lambda: "st-read" in card.get_attribute("class"))
        assert "Read" in card.text
        # The bars moved too: the list, the item's topic row and its tier column.
        assert (count.get_attribute("data-done"), count.text) == ("1", "1/355 done")
        row = card.find_element(By.XPATH, "./ancestor::tr")
        assert row.find_element(By.CSS_SELECTOR, "th .count").text == "1/8"
        tier1 = browser.find_elements(By.CSS_SELECTOR, "table.grid thead th")[1]
        assert tier1.find_element(By.CSS_SELECTOR, ".count").text == "1/20"
        browser.save_screenshot(str(shots / "map-after-mark.png"))
        # Phone width: the grid turns into a column and nothing scrolls sideways.
        browser.set_window_size(390, 844)
        try:
            browser.refresh()
            wide = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            browser.save_screenshot(str(shots / "map-phone.png"))
        finally:
            browser.set_window_size(1280, 900)
        assert wide <= 1
        with readinglist.open(sqlite_url) as check:
            [entry] = check.holding(first.id)
            assert (entry.status, entry.progress_note) == (Status.READ, "clear and short")
        browser.get(site.url + "/next")
        shown = [
            li.get_attribute("data-item") for li in browser.find_elements(By.CSS_SELECTOR, "ol.next > li")
        ]
        assert shown and str(first.id) not in shown
        assert shown[0] == str(site.lib.next(1)[0].entry.item.id)
        # The Next page's buttons are plain forms: mark the first one read without any script involved.
        second = shown[0]
        browser.find_element(
            By.CSS_SELECTOR, f'ol.next > li[data-item="{second}"] button[value="read"]'
        ).click()
        wait_for(lambda: "m=" in browser.current_url, timeout=30)  # redirected back with what the mark said
        shown = [
            li.get_attribute("data-item") for li in browser.find_elements(By.CSS_SELECTOR, "ol.next > li")
        ]
        assert shown and second not in shown
        assert browser.find_element(By.ID, "messages").text  # what the mark said
        assert site.lib.holding(int(second))[0].status is Status.READ


def test_search_as_you_type_finds_attention(browser, sqlite_url) -> None:
    from selenium.webdriver.common.by import By

    with serving(sqlite_url, Clock()) as site:
        site.lib.import_list("elicit")
        browser.get(site.url + "/")
        box = browser.find_element(By.ID, "q")
        box.send_keys("attention need")
        live = browser.find_element(By.ID, "live-results")
        wait_for(lambda: "Attention Is All You Need" in live.text)
        assert live.find_elements(By.CSS_SELECTOR, "li")[0].text.startswith("Attention Is All You Need")
        # Without scripts the same box submits to the search page.
        browser.get(site.url + "/search?q=attention+need")
        first = browser.find_element(By.CSS_SELECTOR, "main .results li a")
        assert first.text == "Attention Is All You Need"
        assert (
            urlsplit(first.get_attribute("href")).path
            == f"/item/{site.lib.find('Attention Is All You Need').id}"
        )


def test_a_hostile_list_shows_as_text_and_runs_nothing(browser, sqlite_url, shots) -> None:
    from selenium.webdriver.common.by import By

    hostile = ListToImport(
        name="hostile",
        title=XSS_TITLE,
        items=(
            ItemToImport('<img src=x onerror="alert(2)">', "https://example.org/a", (XSS_TITLE,), 1),
            ItemToImport("A javascript link", "javascript:alert(3)", ("Links",), 1),
            ItemToImport("A fine link", "https://example.org/fine", ("Links",), 1),
        ),
    )
    with serving(sqlite_url, Clock()) as site:
        site.lib.import_list(hostile)
        for path in ("/", "/map/hostile", "/lists", "/search?q=img+src", "/search?q=javascript"):
            browser.get(site.url + path)
            time.sleep(0.2)
            assert no_alert(browser), path
        browser.get(site.url + "/map/hostile")
        assert browser.find_element(By.TAG_NAME, "h1").text == XSS_TITLE
        assert '<img src=x onerror="alert(2)">' in browser.find_element(By.CSS_SELECTOR, ".map").text
        assert browser.find_elements(By.CSS_SELECTOR, "main script, main img") == []
        browser.save_screenshot(str(shots / "hostile.png"))
        js_item = site.lib.find("A javascript link").id
        browser.get(site.url + f"/item/{js_item}")
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a")]
        assert not any(h and h.startswith("javascript:") for h in hrefs)
        assert site.lib.find("A javascript link").url is None  # dropped on the way in (readinglist.safety)
        fine = site.lib.find("A fine link").id
        browser.get(site.url + f"/item/{fine}")
        assert browser.find_element(By.CSS_SELECTOR, 'main a[href="https://example.org/fine"]')
        assert no_alert(browser)


def test_posts_need_the_csrf_token_and_foreign_hosts_are_refused(sqlite_url) -> None:
    with serving(sqlite_url, Clock()) as site:
        site.lib.import_list(make_small_list())
        item = site.lib.find("Attention").id
        refused = requests.post(site.url + "/mark", data={"item": item, "status": "read"}, timeout=10)
        assert refused.status_code == 403
        wrong = requests.post(
            site.url + "/mark", data={"item": item, "status": "read", "csrf": "guess"}, timeout=10
        )
        assert wrong.status_code == 403
        assert site.lib.holding(item)[0].status is Status.UNREAD
        page = requests.get(site.url + "/next", timeout=10)
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        done = requests.post(
            site.url + "/mark",
            data={"item": item, "status": "read", "csrf": token, "back": "https://evil.example/"},
            timeout=10,
            allow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"].startswith("/?m=")  # never another site
        for back in ("//evil.example/", "/\\evil.example/", "javascript:alert(1)"):
            again = requests.post(
                site.url + "/mark",
                data={"item": item, "status": "read", "csrf": token, "back": back},
                timeout=10,
                allow_redirects=False,
            )
            assert again.headers["location"].startswith("/?m="), back
        foreign = requests.post(
            site.url + "/mark",
            data={"item": item, "status": "unread", "csrf": token},
            headers={"Origin": "https://evil.example"},
            timeout=10,
        )
        assert foreign.status_code == 403
        assert site.lib.holding(item)[0].status is Status.READ
        # DNS rebinding: a page served from evil.example that resolves to 127.0.0.1.
        conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
        conn.request("GET", "/next", headers={"Host": f"evil.example:{site.port}"})
        response = conn.getresponse()
        assert response.status == 400 and b"Attention" not in response.read()
        conn.request(
            "POST",
            "/mark",
            body=f"item={item}&status=unread&csrf={token}",
            headers={"Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        assert response.status == 400
        response.read()
        conn.close()
        assert site.lib.holding(item)[0].status is Status.READ


def test_a_token_server_answers_only_with_its_token(sqlite_url) -> None:
    with serving(sqlite_url, Clock(), token="s3cret-token") as site:
        assert requests.get(site.url + "/", timeout=10).status_code == 403
        assert requests.get(site.url + "/?token=wrong", timeout=10).status_code == 403
        session = requests.Session()
        first = session.get(site.url + "/?token=s3cret-token", timeout=10)
        assert first.status_code == 200 and first.url == site.url + "/"  # the token moved into a cookie
        assert session.get(site.url + "/stats", timeout=10).status_code == 200
        # Reached by a name the server cannot know (its LAN address): the token, not the Host, decides.
        conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
        conn.request("GET", "/stats", headers={"Host": f"192.168.1.20:{site.port}"})
        response = conn.getresponse()
        assert response.status == 403
        response.read()
        cookie = f"rl_token={session.cookies['rl_token']}"
        conn.request("GET", "/stats", headers={"Host": f"192.168.1.20:{site.port}", "Cookie": cookie})
        response = conn.getresponse()
        assert response.status == 200 and b"Stats" in response.read()
        conn.close()


def test_the_report_renders_with_the_right_counts(browser, sqlite_url, tmp_path, shots) -> None:
    from selenium.webdriver.common.by import By

    from readinglist import report

    clock = Clock()
    with readinglist.open(sqlite_url, clock=clock) as lib:
        lib.import_list("elicit")
        for rec in lib.next(4):
            lib.mark(rec.entry.item.id, "read")
        lib.mark(lib.next(1)[0].entry.item.id, "skipped")
        html = report.render(lib, "elicit")
        assert report.render(lib, "elicit") == html  # deterministic for a pinned clock
    out = tmp_path / "progress.html"
    out.write_text(html, encoding="utf-8")
    assert "<script" not in html and "http://127" not in html and "<link" not in html
    browser.get(out.as_uri())
    count = browser.find_element(By.CSS_SELECTOR, ".overall .count")
    assert (count.get_attribute("data-done"), count.get_attribute("data-total")) == ("5", "355")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".card.st-read")) == 4
    assert len(browser.find_elements(By.CSS_SELECTOR, ".card.st-skipped")) == 1
    assert len(browser.find_elements(By.CSS_SELECTOR, ".card")) == 355
    assert "4 read" in browser.find_element(By.CSS_SELECTOR, ".figures").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    # The inline stylesheet applies (not escaped into nonsense): cards carry their status colour.
    read_card = browser.find_element(By.CSS_SELECTOR, ".card.st-read")
    assert read_card.value_of_css_property("border-left-color") == "rgba(46, 125, 50, 1)"
    browser.save_screenshot(str(shots / "report.png"))


@pytest.mark.postgres
def test_team_page_on_postgresql_shows_two_profiles_side_by_side(browser, pg_url, shots) -> None:
    from selenium.webdriver.common.by import By

    _create_at_head(pg_url)
    clock = Clock()
    with readinglist.open(pg_url, clock=clock, profile="ada") as ada:
        ada.import_list(make_small_list())
        ada.mark(["Illustrated Transformer", "Attention"], "read")
        with readinglist.open(pg_url, clock=clock, profile="grace") as grace:
            grace.mark("Spinning Up", "read")
    with serving(pg_url, clock, profile="ada") as site:
        browser.get(site.url + "/people?list=small")
        heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.team thead th")]
        assert heads == ["Topic", "Tier", "ada", "grace"]
        rows = {
            (tr.find_element(By.TAG_NAME, "th").text, tr.find_elements(By.TAG_NAME, "td")[0].text): [
                td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")[1:]
            ]
            for tr in browser.find_elements(By.CSS_SELECTOR, "table.team tbody tr")
        }
        assert rows[("Transformers", "Tier 1")] == ["2/2", "0/2"]
        assert rows[("Reinforcement learning", "Tier 1")] == ["0/1", "1/1"]
        browser.save_screenshot(str(shots / "team.png"))
        # Switch to grace: the map is then grace's.
        browser.find_element(
            By.CSS_SELECTOR, 'select[name="profile"] option[value="grace"], select[name="profile"]'
        )
        from selenium.webdriver.support.ui import Select

        Select(browser.find_element(By.CSS_SELECTOR, 'select[name="profile"]')).select_by_visible_text(
            "grace"
        )
        browser.find_element(By.CSS_SELECTOR, "form.inline button[type=submit]").click()
        wait_for(lambda: "grace" in browser.find_element(By.CSS_SELECTOR, ".profile").text)
        browser.get(site.url + "/map/small")
        count = browser.find_element(By.CSS_SELECTOR, ".overall .count")
        assert count.get_attribute("data-done") == "1"
        browser.delete_all_cookies()


def test_a_big_list_map_shows_counts_and_one_topic_at_a_time(sqlite_url, monkeypatch) -> None:
    from readinglist.web import app as web_app

    monkeypatch.setattr(web_app, "MAP_CARDS", 5)
    with serving(sqlite_url, Clock()) as site:
        site.lib.import_list(make_small_list())
        site.lib.mark("Attention", "read")
        whole = requests.get(site.url + "/map/small", timeout=10).text
        assert 'class="card' not in whole
        assert "/map/small?topic=Transformers" in whole and "1/2" in whole  # Transformers, Tier 1
        one = requests.get(site.url + "/map/small?topic=Transformers", timeout=10).text
        assert one.count('<li class="card') == 4
        assert "Spinning Up" not in one and "Attention Is All You Need" in one
