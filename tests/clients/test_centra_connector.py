"""The TypeScript CentraConnector's supply and stock documents (centra_connector.py),
verbatim with its variables, against the demo catalog and its supplier data."""

from __future__ import annotations

from typing import Any

from tests.clients.centra_connector import PURCHASE_ORDER_DELIVERIES, STOCK_CHANGE_LINES
from tests.clients.conftest import sent
from tests.support import Api


def _pages(api: Api, query: str, field: str, size: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        found = sent(api, query, {"page": page})[field]
        assert isinstance(found, list)
        rows.extend(found)
        if len(found) < size:
            return rows
        page += 1


def _deliver_with_a_unit_cost(api: Api) -> None:
    """An ERP's goods receipt with its cost (what the connector values stock changes by)."""
    api.ok(
        'mutation { changeStock(input: {intoWarehouse: {id: 1}, description: "Receipt 1", '
        "productVariants: [{productVariant: {id: 1}, unitCost: {value: 120.5, currencyIsoCode: "
        '"SEK"}, sizeChanges: [{size: {name: "S"}, deliveredQuantity: 4}]}]}) '
        "{ userErrors { message } } }"
    )


def test_accepted_deliveries_read_with_their_costs_as_money(catalog_api: Api) -> None:
    deliveries = _pages(catalog_api, PURCHASE_ORDER_DELIVERIES, "purchaseOrderDeliveries", 100)

    assert deliveries
    assert {d["status"] for d in deliveries} == {"INSERTED"}
    line = deliveries[0]["lines"][0]
    assert line["quantity"] > 0
    assert line["productSize"]["SKU"]
    assert line["unitCost"] is None or line["unitCost"]["currency"]["code"]


def test_stock_change_lines_read_with_their_unit_cost(catalog_api: Api) -> None:
    _deliver_with_a_unit_cost(catalog_api)

    lines = _pages(catalog_api, STOCK_CHANGE_LINES, "stockChangeLines", 200)

    costed = [line for line in lines if line["unitCost"]]
    assert costed[-1]["unitCost"] == {"value": 120.5, "currency": {"code": "SEK"}}
    assert costed[-1]["deliveredQuantity"] == 4
    assert costed[-1]["stockChange"]["warehouse"]["id"] == 1
    assert costed[-1]["productSize"]["productVariant"]["product"]["name"]
