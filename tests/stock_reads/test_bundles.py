"""A bundle's stock is derived from its sections' variants: per warehouse, each section makes
floor(free to allocate / section quantity) of its best candidate item, the bundle the least
over its sections."""

from __future__ import annotations

from typing import Any

from tests.factories import MadeProduct, make_product, make_size_chart, put_stock
from tests.stock_reads.support import (
    DEFAULT_WAREHOUSE,
    QUANTITIES,
    RETAIL_WAREHOUSE,
    WHOLESALE_WAREHOUSE,
    claim,
)
from tests.support import Api

CREATE_BUNDLE = """
mutation($input: BundleCreateInput!) {
  createBundle(input: $input) {
    bundle { id productVariant { id productSizes { id } } }
    userErrors { message path }
  }
}"""


def _bundle(
    api: Api, sections: list[tuple[int, list[int]]], kind: str = "FIXED"
) -> tuple[int, int]:
    """A one-size bundle (FIXED unless told) of (quantity, candidate variants) sections; returns (variant
    id, product size id)."""
    chart_id, _ = make_size_chart(api.database, labels=("One Size",))
    result = api.ok(
        CREATE_BUNDLE,
        {
            "input": {
                "product": {"name": "Gift box", "productNumber": f"GIFT{len(sections)}"},
                "type": kind,
                "priceType": "STATIC",
                "sizeChart": {"id": chart_id},
                "addBundleSections": [
                    {"quantity": quantity, "productVariants": [{"id": v} for v in variants]}
                    for quantity, variants in sections
                ],
            }
        },
    )["createBundle"]
    assert result["userErrors"] == [], result
    variant = result["bundle"]["productVariant"]
    return variant["id"], variant["productSizes"][0]["id"]


def _variant_stock(api: Api, variant_id: int) -> dict[str, Any]:
    data: dict[str, Any] = api.ok(
        f"""query($id: Int!) {{ productVariant(id: $id) {{
              stock {{ warehouse {{ id }} productSize {{ id }} {QUANTITIES} }}
              stockTotals {{ {QUANTITIES} }} }} }}""",
        {"id": variant_id},
    )["productVariant"]
    return data


def test_a_fixed_bundle_makes_the_least_over_its_sections_of_the_best_candidate(
    api: Api, sweater: MadeProduct
) -> None:
    socks = make_product(api.database, "Socks", variants=("White",), sizes=("One Size",))
    red, blue = sweater.variant_ids
    # Section 1: one sweater, red or blue, any size. Section 2: two pairs of socks.
    variant, size = _bundle(api, [(1, [red, blue]), (2, [socks.variant_ids[0]])])
    socks_size = socks.size_ids[0][0]
    database = api.database
    # Default warehouse: best sweater item is blue M with 6 free (7 - 1 allocated);
    # socks 9 free make 4 pairs -> 4 bundles.
    put_stock(database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], 3)
    put_stock(database, DEFAULT_WAREHOUSE, sweater.size_ids[1][1], 7)
    claim(database, DEFAULT_WAREHOUSE, sweater.size_ids[1][1], "ALLOCATED", 1)
    put_stock(database, DEFAULT_WAREHOUSE, socks_size, 9)
    # Retail: sweaters 50, socks 1 -> 0 pairs -> 0 bundles.
    put_stock(database, RETAIL_WAREHOUSE, sweater.size_ids[0][2], 50)
    put_stock(database, RETAIL_WAREHOUSE, socks_size, 1)
    # Wholesale: socks only, no sweater with a stock row -> 0 bundles.
    put_stock(database, WHOLESALE_WAREHOUSE, socks_size, 40)
    data = _variant_stock(api, variant)
    by_warehouse = {row["warehouse"]["id"]: row for row in data["stock"]}
    assert set(by_warehouse) == {DEFAULT_WAREHOUSE, RETAIL_WAREHOUSE, WHOLESALE_WAREHOUSE}
    default = by_warehouse[DEFAULT_WAREHOUSE]
    assert default["productSize"] == {"id": size}
    assert default["freeToAllocateQuantity"] == 4
    assert default["availableNowQuantity"] == 4
    assert default["availableQuantity"] == 4
    # A bundle holds nothing itself: its components carry the physical stock and the claims.
    for field in ("physicalQuantity", "allocatedQuantity", "demandQuantity", "incomingQuantity"):
        assert default[field] == 0
    assert by_warehouse[RETAIL_WAREHOUSE]["freeToAllocateQuantity"] == 0
    assert by_warehouse[WHOLESALE_WAREHOUSE]["freeToAllocateQuantity"] == 0
    assert data["stockTotals"]["freeToAllocateQuantity"] == 4


def test_more_stock_of_a_component_makes_more_bundles(api: Api, sweater: MadeProduct) -> None:
    red = sweater.variant_ids[0]
    variant, _ = _bundle(api, [(3, [red])])
    put_stock(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], 8)
    (row,) = _variant_stock(api, variant)["stock"]
    assert row["freeToAllocateQuantity"] == 2  # floor(8 / 3)
    claim(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], "ALLOCATED", 3)
    (row,) = _variant_stock(api, variant)["stock"]
    assert row["freeToAllocateQuantity"] == 1  # floor(5 / 3)


def test_a_bundle_without_component_stock_has_no_rows(api: Api, sweater: MadeProduct) -> None:
    variant, _ = _bundle(api, [(1, [sweater.variant_ids[0]])])
    data = _variant_stock(api, variant)
    assert data["stock"] == []
    assert data["stockTotals"]["freeToAllocateQuantity"] == 0


def test_a_flexible_bundle_counts_its_sections_default_quantities(
    api: Api, sweater: MadeProduct
) -> None:
    variant, _ = _bundle(api, [(2, [sweater.variant_ids[0]])], kind="FLEXIBLE")
    put_stock(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][1], 5)
    (row,) = _variant_stock(api, variant)["stock"]
    assert row["freeToAllocateQuantity"] == 2


def test_stock_put_on_a_bundle_size_itself_is_not_counted(api: Api, sweater: MadeProduct) -> None:
    variant, size = _bundle(api, [(1, [sweater.variant_ids[0]])])
    put_stock(api.database, DEFAULT_WAREHOUSE, size, 100)
    put_stock(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], 3)
    (row,) = _variant_stock(api, variant)["stock"]
    assert row["productSize"] == {"id": size}
    assert (row["physicalQuantity"], row["freeToAllocateQuantity"]) == (0, 3)
