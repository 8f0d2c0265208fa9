"""setPrices: variant prices, individual prices and their override, money input rules, the
warnings for skipped entries, and MonetaryValue read back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_product
from tests.pricing.support import (
    EUR_WHOLESALE,
    SEK,
    SET_PRICES,
    USD,
    add_currency,
    make_dynamic_bundle,
    money,
    prices_of,
    snapshot,
)
from tests.support import Api


def _set(api: Api, pricelist: int | dict[str, Any], *entries: dict[str, Any], **kwargs: Any) -> Any:
    reference = pricelist if isinstance(pricelist, dict) else {"id": pricelist}
    return api.ok(
        SET_PRICES, {"input": {"pricelist": reference, "productPrices": list(entries)}}, **kwargs
    )["setPrices"]


def test_the_product_price_applies_to_every_variant(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue", "Green"))
    result = _set(api, SEK, {"product": {"id": product.product_id}, "price": money(1000)})
    assert result == {
        "pricelist": {"id": SEK, "name": "SEK"},
        "products": [{"id": product.product_id}],
        "userErrors": [],
        "userWarnings": [],
    }
    assert prices_of(api, SEK) == dict.fromkeys(product.variant_ids, (1000.0, None, False))
    # Other pricelists are untouched.
    assert prices_of(api, USD) == {}


def test_monetary_values_are_formatted_in_the_pricelists_currency(api: Api) -> None:
    product = make_product(api.database, variants=("Red",))
    _set(api, SEK, {"product": {"id": product.product_id}, "price": money(1234.5)})
    _set(api, USD, {"product": {"id": product.product_id}, "price": money(99.99, "USD")})
    data = api.ok(
        """{ pricelists(where: {id: [1, 2]}) { name prices {
          price { value valueInCents formattedValue conversionRate currency { code decimalDigits } }
          recommendedRetailPrice { value }
        } } }"""
    )
    assert data["pricelists"] == [
        {
            "name": "SEK",
            "prices": [
                {
                    "price": {
                        "value": 1234.5,
                        "valueInCents": 123450,
                        "formattedValue": "1 234.50 SEK",
                        "conversionRate": 1.0,
                        "currency": {"code": "SEK", "decimalDigits": 2},
                    },
                    "recommendedRetailPrice": None,
                }
            ],
        },
        {
            "name": "USD",
            "prices": [
                {
                    "price": {
                        "value": 99.99,
                        "valueInCents": 9999,
                        "formattedValue": "99.99 USD",
                        "conversionRate": 10.5,
                        "currency": {"code": "USD", "decimalDigits": 2},
                    },
                    "recommendedRetailPrice": None,
                }
            ],
        },
    ]


def test_amounts_are_rounded_to_the_currencys_decimal_digits(api: Api) -> None:
    add_currency(api.database, "JPY", 0, rate=0.07)
    created = api.ok(
        'mutation { createPricelist(input: {name: "Japan", status: ACTIVE, store: {id: 1}, '
        'currencyIsoCode: "JPY"}) { pricelist { id } userErrors { message } } }'
    )["createPricelist"]
    japan = created["pricelist"]["id"]
    product = make_product(api.database, variants=("Red",))
    other = make_product(api.database, variants=("Blue",))
    yen = _set(api, japan, {"product": {"id": product.product_id}, "price": money(1234.5, "JPY")})
    assert yen["userWarnings"] == [
        {
            "message": "Price has been rounded to 0 decimal places",
            "path": ["input", "productPrices", "0", "price"],
        }
    ]
    crowns = _set(
        api,
        SEK,
        {"product": {"id": product.product_id}, "price": money(10.005)},
        {"product": {"id": other.product_id}, "price": money(1000000)},
    )
    assert crowns["userWarnings"] == [
        {
            "message": "Price has been rounded to 2 decimal places",
            "path": ["input", "productPrices", "0", "price"],
        }
    ]
    data = api.ok(
        f"""{{ japan: pricelist(id: {japan}) {{ prices {{ price {{ value valueInCents formattedValue conversionRate }} }} }}
              sweden: pricelist(id: {SEK}) {{ prices {{ price {{ value valueInCents formattedValue }} }} }} }}"""
    )
    assert data["japan"]["prices"] == [
        {
            "price": {
                "value": 1235.0,
                "valueInCents": 1235,
                "formattedValue": "1 235 JPY",
                "conversionRate": 0.07,
            }
        }
    ]
    assert data["sweden"]["prices"] == [
        {"price": {"value": 10.01, "valueInCents": 1001, "formattedValue": "10.01 SEK"}},
        {
            "price": {
                "value": 1000000.0,
                "valueInCents": 100000000,
                "formattedValue": "1 000 000.00 SEK",
            }
        },
    ]


def test_individual_variant_prices_and_their_override(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue", "Green"))
    red, blue, green = product.variant_ids
    ref = {"id": product.product_id}
    first = _set(
        api,
        SEK,
        {
            "product": ref,
            "price": money(500),
            "individualVariantPrices": [{"productVariant": {"id": blue}, "price": money(450)}],
        },
    )
    assert first["userErrors"] == []
    assert prices_of(api, SEK) == {
        red: (500.0, None, False),
        blue: (450.0, None, True),
        green: (500.0, None, False),
    }
    # A new product price leaves the individual variant alone.
    _set(api, SEK, {"product": ref, "price": money(550)})
    assert prices_of(api, SEK) == {
        red: (550.0, None, False),
        blue: (450.0, None, True),
        green: (550.0, None, False),
    }
    # Only individual prices: the other variants keep theirs.
    _set(
        api,
        SEK,
        {
            "product": ref,
            "individualVariantPrices": [{"productVariant": {"id": green}, "price": money(600)}],
        },
    )
    assert prices_of(api, SEK) == {
        red: (550.0, None, False),
        blue: (450.0, None, True),
        green: (600.0, None, True),
    }
    # The override resets every variant to the product price, except those priced
    # individually in the same entry.
    _set(
        api,
        SEK,
        {
            "product": ref,
            "price": money(520),
            "overrideIndividualVariantPrices": True,
            "individualVariantPrices": [{"productVariant": {"id": red}, "price": money(499)}],
        },
    )
    assert prices_of(api, SEK) == {
        red: (499.0, None, True),
        blue: (520.0, None, False),
        green: (520.0, None, False),
    }


def test_variants_without_a_price_have_none(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue"))
    red, _blue = product.variant_ids
    _set(
        api,
        SEK,
        {
            "product": {"id": product.product_id},
            "individualVariantPrices": [{"productVariant": {"id": red}, "price": money(100)}],
        },
    )
    assert prices_of(api, SEK) == {red: (100.0, None, True)}


def test_prices_may_be_set_on_inactive_products_and_by_external_ids(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue"), status="INACTIVE")
    red, blue = product.variant_ids
    api.ok(
        """mutation($p: Int!, $v: Int!) { setIdConversions(input: [
          {objectType: Product, internalId: $p, externalId: "ERP-P"},
          {objectType: ProductVariant, internalId: $v, externalId: "ERP-V"},
          {objectType: Pricelist, internalId: 2, externalId: "ERP-USD"}
        ]) { userErrors { message } } }""",
        {"p": product.product_id, "v": blue},
    )
    result = _set(
        api,
        {"externalId": "ERP-USD"},
        {
            "product": {"externalId": "ERP-P"},
            "price": money(20, "usd"),
            "individualVariantPrices": [
                {"productVariant": {"externalId": "ERP-V"}, "price": money(25, "USD")}
            ],
        },
    )
    assert result["userErrors"] == []
    assert result["pricelist"] == {"id": USD, "name": "USD"}
    assert prices_of(api, USD) == {red: (20.0, None, False), blue: (25.0, None, True)}


def test_recommended_retail_prices_on_wholesale_pricelists_only(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue"))
    red, blue = product.variant_ids
    ref = {"id": product.product_id}
    wholesale = _set(
        api,
        EUR_WHOLESALE,
        {
            "product": ref,
            "price": money(40, "EUR"),
            "recommendedRetailPrice": money(99.5, "EUR"),
            "individualVariantPrices": [
                {
                    "productVariant": {"id": blue},
                    "price": money(42, "EUR"),
                    "recommendedRetailPrice": money(105, "EUR"),
                }
            ],
        },
    )
    assert wholesale["userErrors"] == []
    assert wholesale["userWarnings"] == []
    assert prices_of(api, EUR_WHOLESALE) == {red: (40.0, 99.5, False), blue: (42.0, 105.0, True)}
    # Without a recommended retail price, the stored one stays.
    _set(api, EUR_WHOLESALE, {"product": ref, "price": money(41, "EUR")})
    assert prices_of(api, EUR_WHOLESALE) == {red: (41.0, 99.5, False), blue: (42.0, 105.0, True)}
    formatted = api.ok(
        "{ pricelist(id: 3) { prices(limit: 1) { recommendedRetailPrice { formattedValue } } } }"
    )
    assert formatted["pricelist"]["prices"] == [
        {"recommendedRetailPrice": {"formattedValue": "99.50 EUR"}}
    ]
    retail = _set(
        api, SEK, {"product": ref, "price": money(400), "recommendedRetailPrice": money(999)}
    )
    assert retail["userErrors"] == []
    assert retail["userWarnings"] == [
        {
            "message": "Recommended retail prices exist on wholesale pricelists only: "
            "recommendedRetailPrice ignored",
            "path": ["input", "productPrices", "0", "recommendedRetailPrice"],
        }
    ]
    assert prices_of(api, SEK) == {red: (400.0, None, False), blue: (400.0, None, False)}


def test_skipped_entries_give_warnings(api: Api) -> None:
    product = make_product(api.database, variants=("Red", "Blue"))
    other = make_product(api.database, "Trousers", variants=("Black",))
    bundle = make_dynamic_bundle(api.database)
    red, blue = product.variant_ids
    (black,) = other.variant_ids
    result = _set(
        api,
        SEK,
        {
            "product": {"id": product.product_id},
            "price": money(100),
            "individualVariantPrices": [
                {"productVariant": {"id": black}, "price": money(1)},
                {"productVariant": {"id": blue}, "price": money(90)},
                {"productVariant": {"id": blue}, "price": money(80)},
            ],
        },
        {"product": {"id": product.product_id}, "price": money(5)},
        {"product": {"id": bundle.product_id}, "price": money(300)},
        {"product": {"id": other.product_id}},
    )
    assert result["userErrors"] == []
    assert result["products"] == [{"id": product.product_id}, {"id": other.product_id}]
    assert result["userWarnings"] == [
        {
            "message": f"Product variant with id {black} not assigned to product {product.product_id}",
            "path": [
                "input",
                "productPrices",
                "0",
                "individualVariantPrices",
                "0",
                "productVariant",
            ],
        },
        {
            "message": f"Duplicate variant ID {blue} skipped",
            "path": ["input", "productPrices", "0", "individualVariantPrices", "2"],
        },
        {
            "message": f"Duplicate product ID {product.product_id} skipped",
            "path": ["input", "productPrices", "1"],
        },
        {
            "message": f"Product ID {bundle.product_id} is a bundle with dynamic price type, "
            "changing its prices has no effect, skipped",
            "path": ["input", "productPrices", "2"],
        },
        {
            "message": f"No price given for product ID {other.product_id}: nothing set",
            "path": ["input", "productPrices", "3"],
        },
    ]
    assert prices_of(api, SEK) == {red: (100.0, None, False), blue: (90.0, None, True)}


def _bad_cases() -> list[tuple[str, Any, str, list[str]]]:
    p = "PRODUCT"
    v = "VARIANT"
    return [
        (
            "currency",
            {"product": p, "price": money(10, "USD")},
            'Price is in "USD", but the pricelist\'s currency is SEK.',
            ["input", "productPrices", "1", "price", "currencyIsoCode"],
        ),
        (
            "negative",
            {"product": p, "price": money(-1)},
            "Price cannot be negative.",
            ["input", "productPrices", "1", "price", "value"],
        ),
        (
            "too large",
            {"product": p, "price": money(30_000_000)},
            "Price is too large: at most 21474836.47 SEK.",
            ["input", "productPrices", "1", "price", "value"],
        ),
        (
            "far too large",
            {"product": p, "price": money(1e30)},
            "Price is too large: at most 21474836.47 SEK.",
            ["input", "productPrices", "1", "price", "value"],
        ),
        (
            "rounded over the top",
            {"product": p, "price": money(21474836.475)},
            "Price is too large",
            ["input", "productPrices", "1", "price", "value"],
        ),
        (
            "unknown product",
            {"product": {"id": 9999}, "price": money(1)},
            "Could not find Product with ID 9999.",
            ["input", "productPrices", "1", "product"],
        ),
        (
            "unknown external product",
            {"product": {"externalId": "nope"}, "price": money(1)},
            'Could not find Product with externalId "nope".',
            ["input", "productPrices", "1", "product"],
        ),
        (
            "both ids",
            {"product": {"id": 1, "externalId": "x"}, "price": money(1)},
            "Give exactly one of id or externalId to reference a Product.",
            ["input", "productPrices", "1", "product"],
        ),
        (
            "unknown variant",
            {
                "product": p,
                "individualVariantPrices": [{"productVariant": {"id": 9999}, "price": money(1)}],
            },
            "Could not find ProductVariant with ID 9999.",
            ["input", "productPrices", "1", "individualVariantPrices", "0", "productVariant"],
        ),
        (
            "variant without price",
            {"product": p, "individualVariantPrices": [{"productVariant": v}]},
            "An individual variant price needs price.",
            ["input", "productPrices", "1", "individualVariantPrices", "0", "price"],
        ),
        (
            "variant in another currency",
            {
                "product": p,
                "individualVariantPrices": [{"productVariant": v, "price": money(1, "EUR")}],
            },
            'Price is in "EUR"',
            [
                "input",
                "productPrices",
                "1",
                "individualVariantPrices",
                "0",
                "price",
                "currencyIsoCode",
            ],
        ),
        (
            "override without price",
            {"product": p, "overrideIndividualVariantPrices": True},
            "overrideIndividualVariantPrices resets every variant to the product price: give price.",
            ["input", "productPrices", "1", "price"],
        ),
        (
            "rrp without price",
            {"product": p, "recommendedRetailPrice": money(1)},
            "recommendedRetailPrice is set together with price.",
            ["input", "productPrices", "1", "recommendedRetailPrice"],
        ),
    ]


@pytest.mark.parametrize(
    ("case", "entry", "message", "path"), _bad_cases(), ids=[c[0] for c in _bad_cases()]
)
def test_bad_prices_give_user_errors_and_change_nothing(
    api: Api, case: str, entry: dict[str, Any], message: str, path: list[str]
) -> None:
    product = make_product(api.database, variants=("Red", "Blue"))
    good = make_product(api.database, "Scarf", variants=("Grey",))
    _set(api, SEK, {"product": {"id": product.product_id}, "price": money(100)})
    if entry["product"] == "PRODUCT":
        entry = {**entry, "product": {"id": product.product_id}}
    if entry.get("individualVariantPrices"):
        entry["individualVariantPrices"] = [
            {**e, "productVariant": {"id": product.variant_ids[1]}}
            if e["productVariant"] == "VARIANT"
            else e
            for e in entry["individualVariantPrices"]
        ]
    before = snapshot(api.database)
    reads = prices_of(api, SEK)

    # A good entry first: the whole call is refused all the same.
    result = _set(api, SEK, {"product": {"id": good.product_id}, "price": money(200)}, entry)

    assert result["pricelist"] is None
    assert result["products"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert snapshot(api.database) == before
    assert prices_of(api, SEK) == reads


def test_every_problem_is_reported_at_once(api: Api) -> None:
    product = make_product(api.database, variants=("Red",))
    result = _set(
        api,
        SEK,
        {"product": {"id": 9998}, "price": money(1)},
        {"product": {"id": product.product_id}, "price": money(-5)},
        {"product": {"id": 9999}, "price": money(1, "EUR")},
    )
    assert [e["path"] for e in result["userErrors"]] == [
        ["input", "productPrices", "0", "product"],
        ["input", "productPrices", "2", "product"],
        ["input", "productPrices", "1", "price", "value"],
    ]


def test_at_most_100_products_per_call(api: Api) -> None:
    product = make_product(api.database, variants=("Red",))
    entries = [{"product": {"id": product.product_id}, "price": money(1)}] * 101
    before = snapshot(api.database)
    result = _set(api, SEK, *entries)
    assert result["userErrors"] == [
        {
            "message": "At most 100 product prices per call, not 101: split the request.",
            "path": ["input", "productPrices"],
        }
    ]
    assert snapshot(api.database) == before
    hundred = _set(api, SEK, *entries[:100])
    assert hundred["userErrors"] == []
    assert len(hundred["userWarnings"]) == 99


def test_an_unknown_pricelist_is_a_user_error(api: Api) -> None:
    result = _set(api, 99)
    assert result["userErrors"] == [
        {"message": "Could not find Pricelist with ID 99.", "path": ["input", "pricelist"]}
    ]


def test_pricelist_prices_filter_sort_and_page_per_pricelist(api: Api) -> None:
    first = make_product(api.database, variants=("Red", "Blue", "Green"))
    second = make_product(api.database, variants=("Black", "White"))
    for pricelist, code in ((SEK, "SEK"), (USD, "USD")):
        _set(
            api,
            pricelist,
            {"product": {"id": first.product_id}, "price": money(10, code)},
            {"product": {"id": second.product_id}, "price": money(20, code)},
        )
    data = api.ok(
        """query($p: [Int!], $v: [Int!]) { pricelists(where: {id: [1, 2]}) {
          name
          byProduct: prices(where: {productId: $p}) { productVariant { id } }
          byVariant: prices(where: {productVariantId: $v}) { productVariant { id } }
          secondPage: prices(limit: 2, page: 2) { productVariant { id } }
          newestFirst: prices(sort: [productVariantId_DESC], limit: 1) { productVariant { id } product { id } pricelist { name } }
        } }""",
        {"p": [second.product_id], "v": [first.variant_ids[1]]},
    )
    for pricelist in data["pricelists"]:
        assert pricelist["byProduct"] == [{"productVariant": {"id": v}} for v in second.variant_ids]
        assert pricelist["byVariant"] == [{"productVariant": {"id": first.variant_ids[1]}}]
        assert pricelist["secondPage"] == [
            {"productVariant": {"id": first.variant_ids[2]}},
            {"productVariant": {"id": second.variant_ids[0]}},
        ]
        assert pricelist["newestFirst"] == [
            {
                "productVariant": {"id": second.variant_ids[1]},
                "product": {"id": second.product_id},
                "pricelist": {"name": pricelist["name"]},
            }
        ]


def test_product_and_variant_need_their_permissions(api: Api) -> None:
    product = make_product(api.database, variants=("Red",))
    _set(api, SEK, {"product": {"id": product.product_id}, "price": money(10)})
    token = api.token("Pricelist:read", "Price:read")
    response = api.query(
        "{ pricelist(id: 1) { prices { price { value } product { id } productVariant { id } } } }",
        token=token,
    )
    assert response.data == {
        "pricelist": {
            "prices": [{"price": {"value": 10.0}, "product": None, "productVariant": None}]
        }
    }
    assert [e["message"] for e in response.errors] == [
        "You need Product:read permission to access product.",
        "You need ProductVariant:read permission to access productVariant.",
    ]
    without_prices = api.query(
        "{ pricelist(id: 1) { name prices { id } } }", token=api.token("Pricelist:read")
    )
    assert without_prices.data == {"pricelist": {"name": "SEK", "prices": None}}
    assert without_prices.errors[0]["message"] == "You need Price:read permission to access prices."
