"""Sync keeps a list in step with its source, but never takes away what the reader put in the list themselves.

An item added with ``add_item`` and an item a feed placed in a list that syncs from a file stay through syncs that
add, remove and reorder the source's items; when the source starts listing the same work, the reader's entry
becomes the source's (one entry, never two), and from then on follows the source like any other.
"""

from __future__ import annotations

from pathlib import Path

from feedserver import FeedServer, Route

V1 = """# Course

## Basics

**Tier 1**

- [One](https://example.org/one)
- [Two](https://example.org/two)
- [Three](https://example.org/three)
"""

V2 = V1.replace("- [Two](https://example.org/two)\n", "") + "- [Four](https://example.org/four)\n"


def titles(lib, name: str = "course") -> list[str]:
    return [e.title for e in lib.entries(name)]


def test_an_added_item_survives_syncs_and_stays_after_the_lists_items(lib, tmp_path: Path) -> None:
    source = tmp_path / "course.md"
    source.write_text(V1)
    lib.import_list(source, name="course")
    lib.add_item("https://example.org/mine", list="course", topic="Basics", tier=1, title="Mine")
    source.write_text(V2)
    report = lib.sync("course")
    assert [c.title for c in report.changes if c.kind in ("removed", "retired")] == ["Two"]
    assert titles(lib) == ["One", "Three", "Four", "Mine"]
    assert not [e for e in lib.entries("course", include_retired=True) if e.retired]
    source.write_text(V1)
    lib.sync("course")
    assert titles(lib) == ["One", "Two", "Three", "Mine"]


def test_when_the_source_lists_the_added_work_the_entry_becomes_the_sources(lib, tmp_path: Path) -> None:
    source = tmp_path / "course.md"
    source.write_text(V1)
    lib.import_list(source, name="course")
    lib.add_item("https://example.org/four", list="course", topic="Basics", tier=1, title="Four")
    lib.mark("https://example.org/four", "reading")
    source.write_text(V2)
    lib.sync("course")
    fours = [e for e in lib.entries("course", include_retired=True) if e.title == "Four"]
    assert len(fours) == 1 and fours[0].status == "reading"  # adopted: one entry, progress kept
    source.write_text(V1)  # the source drops it again: now it follows the source (retired: it has progress)
    report = lib.sync("course")
    assert [c.title for c in report.changes if c.kind == "retired"] == ["Four"]
    assert "Four" not in titles(lib)


def test_a_feed_placed_item_survives_a_sync(lib, tmp_path: Path) -> None:
    source = tmp_path / "course.md"
    source.write_text(V1)
    lib.import_list(source, name="course")
    body = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Blog</title><link>https://blog.example/</link>"
        b"<item><guid>p1</guid><title>A new post</title><link>https://blog.example/p1</link></item>"
        b"</channel></rss>"
    )
    with FeedServer() as server:
        url = server.add("/feed.xml", Route(body=body, content_type="application/rss+xml"))
        lib.add_feed(url, list="course", topic="Basics", tier=2)
        assert [r.status for r in lib.pull_feeds()] == ["new"]
    assert "A new post" in titles(lib)
    source.write_text(V2)
    report = lib.sync("course")
    assert "A new post" not in [c.title for c in report.changes]
    assert titles(lib) == ["One", "Three", "Four", "A new post"]
