"""Undo batches that cannot collide, and the timestamps undo restores.

A batch number was ``max(batch) + 1``, read without a lock: on PostgreSQL two concurrent marks could share one, so
one undo took back both. PostgreSQL now draws batch numbers from the ``event_batches`` sequence, started above every
batch already stored (SQLite writers hold the database's write lock, so ``max + 1`` stays exact there). Events also
keep the ``started_at``/``finished_at`` they replaced, so undo restores them.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("old_started_at", TS))
        batch.add_column(sa.Column("old_finished_at", TS))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        start = bind.execute(sa.text("SELECT coalesce(max(batch), 0) + 1 FROM events")).scalar_one()
        op.execute(sa.text(f"CREATE SEQUENCE event_batches START WITH {int(start)}"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("DROP SEQUENCE event_batches"))
    with op.batch_alter_table("events") as batch:
        batch.drop_column("old_finished_at")
        batch.drop_column("old_started_at")
