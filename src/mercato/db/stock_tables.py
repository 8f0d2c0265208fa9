"""Tables of stock and supply: physical stock per warehouse and product size, the order-side
claims on it, and the supplier side (suppliers, purchase orders and their deliveries).

Only facts are stored. Every quantity of the API's ``Stock`` type is derived from them
(docs/architecture.md, "Stock"):

- physical: ``stock.physical_quantity``;
- allocated, demand, linked, unshipped: sums over ``stock_reservations``;
- incoming: purchase order lines not yet delivered; on delivery: lines of deliveries not yet
  accepted;
- free to allocate, available now, unlinked, available: arithmetic on the above.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from mercato.db.tables import metadata, timestamps, utc_timestamp

# --- stock -----------------------------------------------------------------------------

#: Physical stock, one row per warehouse and product size that ever had stock. A missing row
#: means zero. Changed only by guarded atomic updates (mercato.stock).
stock = Table(
    "stock",
    metadata,
    Column("warehouse_id", ForeignKey("warehouses.id"), primary_key=True),
    Column("product_size_id", ForeignKey("product_sizes.id"), primary_key=True, index=True),
    Column("physical_quantity", Integer, nullable=False),
    *timestamps(),
    CheckConstraint("physical_quantity >= 0", name="physical_quantity"),
)

#: What orders claim of a warehouse's stock of a size. Orders (a later issue) write these rows;
#: until then tests and the demo write them through mercato.stock's reservation service.
#:
#: - ``ALLOCATED``: reserved from physical stock (counts in allocated; free to allocate is
#:   physical minus these);
#: - ``DEMAND``: ordered, neither allocated nor linked to a purchase order (back-/pre-orders);
#: - ``LINKED``: ordered and linked to a purchase order line (``purchase_order_line_id``).
#:
#: ``in_shipment`` marks quantities already on a shipment; the rest is unshipped.
stock_reservations = Table(
    "stock_reservations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("product_size_id", ForeignKey("product_sizes.id"), nullable=False, index=True),
    Column("state", String(16), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("in_shipment", Boolean, nullable=False, server_default="0"),
    Column("purchase_order_line_id", ForeignKey("purchase_order_lines.id"), index=True),
    #: The order (or other claimant) this belongs to, for people reading the data.
    Column("reference", String(255)),
    *timestamps(),
    CheckConstraint("state IN ('ALLOCATED', 'DEMAND', 'LINKED')", name="state"),
    CheckConstraint("quantity > 0", name="quantity"),
    CheckConstraint(
        "(state = 'LINKED') = (purchase_order_line_id IS NOT NULL)", name="linked_line"
    ),
    Index("ix_stock_reservations_warehouse_size", "warehouse_id", "product_size_id"),
)

# --- supply ----------------------------------------------------------------------------

suppliers = Table(
    "suppliers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("address", Text),
    Column("comment", Text),
    Column("warehouse_id", ForeignKey("warehouses.id")),
    *timestamps(),
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("supplier_id", ForeignKey("suppliers.id"), nullable=False, index=True),
    #: Where the goods are expected: incoming stock counts in this warehouse.
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("internal_comment", Text),
    #: Postal addresses as free text, copied when the order is made: where the goods go (by
    #: default the warehouse's address) and the supplier's (by default its address then).
    Column("shipping_address", Text),
    Column("supplier_address", Text),
    Column("expected_delivery_date", utc_timestamp()),
    Column("currency_id", ForeignKey("currencies.id")),
    *timestamps(),
    CheckConstraint("status IN ('OPEN', 'COMPLETED', 'CANCELLED')", name="status"),
)

purchase_order_lines = Table(
    "purchase_order_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("purchase_order_id", ForeignKey("purchase_orders.id"), nullable=False, index=True),
    Column("product_size_id", ForeignKey("product_sizes.id"), nullable=False, index=True),
    Column("quantity", Integer, nullable=False),
    Column("unit_cost_minor", BigInteger),
    Column("position", Integer, nullable=False),
    CheckConstraint("quantity > 0", name="quantity"),
)

purchase_order_deliveries = Table(
    "purchase_order_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("purchase_order_id", ForeignKey("purchase_orders.id"), nullable=False, index=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False, index=True),
    #: ``CREATED``: announced, on its way (counts as on delivery); ``INSERTED``: accepted into
    #: the warehouse (its quantities were added to physical stock and left incoming).
    Column("status", String(16), nullable=False),
    *timestamps(),
    CheckConstraint("status IN ('CREATED', 'INSERTED', 'CANCELLED')", name="status"),
)

purchase_order_delivery_lines = Table(
    "purchase_order_delivery_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "purchase_order_delivery_id",
        ForeignKey("purchase_order_deliveries.id"),
        nullable=False,
        index=True,
    ),
    Column(
        "purchase_order_line_id", ForeignKey("purchase_order_lines.id"), nullable=False, index=True
    ),
    Column("quantity", Integer, nullable=False),
    Column("unit_cost_minor", BigInteger),
    Column("landed_cost_minor", BigInteger),
    Column("customs_value_minor", BigInteger),
    CheckConstraint("quantity > 0", name="quantity"),
)

# --- stock ledger and idempotency keys (mercato.stock writes) -------------------------

#: One write of stock (setStock or changeStock): the ledger's header. ``type`` is the API's
#: ``WarehouseDeliveryType``: SET (absolute levels), DELIVERY (goods in), CORRECTION (a
#: relative change that is not a plain delivery) or TRANSFER (out of one warehouse into
#: another). ``warehouse_id`` is the warehouse written (a transfer's destination).
stock_changes = Table(
    "stock_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(16), nullable=False),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False, index=True),
    Column("description", Text),
    Column("reason", String(255)),
    Column("external_reference", String(255)),
    Column("created_at", utc_timestamp(), nullable=False),
    #: A transfer's source warehouse (``warehouse_id`` is its destination); null otherwise.
    Column("source_warehouse_id", ForeignKey("warehouses.id"), index=True),
    CheckConstraint("type IN ('SET', 'DELIVERY', 'CORRECTION', 'TRANSFER')", name="type"),
)

#: One product size's change within a stock change: ``delivered_quantity`` is the change of
#: physical stock (negative when stock left), ``physical_quantity`` and
#: ``free_to_allocate_quantity`` what the warehouse held of the size right after it.
stock_change_lines = Table(
    "stock_change_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stock_change_id", ForeignKey("stock_changes.id"), nullable=False, index=True),
    #: Not foreign keys: PostgreSQL checks a foreign key per inserted row, which doubled the
    #: cost of a 10,000-line write. The service writes only ids it resolved in the same
    #: transaction, and warehouses and product sizes are never deleted.
    Column("warehouse_id", Integer, nullable=False),
    Column("product_size_id", Integer, nullable=False, index=True),
    Column("delivered_quantity", Integer, nullable=False),
    Column("physical_quantity", Integer, nullable=False),
    Column("free_to_allocate_quantity", Integer, nullable=False),
    Column("unit_cost_minor", BigInteger),
    Column("currency_id", ForeignKey("currencies.id")),
    #: The currency's conversion rate to the base currency when the change was written.
    Column("currency_base_rate", Float),
)
