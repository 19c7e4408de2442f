"""Search and stats: a full-text index over entries (title, description, notes, topics, author) and progress
notes; an index on events for the stats' per-resource replay.

SQLite: FTS5 tables kept in step by triggers; PostgreSQL: tsvector columns with GIN indexes. Existing rows are
indexed here. See readinglist/storage/search.py.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from readinglist.storage import search

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.install(op.get_bind())
    op.create_index(
        "ix_events_profile_resource", "events", ["profile_id", "resource_id", "id", "old_status", "new_status"]
    )


def downgrade() -> None:
    op.drop_index("ix_events_profile_resource", table_name="events")
    search.uninstall(op.get_bind())
