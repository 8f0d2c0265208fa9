"""ProductSize.weight: set through createProductSize, updateProductSize and the productSizes
of createProductVariant, rounded and checked like the product's weight."""

from __future__ import annotations

from typing import Any

import pytest

from tests.products.catalog import (
    CATALOG,
    CREATE_VARIANT,
    create_product,
    create_size_chart,
    create_variant,
)
from tests.support import Api

WEIGHT = "weight { value unit formattedValue }"

CREATE_SIZE = f"""
mutation($input: ProductSizeCreateInput!) {{
  createProductSize(input: $input) {{
    productSize {{ id {WEIGHT} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE_SIZE = f"""
mutation($id: Int!, $input: ProductSizeUpdateInput!) {{
  updateProductSize(id: $id, input: $input) {{
    productSize {{ id {WEIGHT} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

SIZES = f"query($id: Int!) {{ productVariant(id: $id) {{ productSizes {{ {WEIGHT} }} }} }}"


def _variant(api: Api, **extra: Any) -> dict[str, Any]:
    chart = create_size_chart(api, "Sweaters", ("S", "M", "L"))
    product_id = create_product(api, name="Sweater", productNumber="SW100")["product"]["id"]
    return create_variant(
        api, product={"id": product_id}, name="Red", sizeChart={"id": chart["chart"]}, **extra
    )


def test_sizes_activated_with_the_variant_keep_their_weights(api: Api) -> None:
    made = _variant(
        api,
        productSizes=[
            {"size": {"name": "S"}, "weight": {"value": 0.4, "unit": "KILOGRAMS"}},
            {"size": {"name": "M"}, "weight": {"value": 1.23456, "unit": "POUNDS"}},
            {"size": {"name": "L"}},
        ],
    )
    assert made["userWarnings"] == [
        {
            "message": "Weight has been rounded to 3 decimal places.",
            "path": ["input", "productSizes", "1", "weight", "value"],
        }
    ]
    sizes = api.ok(SIZES, {"id": made["productVariant"]["id"]})["productVariant"]["productSizes"]
    assert [s["weight"] for s in sizes] == [
        {"value": 0.4, "unit": "KILOGRAMS", "formattedValue": "0.400 kg"},
        {"value": 1.235, "unit": "POUNDS", "formattedValue": "1.235 lb"},
        None,
    ]


def test_create_and_update_a_size_weight(api: Api) -> None:
    variant_id = _variant(api)["productVariant"]["id"]
    created = api.ok(
        CREATE_SIZE,
        {
            "input": {
                "productVariant": {"id": variant_id},
                "size": {"name": "S"},
                "weight": {"value": 2, "unit": "KILOGRAMS"},
            }
        },
    )["createProductSize"]
    assert created["userErrors"] == []
    assert created["productSize"]["weight"]["formattedValue"] == "2.000 kg"
    size_id = created["productSize"]["id"]
    changed = api.ok(
        UPDATE_SIZE, {"id": size_id, "input": {"weight": {"value": 5.5, "unit": "POUNDS"}}}
    )["updateProductSize"]
    assert changed["productSize"]["weight"] == {
        "value": 5.5,
        "unit": "POUNDS",
        "formattedValue": "5.500 lb",
    }
    assert changed["userWarnings"] == [
        {
            "message": "Weight unit has been changed from KILOGRAMS to POUNDS.",
            "path": ["input", "weight", "unit"],
        }
    ]
    untouched = api.ok(UPDATE_SIZE, {"id": size_id, "input": {"preorder": True}})
    assert untouched["updateProductSize"]["productSize"]["weight"]["value"] == 5.5
    cleared = api.ok(UPDATE_SIZE, {"id": size_id, "input": {"weight": None}})
    assert cleared["updateProductSize"]["productSize"]["weight"] is None


@pytest.mark.parametrize(
    ("weight", "member"),
    [({"value": -1, "unit": "KILOGRAMS"}, "value"), ({"value": 1e9, "unit": "POUNDS"}, "value")],
)
def test_bad_weights_are_refused_and_nothing_changes(
    api: Api, weight: dict[str, Any], member: str
) -> None:
    variant_id = _variant(api, productSizes=[{"size": {"name": "M"}}])["productVariant"]["id"]
    size_id = api.ok(SIZES.replace("productSizes {", "productSizes { id"), {"id": variant_id})[
        "productVariant"
    ]["productSizes"][0]["id"]
    before = api.ok(CATALOG)
    created = api.ok(
        CREATE_SIZE,
        {"input": {"productVariant": {"id": variant_id}, "size": {"name": "S"}, "weight": weight}},
    )["createProductSize"]
    assert [e["path"] for e in created["userErrors"]] == [["input", "weight", member]]
    updated = api.ok(UPDATE_SIZE, {"id": size_id, "input": {"weight": weight}})
    assert [e["path"] for e in updated["updateProductSize"]["userErrors"]] == [
        ["input", "weight", member]
    ]
    assert api.ok(CATALOG) == before
    product_id = create_product(api, name="Other", productNumber="OT1")["product"]["id"]
    before = api.ok(CATALOG)
    chart = api.ok('{ sizeCharts(where: {name: {equals: "Sweaters"}}) { id } }')["sizeCharts"][0][
        "id"
    ]
    variant = api.ok(
        CREATE_VARIANT,
        {
            "input": {
                "product": {"id": product_id},
                "name": "Blue",
                "sizeChart": {"id": chart},
                "productSizes": [{"size": {"name": "L"}, "weight": weight}],
            }
        },
    )["createProductVariant"]
    assert [e["path"] for e in variant["userErrors"]] == [
        ["input", "productSizes", "0", "weight", member]
    ]
    assert api.ok(CATALOG) == before
