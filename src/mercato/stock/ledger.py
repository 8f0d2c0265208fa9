"""The stock ledger: one StockChange per write and one line per product size and warehouse
it changed, inserted with two statements however many lines there are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert

from mercato.db import stock_tables
from mercato.stock.sql import Sql

#: ``WarehouseDeliveryType`` values (docs/compatibility.md, "Stock").
SET = "SET"
DELIVERY = "DELIVERY"
CORRECTION = "CORRECTION"
TRANSFER = "TRANSFER"


@dataclass(frozen=True)
class ChangeHeader:
    type: str
    warehouse_id: int
    description: str | None
    reason: str | None
    external_reference: str | None


@dataclass(frozen=True)
class Line:
    warehouse_id: int
    product_size_id: int
    delivered_quantity: int
    physical_quantity: int
    free_to_allocate_quantity: int
    unit_cost_minor: int | None = None
    currency_id: int | None = None
    currency_base_rate: float | None = None


LINE_COLUMNS = (
    ("warehouse_id", "int"),
    ("product_size_id", "int"),
    ("delivered_quantity", "int"),
    ("physical_quantity", "int"),
    ("free_to_allocate_quantity", "int"),
    ("unit_cost_minor", "bigint"),
    ("currency_id", "int"),
    ("currency_base_rate", "float8"),
)


def record(
    connection: Connection, sql: Sql, header: ChangeHeader, lines: Sequence[Line], now: datetime
) -> int:
    """Insert the stock change and its lines (in the given order); its id."""
    changes = stock_tables.stock_changes
    change_id: int = connection.execute(
        insert(changes)
        .values(
            type=header.type,
            warehouse_id=header.warehouse_id,
            description=header.description,
            reason=header.reason,
            external_reference=header.external_reference,
            created_at=now,
        )
        .returning(changes.c.id)
    ).scalar_one()
    if lines:
        names = ", ".join(name for name, _ in LINE_COLUMNS)
        source = sql.rows(
            "t",
            LINE_COLUMNS,
            [
                (
                    line.warehouse_id,
                    line.product_size_id,
                    line.delivered_quantity,
                    line.physical_quantity,
                    line.free_to_allocate_quantity,
                    line.unit_cost_minor,
                    line.currency_id,
                    line.currency_base_rate,
                )
                for line in lines
            ],
        )
        selected = ", ".join(f"t.{name}" for name, _ in LINE_COLUMNS)
        sql.execute(
            connection,
            f"INSERT INTO stock_change_lines (stock_change_id, {names}) "
            f"SELECT ?, {selected} FROM {source.sql}",
            [change_id, *source.parameters],
        )
    return change_id
