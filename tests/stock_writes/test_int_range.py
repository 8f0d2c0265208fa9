"""Quantities stay within GraphQL's Int (32 bits): a write that would take a level out of it
is a userError that changes nothing, and a sum or difference that cannot be represented is
an error on its field (null, with the field's path), never a wrong value nor a 500."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, SizeReference
from mercato.stock import changing, reservations, setting, writes
from mercato.stock.levels import Key, Level, read_levels
from mercato.supply.deliveries import accept_delivery
from tests.factories import MadeProduct
from tests.stock_writes.support import (
    CHANGE_STOCK,
    DEFAULT_WAREHOUSE,
    SET_STOCK,
    WHOLESALE_WAREHOUSE,
    allocate,
    changes,
    levels,
    physical,
    snapshot,
)
from tests.supply.support import deliver, make_supply
from tests.supply.support import snapshot as supply_snapshot
from tests.support import Api

LARGEST = 2**31 - 1


def _set(
    api: Api, variant: int, *sizes: tuple[str, int], warehouse: int = DEFAULT_WAREHOUSE
) -> None:
    result = api.ok(
        SET_STOCK,
        {"input": {"warehouse": {"id": warehouse}, "productVariants": [levels(variant, *sizes)]}},
    )["setStock"]
    assert result["userErrors"] == []


def test_a_change_past_the_largest_int_is_refused_and_changes_nothing(
    api: Api, product: MadeProduct
) -> None:
    """The issue's reproduction: setStock of 2147483647, then changeStock +1."""
    red, small = product.variant_ids[0], product.size_ids[0][0]
    _set(api, red, ("S", LARGEST))
    before = snapshot(api.database)
    response = api.query(
        CHANGE_STOCK,
        {
            "input": {
                "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [changes(red, ("S", 1))],
            }
        },
    )
    assert response.status == 200, response.body
    assert not response.errors
    result: dict[str, Any] = response.data["changeStock"]
    assert result["stockChange"] is None
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productVariants", "0", "sizeChanges", "0", "deliveredQuantity"]
    ]
    assert str(LARGEST) in result["userErrors"][0]["message"]
    assert snapshot(api.database) == before
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == LARGEST


def test_a_transfer_into_a_full_warehouse_is_refused_and_changes_nothing(
    api: Api, product: MadeProduct
) -> None:
    red = product.variant_ids[0]
    _set(api, red, ("S", LARGEST))
    _set(api, red, ("S", 5), warehouse=WHOLESALE_WAREHOUSE)
    before = snapshot(api.database)
    result = api.ok(
        CHANGE_STOCK,
        {
            "input": {
                "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                "outFromWarehouse": {"id": WHOLESALE_WAREHOUSE},
                "productVariants": [changes(red, ("S", 5))],
            }
        },
    )["changeStock"]
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productVariants", "0", "sizeChanges", "0", "deliveredQuantity"]
    ]
    assert snapshot(api.database) == before


def test_a_delivery_that_fills_a_warehouse_exactly_is_taken(api: Api, product: MadeProduct) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    _set(api, red, ("S", LARGEST - 3))
    result = api.ok(
        CHANGE_STOCK,
        {
            "input": {
                "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [changes(red, ("S", 3))],
            }
        },
    )["changeStock"]
    assert result["userErrors"] == []
    assert result["stockChange"]["lines"][0]["physicalQuantity"] == LARGEST
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == LARGEST


def test_a_row_inserted_concurrently_near_the_largest_is_caught_by_the_guard(
    api: Api, product: MadeProduct, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The level read says the row is missing (as if another writer inserted it right after
    the read): the guarded upsert refuses it, the write is retried, and the retry, reading the
    true level, answers the userError."""
    red, small = product.variant_ids[0], product.size_ids[0][0]
    _set(api, red, ("S", LARGEST))
    before = snapshot(api.database)
    reads: list[int] = []

    def stale_first(connection: Any, sql: Any, keys: Any) -> dict[Key, Level]:
        found = read_levels(connection, sql, keys)
        reads.append(len(keys))
        return found if len(reads) > 1 else {key: Level(None, 0) for key in found}

    monkeypatch.setattr(changing, "read_levels", stale_first)
    result = api.ok(
        CHANGE_STOCK,
        {
            "input": {
                "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [changes(red, ("S", 1))],
            }
        },
    )["changeStock"]
    assert len(reads) == 2
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productVariants", "0", "sizeChanges", "0", "deliveredQuantity"]
    ]
    assert snapshot(api.database) == before
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == LARGEST


def test_free_to_allocate_that_makes_physical_pass_the_largest_is_refused(
    api: Api, product: MadeProduct
) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    _set(api, red, ("S", 10))
    allocate(api.database, DEFAULT_WAREHOUSE, small, 4)
    before = snapshot(api.database)
    result = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "stockQuantityType": "FREE_TO_ALLOCATE",
                "productVariants": [levels(red, ("S", LARGEST - 3))],
            }
        },
    )["setStock"]
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productVariants", "0", "sizeStockLevels", "0", "quantity"]
    ]
    assert snapshot(api.database) == before
    # The largest that fits is taken.
    result = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "stockQuantityType": "FREE_TO_ALLOCATE",
                "productVariants": [levels(red, ("S", LARGEST - 4))],
            }
        },
    )["setStock"]
    assert result["userErrors"] == []
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == LARGEST


@pytest.mark.parametrize(
    ("quantity", "expected", "member"),
    [(LARGEST + 1, None, "quantity"), (5, LARGEST + 1, "expectedQuantity")],
)
def test_the_service_refuses_levels_past_the_largest(
    database: Database, product: MadeProduct, quantity: int, expected: int | None, member: str
) -> None:
    """The API's Int cannot carry them; the service refuses them from any other caller."""
    command = setting.StockSet(
        Reference(id=DEFAULT_WAREHOUSE),
        [
            setting.VariantLevels(
                Reference(id=product.variant_ids[0]),
                [writes.size_level(SizeReference(name="S"), quantity, expected)],
            )
        ],
    )
    before = snapshot(database)
    with pytest.raises(UserInputError) as refused:
        setting.set_stock(Writer.system(database), command)
    assert [(e.message, e.path[-1]) for e in refused.value.errors] == [
        (f"{member} is at most {LARGEST}.", member)
    ]
    assert snapshot(database) == before


# -- reads -----------------------------------------------------------------------------------

TOTALS = """query($red: Int!, $blue: Int!) {
  red: productVariant(id: $red) { id stockTotals { physicalQuantity allocatedQuantity } }
  blue: productVariant(id: $blue) { id stockTotals { physicalQuantity allocatedQuantity } }
}"""


def test_a_total_past_the_largest_int_is_an_error_on_its_field(
    api: Api, product: MadeProduct
) -> None:
    """The issue's stockTotals: every level at the largest, summed over sizes and warehouses."""
    red, blue = product.variant_ids
    for warehouse in (DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE):
        _set(api, red, ("S", LARGEST), ("M", LARGEST), warehouse=warehouse)
    _set(api, blue, ("S", 7))
    response = api.query(TOTALS, {"red": red, "blue": blue})
    assert response.status == 200, response.body
    # physicalQuantity is an Int!: its null makes the (nullable) totals null.
    assert response.data == {
        "red": {"id": red, "stockTotals": None},
        "blue": {"id": blue, "stockTotals": {"physicalQuantity": 7, "allocatedQuantity": 0}},
    }
    assert [(e["path"], e["extensions"]["category"]) for e in response.errors] == [
        (["red", "stockTotals", "physicalQuantity"], "internal")
    ]
    assert str(4 * LARGEST) in response.errors[0]["message"]


def test_a_difference_past_the_largest_int_is_an_error_on_its_field(
    api: Api, database: Database
) -> None:
    """Physical stock at the largest and one more on an open purchase order: the row's
    availableQuantity (physical + incoming) cannot be represented, its physicalQuantity can."""
    supply = make_supply(database, quantity=1)
    red, small = supply.product.variant_ids[0], supply.product.size_ids[0][0]
    _set(api, red, ("S", LARGEST))
    query = """query($id: Int!, $size: [Int!]) { productSize: productVariant(id: $id) {
      stock(where: {productSizeId: $size}) { physicalQuantity incomingQuantity availableQuantity }
      onlyPhysical: stock(where: {productSizeId: $size}) { physicalQuantity incomingQuantity }
    } }"""
    response = api.query(query, {"id": red, "size": [small]})
    assert response.status == 200, response.body
    # Stock items are non-null: the list is null, the other selection intact.
    assert response.data == {
        "productSize": {
            "stock": None,
            "onlyPhysical": [{"physicalQuantity": LARGEST, "incomingQuantity": 1}],
        }
    }
    assert [e["path"] for e in response.errors] == [
        ["productSize", "stock", 0, "availableQuantity"]
    ]


def test_an_object_shared_by_several_parents_gets_an_error_at_each_place(
    api: Api, product: MadeProduct
) -> None:
    """Two stock rows of one warehouse share its (to-one) object: its totals are an error under
    both rows, and the rows' own quantities are intact."""
    red = product.variant_ids[0]
    _set(api, red, ("S", LARGEST), ("M", LARGEST))
    query = """query($id: Int!) { productVariant(id: $id) {
      stock(where: {warehouseId: [1]}) { physicalQuantity warehouse { id stockTotals { physicalQuantity } } }
    } }"""
    response = api.query(query, {"id": red})
    assert response.status == 200, response.body
    warehouse = {"id": DEFAULT_WAREHOUSE, "stockTotals": None}
    assert response.data["productVariant"]["stock"] == [
        {"physicalQuantity": LARGEST, "warehouse": warehouse},
        {"physicalQuantity": LARGEST, "warehouse": warehouse},
    ]
    assert [e["path"] for e in response.errors] == [
        ["productVariant", "stock", 0, "warehouse", "stockTotals", "physicalQuantity"],
        ["productVariant", "stock", 1, "warehouse", "stockTotals", "physicalQuantity"],
    ]


def test_accepting_a_delivery_past_the_largest_is_refused_and_changes_nothing(
    api: Api, database: Database
) -> None:
    supply = make_supply(database, quantity=2)
    red = supply.product.variant_ids[0]
    _set(api, red, ("S", LARGEST - 1))
    delivery = deliver(database, supply, 2)
    before = supply_snapshot(database)
    with pytest.raises(UserInputError) as refused:
        accept_delivery(Writer.system(database), delivery)
    [error] = refused.value.errors
    assert f"would be {LARGEST + 1}" in error.message
    assert supply_snapshot(database) == before


def test_a_reservation_past_the_largest_is_refused(
    database: Database, product: MadeProduct
) -> None:
    with pytest.raises(UserInputError, match="at most 2147483647"):
        reservations.reserve(
            Writer.system(database),
            reservations.Reservation(
                warehouse_id=DEFAULT_WAREHOUSE,
                product_size_id=product.size_ids[0][0],
                state="DEMAND",
                quantity=LARGEST + 1,
            ),
        )
