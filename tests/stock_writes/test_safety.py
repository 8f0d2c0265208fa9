"""Safety beyond the reference, one request at a time: idempotency keys (replay, misuse,
scope, expiry, refused requests store none) and compare-and-set (expectedQuantity)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mercato.clock import utc_now
from tests.factories import MadeProduct
from tests.stock_writes.support import (
    CHANGE_STOCK,
    DEFAULT_WAREHOUSE,
    SET_STOCK,
    changes,
    levels,
    physical,
    snapshot,
)
from tests.support import Api

WRITER = ("StockChange:write", "StockChange:read", "Warehouse:read", "ProductSize:read")


def _delivery(red: int, key: str | None, quantity: int = 1) -> dict[str, Any]:
    members: dict[str, Any] = {
        "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
        "productVariants": [changes(red, ("S", quantity))],
    }
    if key is not None:
        members["idempotencyKey"] = key
    return {"input": members}


def test_a_retried_key_gets_the_first_answer_and_changes_nothing(
    api: Api, product: MadeProduct
) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    first = api.query(CHANGE_STOCK, _delivery(red, "k-1"))
    assert first.data["changeStock"]["userErrors"] == []
    state = snapshot(api.database)
    second = api.query(CHANGE_STOCK, _delivery(red, "k-1"))
    assert second.body == first.body
    assert snapshot(api.database) == state
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 1
    # The stored result is rendered for the current selection.
    other = api.ok(
        "mutation($input: StockChangeInput!) { changeStock(input: $input) { stockChange { id type } "
        "userErrors { message } } }",
        _delivery(red, "k-1"),
    )["changeStock"]
    assert other["stockChange"] == {
        "id": first.data["changeStock"]["stockChange"]["id"],
        "type": "DELIVERY",
    }
    # Explicit nulls are the same request as left-out members.
    retried = _delivery(red, "k-1")
    retried["input"] |= {"reason": None, "outFromWarehouse": None}
    assert api.query(CHANGE_STOCK, retried).body == first.body
    # A new key is a new change.
    api.ok(CHANGE_STOCK, _delivery(red, "k-2"))
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 2


def test_a_key_with_another_input_is_refused(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"))
    before = snapshot(api.database)
    for variables in (
        _delivery(red, "k-1", quantity=2),
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 1))],
                "idempotencyKey": "k-1",
            }
        },
    ):
        document = CHANGE_STOCK if "intoWarehouse" in variables["input"] else SET_STOCK
        result = api.ok(document, variables)
        [payload] = result.values()
        assert payload["userErrors"] == [
            {
                "message": "This idempotencyKey was used for a different request: send a new "
                "key for a new change (nothing was changed).",
                "path": ["input", "idempotencyKey"],
            }
        ]
        assert snapshot(api.database) == before


def test_a_refused_request_stores_no_key(api: Api, product: MadeProduct) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    before = snapshot(api.database)
    refused = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", -1))],
                "idempotencyKey": "k-1",
            }
        },
    )["setStock"]
    assert refused["userErrors"]
    assert snapshot(api.database) == before
    # The same key then works for a corrected request.
    fixed = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 4))],
                "idempotencyKey": "k-1",
            }
        },
    )["setStock"]
    assert fixed["userErrors"] == []
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 4


def test_keys_are_scoped_per_integration_or_token(api: Api, product: MadeProduct) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    same_integration = api.token(*WRITER, integration="qa")
    other_integration = api.token(*WRITER, integration="wms")
    no_integration = [api.token(*WRITER, integration=None) for _ in range(2)]
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"))
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"), token=same_integration)
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 1
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"), token=other_integration)
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 2
    for token in no_integration:
        api.ok(CHANGE_STOCK, _delivery(red, "k-1"), token=token)
        api.ok(CHANGE_STOCK, _delivery(red, "k-1"), token=token)
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 4


def test_keys_expire_after_24_hours(
    api: Api, product: MadeProduct, monkeypatch: pytest.MonkeyPatch
) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"))
    later = utc_now() + timedelta(hours=23, minutes=59)
    monkeypatch.setattr("mercato.db.unit_of_work.utc_now", lambda: later)
    api.ok(CHANGE_STOCK, _delivery(red, "k-1"))
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 1
    expired = utc_now() + timedelta(hours=24, seconds=1)
    monkeypatch.setattr("mercato.db.unit_of_work.utc_now", lambda: expired)
    api.ok(CHANGE_STOCK, _delivery(red, "k-1", quantity=5))
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 6


def test_a_bad_key_is_refused(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    before = snapshot(api.database)
    for key in ("", "x" * 256):
        result = api.ok(CHANGE_STOCK, _delivery(red, key))["changeStock"]
        assert result["userErrors"] == [
            {
                "message": "idempotencyKey must be 1 to 255 characters.",
                "path": ["input", "idempotencyKey"],
            }
        ]
    assert snapshot(api.database) == before


def test_compare_and_set_reports_every_conflict_and_writes_nothing(
    api: Api, product: MadeProduct
) -> None:
    red = product.variant_ids[0]
    warehouse = {"id": DEFAULT_WAREHOUSE}
    api.ok(
        SET_STOCK,
        {"input": {"warehouse": warehouse, "productVariants": [levels(red, ("S", 5), ("M", 3))]}},
    )
    before = snapshot(api.database)
    result = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": warehouse,
                "productVariants": [
                    {
                        "productVariant": {"id": red},
                        "sizeStockLevels": [
                            {"size": {"name": "S"}, "quantity": 9, "expectedQuantity": 4},
                            {"size": {"name": "M"}, "quantity": 9, "expectedQuantity": 3},
                            {"size": {"name": "L"}, "quantity": 9, "expectedQuantity": 1},
                        ],
                    }
                ],
            }
        },
    )["setStock"]
    prefix = ["input", "productVariants", "0", "sizeStockLevels"]
    assert result["userErrors"] == [
        {
            "message": "Expected physical quantity 4, but it is 5 now: nothing was changed.",
            "path": [*prefix, "0", "expectedQuantity"],
        },
        {
            "message": "Expected physical quantity 1, but it is 0 now: nothing was changed.",
            "path": [*prefix, "2", "expectedQuantity"],
        },
    ]
    assert snapshot(api.database) == before
    # With the right expectations the write goes through; changeStock checks them too.
    entry = {
        "productVariant": {"id": red},
        "sizeChanges": [{"size": {"name": "S"}, "deliveredQuantity": 2, "expectedQuantity": 5}],
    }
    done = api.ok(CHANGE_STOCK, {"input": {"intoWarehouse": warehouse, "productVariants": [entry]}})
    assert done["changeStock"]["userErrors"] == []
    again = api.ok(
        CHANGE_STOCK, {"input": {"intoWarehouse": warehouse, "productVariants": [entry]}}
    )
    assert again["changeStock"]["userErrors"][0]["message"] == (
        "Expected physical quantity 5, but it is 7 now: nothing was changed."
    )
