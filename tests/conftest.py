"""Shared test fixtures.

Real data lives in ``../shared`` beside the clone (the Elicit README versions and the seed documents). It is not
copied into the project: tests that need it use the ``shared_dir`` / ``elicit_files`` / ``seeds_dir`` fixtures,
which skip with a clear reason where ``../shared`` is absent (as in a user's clone).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("READINGLIST_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data" / "elicit").is_dir():
        pytest.skip(f"needs the real data in {SHARED} (../shared beside the clone); not present here")
    return SHARED


@pytest.fixture(scope="session")
def elicit_files(shared_dir: Path) -> list[Path]:
    """The five real versions of the Elicit README, oldest first."""
    return sorted((shared_dir / "data" / "elicit").glob("README.*.md"))


@pytest.fixture(scope="session")
def elicit_newest(elicit_files: list[Path]) -> Path:
    return elicit_files[-1]


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture()
def data_dir() -> Path:
    """Small fixtures written for the tests (tests/data)."""
    return DATA
