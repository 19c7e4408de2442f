"""Import options a list remembers: the ``--base-url`` and ``--tiers`` given at import, reused by ``sync``.

Two nullable columns added to ``lists`` (a plain ``ADD COLUMN`` on both engines: no table rebuild, so the search
triggers of 0005 stay as they are).

Revision ID: 0010
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("lists", sa.Column("base_url", sa.Text))
    op.add_column("lists", sa.Column("tiers", sa.String(20)))


def downgrade() -> None:
    with op.batch_alter_table("lists") as batch:
        batch.drop_column("tiers")
        batch.drop_column("base_url")
