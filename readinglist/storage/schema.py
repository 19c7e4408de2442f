"""The database schema as SQLAlchemy Core tables.

This module describes the schema at head; Alembic migrations in ``migrations/versions`` create and evolve it, and a
test checks that the two agree. Core (not the ORM) is used throughout: imports write thousands of rows at once and
``executemany`` is an order of magnitude faster than ORM unit-of-work flushes.

Concepts (see DESIGN.md): a *resource* is the thing you read, shared by every list; a *list* has an ordered tree of
*sections* and *entries* that place a resource in a section at a tier and position; *progress* is per resource and
per profile; every progress change is appended to *events*.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Sequence,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

lists = Table(
    "lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("title", Text),
    Column("description", Text),
    Column("source", Text),
    Column("format", String(50)),
    Column("next_list", String(200)),
    Column("source_date", String(50)),
    Column("revision", String(200)),
    Column("content_hash", String(64)),
    Column("imported_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("base_url", Text),  # --base-url given at import, reused by sync
    Column("tiers", String(20)),  # --tiers given at import (auto/headings/none), reused by sync
)

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("lists.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("source", Text),
    Column("revision", String(200)),
    Column("source_date", String(50)),
    Column("content_hash", String(64)),
    Column("entry_count", Integer, nullable=False, default=0),
    Column("summary", Text),  # JSON: the diff report of this version against the previous one
)

sections = Table(
    "sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", Integer, ForeignKey("sections.id", ondelete="CASCADE")),
    Column("title", Text, nullable=False),
    Column("path", Text, nullable=False),  # JSON array of titles from the top, for cheap reads
    Column("position", Integer, nullable=False),
    Index("ix_sections_list_position", "list_id", "position"),
)

resources = Table(
    "resources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, index=True),  # canonical URL, or "title:<title key>" without URL
    Column("title_key", Text, nullable=False, index=True),  # items without links are matched by title
    Column("url", Text),
    Column("canonical_url", Text),
    Column("title", Text, nullable=False),
    Column("kind", String(20)),
    Column("author", Text),
    Column("published", String(50)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
    Column("section_id", Integer, ForeignKey("sections.id", ondelete="SET NULL")),
    Column("resource_id", Integer, ForeignKey("resources.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("tier", Integer),
    Column("tier_label", String(100)),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("note", Text),
    Column("description", Text),
    Column("links", Text),  # JSON array of {"title", "url"}
    Column("new", Boolean, nullable=False, default=False),
    Column("retired", Boolean, nullable=False, default=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Where the entry came from: "list" (the list's own source: sync keeps it in step), "added" (readinglist add)
    # or "feed" (a feed placed it). Sync leaves the last two alone (0019).
    Column("origin", String(10), nullable=False, server_default="list"),
    Index("ix_entries_list_retired_tier_position", "list_id", "retired", "tier", "position"),
    Index("ix_entries_next", "tier", "list_id", "position", "retired", "resource_id"),
    Index("ix_entries_resource", "resource_id", "list_id", "section_id", "tier", "retired"),
    Index(
        "ix_entries_group",
        "list_id",
        "section_id",
        "tier",
        "retired",
        "position",
        "resource_id",
        "tier_label",
    ),
)

group_totals = Table(
    "group_totals",
    metadata,
    # How many current (not retired) entries each (list, section, tier) group holds, kept by the storage layer
    # whenever a write transaction changes a list's entries (storage/totals.py): progress reads these few rows
    # instead of counting every entry (a million entries are ~100k groups; one list of 100k is 10k).
    Column("list_id", Integer, ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
    Column("section_id", Integer),
    Column("tier", Integer),
    Column("tier_label", String(100)),  # the group's smallest label (Tier 4+ of a collapsed tier)
    Column("start", Integer, nullable=False),  # the position of the group's first entry: list order
    Column("total", Integer, nullable=False),
    Index("ix_group_totals_list_start", "list_id", "start", "section_id", "tier", "tier_label", "total"),
)

progress = Table(
    "progress",
    metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("rating", Integer),
    Column("note", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_progress_profile_status", "profile_id", "status"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False),
    Column("batch", Integer, nullable=False),
    Column("undoes", Integer),  # the batch this event takes back, for undo events
    Column("at", DateTime(timezone=True), nullable=False),
    Column("old_status", String(20)),
    Column("new_status", String(20)),
    Column("old_rating", Integer),
    Column("new_rating", Integer),
    Column("old_note", Text),
    Column("new_note", Text),
    # What undo restores besides status, rating and note (NULL on events written before schema 0004).
    Column("old_started_at", DateTime(timezone=True)),
    Column("old_finished_at", DateTime(timezone=True)),
    Index("ix_events_profile_batch", "profile_id", "batch"),
    # Stats replay each resource's history with GROUP BY resource: this index covers those queries.
    Index("ix_events_profile_resource", "profile_id", "resource_id", "id", "old_status", "new_status"),
)

event_batches = Sequence("event_batches", metadata=metadata)
"""Batch numbers on PostgreSQL: concurrent writers each get their own (SQLite writers hold the write lock)."""

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("title", Text),
    Column("list_id", Integer, ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
    Column("section", Text),  # JSON array: the topic path new items go to
    Column("tier", Integer),
    Column("include", Text),
    Column("exclude", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("body_hash", String(64)),
    Column("last_checked", DateTime(timezone=True)),
    Column("last_new", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("warning", Text),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("retry_after", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("placement", Text),  # "auto": new items go to the topic they most resemble (0009)
    UniqueConstraint("url", name="uq_feeds_url"),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("guid", Text, nullable=False),
    Column("link_key", Text),
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE")),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("score", Float),  # similarity to the topic an auto placement chose (0009)
    UniqueConstraint("feed_id", "guid", name="uq_feed_items_feed_id_guid"),
    Index("ix_feed_items_feed_link", "feed_id", "link_key"),
)

# --- enrich / check (migration 0006): fetched metadata and effort per resource, link health per resource ------

item_metadata = Table(
    "item_metadata",
    metadata,
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(20)),  # enriched, not_found, suggested, error (None: only the user's minutes)
    Column("source", String(20)),  # arxiv, crossref, openlibrary, page, oembed
    Column("source_id", Text),
    Column("title", Text),
    Column("authors", Text),  # JSON array of names
    Column("year", Integer),
    Column("abstract", Text),
    Column("category", String(100)),
    Column("pages", Integer),
    Column("words", Integer),
    Column("duration_minutes", Float),
    Column("link", Text),  # a link found for an item listed without one
    Column("suggestions", Text),  # JSON array of near misses of a title search
    Column("effort_minutes", Integer),
    Column("effort_source", String(20)),  # pages, words, video
    Column("user_minutes", Integer),  # the reader's own estimate (mark --minutes): overrides effort_minutes
    Column("error", Text),
    Column("fetched_at", DateTime(timezone=True)),
)

resource_aliases = Table(
    "resource_aliases",
    metadata,
    Column("key", Text, primary_key=True),  # a canonical URL the resource is also known by (its link moved there)
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

link_checks = Table(
    "link_checks",
    metadata,
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, nullable=False),
    Column("outcome", String(20), nullable=False),  # ok, moved, gone, dns, tls, timeout, blocked, error
    Column("http_status", Integer),
    Column("new_url", Text),  # where a permanent redirect leads
    Column("archive_url", Text),  # a Wayback Machine copy of a dead link
    Column("error", Text),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

tags = Table(
    "tags",
    metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("resource_id", Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(100), primary_key=True),
    Index("ix_tags_profile_tag", "profile_id", "tag"),
)
