"""Issue 17: ProductSize.GTIN, the ``ean`` casing of size inputs, Country.translations."""

from __future__ import annotations

from typing import Any

from tests.factories import make_product
from tests.support import Api

SIZES = "{ productSizes { id EAN UPC GTIN } }"


def _size_ids(api: Api) -> list[int]:
    return [s["id"] for s in api.ok(SIZES)["productSizes"]]


def test_gtin_is_the_ean_else_the_upc(api: Api) -> None:
    product = make_product(api.database)
    first, second, *_ = product.size_ids[0]
    api.ok(
        'mutation($id: Int!) { updateProductSize(id: $id, input: {EAN: "7350000001001"}) '
        "{ userErrors { message } } }",
        {"id": first},
    )
    api.ok(
        'mutation($id: Int!) { updateProductSize(id: $id, input: {UPC: "012345678905"}) '
        "{ userErrors { message } } }",
        {"id": second},
    )

    sizes = {s["id"]: s for s in api.ok(SIZES)["productSizes"]}

    assert sizes[first]["GTIN"] == "7350000001001"
    assert sizes[second]["GTIN"] == "012345678905"


def _create_size(api: Api, variant: int, size: int, **members: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(
        "mutation($input: ProductSizeCreateInput!) { createProductSize(input: $input) "
        "{ productSize { EAN } userErrors { message path } } }",
        {"input": {"productVariant": {"id": variant}, "size": {"id": size}, **members}},
    )["createProductSize"]
    return result


def test_ean_in_either_casing_sets_the_ean(api: Api) -> None:
    chart = api.ok(
        'mutation { createSizeChart(input: {name: "Three", horizontalLabels: ["A", "B", "C"]}) '
        "{ sizeChart { id sizes { id } } userErrors { message } } }"
    )["createSizeChart"]["sizeChart"]
    product = api.ok(
        'mutation { createProduct(input: {name: "P", productNumber: "P1"}) { product { id } '
        "userErrors { message } } }"
    )["createProduct"]["product"]
    variant = api.ok(
        "mutation($p: Int!, $c: Int!) { createProductVariant(input: {product: {id: $p}, "
        'name: "V", sizeChart: {id: $c}, productSizes: [{size: {name: "A"}, ean: "7350000000011"}]}) '
        "{ productVariant { id productSizes { EAN } } userErrors { message } } }",
        {"p": product["id"], "c": chart["id"]},
    )["createProductVariant"]["productVariant"]
    _, b, c = (s["id"] for s in chart["sizes"])
    before = api.ok(SIZES)

    both = _create_size(api, variant["id"], b, EAN="7350000000028", ean="7350000000035")

    assert both == {
        "productSize": None,
        "userErrors": [
            {
                "message": "EAN and ean name the same value: give one of them.",
                "path": ["input", "ean"],
            }
        ],
    }
    assert api.ok(SIZES) == before
    assert variant["productSizes"] == [{"EAN": "7350000000011"}]
    assert _create_size(api, variant["id"], b, ean="7350000000028")["productSize"] == {
        "EAN": "7350000000028"
    }
    assert _create_size(api, variant["id"], c, EAN="7350000000035", ean="7350000000035")[
        "productSize"
    ] == {"EAN": "7350000000035"}
    size_id = _size_ids(api)[-1]
    cleared = api.ok(
        "mutation($id: Int!) { updateProductSize(id: $id, input: {ean: null}) "
        "{ productSize { EAN } userErrors { message } } }",
        {"id": size_id},
    )["updateProductSize"]
    assert cleared["productSize"] == {"EAN": None}


def test_a_countrys_name_is_translated(api: Api) -> None:
    sweden = api.ok('{ countries(where: {code: "SE"}) { id } }')["countries"][0]["id"]
    swedish = api.ok('{ languages(where: {code: ["sv"]}) { id } }')["languages"][0]["id"]

    result = api.ok(
        "mutation($input: TranslationsSetInput!) { setTranslations(input: $input) { "
        "object { ... on Country { translations { language { code } fields { field value } } } } "
        "userErrors { message } } }",
        {
            "input": {
                "objectType": "Country",
                "objectId": sweden,
                "language": {"id": swedish},
                "translations": [{"field": "name", "value": "Sverige"}],
            }
        },
    )["setTranslations"]

    assert result["object"]["translations"] == [
        {"language": {"code": "sv"}, "fields": [{"field": "name", "value": "Sverige"}]}
    ]
    read = api.ok(
        '{ countries(where: {code: ["SE", "NO"]}) { code translations { fields { value } } } }'
    )
    assert read["countries"] == [
        {"code": "NO", "translations": []},
        {"code": "SE", "translations": [{"fields": [{"value": "Sverige"}]}]},
    ]
    refused = api.ok(
        "mutation($input: TranslationsSetInput!) { setTranslations(input: $input) "
        "{ userErrors { message path } } }",
        {
            "input": {
                "objectType": "Country",
                "objectId": sweden,
                "language": {"id": swedish},
                "translations": [{"field": "code", "value": "X"}],
            }
        },
    )["setTranslations"]
    assert refused["userErrors"][0]["path"] == ["input", "translations", "0", "field"]
