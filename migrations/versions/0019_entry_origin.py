"""Where each entry came from: ``entries.origin`` is ``list`` (the list's source), ``added`` (``readinglist add``)
or ``feed`` (placed by a feed). Sync retired or removed every entry its source did not list, so an item the reader
added, or a feed placed, in a list that syncs vanished at the next sync; now sync leaves those alone.

Existing entries are the list's, except those a feed created in the list it targets (``feed_items`` remembers the
resource a feed made): those become ``feed``. Entries added by hand before this revision cannot be told apart and
stay ``list``. A new column with a default (no rebuild: the search triggers of 0005 stay as they are).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("entries", sa.Column("origin", sa.String(10), nullable=False, server_default="list"))
    op.execute(
        """UPDATE entries SET origin = 'feed' WHERE EXISTS (
            SELECT 1 FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
            WHERE fi.resource_id = entries.resource_id AND f.list_id = entries.list_id)"""
    )


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place: a batch rebuild of entries would trip over 0005's search triggers
    op.execute("ALTER TABLE entries DROP COLUMN origin")
