"""Bundles: createBundle makes the bundle's product, its one internal variant and its sizes;
updateBundle changes type, price type and sections; the rules of both."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import RETAIL, Catalog
from tests.displays.requests import created
from tests.factories import make_size_chart
from tests.support import Api

BUNDLE = """
  id type priceType createdAt updatedAt
  product { id name status productNumber isBundle isSerializableProduct harmonizedCommodityCode
            harmonizedCommodityCodeDescription brand { id } collection { id } folder { id }
            countryOfOrigin { code } }
  productVariant { id name status product { id } sizeChart { id }
                   productSizes { SKU description sizeNumber } }
  sections { id quantity productVariants { id } }
"""

CREATE = f"""
mutation($input: BundleCreateInput!) {{
  createBundle(input: $input) {{
    bundle {{ {BUNDLE} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int!, $input: BundleUpdateInput!) {{
  updateBundle(id: $id, input: $input) {{
    bundle {{ {BUNDLE} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

EVERYTHING = f"""{{
  bundles(limit: 200) {{ {BUNDLE} }}
  products(limit: 200) {{ id productNumber }}
  productVariants(limit: 200) {{ id }}
  productSizes(limit: 200) {{ id SKU }}
}}"""


@pytest.fixture
def one_size(api: Api) -> int:
    chart_id, _ = make_size_chart(api.database, "Bundle One Size", labels=("One Size",))
    return chart_id


def create(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_})["createBundle"]
    return result


def bundle_input(catalog: Catalog, chart: int, **extra: Any) -> dict[str, Any]:
    return {
        "product": {"name": "Gift box", "productNumber": "GB1"},
        "type": "FIXED",
        "priceType": "STATIC",
        "sizeChart": {"id": chart},
        "addBundleSections": [
            {"quantity": 1, "productVariants": [{"id": catalog.red}, {"id": catalog.blue}]},
            {"quantity": 2, "productVariants": [{"id": catalog.oak}]},
        ],
        **extra,
    }


def created_bundle(api: Api, catalog: Catalog, chart: int, **extra: Any) -> dict[str, Any]:
    result = create(api, **bundle_input(catalog, chart, **extra))
    assert result["userErrors"] == [], result
    bundle: dict[str, Any] = result["bundle"]
    return bundle


def test_creating_a_bundle_makes_its_product_and_variant(
    api: Api, catalog: Catalog, one_size: int
) -> None:
    result = create(
        api,
        **bundle_input(
            catalog,
            one_size,
            product={
                "name": "Gift box",
                "status": "INACTIVE",
                "productNumber": "GB1",
                "countryOfOrigin": {"code": "SE"},
                "harmonizedCommodityCode": "6110",
                "harmonizedCommodityCodeDescription": "Knitwear",
                "isSerializableProduct": True,
            },
            type="FLEXIBLE",
            priceType="DYNAMIC",
        ),
    )
    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    bundle = result["bundle"]
    assert bundle["type"] == "FLEXIBLE"
    assert bundle["priceType"] == "DYNAMIC"
    product = bundle["product"]
    assert product == {
        "id": product["id"],
        "name": "Gift box",
        "status": "INACTIVE",
        "productNumber": "GB1",
        "isBundle": True,
        "isSerializableProduct": True,
        "harmonizedCommodityCode": "6110",
        "harmonizedCommodityCodeDescription": "Knitwear",
        "brand": None,
        "collection": None,
        "folder": None,
        "countryOfOrigin": {"code": "SE"},
    }
    assert bundle["productVariant"] == {
        "id": bundle["productVariant"]["id"],
        "name": "Gift box",
        "status": "INACTIVE",
        "product": {"id": product["id"]},
        "sizeChart": {"id": one_size},
        "productSizes": [{"SKU": "GB1", "description": "One Size", "sizeNumber": None}],
    }
    assert [(s["quantity"], s["productVariants"]) for s in bundle["sections"]] == [
        (1, [{"id": catalog.red}, {"id": catalog.blue}]),
        (2, [{"id": catalog.oak}]),
    ]
    variants = api.ok(
        "query($id: Int!) { product(id: $id) { variants { id } } }", {"id": product["id"]}
    )
    assert variants["product"]["variants"] == [{"id": bundle["productVariant"]["id"]}]


def test_sizes_are_chosen_from_the_chart(api: Api, catalog: Catalog) -> None:
    chart = api.ok(
        'mutation { createSizeChart(input: {name: "Bundle SML", horizontalLabels: ["S", "M", "L"]}) '
        "{ sizeChart { id sizes { id name } } userErrors { message } } }"
    )["createSizeChart"]["sizeChart"]
    every = created_bundle(api, catalog, chart["id"])
    assert [s["description"] for s in every["productVariant"]["productSizes"]] == ["S", "M", "L"]
    medium = chart["sizes"][1]["id"]
    chosen = create(
        api,
        **bundle_input(
            catalog,
            chart["id"],
            product={"name": "Box 2", "productNumber": "GB2"},
            sizes=[{"name": "L"}, {"externalId": "Bundle SML|S"}, {"name": "S"}, {"id": medium}],
        ),
    )
    assert chosen["userErrors"] == []
    assert chosen["userWarnings"] == [
        {"message": 'Duplicate size name "S" skipped.', "path": ["input", "sizes", "2"]}
    ]
    # Listed in the chart's order, whatever the order they were chosen in.
    assert [s["description"] for s in chosen["bundle"]["productVariant"]["productSizes"]] == [
        "S",
        "M",
        "L",
    ]


def test_a_bundle_variant_is_activated_on_a_display(
    api: Api, catalog: Catalog, one_size: int
) -> None:
    bundle = created_bundle(api, catalog, one_size)
    display = created(
        api,
        store={"id": RETAIL},
        product={"id": bundle["product"]["id"]},
        name="Gift box",
        status="ACTIVE",
        addProductVariants=[{"productVariant": {"id": bundle["productVariant"]["id"]}}],
    )
    assert display["productVariants"] == [{"id": bundle["productVariant"]["id"]}]


def _must_fail(
    api: Api, document: str, variables: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(EVERYTHING)
    (payload,) = api.ok(document, variables).values()
    assert payload["bundle"] is None, payload
    assert len(payload["userErrors"]) == 1, payload["userErrors"]
    (error,) = payload["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(EVERYTHING) == before


def test_bad_create_input_changes_nothing(api: Api, catalog: Catalog, one_size: int) -> None:
    existing = created_bundle(api, catalog, one_size)
    bundle_variant = existing["productVariant"]["id"]
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        (
            {"product": {"name": "X", "productNumber": "GB1"}},
            'has the product number "GB1" already',
            ["input", "product", "productNumber"],
        ),
        (
            {"product": {"name": "X", "productNumber": " "}},
            "needs a product number",
            ["input", "product", "productNumber"],
        ),
        (
            {"product": {"name": "X", "productNumber": "A B"}},
            "cannot contain blanks",
            ["input", "product", "productNumber"],
        ),
        (
            {"product": {"name": "X", "productNumber": "N" * 65}},
            "at most 64 characters",
            ["input", "product", "productNumber"],
        ),
        (
            {"product": {"name": " ", "productNumber": "N2"}},
            "needs a name",
            ["input", "product", "name"],
        ),
        (
            {"product": {"name": "X", "productNumber": "N2", "brand": {"id": 999}}},
            "Could not find Brand with ID 999",
            ["input", "product", "brand"],
        ),
        (
            {"product": {"name": "X", "productNumber": "N2", "countryOfOrigin": {"code": "ZZ"}}},
            'Could not find Country with code "ZZ"',
            ["input", "product", "countryOfOrigin"],
        ),
        (
            {"product": {"name": "X", "productNumber": "N2", "harmonizedCommodityCode": "1" * 33}},
            "At most 32 characters",
            ["input", "product", "harmonizedCommodityCode"],
        ),
        (
            {"sizeChart": {"id": 999}},
            "Could not find SizeChart with ID 999",
            ["input", "sizeChart"],
        ),
        ({"sizes": []}, "Give at least one size", ["input", "sizes"]),
        (
            {"sizes": [{"name": "XS"}]},
            'The size chart has no size with name "XS"',
            ["input", "sizes", "0"],
        ),
        ({"sizes": [{"id": 999}]}, "has no size with ID 999", ["input", "sizes", "0"]),
        (
            {"sizes": [{"name": "One Size", "id": 1}]},
            "Give exactly one of",
            ["input", "sizes", "0"],
        ),
        (
            {"addBundleSections": [{"quantity": 0, "productVariants": [{"id": catalog.red}]}]},
            "quantity is at least 1, got 0",
            ["input", "addBundleSections", "0", "quantity"],
        ),
        (
            {"addBundleSections": [{"quantity": 1, "productVariants": []}]},
            "needs at least one product variant",
            ["input", "addBundleSections", "0", "productVariants"],
        ),
        (
            {"addBundleSections": [{"quantity": 1, "productVariants": [{"id": 999}]}]},
            "Could not find ProductVariant with ID 999",
            ["input", "addBundleSections", "0", "productVariants", "0"],
        ),
        (
            {"addBundleSections": [{"quantity": 1, "productVariants": [{"id": bundle_variant}]}]},
            "is a bundle's variant: a bundle cannot contain bundles",
            ["input", "addBundleSections", "0", "productVariants", "0"],
        ),
    ]
    for extra, message, path in cases:
        input_ = {
            **bundle_input(catalog, one_size, product={"name": "New", "productNumber": "N3"}),
            **extra,
        }
        _must_fail(api, CREATE, {"input": input_}, message, path)


def test_updating_a_bundle(api: Api, catalog: Catalog, one_size: int) -> None:
    bundle = created_bundle(api, catalog, one_size)
    first, second = (s["id"] for s in bundle["sections"])
    result = api.ok(
        UPDATE,
        {
            "id": bundle["id"],
            "input": {
                "type": "FLEXIBLE",
                "priceType": "DYNAMIC",
                "removeBundleSections": [{"id": first}, {"id": first}],
                "updateBundleSections": [{"bundleSection": {"id": second}, "quantity": 5}],
                "addBundleSections": [
                    {"quantity": 3, "productVariants": [{"id": catalog.blue}, {"id": catalog.blue}]}
                ],
            },
        },
    )["updateBundle"]
    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {
            "message": f"Duplicate bundle section ID {first} skipped.",
            "path": ["input", "removeBundleSections", "1"],
        },
        {
            "message": f"Duplicate product variant ID {catalog.blue} skipped.",
            "path": ["input", "addBundleSections", "0", "productVariants", "1"],
        },
    ]
    changed = result["bundle"]
    assert (changed["type"], changed["priceType"]) == ("FLEXIBLE", "DYNAMIC")
    assert [(s["quantity"], s["productVariants"]) for s in changed["sections"]] == [
        (5, [{"id": catalog.oak}]),
        (3, [{"id": catalog.blue}]),
    ]
    assert changed["updatedAt"] >= bundle["updatedAt"]


def test_bad_update_input_changes_nothing(api: Api, catalog: Catalog, one_size: int) -> None:
    bundle = created_bundle(api, catalog, one_size)
    other = created_bundle(
        api, catalog, one_size, product={"name": "Other box", "productNumber": "GB9"}
    )
    first, second = (s["id"] for s in bundle["sections"])
    foreign = other["sections"][0]["id"]
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        (
            {"removeBundleSections": [{"id": 999}]},
            "Could not find BundleSection with ID 999",
            ["input", "removeBundleSections", "0"],
        ),
        (
            {"removeBundleSections": [{"id": foreign}]},
            f"belongs to bundle {other['id']}, not to this bundle",
            ["input", "removeBundleSections", "0"],
        ),
        (
            {"updateBundleSections": [{"bundleSection": {"id": first}, "quantity": 0}]},
            "quantity is at least 1, got 0",
            ["input", "updateBundleSections", "0", "quantity"],
        ),
        (
            {
                "removeBundleSections": [{"id": first}],
                "updateBundleSections": [{"bundleSection": {"id": first}, "quantity": 2}],
            },
            "is removed in the same request",
            ["input", "updateBundleSections", "0", "bundleSection"],
        ),
        (
            {
                "updateBundleSections": [
                    {"bundleSection": {"id": second}, "quantity": 2},
                    {"bundleSection": {"id": second}, "quantity": 3},
                ]
            },
            "changed twice",
            ["input", "updateBundleSections", "1", "bundleSection"],
        ),
        (
            {
                "type": "FLEXIBLE",
                "removeBundleSections": [{"id": first}],
                "addBundleSections": [
                    {"quantity": 1, "productVariants": [{"id": other["productVariant"]["id"]}]}
                ],
            },
            "a bundle cannot contain bundles",
            ["input", "addBundleSections", "0", "productVariants", "0"],
        ),
    ]
    for input_, message, path in cases:
        _must_fail(api, UPDATE, {"id": bundle["id"], "input": input_}, message, path)
    unknown = api.ok(UPDATE, {"id": 999, "input": {"type": "FIXED"}})["updateBundle"]
    assert unknown["userErrors"] == [
        {"message": "Could not find Bundle with ID 999.", "path": ["id"]}
    ]


def test_reading_bundles(api: Api, catalog: Catalog, one_size: int) -> None:
    fixed = created_bundle(api, catalog, one_size)
    flexible = created_bundle(
        api,
        catalog,
        one_size,
        product={"name": "Flex box", "productNumber": "GB2"},
        type="FLEXIBLE",
        priceType="DYNAMIC",
    )
    data = api.ok(
        """query($product: [Int!], $id: Int!) {
          all: bundles { id }
          desc: bundles(sort: [id_DESC]) { id }
          byType: bundles(where: {type: FLEXIBLE}) { id }
          byPrice: bundles(where: {priceType: STATIC}) { id }
          byProduct: bundles(where: {productId: $product}) { id }
          byId: bundles(where: {id: [$id]}) { id }
          one: bundle(id: $id) { id sections { quantity } }
          missing: bundle(id: 999) { id }
          connection: bundleConnection(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage } }
        }""",
        {"product": [flexible["product"]["id"]], "id": fixed["id"]},
    )
    assert data["all"] == [{"id": fixed["id"]}, {"id": flexible["id"]}]
    assert data["desc"] == [{"id": flexible["id"]}, {"id": fixed["id"]}]
    assert data["byType"] == [{"id": flexible["id"]}]
    assert data["byPrice"] == [{"id": fixed["id"]}]
    assert data["byProduct"] == [{"id": flexible["id"]}]
    assert data["byId"] == [{"id": fixed["id"]}]
    assert data["one"] == {"id": fixed["id"], "sections": [{"quantity": 1}, {"quantity": 2}]}
    assert data["missing"] is None
    assert data["connection"] == {
        "totalCount": 2,
        "edges": [{"node": {"id": fixed["id"]}}],
        "pageInfo": {"hasNextPage": True},
    }
