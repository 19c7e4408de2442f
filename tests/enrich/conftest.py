"""Fixtures for the enrich/check tests: the stand-in services on a loopback server, a quick polite client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from feedserver import FeedServer

from enrich.standins import Services
from readinglist.net import Client


@pytest.fixture()
def services() -> Iterator[Services]:
    with FeedServer() as server:
        yield Services(server)


@pytest.fixture()
def site() -> Iterator[FeedServer]:
    """An ordinary web site (pages, redirects, errors) on its own host:port."""
    with FeedServer() as server:
        yield server


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture()
def waits() -> Waits:
    return Waits()


@pytest.fixture()
def client(waits: Waits) -> Iterator[Client]:
    """A client whose retry waits are recorded instead of slept, with short timeouts."""
    with Client(timeout=(2, 2), retries=2, backoff=0.5, sleep=waits) as c:
        yield c
