"""Warehouse.stockChanges lists a transfer under both warehouses: the one it came out of and
the one it went into (StockChange.warehouse stays the destination)."""

from __future__ import annotations

from typing import Any

from tests.factories import MadeProduct
from tests.stock_writes.support import (
    CHANGE_STOCK,
    DEFAULT_WAREHOUSE,
    SET_STOCK,
    WHOLESALE_WAREHOUSE,
    changes,
    levels,
)
from tests.support import Api

RETAIL_WAREHOUSE = 3


def _change(api: Api, data: dict[str, Any]) -> int:
    result = api.ok(CHANGE_STOCK, {"input": data})["changeStock"]
    assert result["userErrors"] == [], result
    change_id: int = result["stockChange"]["id"]
    return change_id


def _history(api: Api, product: MadeProduct) -> dict[str, int]:
    red, blue = product.variant_ids
    made = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 5), ("M", 5))],
            }
        },
    )["setStock"]
    ids = {"set": made["stockChanges"][0]["id"]}
    ids["delivery"] = _change(
        api,
        {
            "intoWarehouse": {"id": WHOLESALE_WAREHOUSE},
            "productVariants": [changes(blue, ("L", 4))],
        },
    )
    # Two sizes: two lines in each warehouse, still one change under each.
    ids["out_of_1"] = _change(
        api,
        {
            "outFromWarehouse": {"id": DEFAULT_WAREHOUSE},
            "intoWarehouse": {"id": WHOLESALE_WAREHOUSE},
            "productVariants": [changes(red, ("S", 1), ("M", 2))],
        },
    )
    ids["out_of_2"] = _change(
        api,
        {
            "outFromWarehouse": {"id": WHOLESALE_WAREHOUSE},
            "intoWarehouse": {"id": RETAIL_WAREHOUSE},
            "productVariants": [changes(blue, ("L", 1))],
        },
    )
    return ids


def test_a_transfer_is_listed_under_its_source_and_its_destination(
    api: Api, product: MadeProduct
) -> None:
    ids = _history(api, product)
    data = api.ok(
        """{ warehouses(where: {id: [1, 2, 3]}) { id
               stockChanges { id type warehouse { id } }
               oldest: stockChanges(sort: [id_ASC], limit: 1, page: 2) { id }
               transfers: stockChanges(where: {type: [TRANSFER]}) { id }
           } }"""
    )["warehouses"]
    listed = {w["id"]: [c["id"] for c in w["stockChanges"]] for w in data}
    assert listed == {
        DEFAULT_WAREHOUSE: [ids["out_of_1"], ids["set"]],
        WHOLESALE_WAREHOUSE: [ids["out_of_2"], ids["out_of_1"], ids["delivery"]],
        RETAIL_WAREHOUSE: [ids["out_of_2"]],
    }
    by_id = {w["id"]: w for w in data}
    # The change itself names the warehouse written: the transfer's destination.
    assert by_id[DEFAULT_WAREHOUSE]["stockChanges"][0]["warehouse"] == {"id": WHOLESALE_WAREHOUSE}
    assert by_id[DEFAULT_WAREHOUSE]["oldest"] == [{"id": ids["out_of_1"]}]
    assert by_id[WHOLESALE_WAREHOUSE]["oldest"] == [{"id": ids["out_of_1"]}]
    assert by_id[RETAIL_WAREHOUSE]["oldest"] == []
    assert [c["id"] for c in by_id[WHOLESALE_WAREHOUSE]["transfers"]] == [
        ids["out_of_2"],
        ids["out_of_1"],
    ]


def test_one_warehouse_pages_its_changes_transfers_out_included(
    api: Api, product: MadeProduct
) -> None:
    ids = _history(api, product)
    query = """query($id: Int!, $page: Int) { warehouse(id: $id) {
                 stockChanges(limit: 1, page: $page) { id } } }"""

    def page(warehouse_id: int, number: int) -> list[int]:
        rows = api.ok(query, {"id": warehouse_id, "page": number})["warehouse"]["stockChanges"]
        return [row["id"] for row in rows]

    assert [page(WHOLESALE_WAREHOUSE, n) for n in (1, 2, 3, 4)] == [
        [ids["out_of_2"]],
        [ids["out_of_1"]],
        [ids["delivery"]],
        [],
    ]
    assert [page(DEFAULT_WAREHOUSE, n) for n in (1, 2)] == [[ids["out_of_1"]], [ids["set"]]]
