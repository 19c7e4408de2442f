"""List sources: files, bundled names, and URLs (a GitHub repository resolves to its raw README).

HTTP goes to a real server on 127.0.0.1 (tests/feedserver.py), never the internet.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import FeedServer, Route

import readinglist
from readinglist import sources
from readinglist.exceptions import FetchError, SourceError, SourceNotFoundError

ELICIT_MINI = b"""# Mini list

## Basics

### Topic A

**Tier 1**

- [First paper](https://arxiv.org/abs/1706.03762)
- [Second post](https://example.com/post)

**Tier 2**

- [Third](https://example.com/third)
"""


def test_github_urls_map_to_raw_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(sources.GITHUB_RAW_ENV, raising=False)
    raw = "https://raw.githubusercontent.com"
    assert sources.github_raw_url("https://github.com/elicit/machine-learning-list") == (
        f"{raw}/elicit/machine-learning-list/HEAD/README.md"
    )
    assert sources.github_raw_url("https://github.com/elicit/machine-learning-list/", ref="e505c96") == (
        f"{raw}/elicit/machine-learning-list/e505c96/README.md"
    )
    assert (
        sources.github_raw_url("https://github.com/o/r/blob/main/docs/LIST.md")
        == f"{raw}/o/r/main/docs/LIST.md"
    )
    assert sources.github_raw_url("https://github.com/o/r/tree/v2/papers") == f"{raw}/o/r/v2/papers/README.md"
    assert sources.github_raw_url("https://github.com/o/r.git") == f"{raw}/o/r/HEAD/README.md"
    assert sources.github_raw_url("https://github.com/o") is None
    assert sources.github_raw_url("https://example.com/o/r") is None


def test_import_github_repository_through_local_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FeedServer() as server:
        server.add("/me/list/HEAD/README.md", Route(body=ELICIT_MINI, content_type="text/plain"))
        server.add(
            "/me/list/v1/README.md",
            Route(body=ELICIT_MINI.replace(b"Third", b"Pinned"), content_type="text/plain"),
        )
        monkeypatch.setenv(sources.GITHUB_RAW_ENV, server.url("").rstrip("/"))
        with readinglist.open(tmp_path / "s.db") as lib:
            result = lib.import_list("https://github.com/me/list", name="mini")
            assert result.entries == 3 and result.list.source == "https://github.com/me/list"
            pinned = lib.import_list("https://github.com/me/list", name="pinned", ref="v1")
            assert [e.title for e in lib.entries("pinned")][-1] == "Pinned"
            assert pinned.list.name == "pinned"
        assert server.hits("/me/list/HEAD/README.md") == 1


def test_plain_url_and_http_errors(tmp_path: Path) -> None:
    with FeedServer() as server:
        ok = server.add("/list.md", Route(body=ELICIT_MINI, content_type="text/markdown"))
        missing = server.url("/nope.md")
        broken = server.add("/broken.md", Route(status=500, body=b"oops"))
        with readinglist.open(tmp_path / "s.db") as lib:
            assert lib.import_list(ok).entries == 3
            with pytest.raises(SourceNotFoundError, match="404"):
                lib.import_list(missing)
            with pytest.raises(FetchError, match="500"):
                lib.import_list(broken, name="broken")
            assert [info.name for info in lib.lists()] == ["mini-list"]


def test_unreachable_url_is_a_clear_error(tmp_path: Path) -> None:
    with readinglist.open(tmp_path / "s.db") as lib, pytest.raises(FetchError) as info:
        lib.import_list("http://127.0.0.1:9/list.md")
    assert "127.0.0.1:9" in str(info.value) and "\n" not in str(info.value)


def test_files_folders_and_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a folder"):
        sources.load(str(tmp_path))
    with pytest.raises(SourceNotFoundError, match="bundled: .*elicit"):
        sources.load("no-such-thing")
    with pytest.raises(SourceError, match="no source"):
        sources.load("  ")
    path = tmp_path / "x.md"
    path.write_bytes(ELICIT_MINI)
    loaded = sources.load(str(path))
    assert loaded.data == ELICIT_MINI and loaded.location == str(path.resolve()) and loaded.filename == "x.md"
    bundled = sources.load("elicit")
    assert bundled.bundled and bundled.location == "elicit"
