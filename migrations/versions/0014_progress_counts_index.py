"""A covering index from a resource to its entries' groups: ``progress`` counts what a reader did from their own
progress rows, joined to the entries' (list, topic, tier) without reading the entries table.

It replaces ``ix_entries_resource_id`` (the resource id alone), which it serves too.

Revision ID: 0014
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_entries_resource", "entries", ["resource_id", "list_id", "section_id", "tier", "retired"]
    )
    op.drop_index("ix_entries_resource_id", table_name="entries")


def downgrade() -> None:
    op.create_index("ix_entries_resource_id", "entries", ["resource_id"])
    op.drop_index("ix_entries_resource", table_name="entries")
