"""Demo supply data, created through the services, against the catalog's products:

- two suppliers, "Nordic Knitwear AB" (goods to the Default Warehouse) and "Atlantic Cotton
  Ltd";
- purchase order PO-1001 to Nordic Knitwear for every size of the first product variant
  (20 each, 150 SEK per item): delivery PO-1001-1 (10 each) accepted into the warehouse,
  delivery PO-1001-2 (5 each) on its way;
- purchase order PO-1002 to Atlantic Cotton for every size of the second variant (12 each,
  9.50 EUR per item), nothing delivered yet (all incoming).

The purchase orders need products: with an empty catalog only the suppliers are created
(load the catalog first). Idempotent: nothing happens when "Nordic Knitwear AB" exists."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, select

from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables as supply_tables
from mercato.db import tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.supply.deliveries import (
    DeliveryCreate,
    DeliveryLineInput,
    accept_delivery,
    create_delivery,
)
from mercato.supply.purchase_orders import (
    PurchaseOrderCreate,
    PurchaseOrderLineInput,
    create_purchase_order,
)
from mercato.supply.suppliers import SupplierCreate, create_supplier

NORDIC = "Nordic Knitwear AB"
ATLANTIC = "Atlantic Cotton Ltd"


def load_supply_demo(database: Database) -> bool:
    """Load the demo unless it is there already; True when it was loaded now."""
    writer = Writer.system(database, "demo")
    with database.read_core() as connection:
        present = connection.execute(
            select(supply_tables.suppliers.c.id).where(supply_tables.suppliers.c.name == NORDIC)
        ).first()
        if present is not None:
            return False
        warehouse_id = _default_warehouse(connection)
        variants = _first_variants_sizes(connection, 2)
    warehouse = None if warehouse_id is None else Reference(id=warehouse_id)
    nordic = create_supplier(
        writer,
        SupplierCreate(
            NORDIC,
            address="Nordic Knitwear AB\nVävaregatan 4\n503 38 Borås\nSweden",
            comment="Knitwear; lead time 6 weeks.",
            warehouse=warehouse,
        ),
    )
    atlantic = create_supplier(
        writer,
        SupplierCreate(
            ATLANTIC,
            address="Atlantic Cotton Ltd\n12 Dock Road\nPorto\nPortugal",
            warehouse=warehouse,
        ),
    )
    if warehouse is None or not variants:
        return True
    first = create_purchase_order(
        writer,
        PurchaseOrderCreate(
            nordic,
            [PurchaseOrderLineInput(Reference(id=s), 20, Decimal("150")) for s in variants[0]],
            number="PO-1001",
            internal_comment="Autumn restock.",
        ),
    )
    line_ids = _line_ids(database, first)
    accepted = create_delivery(
        writer,
        DeliveryCreate(
            first,
            [
                DeliveryLineInput(
                    i, 10, landed_cost=Decimal("172.50"), customs_value=Decimal("150")
                )
                for i in line_ids
            ],
        ),
    )
    accept_delivery(writer, accepted)
    create_delivery(writer, DeliveryCreate(first, [DeliveryLineInput(i, 5) for i in line_ids]))
    if len(variants) > 1:
        create_purchase_order(
            writer,
            PurchaseOrderCreate(
                atlantic,
                [PurchaseOrderLineInput(Reference(id=s), 12, Decimal("9.50")) for s in variants[1]],
                number="PO-1002",
                currency_iso_code="EUR",
            ),
        )
    return True


def _default_warehouse(connection: Connection) -> int | None:
    warehouses = tables.warehouses
    found: int | None = connection.execute(
        select(warehouses.c.id)
        .order_by(
            (warehouses.c.name != "Default Warehouse"), warehouses.c.custom_sort, warehouses.c.id
        )
        .limit(1)
    ).scalar_one_or_none()
    return found


def _first_variants_sizes(connection: Connection, count: int) -> list[list[int]]:
    """The product size ids of the first ``count`` variants that have sizes."""
    sizes = catalog.product_sizes
    variant_ids = list(
        connection.execute(
            select(sizes.c.product_variant_id)
            .distinct()
            .order_by(sizes.c.product_variant_id)
            .limit(count)
        ).scalars()
    )
    rows = connection.execute(
        select(sizes.c.product_variant_id, sizes.c.id)
        .where(sizes.c.product_variant_id.in_(variant_ids))
        .order_by(sizes.c.product_variant_id, sizes.c.id)
    ).all()
    by_variant: dict[int, list[int]] = {}
    for variant_id, size_id in rows:
        by_variant.setdefault(variant_id, []).append(size_id)
    return list(by_variant.values())


def _line_ids(database: Database, purchase_order_id: int) -> list[int]:
    lines = supply_tables.purchase_order_lines
    with database.read_core() as connection:
        return list(
            connection.execute(
                select(lines.c.id)
                .where(lines.c.purchase_order_id == purchase_order_id)
                .order_by(lines.c.position)
            ).scalars()
        )
