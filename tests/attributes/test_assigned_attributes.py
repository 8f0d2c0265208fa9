"""Assigning and unassigning attributes on products, variants and media, and reading them back
(``attributes`` on each), with every element kind."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from mercato.catalog.attributes import (
    DynamicValue,
    MappedChoice,
    apply_assignment,
    plan_assignment,
)
from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ChoiceOption,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from tests.attributes.documents import (
    ATTRIBUTES,
    assign,
    create_batch,
    mapped_id,
    product_attributes,
    unassign,
    variant_attributes,
)
from tests.factories import make_product
from tests.support import Api


def _long_name(value: str) -> dict[str, Any]:
    return {
        "attributeTypeName": "pr_long_name",
        "attributeElementKey": "text",
        "attributeElementValue": value,
    }


def test_assigning_dynamic_and_mapped_attributes_to_a_product(api: Api, database: Database) -> None:
    product = make_product(database)
    wood, plastic = mapped_id(database, "Wood"), mapped_id(database, "Plastic")

    result = assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[
            {"attributeTypeName": "pr_materials", "attributeId": wood},
            {"attributeTypeName": "pr_materials", "attributeId": plastic},
        ],
        dynamicAttributes=[
            _long_name("A very, very long name, indeed!"),
            {
                "attributeTypeName": "pr_eco",
                "attributeElementKey": "eco",
                "attributeElementValue": "true",
            },
        ],
    )

    assert result == {"userErrors": [], "userWarnings": []}
    assert product_attributes(api, product.product_id) == [
        {
            "type": {"name": "pr_long_name", "isMapped": False},
            "description": "Long External Product Name",
            "objectType": "Product",
            "elements": [
                {
                    "key": "text",
                    "description": "Long External Product Name",
                    "kind": "INPUT",
                    "value": "A very, very long name, indeed!",
                }
            ],
        },
        {
            "type": {"name": "pr_eco", "isMapped": False},
            "description": "Eco-labelled",
            "objectType": "Product",
            "elements": [
                {
                    "key": "eco",
                    "description": "Eco-labelled",
                    "kind": "BOOLEAN",
                    "isMulti": False,
                    "selectedValue": "1",
                    "selectedValueName": "Yes",
                }
            ],
        },
        {
            "type": {"name": "pr_materials", "isMapped": True},
            "description": "Product materials",
            "objectType": "Product",
            "elements": [
                {
                    "key": "text",
                    "description": "Material description",
                    "kind": "INPUT",
                    "value": "Wood",
                }
            ],
        },
        {
            "type": {"name": "pr_materials", "isMapped": True},
            "description": "Product materials",
            "objectType": "Product",
            "elements": [
                {
                    "key": "text",
                    "description": "Material description",
                    "kind": "INPUT",
                    "value": "Plastic",
                }
            ],
        },
    ]


def test_variant_attributes_of_every_kind(api: Api, database: Database) -> None:
    product = make_product(database)
    variant = product.variant_ids[0]
    result = assign(
        api,
        objectType="ProductVariant",
        objectId=variant,
        mappedAttributes=[
            {"attributeTypeName": "sh_swatch", "attributeId": mapped_id(database, "Blue")}
        ],
        dynamicAttributes=[
            {
                "attributeTypeName": "var_fit",
                "attributeElementKey": "fit",
                "attributeElementValue": "slim",
            },
            {
                "attributeTypeName": "var_care",
                "attributeElementKey": "text",
                "attributeElementValue": "Wash at 30°\nNo tumble",
            },
            {
                "attributeTypeName": "var_care",
                "attributeElementKey": "label",
                "attributeElementValue": "https://media.example.com/care/label.pdf",
            },
        ],
    )
    assert result["userErrors"] == []

    attributes = variant_attributes(api, variant)

    assert [(a["type"]["name"], a["objectType"]) for a in attributes] == [
        ("var_fit", "ProductVariant"),
        ("var_care", "ProductVariant"),
        ("sh_swatch", "ProductVariant"),
    ]
    assert attributes[0]["elements"] == [
        {
            "key": "fit",
            "description": "Fit",
            "kind": "SELECT",
            "isMulti": False,
            "selectedValue": "slim",
            "selectedValueName": "Slim fit",
        }
    ]
    assert attributes[1]["elements"] == [
        {
            "key": "text",
            "description": "Instructions",
            "kind": "TEXTAREA",
            "value": "Wash at 30°\nNo tumble",
        },
        {
            "key": "label",
            "description": "Care label",
            "kind": "FILE",
            "url": "https://media.example.com/care/label.pdf",
        },
    ]
    assert attributes[2]["elements"][2] == {
        "key": "image",
        "description": "Image",
        "kind": "IMAGE",
        "url": "https://media.example.com/swatches/blue.png",
        "width": None,
        "height": None,
        "mimeType": "image/png",
    }
    assert product_attributes(api, product.product_id) == []
    assert variant_attributes(api, product.variant_ids[1]) == []


def test_attributes_of_products_and_variants_with_the_same_id_stay_apart(
    api: Api, database: Database
) -> None:
    products = [make_product(database, variants=("A",)) for _ in range(3)]
    product_id = products[-1].product_id
    variant_id = next(p.variant_ids[0] for p in products if p.variant_ids[0] == product_id)
    assign(
        api, objectType="Product", objectId=product_id, dynamicAttributes=[_long_name("Product")]
    )
    assign(
        api,
        objectType="ProductVariant",
        objectId=variant_id,
        dynamicAttributes=[
            {
                "attributeTypeName": "var_fit",
                "attributeElementKey": "fit",
                "attributeElementValue": "loose",
            }
        ],
    )

    assert [a["type"]["name"] for a in product_attributes(api, product_id)] == ["pr_long_name"]
    assert [a["type"]["name"] for a in variant_attributes(api, variant_id)] == ["var_fit"]


def test_changing_and_removing_dynamic_values(api: Api, database: Database) -> None:
    product = make_product(database)
    variant = product.variant_ids[0]

    def care(key: str, value: str) -> dict[str, Any]:
        return {
            "attributeTypeName": "var_care",
            "attributeElementKey": key,
            "attributeElementValue": value,
        }

    assign(
        api,
        objectType="ProductVariant",
        objectId=variant,
        dynamicAttributes=[care("text", "Hand wash"), care("label", "https://x.com/l.pdf")],
    )
    assign(
        api,
        objectType="ProductVariant",
        objectId=variant,
        dynamicAttributes=[care("text", "Machine wash")],
    )
    assert [
        e.get("value") or e.get("url") for e in variant_attributes(api, variant)[0]["elements"]
    ] == [
        "Machine wash",
        "https://x.com/l.pdf",
    ]

    assign(
        api, objectType="ProductVariant", objectId=variant, dynamicAttributes=[care("text", "  ")]
    )
    assert [e["key"] for e in variant_attributes(api, variant)[0]["elements"]] == ["label"]

    assign(
        api, objectType="ProductVariant", objectId=variant, dynamicAttributes=[care("label", "")]
    )
    assert variant_attributes(api, variant) == []


def test_multi_select_values(api: Api, database: Database) -> None:
    create_attribute_type(
        Writer.system(database),
        AttributeTypeCreate(
            "pr_seasons",
            "Product",
            is_mapped=False,
            elements=(
                ElementDefinition(
                    "seasons",
                    "SELECT",
                    "Seasons",
                    options=(
                        ChoiceOption("ss", "Spring/Summer"),
                        ChoiceOption("aw", "Autumn/Winter"),
                    ),
                    is_multi=True,
                ),
            ),
        ),
    )
    product = make_product(database)
    entry = {"attributeTypeName": "pr_seasons", "attributeElementKey": "seasons"}

    result = assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        dynamicAttributes=[{**entry, "attributeElementValue": "aw, ss"}],
    )

    assert result["userErrors"] == []
    (attribute,) = product_attributes(api, product.product_id)
    assert attribute["elements"][0] == {
        "key": "seasons",
        "description": "Seasons",
        "kind": "SELECT",
        "isMulti": True,
        "selectedValue": "aw,ss",
        "selectedValueName": "Autumn/Winter, Spring/Summer",
    }
    again = assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        dynamicAttributes=[{**entry, "attributeElementValue": "ss,ss"}],
    )
    assert "distinct values among ss, aw" in again["userErrors"][0]["message"]


def test_assigning_what_is_there_is_skipped_with_a_warning(api: Api, database: Database) -> None:
    product = make_product(database)
    wood = {"attributeTypeName": "pr_materials", "attributeId": mapped_id(database, "Wood")}
    assign(api, objectType="Product", objectId=product.product_id, mappedAttributes=[wood])

    result = assign(
        api, objectType="Product", objectId=product.product_id, mappedAttributes=[wood, wood]
    )

    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {
            "message": f"Attribute {wood['attributeId']} is already assigned; skipped.",
            "path": ["input", "mappedAttributes", "0"],
        },
        {
            "message": f"Attribute {wood['attributeId']} is already assigned; skipped.",
            "path": ["input", "mappedAttributes", "1"],
        },
    ]
    assert len(product_attributes(api, product.product_id)) == 1


def test_unassigning_mapped_and_dynamic_attributes(api: Api, database: Database) -> None:
    product = make_product(database)
    wood, steel = mapped_id(database, "Wood"), mapped_id(database, "Steel")
    assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[
            {"attributeTypeName": "pr_materials", "attributeId": wood},
            {"attributeTypeName": "pr_materials", "attributeId": steel},
        ],
        dynamicAttributes=[
            _long_name("Long"),
            {
                "attributeTypeName": "pr_eco",
                "attributeElementKey": "eco",
                "attributeElementValue": "0",
            },
        ],
    )
    eco = product_attributes(api, product.product_id)[1]["elements"][0]
    assert (eco["selectedValue"], eco["selectedValueName"]) == ("0", "No")

    result = unassign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[{"attributeTypeName": "pr_materials", "attributeId": wood}],
        dynamicAttributes=[
            {"attributeTypeName": "pr_long_name", "attributeElementKey": "text"},
            {"attributeTypeName": "pr_eco"},
        ],
    )

    assert result == {"userErrors": [], "userWarnings": []}
    (left,) = product_attributes(api, product.product_id)
    assert left["elements"][0]["value"] == "Steel"

    again = unassign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[{"attributeTypeName": "pr_materials", "attributeId": wood}],
        dynamicAttributes=[
            {"attributeTypeName": "pr_long_name", "attributeElementKey": "text"},
            {"attributeTypeName": "pr_eco"},
        ],
    )
    assert again["userErrors"] == []
    assert [w["path"] for w in again["userWarnings"]] == [
        ["input", "mappedAttributes", "0"],
        ["input", "dynamicAttributes", "0"],
        ["input", "dynamicAttributes", "1"],
    ]


def _updated_at(database: Database, product_id: int) -> Any:
    products = catalog.products
    with database.engine.connect() as connection:
        return connection.execute(
            select(products.c.updated_at).where(products.c.id == product_id)
        ).scalar_one()


def test_assigning_touches_the_objects_updated_at(api: Api, database: Database) -> None:
    product = make_product(database)
    with database.write() as connection:  # long ago: a touch within the second shows too
        connection.execute(
            update(catalog.products)
            .where(catalog.products.c.id == product.product_id)
            .values(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
        )
    before = _updated_at(database, product.product_id)

    assign(
        api, objectType="Product", objectId=product.product_id, dynamicAttributes=[_long_name("x")]
    )

    assert _updated_at(database, product.product_id) > before


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"objectType": "Product", "objectId": 999},
            "Could not find Product with ID 999",
            ["input", "objectId"],
        ),
        (
            {"objectType": "ProductVariant", "objectId": 999},
            "Could not find ProductVariant with ID 999",
            ["input", "objectId"],
        ),
        (
            {
                "dynamicAttributes": [
                    {
                        "attributeTypeName": "nope",
                        "attributeElementKey": "text",
                        "attributeElementValue": "x",
                    }
                ]
            },
            'no attribute type named "nope"',
            ["input", "dynamicAttributes", "0", "attributeTypeName"],
        ),
        (
            {
                "dynamicAttributes": [
                    {
                        "attributeTypeName": "var_fit",
                        "attributeElementKey": "fit",
                        "attributeElementValue": "slim",
                    }
                ]
            },
            "belongs to ProductVariant objects, not to Product",
            ["input", "dynamicAttributes", "0", "attributeTypeName"],
        ),
        (
            {
                "dynamicAttributes": [
                    {
                        "attributeTypeName": "pr_materials",
                        "attributeElementKey": "text",
                        "attributeElementValue": "x",
                    }
                ]
            },
            "mapped attribute type: give it in mappedAttributes",
            ["input", "dynamicAttributes", "0", "attributeTypeName"],
        ),
        (
            {"mappedAttributes": [{"attributeTypeName": "pr_long_name", "attributeId": 1}]},
            "dynamic attribute type: give it in dynamicAttributes",
            ["input", "mappedAttributes", "0", "attributeTypeName"],
        ),
        (
            {"mappedAttributes": [{"attributeTypeName": "pr_materials", "attributeId": 999}]},
            "Could not find Attribute with ID 999",
            ["input", "mappedAttributes", "0", "attributeId"],
        ),
        (
            {"mappedAttributes": [{"attributeTypeName": "pr_materials", "attributeId": "BLUE"}]},
            'is not of attribute type "pr_materials"',
            ["input", "mappedAttributes", "0", "attributeId"],
        ),
        (
            {
                "dynamicAttributes": [
                    {
                        "attributeTypeName": "pr_long_name",
                        "attributeElementKey": "txt",
                        "attributeElementValue": "x",
                    }
                ]
            },
            'has no element "txt"; its elements: text',
            ["input", "dynamicAttributes", "0", "attributeElementKey"],
        ),
        (
            {"dynamicAttributes": [_long_name("a"), _long_name("b")]},
            'Element "text" of "pr_long_name" is given twice',
            ["input", "dynamicAttributes", "1", "attributeElementKey"],
        ),
        (
            {
                "dynamicAttributes": [
                    {
                        "attributeTypeName": "pr_eco",
                        "attributeElementKey": "eco",
                        "attributeElementValue": "yes",
                    }
                ]
            },
            'give "1" or "0"',
            ["input", "dynamicAttributes", "0", "attributeElementValue"],
        ),
        (
            {"dynamicAttributes": [_long_name("x" * 256)]},
            "at most 255 characters",
            ["input", "dynamicAttributes", "0", "attributeElementValue"],
        ),
    ],
)
def test_bad_assignments_give_user_errors_and_change_nothing(
    api: Api, database: Database, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    product = make_product(database)
    assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        dynamicAttributes=[_long_name("Kept")],
    )
    query = "query($id: Int) { product(id: $id) { updatedAt attributes { elements { key ... on AttributeStringElement { value } } } } }"
    before = api.ok(query, {"id": product.product_id})
    if input_.get("mappedAttributes", [{}])[0].get("attributeId") == "BLUE":
        # A mapped attribute of another type (sh_swatch): its id is only known now.
        blue = {"attributeTypeName": "pr_materials", "attributeId": mapped_id(database, "Blue")}
        input_ = {**input_, "mappedAttributes": [blue]}

    result = assign(api, **{"objectType": "Product", "objectId": product.product_id, **input_})

    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(query, {"id": product.product_id}) == before


def test_every_bad_entry_is_reported_at_once_and_nothing_is_written(
    api: Api, database: Database
) -> None:
    product = make_product(database)

    result = assign(
        api,
        objectType="Product",
        objectId=product.product_id,
        mappedAttributes=[
            {"attributeTypeName": "pr_materials", "attributeId": mapped_id(database, "Wood")},
            {"attributeTypeName": "pr_materials", "attributeId": 999},
        ],
        dynamicAttributes=[
            _long_name("fine"),
            {
                "attributeTypeName": "pr_eco",
                "attributeElementKey": "eco",
                "attributeElementValue": "maybe",
            },
        ],
    )

    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "mappedAttributes", "1", "attributeId"],
        ["input", "dynamicAttributes", "1", "attributeElementValue"],
    ]
    assert product_attributes(api, product.product_id) == []


def test_bad_unassignments_give_user_errors(api: Api, database: Database) -> None:
    product = make_product(database)
    result = unassign(
        api,
        objectType="Product",
        objectId=product.product_id,
        dynamicAttributes=[{"attributeTypeName": "pr_long_name", "attributeElementKey": "nope"}],
        mappedAttributes=[
            {"attributeTypeName": "sh_swatch", "attributeId": mapped_id(database, "Blue")}
        ],
    )
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "mappedAttributes", "0", "attributeTypeName"],
        ["input", "dynamicAttributes", "0", "attributeElementKey"],
    ]


def test_media_attributes(api: Api, database: Database) -> None:
    product = make_product(database)
    create_batch(api, {"productId": product.product_id, "url": "https://x.com/front.jpg"})
    media_id = api.ok(
        "query($id: Int) { product(id: $id) { media { id } } }", {"id": product.product_id}
    )["product"]["media"][0]["id"]

    result = assign(
        api,
        objectType="ProductMedia",
        objectId=media_id,
        dynamicAttributes=[
            {
                "attributeTypeName": "media_alt",
                "attributeElementKey": "text",
                "attributeElementValue": "Front",
            }
        ],
    )

    assert result["userErrors"] == []
    data = api.ok(
        f"query($id: Int) {{ product(id: $id) {{ media {{ attributes {{ {ATTRIBUTES} }} }} }} }}",
        {"id": product.product_id},
    )
    (attribute,) = data["product"]["media"][0]["attributes"]
    assert attribute["objectType"] == "ProductMedia"
    assert attribute["elements"][0]["value"] == "Front"


def test_attributes_need_their_own_permission(api: Api, database: Database) -> None:
    product = make_product(database)
    assign(
        api, objectType="Product", objectId=product.product_id, dynamicAttributes=[_long_name("x")]
    )
    token = api.token("Product:read", "ProductVariant:read", "Product.attributes:read")

    response = api.query(
        "query($id: Int) { product(id: $id) { attributes { type { name } elements { key } }"
        " variants { attributes { description } } } }",
        {"id": product.product_id},
        token=token,
    )

    product_data = response.data["product"]
    assert product_data["attributes"] == [{"type": None, "elements": [{"key": "text"}]}]
    assert product_data["variants"] == [{"attributes": None}, {"attributes": None}]
    assert sorted(e["message"] for e in response.errors) == [
        "You need Attribute:read permission to access type.",
        "You need ProductVariant.attributes:read permission to access attributes.",
        "You need ProductVariant.attributes:read permission to access attributes.",
    ]


def test_another_use_case_can_plan_and_apply_assignments_in_its_transaction(
    api: Api, database: Database
) -> None:
    """As a product create or update with assignMappedAttributes would: check first (the object
    may not exist yet), write the object, then apply."""
    product = make_product(database)
    wood = mapped_id(database, "Wood")
    with database.write() as connection:
        plan = plan_assignment(
            connection,
            "Product",
            None,
            [MappedChoice("pr_materials", wood)],
            [DynamicValue("pr_long_name", "text", "Planned")],
            mapped_path=("input", "assignMappedAttributes"),
            dynamic_path=("input", "assignDynamicAttributes"),
        )
        apply_assignment(connection, plan, product.product_id)

    assert [a["type"]["name"] for a in product_attributes(api, product.product_id)] == [
        "pr_long_name",
        "pr_materials",
    ]
    with database.write() as connection, pytest.raises(UserInputError) as refused:
        plan_assignment(
            connection,
            "Product",
            None,
            [MappedChoice("pr_materials", 999)],
            [],
            mapped_path=("input", "assignMappedAttributes"),
            dynamic_path=("input", "assignDynamicAttributes"),
        )
    assert refused.value.errors[0].path == ("input", "assignMappedAttributes", 0, "attributeId")
