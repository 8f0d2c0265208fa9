"""Product sizes: activating sizes one by one, barcodes and size numbers, the SKU, and
reading them at the root (filters, sorts, connection)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.products.catalog import (
    CATALOG,
    CREATE_SIZE,
    UPDATE_SIZE,
    create_product,
    create_size_chart,
    create_variant,
    single_error,
    sweater,
)
from tests.support import Api


def _bare_variant(api: Api) -> dict[str, Any]:
    chart = create_size_chart(api, "Sweaters", ("S", "M", "L"))
    product_id = create_product(api, name="Sweater", productNumber="SW100")["product"]["id"]
    variant = create_variant(
        api,
        product={"id": product_id},
        name="Red",
        variantNumber="01",
        sizeChart={"id": chart["chart"]},
        externalId="ERP-RED",
    )["productVariant"]
    return {"chart": chart, "variant": variant}


def test_creating_product_sizes_one_by_one(api: Api) -> None:
    made = _bare_variant(api)
    first = api.ok(
        CREATE_SIZE,
        {
            "input": {
                "productVariant": {"externalId": "ERP-RED"},
                "size": {"name": "M"},
                "sizeNumber": "2",
                "EAN": "7350000000028",
                "UPC": "012345678905",
                "preorder": True,
            }
        },
    )["createProductSize"]
    assert first["userErrors"] == []
    size = first["productSize"]
    assert {k: v for k, v in size.items() if k not in ("id", "createdAt", "updatedAt")} == {
        "description": "M",
        "sizeNumber": "2",
        "SKU": "SW100012",
        "EAN": "7350000000028",
        "UPC": "012345678905",
        "preorder": True,
        "size": {"id": made["chart"]["M"], "name": "M"},
        "productVariant": {"id": made["variant"]["id"]},
    }
    second = api.ok(
        CREATE_SIZE,
        {
            "input": {
                "productVariant": {"id": made["variant"]["id"]},
                "size": {"id": made["chart"]["S"]},
            }
        },
    )["createProductSize"]["productSize"]
    assert (second["description"], second["sizeNumber"], second["SKU"], second["preorder"]) == (
        "S",
        None,
        "SW10001",
        False,
    )


def test_updating_a_product_size(api: Api) -> None:
    made = sweater(api)
    size_id = made["variants"]["Red"]["productSizes"][0]["id"]
    result = api.ok(
        UPDATE_SIZE,
        {"id": size_id, "input": {"sizeNumber": "S1", "EAN": "12345670", "preorder": True}},
    )["updateProductSize"]
    assert result["userErrors"] == []
    size = result["productSize"]
    assert (size["sizeNumber"], size["SKU"], size["EAN"], size["preorder"]) == (
        "S1",
        "SW10001S1",
        "12345670",
        True,
    )
    # The same EAN again on the same size is no clash.
    again = api.ok(UPDATE_SIZE, {"id": size_id, "input": {"EAN": "12345670"}})["updateProductSize"]
    assert again["userErrors"] == []
    cleared = api.ok(
        UPDATE_SIZE, {"id": size_id, "input": {"sizeNumber": "", "EAN": None, "UPC": ""}}
    )["updateProductSize"]["productSize"]
    assert (cleared["sizeNumber"], cleared["SKU"], cleared["EAN"], cleared["UPC"]) == (
        None,
        "SW10001",
        None,
        None,
    )
    assert cleared["preorder"] is True


def test_size_and_variant_of_a_product_size_need_their_permissions(api: Api) -> None:
    sweater(api)
    token = api.token("ProductSize:read")
    response = api.query(
        "{ productSizes(limit: 1) { description size { name } productVariant { id } } }",
        token=token,
    )
    assert response.data == {
        "productSizes": [{"description": "S", "size": None, "productVariant": None}]
    }
    assert sorted(e["message"] for e in response.errors) == [
        "You need ProductVariant:read permission to access productVariant.",
        "You need Size:read permission to access size.",
    ]


def test_product_sizes_filters_sorts_and_connection(api: Api) -> None:
    made = sweater(api)
    red, blue = made["variants"]["Red"], made["variants"]["Blue"]
    api.ok(
        UPDATE_SIZE,
        {
            "id": blue["productSizes"][2]["id"],
            "input": {"EAN": "7350000000011", "UPC": "012345678905"},
        },
    )
    chart = create_size_chart(api, "One Size", ("One Size",))
    chair = create_product(api, name="Chair", productNumber="CH1")["product"]["id"]
    create_variant(
        api,
        product={"id": chair},
        name="Oak",
        sizeChart={"id": chart["chart"]},
        productSizes=[{"size": {"name": "One Size"}, "preorder": True}],
    )
    data = api.ok(
        """query($red: Int!, $sweater: Int!, $m: Int!) {
          ofRed: productSizes(where: {productVariantId: [$red]}) { SKU }
          ofSweater: productSizes(where: {productId: [$sweater]}, sort: [SKU_DESC], limit: 2) { SKU }
          medium: productSizes(where: {sizeId: [$m]}) { SKU }
          byEan: productSizes(where: {EAN: {equals: "7350000000011"}}) { SKU }
          byUpc: productSizes(where: {UPC: {contains: "34567"}}) { SKU }
          bySku: productSizes(where: {SKU: {contains: "sw10002"}}) { SKU }
          bySizeNumber: productSizes(where: {sizeNumber: {equals: "3"}}) { SKU }
          preorder: productSizes(where: {preorder: true}) { SKU description }
          withEan: productSizes(where: {notNull: ["EAN"]}) { SKU }
          notSweater: productSizes(where: {productId: [$sweater], negate: ["productId"]}) { SKU }
          connection: productSizeConnection(where: {productId: [$sweater]}, first: 4, sort: [id_ASC]) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { SKU } }
          }
        }""",
        {"red": red["id"], "sweater": made["product"]["id"], "m": made["chart"]["M"]},
    )
    assert data["ofRed"] == [{"SKU": "SW100011"}, {"SKU": "SW100012"}, {"SKU": "SW100013"}]
    assert data["ofSweater"] == [{"SKU": "SW100023"}, {"SKU": "SW100022"}]
    assert data["medium"] == [{"SKU": "SW100012"}, {"SKU": "SW100022"}]
    assert data["byEan"] == [{"SKU": "SW100023"}]
    assert data["byUpc"] == [{"SKU": "SW100023"}]
    assert data["bySku"] == [{"SKU": "SW100021"}, {"SKU": "SW100022"}, {"SKU": "SW100023"}]
    assert data["bySizeNumber"] == [{"SKU": "SW100013"}, {"SKU": "SW100023"}]
    assert data["preorder"] == [{"SKU": "CH1", "description": "One Size"}]
    assert data["withEan"] == [{"SKU": "SW100023"}]
    assert data["notSweater"] == [{"SKU": "CH1"}]
    connection = data["connection"]
    assert connection["totalCount"] == 6
    assert connection["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["SKU"] for e in connection["edges"]] == [
        "SW100011",
        "SW100012",
        "SW100013",
        "SW100021",
    ]
    rest = api.ok(
        "query($after: String) { productSizeConnection(first: 4, after: $after) { edges { node { SKU } } } }",
        {"after": connection["pageInfo"]["endCursor"]},
    )["productSizeConnection"]
    assert [e["node"]["SKU"] for e in rest["edges"]] == ["SW100022", "SW100023", "CH1"]


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        (
            {"productVariant": {"id": 999}},
            "Could not find ProductVariant with ID 999",
            ["input", "productVariant"],
        ),
        (
            {"size": {"name": "S"}},
            'Size name "S" is already active on this variant',
            ["input", "size"],
        ),
        ({"size": {"name": "XXL"}}, 'has no size named "XXL"', ["input", "size"]),
        (
            {"size": {"externalId": "Shoes|41"}},
            'belongs to size chart "Shoes"',
            ["input", "size"],
        ),
        ({"size": {}}, "Give exactly one of id, externalId or name", ["input", "size"]),
        ({"EAN": "123456789012"}, "EAN must be 8 or 13 digits", ["input", "EAN"]),
        ({"UPC": "12345678"}, "UPC must be 12 digits", ["input", "UPC"]),
        ({"EAN": "12345670"}, 'EAN "12345670" already belongs to product size', ["input", "EAN"]),
        (
            {"UPC": "012345678905"},
            'UPC "012345678905" already belongs to product size',
            ["input", "UPC"],
        ),
        (
            {"sizeNumber": "1"},
            'Another size of this variant has size number "1"',
            ["input", "sizeNumber"],
        ),
        ({"sizeNumber": "x" * 65}, "at most 64 characters", ["input", "sizeNumber"]),
    ],
)
def test_bad_product_size_input_gives_a_user_error_and_changes_nothing(
    api: Api, change: dict[str, Any], message: str, path: list[str]
) -> None:
    made = _bare_variant(api)
    create_size_chart(api, "Shoes", ("40", "41"))
    taken = api.ok(
        CREATE_SIZE,
        {
            "input": {
                "productVariant": {"id": made["variant"]["id"]},
                "size": {"name": "S"},
                "sizeNumber": "1",
                "EAN": "12345670",
                "UPC": "012345678905",
            }
        },
    )["createProductSize"]
    assert taken["userErrors"] == []
    good = {"productVariant": {"id": made["variant"]["id"]}, "size": {"name": "M"}}
    before = api.ok(CATALOG)

    result = api.ok(CREATE_SIZE, {"input": {**good, **change}})["createProductSize"]

    assert result["productSize"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        ({"EAN": "1234567"}, "EAN must be 8 or 13 digits", ["input", "EAN"]),
        ({"UPC": "abcdefghijkl"}, "UPC must be 12 digits", ["input", "UPC"]),
        (
            {"preorder": True, "EAN": "12345670"},
            'EAN "12345670" already belongs to product size',
            ["input", "EAN"],
        ),
        (
            {"preorder": True, "sizeNumber": "2"},
            'Another size of this variant has size number "2"',
            ["input", "sizeNumber"],
        ),
        ({"sizeNumber": "a b"}, "cannot contain blanks", ["input", "sizeNumber"]),
    ],
)
def test_bad_product_size_updates_give_a_user_error_and_change_nothing(
    api: Api, change: dict[str, Any], message: str, path: list[str]
) -> None:
    made = sweater(api)
    red = made["variants"]["Red"]["productSizes"]
    api.ok(UPDATE_SIZE, {"id": red[1]["id"], "input": {"EAN": "12345670"}})
    before = api.ok(CATALOG)

    result = api.ok(UPDATE_SIZE, {"id": red[0]["id"], "input": change})["updateProductSize"]

    assert result["productSize"] is None
    error = single_error(result)
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATALOG) == before


def test_updating_an_unknown_product_size(api: Api) -> None:
    result = api.ok(UPDATE_SIZE, {"id": 999, "input": {"preorder": True}})["updateProductSize"]
    assert result["userErrors"] == [
        {"message": "Could not find ProductSize with ID 999.", "path": ["id"]}
    ]


def test_a_size_in_use_cannot_be_removed_from_its_chart(api: Api) -> None:
    made = sweater(api)
    result = api.ok(
        """mutation($id: Int!) {
          updateSizeChart(id: $id, input: {horizontalLabels: ["S", "M"]}) { userErrors { message } }
        }""",
        {"id": made["chart"]["chart"]},
    )["updateSizeChart"]
    assert result["userErrors"] != []


def test_descriptions_of_sizes_created_earlier_in_the_same_request(api: Api) -> None:
    product_id = create_product(api, name="Sweater", productNumber="SW1")["product"]["id"]
    data = api.ok(
        """mutation($product: Int!) {
          a: createSizeChart(input: {name: "A", horizontalLabels: ["S"], externalId: "A"}) {
            userErrors { message }
          }
          first: createProductVariant(input: {product: {id: $product}, name: "One",
              sizeChart: {externalId: "A"}, productSizes: [{size: {name: "S"}}]}) {
            productVariant { productSizes { description } } userErrors { message }
          }
          b: createSizeChart(input: {name: "B", horizontalLabels: ["XL"], externalId: "B"}) {
            userErrors { message }
          }
          second: createProductVariant(input: {product: {id: $product}, name: "Two",
              sizeChart: {externalId: "B"}, productSizes: [{size: {name: "XL"}}]}) {
            productVariant { productSizes { description } } userErrors { message }
          }
        }""",
        {"product": product_id},
    )
    assert data["first"]["productVariant"]["productSizes"] == [{"description": "S"}]
    assert data["second"]["productVariant"]["productSizes"] == [{"description": "XL"}]
