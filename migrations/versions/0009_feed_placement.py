"""Feed placement: a feed may place new items by topic (``--topic auto``), keeping each placement's score.

Revision ID: 0009
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("placement", sa.Text))  # "auto", or NULL: the feed's own topic
    with op.batch_alter_table("feed_items") as batch:
        batch.add_column(sa.Column("score", sa.Float))  # similarity of the placed topic (auto placement)


def downgrade() -> None:
    with op.batch_alter_table("feed_items") as batch:
        batch.drop_column("score")
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("placement")
