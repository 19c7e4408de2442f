"""Fixtures for the web app: a real server (uvicorn in a thread) and a real headless Chromium (Selenium)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, url: str, lib: object, port: int) -> None:
        self.url = url
        self.lib = lib
        self.port = port


@contextlib.contextmanager
def serving(
    db_url: str,
    clock: object,
    *,
    token: str | None = None,
    profile: str | None = None,
    bound: str = "127.0.0.1",
) -> Iterator[Served]:
    """``readinglist serve`` on a free loopback port, for the duration of the block.

    ``bound`` is the address the app is told it serves (``0.0.0.0`` with a ``token``: a server other machines can
    reach, whose imports may fetch only public addresses); the socket itself stays on loopback.
    """
    import uvicorn

    import readinglist
    from readinglist.web import create_app

    lib = readinglist.open(db_url, clock=clock, profile=profile)
    port = free_port()
    app = create_app(lib, host=bound, port=port, token=token)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", lib, port)
    finally:
        server.should_exit = True
        thread.join(10)
        lib.close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Debian's chromium + chromium-driver through Selenium (.ci/run installs them); skips where absent."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    """Where a test keeps its screenshots (artifacts of the run)."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder
