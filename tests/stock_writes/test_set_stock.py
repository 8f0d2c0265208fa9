"""setStock: absolute levels by size id, name or external id, the free-to-allocate mode, the
ledger it leaves, and every refusal (nothing written then)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import MadeProduct, make_product
from tests.stock_writes.support import (
    DEFAULT_WAREHOUSE,
    SET_STOCK,
    allocate,
    levels,
    physical,
    snapshot,
)
from tests.support import Api


def _set(api: Api, *entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": list(entries),
                **extra,
            }
        },
    )["setStock"]
    return data


def test_set_stock_writes_levels_and_one_stock_change(api: Api, product: MadeProduct) -> None:
    red, blue = product.variant_ids
    result = _set(
        api,
        levels(red, ("S", 5), ("M", 3)),
        levels(blue, ("L", 7)),
        description="Nightly sync",
        reason="ERP sync",
        externalReference="DOC-1",
    )
    assert result["userErrors"] == []
    [change] = result["stockChanges"]
    assert change["type"] == "SET"
    assert change["description"] == change["comment"] == "Nightly sync"
    assert (change["reason"], change["externalReference"]) == ("ERP sync", "DOC-1")
    assert change["warehouse"] == {"id": DEFAULT_WAREHOUSE}
    red_s, red_m, _ = product.size_ids[0]
    blue_l = product.size_ids[1][2]
    assert [
        (line["productSize"]["id"], line["deliveredQuantity"], line["physicalQuantity"])
        for line in change["lines"]
    ] == [(red_s, 5, 5), (red_m, 3, 3), (blue_l, 7, 7)]
    assert physical(api.database, DEFAULT_WAREHOUSE, red_s) == 5
    # Setting again records the difference.
    again = _set(api, levels(red, ("S", 2)))
    [line] = again["stockChanges"][0]["lines"]
    assert (line["deliveredQuantity"], line["physicalQuantity"]) == (-3, 2)
    assert physical(api.database, DEFAULT_WAREHOUSE, red_s) == 2


def test_changed_unchanged_and_new_rows_in_one_call(api: Api, product: MadeProduct) -> None:
    """One write updates the changed stored rows, leaves the unchanged one as it is, inserts
    the new one, and records a line for each in request order."""
    red, blue = product.variant_ids
    _set(api, levels(red, ("S", 5), ("M", 3)))
    result = _set(api, levels(blue, ("L", 2)), levels(red, ("M", 4), ("S", 5)))
    assert result["userErrors"] == []
    red_s, red_m, _ = product.size_ids[0]
    blue_l = product.size_ids[1][2]
    assert [
        (line["productSize"]["id"], line["deliveredQuantity"], line["physicalQuantity"])
        for line in result["stockChanges"][0]["lines"]
    ] == [(blue_l, 2, 2), (red_m, 1, 4), (red_s, 0, 5)]
    levels_now = [physical(api.database, DEFAULT_WAREHOUSE, s) for s in (red_s, red_m, blue_l)]
    assert levels_now == [5, 4, 2]


def test_sizes_by_id_and_external_id(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    size_ids = api.ok(
        f"{{ productVariants(where: {{id: [{red}]}}) {{ productSizes {{ size {{ id }} }} }} }}"
    )["productVariants"][0]["productSizes"]
    small, medium = size_ids[0]["size"]["id"], size_ids[1]["size"]["id"]
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: [{objectType: Size, internalId: $id, "
        'externalId: "erp-m"}]) { userErrors { message } } }',
        {"id": medium},
    )
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: [{objectType: ProductVariant, "
        'internalId: $id, externalId: "erp-red"}]) { userErrors { message } } }',
        {"id": red},
    )
    result = _set(
        api,
        {
            "productVariant": {"externalId": "erp-red"},
            "sizeStockLevels": [
                {"size": {"id": small}, "quantity": 4},
                {"size": {"externalId": "erp-m"}, "quantity": 6},
            ],
        },
    )
    assert result["userErrors"] == []
    assert physical(api.database, DEFAULT_WAREHOUSE, product.size_ids[0][0]) == 4
    assert physical(api.database, DEFAULT_WAREHOUSE, product.size_ids[0][1]) == 6


def test_free_to_allocate_adds_what_is_allocated(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    small = product.size_ids[0][0]
    _set(api, levels(red, ("S", 10)))
    allocate(api.database, DEFAULT_WAREHOUSE, small, 4)
    result = _set(api, levels(red, ("S", 3)), stockQuantityType="FREE_TO_ALLOCATE")
    [line] = result["stockChanges"][0]["lines"]
    assert (line["physicalQuantity"], line["freeToAllocateQuantity"]) == (7, 3)
    assert line["deliveredQuantity"] == -3
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 7


def test_below_allocated_is_refused_with_the_allocated_amount(
    api: Api, product: MadeProduct
) -> None:
    red = product.variant_ids[0]
    small = product.size_ids[0][0]
    _set(api, levels(red, ("S", 10)))
    allocate(api.database, DEFAULT_WAREHOUSE, small, 4)
    before = snapshot(api.database)
    result = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 3), ("M", 1))],
            }
        },
    )["setStock"]
    assert result["stockChanges"] is None
    assert result["userErrors"] == [
        {
            "message": f"Product size ID {small}: physical quantity 3 is below the 4 allocated "
            "to orders in this warehouse.",
            "path": ["input", "productVariants", "0", "sizeStockLevels", "0", "quantity"],
        }
    ]
    assert snapshot(api.database) == before


BAD_INPUTS: dict[str, tuple[Any, str, list[str]]] = {
    "unknown warehouse": (
        lambda red: {"warehouse": {"id": 999}, "productVariants": [levels(red, ("S", 1))]},
        "Could not find Warehouse with ID 999.",
        ["input", "warehouse"],
    ),
    "unknown variant": (
        lambda red: {"warehouse": {"id": 1}, "productVariants": [levels(99999, ("S", 1))]},
        "Could not find ProductVariant with ID 99999.",
        ["input", "productVariants", "0", "productVariant"],
    ),
    "size not active": (
        lambda red: {"warehouse": {"id": 1}, "productVariants": [levels(red, ("XXL", 1))]},
        'Size name "XXL" is not active on product variant ID {red}.',
        ["input", "productVariants", "0", "sizeStockLevels", "0", "size"],
    ),
    "negative quantity": (
        lambda red: {"warehouse": {"id": 1}, "productVariants": [levels(red, ("S", -1))]},
        "quantity cannot be negative.",
        ["input", "productVariants", "0", "sizeStockLevels", "0", "quantity"],
    ),
    "duplicate row": (
        lambda red: {
            "warehouse": {"id": 1},
            "productVariants": [levels(red, ("S", 1)), levels(red, ("S", 2))],
        },
        "Product size ID {small} is given twice.",
        ["input", "productVariants", "1", "sizeStockLevels", "0", "size"],
    ),
    "size given twice ways": (
        lambda red: {
            "warehouse": {"id": 1},
            "productVariants": [
                {
                    "productVariant": {"id": red},
                    "sizeStockLevels": [{"size": {"name": "S", "id": 1}, "quantity": 1}],
                }
            ],
        },
        "Give exactly one of id, name or externalId of a size.",
        ["input", "productVariants", "0", "sizeStockLevels", "0", "size"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_changes_nothing(api: Api, product: MadeProduct, case: str) -> None:
    red = product.variant_ids[0]
    # Stock in place first, so "nothing changed" is checked against real rows; the valid row
    # (M) of a refused request is not written either.
    _set(api, levels(red, ("S", 3), ("M", 3)))
    make, message, path = BAD_INPUTS[case]
    variables = make(red)
    variables["productVariants"][0]["sizeStockLevels"].append(
        {"size": {"name": "M"}, "quantity": 9}
    )
    before = snapshot(api.database)
    result = api.ok(SET_STOCK, {"input": variables})["setStock"]
    assert result["stockChanges"] is None
    assert {"message": message.format(red=red, small=product.size_ids[0][0]), "path": path} in (
        result["userErrors"]
    )
    assert snapshot(api.database) == before


def test_empty_request_records_nothing(api: Api, product: MadeProduct) -> None:
    before = snapshot(api.database)
    result = _set(api)
    assert result == {"stockChanges": [], "userErrors": [], "userWarnings": []}
    assert snapshot(api.database) == before


def test_too_many_rows_are_refused(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    entries = [levels(red, ("S", 1))] * 10_001
    before = snapshot(api.database)
    result = api.ok(
        SET_STOCK, {"input": {"warehouse": {"id": DEFAULT_WAREHOUSE}, "productVariants": entries}}
    )["setStock"]
    assert result["userErrors"] == [
        {"message": "setStock takes at most 10000 rows; this request has 10001.", "path": ["input"]}
    ]
    assert snapshot(api.database) == before


def test_variant_problems_come_in_request_order(api: Api, product: MadeProduct) -> None:
    """Unknown variants, a variant without active sizes (it exists: its sizes are not
    active) and a reference naming neither id nor externalId, with valid rows between: the
    same userErrors in the same order on both databases, and nothing changed."""
    red = product.variant_ids[0]
    bare = make_product(api.database, "Bare", sizes=()).variant_ids[0]
    before = snapshot(api.database)
    result = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [
                    levels(99998, ("S", 1)),
                    levels(red, ("S", 1)),
                    levels(bare, ("S", 1)),
                    {
                        "productVariant": {},
                        "sizeStockLevels": [{"size": {"name": "S"}, "quantity": 1}],
                    },
                    levels(99999, ("M", 1)),
                ],
            }
        },
    )["setStock"]
    assert result["stockChanges"] is None

    def variant(index: int) -> list[str]:
        return ["input", "productVariants", str(index), "productVariant"]

    assert result["userErrors"] == [
        {
            "message": "Give exactly one of id or externalId to reference a ProductVariant.",
            "path": variant(3),
        },
        {"message": "Could not find ProductVariant with ID 99998.", "path": variant(0)},
        {"message": "Could not find ProductVariant with ID 99999.", "path": variant(4)},
        {
            "message": f'Size name "S" is not active on product variant ID {bare}.',
            "path": ["input", "productVariants", "2", "sizeStockLevels", "0", "size"],
        },
    ]
    assert snapshot(api.database) == before
