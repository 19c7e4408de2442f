"""Feeds: subscriptions that pull new items into a list, and the feed entries already seen.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("tier", sa.Integer),
        sa.Column("include", sa.Text),
        sa.Column("exclude", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("body_hash", sa.String(64)),
        sa.Column("last_checked", TS),
        sa.Column("last_new", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("warning", sa.Text),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("retry_after", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("url", name="uq_feeds_url"),
    )
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("guid", sa.Text, nullable=False),
        sa.Column("link_key", sa.Text),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE")),
        sa.Column("first_seen", TS, nullable=False),
        sa.UniqueConstraint("feed_id", "guid", name="uq_feed_items_feed_id_guid"),
    )
    op.create_index("ix_feed_items_feed_link", "feed_items", ["feed_id", "link_key"])


def downgrade() -> None:
    op.drop_table("feed_items")
    op.drop_table("feeds")
