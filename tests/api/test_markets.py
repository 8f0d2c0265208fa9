"""Markets: reading with filters and sorts, and the rules of create/update/delete."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api

CREATE = """
mutation($input: MarketCreateInput!) {
  createMarket(input: $input) {
    market { id name comment store { id } allocationRule { id } assignedToCountries { code } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

UPDATE = """
mutation($id: Int, $externalId: String, $input: MarketUpdateInput!) {
  updateMarket(id: $id, externalId: $externalId, input: $input) {
    market { id name comment allocationRule { id } assignedToCountries { code } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

MARKETS = "{ markets { id name assignedToCountries { code } } }"


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_})["createMarket"]
    return result


def test_markets_filter_and_sort(api: Api) -> None:
    data = api.ok(
        """{
          byName: markets(where: {name: {contains: "us"}}) { name }
          sorted: markets(sort: [name_DESC]) { name }
          paged: markets(limit: 2, page: 2) { name }
          notWorld: markets(where: {id: [3], negate: ["id"]}) { name }
          single: markets(where: {id: 2}) { name }
        }"""
    )
    assert data["byName"] == [{"name": "USA"}]
    assert [m["name"] for m in data["sorted"]] == ["World", "USA", "Sweden", "Amazon"]
    assert data["paged"] == [{"name": "World"}, {"name": "Amazon"}]
    assert [m["name"] for m in data["notWorld"]] == ["Sweden", "USA", "Amazon"]
    assert data["single"] == [{"name": "USA"}]


def test_creating_a_market_defaults_to_the_stores_first_allocation_rule(api: Api) -> None:
    result = _create(api, name="Outlet", store={"id": 1}, comment="Sample sales")
    assert result["userErrors"] == []
    assert result["market"]["name"] == "Outlet"
    assert result["market"]["comment"] == "Sample sales"
    assert result["market"]["allocationRule"] == {"id": 1}


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"name": "Sweden", "store": {"id": 1}},
            'already has a market named "Sweden"',
            ["input", "name"],
        ),
        ({"name": "  ", "store": {"id": 1}}, "needs a name", ["input", "name"]),
        ({"name": "X", "store": {"id": 99}}, "Could not find Store with ID 99", ["input", "store"]),
        (
            {"name": "X", "store": {"id": 1}, "allocationRule": {"id": 2}},
            "another store",
            ["input", "allocationRule"],
        ),
        (
            {"name": "X", "store": {"id": 1}, "allocationRule": {"id": 99}},
            "Could not find AllocationRule",
            ["input", "allocationRule"],
        ),
        (
            {"name": "X", "store": {"id": 1}, "addCountries": [{"code": "ZZ"}]},
            'Could not find Country with code "ZZ"',
            ["input", "addCountries", "0"],
        ),
        (
            {"name": "X", "store": {"id": 1}, "addCountries": [{"code": "SE"}]},
            'already belongs to market "Sweden"',
            ["input", "addCountries", "0"],
        ),
        (
            {"name": "X", "store": {"id": 2}, "addCountries": [{"code": "SE"}]},
            "direct-to-consumer stores only",
            ["input", "addCountries"],
        ),
        (
            {"name": "X", "store": {"id": 1}, "addCountries": [{"id": 1, "code": "SE"}]},
            "exactly one of",
            ["input", "addCountries", "0"],
        ),
    ],
)
def test_bad_market_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(MARKETS)

    result = api.ok(CREATE, {"input": input_})["createMarket"]

    assert result["market"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(MARKETS) == before


def test_moving_countries_between_markets(api: Api) -> None:
    removed = api.ok(
        UPDATE, {"id": 3, "input": {"removeCountries": [{"code": "NO"}, {"code": "DK"}]}}
    )
    assert removed["updateMarket"]["userErrors"] == []
    created = _create(
        api,
        name="Nordics",
        store={"id": 1},
        addCountries=[{"code": "NO"}, {"code": "DK"}, {"code": "NO"}],
    )
    assert created["userErrors"] == []
    assert created["market"]["assignedToCountries"] == [{"code": "DK"}, {"code": "NO"}]
    assert created["userWarnings"] == [
        {"message": 'Duplicate country code "NO" skipped.', "path": ["input", "addCountries", "2"]}
    ]


def test_a_failing_update_changes_nothing_even_after_a_removal(api: Api) -> None:
    before = api.ok(MARKETS)
    result = api.ok(
        UPDATE,
        {
            "id": 1,
            "input": {
                "name": "Renamed",
                "removeCountries": [{"code": "SE"}],
                "addCountries": [{"code": "US"}],
            },
        },
    )["updateMarket"]
    assert result["market"] is None
    assert 'already belongs to market "USA"' in result["userErrors"][0]["message"]
    assert api.ok(MARKETS) == before


def test_updating_by_external_id(api: Api) -> None:
    api.ok(
        'mutation { setIdConversions(input: {objectType: Market, internalId: 2, externalId: "ERP-US"}) '
        "{ userErrors { message } } }"
    )
    result = api.ok(UPDATE, {"externalId": "ERP-US", "input": {"comment": "North America"}})[
        "updateMarket"
    ]
    assert result["userErrors"] == []
    assert result["market"]["comment"] == "North America"
    assert api.ok('{ market(externalId: "ERP-US") { id } }') == {"market": {"id": 2}}
    unknown = api.ok(UPDATE, {"externalId": "nope", "input": {"comment": "x"}})["updateMarket"]
    assert unknown["userErrors"][0]["message"] == 'Could not find Market with externalId "nope".'


def test_deleting_a_market_frees_its_countries(api: Api) -> None:
    result = api.ok("mutation { deleteMarket(id: 1) { userErrors { message } } }")
    assert result["deleteMarket"]["userErrors"] == []
    assert api.ok("{ market(id: 1) { id } }") == {"market": None}
    again = api.ok("mutation { deleteMarket(id: 1) { userErrors { message } } }")
    assert again["deleteMarket"]["userErrors"] == [{"message": "Could not find Market with ID 1."}]
    assert (
        _create(api, name="Sverige", store={"id": 1}, addCountries=[{"code": "SE"}])["userErrors"]
        == []
    )


def test_a_store_restricted_token_sees_only_its_store(api: Api) -> None:
    api.ok(
        'mutation { createMarket(input: {name: "B2B", store: {id: 2}}) { userErrors { message } } }'
    )
    token = api.token("Market:read", "Store:read", store_id=2)
    data = api.ok(
        "{ markets { name store { id } } stores { id } market(id: 1) { id } }", token=token
    )
    assert data == {
        "markets": [{"name": "B2B", "store": {"id": 2}}],
        "stores": [{"id": 2}],
        "market": None,
    }


def test_nested_lists_respect_the_store_restriction(api: Api) -> None:
    api.ok(
        'mutation { createMarket(input: {name: "B2B", store: {id: 2}}) { userErrors { message } } }'
    )
    token = api.token("Warehouse:read", "AllocationRule:read", "Market:read", store_id=2)
    data = api.ok("{ warehouses { id allocationRules { id markets { name } } } }", token=token)
    rules = [rule for warehouse in data["warehouses"] for rule in warehouse["allocationRules"]]
    assert rules == [{"id": 2, "markets": [{"name": "B2B"}]}]
