"""Brands: unique names and uris, generated uris, activation per store, store restriction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api

CREATE = """
mutation($input: BrandCreateInput!) {
  createBrand(input: $input) {
    brand { id name uri stores { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

UPDATE = """
mutation($id: Int, $externalId: String, $input: BrandUpdateInput!) {
  updateBrand(id: $id, externalId: $externalId, input: $input) {
    brand { id name uri stores { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

BRANDS = "{ brands(limit: 200) { id name uri stores { id } } }"


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_})["createBrand"]
    assert result["userErrors"] == [], result
    return result


def test_creating_a_brand_generates_its_uri_and_activates_it_in_stores(api: Api) -> None:
    result = _create(api, name="Åhléns & Söner", addToStores=[{"id": 1}, {"id": 2}, {"id": 1}])

    assert result["brand"]["name"] == "Åhléns & Söner"
    assert result["brand"]["uri"] == "ahlens-soner"
    assert result["brand"]["stores"] == [{"id": 1}, {"id": 2}]
    assert result["userWarnings"] == [
        {"message": "Duplicate store ID 1 skipped.", "path": ["input", "addToStores", "2"]}
    ]


def test_a_generated_uri_that_is_taken_gets_a_number(api: Api) -> None:
    _create(api, name="Acme", uri="acme")
    _create(api, name="ACME!", uri="acme-2")

    result = _create(api, name="Acme?")

    assert result["brand"]["uri"] == "acme-3"


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": "Acme"}, 'A brand named "Acme" already exists', ["input", "name"]),
        ({"name": " "}, "A brand needs a name", ["input", "name"]),
        ({"name": "New", "uri": "acme"}, 'Another brand has the uri "acme"', ["input", "uri"]),
        ({"name": "New", "uri": "New Brand"}, "is not a valid uri", ["input", "uri"]),
        ({"name": "New", "uri": "über"}, "is not a valid uri", ["input", "uri"]),
        ({"name": "New", "uri": "---"}, "is not a valid uri", ["input", "uri"]),
        ({"name": "★★★"}, "No uri can be generated", ["input", "name"]),
        (
            {"name": "New", "addToStores": [{"id": 9}]},
            "Could not find Store with ID 9",
            ["input", "addToStores", "0"],
        ),
    ],
)
def test_bad_brand_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    _create(api, name="Acme", uri="acme")
    before = api.ok(BRANDS)

    result = api.ok(CREATE, {"input": input_})["createBrand"]

    assert result["brand"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(BRANDS) == before


def test_updating_a_brand(api: Api) -> None:
    brand = _create(api, name="Acme", uri="custom", addToStores=[{"id": 1}])["brand"]

    renamed = api.ok(UPDATE, {"id": brand["id"], "input": {"name": "Acme Studios"}})["updateBrand"]
    assert renamed["brand"]["uri"] == "custom"
    regenerated = api.ok(UPDATE, {"id": brand["id"], "input": {"uri": ""}})["updateBrand"]
    assert regenerated["brand"]["uri"] == "acme-studios"
    moved = api.ok(
        UPDATE,
        {
            "id": brand["id"],
            "input": {
                "addToStores": [{"id": 2}, {"id": 2}],
                "removeFromStores": [{"id": 1}, {"id": 1}],
            },
        },
    )["updateBrand"]
    assert moved["userErrors"] == []
    assert moved["brand"]["stores"] == [{"id": 2}]
    assert moved["userWarnings"] == [
        {"message": "Duplicate store ID 1 skipped.", "path": ["input", "removeFromStores", "1"]},
        {"message": "Duplicate store ID 2 skipped.", "path": ["input", "addToStores", "1"]},
    ]
    again = api.ok(
        UPDATE,
        {"id": brand["id"], "input": {"addToStores": [{"id": 2}], "removeFromStores": [{"id": 1}]}},
    )["updateBrand"]
    assert again["userWarnings"] == [
        {
            "message": "The brand is not active in store 1.",
            "path": ["input", "removeFromStores", "0"],
        },
        {
            "message": "The brand is already active in store 2.",
            "path": ["input", "addToStores", "0"],
        },
    ]


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": "Other"}, 'A brand named "Other" already exists', ["input", "name"]),
        ({"uri": "other"}, 'Another brand has the uri "other"', ["input", "uri"]),
        ({"uri": "Bad Uri"}, "is not a valid uri", ["input", "uri"]),
        (
            {"addToStores": [{"id": 2}], "removeFromStores": [{"id": 7}]},
            "Could not find Store with ID 7",
            ["input", "removeFromStores", "0"],
        ),
    ],
)
def test_bad_brand_updates_change_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    brand = _create(api, name="Acme", addToStores=[{"id": 1}])["brand"]
    _create(api, name="Other", uri="other")
    before = api.ok(BRANDS)

    result = api.ok(UPDATE, {"id": brand["id"], "input": input_})["updateBrand"]

    assert result["brand"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(BRANDS) == before


def test_brands_by_external_id_filter_and_sort(api: Api) -> None:
    first = _create(api, name="Zeta")["brand"]
    _create(api, name="Alpha")
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Brand, internalId: $id, "
        'externalId: "B-Z"}) { userErrors { message } } }',
        {"id": first["id"]},
    )

    updated = api.ok(UPDATE, {"externalId": "B-Z", "input": {"name": "Zeta 2"}})["updateBrand"]
    data = api.ok(
        """{
          one: brand(externalId: "B-Z") { name }
          byName: brands(where: {name: {contains: "alp"}}) { name }
          sorted: brands(sort: [name_ASC]) { name }
        }"""
    )

    assert updated["brand"]["name"] == "Zeta 2"
    assert data["one"] == {"name": "Zeta 2"}
    assert data["byName"] == [{"name": "Alpha"}]
    assert data["sorted"] == [{"name": "Alpha"}, {"name": "Mercato Basics"}, {"name": "Zeta 2"}]


def test_a_store_restricted_token_sees_and_changes_its_stores_brands_only(api: Api) -> None:
    _create(api, name="Retail brand", addToStores=[{"id": 1}])
    wholesale = _create(api, name="Wholesale brand", addToStores=[{"id": 2}])["brand"]
    _create(api, name="Inactive brand")
    token = api.token("Brand:read", "Brand:write", "Store:read", store_id=2)

    listed = api.ok("{ brands { name } }", token=token)
    refused = api.ok(
        UPDATE, {"id": wholesale["id"], "input": {"addToStores": [{"id": 1}]}}, token=token
    )["updateBrand"]

    # The demo's brand is active in both stores.
    assert listed == {"brands": [{"name": "Mercato Basics"}, {"name": "Wholesale brand"}]}
    assert refused["userErrors"] == [
        {
            "message": "Could not find Store with ID 1.",
            "path": ["input", "addToStores", "0"],
        }
    ]


def test_a_store_restricted_token_reads_no_other_stores_brand_by_id(api: Api) -> None:
    retail = _create(api, name="Retail only", addToStores=[{"id": 1}])["brand"]
    wholesale = _create(api, name="Wholesale only", addToStores=[{"id": 2}])["brand"]
    token = api.token("Brand:read", store_id=2)

    data = api.ok(
        "query($r: Int!, $w: Int!) { r: brand(id: $r) { name } w: brand(id: $w) { name } }",
        {"r": retail["id"], "w": wholesale["id"]},
        token=token,
    )

    assert data == {"r": None, "w": {"name": "Wholesale only"}}
