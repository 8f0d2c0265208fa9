"""Prices where the reference also shows them: ``ProductVariant.prices`` (the variant's price
in every pricelist that has one) and ``Display.prices`` (the prices of the display's product
in the pricelists of the display's store), with the arguments of ``Pricelist.prices``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import MadeProduct, make_product
from tests.pricing.support import EUR_WHOLESALE, RETAIL, SEK, SET_PRICES, USD, WHOLESALE, money
from tests.support import Api

PRICE = "id pricelist { id } productVariant { id } price { value currency { code } } isIndividual"


def _set(api: Api, pricelist: int, *product_prices: dict[str, Any]) -> None:
    result = api.ok(
        SET_PRICES,
        {"input": {"pricelist": {"id": pricelist}, "productPrices": list(product_prices)}},
    )["setPrices"]
    assert result["userErrors"] == []


def _priced(api: Api, name: str = "Sweater", base: float = 1000) -> MadeProduct:
    """A product (Red, Blue) priced in the three demo pricelists; Blue priced on its own in
    SEK."""
    product = make_product(api.database, name, variants=("Red", "Blue"))
    blue = product.variant_ids[1]
    _set(
        api,
        SEK,
        {
            "product": {"id": product.product_id},
            "price": money(base),
            "individualVariantPrices": [
                {"productVariant": {"id": blue}, "price": money(base + 200)}
            ],
        },
    )
    _set(api, USD, {"product": {"id": product.product_id}, "price": money(base / 10, "USD")})
    _set(
        api,
        EUR_WHOLESALE,
        {"product": {"id": product.product_id}, "price": money(base / 20, "EUR")},
    )
    return product


def _display(api: Api, product: MadeProduct, store: int) -> int:
    result = api.ok(
        """mutation($product: Int!, $store: Int!) {
          createDisplay(input: {store: {id: $store}, product: {id: $product}, name: "Sweater",
                                status: ACTIVE}) { display { id } userErrors { message } }
        }""",
        {"product": product.product_id, "store": store},
    )["createDisplay"]
    assert result["userErrors"] == []
    display_id: int = result["display"]["id"]
    return display_id


def _price(pricelist: int, variant: int, value: float, code: str, individual: bool) -> Any:
    return {
        "pricelist": {"id": pricelist},
        "productVariant": {"id": variant},
        "price": {"value": value, "currency": {"code": code}},
        "isIndividual": individual,
    }


def _without_ids(prices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k != "id"} for p in prices]


def test_a_variants_prices_are_its_rows_in_every_pricelist(api: Api) -> None:
    product = _priced(api)
    red, blue = product.variant_ids
    unpriced = make_product(api.database, "Unpriced", variants=("Green",))
    variants = api.ok(
        f"query($ids: [Int!]) {{ productVariants(where: {{id: $ids}}) {{ id prices {{ {PRICE} }} }} }}",
        {"ids": [red, blue, unpriced.variant_ids[0]]},
    )["productVariants"]
    by_variant = {v["id"]: v["prices"] for v in variants}
    assert _without_ids(by_variant[red]) == [
        _price(SEK, red, 1000.0, "SEK", False),
        _price(USD, red, 100.0, "USD", False),
        _price(EUR_WHOLESALE, red, 50.0, "EUR", False),
    ]
    assert _without_ids(by_variant[blue]) == [
        _price(SEK, blue, 1200.0, "SEK", True),
        _price(USD, blue, 100.0, "USD", False),
        _price(EUR_WHOLESALE, blue, 50.0, "EUR", False),
    ]
    assert by_variant[unpriced.variant_ids[0]] == []
    # The same Price objects as the pricelists list.
    listed = api.ok(
        "query($v: [Int!]) { pricelists { prices(where: {productVariantId: $v}) { id } } }",
        {"v": [red]},
    )["pricelists"]
    assert [p["id"] for p in by_variant[red]] == [p["prices"][0]["id"] for p in listed]


def test_a_displays_prices_are_its_products_in_its_stores_pricelists(api: Api) -> None:
    product = _priced(api)
    other = _priced(api, "Other", base=3000)
    red, blue = product.variant_ids
    retail = _display(api, product, RETAIL)
    wholesale = _display(api, product, WHOLESALE)
    _display(api, other, RETAIL)
    displays = api.ok(
        f"query($ids: [Int!]) {{ displays(where: {{id: $ids}}) {{ id prices {{ {PRICE} }} }} }}",
        {"ids": [retail, wholesale]},
    )["displays"]
    by_display = {d["id"]: _without_ids(d["prices"]) for d in displays}
    # Retail store: SEK and USD (by pricelist, then variant); never the wholesale EUR one.
    assert by_display[retail] == [
        _price(SEK, red, 1000.0, "SEK", False),
        _price(SEK, blue, 1200.0, "SEK", True),
        _price(USD, red, 100.0, "USD", False),
        _price(USD, blue, 100.0, "USD", False),
    ]
    assert by_display[wholesale] == [
        _price(EUR_WHOLESALE, red, 50.0, "EUR", False),
        _price(EUR_WHOLESALE, blue, 50.0, "EUR", False),
    ]
    # A display whose product has no price in its store's pricelists has none.
    bare = make_product(api.database, "Bare", variants=("Grey",))
    _set(api, EUR_WHOLESALE, {"product": {"id": bare.product_id}, "price": money(5, "EUR")})
    bare_display = _display(api, bare, RETAIL)
    assert api.ok(
        "query($id: Int!) { display(id: $id) { prices { id } } }", {"id": bare_display}
    ) == {"display": {"prices": []}}


def test_where_sort_and_paging(api: Api) -> None:
    product = _priced(api)
    red, blue = product.variant_ids
    display = _display(api, product, RETAIL)
    variant = api.ok(
        """query($id: Int!) { productVariant(id: $id) {
          usd: prices(where: {pricelistId: [2]}) { pricelist { id } }
          notUsd: prices(where: {pricelistId: [2], negate: ["pricelistId"]}) { pricelist { id } }
          last: prices(sort: [pricelistId_DESC], limit: 1) { pricelist { id } }
          second: prices(limit: 1, page: 2) { pricelist { id } }
          beyond: prices(limit: 2, page: 3) { pricelist { id } }
        } }""",
        {"id": red},
    )["productVariant"]
    assert variant == {
        "usd": [{"pricelist": {"id": USD}}],
        "notUsd": [{"pricelist": {"id": SEK}}, {"pricelist": {"id": EUR_WHOLESALE}}],
        "last": [{"pricelist": {"id": EUR_WHOLESALE}}],
        "second": [{"pricelist": {"id": USD}}],
        "beyond": [],
    }
    shown = api.ok(
        """query($id: Int!, $blue: [Int!]) { display(id: $id) {
          blue: prices(where: {productVariantId: $blue}) { pricelist { id } productVariant { id } }
          newest: prices(sort: [productVariantId_DESC, pricelistId_DESC], limit: 3)
            { pricelist { id } productVariant { id } }
          page2: prices(limit: 3, page: 2) { pricelist { id } productVariant { id } }
          wholesale: prices(where: {pricelistId: [3]}) { id }
        } }""",
        {"id": display, "blue": [blue]},
    )["display"]

    def row(pricelist: int, variant: int) -> dict[str, Any]:
        return {"pricelist": {"id": pricelist}, "productVariant": {"id": variant}}

    assert shown == {
        "blue": [row(SEK, blue), row(USD, blue)],
        "newest": [row(USD, blue), row(SEK, blue), row(USD, red)],
        "page2": [row(USD, blue)],
        "wholesale": [],
    }


@pytest.mark.one_backend
@pytest.mark.parametrize("field", ["productVariant(id: 1)", "display(id: 1)"])
def test_the_limit_is_checked_before_anything_runs(api: Api, field: str) -> None:
    response = api.query(f"{{ {field} {{ prices(limit: 201) {{ id }} }} }}")
    assert response.status == 400
    assert response.errors[0]["message"] == "prices: limit must be between 1 and 200, not 201."


def test_without_price_read_the_prices_are_null_with_an_authorization_error(api: Api) -> None:
    product = _priced(api)
    display = _display(api, product, RETAIL)
    token = api.token("ProductVariant:read", "Display:read")
    response = api.query(
        "query($v: Int!, $d: Int!) { productVariant(id: $v) { id prices { id } } "
        "display(id: $d) { id prices(limit: 5) { id price { value } } } }",
        {"v": product.variant_ids[0], "d": display},
        token=token,
    )
    assert response.status == 200
    assert response.data == {
        "productVariant": {"id": product.variant_ids[0], "prices": None},
        "display": {"id": display, "prices": None},
    }
    assert [(e["message"], e["path"], e["extensions"]["category"]) for e in response.errors] == [
        (
            "You need Price:read permission to access prices.",
            ["productVariant", "prices"],
            "authorization",
        ),
        (
            "You need Price:read permission to access prices.",
            ["display", "prices"],
            "authorization",
        ),
    ]
    assert "Price:read" in response.extensions["permissionsUsed"]


def test_a_store_restricted_token_sees_its_stores_prices_only(api: Api) -> None:
    product = _priced(api)
    red = product.variant_ids[0]
    retail_display = _display(api, product, RETAIL)
    wholesale_display = _display(api, product, WHOLESALE)
    query = (
        "query($v: Int!, $d: [Int!]) { productVariant(id: $v) { prices { pricelist { id } } } "
        "displays(where: {id: $d}) { id prices { pricelist { id } } } }"
    )
    variables = {"v": red, "d": [retail_display, wholesale_display]}
    for store, pricelists, display in (
        (RETAIL, [SEK, USD], retail_display),
        (WHOLESALE, [EUR_WHOLESALE], wholesale_display),
    ):
        token = api.token("ProductVariant:read", "Display:read", "Price:read", store_id=store)
        data = api.ok(query, variables, token=token)
        assert data["productVariant"]["prices"] == [{"pricelist": {"id": p}} for p in pricelists]
        (shown,) = data["displays"]
        assert shown["id"] == display
        assert {p["pricelist"]["id"] for p in shown["prices"]} == set(pricelists)
