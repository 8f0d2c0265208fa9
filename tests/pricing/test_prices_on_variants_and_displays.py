"""Prices where the reference also shows them: per product variant and per display."""

from __future__ import annotations

from mercato.db.database import Database
from tests.factories import make_product
from tests.support import Api


def test_variant_and_display_prices(api: Api, database: Database) -> None:
    product = make_product(database, variants=("Red", "Blue"))
    pricelist = api.ok(
        'mutation { createPricelist(input: {name: "Nordic", status: ACTIVE, store: {id: 1}, currencyIsoCode: "SEK"}) '
        "{ pricelist { id } userErrors { message } } }"
    )["createPricelist"]["pricelist"]["id"]
    result = api.ok(
        """mutation($pricelist: Int!, $product: Int!) {
          setPrices(input: {pricelist: {id: $pricelist}, productPrices: [
            {product: {id: $product}, price: {value: 1000, currencyIsoCode: "SEK"}}]}) {
            userErrors { message }
          }
        }""",
        {"pricelist": pricelist, "product": product.product_id},
    )
    assert result["setPrices"]["userErrors"] == []
    display = api.ok(
        """mutation($product: Int!) {
          createDisplay(input: {store: {id: 1}, product: {id: $product}, name: "Sweater", status: ACTIVE}) {
            display { id } userErrors { message }
          }
        }""",
        {"product": product.product_id},
    )["createDisplay"]["display"]["id"]

    variants = api.ok(
        "query($id: Int!) { productVariants(where: {productId: [$id]}) { name prices { price { formattedValue } } } }",
        {"id": product.product_id},
    )["productVariants"]
    display_prices = api.ok(
        "query($id: Int!, $pricelist: Int!) { display(id: $id) { prices(where: {pricelistId: [$pricelist]}) "
        "{ productVariant { name } price { value } } } }",
        {"id": display, "pricelist": pricelist},
    )["display"]["prices"]

    assert variants == [
        {"name": "Red", "prices": [{"price": {"formattedValue": "1 000.00 SEK"}}]},
        {"name": "Blue", "prices": [{"price": {"formattedValue": "1 000.00 SEK"}}]},
    ]
    assert display_prices == [
        {"productVariant": {"name": "Red"}, "price": {"value": 1000.0}},
        {"productVariant": {"name": "Blue"}, "price": {"value": 1000.0}},
    ]
