"""An index on resources.title_key: items without links are found by their normalised title across lists.

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_resources_title_key", "resources", ["title_key"])


def downgrade() -> None:
    op.drop_index("ix_resources_title_key", table_name="resources")
