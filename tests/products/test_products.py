"""Products: reading (filters, sorts, connection, nested permissions) and the rules of
createProduct/updateProduct."""

from __future__ import annotations

from typing import Any

import pytest

from tests.products.catalog import (
    CATALOG,
    CREATE_PRODUCT,
    UPDATE_PRODUCT,
    create_product,
    single_error,
    sweater,
)
from tests.support import Api


def _classification(api: Api) -> dict[str, int]:
    data = api.ok(
        """mutation {
          createBrand(input: {name: "Mercato Basics"}) { brand { id } userErrors { message } }
          createCollection(input: {name: "SS27"}) { collection { id } userErrors { message } }
          createFolder(input: {name: "Tops"}) { folder { id } userErrors { message } }
        }"""
    )
    return {
        "brand": data["createBrand"]["brand"]["id"],
        "collection": data["createCollection"]["collection"]["id"],
        "folder": data["createFolder"]["folder"]["id"],
    }


def test_creating_a_product_with_every_member(api: Api) -> None:
    ids = _classification(api)
    result = create_product(
        api,
        name="  Sweater ",
        productNumber="SW100",
        status="INACTIVE",
        brand={"id": ids["brand"]},
        collection={"id": ids["collection"]},
        folder={"id": ids["folder"]},
        countryOfOrigin={"code": "SE"},
        harmonizedCommodityCode="6110",
        harmonizedCommodityCodeDescription="Jerseys, pullovers",
        internalComment="Bestseller",
        isSerializableProduct=True,
        weight={"value": 0.5, "unit": "KILOGRAMS"},
    )
    assert result["userWarnings"] == []
    product = result["product"]
    assert {k: v for k, v in product.items() if k not in ("id", "createdAt", "updatedAt")} == {
        "name": "Sweater",
        "status": "INACTIVE",
        "productNumber": "SW100",
        "harmonizedCommodityCode": "6110",
        "harmonizedCommodityCodeDescription": "Jerseys, pullovers",
        "internalComment": "Bestseller",
        "isBundle": False,
        "isSerializableProduct": True,
        "brand": {"id": ids["brand"]},
        "collection": {"id": ids["collection"]},
        "folder": {"id": ids["folder"]},
        "countryOfOrigin": {"code": "SE"},
        "weight": {"value": 0.5, "unit": "KILOGRAMS", "formattedValue": "0.500 kg"},
    }
    assert product["createdAt"].endswith("+00:00")


def test_defaults_of_a_new_product(api: Api) -> None:
    product = create_product(api, name="Chair", productNumber="CH1")["product"]
    assert product["status"] == "ACTIVE"
    assert product["isSerializableProduct"] is False
    assert product["weight"] is None
    assert product["brand"] is None
    assert product["countryOfOrigin"] is None


def test_weight_is_rounded_with_a_warning_and_a_unit_change_warns(api: Api) -> None:
    created = create_product(
        api, name="Chair", productNumber="CH1", weight={"value": 1.23456, "unit": "KILOGRAMS"}
    )
    assert created["product"]["weight"] == {
        "value": 1.235,
        "unit": "KILOGRAMS",
        "formattedValue": "1.235 kg",
    }
    assert created["userWarnings"] == [
        {
            "message": "Weight has been rounded to 3 decimal places.",
            "path": ["input", "weight", "value"],
        }
    ]
    product_id = created["product"]["id"]
    updated = api.ok(
        UPDATE_PRODUCT, {"id": product_id, "input": {"weight": {"value": 3, "unit": "POUNDS"}}}
    )["updateProduct"]
    assert updated["product"]["weight"]["formattedValue"] == "3.000 lb"
    assert updated["userWarnings"] == [
        {
            "message": "Weight unit has been changed from KILOGRAMS to POUNDS.",
            "path": ["input", "weight", "unit"],
        }
    ]
    same_unit = api.ok(
        UPDATE_PRODUCT, {"id": product_id, "input": {"weight": {"value": 2, "unit": "POUNDS"}}}
    )["updateProduct"]
    assert same_unit["userWarnings"] == []


def test_updating_members_and_unsetting_with_null(api: Api) -> None:
    ids = _classification(api)
    product_id = create_product(
        api,
        name="Chair",
        productNumber="CH1",
        brand={"id": ids["brand"]},
        countryOfOrigin={"code": "SE"},
        internalComment="old",
        harmonizedCommodityCode="9401",
        weight={"value": 7, "unit": "KILOGRAMS"},
    )["product"]["id"]
    result = api.ok(
        UPDATE_PRODUCT,
        {
            "id": product_id,
            "input": {
                "name": "Armchair",
                "status": "INACTIVE",
                "brand": None,
                "countryOfOrigin": {"code": "DK"},
                "folder": {"id": ids["folder"]},
                "internalComment": "",
                "harmonizedCommodityCode": None,
                "weight": None,
                "isSerializableProduct": True,
            },
        },
    )["updateProduct"]
    assert result["userErrors"] == []
    product = result["product"]
    assert product["name"] == "Armchair"
    assert product["status"] == "INACTIVE"
    assert product["brand"] is None
    assert product["countryOfOrigin"] == {"code": "DK"}
    assert product["folder"] == {"id": ids["folder"]}
    assert product["internalComment"] is None
    assert product["harmonizedCommodityCode"] is None
    assert product["weight"] is None
    assert product["isSerializableProduct"] is True
    # Members left out stay as they are.
    untouched = api.ok(UPDATE_PRODUCT, {"id": product_id, "input": {}})["updateProduct"]
    assert {k: v for k, v in untouched["product"].items() if k != "updatedAt"} == {
        k: v for k, v in product.items() if k != "updatedAt"
    }


def test_a_new_product_number_rewrites_every_sku(api: Api) -> None:
    made = sweater(api)
    result = api.ok(
        UPDATE_PRODUCT, {"id": made["product"]["id"], "input": {"productNumber": "SW200"}}
    )["updateProduct"]
    assert result["userErrors"] == []
    skus = api.ok("{ productSizes(sort: [id_ASC]) { SKU } }")["productSizes"]
    assert [s["SKU"] for s in skus] == [
        "SW200011",
        "SW200012",
        "SW200013",
        "SW200021",
        "SW200022",
        "SW200023",
    ]


def test_external_id_on_create_and_reads_and_updates_by_it(api: Api) -> None:
    product_id = create_product(api, name="Chair", productNumber="CH1", externalId="ERP-CH1")[
        "product"
    ]["id"]
    assert api.ok('{ product(externalId: "ERP-CH1") { id } }') == {"product": {"id": product_id}}
    entries = api.ok("{ idConversions(where: {objectType: Product}) { internalId externalId } }")
    assert entries["idConversions"] == [{"internalId": product_id, "externalId": "ERP-CH1"}]
    updated = api.ok(UPDATE_PRODUCT, {"externalId": "ERP-CH1", "input": {"name": "Stool"}})[
        "updateProduct"
    ]
    assert updated["product"]["name"] == "Stool"
    # Another integration does not see the entry.
    other = api.token("Product:read", integration="other")
    assert api.ok('{ product(externalId: "ERP-CH1") { id } }', token=other) == {"product": None}


def test_reading_by_id_and_unknown_ids(api: Api) -> None:
    product_id = create_product(api, name="Chair", productNumber="CH1")["product"]["id"]
    assert api.ok(f"{{ product(id: {product_id}) {{ name }} }}") == {"product": {"name": "Chair"}}
    assert api.ok("{ product(id: 999) { name } }") == {"product": None}
    assert api.ok('{ product(externalId: "nope") { name } }') == {"product": None}


def test_products_filter_and_sort(api: Api) -> None:
    ids = _classification(api)
    for name, number, status, brand in (
        ("Sweater", "SW1", "ACTIVE", ids["brand"]),
        ("Cardigan", "CA1", "INACTIVE", ids["brand"]),
        ("Chair", "CH1", "ACTIVE", None),
    ):
        create_product(
            api,
            name=name,
            productNumber=number,
            status=status,
            brand=None if brand is None else {"id": brand},
        )
    data = api.ok(
        """query($brand: Int!) {
          byName: products(where: {name: {contains: "C"}}, sort: [name_ASC]) { name }
          byNumber: products(where: {productNumber: {equals: "CH1"}}) { name }
          inactive: products(where: {status: [INACTIVE]}) { name }
          branded: products(where: {brandId: [$brand]}) { name }
          withBrand: products(where: {notNull: ["brandId"]}) { name }
          byNumberDesc: products(sort: [productNumber_DESC]) { productNumber }
          paged: products(limit: 1, page: 2) { name }
          notSweater: products(where: {productNumber: {equals: "SW1"}, negate: ["productNumber"]}) { name }
          recent: products(where: {createdAt: {from: "2000-01-01T00:00:00+00:00"}}) { name }
          future: products(where: {updatedAt: {from: "2999-01-01T00:00:00+00:00"}}) { name }
        }""",
        {"brand": ids["brand"]},
    )
    assert data["byName"] == [{"name": "Cardigan"}, {"name": "Chair"}]
    assert data["byNumber"] == [{"name": "Chair"}]
    assert data["inactive"] == [{"name": "Cardigan"}]
    assert data["branded"] == [{"name": "Sweater"}, {"name": "Cardigan"}]
    assert data["withBrand"] == [{"name": "Sweater"}, {"name": "Cardigan"}]
    assert [p["productNumber"] for p in data["byNumberDesc"]] == ["SW1", "CH1", "CA1"]
    assert data["paged"] == [{"name": "Cardigan"}]
    assert data["notSweater"] == [{"name": "Cardigan"}, {"name": "Chair"}]
    assert len(data["recent"]) == 3
    assert data["future"] == []


def test_product_connection_pages_forward_and_backward(api: Api) -> None:
    for index in range(5):
        create_product(api, name=f"P{index}", productNumber=f"N{index}")
    page = """query($first: Int, $after: String, $last: Int, $before: String) {
      productConnection(sort: [productNumber_DESC], first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        edges { cursor node { productNumber } }
      }
    }"""
    first = api.ok(page, {"first": 2})["productConnection"]
    assert first["totalCount"] == 5
    assert [e["node"]["productNumber"] for e in first["edges"]] == ["N4", "N3"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.ok(page, {"first": 2, "after": first["pageInfo"]["endCursor"]})[
        "productConnection"
    ]
    assert [e["node"]["productNumber"] for e in second["edges"]] == ["N2", "N1"]
    last = api.ok(page, {"last": 2})["productConnection"]
    assert [e["node"]["productNumber"] for e in last["edges"]] == ["N1", "N0"]
    assert last["pageInfo"]["hasNextPage"] is False
    filtered = api.ok(
        '{ productConnection(where: {name: {equals: "P3"}}) { totalCount edges { node { name } } } }'
    )["productConnection"]
    assert filtered == {"totalCount": 1, "edges": [{"node": {"name": "P3"}}]}


def test_nested_permissions_null_the_field_and_report_it(api: Api) -> None:
    create_product(
        api,
        name="Chair",
        productNumber="CH1",
        internalComment="secret",
        countryOfOrigin={"code": "SE"},
    )
    token = api.token("Product:read", "Country:read")
    response = api.query(
        "{ products { name internalComment countryOfOrigin { code } } }", token=token
    )
    assert response.status == 200
    assert response.data == {
        "products": [{"name": "Chair", "internalComment": None, "countryOfOrigin": None}]
    }
    messages = sorted(e["message"] for e in response.errors)
    assert messages == [
        "You need Product.countryOfOrigin:read permission to access countryOfOrigin.",
        "You need Product.internalComment:read permission to access internalComment.",
    ]
    assert {tuple(e["path"]) for e in response.errors} == {
        ("products", 0, "internalComment"),
        ("products", 0, "countryOfOrigin"),
    }
    allowed = api.token(
        "Product:read", "Product.internalComment:read", "Product.countryOfOrigin:read"
    )
    assert api.ok("{ products { internalComment countryOfOrigin { code } } }", token=allowed) == {
        "products": [{"internalComment": "secret", "countryOfOrigin": {"code": "SE"}}]
    }


def test_classification_fields_need_their_permissions(api: Api) -> None:
    ids = _classification(api)
    create_product(api, name="Chair", productNumber="CH1", brand={"id": ids["brand"]})
    token = api.token("Product:read")
    response = api.query(
        "{ products { brand { name } collection { id } folder { id } } }", token=token
    )
    assert response.data == {"products": [{"brand": None, "collection": None, "folder": None}]}
    assert sorted(e["message"] for e in response.errors) == [
        "You need Brand:read permission to access brand.",
        "You need Collection:read permission to access collection.",
        "You need Folder:read permission to access folder.",
    ]


def test_the_payload_needs_product_read(api: Api) -> None:
    token = api.token("Product:write")
    response = api.query(
        'mutation { createProduct(input: {name: "Chair", productNumber: "CH1"}) '
        "{ product { id } userErrors { message } } }",
        token=token,
    )
    assert response.data == {"createProduct": {"product": None, "userErrors": []}}
    assert response.errors[0]["message"] == "You need Product:read permission to access product."
    assert api.ok("{ products { productNumber } }") == {"products": [{"productNumber": "CH1"}]}


GOOD: dict[str, Any] = {"name": "Chair", "productNumber": "CH2"}


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({**GOOD, "name": "  "}, "A product needs a name.", ["input", "name"]),
        ({**GOOD, "name": "x" * 256}, "at most 255 characters", ["input", "name"]),
        ({**GOOD, "productNumber": " "}, "cannot be empty", ["input", "productNumber"]),
        ({**GOOD, "productNumber": "CH 2"}, "cannot contain blanks", ["input", "productNumber"]),
        ({**GOOD, "productNumber": "N" * 65}, "at most 64 characters", ["input", "productNumber"]),
        (
            {**GOOD, "productNumber": "CH1"},
            'already has product number "CH1": product numbers are unique',
            ["input", "productNumber"],
        ),
        ({**GOOD, "brand": {"id": 999}}, "Could not find Brand with ID 999", ["input", "brand"]),
        (
            {**GOOD, "collection": {"id": 999}},
            "Could not find Collection with ID 999",
            ["input", "collection"],
        ),
        ({**GOOD, "folder": {"id": 999}}, "Could not find Folder with ID 999", ["input", "folder"]),
        (
            {**GOOD, "countryOfOrigin": {"code": "ZZ"}},
            'Could not find Country with code "ZZ"',
            ["input", "countryOfOrigin"],
        ),
        (
            {**GOOD, "countryOfOrigin": {"code": "SE", "id": 1}},
            "exactly one of",
            ["input", "countryOfOrigin"],
        ),
        (
            {**GOOD, "brand": {"externalId": "nope"}},
            'Could not find Brand with externalId "nope"',
            ["input", "brand"],
        ),
        (
            {**GOOD, "weight": {"value": -1, "unit": "KILOGRAMS"}},
            "weight cannot be negative",
            ["input", "weight", "value"],
        ),
        (
            {**GOOD, "harmonizedCommodityCode": "1" * 33},
            "at most 32 characters",
            ["input", "harmonizedCommodityCode"],
        ),
        (
            {**GOOD, "externalId": "ERP-CH1"},
            'externalId "ERP-CH1" already names Product',
            ["input", "externalId"],
        ),
        ({**GOOD, "externalId": ""}, "externalId must be 1 to 255", ["input", "externalId"]),
    ],
)
def test_bad_product_input_gives_a_user_error_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    create_product(api, name="Chair", productNumber="CH1", externalId="ERP-CH1")
    before = api.ok(CATALOG)

    result = api.ok(CREATE_PRODUCT, {"input": input_})["createProduct"]

    assert result["product"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": ""}, "A product needs a name.", ["input", "name"]),
        (
            {"productNumber": "CH1"},
            'already has product number "CH1"',
            ["input", "productNumber"],
        ),
        ({"productNumber": ""}, "cannot be empty", ["input", "productNumber"]),
        (
            {"name": "Renamed", "brand": {"id": 999}},
            "Could not find Brand with ID 999",
            ["input", "brand"],
        ),
        (
            {"productNumber": "SW999", "countryOfOrigin": {"code": "ZZ"}},
            'Could not find Country with code "ZZ"',
            ["input", "countryOfOrigin"],
        ),
        (
            {"weight": {"value": -0.5, "unit": "POUNDS"}},
            "weight cannot be negative",
            ["input", "weight", "value"],
        ),
    ],
)
def test_bad_product_updates_give_a_user_error_and_change_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    create_product(api, name="Chair", productNumber="CH1")
    made = sweater(api)
    before = api.ok(CATALOG)

    result = api.ok(UPDATE_PRODUCT, {"id": made["product"]["id"], "input": input_})["updateProduct"]

    assert result["product"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


def test_updating_an_unknown_product(api: Api) -> None:
    result = api.ok(UPDATE_PRODUCT, {"id": 999, "input": {"name": "x"}})["updateProduct"]
    assert result["userErrors"] == [
        {"message": "Could not find Product with ID 999.", "path": ["id"]}
    ]
    neither = api.ok(UPDATE_PRODUCT, {"input": {"name": "x"}})["updateProduct"]
    assert neither["userErrors"] == [{"message": "Give id or externalId.", "path": ["id"]}]


def test_an_external_id_needs_an_integration(api: Api) -> None:
    token = api.token("Product:write", "Product:read", integration=None)
    result = api.ok(
        "mutation($input: ProductCreateInput!) { createProduct(input: $input) "
        "{ product { id } userErrors { message path } } }",
        {"input": {**GOOD, "externalId": "ERP-1"}},
        token=token,
    )["createProduct"]
    assert "has no integration name" in single_error(result)["message"]
    assert api.ok("{ products { id } }") == {"products": []}
