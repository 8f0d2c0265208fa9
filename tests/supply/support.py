"""Helpers of the supply tests: a small supply set-up made through the services, the
client's query, and snapshots of the supply and stock tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from mercato.clock import utc_now
from mercato.db import stock_tables, tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.supply.deliveries import DeliveryCreate, DeliveryLineInput, create_delivery
from mercato.supply.purchase_orders import (
    PurchaseOrderCreate,
    PurchaseOrderLineInput,
    create_purchase_order,
)
from mercato.supply.suppliers import SupplierCreate, create_supplier
from tests.factories import MadeProduct, make_product

DEFAULT_WAREHOUSE = 1

#: The fields the TypeScript CentraConnector reads of deliveries (tests/clients has its
#: document verbatim).
CLIENT_DELIVERIES = """
query($page: Int) {
  purchaseOrderDeliveries(limit: 100, page: $page, where: {status: INSERTED}) { id number status createdAt supplier { id name } warehouse { id name } purchaseOrder { id createdAt } lines { quantity unitCost { value currency { code } } landedCost { value currency { code } } customsValue { value currency { code } } productSize { id EAN SKU sizeNumber } product { id name } productVariant { id name variantNumber } } }
}"""


@dataclass(frozen=True)
class Supply:
    product: MadeProduct
    supplier_id: int
    purchase_order_id: int
    #: purchase order line ids, one per size of the product's first variant
    line_ids: list[int]


def order_lines(database: Database, purchase_order_id: int) -> list[int]:
    lines = stock_tables.purchase_order_lines
    with database.engine.connect() as connection:
        return list(
            connection.execute(
                select(lines.c.id)
                .where(lines.c.purchase_order_id == purchase_order_id)
                .order_by(lines.c.position)
            ).scalars()
        )


def make_supply(
    database: Database,
    name: str = "Acme Knits",
    *,
    quantity: int = 10,
    unit_cost: Decimal | None = Decimal("12.50"),
    currency: str | None = None,
) -> Supply:
    """A supplier, a product (2 variants, sizes S M L) and an open purchase order for every
    size of the first variant, ``quantity`` each."""
    product = make_product(database, f"{name} sweater")
    supplier_id = create_supplier(
        Writer.system(database),
        SupplierCreate(
            name,
            address=f"{name}\nMill Street 1",
            comment="Pays late",
            warehouse=Reference(id=DEFAULT_WAREHOUSE),
        ),
    )
    order_id = create_purchase_order(
        Writer.system(database),
        PurchaseOrderCreate(
            supplier_id,
            [
                PurchaseOrderLineInput(Reference(id=size_id), quantity, unit_cost)
                for size_id in product.size_ids[0]
            ],
            internal_comment="Secret",
            currency_iso_code=currency,
        ),
    )
    return Supply(product, supplier_id, order_id, order_lines(database, order_id))


def deliver(database: Database, supply: Supply, quantity: int, **costs: Any) -> int:
    """A delivery on its way of ``quantity`` of every line of the supply's order."""
    return create_delivery(
        Writer.system(database),
        DeliveryCreate(
            supply.purchase_order_id,
            [DeliveryLineInput(line_id, quantity, **costs) for line_id in supply.line_ids],
        ),
    )


def snapshot(database: Database) -> dict[str, Any]:
    """Every row of the supply tables and of physical stock, in a stable order."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in (
                stock_tables.suppliers,
                stock_tables.purchase_orders,
                stock_tables.purchase_order_lines,
                stock_tables.purchase_order_deliveries,
                stock_tables.purchase_order_delivery_lines,
                stock_tables.stock,
            )
        }


def physical(database: Database) -> dict[tuple[int, int], int]:
    """(warehouse id, product size id) -> physical quantity."""
    stock = stock_tables.stock
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(stock.c.warehouse_id, stock.c.product_size_id, stock.c.physical_quantity)
        ).all()
    return {(row[0], row[1]): row[2] for row in rows}


def link_reservation(database: Database, supply: Supply, quantity: int) -> None:
    """An order's quantity linked to the supply's first purchase order line."""
    now = utc_now()
    with database.write() as connection:
        connection.execute(
            insert(stock_tables.stock_reservations).values(
                warehouse_id=DEFAULT_WAREHOUSE,
                product_size_id=supply.product.size_ids[0][0],
                state="LINKED",
                quantity=quantity,
                purchase_order_line_id=supply.line_ids[0],
                reference="order 1",
                created_at=now,
                updated_at=now,
            )
        )


def external_id(
    database: Database, integration: str, object_type: str, internal_id: int, value: str
) -> None:
    with database.write() as connection:
        connection.execute(
            insert(tables.id_conversions).values(
                integration_name=integration,
                object_type=object_type,
                internal_id=internal_id,
                external_id=value,
            )
        )
