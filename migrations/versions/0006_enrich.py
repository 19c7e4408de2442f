"""Enrich and check: fetched metadata with effort estimates per resource, link health per resource.

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "item_metadata",
        sa.Column(
            "resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("status", sa.String(20)),
        sa.Column("source", sa.String(20)),
        sa.Column("source_id", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("abstract", sa.Text),
        sa.Column("category", sa.String(100)),
        sa.Column("pages", sa.Integer),
        sa.Column("words", sa.Integer),
        sa.Column("duration_minutes", sa.Float),
        sa.Column("link", sa.Text),
        sa.Column("suggestions", sa.Text),
        sa.Column("effort_minutes", sa.Integer),
        sa.Column("effort_source", sa.String(20)),
        sa.Column("user_minutes", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("fetched_at", TS),
    )
    op.create_table(
        "link_checks",
        sa.Column(
            "resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("new_url", sa.Text),
        sa.Column("archive_url", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("checked_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("link_checks")
    op.drop_table("item_metadata")
