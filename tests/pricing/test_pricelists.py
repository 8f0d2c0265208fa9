"""Pricelists: reading with filters and sorts, and the rules of create/update/delete."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_product
from tests.pricing.support import EUR_WHOLESALE, SEK, SET_PRICES, USD, money, snapshot
from tests.support import Api

CREATE = """
mutation($input: PricelistCreateInput!) {
  createPricelist(input: $input) {
    pricelist {
      id name status comment isDefaultForCurrency
      store { id } currency { code } assignedToCountries { code }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

UPDATE = """
mutation($id: Int, $externalId: String, $input: PricelistUpdateInput!) {
  updatePricelist(id: $id, externalId: $externalId, input: $input) {
    pricelist {
      id name status comment isDefaultForCurrency currency { code } assignedToCountries { code }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

DELETE = """
mutation($id: Int, $externalId: String) {
  deletePricelist(id: $id, externalId: $externalId) {
    userErrors { message path }
    userWarnings { message path }
  }
}"""

PRICELISTS = """{
  pricelists(limit: 200) {
    id name status comment isDefaultForCurrency createdAt updatedAt
    store { id } currency { code } assignedToCountries { code }
  }
}"""


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    values = {"status": "ACTIVE", "store": {"id": 1}, "currencyIsoCode": "SEK", **input_}
    result: dict[str, Any] = api.ok(CREATE, {"input": values})["createPricelist"]
    return result


def _update(api: Api, pricelist_id: int, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(UPDATE, {"id": pricelist_id, "input": input_})[
        "updatePricelist"
    ]
    return result


def test_the_demo_pricelists(api: Api) -> None:
    data = api.ok(
        """{ pricelists {
          id name status isDefaultForCurrency store { id name type } currency { code }
          assignedToCountries { code }
        } }"""
    )
    assert data["pricelists"] == [
        {
            "id": SEK,
            "name": "SEK",
            "status": "ACTIVE",
            "isDefaultForCurrency": True,
            "store": {"id": 1, "name": "Retail Store", "type": "DIRECT_TO_CONSUMER"},
            "currency": {"code": "SEK"},
            "assignedToCountries": [{"code": "SE"}],
        },
        {
            "id": USD,
            "name": "USD",
            "status": "ACTIVE",
            "isDefaultForCurrency": True,
            "store": {"id": 1, "name": "Retail Store", "type": "DIRECT_TO_CONSUMER"},
            "currency": {"code": "USD"},
            "assignedToCountries": [{"code": "US"}],
        },
        {
            "id": EUR_WHOLESALE,
            "name": "EUR Wholesale",
            "status": "ACTIVE",
            "isDefaultForCurrency": True,
            "store": {"id": 2, "name": "Wholesale", "type": "WHOLESALE"},
            "currency": {"code": "EUR"},
            "assignedToCountries": [],
        },
    ]


def test_loading_the_demo_twice_changes_nothing(api: Api) -> None:
    from mercato.pricing.demo import load_pricing_demo

    before = snapshot(api.database)
    load_pricing_demo(api.database)
    assert snapshot(api.database) == before


def test_pricelists_filter_sort_and_page(api: Api) -> None:
    _create(api, name="Outlet SEK", status="INACTIVE", comment="Sample sales")
    data = api.ok(
        """{
          byName: pricelists(where: {name: {contains: "sek"}}) { name }
          exact: pricelists(where: {name: {equals: "SEK"}}) { name }
          byStore: pricelists(where: {storeId: 2}) { name }
          inactive: pricelists(where: {status: INACTIVE}) { name }
          active: pricelists(where: {status: [INACTIVE], negate: ["status"]}) { name }
          byCurrency: pricelists(where: {currencyId: [1]}) { name isDefaultForCurrency }
          defaults: pricelists(where: {isDefaultForCurrency: false}) { name }
          commented: pricelists(where: {notNull: ["name"], id: [1, 4]}) { name comment }
          sorted: pricelists(sort: [name_DESC]) { name }
          paged: pricelists(limit: 2, page: 2) { name }
        }"""
    )
    assert data["byName"] == [{"name": "SEK"}, {"name": "Outlet SEK"}]
    assert data["exact"] == [{"name": "SEK"}]
    assert data["byStore"] == [{"name": "EUR Wholesale"}]
    assert data["inactive"] == [{"name": "Outlet SEK"}]
    assert [p["name"] for p in data["active"]] == ["SEK", "USD", "EUR Wholesale"]
    assert data["byCurrency"] == [
        {"name": "SEK", "isDefaultForCurrency": True},
        {"name": "Outlet SEK", "isDefaultForCurrency": False},
    ]
    assert data["defaults"] == [{"name": "Outlet SEK"}]
    assert data["commented"] == [
        {"name": "SEK", "comment": None},
        {"name": "Outlet SEK", "comment": "Sample sales"},
    ]
    assert [p["name"] for p in data["sorted"]] == ["USD", "SEK", "Outlet SEK", "EUR Wholesale"]
    assert data["paged"] == [{"name": "EUR Wholesale"}, {"name": "Outlet SEK"}]


def test_creating_a_pricelist(api: Api) -> None:
    result = _create(
        api,
        name="Nordics",
        currencyIsoCode="eur",
        comment="Finland and friends",
        addCountries=[{"code": "FI"}, {"code": "NO"}, {"code": "FI"}],
        externalId="ERP-NORDICS",
    )
    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {"message": 'Duplicate country code "FI" skipped.', "path": ["input", "addCountries", "2"]}
    ]
    pricelist = result["pricelist"]
    assert pricelist["name"] == "Nordics"
    assert pricelist["comment"] == "Finland and friends"
    assert pricelist["currency"] == {"code": "EUR"}
    assert pricelist["store"] == {"id": 1}
    # The Retail store's first EUR pricelist is its default for EUR.
    assert pricelist["isDefaultForCurrency"] is True
    assert pricelist["assignedToCountries"] == [{"code": "FI"}, {"code": "NO"}]
    found = api.ok('{ pricelist(externalId: "ERP-NORDICS") { id name } }')["pricelist"]
    assert found == {"id": pricelist["id"], "name": "Nordics"}


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": "SEK"}, 'already has a pricelist named "SEK"', ["input", "name"]),
        ({"name": "   "}, "A pricelist needs a name.", ["input", "name"]),
        ({"name": "x" * 256}, "at most 255 characters", ["input", "name"]),
        ({"name": "X", "store": {"id": 99}}, "Could not find Store with ID 99", ["input", "store"]),
        (
            {"name": "X", "currencyIsoCode": "XXX"},
            'Could not find Currency with code "XXX".',
            ["input", "currencyIsoCode"],
        ),
        (
            {"name": "X", "store": {"id": 2}, "addCountries": [{"code": "DE"}]},
            "direct-to-consumer stores only",
            ["input", "addCountries"],
        ),
        (
            {"name": "X", "addCountries": [{"code": "DE"}, {"code": "SE"}]},
            'Country code "SE" already belongs to pricelist "SEK" of this store',
            ["input", "addCountries", "1"],
        ),
        (
            {"name": "X", "addCountries": [{"code": "ZZ"}]},
            'Could not find Country with code "ZZ"',
            ["input", "addCountries", "0"],
        ),
        (
            {"name": "X", "externalId": ""},
            "externalId must be 1 to 255 characters",
            ["input", "externalId"],
        ),
    ],
)
def test_bad_create_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = snapshot(api.database)
    reads = api.ok(PRICELISTS)

    result = _create(api, **input_)

    assert result["pricelist"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert api.ok(PRICELISTS) == reads


def test_a_token_without_integration_cannot_assign_external_ids(api: Api) -> None:
    token = api.token("Pricelist:write", "Pricelist:read", integration=None)
    before = snapshot(api.database)
    result = api.ok(
        CREATE,
        {
            "input": {
                "name": "X",
                "status": "ACTIVE",
                "store": {"id": 1},
                "currencyIsoCode": "SEK",
                "externalId": "E",
            }
        },
        token=token,
    )["createPricelist"]
    assert result["pricelist"] is None
    assert "no integration name" in result["userErrors"][0]["message"]
    assert snapshot(api.database) == before


def test_a_country_is_in_one_pricelist_per_store_but_in_several_stores(api: Api) -> None:
    blocked = _create(api, name="Sweden again", addCountries=[{"code": "SE"}])
    assert blocked["userErrors"] == [
        {
            "message": 'Country code "SE" already belongs to pricelist "SEK" of this store: a '
            "country has one pricelist per store, remove it there first.",
            "path": ["input", "addCountries", "0"],
        }
    ]
    moved = _update(api, SEK, removeCountries=[{"code": "SE"}])
    assert moved["userErrors"] == []
    assert moved["pricelist"]["assignedToCountries"] == []
    again = _create(api, name="Sweden again", addCountries=[{"code": "SE"}])
    assert again["userErrors"] == []
    assert again["pricelist"]["assignedToCountries"] == [{"code": "SE"}]


def test_updating_a_pricelist(api: Api) -> None:
    result = _update(
        api,
        SEK,
        name="Sweden",
        status="INACTIVE",
        comment="Main market",
        addCountries=[{"code": "NO"}, {"code": "SE"}],
        removeCountries=[{"code": "DK"}],
    )
    assert result["userErrors"] == []
    assert result["pricelist"] == {
        "id": SEK,
        "name": "Sweden",
        "status": "INACTIVE",
        "comment": "Main market",
        "isDefaultForCurrency": True,
        "currency": {"code": "SEK"},
        "assignedToCountries": [{"code": "NO"}, {"code": "SE"}],
    }
    assert result["userWarnings"] == [
        {
            "message": 'Country code "DK" was not in this pricelist.',
            "path": ["input", "removeCountries", "0"],
        },
        {
            "message": 'Country code "SE" is already in this pricelist.',
            "path": ["input", "addCountries", "1"],
        },
    ]
    # Keeping its own name is not a clash.
    assert _update(api, SEK, name="Sweden")["userErrors"] == []


def test_removing_and_adding_a_country_in_one_update_keeps_it(api: Api) -> None:
    result = _update(api, SEK, removeCountries=[{"code": "SE"}], addCountries=[{"code": "SE"}])
    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    assert result["pricelist"]["assignedToCountries"] == [{"code": "SE"}]


@pytest.mark.parametrize(
    ("pricelist_id", "input_", "message", "path"),
    [
        (SEK, {"name": "USD"}, 'already has a pricelist named "USD"', ["input", "name"]),
        (SEK, {"name": ""}, "A pricelist needs a name.", ["input", "name"]),
        (
            SEK,
            {"currencyIsoCode": "ABC"},
            'Could not find Currency with code "ABC"',
            ["input", "currencyIsoCode"],
        ),
        (
            SEK,
            {"removeCountries": [{"code": "SE"}], "addCountries": [{"code": "US"}]},
            'already belongs to pricelist "USD"',
            ["input", "addCountries", "0"],
        ),
        (
            EUR_WHOLESALE,
            {"addCountries": [{"code": "DE"}]},
            "direct-to-consumer stores only",
            ["input", "addCountries"],
        ),
        (
            SEK,
            {"removeCountries": [{"code": "QQ"}]},
            'Could not find Country with code "QQ"',
            ["input", "removeCountries", "0"],
        ),
        (99, {"name": "Nope"}, "Could not find Pricelist with ID 99.", ["id"]),
    ],
)
def test_bad_update_input_gives_user_errors_and_changes_nothing(
    api: Api, pricelist_id: int, input_: dict[str, Any], message: str, path: list[str] | None
) -> None:
    before = snapshot(api.database)
    reads = api.ok(PRICELISTS)

    result = _update(api, pricelist_id, **input_)

    assert result["pricelist"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert api.ok(PRICELISTS) == reads


def test_updating_by_external_id_and_assigning_one(api: Api) -> None:
    assigned = _update(api, USD, externalId="ERP-USD")
    assert assigned["userErrors"] == []
    result = api.ok(UPDATE, {"externalId": "ERP-USD", "input": {"comment": "Dollars"}})[
        "updatePricelist"
    ]
    assert result["userErrors"] == []
    assert result["pricelist"]["comment"] == "Dollars"
    # A new external id replaces the old one.
    _update(api, USD, externalId="ERP-USD-2")
    assert api.ok(
        '{ a: pricelist(externalId: "ERP-USD") { id } b: pricelist(externalId: "ERP-USD-2") { id } }'
    ) == {
        "a": None,
        "b": {"id": USD},
    }
    unknown = api.ok(UPDATE, {"externalId": "nope", "input": {"comment": "x"}})["updatePricelist"]
    assert unknown["userErrors"][0]["message"] == 'Could not find Pricelist with externalId "nope".'


def test_the_currency_changes_only_while_there_are_no_prices(api: Api) -> None:
    second = _create(api, name="SEK 2")["pricelist"]
    assert second["isDefaultForCurrency"] is False
    # The default for SEK moves to the other SEK pricelist; "SEK" becomes the Retail
    # store's first EUR pricelist, so its default for EUR.
    changed = _update(api, SEK, currencyIsoCode="EUR")
    assert changed["userErrors"] == []
    assert changed["pricelist"]["currency"] == {"code": "EUR"}
    assert changed["pricelist"]["isDefaultForCurrency"] is True
    assert api.ok(f"{{ pricelist(id: {second['id']}) {{ isDefaultForCurrency }} }}") == {
        "pricelist": {"isDefaultForCurrency": True}
    }
    product = make_product(api.database)
    api.ok(
        SET_PRICES,
        {
            "input": {
                "pricelist": {"id": USD},
                "productPrices": [
                    {"product": {"id": product.product_id}, "price": money(10, "USD")}
                ],
            }
        },
    )
    before = snapshot(api.database)
    refused = _update(api, USD, currencyIsoCode="SEK")
    assert refused["pricelist"] is None
    assert refused["userErrors"] == [
        {
            "message": 'Pricelist "USD" is in use (prices for 2 product variants), so it cannot '
            "change its currency.",
            "path": [],
        }
    ]
    assert snapshot(api.database) == before
    # Naming its own currency is no change at all.
    assert _update(api, USD, currencyIsoCode="usd")["userErrors"] == []


def test_deleting_an_unused_pricelist_frees_its_countries_and_external_id(api: Api) -> None:
    created = _create(api, name="Temporary", addCountries=[{"code": "DE"}], externalId="ERP-TEMP")[
        "pricelist"
    ]
    result = api.ok(DELETE, {"externalId": "ERP-TEMP"})["deletePricelist"]
    assert result == {"userErrors": [], "userWarnings": []}
    assert api.ok(f"{{ pricelist(id: {created['id']}) {{ id }} }}") == {"pricelist": None}
    assert api.ok("{ idConversions(where: {objectType: Pricelist}) { id } }") == {
        "idConversions": []
    }
    again = api.ok(DELETE, {"id": created["id"]})["deletePricelist"]
    assert again["userErrors"] == [
        {"message": f"Could not find Pricelist with ID {created['id']}.", "path": ["id"]}
    ]
    assert _create(api, name="Germany", addCountries=[{"code": "DE"}])["userErrors"] == []


def test_deleting_the_default_makes_the_next_pricelist_the_default(api: Api) -> None:
    second = _create(api, name="USD 2", currencyIsoCode="USD")["pricelist"]
    assert second["isDefaultForCurrency"] is False
    assert api.ok(DELETE, {"id": USD})["deletePricelist"]["userErrors"] == []
    assert api.ok(f"{{ pricelist(id: {second['id']}) {{ isDefaultForCurrency }} }}") == {
        "pricelist": {"isDefaultForCurrency": True}
    }


def test_a_pricelist_with_prices_is_not_deleted(api: Api) -> None:
    product = make_product(api.database, variants=("Red",))
    api.ok(
        SET_PRICES,
        {
            "input": {
                "pricelist": {"id": SEK},
                "productPrices": [{"product": {"id": product.product_id}, "price": money(100)}],
            }
        },
    )
    before = snapshot(api.database)
    result = api.ok(DELETE, {"id": SEK})["deletePricelist"]
    assert result["userErrors"] == [
        {
            "message": 'Pricelist "SEK" is in use (prices for 1 product variant), so it cannot '
            "be deleted.",
            "path": [],
        }
    ]
    assert snapshot(api.database) == before
    assert api.ok(DELETE, {})["deletePricelist"]["userErrors"] == [
        {"message": "Give id or externalId.", "path": ["id"]}
    ]


def test_the_comment_needs_its_own_permission(api: Api) -> None:
    _update(api, SEK, comment="Internal")
    token = api.token("Pricelist:read")
    response = api.query("{ pricelist(id: 1) { name comment } }", token=token)
    assert response.data == {"pricelist": {"name": "SEK", "comment": None}}
    (error,) = response.errors
    assert error["message"] == "You need Pricelist.comment:read permission to access comment."
    assert error["path"] == ["pricelist", "comment"]
    allowed = api.token("Pricelist:read", "Pricelist.comment:read")
    assert api.ok("{ pricelist(id: 1) { comment } }", token=allowed) == {
        "pricelist": {"comment": "Internal"}
    }


def test_a_store_restricted_token_sees_only_its_store(api: Api) -> None:
    token = api.token("Pricelist:read", store_id=2)
    data = api.ok(
        "{ pricelists { name } retail: pricelist(id: 1) { id } wholesale: pricelist(id: 3) { id } }",
        token=token,
    )
    assert data == {
        "pricelists": [{"name": "EUR Wholesale"}],
        "retail": None,
        "wholesale": {"id": EUR_WHOLESALE},
    }


def test_pricelist_needs_an_id_or_an_external_id(api: Api) -> None:
    response = api.query("{ pricelist { id } }")
    assert response.data == {"pricelist": None}
    assert response.errors[0]["message"] == "pricelist needs an id or an externalId."
