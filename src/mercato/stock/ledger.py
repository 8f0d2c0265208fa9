"""The stock ledger: one StockChange per write and one line per product size and warehouse
it changed, inserted with two statements however many lines there are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert

from mercato.db import stock_tables
from mercato.db.dialect import SqlDialect

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
    #: A transfer's source (``warehouse_id`` is its destination), so that the change is
    #: listed under both warehouses by an indexed column.
    source_warehouse_id: int | None = None


class Line(NamedTuple):
    """A ledger line; a named tuple whose field order is that of ``LINE_COLUMNS`` (a write
    may carry 10,000 of them)."""

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
    connection: Connection,
    sql: SqlDialect,
    header: ChangeHeader,
    lines: Sequence[Line],
    now: datetime,
) -> int:
    """Insert the stock change and its lines (in the given order); its id."""
    change_id = record_change(connection, header, now)
    if lines:
        names = ", ".join(name for name, _ in LINE_COLUMNS)
        if sql.postgresql:
            source = sql.rows("t", LINE_COLUMNS, lines)
            selected = ", ".join(f"t.{name}" for name, _ in LINE_COLUMNS)
            sql.execute(
                connection,
                f"INSERT INTO stock_change_lines (stock_change_id, {names}) "
                f"SELECT ?, {selected} FROM {source.sql}",
                [change_id, *source.parameters],
            )
        else:
            # executemany: SQLite steps one prepared INSERT per line in C. Lines without
            # costs (every line of a setStock) leave the three cost columns to their NULL.
            width = len(LINE_COLUMNS) if any(line.currency_id for line in lines) else 5
            columns = ", ".join(name for name, _ in LINE_COLUMNS[:width])
            marks = ", ".join("?" for _ in range(width))
            sql.execute_many(
                connection,
                f"INSERT INTO stock_change_lines (stock_change_id, {columns}) VALUES (?, {marks})",
                [(change_id, *line[:width]) for line in lines],
            )
    return change_id


#: SQLite: a line without costs as one parameter row of ``insert_lines_without_costs``.
LINE_WITHOUT_COSTS = (
    "INSERT INTO stock_change_lines (stock_change_id, warehouse_id, product_size_id, "
    "delivered_quantity, physical_quantity, free_to_allocate_quantity) VALUES (?, ?, ?, ?, ?, ?)"
)


def insert_lines_without_costs(
    connection: Connection, sql: SqlDialect, rows: Sequence[tuple[int, int, int, int, int, int]]
) -> None:
    """SQLite: lines given ready as (stock change, warehouse, product size, delivered,
    physical, free to allocate), one ``executemany`` (a 10,000-row setStock builds them
    once, with no intermediate ``Line``)."""
    if rows:
        sql.execute_many(connection, LINE_WITHOUT_COSTS, rows)


#: SQLite: a stock change by plain SQL (no SQLAlchemy statement built per write).
CHANGE_SQLITE = (
    "INSERT INTO stock_changes (type, warehouse_id, description, reason, external_reference, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"
)


def record_change_sqlite(
    connection: Connection, sql: SqlDialect, header: ChangeHeader, stamp: object
) -> int:
    """SQLite: insert the stock change alone, ``stamp`` being ``sql.timestamp(now)``; its id."""
    [(change_id,)] = sql.fetch_all(
        connection,
        CHANGE_SQLITE,
        [
            header.type,
            header.warehouse_id,
            header.description,
            header.reason,
            header.external_reference,
            stamp,
        ],
    )
    return int(change_id)


def record_change(connection: Connection, header: ChangeHeader, now: datetime) -> int:
    """Insert the stock change alone; its id."""
    changes = stock_tables.stock_changes
    change_id: int = connection.execute(
        insert(changes)
        .values(
            type=header.type,
            warehouse_id=header.warehouse_id,
            description=header.description,
            reason=header.reason,
            external_reference=header.external_reference,
            source_warehouse_id=header.source_warehouse_id,
            created_at=now,
        )
        .returning(changes.c.id)
    ).scalar_one()
    return change_id
