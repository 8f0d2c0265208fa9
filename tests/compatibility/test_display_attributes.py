"""Issue 17: displays carry attributes (reference 2.8, 3.12): Display.attributes under
Display.attributes:read, assign/unassign in the display inputs under Display.attributes:write,
assignAttributes with objectType Display, each in the display's store."""

from __future__ import annotations

from typing import Any

from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db.unit_of_work import Writer
from tests.factories import make_product
from tests.support import Api

READ = "{ displays { id store { id } attributes { type { name } elements { key ... on AttributeStringElement { value } } } } }"
CREATE = """mutation($input: DisplayCreateInput!) {
  createDisplay(input: $input) {
    display { id attributes { type { name } elements { ... on AttributeStringElement { value } } } }
    userErrors { message path }
  }
}"""
UPDATE = """mutation($id: Int!, $input: DisplayUpdateInput!) {
  updateDisplay(id: $id, input: $input) {
    display { attributes { type { name } elements { ... on AttributeStringElement { value } } } }
    userErrors { message path } userWarnings { message }
  }
}"""


def _display_attribute_types(api: Api) -> int:
    """A dynamic type (a badge text) and a mapped one (a campaign) for displays; the id of
    the mapped attribute "Summer"."""
    writer = Writer.system(api.database)
    for name, mapped in (("badge", False), ("campaign", True)):
        create_attribute_type(
            writer,
            AttributeTypeCreate(
                name=name,
                object_type="Display",
                is_mapped=mapped,
                elements=[ElementDefinition("text", "INPUT", "Text")],
            ),
        )
    created = api.ok(
        'mutation { createAttribute(input: {name: "Summer", attributeTypeName: "campaign", '
        'stringElements: [{key: "text", value: "Summer sale"}]}) { attribute { id } userErrors { message } } }'
    )
    return int(created["createAttribute"]["attribute"]["id"])


def _display_input(product_id: int, store_id: int = 1, **members: Any) -> dict[str, Any]:
    return {
        "store": {"id": store_id},
        "product": {"id": product_id},
        "name": "Display",
        "status": "ACTIVE",
        **members,
    }


def test_attributes_are_assigned_in_the_display_inputs_and_read_back(api: Api) -> None:
    summer = _display_attribute_types(api)
    product = make_product(api.database)

    created = api.ok(
        CREATE,
        {
            "input": _display_input(
                product.product_id,
                assignDynamicAttributes=[
                    {
                        "attributeTypeName": "badge",
                        "attributeElementKey": "text",
                        "attributeElementValue": "New",
                    }
                ],
                assignMappedAttributes=[{"attributeTypeName": "campaign", "attributeId": summer}],
            )
        },
    )["createDisplay"]
    display_id = created["display"]["id"]
    updated = api.ok(
        UPDATE,
        {
            "id": display_id,
            "input": {
                "unassignMappedAttributes": [
                    {"attributeTypeName": "campaign", "attributeId": summer}
                ],
                "assignDynamicAttributes": [
                    {
                        "attributeTypeName": "badge",
                        "attributeElementKey": "text",
                        "attributeElementValue": "Hot",
                    }
                ],
            },
        },
    )["updateDisplay"]

    assert created["userErrors"] == []
    assert sorted(
        (a["type"]["name"], a["elements"][0]["value"]) for a in created["display"]["attributes"]
    ) == [("badge", "New"), ("campaign", "Summer sale")]
    assert updated["display"]["attributes"] == [
        {"type": {"name": "badge"}, "elements": [{"value": "Hot"}]}
    ]


def test_assign_attributes_takes_displays_and_translations_list_their_texts(api: Api) -> None:
    _display_attribute_types(api)
    product = make_product(api.database)
    display_id = api.ok(CREATE, {"input": _display_input(product.product_id)})["createDisplay"][
        "display"
    ]["id"]

    assigned = api.ok(
        "mutation($id: Int!) { assignAttributes(input: {objectType: Display, objectId: $id, "
        'dynamicAttributes: [{attributeTypeName: "badge", attributeElementKey: "text", '
        'attributeElementValue: "Eco"}]}) { object { ... on Display { id attributes { type { name } } } } '
        "userErrors { message } } }",
        {"id": display_id},
    )["assignAttributes"]
    fields = api.ok("{ translatableFields(where: {objectType: [Display]}) { fields } }")

    assert assigned["object"] == {"id": display_id, "attributes": [{"type": {"name": "badge"}}]}
    assert "attributes.badge.text" in fields["translatableFields"][0]["fields"]


def test_display_attributes_need_their_own_permissions(api: Api) -> None:
    _display_attribute_types(api)
    product = make_product(api.database)
    token = api.token("Display:read", "Display:write")
    before = api.ok("{ displays { id } }")

    refused = api.ok(
        CREATE.replace(
            "display { id attributes { type { name } elements { ... on AttributeStringElement { value } } } }",
            "display { id }",
        ),
        {
            "input": _display_input(
                product.product_id,
                assignDynamicAttributes=[
                    {
                        "attributeTypeName": "badge",
                        "attributeElementKey": "text",
                        "attributeElementValue": "New",
                    }
                ],
            )
        },
        token=token,
    )["createDisplay"]
    after_refusal = api.ok("{ displays { id } }")
    api.ok(CREATE, {"input": _display_input(product.product_id)})
    denied = api.query("{ displays { id attributes { type { name } } } }", token=token)

    assert refused["userErrors"] == [
        {
            "message": "You need Display.attributes:write permission to change attributes here.",
            "path": ["input", "assignDynamicAttributes"],
        }
    ]
    assert after_refusal == before == {"displays": []}
    assert denied.data["displays"][0]["attributes"] is None
    assert denied.errors[0]["message"] == (
        "You need Display.attributes:read permission to access attributes."
    )


def test_a_store_restricted_token_assigns_to_its_stores_displays_only(api: Api) -> None:
    _display_attribute_types(api)
    product = make_product(api.database)
    retail = api.ok(CREATE, {"input": _display_input(product.product_id, 1)})["createDisplay"][
        "display"
    ]["id"]
    wholesale = api.ok(CREATE, {"input": _display_input(product.product_id, 2)})["createDisplay"][
        "display"
    ]["id"]
    token = api.token("Attribute:write", "Display:read", "Display.attributes:read", store_id=2)
    assign = (
        "mutation($id: Int!) { assignAttributes(input: {objectType: Display, objectId: $id, "
        'dynamicAttributes: [{attributeTypeName: "badge", attributeElementKey: "text", '
        'attributeElementValue: "B2B"}]}) { userErrors { message } } }'
    )

    other_store = api.ok(assign, {"id": retail}, token=token)["assignAttributes"]
    own_store = api.ok(assign, {"id": wholesale}, token=token)["assignAttributes"]
    seen = api.ok(
        READ,
        token=api.token(
            "Display:read", "Store:read", "Attribute:read", "Display.attributes:read", store_id=2
        ),
    )

    assert other_store["userErrors"] == [{"message": f"Could not find Display with ID {retail}."}]
    assert own_store["userErrors"] == []
    assert seen["displays"] == [
        {
            "id": wholesale,
            "store": {"id": 2},
            "attributes": [
                {"type": {"name": "badge"}, "elements": [{"key": "text", "value": "B2B"}]}
            ],
        }
    ]
