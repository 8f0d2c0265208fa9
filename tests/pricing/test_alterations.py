"""Price alterations: wholesale only, one active per store, altered prices per pricelist."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_product
from tests.pricing.support import EUR_WHOLESALE, SEK, money, snapshot
from tests.support import Api

CREATE = """
mutation($input: PriceAlterationCreateInput!) {
  createPriceAlteration(input: $input) {
    priceAlteration { id name status startDate store { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

UPDATE = """
mutation($id: Int!, $input: PriceAlterationUpdateInput!) {
  updatePriceAlteration(id: $id, input: $input) {
    priceAlteration { id name status startDate store { id } }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

SET_ALTERED = """
mutation($input: ProductAlteredPricesSetInput!) {
  setAlteredPrices(input: $input) {
    priceAlteration { id name }
    pricelist { id name }
    products { id }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

ALTERATIONS = """{
  priceAlterations {
    id name status startDate createdAt updatedAt store { id }
    prices(limit: 200) { productVariant { id } price { value formattedValue } pricelist { id } }
  }
}"""


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    values = {"name": "Spring", "status": "ACTIVE", "store": {"id": 2}, "startDate": "2027-03-01"}
    result: dict[str, Any] = api.ok(CREATE, {"input": {**values, **input_}})[
        "createPriceAlteration"
    ]
    return result


def _set_altered(api: Api, alteration: int, pricelist: int, *entries: dict[str, Any]) -> Any:
    return api.ok(
        SET_ALTERED,
        {
            "input": {
                "priceAlteration": {"id": alteration},
                "pricelist": {"id": pricelist},
                "productPrices": list(entries),
            }
        },
    )["setAlteredPrices"]


def test_creating_and_updating_a_price_alteration(api: Api) -> None:
    created = _create(api)
    assert created["userErrors"] == []
    alteration = created["priceAlteration"]
    assert alteration == {
        "id": alteration["id"],
        "name": "Spring",
        "status": "ACTIVE",
        "startDate": "2027-03-01",
        "store": {"id": 2},
    }
    updated = api.ok(
        UPDATE,
        {"id": alteration["id"], "input": {"name": "Spring sale", "startDate": "2027-03-15"}},
    )["updatePriceAlteration"]
    assert updated["userErrors"] == []
    assert updated["priceAlteration"]["name"] == "Spring sale"
    assert updated["priceAlteration"]["startDate"] == "2027-03-15"
    listed = api.ok(
        '{ priceAlterations(where: {name: {contains: "sale"}}) { name startDate } '
        "priceAlteration(id: 1) { id } }"
    )
    assert listed == {
        "priceAlterations": [{"name": "Spring sale", "startDate": "2027-03-15"}],
        "priceAlteration": {"id": 1},
    }


def test_one_active_price_alteration_per_store(api: Api) -> None:
    _create(api)
    autumn = _create(api, name="Autumn", status="INACTIVE")["priceAlteration"]
    before = snapshot(api.database)
    refused = api.ok(UPDATE, {"id": autumn["id"], "input": {"status": "ACTIVE"}})[
        "updatePriceAlteration"
    ]
    assert refused["priceAlteration"] is None
    assert refused["userErrors"] == [
        {
            "message": 'Price alteration "Spring" is already active in this store: a store has '
            "one active price alteration, deactivate that one first.",
            "path": ["input", "status"],
        }
    ]
    assert snapshot(api.database) == before
    api.ok(UPDATE, {"id": 1, "input": {"status": "INACTIVE"}})
    allowed = api.ok(UPDATE, {"id": autumn["id"], "input": {"status": "ACTIVE"}})
    assert allowed["updatePriceAlteration"]["userErrors"] == []
    sorted_ = api.ok(
        "{ byDate: priceAlterations(sort: [startDate_DESC, name_ASC]) { name } "
        "active: priceAlterations(where: {status: ACTIVE, storeId: 2}) { name } }"
    )
    assert sorted_ == {
        "byDate": [{"name": "Autumn"}, {"name": "Spring"}],
        "active": [{"name": "Autumn"}],
    }


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"store": {"id": 1}},
            "Price alterations exist in wholesale stores only.",
            ["input", "store"],
        ),
        ({"store": {"id": 9}}, "Could not find Store with ID 9.", ["input", "store"]),
        ({"name": " "}, "A price alteration needs a name.", ["input", "name"]),
        (
            {"name": "Spring", "status": "INACTIVE"},
            'already has a price alteration named "Spring"',
            ["input", "name"],
        ),
        ({"name": "Summer"}, 'Price alteration "Spring" is already active', ["input", "status"]),
    ],
)
def test_bad_create_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    _create(api)
    before = snapshot(api.database)
    reads = api.ok(ALTERATIONS)

    result = _create(api, **input_)

    assert result["priceAlteration"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert api.ok(ALTERATIONS) == reads


@pytest.mark.parametrize(
    ("alteration", "input_", "message", "path"),
    [
        (
            1,
            {"store": {"id": 1}},
            "Price alterations exist in wholesale stores only.",
            ["input", "store"],
        ),
        (2, {"name": "Spring"}, 'already has a price alteration named "Spring"', ["input", "name"]),
        (
            2,
            {"status": "ACTIVE"},
            'Price alteration "Spring" is already active',
            ["input", "status"],
        ),
        (1, {"name": ""}, "A price alteration needs a name.", ["input", "name"]),
        (7, {"name": "X"}, "Could not find PriceAlteration with ID 7.", ["id"]),
    ],
)
def test_bad_update_input_gives_user_errors_and_changes_nothing(
    api: Api, alteration: int, input_: dict[str, Any], message: str, path: list[str] | None
) -> None:
    _create(api)
    _create(api, name="Autumn", status="INACTIVE")
    before = snapshot(api.database)
    reads = api.ok(ALTERATIONS)

    result = api.ok(UPDATE, {"id": alteration, "input": input_})["updatePriceAlteration"]

    assert result["priceAlteration"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert api.ok(ALTERATIONS) == reads


def test_setting_altered_prices(api: Api) -> None:
    alteration = _create(api)["priceAlteration"]["id"]
    product = make_product(api.database, variants=("Red", "Blue"))
    red, blue = product.variant_ids
    result = _set_altered(
        api,
        alteration,
        EUR_WHOLESALE,
        {
            "product": {"id": product.product_id},
            "price": money(1500.5, "EUR"),
            "recommendedRetailPrice": money(3000, "EUR"),
            "individualVariantPrices": [
                {"productVariant": {"id": blue}, "price": money(12.345, "EUR")}
            ],
        },
    )
    assert result["userErrors"] == []
    assert result["priceAlteration"] == {"id": alteration, "name": "Spring"}
    assert result["pricelist"] == {"id": EUR_WHOLESALE, "name": "EUR Wholesale"}
    assert result["products"] == [{"id": product.product_id}]
    assert result["userWarnings"] == [
        {
            "message": "Price alterations have no recommended retail prices: "
            "recommendedRetailPrice ignored",
            "path": ["input", "productPrices", "0", "recommendedRetailPrice"],
        },
        {
            "message": "Price has been rounded to 2 decimal places",
            "path": ["input", "productPrices", "0", "individualVariantPrices", "0", "price"],
        },
    ]
    data = api.ok(
        f"""{{ priceAlteration(id: {alteration}) {{ prices {{
              price {{ value valueInCents formattedValue conversionRate currency {{ code }} }}
              recommendedRetailPrice {{ value }}
              pricelist {{ name }} priceAlteration {{ id }} product {{ id }} productVariant {{ id }}
            }} }} }}"""
    )
    assert data["priceAlteration"]["prices"] == [
        {
            "price": {
                "value": 1500.5,
                "valueInCents": 150050,
                "formattedValue": "1 500.50 EUR",
                "conversionRate": 11.2,
                "currency": {"code": "EUR"},
            },
            "recommendedRetailPrice": None,
            "pricelist": {"name": "EUR Wholesale"},
            "priceAlteration": {"id": alteration},
            "product": {"id": product.product_id},
            "productVariant": {"id": red},
        },
        {
            "price": {
                "value": 12.35,
                "valueInCents": 1235,
                "formattedValue": "12.35 EUR",
                "conversionRate": 11.2,
                "currency": {"code": "EUR"},
            },
            "recommendedRetailPrice": None,
            "pricelist": {"name": "EUR Wholesale"},
            "priceAlteration": {"id": alteration},
            "product": {"id": product.product_id},
            "productVariant": {"id": blue},
        },
    ]
    # Setting again updates in place; the regular prices are untouched.
    _set_altered(
        api,
        alteration,
        EUR_WHOLESALE,
        {"product": {"id": product.product_id}, "price": money(9, "EUR")},
    )
    again = api.ok(
        f"{{ priceAlteration(id: {alteration}) {{ prices {{ id price {{ value }} }} }} "
        "pricelist(id: 3) { prices { id } } }"
    )
    assert [p["price"]["value"] for p in again["priceAlteration"]["prices"]] == [9.0, 9.0]
    assert again["pricelist"]["prices"] == []
    filtered = api.ok(
        f"{{ priceAlteration(id: {alteration}) {{ prices(where: {{productVariantId: {blue}, pricelistId: 3}}) {{ productVariant {{ id }} }} }} }}"
    )
    assert filtered["priceAlteration"]["prices"] == [{"productVariant": {"id": blue}}]


@pytest.mark.parametrize(
    ("alteration", "pricelist", "entry", "message", "path"),
    [
        (
            1,
            SEK,
            {},
            'Pricelist "SEK" belongs to another store than the price alteration.',
            ["input", "pricelist"],
        ),
        (
            5,
            EUR_WHOLESALE,
            {},
            "Could not find PriceAlteration with ID 5.",
            ["input", "priceAlteration"],
        ),
        (1, 99, {}, "Could not find Pricelist with ID 99.", ["input", "pricelist"]),
        (
            1,
            EUR_WHOLESALE,
            {"price": money(1, "SEK")},
            'Price is in "SEK"',
            ["input", "productPrices", "0", "price", "currencyIsoCode"],
        ),
        (
            1,
            EUR_WHOLESALE,
            {"price": money(-3, "EUR")},
            "Price cannot be negative.",
            ["input", "productPrices", "0", "price", "value"],
        ),
    ],
)
def test_bad_altered_prices_give_user_errors_and_change_nothing(
    api: Api,
    alteration: int,
    pricelist: int,
    entry: dict[str, Any],
    message: str,
    path: list[str],
) -> None:
    _create(api)
    product = make_product(api.database, variants=("Red",))
    _set_altered(
        api, 1, EUR_WHOLESALE, {"product": {"id": product.product_id}, "price": money(5, "EUR")}
    )
    before = snapshot(api.database)
    reads = api.ok(ALTERATIONS)

    result = _set_altered(
        api, alteration, pricelist, {"product": {"id": product.product_id}, **entry}
    )

    assert result["priceAlteration"] is None
    assert result["pricelist"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert api.ok(ALTERATIONS) == reads


def test_an_alteration_with_prices_stays_in_its_store(api: Api) -> None:
    _create(api)
    product = make_product(api.database, variants=("Red",))
    _set_altered(
        api, 1, EUR_WHOLESALE, {"product": {"id": product.product_id}, "price": money(5, "EUR")}
    )
    with api.database.write() as connection:
        connection.exec_driver_sql(
            "INSERT INTO stores (id, name, type) VALUES (3, 'Wholesale 2', 'WHOLESALE')"
        )
    before = snapshot(api.database)
    result = api.ok(UPDATE, {"id": 1, "input": {"store": {"id": 3}}})["updatePriceAlteration"]
    assert result["userErrors"] == [
        {
            "message": "A price alteration with altered prices cannot move to another store: "
            "its prices belong to pricelists of its store.",
            "path": ["input", "store"],
        }
    ]
    assert snapshot(api.database) == before
    empty = _create(api, name="Empty", status="INACTIVE")["priceAlteration"]["id"]
    moved = api.ok(UPDATE, {"id": empty, "input": {"store": {"id": 3}}})["updatePriceAlteration"]
    assert moved["userErrors"] == []
    assert moved["priceAlteration"]["store"] == {"id": 3}


def test_a_store_restricted_token_sees_only_its_stores_alterations(api: Api) -> None:
    _create(api)
    retail = api.token("Price:read", store_id=1)
    wholesale = api.token("Price:read", store_id=2)
    assert api.ok("{ priceAlterations { id } priceAlteration(id: 1) { id } }", token=retail) == {
        "priceAlterations": [],
        "priceAlteration": None,
    }
    assert api.ok("{ priceAlterations { id } priceAlteration(id: 1) { id } }", token=wholesale) == {
        "priceAlterations": [{"id": 1}],
        "priceAlteration": {"id": 1},
    }
