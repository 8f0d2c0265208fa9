"""Warehouse.stock pages its (warehouse, product size) keys first and computes the quantities
of the page's rows only; Warehouse.stockTotals sums the facts directly. Both must answer what
the whole derived table (``STOCK_ROWS``, every row computed) says: pages are slices of its rows
in the sort asked for, with any where, for one warehouse or several in one query, and totals
are the sums of its rows."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.stock.quantities import STOCK_ROWS
from tests.factories import make_product, put_stock
from tests.stock_reads.support import (
    DEFAULT_WAREHOUSE,
    RETAIL_WAREHOUSE,
    WHOLESALE_WAREHOUSE,
    claim,
    delivery,
    purchase_order,
)
from tests.stock_reads.test_bundles import _bundle
from tests.support import Api

WAREHOUSES = (DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE, RETAIL_WAREHOUSE)

#: API field -> how it follows from a row of STOCK_ROWS.
FIELDS = {
    "physicalQuantity": lambda r: r["physical_quantity"],
    "allocatedQuantity": lambda r: r["allocated_quantity"],
    "freeToAllocateQuantity": lambda r: (
        r["physical_quantity"] - r["allocated_quantity"] + r["bundle_quantity"]
    ),
    "demandQuantity": lambda r: r["demand_quantity"],
    "unshippedQuantity": lambda r: r["unshipped_quantity"],
    "incomingQuantity": lambda r: r["incoming_quantity"],
    "linkedIncomingQuantity": lambda r: r["linked_quantity"],
    "onDeliveryQuantity": lambda r: r["on_delivery_quantity"],
}
SELECTED = " ".join(FIELDS)

PAGE = f"""
query($id: Int!, $where: StockFilter, $sort: [StockSort!], $limit: Int, $page: Int) {{
  warehouse(id: $id) {{
    stock(where: $where, sort: $sort, limit: $limit, page: $page) {{
      productSize {{ id }} warehouse {{ id }} {SELECTED}
    }}
  }}
}}"""

#: StockSort field -> the columns it sorts by (as mercato.api.stock.STOCK_SORTS).
SORT_COLUMNS = {
    "productId": ("product_id",),
    "productVariantId": ("product_variant_id",),
    "productSizeSort": ("size_position", "product_size_id"),
    "warehouseId": ("warehouse_id",),
}
DEFAULT_SORT = ["productId_ASC", "productVariantId_ASC", "productSizeSort_ASC"]


@pytest.fixture
def facts(api: Api) -> dict[str, Any]:
    """Three products (2 variants x 3 sizes) with every kind of fact spread over the three
    warehouses, and a bundle of two of their variants."""
    made = [
        make_product(api.database, f"Pages {n}", variants=("Red", "Blue"), sizes=("S", "M", "L"))
        for n in range(3)
    ]
    sizes = [size for product in made for variant in product.size_ids for size in variant]
    for index, size in enumerate(sizes):
        if index % 5 != 4:
            put_stock(api.database, DEFAULT_WAREHOUSE, size, 20 + index)
        if index % 3 == 0:
            put_stock(api.database, WHOLESALE_WAREHOUSE, size, index)
    claim(api.database, DEFAULT_WAREHOUSE, sizes[0], "ALLOCATED", 3)
    claim(api.database, DEFAULT_WAREHOUSE, sizes[1], "ALLOCATED", 2, in_shipment=True)
    claim(api.database, WHOLESALE_WAREHOUSE, sizes[7], "DEMAND", 4)  # a claim without stock
    lines = purchase_order(api.database, RETAIL_WAREHOUSE, [(sizes[2], 9), (sizes[10], 6)])
    claim(api.database, RETAIL_WAREHOUSE, sizes[2], "LINKED", 2, line_id=lines[0])
    delivery(api.database, RETAIL_WAREHOUSE, [(lines[1], 4)], "CREATED")
    delivery(api.database, RETAIL_WAREHOUSE, [(lines[0], 5)], "INSERTED")
    _bundle(api, [(1, [made[0].variant_ids[0]]), (2, [made[1].variant_ids[1]])])
    return {"sizes": sizes}


def _reference(api: Api, warehouse_id: int) -> list[dict[str, Any]]:
    """Every row of the warehouse from the whole derived table."""
    with api.database.engine.connect() as connection:
        result = connection.exec_driver_sql(
            f"SELECT * FROM {STOCK_ROWS} t WHERE t.warehouse_id = {warehouse_id}"
        )
        return [dict(row._mapping) for row in result]


def _sorted(rows: list[dict[str, Any]], sort: list[str]) -> list[dict[str, Any]]:
    """Rows in the API's order: the sort's columns, then the key (as the engine orders)."""
    terms: list[tuple[str, bool]] = []
    for value in sort:
        name, _, direction = value.rpartition("_")
        for column in SORT_COLUMNS[name]:
            if column not in [t[0] for t in terms]:
                terms.append((column, direction == "DESC"))
    terms.append(("id", False))
    ordered = list(rows)
    for column, descending in reversed(terms):
        ordered.sort(key=lambda r: r[column], reverse=descending)
    return ordered


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "productSize": {"id": row["product_size_id"]},
        "warehouse": {"id": row["warehouse_id"]},
        **{name: value(row) for name, value in FIELDS.items()},
    }


def _page(api: Api, warehouse_id: int, **arguments: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = api.ok(PAGE, {"id": warehouse_id, **arguments})["warehouse"][
        "stock"
    ]
    return rows


@pytest.mark.parametrize(
    "sort",
    [
        DEFAULT_SORT,
        ["productSizeSort_DESC"],
        ["productVariantId_DESC", "productSizeSort_ASC"],
        ["productId_DESC", "warehouseId_ASC"],
    ],
)
def test_pages_are_slices_of_the_warehouse_rows_in_the_sort_asked(
    api: Api, facts: dict[str, Any], sort: list[str]
) -> None:
    for warehouse_id in WAREHOUSES:
        expected = [_shown(r) for r in _sorted(_reference(api, warehouse_id), sort)]
        assert expected or warehouse_id == RETAIL_WAREHOUSE
        pages = [_page(api, warehouse_id, sort=sort, limit=4, page=n) for n in range(1, 7)]
        assert [row for page in pages for row in page] == expected
        assert all(len(page) == 4 for page in pages[: len(expected) // 4])
        whole = _page(api, warehouse_id, sort=sort, limit=200)
        assert whole == expected


def test_a_where_narrows_the_rows_before_the_page_is_cut(api: Api, facts: dict[str, Any]) -> None:
    sizes = facts["sizes"]
    rows = _reference(api, DEFAULT_WAREHOUSE)
    chosen = {r["product_variant_id"] for r in rows if r["product_size_id"] in sizes[3:9]}
    expected = [
        _shown(r)
        for r in _sorted(rows, ["productSizeSort_DESC"])
        if r["product_variant_id"] in chosen
    ]
    where = {"productVariantId": sorted(chosen)}
    second = _page(
        api, DEFAULT_WAREHOUSE, where=where, sort=["productSizeSort_DESC"], limit=2, page=2
    )
    assert second == expected[2:4]
    product_ids = sorted({r["product_id"] for r in rows})[1:]
    by_product = [_shown(r) for r in _sorted(rows, DEFAULT_SORT) if r["product_id"] in product_ids]
    assert (
        _page(api, DEFAULT_WAREHOUSE, where={"productId": product_ids}, limit=3, page=2)
        == (by_product[3:6])
    )
    assert _page(api, DEFAULT_WAREHOUSE, where={"warehouseId": [RETAIL_WAREHOUSE]}) == []


def test_several_warehouses_in_one_query_each_get_their_own_page(
    api: Api, facts: dict[str, Any]
) -> None:
    data = api.ok(
        f"""{{ warehouses {{ id
              first: stock(limit: 3) {{ productSize {{ id }} warehouse {{ id }} {SELECTED} }}
              second: stock(limit: 3, page: 2, sort: [productSizeSort_DESC]) {{
                productSize {{ id }} warehouse {{ id }} {SELECTED} }}
              stockTotals {{ {SELECTED} }}
              retail: stockTotals(where: {{productSizeId: [{facts["sizes"][2]}]}}) {{
                incomingQuantity linkedIncomingQuantity }}
            }} }}"""
    )["warehouses"]
    assert {w["id"] for w in data} >= set(WAREHOUSES)
    for warehouse in data:
        rows = _reference(api, warehouse["id"])
        first = [_shown(r) for r in _sorted(rows, DEFAULT_SORT)][:3]
        second = [_shown(r) for r in _sorted(rows, ["productSizeSort_DESC"])][3:6]
        assert warehouse["first"] == first
        assert warehouse["second"] == second
        assert warehouse["stockTotals"] == {
            name: sum(value(r) for r in rows) for name, value in FIELDS.items()
        }
    retail = next(w for w in data if w["id"] == RETAIL_WAREHOUSE)
    # 9 ordered, 5 accepted: 4 still incoming, 2 of them linked to an order.
    assert retail["retail"] == {"incomingQuantity": 4, "linkedIncomingQuantity": 2}


def test_totals_sum_the_rows_under_every_parent_and_where(api: Api, facts: dict[str, Any]) -> None:
    """StockTotals sums facts, not rows: the same numbers as the rows' sums, bundles included."""
    rows = [row for warehouse_id in WAREHOUSES for row in _reference(api, warehouse_id)]
    assert any(r["bundle_quantity"] for r in rows)
    variant_ids = sorted({r["product_variant_id"] for r in rows})
    data = api.ok(
        f"""query($ids: [Int!]) {{ productVariants(where: {{id: $ids}}, limit: 100) {{ id
              stockTotals {{ {SELECTED} }}
              wholesale: stockTotals(where: {{warehouseId: [{WHOLESALE_WAREHOUSE}]}}) {{
                {SELECTED} }}
              productSizes {{ id stockTotals {{ {SELECTED} }} }}
            }} }}""",
        {"ids": variant_ids},
    )["productVariants"]
    assert len(data) == len(variant_ids)

    def sums(chosen: list[dict[str, Any]]) -> dict[str, int]:
        return {name: sum(value(r) for r in chosen) for name, value in FIELDS.items()}

    for variant in data:
        mine = [r for r in rows if r["product_variant_id"] == variant["id"]]
        assert variant["stockTotals"] == sums(mine)
        assert variant["wholesale"] == sums(
            [r for r in mine if r["warehouse_id"] == WHOLESALE_WAREHOUSE]
        )
        for size in variant["productSizes"]:
            assert size["stockTotals"] == sums(
                [r for r in mine if r["product_size_id"] == size["id"]]
            )
