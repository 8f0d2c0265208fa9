"""the outbox of changes, written by the write kernel

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 03:00:00

``outbox``: one row per object and change type of each committed write, written in the same
transaction (``mercato.db.unit_of_work``). The event queue and webhooks read it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.BigInteger(), nullable=False),
        sa.Column("change_type", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("integration_name", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_outbox_object_type_object_id", "outbox", ["object_type", "object_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_object_type_object_id", table_name="outbox")
    op.drop_table("outbox")
