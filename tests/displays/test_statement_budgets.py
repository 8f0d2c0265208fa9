"""Statement budgets: reading any list of displays, display items or bundles, with every
relation, costs one statement per level, however many rows there are."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import RETAIL, SWEDEN, USA, WHOLESALE, Catalog
from tests.displays.requests import created, make_media
from tests.factories import make_product, make_size_chart
from tests.support import Api, StatementLog

DISPLAY = """
  id name tags comment
  store { id } product { id } productVariants { id } markets { id } categories { id }
  canonicalCategory { id } displayItems { id productVariant { id } display { id } }
  media { id }
"""

#: query -> statements: 1 authentication + one per level that has keys to fetch.
BUDGETS = {
    # displays, store, product, productVariants, markets, categories, canonicalCategory,
    # displayItems, displayItems.productVariant, displayItems.display, media
    f"{{ displays(limit: 200) {{ {DISPLAY} }} }}": 1 + 11,
    # count, nodes + the same ten relations
    f"{{ displayConnection(first: 200) {{ totalCount edges {{ node {{ {DISPLAY} }} }} }} }}": 1
    + 12,
    "{ displayItems(limit: 200) { id display { id markets { id } } productVariant { id } } }": 1
    + 4,
    # bundles, product, productVariant, sections, sections.productVariants
    "{ bundles(limit: 200) { id product { id } productVariant { id } "
    "sections { id productVariants { id } } } }": 1 + 5,
    "{ bundleConnection(first: 200) { totalCount edges { node { id sections { quantity } } } } }": 1
    + 3,
    # products, displays, displays.markets; variants, displays; markets, displays, displays.product
    "{ products(limit: 200) { id displays { id markets { id } } } "
    "productVariants(limit: 200) { id displays { id } } "
    "markets { id displays(limit: 200) { id product { id } } } }": 1 + 8,
}


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def _grow(api: Api, catalog: Catalog, start: int, count: int) -> None:
    """``count`` more products, each with a display per store and a bundle."""
    chart, _ = make_size_chart(api.database, f"Bundle chart {start}", labels=("One Size",))
    for index in range(start, start + count):
        product = make_product(
            api.database, f"P{index}", product_number=f"G{index}", variants=("A", "B")
        )
        media = make_media(api.database, product.product_id, 2)
        for store, markets, categories in (
            (RETAIL, [{"id": SWEDEN}, {"id": USA}], [{"id": catalog.women}, {"id": catalog.men}]),
            (WHOLESALE, [{"id": catalog.wholesale_market}], [{"id": catalog.wholesale_category}]),
        ):
            created(
                api,
                store={"id": store},
                product={"id": product.product_id},
                name=f"Display {index}",
                status="ACTIVE",
                tags=["a"],
                comment="c",
                addMarkets=markets,
                addCategories=categories,
                canonicalCategory=categories[0],
                addProductVariants=[{"productVariant": {"id": v}} for v in product.variant_ids],
                addProductMedia=[{"productMedia": {"id": m}} for m in media],
            )
        result = api.ok(
            "mutation($input: BundleCreateInput!) { createBundle(input: $input) { userErrors { message } } }",
            {
                "input": {
                    "product": {"name": f"Bundle {index}", "productNumber": f"B{index}"},
                    "type": "FIXED",
                    "priceType": "STATIC",
                    "sizeChart": {"id": chart},
                    "addBundleSections": [
                        {
                            "quantity": 1,
                            "productVariants": [{"id": v} for v in product.variant_ids],
                        },
                        {"quantity": 1, "productVariants": [{"id": catalog.oak}]},
                    ],
                }
            },
        )
        assert result["createBundle"]["userErrors"] == []


@pytest.mark.parametrize("query", list(BUDGETS))
def test_statements_stay_within_budget_as_rows_grow(
    api: Api, catalog: Catalog, statements: StatementLog, query: str
) -> None:
    _grow(api, catalog, 0, 2)
    few = _statements_for(api, statements, query)
    _grow(api, catalog, 2, 8)
    many = _statements_for(api, statements, query)
    assert few == many == BUDGETS[query]


def test_a_store_restricted_token_costs_no_more(
    api: Api, catalog: Catalog, statements: StatementLog
) -> None:
    _grow(api, catalog, 0, 3)
    token = api.token("Display:read", "Market:read", store_id=WHOLESALE)
    query = "{ displays { id markets { id } } displayItems { id } }"
    api.ok(query, token=token)
    statements.reset()
    data: Any = api.ok(query, token=token)
    assert len(data["displays"]) == 3
    assert statements.count == 1 + 3
