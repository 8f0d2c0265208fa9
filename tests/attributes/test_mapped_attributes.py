"""Attribute types (read only) and mapped attributes: reading with filters, sorts and pages,
and the rules of createAttribute and updateAttribute."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from tests.attributes.documents import ELEMENTS, mapped_id
from tests.support import Api, StatementLog

CREATE = f"""
mutation($input: AttributeCreateInput!) {{
  createAttribute(input: $input) {{
    attribute {{ id name description objectType type {{ name }} elements {{ {ELEMENTS} }} }}
    userErrors {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int!, $input: AttributeUpdateInput!) {{
  updateAttribute(id: $id, input: $input) {{
    attribute {{ id name elements {{ {ELEMENTS} }} }}
    userErrors {{ message path }}
  }}
}}"""

MAPPED = "{ mappedAttributes(limit: 200) { id name elements { key ... on AttributeStringElement { value } } } }"


def test_attribute_types_are_listed_with_their_elements(api: Api) -> None:
    data = api.ok(
        """{
          all: attributeTypes { name objectType isMapped description }
          mapped: attributeTypes(where: {objectType: ProductVariant, isMapped: true}) {
            name elements { key kind description isMulti options { value name } }
          }
          named: attributeTypes(where: {name: {contains: "FIT"}}) {
            name elements { kind isMulti options { value name } }
          }
        }"""
    )
    assert [t["name"] for t in data["all"]] == [
        "pr_long_name",
        "pr_eco",
        "pr_materials",
        "var_fit",
        "var_care",
        "sh_swatch",
        "media_alt",
    ]
    assert data["all"][2] == {
        "name": "pr_materials",
        "objectType": "Product",
        "isMapped": True,
        "description": "Product materials",
    }
    assert data["mapped"] == [
        {
            "name": "sh_swatch",
            "elements": [
                {
                    "key": "desc",
                    "kind": "INPUT",
                    "description": "Color",
                    "isMulti": False,
                    "options": [],
                },
                {
                    "key": "hex",
                    "kind": "INPUT",
                    "description": "Hex",
                    "isMulti": False,
                    "options": [],
                },
                {
                    "key": "image",
                    "kind": "IMAGE",
                    "description": "Image",
                    "isMulti": False,
                    "options": [],
                },
            ],
        }
    ]
    (fit,) = data["named"]
    assert fit["elements"][0]["kind"] == "SELECT"
    assert fit["elements"][0]["options"][0] == {"value": "slim", "name": "Slim fit"}


def test_mapped_attributes_filter_sort_and_page(api: Api) -> None:
    data = api.ok(
        """{
          materials: mappedAttributes(where: {typeName: {equals: "pr_materials"}}) {
            name description objectType type { name isMapped }
            elements { key description kind ... on AttributeStringElement { value } }
          }
          sorted: mappedAttributes(sort: [name_DESC]) { name }
          paged: mappedAttributes(limit: 2, page: 2) { name }
          variants: mappedAttributes(where: {objectType: ProductVariant}) { name }
          named: mappedAttributes(where: {name: {contains: "st"}}) { name }
        }"""
    )
    assert data["materials"][0] == {
        "name": "Wood",
        "description": "Product materials",
        "objectType": "Product",
        "type": {"name": "pr_materials", "isMapped": True},
        "elements": [
            {"key": "text", "description": "Material description", "kind": "INPUT", "value": "Wood"}
        ],
    }
    assert [m["name"] for m in data["materials"]] == ["Wood", "Steel", "Plastic"]
    assert [m["name"] for m in data["sorted"]] == ["Wood", "Steel", "Red", "Plastic", "Blue"]
    assert data["paged"] == [{"name": "Plastic"}, {"name": "Blue"}]
    assert data["variants"] == [{"name": "Blue"}, {"name": "Red"}]
    assert data["named"] == [{"name": "Steel"}, {"name": "Plastic"}]


def test_a_mapped_attribute_shows_only_elements_with_a_value(api: Api) -> None:
    data = api.ok(
        f'{{ mappedAttributes(where: {{name: {{equals: "Blue"}}}}) {{ elements {{ {ELEMENTS} }} }}'
        f'  red: mappedAttributes(where: {{name: {{equals: "Red"}}}}) {{ elements {{ key }} }} }}'
    )
    assert data["mappedAttributes"][0]["elements"] == [
        {"key": "desc", "description": "Color", "kind": "INPUT", "value": "Blue"},
        {"key": "hex", "description": "Hex", "kind": "INPUT", "value": "#0000FF"},
        {
            "key": "image",
            "description": "Image",
            "kind": "IMAGE",
            "url": "https://media.example.com/swatches/blue.png",
            "width": None,
            "height": None,
            "mimeType": "image/png",
        },
    ]
    assert data["red"][0]["elements"] == [{"key": "desc"}, {"key": "hex"}]


def test_mapped_attributes_are_read_in_one_statement_per_level(
    api: Api, statements: StatementLog
) -> None:
    query = "{ mappedAttributes(limit: 200) { id name type { name } elements { key } } }"
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    for number in range(10):
        api.ok(CREATE, {"input": {"name": f"Cotton {number}", "attributeTypeName": "pr_materials"}})
    statements.reset()
    data = api.ok(query)
    assert len(data["mappedAttributes"]) == 15
    assert statements.count == few


def test_creating_a_mapped_attribute(api: Api) -> None:
    result = api.ok(
        CREATE,
        {
            "input": {
                "name": "  Green ",
                "attributeTypeName": "sh_swatch",
                "stringElements": [
                    {"key": "hex", "value": "#00FF00"},
                    {"key": "desc", "value": "Green"},
                    {"key": "image", "value": ""},
                ],
            }
        },
    )["createAttribute"]
    assert result["userErrors"] == []
    attribute = result["attribute"]
    assert attribute["name"] == "Green"
    assert attribute["description"] == "Showroom Color Swatch"
    assert attribute["objectType"] == "ProductVariant"
    assert attribute["type"] == {"name": "sh_swatch"}
    assert [(e["key"], e["value"]) for e in attribute["elements"]] == [
        ("desc", "Green"),
        ("hex", "#00FF00"),
    ]


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"name": "X", "attributeTypeName": "nope"},
            'no attribute type named "nope"',
            ["input", "attributeTypeName"],
        ),
        (
            {"name": "X", "attributeTypeName": "pr_long_name"},
            "dynamic attribute type",
            ["input", "attributeTypeName"],
        ),
        (
            {"name": "Wood", "attributeTypeName": "pr_materials"},
            'already has an attribute named "Wood"',
            ["input", "name"],
        ),
        ({"name": "  ", "attributeTypeName": "pr_materials"}, "needs a name", ["input", "name"]),
        (
            {"name": "x" * 256, "attributeTypeName": "pr_materials"},
            "at most 255",
            ["input", "name"],
        ),
        (
            {
                "name": "X",
                "attributeTypeName": "pr_materials",
                "stringElements": [{"key": "colour", "value": "a"}],
            },
            'has no element "colour"; its elements: text',
            ["input", "stringElements", "0", "key"],
        ),
        (
            {
                "name": "X",
                "attributeTypeName": "pr_materials",
                "stringElements": [{"key": "text", "value": "a"}, {"key": "text", "value": "b"}],
            },
            'Element "text" is given twice',
            ["input", "stringElements", "1", "key"],
        ),
        (
            {
                "name": "X",
                "attributeTypeName": "sh_swatch",
                "stringElements": [{"key": "image", "value": "ftp://x/a.png"}],
            },
            "absolute http or https URL",
            ["input", "stringElements", "0", "value"],
        ),
        (
            {
                "name": "X",
                "attributeTypeName": "sh_swatch",
                "stringElements": [{"key": "image", "value": "https://x.com/a.tiff"}],
            },
            "png, jpg or gif",
            ["input", "stringElements", "0", "value"],
        ),
        (
            {
                "name": "X",
                "attributeTypeName": "pr_materials",
                "stringElements": [{"key": "text", "value": "a\nb"}],
            },
            "no line breaks",
            ["input", "stringElements", "0", "value"],
        ),
    ],
)
def test_bad_attribute_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(MAPPED)

    result = api.ok(CREATE, {"input": input_})["createAttribute"]

    assert result["attribute"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(MAPPED) == before


def test_every_bad_element_is_reported_at_once(api: Api) -> None:
    result = api.ok(
        CREATE,
        {
            "input": {
                "name": "X",
                "attributeTypeName": "sh_swatch",
                "stringElements": [
                    {"key": "size", "value": "a"},
                    {"key": "image", "value": "not a url"},
                ],
            }
        },
    )["createAttribute"]
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "stringElements", "0", "key"],
        ["input", "stringElements", "1", "value"],
    ]


def test_updating_a_mapped_attribute(api: Api, database: Any) -> None:
    blue = mapped_id(database, "Blue")
    result = api.ok(
        UPDATE,
        {
            "id": blue,
            "input": {
                "name": "Navy",
                "stringElements": [
                    {"key": "hex", "value": "#000080"},
                    {"key": "image", "value": ""},
                ],
            },
        },
    )["updateAttribute"]
    assert result["userErrors"] == []
    assert result["attribute"]["name"] == "Navy"
    assert [(e["key"], e.get("value")) for e in result["attribute"]["elements"]] == [
        ("desc", "Blue"),
        ("hex", "#000080"),
    ]
    kept = api.ok(UPDATE, {"id": blue, "input": {}})["updateAttribute"]["attribute"]
    assert kept == result["attribute"]


@pytest.mark.parametrize(
    ("target", "input_", "message", "path"),
    [
        ("missing", {"name": "X"}, "Could not find Attribute with ID 999", ["id"]),
        ("Blue", {"name": "Red"}, 'already has an attribute named "Red"', ["input", "name"]),
        (
            "Blue",
            {"stringElements": [{"key": "nope", "value": "x"}]},
            'no element "nope"',
            ["input", "stringElements", "0", "key"],
        ),
    ],
)
def test_bad_attribute_updates_change_nothing(
    api: Api, database: Any, target: str, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(MAPPED)
    attribute_id = 999 if target == "missing" else mapped_id(database, target)

    result = api.ok(UPDATE, {"id": attribute_id, "input": input_})["updateAttribute"]

    assert result["attribute"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert (error["path"] or []) == path
    assert api.ok(MAPPED) == before


def test_renaming_to_a_name_of_another_type_is_allowed(api: Api, database: Any) -> None:
    result = api.ok(UPDATE, {"id": mapped_id(database, "Wood"), "input": {"name": "Blue"}})
    assert result["updateAttribute"]["userErrors"] == []


def test_attribute_types_are_checked_when_configured(database: Any) -> None:
    def define(**overrides: Any) -> None:
        values: dict[str, Any] = {
            "name": "new_type",
            "object_type": "Product",
            "is_mapped": False,
            "elements": (ElementDefinition("text", "INPUT", "Text"),),
        } | overrides
        create_attribute_type(Writer.system(database), AttributeTypeCreate(**values))

    for bad in (
        {"name": "has.dot"},
        {"object_type": "Order"},
        {"elements": ()},
        {"elements": (ElementDefinition("a", "INPUT", ""), ElementDefinition("a", "INPUT", ""))},
        {"elements": (ElementDefinition("a", "COLOR", ""),)},
        {"elements": (ElementDefinition("a", "SELECT", ""),)},
    ):
        with pytest.raises(UserInputError):
            define(**bad)
    define()
    with pytest.raises(UserInputError, match="exists already"):
        define()
