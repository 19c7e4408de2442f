"""The spine: profiles, lists and their versions, sections, resources, entries, progress, events.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_profiles_name"),
    )
    op.create_table(
        "lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("format", sa.String(50)),
        sa.Column("next_list", sa.String(200)),
        sa.Column("source_date", sa.String(50)),
        sa.Column("revision", sa.String(200)),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("imported_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_lists_name"),
    )
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("imported_at", TS, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("revision", sa.String(200)),
        sa.Column("source_date", sa.String(50)),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("entry_count", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text),
    )
    op.create_index("ix_list_versions_list_id", "list_versions", ["list_id"])
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("sections.id", ondelete="CASCADE")),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_sections_list_position", "sections", ["list_id", "position"])
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("title_key", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20)),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(50)),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_resources_key", "resources", ["key"])
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("section_id", sa.Integer, sa.ForeignKey("sections.id", ondelete="SET NULL")),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("resources.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("tier", sa.Integer),
        sa.Column("tier_label", sa.String(100)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("links", sa.Text),
        sa.Column("new", sa.Boolean, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_entries_resource_id", "entries", ["resource_id"])
    op.create_index(
        "ix_entries_list_retired_tier_position", "entries", ["list_id", "retired", "tier", "position"]
    )
    op.create_table(
        "progress",
        sa.Column(
            "profile_id", sa.Integer, sa.ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rating", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("started_at", TS),
        sa.Column("finished_at", TS),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_progress_profile_status", "progress", ["profile_id", "status"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("batch", sa.Integer, nullable=False),
        sa.Column("undoes", sa.Integer),
        sa.Column("at", TS, nullable=False),
        sa.Column("old_status", sa.String(20)),
        sa.Column("new_status", sa.String(20)),
        sa.Column("old_rating", sa.Integer),
        sa.Column("new_rating", sa.Integer),
        sa.Column("old_note", sa.Text),
        sa.Column("new_note", sa.Text),
    )
    op.create_index("ix_events_profile_batch", "events", ["profile_id", "batch"])


def downgrade() -> None:
    for table in (
        "events",
        "progress",
        "entries",
        "resources",
        "sections",
        "list_versions",
        "lists",
        "profiles",
    ):
        op.drop_table(table)
