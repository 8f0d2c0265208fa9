"""changeStock: deliveries with unit costs, corrections, removals and transfers limited by
what is free to allocate, the ledger types, and every refusal (nothing written then)."""

from __future__ import annotations

from typing import Any

import pytest

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
from tests.support import Api


def _change(api: Api, **members: Any) -> dict[str, Any]:
    data: dict[str, Any] = api.ok(CHANGE_STOCK, {"input": members})["changeStock"]
    return data


def _stock(
    api: Api, variant: int, *sizes: tuple[str, int], warehouse: int = DEFAULT_WAREHOUSE
) -> None:
    result = api.ok(
        SET_STOCK,
        {"input": {"warehouse": {"id": warehouse}, "productVariants": [levels(variant, *sizes)]}},
    )["setStock"]
    assert result["userErrors"] == []


def test_a_delivery_adds_stock_and_records_its_unit_cost(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    small, medium, _ = product.size_ids[0]
    _stock(api, red, ("S", 2))
    result = _change(
        api,
        intoWarehouse={"id": DEFAULT_WAREHOUSE},
        description="PO 17",
        productVariants=[
            changes(red, ("S", 5), ("M", 4), unitCost={"value": 12.5, "currencyIsoCode": "EUR"})
        ],
    )
    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    change = result["stockChange"]
    assert (change["type"], change["description"], change["warehouse"]) == (
        "DELIVERY",
        "PO 17",
        {"id": DEFAULT_WAREHOUSE},
    )
    assert [
        (line["productSize"]["id"], line["deliveredQuantity"], line["physicalQuantity"])
        for line in change["lines"]
    ] == [(small, 5, 7), (medium, 4, 4)]
    assert change["lines"][0]["unitCost"] == {"value": 12.5, "currency": {"code": "EUR"}}
    assert isinstance(change["lines"][0]["currencyBaseRate"], float)
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 7


def test_a_correction_is_limited_to_what_is_free(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    small = product.size_ids[0][0]
    _stock(api, red, ("S", 10))
    allocate(api.database, DEFAULT_WAREHOUSE, small, 6)
    result = _change(
        api, intoWarehouse={"id": DEFAULT_WAREHOUSE}, productVariants=[changes(red, ("S", -9))]
    )
    assert result["stockChange"]["type"] == "CORRECTION"
    [line] = result["stockChange"]["lines"]
    assert (
        line["deliveredQuantity"],
        line["physicalQuantity"],
        line["freeToAllocateQuantity"],
    ) == (
        -4,
        6,
        0,
    )
    assert result["userWarnings"] == [
        {
            "message": "Only 4 of 9 could be taken: the rest is allocated to orders or not in stock.",
            "path": ["input", "productVariants", "0", "sizeChanges", "0", "deliveredQuantity"],
        }
    ]
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 6


def test_removal_out_of_a_warehouse(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    small = product.size_ids[0][0]
    _stock(api, red, ("S", 10))
    result = _change(
        api, outFromWarehouse={"id": DEFAULT_WAREHOUSE}, productVariants=[changes(red, ("S", 3))]
    )
    assert result["stockChange"]["type"] == "CORRECTION"
    assert result["stockChange"]["lines"][0]["deliveredQuantity"] == -3
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 7


def test_a_transfer_moves_at_most_the_sources_free_to_allocate(
    api: Api, product: MadeProduct
) -> None:
    red = product.variant_ids[0]
    small, medium, _ = product.size_ids[0]
    _stock(api, red, ("S", 10), ("M", 2))
    _stock(api, red, ("S", 1), warehouse=WHOLESALE_WAREHOUSE)
    allocate(api.database, DEFAULT_WAREHOUSE, small, 7)
    result = _change(
        api,
        outFromWarehouse={"id": DEFAULT_WAREHOUSE},
        intoWarehouse={"id": WHOLESALE_WAREHOUSE},
        reason="rebalance",
        productVariants=[changes(red, ("S", 5), ("M", 2))],
    )
    change = result["stockChange"]
    assert (change["type"], change["warehouse"], change["reason"]) == (
        "TRANSFER",
        {"id": WHOLESALE_WAREHOUSE},
        "rebalance",
    )
    assert [
        (line["warehouse"]["id"], line["productSize"]["id"], line["deliveredQuantity"])
        for line in change["lines"]
    ] == [
        (DEFAULT_WAREHOUSE, small, -3),
        (WHOLESALE_WAREHOUSE, small, 3),
        (DEFAULT_WAREHOUSE, medium, -2),
        (WHOLESALE_WAREHOUSE, medium, 2),
    ]
    assert [w["path"][-2] for w in result["userWarnings"]] == ["0"]  # only S was short
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 7
    assert physical(api.database, WHOLESALE_WAREHOUSE, small) == 4
    assert physical(api.database, WHOLESALE_WAREHOUSE, medium) == 2


def test_a_single_size_change_object_is_a_list_of_one(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    result = _change(
        api,
        intoWarehouse={"id": DEFAULT_WAREHOUSE},
        productVariants={
            "productVariant": {"id": red},
            "sizeChanges": {"size": {"name": "L"}, "deliveredQuantity": 2},
        },
    )
    assert result["userErrors"] == []
    assert physical(api.database, DEFAULT_WAREHOUSE, product.size_ids[0][2]) == 2


BAD_INPUTS: dict[str, tuple[dict[str, Any], str, list[str]]] = {
    "no warehouse": ({}, "Give intoWarehouse, outFromWarehouse or both (a transfer).", ["input"]),
    "same warehouse twice": (
        {"intoWarehouse": {"id": 1}, "outFromWarehouse": {"id": 1}},
        "A transfer needs two different warehouses.",
        ["input", "outFromWarehouse"],
    ),
    "unknown warehouse": (
        {"intoWarehouse": {"id": 999}},
        "Could not find Warehouse with ID 999.",
        ["input", "intoWarehouse"],
    ),
    "negative transfer": (
        {"intoWarehouse": {"id": 1}, "outFromWarehouse": {"id": 2}, "quantity": -1},
        "deliveredQuantity is what leaves outFromWarehouse: it cannot be negative.",
        ["input", "productVariants", "0", "sizeChanges", "0", "deliveredQuantity"],
    ),
    "unknown currency": (
        {"intoWarehouse": {"id": 1}, "unitCost": {"value": 1, "currencyIsoCode": "XXX"}},
        'Could not find Currency with code "XXX".',
        ["input", "productVariants", "0", "unitCost", "currencyIsoCode"],
    ),
    "negative cost": (
        {"intoWarehouse": {"id": 1}, "unitCost": {"value": -1, "currencyIsoCode": "EUR"}},
        "unitCost must be a number from 0 to 2147483647 minor units.",
        ["input", "productVariants", "0", "unitCost", "value"],
    ),
    "size not active": (
        {"intoWarehouse": {"id": 1}, "size": "XXL"},
        'Size name "XXL" is not active on product variant ID {red}.',
        ["input", "productVariants", "0", "sizeChanges", "0", "size"],
    ),
    "long reason": (
        {"intoWarehouse": {"id": 1}, "reason": "x" * 256},
        "reason has at most 255 characters.",
        ["input", "reason"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_changes_nothing(api: Api, product: MadeProduct, case: str) -> None:
    red = product.variant_ids[0]
    _stock(api, red, ("S", 5), ("M", 5))
    members, message, path = BAD_INPUTS[case]
    members = dict(members)
    extra = {"unitCost": members.pop("unitCost")} if "unitCost" in members else {}
    size = members.pop("size", "S")
    quantity = members.pop("quantity", 1)
    entry = changes(red, (size, quantity), ("M", 1), **extra)
    before = snapshot(api.database)
    result = api.ok(CHANGE_STOCK, {"input": {**members, "productVariants": [entry]}})["changeStock"]
    assert result["stockChange"] is None
    assert {"message": message.format(red=red), "path": path} in result["userErrors"]
    assert snapshot(api.database) == before
