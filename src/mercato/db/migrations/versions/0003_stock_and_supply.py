"""stock and supply

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 21:00:45.232452
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["warehouse_id"], ["warehouses.id"], name=op.f("fk_suppliers_warehouse_id_warehouses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("name", name=op.f("uq_suppliers_name")),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("internal_comment", sa.Text(), nullable=True),
        sa.Column("shipping_address", sa.Text(), nullable=True),
        sa.Column("supplier_address", sa.Text(), nullable=True),
        sa.Column("expected_delivery_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("currency_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('OPEN', 'COMPLETED', 'CANCELLED')", name=op.f("ck_purchase_orders_status")
        ),
        sa.ForeignKeyConstraint(
            ["currency_id"],
            ["currencies.id"],
            name=op.f("fk_purchase_orders_currency_id_currencies"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_purchase_orders_supplier_id_suppliers")
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_purchase_orders_warehouse_id_warehouses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_orders_supplier_id"), ["supplier_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_orders_warehouse_id"), ["warehouse_id"], unique=False
        )

    op.create_table(
        "stock",
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("product_size_id", sa.Integer(), nullable=False),
        sa.Column("physical_quantity", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("physical_quantity >= 0", name=op.f("ck_stock_physical_quantity")),
        sa.ForeignKeyConstraint(
            ["product_size_id"],
            ["product_sizes.id"],
            name=op.f("fk_stock_product_size_id_product_sizes"),
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"], ["warehouses.id"], name=op.f("fk_stock_warehouse_id_warehouses")
        ),
        sa.PrimaryKeyConstraint("warehouse_id", "product_size_id", name=op.f("pk_stock")),
    )
    with op.batch_alter_table("stock", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_product_size_id"), ["product_size_id"], unique=False
        )

    op.create_table(
        "purchase_order_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("purchase_order_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('CREATED', 'INSERTED', 'CANCELLED')",
            name=op.f("ck_purchase_order_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_deliveries_purchase_order_id_purchase_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_purchase_order_deliveries_warehouse_id_warehouses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_deliveries")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_order_deliveries_number")),
    )
    with op.batch_alter_table("purchase_order_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_deliveries_purchase_order_id"),
            ["purchase_order_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_deliveries_warehouse_id"), ["warehouse_id"], unique=False
        )

    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purchase_order_id", sa.Integer(), nullable=False),
        sa.Column("product_size_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_purchase_order_lines_quantity")),
        sa.ForeignKeyConstraint(
            ["product_size_id"],
            ["product_sizes.id"],
            name=op.f("fk_purchase_order_lines_product_size_id_product_sizes"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_purchase_order_id_purchase_orders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
    )
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_lines_product_size_id"), ["product_size_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_lines_purchase_order_id"),
            ["purchase_order_id"],
            unique=False,
        )

    op.create_table(
        "purchase_order_delivery_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purchase_order_delivery_id", sa.Integer(), nullable=False),
        sa.Column("purchase_order_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("landed_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("customs_value_minor", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_purchase_order_delivery_lines_quantity")),
        sa.ForeignKeyConstraint(
            ["purchase_order_delivery_id"],
            ["purchase_order_deliveries.id"],
            name=op.f(
                "fk_purchase_order_delivery_lines_purchase_order_delivery_id_purchase_order_deliveries"
            ),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_line_id"],
            ["purchase_order_lines.id"],
            name=op.f(
                "fk_purchase_order_delivery_lines_purchase_order_line_id_purchase_order_lines"
            ),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_delivery_lines")),
    )
    with op.batch_alter_table("purchase_order_delivery_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_delivery_lines_purchase_order_delivery_id"),
            ["purchase_order_delivery_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_delivery_lines_purchase_order_line_id"),
            ["purchase_order_line_id"],
            unique=False,
        )

    op.create_table(
        "stock_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("product_size_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("in_shipment", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("purchase_order_line_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(state = 'LINKED') = (purchase_order_line_id IS NOT NULL)",
            name=op.f("ck_stock_reservations_linked_line"),
        ),
        sa.CheckConstraint(
            "state IN ('ALLOCATED', 'DEMAND', 'LINKED')", name=op.f("ck_stock_reservations_state")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_reservations_quantity")),
        sa.ForeignKeyConstraint(
            ["product_size_id"],
            ["product_sizes.id"],
            name=op.f("fk_stock_reservations_product_size_id_product_sizes"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_order_line_id"],
            ["purchase_order_lines.id"],
            name=op.f("fk_stock_reservations_purchase_order_line_id_purchase_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_stock_reservations_warehouse_id_warehouses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_reservations")),
    )
    with op.batch_alter_table("stock_reservations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_reservations_product_size_id"), ["product_size_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_reservations_purchase_order_line_id"),
            ["purchase_order_line_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_stock_reservations_warehouse_size",
            ["warehouse_id", "product_size_id"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("stock_reservations", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_reservations_warehouse_size")
        batch_op.drop_index(batch_op.f("ix_stock_reservations_purchase_order_line_id"))
        batch_op.drop_index(batch_op.f("ix_stock_reservations_product_size_id"))

    op.drop_table("stock_reservations")
    with op.batch_alter_table("purchase_order_delivery_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_order_delivery_lines_purchase_order_line_id"))
        batch_op.drop_index(
            batch_op.f("ix_purchase_order_delivery_lines_purchase_order_delivery_id")
        )

    op.drop_table("purchase_order_delivery_lines")
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_order_lines_purchase_order_id"))
        batch_op.drop_index(batch_op.f("ix_purchase_order_lines_product_size_id"))

    op.drop_table("purchase_order_lines")
    with op.batch_alter_table("purchase_order_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_order_deliveries_warehouse_id"))
        batch_op.drop_index(batch_op.f("ix_purchase_order_deliveries_purchase_order_id"))

    op.drop_table("purchase_order_deliveries")
    with op.batch_alter_table("stock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_product_size_id"))

    op.drop_table("stock")
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_orders_warehouse_id"))
        batch_op.drop_index(batch_op.f("ix_purchase_orders_supplier_id"))

    op.drop_table("purchase_orders")
    op.drop_table("suppliers")
