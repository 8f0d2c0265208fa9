"""Shared documents and readers of the stock-write tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select

from mercato.clock import utc_now
from mercato.db import kernel_tables, stock_tables
from mercato.db.database import Database

#: Demo warehouses (mercato.cli.demo).
DEFAULT_WAREHOUSE = 1
WHOLESALE_WAREHOUSE = 2

CHANGE_FIELDS = """
    id type description comment reason externalReference warehouse { id }
    lines { deliveredQuantity freeToAllocateQuantity physicalQuantity productSize { id }
            warehouse { id } unitCost { value currency { code } } currencyBaseRate }"""

SET_STOCK = f"""mutation Set($input: StockSetInput!) {{
  setStock(input: $input) {{
    stockChanges {{ {CHANGE_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

CHANGE_STOCK = f"""mutation Change($input: StockChangeInput!) {{
  changeStock(input: $input) {{
    stockChange {{ {CHANGE_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""


def levels(variant_id: int, *sizes: tuple[str, int], **extra: Any) -> dict[str, Any]:
    """A productVariants entry of setStock: sizes by name."""
    return {
        "productVariant": {"id": variant_id},
        "sizeStockLevels": [{"size": {"name": name}, "quantity": q, **extra} for name, q in sizes],
    }


def changes(variant_id: int, *sizes: tuple[str, int], **extra: Any) -> dict[str, Any]:
    return {
        "productVariant": {"id": variant_id},
        "sizeChanges": [{"size": {"name": name}, "deliveredQuantity": q} for name, q in sizes],
        **extra,
    }


def physical(database: Database, warehouse_id: int, product_size_id: int) -> int:
    stock = stock_tables.stock
    with database.engine.connect() as connection:
        value = connection.execute(
            select(stock.c.physical_quantity).where(
                stock.c.warehouse_id == warehouse_id, stock.c.product_size_id == product_size_id
            )
        ).scalar_one_or_none()
    return int(value or 0)


def snapshot(database: Database) -> tuple[Any, ...]:
    """Everything a stock write may change: stock rows, ledger and key counts."""
    stock = stock_tables.stock
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(
                stock.c.warehouse_id, stock.c.product_size_id, stock.c.physical_quantity
            ).order_by(stock.c.warehouse_id, stock.c.product_size_id)
        ).all()
        counts = tuple(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (
                stock_tables.stock_changes,
                stock_tables.stock_change_lines,
                kernel_tables.idempotency_keys,
            )
        )
    return tuple(tuple(r) for r in rows), counts


def allocate(database: Database, warehouse_id: int, product_size_id: int, quantity: int) -> None:
    """An order's allocation (orders are a later issue: written straight to the table)."""
    now = utc_now()
    with database.write() as connection:
        connection.execute(
            insert(stock_tables.stock_reservations).values(
                warehouse_id=warehouse_id,
                product_size_id=product_size_id,
                state="ALLOCATED",
                quantity=quantity,
                created_at=now,
                updated_at=now,
            )
        )


def without_ids(lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in line.items() if k != "id"} for line in lines]
