"""The ledger read back: stockChangeConnection, stockChangeLines, stockChangeLineConnection
and Warehouse.stockChanges with their filters and sorts, and statement budgets (one
statement per level however many rows; setStock writes with as many statements for 1,000
rows as for 10)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mercato.cli.catalog_demo import generate_catalog
from mercato.db import catalog_tables
from tests.factories import MadeProduct
from tests.stock_writes.support import (
    CHANGE_STOCK,
    DEFAULT_WAREHOUSE,
    SET_STOCK,
    WHOLESALE_WAREHOUSE,
    changes,
    levels,
)
from tests.support import Api, StatementLog


def _history(api: Api, product: MadeProduct) -> list[int]:
    """Three changes: a SET in 1, a DELIVERY into 2, a TRANSFER from 1 to 2."""
    red = product.variant_ids[0]
    first = api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 5), ("M", 5))],
                "externalReference": "SYNC-1",
            }
        },
    )["setStock"]["stockChanges"][0]["id"]
    second = api.ok(
        CHANGE_STOCK,
        {
            "input": {
                "intoWarehouse": {"id": WHOLESALE_WAREHOUSE},
                "productVariants": [changes(red, ("L", 2))],
            }
        },
    )["changeStock"]["stockChange"]["id"]
    third = api.ok(
        CHANGE_STOCK,
        {
            "input": {
                "outFromWarehouse": {"id": DEFAULT_WAREHOUSE},
                "intoWarehouse": {"id": WHOLESALE_WAREHOUSE},
                "productVariants": [changes(red, ("S", 1))],
            }
        },
    )["changeStock"]["stockChange"]["id"]
    return [first, second, third]


def _ids(connection: dict[str, Any]) -> list[int]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_stock_change_connection_filters_and_sorts(api: Api, product: MadeProduct) -> None:
    first, second, third = _history(api, product)
    data = api.ok(
        """{
          all: stockChangeConnection { totalCount edges { node { id type } } }
          oldest: stockChangeConnection(sort: [id_ASC], first: 2) {
            totalCount pageInfo { hasNextPage } edges { node { id } } }
          intoWholesale: stockChangeConnection(where: {warehouseId: [2]}) { edges { node { id } } }
          transfers: stockChangeConnection(where: {type: [TRANSFER]}) { edges { node { id } } }
          synced: stockChangeConnection(where: {externalReference: ["SYNC-1"]}) {
            edges { node { id adminUser { id } createdAt } } }
        }"""
    )
    assert _ids(data["all"]) == [third, second, first]
    assert [e["node"]["type"] for e in data["all"]["edges"]] == ["TRANSFER", "DELIVERY", "SET"]
    assert data["oldest"]["totalCount"] == 3
    assert data["oldest"]["pageInfo"]["hasNextPage"]
    assert _ids(data["oldest"]) == [first, second]
    assert _ids(data["intoWholesale"]) == [third, second]
    assert _ids(data["transfers"]) == [third]
    [node] = [e["node"] for e in data["synced"]["edges"]]
    assert (node["id"], node["adminUser"]) == (first, None)
    assert node["createdAt"].endswith("+00:00")


def test_stock_change_lines_and_warehouse_stock_changes(api: Api, product: MadeProduct) -> None:
    first, second, third = _history(api, product)
    small = product.size_ids[0][0]
    data = api.ok(
        """query($size: Int!) {
          stockChangeLines(where: {productSizeId: [$size]}) {
            deliveredQuantity warehouse { id } stockChange { id }
          }
          stockChangeLineConnection(where: {warehouseId: [2]}, sort: [id_DESC]) {
            totalCount edges { node { deliveredQuantity stockChange { id } } }
          }
          warehouses(where: {id: [1, 2]}) {
            id stockChanges { id } latest: stockChanges(limit: 1, sort: [id_DESC]) { id }
            sets: stockChanges(where: {type: [SET]}) { id }
          }
        }""",
        {"size": small},
    )
    assert data["stockChangeLines"] == [
        {"deliveredQuantity": 5, "warehouse": {"id": 1}, "stockChange": {"id": first}},
        {"deliveredQuantity": -1, "warehouse": {"id": 1}, "stockChange": {"id": third}},
        {"deliveredQuantity": 1, "warehouse": {"id": 2}, "stockChange": {"id": third}},
    ]
    connection = data["stockChangeLineConnection"]
    assert connection["totalCount"] == 2
    assert [e["node"]["stockChange"]["id"] for e in connection["edges"]] == [third, second]
    assert data["warehouses"] == [
        {  # the transfer out of 1 too
            "id": 1,
            "stockChanges": [{"id": third}, {"id": first}],
            "latest": [{"id": third}],
            "sets": [{"id": first}],
        },
        {
            "id": 2,
            "stockChanges": [{"id": third}, {"id": second}],
            "latest": [{"id": third}],
            "sets": [],
        },
    ]


LEDGER = """{
  stockChangeConnection(first: 50) { totalCount edges { node {
    id type warehouse { id name }
    lines { deliveredQuantity productSize { id SKU } warehouse { id } unitCost { value } }
  } } }
  stockChangeLines(limit: 100) { id stockChange { id type } productSize { id } }
  warehouses { id stockChanges(limit: 5) { id lines(limit: 3) { id } } }
}"""


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)
    statements.reset()
    api.ok(query)
    return statements.count


def test_ledger_lists_cost_one_statement_per_level(
    api: Api, product: MadeProduct, statements: StatementLog
) -> None:
    _history(api, product)
    few = _statements_for(api, statements, LEDGER)
    for _ in range(5):
        _history(api, product)
    # One statement per level, and one more for a per-parent paged list once some parent has
    # more children than its limit (here `Warehouse.stockChanges(limit: 5)`): the numbered
    # read. More history changes nothing after that.
    overflowing = _statements_for(api, statements, LEDGER)
    assert overflowing == few + 1
    for _ in range(5):
        _history(api, product)
    assert _statements_for(api, statements, LEDGER) == overflowing


#: Statements of a setStock with an idempotency key, however many rows.
#: 15 before the write kernel; one more for the outbox row of the stock change.
SET_STOCK_BUDGET = {"sqlite": 16, "postgresql": 16}


def _set_statements(
    api: Api, statements: StatementLog, rows: list[tuple[int, str]], key: str, quantity: int = 3
) -> int:
    variants: dict[int, list[dict[str, Any]]] = {}
    for variant_id, size_name in rows:
        variants.setdefault(variant_id, []).append(
            {"size": {"name": size_name}, "quantity": quantity}
        )
    variables = {
        "input": {
            "warehouse": {"id": DEFAULT_WAREHOUSE},
            "idempotencyKey": key,
            "productVariants": [
                {"productVariant": {"id": v}, "sizeStockLevels": s} for v, s in variants.items()
            ],
        }
    }
    statements.reset()
    result = api.ok(SET_STOCK, variables)["setStock"]
    assert result["userErrors"] == []
    return statements.count


def test_set_stock_writes_1000_rows_with_as_many_statements_as_10(
    api: Api, statements: StatementLog
) -> None:
    generate_catalog(api.database, 90, progress=None)
    sizes, names = catalog_tables.product_sizes, catalog_tables.sizes
    with api.database.engine.connect() as connection:
        rows = [
            (int(variant), str(name))
            for variant, name in connection.execute(
                select(sizes.c.product_variant_id, names.c.name)
                .join(names, names.c.id == sizes.c.size_id)
                .order_by(sizes.c.id)
            )
        ]
    assert len(rows) >= 1010
    api.ok(SET_STOCK, {"input": {"warehouse": {"id": 2}, "productVariants": []}})  # warm
    small = _set_statements(api, statements, rows[:10], "small")
    large = _set_statements(api, statements, rows[10:1010], "large")
    assert small == large
    # The token; the idempotency key (expired ones deleted, claimed, result stored); the
    # warehouse and the variants; PostgreSQL: the sizes, the lock, the allocations and ONE
    # write of levels, change and lines (17 in all when those were three statements);
    # SQLite: one read and the writes; then the payload's reads (5).
    assert large <= SET_STOCK_BUDGET[api.database.dialect]
    # Updating the stored rows costs the same as inserting them.
    assert _set_statements(api, statements, rows[10:1010], "again", quantity=4) == large


def test_warehouse_stock_changes_need_stock_change_read(api: Api, product: MadeProduct) -> None:
    _history(api, product)
    query = "{ warehouses(where: {id: [1]}) { id stockChanges { id } } }"
    denied = api.query(query, token=api.token("Warehouse:read"))
    assert denied.data == {"warehouses": [{"id": 1, "stockChanges": None}]}
    assert [e["extensions"]["category"] for e in denied.errors] == ["authorization"]
    # The reference's old name of the permission still grants it.
    legacy = api.query(query, token=api.token("Warehouse:read", "WarehouseDelivery:read"))
    assert not legacy.errors
    assert len(legacy.data["warehouses"][0]["stockChanges"]) == 2  # the set and the transfer
    assert legacy.extensions["deprecatedPermissionsUsed"]
