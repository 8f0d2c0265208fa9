"""Product variants: creating them with their sizes, the rules of create/update, reading
them at the root and per product (where/sort/limit/page per parent)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from mercato.db import catalog_tables as catalog
from tests.products.catalog import (
    CATALOG,
    CREATE_VARIANT,
    UPDATE_VARIANT,
    create_product,
    create_size_chart,
    create_variant,
    single_error,
    sweater,
)
from tests.support import Api


def test_creating_a_variant_activates_its_sizes(api: Api) -> None:
    chart = create_size_chart(api, "Sweaters", ("S", "M", "L"))
    product = create_product(api, name="Sweater", productNumber="SW100", externalId="ERP-SW")
    result = create_variant(
        api,
        product={"externalId": "ERP-SW"},
        name="Red",
        variantNumber="01",
        internalName="Red (dyed)",
        unitCost={"value": 120.5, "currencyIsoCode": "SEK"},
        sizeChart={"id": chart["chart"]},
        externalId="ERP-SW-RED",
        productSizes=[
            {"size": {"name": "S"}, "sizeNumber": "1", "EAN": "7350000000011"},
            {"size": {"id": chart["M"]}, "sizeNumber": "2", "UPC": "012345678905"},
            {"size": {"externalId": "Sweaters|L"}, "sizeNumber": "3", "preorder": True},
        ],
    )
    assert result["userWarnings"] == []
    variant = result["productVariant"]
    assert variant["name"] == "Red"
    assert variant["status"] == "ACTIVE"
    assert variant["variantNumber"] == "01"
    assert variant["internalName"] == "Red (dyed)"
    assert variant["stockOffset"] == 0
    assert variant["unitCost"] == {
        "value": 120.5,
        "valueInCents": 12050,
        "currency": {"code": "SEK"},
        "formattedValue": "120.50 SEK",
    }
    assert variant["product"] == {"id": product["product"]["id"]}
    assert variant["sizeChart"] == {"id": chart["chart"]}
    assert [
        {k: s[k] for k in ("description", "sizeNumber", "SKU", "EAN", "UPC", "preorder")}
        for s in variant["productSizes"]
    ] == [
        {
            "description": "S",
            "sizeNumber": "1",
            "SKU": "SW100011",
            "EAN": "7350000000011",
            "UPC": None,
            "preorder": False,
        },
        {
            "description": "M",
            "sizeNumber": "2",
            "SKU": "SW100012",
            "EAN": None,
            "UPC": "012345678905",
            "preorder": False,
        },
        {
            "description": "L",
            "sizeNumber": "3",
            "SKU": "SW100013",
            "EAN": None,
            "UPC": None,
            "preorder": True,
        },
    ]
    assert api.ok('{ productVariant(externalId: "ERP-SW-RED") { id } }') == {
        "productVariant": {"id": variant["id"]}
    }


def test_a_variant_without_sizes_and_a_one_size_product(api: Api) -> None:
    chart = create_size_chart(api, "One Size", ("One Size",))
    product_id = create_product(api, name="Chair", productNumber="CH1")["product"]["id"]
    bare = create_variant(
        api, product={"id": product_id}, name="Oak", sizeChart={"id": chart["chart"]}
    )["productVariant"]
    assert bare["productSizes"] == []
    assert bare["variantNumber"] is None
    assert bare["unitCost"] is None
    sized = create_variant(
        api,
        product={"id": product_id},
        name="Walnut",
        sizeChart={"id": chart["chart"]},
        productSizes=[{"size": {"name": "One Size"}}],
    )["productVariant"]
    assert [(s["description"], s["SKU"]) for s in sized["productSizes"]] == [("One Size", "CH1")]


def test_unit_cost_is_rounded_to_the_currency_with_a_warning(api: Api) -> None:
    made = sweater(api)
    variant_id = made["variants"]["Red"]["id"]
    result = api.ok(
        UPDATE_VARIANT,
        {"id": variant_id, "input": {"unitCost": {"value": 9.999, "currencyIsoCode": "EUR"}}},
    )["updateProductVariant"]
    assert result["productVariant"]["unitCost"]["formattedValue"] == "10.00 EUR"
    assert result["userWarnings"] == [
        {
            "message": "Unit cost has been rounded to 2 decimal places.",
            "path": ["input", "unitCost", "value"],
        }
    ]
    cleared = api.ok(UPDATE_VARIANT, {"id": variant_id, "input": {"unitCost": None}})[
        "updateProductVariant"
    ]
    assert cleared["productVariant"]["unitCost"] is None


def test_updating_a_variant(api: Api) -> None:
    made = sweater(api)
    variant_id = made["variants"]["Blue"]["id"]
    result = api.ok(
        UPDATE_VARIANT,
        {
            "id": variant_id,
            "input": {
                "name": "Navy",
                "status": "INACTIVE",
                "variantNumber": "NV",
                "internalName": "navy blue",
                "sizeChart": {"id": made["chart"]["chart"]},
            },
        },
    )["updateProductVariant"]
    assert result["userErrors"] == []
    variant = result["productVariant"]
    assert (variant["name"], variant["status"], variant["variantNumber"]) == (
        "Navy",
        "INACTIVE",
        "NV",
    )
    assert variant["internalName"] == "navy blue"
    assert [s["SKU"] for s in variant["productSizes"]] == ["SW100NV1", "SW100NV2", "SW100NV3"]
    # The other variant's SKUs are untouched.
    red = api.ok(
        f"{{ productVariant(id: {made['variants']['Red']['id']}) {{ productSizes {{ SKU }} }} }}"
    )
    assert [s["SKU"] for s in red["productVariant"]["productSizes"]] == [
        "SW100011",
        "SW100012",
        "SW100013",
    ]
    cleared = api.ok(
        UPDATE_VARIANT, {"id": variant_id, "input": {"variantNumber": "", "internalName": None}}
    )["updateProductVariant"]["productVariant"]
    assert cleared["variantNumber"] is None
    assert cleared["internalName"] is None
    assert [s["SKU"] for s in cleared["productSizes"]] == ["SW1001", "SW1002", "SW1003"]


def test_internal_name_needs_its_permission(api: Api) -> None:
    made = sweater(api)
    api.ok(
        UPDATE_VARIANT,
        {"id": made["variants"]["Red"]["id"], "input": {"internalName": "secret"}},
    )
    token = api.token("ProductVariant:read")
    response = api.query("{ productVariants(limit: 1) { name internalName } }", token=token)
    assert response.data == {"productVariants": [{"name": "Red", "internalName": None}]}
    (error,) = response.errors
    assert error["message"] == (
        "You need ProductVariant.internalName:read permission to access internalName."
    )
    assert error["path"] == ["productVariants", 0, "internalName"]
    allowed = api.token("ProductVariant:read", "ProductVariant.internalName:read")
    assert api.ok("{ productVariants(limit: 1) { internalName } }", token=allowed) == {
        "productVariants": [{"internalName": "secret"}]
    }


def test_relations_of_a_variant_need_their_permissions(api: Api) -> None:
    sweater(api)
    token = api.token("ProductVariant:read")
    response = api.query(
        "{ productVariants(limit: 1) { product { id } sizeChart { id } productSizes { id } } }",
        token=token,
    )
    assert response.data == {
        "productVariants": [{"product": None, "sizeChart": None, "productSizes": None}]
    }
    assert sorted(e["message"] for e in response.errors) == [
        "You need Product:read permission to access product.",
        "You need ProductSize:read permission to access productSizes.",
        "You need SizeChart:read permission to access sizeChart.",
    ]
    product_token = api.token("Product:read")
    response = api.query("{ products { name variants { id } } }", token=product_token)
    assert response.data == {"products": [{"name": "Sweater", "variants": None}]}
    assert response.errors[0]["message"] == (
        "You need ProductVariant:read permission to access variants."
    )


def test_variants_per_product_take_where_sort_limit_and_page(api: Api) -> None:
    chart = create_size_chart(api, "One Size", ("One Size",))
    for product_name in ("Chair", "Table"):
        product_id = create_product(api, name=product_name, productNumber=product_name.upper())[
            "product"
        ]["id"]
        for index, colour in enumerate(("Oak", "Ash", "Elm")):
            create_variant(
                api,
                product={"id": product_id},
                name=colour,
                variantNumber=f"{index}",
                status="INACTIVE" if colour == "Ash" else "ACTIVE",
                sizeChart={"id": chart["chart"]},
            )
    data = api.ok(
        """{
          products {
            name
            all: variants { name }
            sorted: variants(sort: [name_ASC]) { name }
            active: variants(where: {status: [ACTIVE]}) { name }
            second: variants(sort: [name_DESC], limit: 1, page: 2) { name }
            numbered: variants(where: {variantNumber: {equals: "2"}}) { name }
          }
        }"""
    )
    for product in data["products"]:
        assert [v["name"] for v in product["all"]] == ["Oak", "Ash", "Elm"]
        assert [v["name"] for v in product["sorted"]] == ["Ash", "Elm", "Oak"]
        assert [v["name"] for v in product["active"]] == ["Oak", "Elm"]
        assert [v["name"] for v in product["second"]] == ["Elm"]
        assert [v["name"] for v in product["numbered"]] == ["Elm"]


def test_product_variants_root_filters_and_connection(api: Api) -> None:
    made = sweater(api)
    chart = create_size_chart(api, "One Size", ("One Size",))
    chair = create_product(api, name="Chair", productNumber="CH1")["product"]["id"]
    create_variant(api, product={"id": chair}, name="Oak", sizeChart={"id": chart["chart"]})
    data = api.ok(
        """query($product: Int!, $chart: Int!) {
          ofSweater: productVariants(where: {productId: [$product]}) { name }
          byChart: productVariants(where: {sizeChartId: [$chart]}) { name }
          byName: productVariants(where: {name: {contains: "e"}}, sort: [name_DESC]) { name }
          byNumber: productVariants(where: {variantNumber: {equals: "02"}}) { name }
          unnumbered: productVariants(where: {variantNumber: {equals: "x"}, negate: ["variantNumber"]}) { name }
          connection: productVariantConnection(sort: [id_DESC], first: 2) {
            totalCount pageInfo { hasNextPage } edges { node { name } }
          }
        }""",
        {"product": made["product"]["id"], "chart": chart["chart"]},
    )
    assert data["ofSweater"] == [{"name": "Red"}, {"name": "Blue"}]
    assert data["byChart"] == [{"name": "Oak"}]
    assert data["byName"] == [{"name": "Red"}, {"name": "Blue"}]
    assert data["byNumber"] == [{"name": "Blue"}]
    assert data["unnumbered"] == [{"name": "Red"}, {"name": "Blue"}]
    assert data["connection"] == {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": True},
        "edges": [{"node": {"name": "Oak"}}, {"node": {"name": "Blue"}}],
    }


def _base(api: Api) -> dict[str, Any]:
    made = sweater(api)
    other = create_size_chart(api, "Shoes", ("40", "41"))
    return {**made, "other": other}


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        ({"name": " "}, "A product variant needs a name.", ["input", "name"]),
        ({"sizeChart": None}, "needs a size chart", ["input", "sizeChart"]),
        ({"product": {"id": 999}}, "Could not find Product with ID 999", ["input", "product"]),
        (
            {"product": {"externalId": "nope"}},
            'Could not find Product with externalId "nope"',
            ["input", "product"],
        ),
        (
            {"sizeChart": {"id": 999}},
            "Could not find SizeChart with ID 999",
            ["input", "sizeChart"],
        ),
        (
            {"variantNumber": "01"},
            'already has variant number "01": variant numbers are unique within a product',
            ["input", "variantNumber"],
        ),
        ({"variantNumber": "0 1"}, "cannot contain blanks", ["input", "variantNumber"]),
        (
            {"unitCost": {"value": 1, "currencyIsoCode": "XXX"}},
            'Could not find Currency with code "XXX"',
            ["input", "unitCost", "currencyIsoCode"],
        ),
        (
            {"unitCost": {"value": -1, "currencyIsoCode": "SEK"}},
            "Unit cost cannot be negative",
            ["input", "unitCost", "value"],
        ),
        (
            {"productSizes": [{"size": {"name": "XL"}}]},
            'Size chart "Sweaters" has no size named "XL"',
            ["input", "productSizes", "0", "size"],
        ),
        (
            {"productSizes": [{"size": {"id": 999}}]},
            "Could not find Size with ID 999",
            ["input", "productSizes", "0", "size"],
        ),
        (
            {"productSizes": [{"size": {"externalId": "Shoes|40"}}]},
            'Size "40" belongs to size chart "Shoes", not to the variant\'s size chart "Sweaters"',
            ["input", "productSizes", "0", "size"],
        ),
        (
            {"productSizes": [{"size": {"externalId": "nope"}}]},
            'Could not find Size with externalId "nope"',
            ["input", "productSizes", "0", "size"],
        ),
        (
            {"productSizes": [{"size": {"name": "S", "id": 1}}]},
            "Give exactly one of id, externalId or name",
            ["input", "productSizes", "0", "size"],
        ),
        (
            {"productSizes": [{"size": {"name": "S"}}, {"size": {"name": "S"}}]},
            'Size name "S" is activated twice in this request',
            ["input", "productSizes", "1", "size"],
        ),
        (
            {"productSizes": [{"size": {"name": "S"}, "EAN": "123"}]},
            'EAN must be 8 or 13 digits, not "123"',
            ["input", "productSizes", "0", "EAN"],
        ),
        (
            {"productSizes": [{"size": {"name": "S"}, "EAN": "1234567a"}]},
            "EAN must be 8 or 13 digits",
            ["input", "productSizes", "0", "EAN"],
        ),
        (
            {"productSizes": [{"size": {"name": "S"}, "UPC": "1234567890123"}]},
            "UPC must be 12 digits",
            ["input", "productSizes", "0", "UPC"],
        ),
        (
            {"productSizes": [{"size": {"name": "S"}, "EAN": "12345670"}]},
            'EAN "12345670" already belongs to product size',
            ["input", "productSizes", "0", "EAN"],
        ),
        (
            {
                "productSizes": [
                    {"size": {"name": "S"}, "EAN": "87654321"},
                    {"size": {"name": "M"}, "EAN": "87654321"},
                ]
            },
            'EAN "87654321" is given twice in this request',
            ["input", "productSizes", "1", "EAN"],
        ),
        (
            {
                "productSizes": [
                    {"size": {"name": "S"}, "sizeNumber": "1"},
                    {"size": {"name": "M"}, "sizeNumber": "1"},
                ]
            },
            'Another size of this variant has size number "1"',
            ["input", "productSizes", "1", "sizeNumber"],
        ),
        (
            {"externalId": "ERP-RED"},
            'externalId "ERP-RED" already names ProductVariant',
            ["input", "externalId"],
        ),
    ],
)
def test_bad_variant_input_gives_a_user_error_and_changes_nothing(
    api: Api, change: dict[str, Any], message: str, path: list[str]
) -> None:
    made = _base(api)
    red = made["variants"]["Red"]
    api.ok(
        f'mutation {{ updateProductSize(id: {red["productSizes"][0]["id"]}, input: {{EAN: "12345670"}}) '
        "{ userErrors { message } } }"
    )
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: ProductVariant, "
        'internalId: $id, externalId: "ERP-RED"}) { userErrors { message } } }',
        {"id": red["id"]},
    )
    good = {
        "product": {"id": made["product"]["id"]},
        "name": "Green",
        "variantNumber": "03",
        "sizeChart": {"id": made["chart"]["chart"]},
    }
    before = api.ok(CATALOG)

    result = api.ok(CREATE_VARIANT, {"input": {**good, **change}})["createProductVariant"]

    assert result["productVariant"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


def test_every_size_problem_is_reported_at_once(api: Api) -> None:
    made = sweater(api)
    product_id = made["product"]["id"]
    result = api.ok(
        CREATE_VARIANT,
        {
            "input": {
                "product": {"id": product_id},
                "name": "Green",
                "sizeChart": {"id": made["chart"]["chart"]},
                "productSizes": [
                    {"size": {"name": "XL"}},
                    {"size": {"name": "S"}, "EAN": "1"},
                    {"size": {"name": "M"}, "UPC": "2"},
                ],
            }
        },
    )["createProductVariant"]
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productSizes", "0", "size"],
        ["input", "productSizes", "1", "EAN"],
        ["input", "productSizes", "2", "UPC"],
    ]


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        ({"name": ""}, "A product variant needs a name.", ["input", "name"]),
        (
            {"variantNumber": "02"},
            'already has variant number "02"',
            ["input", "variantNumber"],
        ),
        (
            {
                "name": "Crimson",
                "variantNumber": "09",
                "unitCost": {"value": 1, "currencyIsoCode": "XXX"},
            },
            'Could not find Currency with code "XXX"',
            ["input", "unitCost", "currencyIsoCode"],
        ),
        (
            {"name": "Crimson", "variantNumber": "09", "sizeChart": {"id": "OTHER"}},
            "A variant's size chart cannot change once it is assigned",
            ["input", "sizeChart"],
        ),
        (
            {"sizeChart": {"id": 999}},
            "Could not find SizeChart with ID 999",
            ["input", "sizeChart"],
        ),
    ],
)
def test_bad_variant_updates_give_a_user_error_and_change_nothing(
    api: Api, change: dict[str, Any], message: str, path: list[str]
) -> None:
    made = _base(api)
    if change.get("sizeChart", {}).get("id") == "OTHER":
        change = {**change, "sizeChart": {"id": made["other"]["chart"]}}
    before = api.ok(CATALOG)

    result = api.ok(UPDATE_VARIANT, {"id": made["variants"]["Red"]["id"], "input": change})[
        "updateProductVariant"
    ]

    assert result["productVariant"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


def test_updating_an_unknown_variant(api: Api) -> None:
    result = api.ok(UPDATE_VARIANT, {"externalId": "nope", "input": {"name": "x"}})[
        "updateProductVariant"
    ]
    assert result["userErrors"] == [
        {"message": 'Could not find ProductVariant with externalId "nope".', "path": ["externalId"]}
    ]


def test_no_variant_can_be_added_to_a_bundle(api: Api) -> None:
    made = sweater(api)
    product_id = made["product"]["id"]
    with api.database.write() as connection:
        connection.execute(
            update(catalog.products)
            .where(catalog.products.c.id == product_id)
            .values(is_bundle=True)
        )
    before = api.ok(CATALOG)
    result = api.ok(
        CREATE_VARIANT,
        {
            "input": {
                "product": {"id": product_id},
                "name": "Green",
                "sizeChart": {"id": made["chart"]["chart"]},
            }
        },
    )["createProductVariant"]
    error = single_error(result)
    assert (
        error["message"]
        == f"Product {product_id} is a bundle: its one variant belongs to the bundle."
    )
    assert error["path"] == ["input", "product"]
    assert api.ok(CATALOG) == before
