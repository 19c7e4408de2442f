"""Other keys a resource is known by: when ``check --apply-redirects`` moves a link for good, the new URL's key
finds the same resource (lookups, and lists that switch to the new URL), so progress follows the work.

A new table only (no rebuild: the search triggers of 0005 stay as they are).

Revision ID: 0015
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resource_aliases",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_resource_aliases_resource_id", "resource_aliases", ["resource_id"])


def downgrade() -> None:
    op.drop_index("ix_resource_aliases_resource_id", table_name="resource_aliases")
    op.drop_table("resource_aliases")
