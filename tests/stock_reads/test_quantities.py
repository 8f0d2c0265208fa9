"""Every quantity of a Stock row follows from the facts: the reference's worked example built
from rows, and each formula on its own."""

from __future__ import annotations

from tests.factories import MadeProduct, put_stock
from tests.stock_reads.support import (
    DEFAULT_WAREHOUSE,
    RETAIL_WAREHOUSE,
    WHOLESALE_WAREHOUSE,
    claim,
    delivery,
    purchase_order,
    size_stock,
    size_totals,
)
from tests.support import Api

ZERO = {
    "freeToAllocateQuantity": 0,
    "physicalQuantity": 0,
    "allocatedQuantity": 0,
    "demandQuantity": 0,
    "unshippedQuantity": 0,
    "availableNowQuantity": 0,
    "incomingQuantity": 0,
    "linkedIncomingQuantity": 0,
    "unlinkedIncomingQuantity": 0,
    "onDeliveryQuantity": 0,
    "availableQuantity": 0,
}

#: Reference 3.11's worked example.
WORKED_EXAMPLE = {
    "physicalQuantity": 38,
    "freeToAllocateQuantity": 18,
    "allocatedQuantity": 20,
    "linkedIncomingQuantity": 2,
    "demandQuantity": 1,
    "unshippedQuantity": 4,
    "availableNowQuantity": 17,
    "unlinkedIncomingQuantity": 8,
    "incomingQuantity": 10,
    "onDeliveryQuantity": 0,
    "availableQuantity": 27,
}


def _only(rows: list[dict[str, object]], warehouse: int) -> dict[str, object]:
    found = [r for r in rows if r["warehouse"] == {"id": warehouse}]
    assert len(found) == 1, rows
    return {k: v for k, v in found[0].items() if k != "warehouse"}


def test_the_worked_example_of_the_reference(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][0]
    database = api.database
    put_stock(database, DEFAULT_WAREHOUSE, size, 38)
    claim(database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 19, in_shipment=True)
    claim(database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 1)  # allocated 20, 1 unshipped
    claim(database, DEFAULT_WAREHOUSE, size, "DEMAND", 1)
    (line,) = purchase_order(database, DEFAULT_WAREHOUSE, [(size, 12)])
    delivery(database, DEFAULT_WAREHOUSE, [(line, 2)], "INSERTED")  # 10 still incoming
    claim(database, DEFAULT_WAREHOUSE, size, "LINKED", 2, line_id=line)

    assert size_stock(api, size) == [{"warehouse": {"id": DEFAULT_WAREHOUSE}, **WORKED_EXAMPLE}]
    assert size_totals(api, size) == WORKED_EXAMPLE
    # 27 = availableNow 17 + incoming 10.
    assert WORKED_EXAMPLE["availableQuantity"] == 17 + 10


def test_a_size_without_facts_has_no_rows_and_zero_totals(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][0]
    assert size_stock(api, size) == []
    assert size_totals(api, size) == ZERO


def test_physical_allocated_and_free_to_allocate(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][1]
    put_stock(api.database, DEFAULT_WAREHOUSE, size, 10)
    put_stock(api.database, RETAIL_WAREHOUSE, size, 0)
    claim(api.database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 3, in_shipment=True)
    claim(api.database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 4)
    rows = size_stock(api, size)
    assert _only(rows, DEFAULT_WAREHOUSE) == {
        **ZERO,
        "physicalQuantity": 10,
        "allocatedQuantity": 7,
        "freeToAllocateQuantity": 3,
        "unshippedQuantity": 4,
        "availableNowQuantity": 3,
        "availableQuantity": 3,
    }
    # A stock row of 0 is a row.
    assert _only(rows, RETAIL_WAREHOUSE) == ZERO


def test_demand_and_linked_claims(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][2]
    claim(api.database, WHOLESALE_WAREHOUSE, size, "DEMAND", 2)
    claim(api.database, WHOLESALE_WAREHOUSE, size, "DEMAND", 3, in_shipment=True)
    (line,) = purchase_order(api.database, WHOLESALE_WAREHOUSE, [(size, 4)])
    claim(api.database, WHOLESALE_WAREHOUSE, size, "LINKED", 1, line_id=line)
    row = _only(size_stock(api, size), WHOLESALE_WAREHOUSE)
    assert row == {
        **ZERO,
        "demandQuantity": 5,
        "unshippedQuantity": 3,
        "freeToAllocateQuantity": 0,
        "availableNowQuantity": -5,
        "incomingQuantity": 4,
        "linkedIncomingQuantity": 1,
        "unlinkedIncomingQuantity": 3,
        "availableQuantity": -1,
    }


def test_incoming_counts_open_orders_not_yet_accepted(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[1][0]
    database = api.database
    first, second = purchase_order(database, DEFAULT_WAREHOUSE, [(size, 10), (size, 3)])
    purchase_order(database, DEFAULT_WAREHOUSE, [(size, 100)], status="COMPLETED")
    purchase_order(database, DEFAULT_WAREHOUSE, [(size, 100)], status="CANCELLED")
    purchase_order(database, RETAIL_WAREHOUSE, [(size, 7)])
    delivery(database, DEFAULT_WAREHOUSE, [(first, 4)], "INSERTED")  # 6 left on the first
    delivery(database, DEFAULT_WAREHOUSE, [(second, 5)], "INSERTED")  # over-delivered: 0 left
    delivery(database, DEFAULT_WAREHOUSE, [(first, 2)], "CREATED")  # on its way
    delivery(database, DEFAULT_WAREHOUSE, [(first, 1)], "CANCELLED")  # counts nowhere
    rows = size_stock(api, size)
    assert _only(rows, DEFAULT_WAREHOUSE) == {
        **ZERO,
        "incomingQuantity": 6,
        "unlinkedIncomingQuantity": 6,
        "onDeliveryQuantity": 2,
        "availableQuantity": 6,
    }
    assert _only(rows, RETAIL_WAREHOUSE) == {
        **ZERO,
        "incomingQuantity": 7,
        "unlinkedIncomingQuantity": 7,
        "availableQuantity": 7,
    }
    assert len(rows) == 2


def test_on_delivery_counts_in_the_delivery_warehouse(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[1][1]
    (line,) = purchase_order(api.database, DEFAULT_WAREHOUSE, [(size, 5)], status="COMPLETED")
    delivery(api.database, RETAIL_WAREHOUSE, [(line, 5)], "CREATED")
    assert size_stock(api, size) == [
        {"warehouse": {"id": RETAIL_WAREHOUSE}, **ZERO, "onDeliveryQuantity": 5}
    ]


def test_totals_sum_the_rows_and_follow_the_same_formulas(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[1][2]
    database = api.database
    put_stock(database, DEFAULT_WAREHOUSE, size, 5)
    put_stock(database, RETAIL_WAREHOUSE, size, 8)
    claim(database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 2)
    claim(database, RETAIL_WAREHOUSE, size, "DEMAND", 1)
    purchase_order(database, WHOLESALE_WAREHOUSE, [(size, 4)])
    rows = size_stock(api, size)
    totals = size_totals(api, size)
    for field, value in totals.items():
        assert value == sum(int(str(row[field])) for row in rows), field
    assert totals["freeToAllocateQuantity"] == 11
    assert totals["availableQuantity"] == 11 - 1 + 4
