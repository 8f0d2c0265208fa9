"""Purchase order use cases: ``create_purchase_order`` and ``cancel_purchase_order``.

A purchase order asks one supplier for quantities of product sizes, to be delivered into one
warehouse (where they count as incoming stock until delivered). Its status is ``OPEN`` until
every line is fully accepted into the warehouse (``COMPLETED``, set by accepting a delivery)
or until it is cancelled (``CANCELLED``). Amounts are in the order's currency (by default the
base currency), stored in minor units.

By analogy (the reference's supplier module is read-only): each product size appears on at
most one line of an order; the number is unique and defaults to the order's id; the shipping
address defaults to the warehouse's address and the supplier address to the supplier's, both
copied when the order is made. An order can be cancelled only while open, with no delivery on
its way (accept or cancel those first) and no order lines linked to its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from sqlalchemy import Connection, func, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables as supply_tables
from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import UserError, UserInputError
from mercato.idconversion.references import Reference, internal_id, resolve
from mercato.supply.common import (
    MAX_NUMBER_LENGTH,
    Amount,
    Currency,
    Path,
    base_currency,
    check_quantity,
    currency_by_code,
    lock_purchase_order,
    to_minor_units,
    valid_text,
)

#: Lines per order: one statement writes them all, this keeps it a reasonable one.
MAX_LINES = 1000


@dataclass(frozen=True)
class PurchaseOrderLineInput:
    product_size: Reference
    quantity: int
    #: In the order's currency (e.g. ``Decimal("12.50")``); rounded to its decimal digits.
    unit_cost: Amount | None = None


@dataclass(frozen=True)
class PurchaseOrderCreate:
    supplier_id: int
    lines: Sequence[PurchaseOrderLineInput]
    #: Where the goods go; by default the supplier's warehouse.
    warehouse: Reference | None = None
    number: str | None = None
    currency_iso_code: str | None = None
    internal_comment: str | None = None
    shipping_address: str | None = None
    supplier_address: str | None = None
    expected_delivery_date: datetime | None = None


@dataclass(frozen=True)
class _Supplier:
    id: int
    address: str | None
    warehouse_id: int | None


def create_purchase_order(writer: Writer, command: PurchaseOrderCreate) -> int:
    number = (
        None
        if command.number is None
        else valid_text(
            command.number, "A purchase order number", ("input", "number"), MAX_NUMBER_LENGTH
        )
    )
    if not command.lines:
        raise UserInputError.single("A purchase order needs at least one line.", "input", "lines")
    if len(command.lines) > MAX_LINES:
        raise UserInputError.single(
            f"A purchase order has at most {MAX_LINES} lines.", "input", "lines"
        )
    orders = supply_tables.purchase_orders
    with writer.begin("PurchaseOrder") as work:
        connection = work.connection
        supplier = _supplier(connection, command.supplier_id)
        if command.warehouse is not None:
            warehouse_id = resolve(work, "Warehouse", command.warehouse, ("input", "warehouse"))
        elif supplier.warehouse_id is not None:
            warehouse_id = supplier.warehouse_id
        else:
            raise UserInputError.single(
                "Give a warehouse: the supplier has no default warehouse.", "input", "warehouse"
            )
        if number is not None and _number_taken(connection, number):
            raise UserInputError.single(
                f'A purchase order numbered "{number}" exists already.', "input", "number"
            )
        currency = (
            base_currency(connection, ("input", "currencyIsoCode"))
            if command.currency_iso_code is None
            else currency_by_code(
                connection, command.currency_iso_code, ("input", "currencyIsoCode")
            )
        )
        lines = _lines(work, command.lines, currency)
        shipping_address = command.shipping_address
        if shipping_address is None:
            shipping_address = _warehouse_address(connection, warehouse_id)
        # Every rule is checked above: nothing is written when the request is refused.
        now = utc_now()
        order_id: int = connection.execute(
            insert(orders)
            .values(
                # A unique placeholder until the id is known (the default number).
                number=number or f"~{uuid4().hex}",
                supplier_id=supplier.id,
                warehouse_id=warehouse_id,
                status="OPEN",
                internal_comment=command.internal_comment,
                shipping_address=shipping_address,
                supplier_address=command.supplier_address or supplier.address,
                expected_delivery_date=command.expected_delivery_date,
                currency_id=currency.id,
                created_at=now,
                updated_at=now,
            )
            .returning(orders.c.id)
        ).scalar_one()
        if number is None:
            connection.execute(
                update(orders).where(orders.c.id == order_id).values(number=str(order_id))
            )
        connection.execute(
            insert(supply_tables.purchase_order_lines),
            [
                {
                    "purchase_order_id": order_id,
                    "product_size_id": size_id,
                    "quantity": quantity,
                    "unit_cost_minor": unit_cost,
                    "position": position,
                }
                for position, (size_id, quantity, unit_cost) in enumerate(lines)
            ],
        )
    return order_id


def cancel_purchase_order(writer: Writer, purchase_order_id: int) -> None:
    deliveries = supply_tables.purchase_order_deliveries
    reservations = supply_tables.stock_reservations
    lines = supply_tables.purchase_order_lines
    with writer.begin("PurchaseOrder") as work:
        connection = work.connection
        order = lock_purchase_order(connection, purchase_order_id, ())
        if order.status != "OPEN":
            raise UserInputError.single(
                f"Purchase order {order.number} is {order.status}: only an open order can be "
                "cancelled."
            )
        on_its_way = connection.execute(
            select(func.count())
            .select_from(deliveries)
            .where(deliveries.c.purchase_order_id == order.id, deliveries.c.status == "CREATED")
        ).scalar_one()
        if on_its_way:
            raise UserInputError.single(
                f"Purchase order {order.number} has deliveries on their way: accept or cancel "
                "them first."
            )
        linked = connection.execute(
            select(func.count())
            .select_from(
                reservations.join(lines, lines.c.id == reservations.c.purchase_order_line_id)
            )
            .where(lines.c.purchase_order_id == order.id)
        ).scalar_one()
        if linked:
            raise UserInputError.single(
                f"Order lines are linked to purchase order {order.number}: unlink them first."
            )
        connection.execute(
            update(supply_tables.purchase_orders)
            .where(supply_tables.purchase_orders.c.id == order.id)
            .values(status="CANCELLED", updated_at=utc_now())
        )


def _supplier(connection: Connection, supplier_id: int) -> _Supplier:
    suppliers = supply_tables.suppliers
    row = connection.execute(
        select(suppliers.c.id, suppliers.c.address, suppliers.c.warehouse_id).where(
            suppliers.c.id == supplier_id
        )
    ).first()
    if row is None:
        raise UserInputError.single(
            f"Could not find Supplier with ID {supplier_id}.", "input", "supplier"
        )
    return _Supplier(row.id, row.address, row.warehouse_id)


def _number_taken(connection: Connection, number: str) -> bool:
    orders = supply_tables.purchase_orders
    return (
        connection.execute(select(orders.c.id).where(orders.c.number == number)).first() is not None
    )


def _warehouse_address(connection: Connection, warehouse_id: int) -> str | None:
    warehouses = tables.warehouses
    row = connection.execute(
        select(
            warehouses.c.name,
            warehouses.c.address,
            warehouses.c.zip_code,
            warehouses.c.city,
            tables.countries.c.name.label("country"),
        )
        .select_from(
            warehouses.outerjoin(tables.countries, tables.countries.c.id == warehouses.c.country_id)
        )
        .where(warehouses.c.id == warehouse_id)
    ).one()
    town = " ".join(part for part in (row.zip_code, row.city) if part)
    parts = [row.name, row.address, town, row.country]
    return "\n".join(part for part in parts if part)


def _lines(
    work: UnitOfWork,
    given: Sequence[PurchaseOrderLineInput],
    currency: Currency,
) -> list[tuple[int, int, int | None]]:
    """(product size id, quantity, unit cost in minor units) per line; every problem of every
    line as one userError each."""
    problems: list[UserError] = []
    size_ids = _product_sizes(work, given, problems)
    result: list[tuple[int, int, int | None]] = []
    seen: dict[int, int] = {}
    for index, line in enumerate(given):
        path: Path = ("input", "lines", index)
        size_id = size_ids.get(index)
        good = check_quantity(line.quantity, (*path, "quantity"), problems)
        cost = to_minor_units(
            line.unit_cost, currency, "unitCost", (*path, "unitCost", "value"), problems
        )
        if size_id is None:
            continue
        if size_id in seen:
            problems.append(
                UserError(
                    f"Product size {size_id} is on line {seen[size_id]} already: one line per "
                    "product size.",
                    (*path, "productSize"),
                )
            )
            continue
        seen[size_id] = index
        if good:
            result.append((size_id, line.quantity, cost))
    if problems:
        raise UserInputError(tuple(problems))
    return result


def _product_sizes(
    work: UnitOfWork,
    given: Sequence[PurchaseOrderLineInput],
    problems: list[UserError],
) -> dict[int, int]:
    """Line index -> product size id; ids are checked with one statement."""
    connection = work.connection
    wanted_ids = {line.product_size.id for line in given if line.product_size.id is not None}
    sizes = catalog.product_sizes
    existing = {
        size_id
        for (size_id,) in connection.execute(select(sizes.c.id).where(sizes.c.id.in_(wanted_ids)))
    }
    found: dict[int, int] = {}
    for index, line in enumerate(given):
        path = ("input", "lines", index, "productSize")
        reference = line.product_size
        if reference.id is not None and reference.external_id is None and reference.code is None:
            if reference.id in existing:
                found[index] = reference.id
            else:
                problems.append(
                    UserError(f"Could not find ProductSize with ID {reference.id}.", path)
                )
            continue
        if (
            reference.external_id is not None
            and reference.id is None
            and work.caller.integration_name
        ):
            size_id = internal_id(
                work.connection, work.caller.integration_name, "ProductSize", reference.external_id
            )
            if size_id is None:
                problems.append(
                    UserError(f"Could not find ProductSize with {reference.describe()}.", path)
                )
            else:
                found[index] = size_id
            continue
        try:
            found[index] = resolve(work, "ProductSize", reference, path)
        except UserInputError as error:
            problems.extend(error.errors)
    return found
