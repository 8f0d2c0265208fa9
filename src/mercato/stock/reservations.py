"""Reservations: what orders claim of a warehouse's stock of a product size
(``stock_reservations``). Orders (a later issue) call these; until then tests and demos do.

Rules: the quantity is at least 1; the state is ``ALLOCATED`` (taken from physical stock),
``DEMAND`` (back- or preordered) or ``LINKED`` (waiting for a purchase order line, which must
be of the same product size, on an open purchase order for the same warehouse). An
allocation never takes more than the warehouse's free-to-allocate stock of the size: the
stock row is locked (PostgreSQL; SQLite's write transaction holds the database) while the
claim is checked and written, so concurrent allocations cannot oversell.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, delete, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables as stock
from mercato.db import tables
from mercato.db.dialect import SqlDialect
from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import UserInputError
from mercato.stock import quantities

STATES = ("ALLOCATED", "DEMAND", "LINKED")


@dataclass(frozen=True)
class Reservation:
    warehouse_id: int
    product_size_id: int
    state: str
    quantity: int
    in_shipment: bool = False
    purchase_order_line_id: int | None = None
    #: The claimant (e.g. an order number), for people reading the data.
    reference: str | None = None


def reserve(writer: Writer, command: Reservation) -> int:
    """Record a claim in a unit of work of its own; returns its id."""
    with writer.begin("Stock") as work:
        return claim(work, command)


def claim(work: UnitOfWork, command: Reservation) -> int:
    """Record a claim inside the caller's unit of work (an order's, say); returns its id.
    ``UserInputError`` when a rule is broken."""
    if command.state not in STATES:
        raise UserInputError.single(f"Unknown reservation state {command.state}.", "state")
    if not 1 <= command.quantity <= LARGEST_INT:
        raise UserInputError.single(
            f"A reservation is of at least 1 and at most {LARGEST_INT}.", "quantity"
        )
    if (command.state == "LINKED") != (command.purchase_order_line_id is not None):
        raise UserInputError.single(
            "A LINKED reservation, and only one, names its purchase order line.",
            "purchaseOrderLine",
        )
    connection = work.connection
    _require(connection, tables.warehouses, command.warehouse_id, "warehouse")
    _require(connection, catalog.product_sizes, command.product_size_id, "productSize")
    if command.purchase_order_line_id is not None:
        _require_line(connection, command)
    if command.state == "ALLOCATED":
        _require_free(connection, command)
    reservation_id: int = connection.execute(
        insert(stock.stock_reservations)
        .values(
            warehouse_id=command.warehouse_id,
            product_size_id=command.product_size_id,
            state=command.state,
            quantity=command.quantity,
            in_shipment=command.in_shipment,
            purchase_order_line_id=command.purchase_order_line_id,
            reference=command.reference,
            created_at=work.now,
            updated_at=work.now,
        )
        .returning(stock.stock_reservations.c.id)
    ).scalar_one()
    return reservation_id


def mark_shipped(writer: Writer, reservation_id: int, in_shipment: bool = True) -> None:
    """Put a claim on a shipment (it leaves unshipped) or take it off."""
    with writer.begin("Stock") as work:
        connection = work.connection
        changed = connection.execute(
            update(stock.stock_reservations)
            .where(stock.stock_reservations.c.id == reservation_id)
            .values(in_shipment=in_shipment, updated_at=utc_now())
        ).rowcount
    if changed == 0:
        raise UserInputError.single(f"Reservation {reservation_id} does not exist.", "id")


def release(writer: Writer, reservation_id: int) -> None:
    """Remove a claim (the order line was cancelled, or shipped and completed)."""
    with writer.begin("Stock") as work:
        connection = work.connection
        removed = connection.execute(
            delete(stock.stock_reservations).where(stock.stock_reservations.c.id == reservation_id)
        ).rowcount
    if removed == 0:
        raise UserInputError.single(f"Reservation {reservation_id} does not exist.", "id")


def _require(connection: Connection, table: Table, value: int, member: str) -> None:
    found = connection.execute(select(table.c.id).where(table.c.id == value)).first()
    if found is None:
        raise UserInputError.single(f"{member} {value} does not exist.", member)


def _require_line(connection: Connection, command: Reservation) -> None:
    lines, orders = stock.purchase_order_lines, stock.purchase_orders
    line = connection.execute(
        select(lines.c.product_size_id, orders.c.warehouse_id, orders.c.status)
        .join(orders, orders.c.id == lines.c.purchase_order_id)
        .where(lines.c.id == command.purchase_order_line_id)
    ).first()
    if (
        line is None
        or line.product_size_id != command.product_size_id
        or line.warehouse_id != command.warehouse_id
        or line.status != "OPEN"
    ):
        raise UserInputError.single(
            "Link to a line of the same product size on an open purchase order for the same "
            "warehouse.",
            "purchaseOrderLine",
        )


def free_to_allocate_locked(connection: Connection, warehouse_id: int, product_size_id: int) -> int:
    """The warehouse's free-to-allocate stock of the size, by the read model's formula
    (``mercato.stock.quantities``), with its stock row locked (PostgreSQL; SQLite's write
    transaction holds the database) so that a claim checked against it cannot oversell."""
    physical = connection.execute(
        select(stock.stock.c.physical_quantity)
        .where(
            stock.stock.c.warehouse_id == warehouse_id,
            stock.stock.c.product_size_id == product_size_id,
        )
        .with_for_update()
    ).scalar_one_or_none()
    # Read after the lock is held: under READ COMMITTED a statement sees what committed
    # before it started, so an allocation committed while the lock waited is counted.
    sql = SqlDialect.of(connection)
    allocated = sql.fetch_all(
        connection, f"SELECT {quantities.allocated_sum('?', '?')}", [warehouse_id, product_size_id]
    )[0][0]
    return quantities.free_to_allocate(physical or 0, allocated, 0)


def _require_free(connection: Connection, command: Reservation) -> None:
    free = free_to_allocate_locked(connection, command.warehouse_id, command.product_size_id)
    if command.quantity > free:
        raise UserInputError.single(
            f"Only {max(free, 0)} free to allocate in warehouse {command.warehouse_id}.",
            "quantity",
        )
