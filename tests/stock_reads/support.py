"""Helpers of the stock-read tests: facts put straight into the tables (stock levels, supply)
or through the reservation service, and the GraphQL selections the tests read."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import Any

from sqlalchemy import insert

from mercato.clock import utc_now
from mercato.db import stock_tables as stock
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.stock.reservations import Reservation, reserve

DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE, RETAIL_WAREHOUSE = 1, 2, 3
RETAIL_RULE, WHOLESALE_RULE = 1, 2

QUANTITIES = (
    "freeToAllocateQuantity physicalQuantity allocatedQuantity demandQuantity "
    "unshippedQuantity availableNowQuantity incomingQuantity linkedIncomingQuantity "
    "unlinkedIncomingQuantity onDeliveryQuantity availableQuantity"
)

_numbers = count(1)


def claim(
    database: Database,
    warehouse_id: int,
    product_size_id: int,
    state: str,
    quantity: int,
    *,
    in_shipment: bool = False,
    line_id: int | None = None,
) -> int:
    return reserve(
        Writer.system(database),
        Reservation(
            warehouse_id=warehouse_id,
            product_size_id=product_size_id,
            state=state,
            quantity=quantity,
            in_shipment=in_shipment,
            purchase_order_line_id=line_id,
            reference="order",
        ),
    )


def purchase_order(
    database: Database,
    warehouse_id: int,
    lines: Sequence[tuple[int, int]],
    status: str = "OPEN",
) -> list[int]:
    """A purchase order of (product size, quantity) lines; returns the line ids."""
    now = utc_now()
    number = next(_numbers)
    with database.write() as connection:
        supplier_id = connection.execute(
            insert(stock.suppliers)
            .values(name=f"Supplier {number}", created_at=now, updated_at=now)
            .returning(stock.suppliers.c.id)
        ).scalar_one()
        order_id = connection.execute(
            insert(stock.purchase_orders)
            .values(
                number=f"PO-{number}",
                supplier_id=supplier_id,
                warehouse_id=warehouse_id,
                status=status,
                created_at=now,
                updated_at=now,
            )
            .returning(stock.purchase_orders.c.id)
        ).scalar_one()
        return [
            connection.execute(
                insert(stock.purchase_order_lines)
                .values(
                    purchase_order_id=order_id,
                    product_size_id=size_id,
                    quantity=quantity,
                    position=position,
                )
                .returning(stock.purchase_order_lines.c.id)
            ).scalar_one()
            for position, (size_id, quantity) in enumerate(lines)
        ]


def delivery(
    database: Database,
    warehouse_id: int,
    lines: Sequence[tuple[int, int]],
    status: str,
) -> int:
    """A delivery of (purchase order line, quantity) lines of one purchase order."""
    now = utc_now()
    with database.write() as connection:
        order_id = connection.execute(
            stock.purchase_order_lines.select()
            .with_only_columns(stock.purchase_order_lines.c.purchase_order_id)
            .where(stock.purchase_order_lines.c.id == lines[0][0])
        ).scalar_one()
        delivery_id: int = connection.execute(
            insert(stock.purchase_order_deliveries)
            .values(
                number=f"D-{next(_numbers)}",
                purchase_order_id=order_id,
                warehouse_id=warehouse_id,
                status=status,
                created_at=now,
                updated_at=now,
            )
            .returning(stock.purchase_order_deliveries.c.id)
        ).scalar_one()
        connection.execute(
            insert(stock.purchase_order_delivery_lines),
            [
                {
                    "purchase_order_delivery_id": delivery_id,
                    "purchase_order_line_id": line_id,
                    "quantity": quantity,
                }
                for line_id, quantity in lines
            ],
        )
    return delivery_id


def size_stock(api: Any, size_id: int, where: str = "") -> list[dict[str, Any]]:
    argument = f"(where: {where})" if where else ""
    query = (
        f"query($id: Int!) {{ productSizes(where: {{id: [$id]}}) {{ stock{argument} "
        f"{{ warehouse {{ id }} {QUANTITIES} }} }} }}"
    )
    rows: list[dict[str, Any]] = api.ok(query, {"id": size_id})["productSizes"][0]["stock"]
    return rows


def size_totals(api: Any, size_id: int, where: str = "") -> dict[str, int]:
    argument = f"(where: {where})" if where else ""
    query = (
        f"query($id: Int!) {{ productSizes(where: {{id: [$id]}}) {{ stockTotals{argument} "
        f"{{ {QUANTITIES} }} }} }}"
    )
    totals: dict[str, int] = api.ok(query, {"id": size_id})["productSizes"][0]["stockTotals"]
    return totals
