"""Attributes given inside createProduct, updateProduct, createProductVariant and
updateProductVariant: applied in the same transaction as the rest of the input."""

from __future__ import annotations

from typing import Any

from mercato.db.database import Database
from tests.attributes.documents import mapped_id, product_attributes, variant_attributes
from tests.factories import make_product, make_size_chart
from tests.support import Api

CREATE_PRODUCT = """
mutation($input: ProductCreateInput!) {
  createProduct(input: $input) {
    product { id } userErrors { message path } userWarnings { message path }
  }
}"""

UPDATE_PRODUCT = """
mutation($id: Int!, $input: ProductUpdateInput!) {
  updateProduct(id: $id, input: $input) {
    product { id name } userErrors { message path } userWarnings { message path }
  }
}"""

CREATE_VARIANT = """
mutation($input: ProductVariantCreateInput!) {
  createProductVariant(input: $input) {
    productVariant { id } userErrors { message path } userWarnings { message path }
  }
}"""

UPDATE_VARIANT = """
mutation($id: Int!, $input: ProductVariantUpdateInput!) {
  updateProductVariant(id: $id, input: $input) {
    productVariant { id } userErrors { message path } userWarnings { message path }
  }
}"""


def _summary(attributes: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    return sorted(
        (a["type"]["name"], [e.get("value", e.get("selectedValue")) for e in a["elements"]])
        for a in attributes
    )


def test_create_product_with_mapped_and_dynamic_attributes(api: Api, database: Database) -> None:
    wood = mapped_id(database, "Wood")
    result = api.ok(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Chair",
                "productNumber": "CH-1",
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": wood}
                ],
                "assignDynamicAttributes": [
                    {
                        "attributeTypeName": "pr_long_name",
                        "attributeElementKey": "text",
                        "attributeElementValue": "The chair",
                    }
                ],
            }
        },
    )["createProduct"]
    assert result["userErrors"] == []
    attributes = product_attributes(api, result["product"]["id"])
    assert _summary(attributes) == [("pr_long_name", ["The chair"]), ("pr_materials", ["Wood"])]


def test_a_bad_attribute_refuses_the_whole_create(api: Api) -> None:
    before = api.ok("{ products(limit: 200) { id } }")
    result = api.ok(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Chair",
                "productNumber": "CH-2",
                "assignDynamicAttributes": [
                    {
                        "attributeTypeName": "no_such_type",
                        "attributeElementKey": "text",
                        "attributeElementValue": "x",
                    }
                ],
            }
        },
    )["createProduct"]
    assert result["product"] is None
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "assignDynamicAttributes", "0", "attributeTypeName"]
    ]
    assert api.ok("{ products(limit: 200) { id } }") == before


def test_update_product_assigns_and_unassigns_with_the_other_changes(
    api: Api, database: Database
) -> None:
    product = make_product(database)
    wood, steel = mapped_id(database, "Wood"), mapped_id(database, "Steel")
    api.ok(
        UPDATE_PRODUCT,
        {
            "id": product.product_id,
            "input": {
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": wood}
                ]
            },
        },
    )
    result = api.ok(
        UPDATE_PRODUCT,
        {
            "id": product.product_id,
            "input": {
                "name": "Renamed",
                "unassignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": wood}
                ],
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": steel}
                ],
            },
        },
    )["updateProduct"]
    assert result["userErrors"] == []
    assert result["product"]["name"] == "Renamed"
    assert _summary(product_attributes(api, product.product_id)) == [("pr_materials", ["Steel"])]


def test_a_bad_attribute_refuses_the_whole_update(api: Api, database: Database) -> None:
    product = make_product(database, "Kept")
    result = api.ok(
        UPDATE_PRODUCT,
        {
            "id": product.product_id,
            "input": {
                "name": "Changed",
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": 999999}
                ],
            },
        },
    )["updateProduct"]
    assert result["userErrors"]
    assert result["product"] is None
    data = api.ok("query($id: Int) { product(id: $id) { name } }", {"id": product.product_id})
    assert data["product"]["name"] == "Kept"
    assert product_attributes(api, product.product_id) == []


def test_variants_take_attributes_on_create_and_update(api: Api, database: Database) -> None:
    product = make_product(database, variants=())
    chart_id, _ = make_size_chart(database)
    created = api.ok(
        CREATE_VARIANT,
        {
            "input": {
                "product": {"id": product.product_id},
                "name": "Red",
                "sizeChart": {"id": chart_id},
                "assignDynamicAttributes": [
                    {
                        "attributeTypeName": "var_fit",
                        "attributeElementKey": "fit",
                        "attributeElementValue": "slim",
                    }
                ],
            }
        },
    )["createProductVariant"]
    assert created["userErrors"] == []
    variant_id = created["productVariant"]["id"]
    assert _summary(variant_attributes(api, variant_id)) == [("var_fit", ["slim"])]
    updated = api.ok(
        UPDATE_VARIANT,
        {
            "id": variant_id,
            "input": {"unassignDynamicAttributes": [{"attributeTypeName": "var_fit"}]},
        },
    )["updateProductVariant"]
    assert updated["userErrors"] == []
    assert variant_attributes(api, variant_id) == []


def test_attributes_in_inputs_need_the_attributes_write_permission(
    api: Api, database: Database
) -> None:
    token = api.token("Product:write", "Product:read")
    wood = mapped_id(database, "Wood")
    response = api.query(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Chair",
                "productNumber": "CH-3",
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": wood}
                ],
            }
        },
        token=token,
    )
    result = response.data["createProduct"]
    assert "Product.attributes:write" in response.extensions["permissionsUsed"]
    assert result["product"] is None
    assert result["userErrors"] == [
        {
            "message": "You need Product.attributes:write permission to change attributes here.",
            "path": ["input", "assignMappedAttributes"],
        }
    ]
    assert api.ok('{ products(where: {productNumber: {equals: "CH-3"}}) { id } }') == {
        "products": []
    }


def test_attributes_in_an_input_report_the_attributes_write_permission(
    api: Api, database: Database
) -> None:
    token = api.token("Product:write", "Product:read", "Product.attributes:write")
    wood = mapped_id(database, "Wood")
    plain = api.query(
        CREATE_PRODUCT, {"input": {"name": "Stool", "productNumber": "ST-1"}}, token=token
    )
    with_attributes = api.query(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Chair",
                "productNumber": "CH-4",
                "assignMappedAttributes": [
                    {"attributeTypeName": "pr_materials", "attributeId": wood}
                ],
            }
        },
        token=token,
    )

    assert plain.data["createProduct"]["userErrors"] == []
    assert "Product.attributes:write" not in plain.extensions["permissionsUsed"]
    assert with_attributes.data["createProduct"]["userErrors"] == []
    used = with_attributes.extensions["permissionsUsed"]
    assert "Product.attributes:write" in used
    assert used == sorted(used)
    assert set(plain.extensions["permissionsUsed"]) < set(used)
