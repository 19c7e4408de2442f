"""Full-text search: an index over entries (title, description, notes, topics, author) and progress notes.

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
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.install(op.get_bind())


def downgrade() -> None:
    search.uninstall(op.get_bind())
