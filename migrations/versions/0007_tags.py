"""Tags: a reader's own labels on resources (``mark --tag``, ``add --tag``, ``show --tag``).

Revision ID: 0007
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "resource_id", sa.Integer, sa.ForeignKey("resources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("tag", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "resource_id", "tag", name="pk_tags"),
    )
    op.create_index("ix_tags_profile_tag", "tags", ["profile_id", "tag"])


def downgrade() -> None:
    op.drop_index("ix_tags_profile_tag", table_name="tags")
    op.drop_table("tags")
