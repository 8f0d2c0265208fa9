"""Delivery use cases: ``create_delivery``, ``accept_delivery`` and ``cancel_delivery``.

A delivery announces goods of one purchase order on their way to the order's warehouse
(status ``CREATED``: they count as on delivery). Accepting it (``INSERTED``) adds its
quantities to the warehouse's physical stock, with one set-based upsert on ``stock``; once
every line of the order is fully accepted, the order becomes ``COMPLETED``. A delivery on its
way can be cancelled (``CANCELLED``); an accepted one cannot.

Rules: the order is open; each line names a line of that order and a positive quantity; what
a delivery carries of an order line, together with the order's other deliveries that are not
cancelled, never exceeds what was ordered. Costs are in the order's currency; the unit cost
defaults to the order line's. Every write that depends on what is delivered of an order locks
the order's row first (``lock_purchase_order``), so concurrent deliveries never both pass the
quantity check and a delivery is accepted exactly once.

Accepting a delivery does not write the stock ledger yet (StockChange, built separately); the
stock change of an accepted delivery is to be recorded through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from sqlalchemy import Connection, and_, exists, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mercato.clock import utc_now
from mercato.db import stock_tables as supply_tables
from mercato.db.dialect import SqlDialect
from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import Writer
from mercato.errors import UserError, UserInputError
from mercato.stock import ledger
from mercato.supply.common import (
    MAX_NUMBER_LENGTH,
    Amount,
    Path,
    base_currency,
    check_quantity,
    currency_by_id,
    lock_purchase_order,
    to_minor_units,
    valid_text,
)

MAX_LINES = 1000

_deliveries = supply_tables.purchase_order_deliveries
_delivery_lines = supply_tables.purchase_order_delivery_lines
_order_lines = supply_tables.purchase_order_lines
_orders = supply_tables.purchase_orders


@dataclass(frozen=True)
class DeliveryLineInput:
    purchase_order_line_id: int
    quantity: int
    #: In the order's currency; by default the order line's unit cost.
    unit_cost: Amount | None = None
    landed_cost: Amount | None = None
    customs_value: Amount | None = None


@dataclass(frozen=True)
class DeliveryCreate:
    purchase_order_id: int
    lines: Sequence[DeliveryLineInput]
    #: Unique; by default ``<order number>-<n>`` for the order's n-th delivery.
    number: str | None = None


@dataclass(frozen=True)
class DeliveryAccepted:
    delivery_id: int
    purchase_order_id: int
    #: Whether accepting it completed the purchase order.
    purchase_order_completed: bool


@dataclass(frozen=True)
class _OrderLine:
    id: int
    quantity: int
    unit_cost_minor: int | None
    #: In deliveries of the order that are not cancelled.
    delivered: int


def create_delivery(writer: Writer, command: DeliveryCreate) -> int:
    number = (
        None
        if command.number is None
        else valid_text(command.number, "A delivery number", ("input", "number"), MAX_NUMBER_LENGTH)
    )
    if not command.lines:
        raise UserInputError.single("A delivery needs at least one line.", "input", "lines")
    if len(command.lines) > MAX_LINES:
        raise UserInputError.single(f"A delivery has at most {MAX_LINES} lines.", "input", "lines")
    with writer.begin("PurchaseOrderDelivery") as work:
        connection = work.connection
        order = lock_purchase_order(
            connection, command.purchase_order_id, ("input", "purchaseOrder")
        )
        if order.status != "OPEN":
            raise UserInputError.single(
                f"Purchase order {order.number} is {order.status}: only an open order can be "
                "delivered.",
                "input",
                "purchaseOrder",
            )
        if number is None:
            number = _next_number(connection, order.id, order.number)
        elif connection.execute(
            select(_deliveries.c.id).where(_deliveries.c.number == number)
        ).first():
            raise UserInputError.single(
                f'A delivery numbered "{number}" exists already.', "input", "number"
            )
        rows = _checked_lines(connection, order.id, order.currency_id, command.lines)
        # Every rule is checked above: nothing is written when the request is refused.
        now = utc_now()
        delivery_id: int = connection.execute(
            insert(_deliveries)
            .values(
                number=number,
                purchase_order_id=order.id,
                warehouse_id=order.warehouse_id,
                status="CREATED",
                created_at=now,
                updated_at=now,
            )
            .returning(_deliveries.c.id)
        ).scalar_one()
        connection.execute(
            insert(_delivery_lines),
            [{**row, "purchase_order_delivery_id": delivery_id} for row in rows],
        )
    return delivery_id


def accept_delivery(writer: Writer, delivery_id: int) -> DeliveryAccepted:
    with writer.begin("PurchaseOrderDelivery") as work:
        connection = work.connection
        order_id = _order_of(connection, delivery_id)
        lock_purchase_order(connection, order_id, ())
        status = connection.execute(
            select(_deliveries.c.status).where(_deliveries.c.id == delivery_id)
        ).scalar_one()
        if status != "CREATED":
            raise UserInputError.single(
                f"Delivery {delivery_id} is {status}: only a delivery on its way can be accepted."
            )
        now = utc_now()
        connection.execute(
            update(_deliveries)
            .where(_deliveries.c.id == delivery_id, _deliveries.c.status == "CREATED")
            .values(status="INSERTED", updated_at=now)
        )
        _add_to_stock(connection, writer.database.dialect, delivery_id, now)
        _record_in_ledger(connection, delivery_id, now)
        completed = _complete_if_delivered(connection, order_id, now)
    return DeliveryAccepted(delivery_id, order_id, completed)


def cancel_delivery(writer: Writer, delivery_id: int) -> None:
    with writer.begin("PurchaseOrderDelivery") as work:
        connection = work.connection
        lock_purchase_order(connection, _order_of(connection, delivery_id), ())
        status = connection.execute(
            select(_deliveries.c.status).where(_deliveries.c.id == delivery_id)
        ).scalar_one()
        if status != "CREATED":
            raise UserInputError.single(
                f"Delivery {delivery_id} is {status}: only a delivery on its way can be cancelled."
            )
        connection.execute(
            update(_deliveries)
            .where(_deliveries.c.id == delivery_id)
            .values(status="CANCELLED", updated_at=utc_now())
        )


def _order_of(connection: Connection, delivery_id: int) -> int:
    order_id: int | None = connection.execute(
        select(_deliveries.c.purchase_order_id).where(_deliveries.c.id == delivery_id)
    ).scalar_one_or_none()
    if order_id is None:
        raise UserInputError.single(f"Could not find PurchaseOrderDelivery with ID {delivery_id}.")
    return order_id


def _next_number(connection: Connection, order_id: int, order_number: str) -> str:
    """``<order number>-<n>``, the first n free (the order's row is locked, so no other
    delivery of this order is numbered meanwhile)."""
    count = connection.execute(
        select(func.count())
        .select_from(_deliveries)
        .where(_deliveries.c.purchase_order_id == order_id)
    ).scalar_one()
    for n in range(count + 1, count + 100):
        candidate = f"{order_number}-{n}"[:MAX_NUMBER_LENGTH]
        taken = connection.execute(
            select(_deliveries.c.id).where(_deliveries.c.number == candidate)
        ).first()
        if taken is None:
            return candidate
    return f"{order_id}-{uuid4().hex}"


def _checked_lines(
    connection: Connection,
    order_id: int,
    currency_id: int | None,
    given: Sequence[DeliveryLineInput],
) -> list[dict[str, object]]:
    currency = (
        base_currency(connection, ())
        if currency_id is None
        else currency_by_id(connection, currency_id)
    )
    order_lines = _order_lines_of(connection, order_id)
    problems: list[UserError] = []
    rows: list[dict[str, object]] = []
    carried: dict[int, int] = {}
    for index, line in enumerate(given):
        path: Path = ("input", "lines", index)
        good = check_quantity(line.quantity, (*path, "quantity"), problems)
        costs = {
            column: to_minor_units(amount, currency, label, (*path, label, "value"), problems)
            for column, label, amount in (
                ("unit_cost_minor", "unitCost", line.unit_cost),
                ("landed_cost_minor", "landedCost", line.landed_cost),
                ("customs_value_minor", "customsValue", line.customs_value),
            )
        }
        order_line = order_lines.get(line.purchase_order_line_id)
        if order_line is None:
            problems.append(
                UserError(
                    f"Purchase order {order_id} has no line with ID {line.purchase_order_line_id}.",
                    (*path, "purchaseOrderLine"),
                )
            )
            continue
        if not good:
            continue
        carried[order_line.id] = carried.get(order_line.id, 0) + line.quantity
        left = order_line.quantity - order_line.delivered
        if carried[order_line.id] > left:
            problems.append(
                UserError(
                    f"Line {order_line.id} has {left} left to deliver (ordered "
                    f"{order_line.quantity}, on other deliveries {order_line.delivered}); this "
                    f"delivery carries {carried[order_line.id]}.",
                    (*path, "quantity"),
                )
            )
            continue
        if costs["unit_cost_minor"] is None:
            costs["unit_cost_minor"] = order_line.unit_cost_minor
        rows.append({"purchase_order_line_id": order_line.id, "quantity": line.quantity, **costs})
    if problems:
        raise UserInputError(tuple(problems))
    return rows


def _order_lines_of(connection: Connection, order_id: int) -> dict[int, _OrderLine]:
    """The order's lines with what deliveries that are not cancelled carry of each."""
    delivered = (
        select(func.coalesce(func.sum(_delivery_lines.c.quantity), 0))
        .select_from(
            _delivery_lines.join(
                _deliveries, _deliveries.c.id == _delivery_lines.c.purchase_order_delivery_id
            )
        )
        .where(
            _delivery_lines.c.purchase_order_line_id == _order_lines.c.id,
            _deliveries.c.status != "CANCELLED",
        )
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            _order_lines.c.id,
            _order_lines.c.quantity,
            _order_lines.c.unit_cost_minor,
            delivered.label("delivered"),
        ).where(_order_lines.c.purchase_order_id == order_id)
    ).all()
    return {
        row.id: _OrderLine(row.id, row.quantity, row.unit_cost_minor, int(row.delivered))
        for row in rows
    }


def _add_to_stock(connection: Connection, dialect: str, delivery_id: int, now: object) -> None:
    """Physical stock of the delivery's warehouse grows by its quantities per product size:
    one INSERT ... SELECT ... ON CONFLICT DO UPDATE, so rows that exist are increased in place
    (never read, changed and written back) and missing rows are created. A level that would
    pass the largest quantity refuses the whole delivery (checked first, and guarded again
    by the update: stock rows are not locked, a concurrent write may have grown one)."""
    stock = supply_tables.stock
    sizes = _refuse_past_largest(connection, delivery_id)
    quantities = (
        select(
            _deliveries.c.warehouse_id,
            _order_lines.c.product_size_id,
            func.sum(_delivery_lines.c.quantity),
            literal(now, stock.c.created_at.type),
            literal(now, stock.c.updated_at.type),
        )
        .select_from(
            _delivery_lines.join(
                _deliveries, _deliveries.c.id == _delivery_lines.c.purchase_order_delivery_id
            ).join(_order_lines, _order_lines.c.id == _delivery_lines.c.purchase_order_line_id)
        )
        .where(_deliveries.c.id == delivery_id)
        .group_by(_deliveries.c.warehouse_id, _order_lines.c.product_size_id)
    )
    insert_into = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert_into(stock).from_select(
        ["warehouse_id", "product_size_id", "physical_quantity", "created_at", "updated_at"],
        quantities,
    )
    written = connection.execute(
        statement.on_conflict_do_update(
            index_elements=[stock.c.warehouse_id, stock.c.product_size_id],
            set_={
                "physical_quantity": stock.c.physical_quantity
                + statement.excluded.physical_quantity,
                "updated_at": statement.excluded.updated_at,
            },
            # Subtracted, not added: on PostgreSQL a sum past the range is an error.
            where=stock.c.physical_quantity <= LARGEST_INT - statement.excluded.physical_quantity,
        ).returning(stock.c.product_size_id)
    ).all()
    if len(written) != sizes:
        raise UserInputError.single(
            "Stock of this delivery's sizes was changed concurrently past the largest quantity; "
            "nothing was changed."
        )


def _refuse_past_largest(connection: Connection, delivery_id: int) -> int:
    """How many product sizes the delivery carries; a userError naming those whose physical
    stock would pass the largest quantity once it is accepted."""
    stock = supply_tables.stock
    rows = connection.execute(
        select(
            _order_lines.c.product_size_id,
            func.sum(_delivery_lines.c.quantity),
            func.coalesce(stock.c.physical_quantity, 0),
        )
        .select_from(
            _delivery_lines.join(
                _deliveries, _deliveries.c.id == _delivery_lines.c.purchase_order_delivery_id
            )
            .join(_order_lines, _order_lines.c.id == _delivery_lines.c.purchase_order_line_id)
            .outerjoin(
                stock,
                and_(
                    stock.c.warehouse_id == _deliveries.c.warehouse_id,
                    stock.c.product_size_id == _order_lines.c.product_size_id,
                ),
            )
        )
        .where(_deliveries.c.id == delivery_id)
        .group_by(_order_lines.c.product_size_id, stock.c.physical_quantity)
    ).all()
    past = [
        UserError(
            f"Product size ID {size_id}: physical stock would be {int(physical) + int(delivered)}, "
            f"more than the largest quantity, {LARGEST_INT}; the delivery was not accepted."
        )
        for size_id, delivered, physical in rows
        if int(physical) + int(delivered) > LARGEST_INT
    ]
    if past:
        raise UserInputError(tuple(past))
    return len(rows)


def _record_in_ledger(connection: Connection, delivery_id: int, now: datetime) -> None:
    """A DELIVERY stock change whose lines give, per product size, what the delivery added
    and the physical and free-to-allocate quantities right after it."""
    stock = supply_tables.stock
    reservations = supply_tables.stock_reservations
    allocated = (
        select(func.coalesce(func.sum(reservations.c.quantity), 0))
        .where(
            reservations.c.warehouse_id == _deliveries.c.warehouse_id,
            reservations.c.product_size_id == _order_lines.c.product_size_id,
            reservations.c.state == "ALLOCATED",
        )
        .scalar_subquery()
    )
    header = connection.execute(
        select(_deliveries.c.warehouse_id, _deliveries.c.number).where(
            _deliveries.c.id == delivery_id
        )
    ).one()
    rows = connection.execute(
        select(
            _order_lines.c.product_size_id,
            func.sum(_delivery_lines.c.quantity),
            stock.c.physical_quantity,
            allocated,
        )
        .select_from(
            _delivery_lines.join(
                _deliveries, _deliveries.c.id == _delivery_lines.c.purchase_order_delivery_id
            )
            .join(_order_lines, _order_lines.c.id == _delivery_lines.c.purchase_order_line_id)
            .join(
                stock,
                and_(
                    stock.c.warehouse_id == _deliveries.c.warehouse_id,
                    stock.c.product_size_id == _order_lines.c.product_size_id,
                ),
            )
        )
        .where(_deliveries.c.id == delivery_id)
        .group_by(_order_lines.c.product_size_id, stock.c.physical_quantity, allocated)
        .order_by(_order_lines.c.product_size_id)
    ).all()
    ledger.record(
        connection,
        SqlDialect.of(connection),
        ledger.ChangeHeader(
            type=ledger.DELIVERY,
            warehouse_id=header.warehouse_id,
            description=f"Purchase order delivery {header.number}",
            reason="purchase order delivery accepted",
            external_reference=header.number,
        ),
        [
            ledger.Line(
                header.warehouse_id,
                size_id,
                int(delivered),
                physical,
                physical - int(allocated_quantity),
            )
            for size_id, delivered, physical, allocated_quantity in rows
        ],
        now,
    )


def _complete_if_delivered(connection: Connection, order_id: int, now: object) -> bool:
    """The order becomes COMPLETED when no line has less accepted than ordered."""
    accepted = (
        select(func.coalesce(func.sum(_delivery_lines.c.quantity), 0))
        .select_from(
            _delivery_lines.join(
                _deliveries, _deliveries.c.id == _delivery_lines.c.purchase_order_delivery_id
            )
        )
        .where(
            _delivery_lines.c.purchase_order_line_id == _order_lines.c.id,
            _deliveries.c.status == "INSERTED",
        )
        .scalar_subquery()
    )
    short = exists().where(
        and_(_order_lines.c.purchase_order_id == order_id, _order_lines.c.quantity > accepted)
    )
    result = connection.execute(
        update(_orders)
        .where(_orders.c.id == order_id, _orders.c.status == "OPEN", ~short)
        .values(status="COMPLETED", updated_at=now)
    )
    return bool(result.rowcount)
