"""The Occtoo provider's product pull (occtoo_provider.py), verbatim, against the demo catalog:
every page until one holds fewer than the page size, as the provider loops."""

from __future__ import annotations

from typing import Any

from tests.clients.conftest import GENERATED_PRODUCTS, sent
from tests.clients.occtoo_provider import (
    PRODUCT_NUMBERS_PAGE,
    PRODUCTS_BY_NUMBER,
    PRODUCTS_PAGE,
    document,
)
from tests.support import Api


def _all_pages(api: Api, template: str, size: int, **values: object) -> list[dict[str, Any]]:
    products: list[dict[str, Any]] = []
    page = 1
    while True:
        found = sent(api, document(template, page=page, **values))["products"]
        assert isinstance(found, list)
        products.extend(found)
        if len(found) < size:
            return products
        page += 1


def _with_translated_origin(api: Api) -> None:
    """A product made in Sweden, whose name has a translation (the provider reads
    ``countryOfOrigin { name translations { language { name } fields { value } } }``)."""
    language = api.ok("{ languages(where: {isActive: true}) { id code } }")["languages"][0]
    sweden = api.ok('{ countries(where: {code: "SE"}) { id } }')["countries"][0]
    api.ok(
        "mutation($input: TranslationsSetInput!) { setTranslations(input: $input) "
        "{ userErrors { message } } }",
        {
            "input": {
                "objectType": "Country",
                "objectId": sweden["id"],
                "language": {"id": language["id"]},
                "translations": [{"field": "name", "value": "Schweden"}],
            }
        },
    )
    api.ok(
        'mutation { updateProduct(id: 1, input: {countryOfOrigin: {code: "SE"}}) '
        "{ userErrors { message } } }"
    )


def test_the_product_pull_reads_every_product_with_its_whole_tree(catalog_api: Api) -> None:
    _with_translated_origin(catalog_api)

    products = _all_pages(catalog_api, PRODUCTS_PAGE, 10)

    assert len(products) >= GENERATED_PRODUCTS
    first = next(p for p in products if p["id"] == 1)
    assert first["countryOfOrigin"]["translations"][0]["fields"] == [{"value": "Schweden"}]
    variant = first["variants"][0]
    assert variant["prices"]
    assert variant["prices"][0]["price"]["currency"]["code"]
    sizes = [row["productSize"] for row in variant["stock"]]
    assert sizes
    assert all(size["SKU"] for size in sizes)
    # GTIN, deprecated, is the EAN (or the UPC): the generated sizes have neither.
    assert {size["GTIN"] for size in sizes} == {None}
    assert first["displays"][0]["displayItems"]
    supplied = [v for p in products for v in p["variants"] if v["supply"]]
    assert supplied, "the supplier demo orders the first products' variants"


def test_the_pull_by_product_number_finds_one_product(catalog_api: Api) -> None:
    products = _all_pages(catalog_api, PRODUCTS_BY_NUMBER, 5, product_number="GEN-000003")

    assert [p["productNumber"] for p in products] == ["GEN-000003"]


def test_the_product_number_listing_pages_by_200(catalog_api: Api) -> None:
    numbers = _all_pages(catalog_api, PRODUCT_NUMBERS_PAGE, 200)

    assert {"GEN-000001", "GEN-000020"} <= {p["productNumber"] for p in numbers}


def test_a_deprecated_field_is_reported_in_the_envelope(catalog_api: Api) -> None:
    response = catalog_api.query(document(PRODUCTS_BY_NUMBER, page=1, product_number="GEN-000001"))

    assert response.status == 200
    assert response.extensions["deprecatedFieldsUsed"] == [
        "Field: ProductSize.GTIN, reason: Use EAN or UPC., date of removal: not scheduled"
    ]
