"""Statement budgets: every pricing list costs one statement per level, however many rows
there are, and setPrices writes with a constant number of statements."""

from __future__ import annotations

from typing import Any

from tests.factories import make_product
from tests.pricing.support import EUR_WHOLESALE, SEK, SET_PRICES, USD, money
from tests.support import Api, StatementLog

PRICELISTS = """{
  pricelists {
    id name store { id } currency { code } assignedToCountries { code }
    prices(limit: 50) {
      price { value formattedValue currency { code } }
      recommendedRetailPrice { value }
      pricelist { id } product { id } productVariant { id }
    }
  }
}"""

ALTERATIONS = """{
  priceAlterations {
    id store { id }
    prices(limit: 50) {
      price { value formattedValue currency { code } }
      pricelist { id } priceAlteration { id } product { id } productVariant { id }
    }
  }
}"""


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def _grow(api: Api, count: int, first: int) -> list[int]:
    """``count`` more products, priced in every pricelist and in a price alteration."""
    products = [
        make_product(api.database, f"Product {first + i}", variants=("Red", "Blue"))
        for i in range(count)
    ]
    for pricelist, code in ((SEK, "SEK"), (USD, "USD"), (EUR_WHOLESALE, "EUR")):
        api.ok(
            SET_PRICES,
            {
                "input": {
                    "pricelist": {"id": pricelist},
                    "productPrices": [
                        {"product": {"id": p.product_id}, "price": money(10, code)}
                        for p in products
                    ],
                }
            },
        )
    api.ok(
        "mutation($input: ProductAlteredPricesSetInput!) { setAlteredPrices(input: $input) "
        "{ userErrors { message } } }",
        {
            "input": {
                "priceAlteration": {"id": 1},
                "pricelist": {"id": EUR_WHOLESALE},
                "productPrices": [
                    {"product": {"id": p.product_id}, "price": money(8, "EUR")} for p in products
                ],
            }
        },
    )
    return [p.product_id for p in products]


def test_list_statement_counts_stay_constant_as_rows_grow(
    api: Api, statements: StatementLog
) -> None:
    api.ok(
        'mutation { createPriceAlteration(input: {name: "Spring", status: ACTIVE, store: {id: 2}, '
        'startDate: "2027-03-01"}) { userErrors { message } } }'
    )
    _grow(api, 1, 0)
    few = {q: _statements_for(api, statements, q) for q in (PRICELISTS, ALTERATIONS)}
    _grow(api, 12, 1)
    for index in range(5):
        api.ok(
            "mutation($name: String!) { createPricelist(input: {name: $name, status: ACTIVE, "
            'store: {id: 1}, currencyIsoCode: "EUR"}) { userErrors { message } } }',
            {"name": f"Extra {index}"},
        )
        api.ok(
            "mutation($name: String!) { createPriceAlteration(input: {name: $name, "
            'status: INACTIVE, store: {id: 2}, startDate: "2027-01-01"}) '
            "{ userErrors { message } } }",
            {"name": f"Extra {index}"},
        )
    many = {q: _statements_for(api, statements, q) for q in (PRICELISTS, ALTERATIONS)}
    assert few == many
    # 1 authentication + pricelists, store, currency, countries, prices, the currencies
    # lookup of MonetaryValue, price currency, pricelist, product, variant.
    assert many[PRICELISTS] == 1 + 10
    # 1 authentication + alterations, store, prices, lookup, currency, pricelist,
    # alteration, product, variant.
    assert many[ALTERATIONS] == 1 + 9


def _set_statements(
    api: Api, statements: StatementLog, products: list[int], pricelist: int = SEK
) -> int:
    variables: dict[str, Any] = {
        "input": {
            "pricelist": {"id": pricelist},
            "productPrices": [
                {"product": {"id": p}, "price": money(20 + i)} for i, p in enumerate(products)
            ],
        }
    }
    statements.reset()
    result = api.ok(SET_PRICES.replace("products { id }", ""), variables)["setPrices"]
    assert result["userErrors"] == []
    return statements.count


def test_set_prices_writes_with_a_constant_number_of_statements(
    api: Api, statements: StatementLog
) -> None:
    api.ok(
        'mutation { createPriceAlteration(input: {name: "Spring", status: ACTIVE, store: {id: 2}, '
        'startDate: "2027-03-01"}) { userErrors { message } } }'
    )
    few = _grow(api, 2, 0)
    many = _grow(api, 40, 2)
    # Half of each call updates stored prices, half inserts new ones.
    fresh_few = [make_product(api.database, f"New {i}").product_id for i in range(2)]
    fresh_many = [make_product(api.database, f"Newer {i}").product_id for i in range(40)]
    small = _set_statements(api, statements, few + fresh_few)
    large = _set_statements(api, statements, many + fresh_many)
    assert small == large
    # 1 authentication + the service's pricelist, its facts, products, variants, bundles,
    # stored prices, one INSERT and one UPDATE + the payload's pricelist.
    assert large == 1 + 8 + 1


VARIANT_PRICES = """{
  productVariants(limit: 200) {
    id
    prices { price { value } recommendedRetailPrice { value } pricelist { id } productVariant { id } }
  }
}"""

DISPLAY_PRICES = """{
  displays(limit: 200) {
    id
    prices { price { value } pricelist { id } productVariant { id } }
  }
}"""


def _display_everywhere(api: Api, products: list[int]) -> None:
    for product in products:
        for store in (1, 2):
            result = api.ok(
                "mutation($p: Int!, $s: Int!) { createDisplay(input: {store: {id: $s}, "
                'product: {id: $p}, name: "Display", status: ACTIVE}) { userErrors { message } } }',
                {"p": product, "s": store},
            )
            assert result["createDisplay"]["userErrors"] == []


def test_variant_and_display_prices_cost_one_statement_per_level(
    api: Api, statements: StatementLog
) -> None:
    _display_everywhere(api, _grow(api, 1, 0))
    few = {q: _statements_for(api, statements, q) for q in (VARIANT_PRICES, DISPLAY_PRICES)}
    _display_everywhere(api, _grow(api, 12, 1))
    many = {q: _statements_for(api, statements, q) for q in (VARIANT_PRICES, DISPLAY_PRICES)}
    assert few == many
    # 1 authentication + variants, prices, the currencies lookup, pricelist, variant.
    assert many[VARIANT_PRICES] == 1 + 5
    # 1 authentication + displays, prices, the currencies lookup, pricelist, variant.
    assert many[DISPLAY_PRICES] == 1 + 5
    # More prices under one parent than the limit: one numbered read more, once.
    capped = {
        q: _statements_for(api, statements, q.replace("prices {", "prices(limit: 1) {"))
        for q in (VARIANT_PRICES, DISPLAY_PRICES)
    }
    assert capped == {q: count + 1 for q, count in many.items()}
    _display_everywhere(api, _grow(api, 5, 13))
    assert capped == {
        q: _statements_for(api, statements, q.replace("prices {", "prices(limit: 1) {"))
        for q in (VARIANT_PRICES, DISPLAY_PRICES)
    }
