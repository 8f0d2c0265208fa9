"""Issue 17: store plugins (reference 3.1) and brick-and-mortar shops (3.6), recorded through
Mercato extensions, listed by storePlugins and brickAndMortars, Warehouse.brickAndMortar."""

from __future__ import annotations

from typing import Any

from tests.support import Api, StatementLog

PLUGIN = """mutation($input: StorePluginCreateInput!) {
  createStorePlugin(input: $input) { storePlugin { id name type status store { id } } userErrors { message path } }
}"""
SHOP = """mutation($input: BrickAndMortarCreateInput!) {
  createBrickAndMortar(input: $input) {
    brickAndMortar { id name city country { code } warehouses { id } } userErrors { message path } userWarnings { message }
  }
}"""
UPDATE_SHOP = """mutation($id: Int!, $input: BrickAndMortarUpdateInput!) {
  updateBrickAndMortar(id: $id, input: $input) {
    brickAndMortar { id warehouses { id } } userErrors { message path } userWarnings { message }
  }
}"""


def _plugin(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(PLUGIN, {"input": input_})["createStorePlugin"]
    return result


def test_store_plugins_are_recorded_and_listed_per_store(api: Api) -> None:
    adyen = _plugin(api, store={"id": 1}, name="Adyen", type="PAYMENT")["storePlugin"]
    _plugin(api, store={"id": 2}, name="EDI feed", type="FEED", status="INACTIVE")
    taken = _plugin(api, store={"id": 1}, name="Adyen", type="PAYMENT")
    renamed = api.ok(
        'mutation($id: Int!) { updateStorePlugin(id: $id, input: {name: "Adyen Checkout"}) '
        "{ storePlugin { name } userErrors { message } } }",
        {"id": adyen["id"]},
    )["updateStorePlugin"]

    assert adyen == {
        "id": adyen["id"],
        "name": "Adyen",
        "type": "PAYMENT",
        "status": "ACTIVE",
        "store": {"id": 1},
    }
    assert taken["userErrors"] == [
        {
            "message": 'Store 1 already has a plugin named "Adyen": names are unique per store.',
            "path": ["input", "name"],
        }
    ]
    assert renamed == {"storePlugin": {"name": "Adyen Checkout"}, "userErrors": []}
    listed = api.ok(
        "{ storePlugins { name } payments: storePlugins(where: {type: PAYMENT}) { name } }"
    )
    assert listed == {
        "storePlugins": [{"name": "Adyen Checkout"}, {"name": "EDI feed"}],
        "payments": [{"name": "Adyen Checkout"}],
    }
    restricted = api.token("StorePlugin:read", "StorePlugin:write", store_id=2)
    assert api.ok("{ storePlugins { name } }", token=restricted) == {
        "storePlugins": [{"name": "EDI feed"}]
    }
    other_store = api.ok(
        'mutation($id: Int!) { updateStorePlugin(id: $id, input: {name: "Mine"}) '
        "{ userErrors { message path } } }",
        {"id": adyen["id"]},
        token=restricted,
    )["updateStorePlugin"]
    assert other_store["userErrors"] == [
        {"message": f"Could not find StorePlugin with ID {adyen['id']}.", "path": ["id"]}
    ]


def test_shops_and_the_warehouses_that_serve_them(api: Api, statements: StatementLog) -> None:
    created = api.ok(
        SHOP,
        {
            "input": {
                "name": "Stockholm flagship",
                "city": "Stockholm",
                "country": {"code": "SE"},
                "addWarehouses": [{"id": 1}],
            }
        },
    )["createBrickAndMortar"]
    shop = created["brickAndMortar"]
    second = api.ok(SHOP, {"input": {"name": "Outlet"}})["createBrickAndMortar"]["brickAndMortar"]
    before = api.ok("{ warehouses { id brickAndMortar { id } } }")
    taken = api.ok(UPDATE_SHOP, {"id": second["id"], "input": {"addWarehouses": [{"id": 1}]}})[
        "updateBrickAndMortar"
    ]
    after_refusal = api.ok("{ warehouses { id brickAndMortar { id } } }")
    moved = api.ok(UPDATE_SHOP, {"id": shop["id"], "input": {"removeWarehouses": [{"id": 1}]}})[
        "updateBrickAndMortar"
    ]
    again = api.ok(
        UPDATE_SHOP, {"id": second["id"], "input": {"addWarehouses": [{"id": 1}, {"id": 1}]}}
    )["updateBrickAndMortar"]

    assert shop == {
        "id": shop["id"],
        "name": "Stockholm flagship",
        "city": "Stockholm",
        "country": {"code": "SE"},
        "warehouses": [{"id": 1}],
    }
    assert taken["userErrors"] == [
        {
            "message": f"Warehouse 1 serves brick-and-mortar {shop['id']}: a warehouse serves one "
            "shop (remove it there first).",
            "path": ["input", "addWarehouses", "0"],
        }
    ]
    assert after_refusal == before
    assert moved["brickAndMortar"]["warehouses"] == []
    assert again["brickAndMortar"]["warehouses"] == [{"id": 1}]
    assert again["userWarnings"] == [{"message": "Warehouse 1 serves this shop already; skipped."}]
    query = "{ brickAndMortars { name warehouses { name brickAndMortar { name } } } }"
    api.ok(query)
    statements.reset()
    assert api.ok(query)["brickAndMortars"] == [
        {"name": "Stockholm flagship", "warehouses": []},
        {
            "name": "Outlet",
            "warehouses": [
                {
                    "name": "Default Warehouse",
                    "brickAndMortar": {"name": "Outlet"},
                }
            ],
        },
    ]
    # 1 authentication + shops, warehouses, their shop.
    assert statements.count == 1 + 3


def test_a_store_restricted_token_cannot_record_shops(api: Api) -> None:
    token = api.token("BrickAndMortar:write", "BrickAndMortar:read", store_id=1)

    refused = api.ok(SHOP, {"input": {"name": "Mine"}}, token=token)["createBrickAndMortar"]

    assert refused["brickAndMortar"] is None
    assert "shared by every store" in refused["userErrors"][0]["message"]
    assert api.ok("{ brickAndMortars { id } }") == {"brickAndMortars": []}
