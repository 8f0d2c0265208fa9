"""The supply services: suppliers, purchase orders and deliveries; every refused call
changes nothing, and accepting a delivery adds to physical stock exactly once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier
from typing import Any

import pytest
from sqlalchemy import select

from mercato.db import stock_tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference
from mercato.supply.deliveries import (
    DeliveryCreate,
    DeliveryLineInput,
    accept_delivery,
    cancel_delivery,
    create_delivery,
)
from mercato.supply.purchase_orders import (
    PurchaseOrderCreate,
    PurchaseOrderLineInput,
    cancel_purchase_order,
    create_purchase_order,
)
from mercato.supply.suppliers import SupplierCreate, create_supplier
from tests.factories import make_product, put_stock
from tests.supply.support import (
    DEFAULT_WAREHOUSE,
    Supply,
    deliver,
    external_id,
    link_reservation,
    make_supply,
    order_lines,
    physical,
    snapshot,
)


def _refused(database: Database, call: Callable[[], Any]) -> list[tuple[str, tuple[Any, ...]]]:
    """The (message, path) of each userError of a call that must be refused and change
    nothing."""
    before = snapshot(database)
    with pytest.raises(UserInputError) as failure:
        call()
    assert snapshot(database) == before
    return [(error.message, error.path) for error in failure.value.errors]


def _status(database: Database, table: Any, row_id: int) -> str:
    with database.engine.connect() as connection:
        value: str = connection.execute(
            select(table.c.status).where(table.c.id == row_id)
        ).scalar_one()
    return value


# -- suppliers --------------------------------------------------------------------------------


def test_a_supplier_is_created_with_its_address_comment_and_warehouse(database: Database) -> None:
    supplier_id = create_supplier(
        Writer.system(database),
        SupplierCreate(
            "  Acme  ", address="Mill Street 1", comment="Slow", warehouse=Reference(id=2)
        ),
    )
    (row,) = snapshot(database)["suppliers"]
    assert (row.id, row.name, row.address, row.comment, row.warehouse_id) == (
        supplier_id,
        "Acme",
        "Mill Street 1",
        "Slow",
        2,
    )


def test_bad_suppliers_are_refused(database: Database) -> None:
    create_supplier(Writer.system(database), SupplierCreate("Acme"))
    assert _refused(
        database, lambda: create_supplier(Writer.system(database), SupplierCreate(" "))
    ) == [("A supplier's name cannot be empty.", ("input", "name"))]
    assert _refused(
        database, lambda: create_supplier(Writer.system(database), SupplierCreate("Acme"))
    ) == [('A supplier named "Acme" exists already.', ("input", "name"))]
    assert _refused(
        database,
        lambda: create_supplier(
            Writer.system(database), SupplierCreate("Other", warehouse=Reference(id=999))
        ),
    ) == [("Could not find Warehouse with ID 999.", ("input", "warehouse"))]


# -- purchase orders --------------------------------------------------------------------------


def test_a_purchase_order_copies_addresses_and_defaults_number_and_currency(
    database: Database,
) -> None:
    supply = make_supply(database, unit_cost=Decimal("12.505"))
    tables = snapshot(database)
    (order,) = tables["purchase_orders"]
    assert order.number == str(order.id)
    assert order.status == "OPEN"
    assert order.warehouse_id == DEFAULT_WAREHOUSE  # the supplier's warehouse
    assert order.currency_id == 1  # SEK, the base currency
    assert order.shipping_address == "Default Warehouse\nStockholm\nSweden"
    assert order.supplier_address == "Acme Knits\nMill Street 1"
    assert [
        (line.product_size_id, line.quantity, line.unit_cost_minor, line.position)
        for line in tables["purchase_order_lines"]
    ] == [
        (size_id, 10, 1251, index) for index, size_id in enumerate(supply.product.size_ids[0])
    ]  # 12.505 SEK rounds half up to 12.51


def test_bad_purchase_orders_are_refused_and_change_nothing(database: Database) -> None:
    supply = make_supply(database)
    sizes = supply.product.size_ids[1]
    no_default = create_supplier(Writer.system(database), SupplierCreate("Homeless"))

    def order(**changes: Any) -> Callable[[], Any]:
        values: dict[str, Any] = {
            "supplier_id": supply.supplier_id,
            "lines": [PurchaseOrderLineInput(Reference(id=sizes[0]), 5)],
            **changes,
        }
        return lambda: create_purchase_order(
            Writer.system(database, integration_name="qa"), PurchaseOrderCreate(**values)
        )

    assert _refused(database, order(supplier_id=999)) == [
        ("Could not find Supplier with ID 999.", ("input", "supplier"))
    ]
    assert _refused(database, order(supplier_id=no_default)) == [
        ("Give a warehouse: the supplier has no default warehouse.", ("input", "warehouse"))
    ]
    assert _refused(database, order(warehouse=Reference(id=999))) == [
        ("Could not find Warehouse with ID 999.", ("input", "warehouse"))
    ]
    assert _refused(database, order(lines=[])) == [
        ("A purchase order needs at least one line.", ("input", "lines"))
    ]
    assert _refused(database, order(number=str(supply.purchase_order_id))) == [
        (
            f'A purchase order numbered "{supply.purchase_order_id}" exists already.',
            ("input", "number"),
        )
    ]
    assert _refused(database, order(currency_iso_code="XXX")) == [
        ('Could not find Currency with code "XXX".', ("input", "currencyIsoCode"))
    ]
    assert _refused(
        database,
        order(
            lines=[
                PurchaseOrderLineInput(Reference(id=999), 1),
                PurchaseOrderLineInput(Reference(external_id="nope"), 1),
                PurchaseOrderLineInput(Reference(id=sizes[0]), 0),
                PurchaseOrderLineInput(Reference(id=sizes[1]), 3, -1),
                PurchaseOrderLineInput(Reference(id=sizes[2]), 3, float("nan")),
                PurchaseOrderLineInput(Reference(id=sizes[2]), 4),
            ]
        ),
    ) == [
        ("Could not find ProductSize with ID 999.", ("input", "lines", 0, "productSize")),
        (
            'Could not find ProductSize with externalId "nope".',
            ("input", "lines", 1, "productSize"),
        ),
        ("quantity must be positive.", ("input", "lines", 2, "quantity")),
        ("unitCost cannot be negative.", ("input", "lines", 3, "unitCost", "value")),
        ("unitCost must be a number.", ("input", "lines", 4, "unitCost", "value")),
        (
            f"Product size {sizes[2]} is on line 4 already: one line per product size.",
            ("input", "lines", 5, "productSize"),
        ),
    ]


def test_an_order_in_another_currency_keeps_its_currency(database: Database) -> None:
    supply = make_supply(database, unit_cost=Decimal("9.5"), currency="eur")
    (order,) = snapshot(database)["purchase_orders"]
    assert order.currency_id == 2
    assert supply.line_ids


# -- deliveries -------------------------------------------------------------------------------


def test_a_delivery_is_numbered_after_its_order_and_takes_the_line_cost(
    database: Database,
) -> None:
    supply = make_supply(database)
    first = deliver(database, supply, 2, landed_cost=Decimal("14"), customs_value=11)
    second = deliver(database, supply, 1, unit_cost=Decimal("13"))
    tables = snapshot(database)
    number = str(supply.purchase_order_id)
    assert [
        (d.id, d.number, d.status, d.warehouse_id) for d in tables["purchase_order_deliveries"]
    ] == [
        (first, f"{number}-1", "CREATED", DEFAULT_WAREHOUSE),
        (second, f"{number}-2", "CREATED", DEFAULT_WAREHOUSE),
    ]
    assert [
        (line.quantity, line.unit_cost_minor, line.landed_cost_minor, line.customs_value_minor)
        for line in tables["purchase_order_delivery_lines"]
    ] == [(2, 1250, 1400, 1100)] * 3 + [(1, 1300, None, None)] * 3
    assert tables["stock"] == []  # on its way: not in physical stock yet


def test_a_delivery_cannot_carry_more_than_is_left_to_deliver(database: Database) -> None:
    supply = make_supply(database, quantity=10)
    other = make_supply(database, "Other Mill")
    first_line = supply.line_ids[0]
    deliver(database, supply, 4)  # on its way: counts against what is left

    def delivery(*lines: DeliveryLineInput, order: int | None = None) -> Callable[[], Any]:
        command = DeliveryCreate(order or supply.purchase_order_id, lines)
        return lambda: create_delivery(Writer.system(database), command)

    assert _refused(database, delivery(DeliveryLineInput(first_line, 7))) == [
        (
            f"Line {first_line} has 6 left to deliver (ordered 10, on other deliveries 4); "
            "this delivery carries 7.",
            ("input", "lines", 0, "quantity"),
        )
    ]
    # Two lines of one order line add up.
    assert _refused(
        database, delivery(DeliveryLineInput(first_line, 3), DeliveryLineInput(first_line, 4))
    ) == [
        (
            f"Line {first_line} has 6 left to deliver (ordered 10, on other deliveries 4); "
            "this delivery carries 7.",
            ("input", "lines", 1, "quantity"),
        )
    ]
    assert _refused(
        database,
        delivery(
            DeliveryLineInput(other.line_ids[0], 1),
            DeliveryLineInput(first_line, -1),
            DeliveryLineInput(first_line, 1, landed_cost=-2),
        ),
    ) == [
        (
            f"Purchase order {supply.purchase_order_id} has no line with ID {other.line_ids[0]}.",
            ("input", "lines", 0, "purchaseOrderLine"),
        ),
        ("quantity must be positive.", ("input", "lines", 1, "quantity")),
        ("landedCost cannot be negative.", ("input", "lines", 2, "landedCost", "value")),
    ]
    assert _refused(database, delivery()) == [
        ("A delivery needs at least one line.", ("input", "lines"))
    ]
    assert _refused(database, delivery(DeliveryLineInput(first_line, 1), order=999)) == [
        ("Could not find PurchaseOrder with ID 999.", ("input", "purchaseOrder"))
    ]
    # Exactly what is left is fine.
    create_delivery(
        Writer.system(database),
        DeliveryCreate(supply.purchase_order_id, [DeliveryLineInput(first_line, 6)]),
    )


def test_a_cancelled_delivery_frees_its_quantities(database: Database) -> None:
    supply = make_supply(database, quantity=5)
    delivery = deliver(database, supply, 5)
    cancel_delivery(Writer.system(database), delivery)
    assert _status(database, stock_tables.purchase_order_deliveries, delivery) == "CANCELLED"
    assert _refused(database, lambda: accept_delivery(Writer.system(database), delivery)) == [
        (f"Delivery {delivery} is CANCELLED: only a delivery on its way can be accepted.", ())
    ]
    assert _refused(database, lambda: cancel_delivery(Writer.system(database), delivery)) == [
        (f"Delivery {delivery} is CANCELLED: only a delivery on its way can be cancelled.", ())
    ]
    deliver(database, supply, 5)  # all 5 are left again


def test_accepting_a_delivery_adds_its_quantities_to_physical_stock_once(
    database: Database,
) -> None:
    supply = make_supply(database, quantity=10)
    sizes = supply.product.size_ids[0]
    # The first size has stock already (its row is increased), the others get new rows.
    put_stock(database, DEFAULT_WAREHOUSE, sizes[0], 7)
    put_stock(database, 2, sizes[1], 100)  # another warehouse: untouched
    delivery = deliver(database, supply, 4)

    accepted = accept_delivery(Writer.system(database), delivery)

    assert accepted.purchase_order_completed is False
    assert physical(database) == {
        (DEFAULT_WAREHOUSE, sizes[0]): 11,
        (DEFAULT_WAREHOUSE, sizes[1]): 4,
        (DEFAULT_WAREHOUSE, sizes[2]): 4,
        (2, sizes[1]): 100,
    }
    assert _status(database, stock_tables.purchase_order_deliveries, delivery) == "INSERTED"
    assert _refused(database, lambda: accept_delivery(Writer.system(database), delivery)) == [
        (f"Delivery {delivery} is INSERTED: only a delivery on its way can be accepted.", ())
    ]
    assert _refused(database, lambda: cancel_delivery(Writer.system(database), delivery)) == [
        (f"Delivery {delivery} is INSERTED: only a delivery on its way can be cancelled.", ())
    ]
    assert _refused(database, lambda: accept_delivery(Writer.system(database), 999)) == [
        ("Could not find PurchaseOrderDelivery with ID 999.", ())
    ]
    assert physical(database)[(DEFAULT_WAREHOUSE, sizes[0])] == 11


def test_the_order_completes_when_every_line_is_accepted_in_full(database: Database) -> None:
    supply = make_supply(database, quantity=3)
    first = deliver(database, supply, 2)
    rest = create_delivery(
        Writer.system(database),
        DeliveryCreate(
            supply.purchase_order_id, [DeliveryLineInput(i, 1) for i in supply.line_ids]
        ),
    )
    assert accept_delivery(Writer.system(database), rest).purchase_order_completed is False
    assert _status(database, stock_tables.purchase_orders, supply.purchase_order_id) == "OPEN"
    assert accept_delivery(Writer.system(database), first).purchase_order_completed is True
    assert _status(database, stock_tables.purchase_orders, supply.purchase_order_id) == (
        "COMPLETED"
    )
    assert set(physical(database).values()) == {3}
    line = supply.line_ids[0]
    assert _refused(
        database,
        lambda: create_delivery(
            Writer.system(database),
            DeliveryCreate(supply.purchase_order_id, [DeliveryLineInput(line, 1)]),
        ),
    ) == [
        (
            f"Purchase order {supply.purchase_order_id} is COMPLETED: only an open order can "
            "be delivered.",
            ("input", "purchaseOrder"),
        )
    ]
    assert _refused(
        database, lambda: cancel_purchase_order(Writer.system(database), supply.purchase_order_id)
    ) == [
        (
            f"Purchase order {supply.purchase_order_id} is COMPLETED: only an open order can "
            "be cancelled.",
            (),
        )
    ]


def test_an_order_is_cancelled_only_without_deliveries_on_their_way(database: Database) -> None:
    supply = make_supply(database)
    on_its_way = deliver(database, supply, 1)
    assert _refused(
        database, lambda: cancel_purchase_order(Writer.system(database), supply.purchase_order_id)
    ) == [
        (
            f"Purchase order {supply.purchase_order_id} has deliveries on their way: accept or "
            "cancel them first.",
            (),
        )
    ]
    accept_delivery(Writer.system(database), on_its_way)
    cancel_purchase_order(Writer.system(database), supply.purchase_order_id)
    assert _status(database, stock_tables.purchase_orders, supply.purchase_order_id) == (
        "CANCELLED"
    )
    assert _refused(database, lambda: cancel_purchase_order(Writer.system(database), 999)) == [
        ("Could not find PurchaseOrder with ID 999.", ())
    ]


def test_an_order_with_linked_order_lines_is_not_cancelled(database: Database) -> None:
    supply = make_supply(database)
    link_reservation(database, supply, 2)
    assert _refused(
        database, lambda: cancel_purchase_order(Writer.system(database), supply.purchase_order_id)
    ) == [
        (
            f"Order lines are linked to purchase order {supply.purchase_order_id}: unlink "
            "them first.",
            (),
        )
    ]


def test_product_sizes_can_be_named_by_external_id(database: Database) -> None:
    supply = make_supply(database)
    size_id = supply.product.size_ids[1][0]
    external_id(database, "qa", "ProductSize", size_id, "SKU-1")
    order_id = create_purchase_order(
        Writer.system(database, integration_name="qa"),
        PurchaseOrderCreate(
            supply.supplier_id, [PurchaseOrderLineInput(Reference(external_id="SKU-1"), 2)]
        ),
    )
    assert [
        (row.purchase_order_id, row.product_size_id)
        for row in snapshot(database)["purchase_order_lines"]
        if row.purchase_order_id == order_id
    ] == [(order_id, size_id)]
    assert order_lines(database, order_id)


# -- concurrency ------------------------------------------------------------------------------


def _concurrently(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at once; each result is its return value or the UserInputError."""
    barrier = Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except UserInputError as error:
            return error

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_accepts_of_one_delivery_add_to_stock_once(database: Database) -> None:
    supply: Supply = make_supply(database, quantity=10)
    delivery = deliver(database, supply, 3)
    results = _concurrently(
        [lambda: accept_delivery(Writer.system(database), delivery) for _ in range(6)]
    )
    assert sum(not isinstance(r, UserInputError) for r in results) == 1
    assert set(physical(database).values()) == {3}


def test_concurrent_deliveries_never_exceed_what_was_ordered(database: Database) -> None:
    supply = make_supply(database, quantity=10)
    line = supply.line_ids[0]
    command = DeliveryCreate(supply.purchase_order_id, [DeliveryLineInput(line, 3)])
    results = _concurrently(
        [lambda: create_delivery(Writer.system(database), command) for _ in range(6)]
    )
    assert sum(not isinstance(r, UserInputError) for r in results) == 3
    carried = sum(row.quantity for row in snapshot(database)["purchase_order_delivery_lines"])
    assert carried == 9


def test_a_product_of_another_variant_can_be_ordered_alongside(database: Database) -> None:
    # One order may mix variants and products.
    supply = make_supply(database)
    other = make_product(database, "Cardigan")
    order_id = create_purchase_order(
        Writer.system(database),
        PurchaseOrderCreate(
            supply.supplier_id,
            [
                PurchaseOrderLineInput(Reference(id=supply.product.size_ids[1][0]), 1),
                PurchaseOrderLineInput(Reference(id=other.size_ids[0][0]), 2),
            ],
            number="PO-MIXED",
            warehouse=Reference(id=2),
        ),
    )
    rows = {row.id: row for row in snapshot(database)["purchase_orders"]}
    assert (rows[order_id].number, rows[order_id].warehouse_id) == ("PO-MIXED", 2)


def test_accepting_a_delivery_writes_one_delivery_to_the_stock_ledger(database: Database) -> None:
    supply = make_supply(database, quantity=10)
    sizes = supply.product.size_ids[0]
    put_stock(database, DEFAULT_WAREHOUSE, sizes[0], 7)
    delivery = deliver(database, supply, 4)

    accept_delivery(Writer.system(database), delivery)

    changes, lines = stock_tables.stock_changes, stock_tables.stock_change_lines
    with database.engine.connect() as connection:
        change = connection.execute(
            select(
                changes.c.id, changes.c.type, changes.c.warehouse_id, changes.c.external_reference
            )
        ).one()
        written = connection.execute(
            select(
                lines.c.product_size_id,
                lines.c.delivered_quantity,
                lines.c.physical_quantity,
                lines.c.free_to_allocate_quantity,
            )
            .where(lines.c.stock_change_id == change.id)
            .order_by(lines.c.product_size_id)
        ).all()
        number = connection.execute(
            select(stock_tables.purchase_order_deliveries.c.number).where(
                stock_tables.purchase_order_deliveries.c.id == delivery
            )
        ).scalar_one()
    assert (change.type, change.warehouse_id, change.external_reference) == (
        "DELIVERY",
        DEFAULT_WAREHOUSE,
        number,
    )
    assert [tuple(row) for row in written] == [
        (sizes[0], 4, 11, 11),
        (sizes[1], 4, 4, 4),
        (sizes[2], 4, 4, 4),
    ]
