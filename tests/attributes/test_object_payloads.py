"""The ``object`` member of assignAttributes, unassignAttributes and setTranslations: the
object itself, read through fragments (``... on Product``), as in the reference's examples.

``object`` is an interface: the engine picks the selection by the type named in the
handler's ``Ref``."""

from __future__ import annotations

from mercato.db.database import Database
from tests.attributes.documents import ATTRIBUTES
from tests.factories import make_product
from tests.support import Api

FRAGMENT = f"""
fragment attributes on ObjectWithAttributes {{ attributes {{ {ATTRIBUTES} }} }}
"""


def test_assign_attributes_returns_the_object(api: Api, database: Database) -> None:
    product = make_product(database)

    data = api.ok(
        """mutation($id: Int!) {
          assignAttributes(input: {
            objectType: Product, objectId: $id,
            dynamicAttributes: [{attributeTypeName: "pr_long_name", attributeElementKey: "text",
                                 attributeElementValue: "Long"}]
          }) {
            userErrors { message }
            object { __typename ... on Product { id name } ...attributes }
          }
        }"""
        + FRAGMENT,
        {"id": product.product_id},
    )

    payload = data["assignAttributes"]
    assert payload["object"]["__typename"] == "Product"
    assert payload["object"]["id"] == product.product_id
    assert payload["object"]["attributes"][0]["elements"][0]["value"] == "Long"


def test_unassign_attributes_returns_the_variant(api: Api, database: Database) -> None:
    product = make_product(database)
    variant = product.variant_ids[0]

    data = api.ok(
        """mutation($id: Int!) {
          unassignAttributes(input: {objectType: ProductVariant, objectId: $id,
                                     dynamicAttributes: [{attributeTypeName: "var_fit"}]}) {
            userErrors { message }
            object { ... on ProductVariant { id } ...attributes }
          }
        }"""
        + FRAGMENT,
        {"id": variant},
    )

    assert data["unassignAttributes"]["object"] == {"id": variant, "attributes": []}


def test_set_translations_returns_the_object(api: Api, database: Database) -> None:
    product = make_product(database)

    data = api.ok(
        """mutation($id: Int!) {
          setTranslations(input: {objectType: Product, objectId: $id, language: {code: "sv"},
                                  translations: [{field: "name", value: "Tröja"}]}) {
            userErrors { message }
            object { ... on Product { id } translations { language { code } fields { field value } } }
          }
        }""",
        {"id": product.product_id},
    )

    assert data["setTranslations"]["object"] == {
        "id": product.product_id,
        "translations": [
            {"language": {"code": "sv"}, "fields": [{"field": "name", "value": "Tröja"}]}
        ],
    }


def test_a_refused_assignment_has_a_null_object(api: Api) -> None:
    data = api.ok(
        """mutation {
          assignAttributes(input: {objectType: Product, objectId: 999}) {
            userErrors { path } object { ... on Product { id } }
          }
        }"""
    )
    assert data["assignAttributes"] == {
        "userErrors": [{"path": ["input", "objectId"]}],
        "object": None,
    }


def test_a_denied_field_inside_the_object_gets_its_error(api: Api, database: Database) -> None:
    product = make_product(database)
    token = api.token("Attribute:write", "Product:read")

    response = api.query(
        """mutation($id: Int!) {
          assignAttributes(input: {
            objectType: Product, objectId: $id,
            dynamicAttributes: [{attributeTypeName: "pr_long_name", attributeElementKey: "text",
                                 attributeElementValue: "Long"}]
          }) {
            userErrors { message }
            object { ... on Product { id attributes { description } } }
          }
        }""",
        {"id": product.product_id},
        token=token,
    )

    assert response.data["assignAttributes"]["object"] == {
        "id": product.product_id,
        "attributes": None,
    }
    assert [e["path"] for e in response.errors] == [["assignAttributes", "object", "attributes"]]
    assert "Product.attributes:read" in response.errors[0]["message"]
