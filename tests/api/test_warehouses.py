"""Warehouses: priority order, location, the create/update rules."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api

CREATE = """
mutation($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) {
    warehouse { id name customSort threshold country { code } state { code } }
    userErrors { message path }
  }
}"""

UPDATE = """
mutation($id: Int!, $input: WarehouseUpdateInput!) {
  updateWarehouse(id: $id, input: $input) {
    warehouse { id name status customSort threshold isHiddenFromStockView }
    userErrors { message path }
  }
}"""

ORDER = "{ warehouses { name customSort } }"


def test_default_order_is_the_priority_order(api: Api) -> None:
    assert [w["name"] for w in api.ok(ORDER)["warehouses"]] == [
        "Default Warehouse",
        "Wholesale Warehouse",
        "Retail",
    ]


def test_before_warehouse_places_a_new_one_in_the_order(api: Api) -> None:
    result = api.ok(CREATE, {"input": {"name": "Outlet", "beforeWarehouse": {"id": 2}}})[
        "createWarehouse"
    ]
    assert result["userErrors"] == []
    names = [w["name"] for w in api.ok(ORDER)["warehouses"]]
    assert names == ["Default Warehouse", "Outlet", "Wholesale Warehouse", "Retail"]


def test_update_moves_and_changes_fields(api: Api) -> None:
    result = api.ok(
        UPDATE,
        {
            "id": 3,
            "input": {
                "beforeWarehouse": {"id": 1},
                "threshold": 4,
                "hideFromStockView": True,
                "status": "INACTIVE",
            },
        },
    )
    warehouse = result["updateWarehouse"]["warehouse"]
    assert warehouse["threshold"] == 4
    assert warehouse["isHiddenFromStockView"] is True
    assert warehouse["status"] == "INACTIVE"
    assert api.ok(ORDER)["warehouses"][0]["name"] == "Retail"


def test_location_resolves_states_case_insensitively(api: Api) -> None:
    result = api.ok(
        CREATE,
        {
            "input": {
                "name": "Toronto",
                "warehouseLocation": {"country": {"code": "CA"}, "stateOrProvince": "on"},
            }
        },
    )["createWarehouse"]
    assert result["warehouse"]["state"] == {"code": "ON"}
    assert result["warehouse"]["country"] == {"code": "CA"}


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": "Retail"}, 'named "Retail" already exists', ["input", "name"]),
        ({"name": ""}, "needs a name", ["input", "name"]),
        ({"name": "X", "threshold": -1}, "cannot be negative", ["input", "threshold"]),
        (
            {"name": "X", "beforeWarehouse": {"id": 42}},
            "Could not find Warehouse with ID 42",
            ["input", "beforeWarehouse"],
        ),
        (
            {"name": "X", "warehouseLocation": {"stateOrProvince": "Ohio"}},
            "needs country",
            ["input", "warehouseLocation", "stateOrProvince"],
        ),
        (
            {
                "name": "X",
                "warehouseLocation": {"country": {"code": "US"}, "stateOrProvince": "Atlantis"},
            },
            "No state or province",
            ["input", "warehouseLocation", "stateOrProvince"],
        ),
    ],
)
def test_bad_warehouse_input_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(ORDER)
    result = api.ok(CREATE, {"input": input_})["createWarehouse"]
    assert result["warehouse"] is None
    assert message in result["userErrors"][0]["message"]
    assert result["userErrors"][0]["path"] == path
    assert api.ok(ORDER) == before


def test_a_warehouse_cannot_go_before_itself(api: Api) -> None:
    result = api.ok(UPDATE, {"id": 2, "input": {"beforeWarehouse": {"id": 2}}})["updateWarehouse"]
    assert "before itself" in result["userErrors"][0]["message"]


def test_allocation_rules_list_warehouses_by_priority(api: Api) -> None:
    data = api.ok("{ allocationRules { name store { id } warehouses { name } markets { name } } }")
    retail = data["allocationRules"][0]
    assert retail["warehouses"] == [{"name": "Default Warehouse"}, {"name": "Retail"}]
    assert [m["name"] for m in retail["markets"]] == ["Sweden", "USA", "World", "Amazon"]
    assert api.ok("{ warehouse(id: 3) { allocationRules { name } } }") == {
        "warehouse": {"allocationRules": [{"name": "Retail allocation"}]}
    }
