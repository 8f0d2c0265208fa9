"""a transfer's source warehouse on its stock change

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 01:15:00

``stock_changes.source_warehouse_id`` (indexed): a transfer's source warehouse, so that
``Warehouse.stockChanges`` lists a transfer under both warehouses by walking indexes instead
of the whole ledger. Existing transfers get theirs from their lines (a transfer's lines in the
other warehouse). The column is added with a plain ``ALTER TABLE ... ADD COLUMN`` on SQLite,
as in 0005 (batch mode would rebuild a table other tables reference).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CONSTRAINT = "fk_stock_changes_source_warehouse_id_warehouses"
INDEX = "ix_stock_changes_source_warehouse_id"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE stock_changes ADD COLUMN source_warehouse_id INTEGER "
            f"CONSTRAINT {CONSTRAINT} REFERENCES warehouses (id)"
        )
    else:
        op.add_column(
            "stock_changes", sa.Column("source_warehouse_id", sa.Integer(), nullable=True)
        )
        op.create_foreign_key(
            op.f(CONSTRAINT), "stock_changes", "warehouses", ["source_warehouse_id"], ["id"]
        )
    op.create_index(op.f(INDEX), "stock_changes", ["source_warehouse_id"], unique=False)
    op.execute(
        "UPDATE stock_changes SET source_warehouse_id = (SELECT MIN(y.warehouse_id)"
        " FROM stock_change_lines y WHERE y.stock_change_id = stock_changes.id"
        " AND y.warehouse_id <> stock_changes.warehouse_id) WHERE type = 'TRANSFER'"
    )


def downgrade() -> None:
    op.drop_index(op.f(INDEX), table_name="stock_changes")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE stock_changes DROP COLUMN source_warehouse_id")
    else:
        op.drop_constraint(op.f(CONSTRAINT), "stock_changes", type_="foreignkey")
        op.drop_column("stock_changes", "source_warehouse_id")
