"""Indexes shaped like the read queries: ``next`` across lists in tier order, counts per topic and tier.

``ix_entries_next`` lets tier-first ``next`` walk active entries in (tier, list, position) order and stop after the
few it returns; ``ix_entries_group`` covers the per-topic-and-tier counts of ``progress`` and the completion checks
of ``mark`` (GROUP BY list, section, tier without touching the table).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_entries_next", "entries", ["tier", "list_id", "position", "retired", "resource_id"]
    )
    op.create_index(
        "ix_entries_group",
        "entries",
        ["list_id", "section_id", "tier", "retired", "position", "resource_id", "tier_label"],
    )


def downgrade() -> None:
    op.drop_index("ix_entries_group", table_name="entries")
    op.drop_index("ix_entries_next", table_name="entries")
