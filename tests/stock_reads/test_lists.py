"""Warehouse.stock, ProductVariant.stock and ProductSize.stock: where, sort, limit, page; the
market view; threshold and stockOffset are settable, readable and never subtracted."""

from __future__ import annotations

from sqlalchemy import insert, select

from mercato.db import tables
from tests.factories import MadeProduct, make_product, put_stock
from tests.stock_reads.support import (
    DEFAULT_WAREHOUSE,
    RETAIL_RULE,
    RETAIL_WAREHOUSE,
    WHOLESALE_RULE,
    WHOLESALE_WAREHOUSE,
    claim,
    size_stock,
    size_totals,
)
from tests.support import Api

WAREHOUSE_STOCK = """
query($where: StockFilter, $sort: [StockSort!], $limit: Int, $page: Int) {
  warehouse(id: 1) {
    stock(where: $where, sort: $sort, limit: $limit, page: $page) {
      productSize { id } warehouse { id } physicalQuantity
    }
  }
}"""


def _stock_everywhere(api: Api, sweater: MadeProduct) -> list[int]:
    """Every size of the sweater: stock 10 + index in each warehouse; returns size ids in
    product, variant, chart order."""
    sizes = [size for variant in sweater.size_ids for size in variant]
    for index, size in enumerate(sizes):
        for warehouse in (DEFAULT_WAREHOUSE, WHOLESALE_WAREHOUSE, RETAIL_WAREHOUSE):
            put_stock(api.database, warehouse, size, 10 + index)
    return sizes


def test_warehouse_stock_is_paged_in_product_variant_and_size_order(
    api: Api, sweater: MadeProduct
) -> None:
    sizes = _stock_everywhere(api, sweater)
    rows = api.ok(WAREHOUSE_STOCK, {"limit": 4})["warehouse"]["stock"]
    assert [r["productSize"]["id"] for r in rows] == sizes[:4]
    assert {r["warehouse"]["id"] for r in rows} == {DEFAULT_WAREHOUSE}
    rest = api.ok(WAREHOUSE_STOCK, {"limit": 4, "page": 2})["warehouse"]["stock"]
    assert [r["productSize"]["id"] for r in rest] == sizes[4:]
    descending = api.ok(
        WAREHOUSE_STOCK, {"sort": ["productVariantId_DESC", "productSizeSort_DESC"]}
    )["warehouse"]["stock"]
    assert [r["productSize"]["id"] for r in descending] == [
        *reversed(sweater.size_ids[1]),
        *reversed(sweater.size_ids[0]),
    ]


def test_filters_on_products_variants_and_sizes(api: Api, sweater: MadeProduct) -> None:
    sizes = _stock_everywhere(api, sweater)
    other = make_product(api.database, "Other", variants=("Green",), sizes=("S",))
    put_stock(api.database, DEFAULT_WAREHOUSE, other.size_ids[0][0], 1)

    def ids(where: dict[str, object]) -> list[int]:
        rows = api.ok(WAREHOUSE_STOCK, {"where": where, "limit": 50})["warehouse"]["stock"]
        return [r["productSize"]["id"] for r in rows]

    assert ids({"productId": [sweater.product_id]}) == sizes
    assert ids({"productId": [other.product_id]}) == [other.size_ids[0][0]]
    assert ids({"productVariantId": [sweater.variant_ids[1]]}) == sweater.size_ids[1]
    assert ids({"productSizeId": [sizes[2], sizes[0]]}) == [sizes[0], sizes[2]]
    assert ids({"warehouseId": [RETAIL_WAREHOUSE]}) == []


def test_variant_stock_and_totals(api: Api, sweater: MadeProduct) -> None:
    sizes = _stock_everywhere(api, sweater)
    data = api.ok(
        """query($id: Int!) { productVariant(id: $id) {
             stock(sort: [warehouseId_DESC, productSizeSort_ASC], limit: 3) {
               warehouse { id } productSize { id } physicalQuantity }
             stockTotals { physicalQuantity freeToAllocateQuantity }
             filtered: stockTotals(where: {warehouseId: [1]}) { physicalQuantity }
           } }""",
        {"id": sweater.variant_ids[0]},
    )["productVariant"]
    assert [(r["warehouse"]["id"], r["productSize"]["id"]) for r in data["stock"]] == [
        (RETAIL_WAREHOUSE, sizes[0]),
        (RETAIL_WAREHOUSE, sizes[1]),
        (RETAIL_WAREHOUSE, sizes[2]),
    ]
    # Sizes 10, 11, 12 in three warehouses.
    assert data["stockTotals"] == {"physicalQuantity": 99, "freeToAllocateQuantity": 99}
    assert data["filtered"] == {"physicalQuantity": 33}


def test_stock_as_a_market_sees_it(api: Api, sweater: MadeProduct) -> None:
    """A market sees the stock of its allocation rule's warehouses, summed."""
    size = sweater.size_ids[0][0]
    put_stock(api.database, DEFAULT_WAREHOUSE, size, 5)
    put_stock(api.database, WHOLESALE_WAREHOUSE, size, 7)
    put_stock(api.database, RETAIL_WAREHOUSE, size, 11)
    claim(api.database, RETAIL_WAREHOUSE, size, "ALLOCATED", 1)
    api.ok(
        'mutation { createMarket(input: {name: "B2B", store: {id: 2}}) { userErrors { message } } }'
    )
    with api.database.engine.connect() as connection:
        markets = dict(
            connection.execute(
                select(tables.markets.c.allocation_rule_id, tables.markets.c.id)
            ).all()
        )
    retail_market, wholesale_market = markets[RETAIL_RULE], markets[WHOLESALE_RULE]
    retail = size_totals(api, size, f"{{marketId: [{retail_market}]}}")
    assert retail["physicalQuantity"] == 5 + 11
    assert retail["freeToAllocateQuantity"] == 5 + 10
    wholesale = size_totals(api, size, f"{{marketId: [{wholesale_market}]}}")
    assert wholesale["freeToAllocateQuantity"] == 7
    both = size_totals(api, size, f"{{marketId: [{retail_market}, {wholesale_market}]}}")
    assert both["physicalQuantity"] == 23  # each warehouse once
    rule = size_totals(api, size, f"{{allocationRuleId: [{RETAIL_RULE}]}}")
    assert rule == retail
    rows = size_stock(api, size, f"{{marketId: [{retail_market}]}}")
    assert sorted(r["warehouse"]["id"] for r in rows) == [DEFAULT_WAREHOUSE, RETAIL_WAREHOUSE]
    # A warehouse added to the rule counts for its markets at once.
    with api.database.write() as connection:
        connection.execute(
            insert(tables.allocation_rule_warehouses).values(
                allocation_rule_id=RETAIL_RULE, warehouse_id=WHOLESALE_WAREHOUSE, priority=3
            )
        )
    grown = size_totals(api, size, f"{{marketId: [{retail_market}]}}")
    assert grown["physicalQuantity"] == 23


def test_threshold_and_stock_offset_are_not_subtracted(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][0]
    variant = sweater.variant_ids[0]
    put_stock(api.database, DEFAULT_WAREHOUSE, size, 10)
    claim(api.database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 2)
    result = api.ok(
        "mutation { updateWarehouse(id: 1, input: {threshold: 3}) "
        "{ warehouse { threshold } userErrors { message } } }"
    )["updateWarehouse"]
    assert result == {"warehouse": {"threshold": 3}, "userErrors": []}
    result = api.ok(
        "mutation($id: Int!) { updateProductVariant(id: $id, input: {stockOffset: 4}) "
        "{ productVariant { stockOffset } userErrors { message } } }",
        {"id": variant},
    )["updateProductVariant"]
    assert result == {"productVariant": {"stockOffset": 4}, "userErrors": []}
    (row,) = size_stock(api, size)
    assert row["freeToAllocateQuantity"] == 8
    assert row["availableQuantity"] == 8


def test_stock_offset_on_create_and_refused_below_zero(api: Api, sweater: MadeProduct) -> None:
    with api.database.engine.connect() as connection:
        chart_id = connection.execute(
            select(tables.metadata.tables["product_variants"].c.size_chart_id).where(
                tables.metadata.tables["product_variants"].c.id == sweater.variant_ids[0]
            )
        ).scalar_one()
    created = api.ok(
        "mutation($product: Int!, $chart: Int!) { createProductVariant(input: {product: "
        '{id: $product}, name: "Green", sizeChart: {id: $chart}, stockOffset: 2}) '
        "{ productVariant { id stockOffset } userErrors { message } } }",
        {"product": sweater.product_id, "chart": chart_id},
    )["createProductVariant"]
    assert created["productVariant"]["stockOffset"] == 2
    refused = api.ok(
        "mutation($id: Int!) { updateProductVariant(id: $id, input: {stockOffset: -1}) "
        "{ productVariant { stockOffset } userErrors { message path } } }",
        {"id": created["productVariant"]["id"]},
    )["updateProductVariant"]
    assert refused["productVariant"] is None
    assert refused["userErrors"][0]["path"] == ["input", "stockOffset"]
    after = api.ok(
        "query($id: Int!) { productVariant(id: $id) { stockOffset } }",
        {"id": created["productVariant"]["id"]},
    )["productVariant"]
    assert after == {"stockOffset": 2}


def test_a_bad_where_nulls_the_list_with_an_error(api: Api, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][0]
    put_stock(api.database, DEFAULT_WAREHOUSE, size, 1)
    response = api.query("{ warehouse(id: 1) { name stock(limit: 201) { physicalQuantity } } }")
    assert response.status == 400
