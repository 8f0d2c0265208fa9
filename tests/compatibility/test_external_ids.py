"""Issue 17: the Store, Country, Language, MeasurementChart, BundleSection and SizeLocalization
inputs take an externalId, so setIdConversions entries of those types are usable."""

from __future__ import annotations

from typing import Any

from tests.factories import make_product
from tests.support import Api


def _map(api: Api, object_type: str, internal_id: int, external_id: str) -> None:
    api.ok(
        "mutation($input: [IdConversionSetInput!]!) { setIdConversions(input: $input) "
        "{ userErrors { message } } }",
        {
            "input": [
                {"objectType": object_type, "internalId": internal_id, "externalId": external_id}
            ]
        },
    )


def _ok(api: Api, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    (payload,) = api.ok(query, variables).values()
    assert payload["userErrors"] == [], payload["userErrors"]
    result: dict[str, Any] = payload
    return result


def test_stores_countries_and_languages_by_external_id(api: Api) -> None:
    sweden = api.ok('{ countries(where: {code: "SE"}) { id } }')["countries"][0]["id"]
    swedish = api.ok('{ languages(where: {code: ["sv"]}) { id } }')["languages"][0]["id"]
    _map(api, "Store", 1, "ERP-RETAIL")
    _map(api, "Country", sweden, "ERP-SE")
    _map(api, "Language", swedish, "ERP-SV")

    pricelist = _ok(
        api,
        'mutation { createPricelist(input: {name: "Nordics", status: ACTIVE, store: '
        '{externalId: "ERP-RETAIL"}, currencyIsoCode: "SEK", addCountries: [{externalId: "ERP-SE"}]}) '
        "{ pricelist { store { id } assignedToCountries { code } } userErrors { message } } }",
    )["pricelist"]
    translated = _ok(
        api,
        "mutation($id: Int!) { setTranslations(input: {objectType: Country, objectId: $id, "
        'language: {externalId: "ERP-SV"}, translations: [{field: "name", value: "Sverige"}]}) '
        "{ userErrors { message } } }",
        {"id": sweden},
    )

    assert pricelist == {"store": {"id": 1}, "assignedToCountries": [{"code": "SE"}]}
    assert translated["userErrors"] == []
    unknown = api.ok(
        'mutation { createPricelist(input: {name: "X", status: ACTIVE, store: {externalId: "nope"}, '
        'currencyIsoCode: "SEK"}) { userErrors { message path } } }'
    )["createPricelist"]
    assert unknown["userErrors"] == [
        {"message": 'Could not find Store with externalId "nope".', "path": ["input", "store"]}
    ]


def test_a_measurement_chart_by_external_id(api: Api) -> None:
    chart = _ok(
        api,
        'mutation { createMeasurementChart(input: {name: "Shirts", horizontalLabels: ["S"], '
        'verticalLabels: ["Chest"], displayUnit: "cm"}) { measurementChart { id } userErrors { message } } }',
    )["measurementChart"]["id"]
    _map(api, "MeasurementChart", chart, "ERP-SHIRTS")

    product = _ok(
        api,
        'mutation { createProduct(input: {name: "Shirt", productNumber: "S1", measurementTable: '
        '{measurementChart: {externalId: "ERP-SHIRTS"}}}) { product { measurementTable '
        "{ chart { id } inherited } } userErrors { message } } }",
    )["product"]

    assert product["measurementTable"] == {"chart": {"id": chart}, "inherited": True}


def test_bundle_sections_by_external_id(api: Api) -> None:
    made = make_product(api.database, variants=("Red", "Blue"))
    chart = api.ok("{ sizeCharts { id } }")["sizeCharts"][0]["id"]
    bundle = _ok(
        api,
        "mutation($chart: Int!, $red: Int!, $blue: Int!) { createBundle(input: {product: "
        '{name: "Set", productNumber: "SET1"}, type: FIXED, priceType: STATIC, sizeChart: {id: $chart}, '
        "addBundleSections: [{quantity: 1, productVariants: [{id: $red}]}, {quantity: 1, "
        "productVariants: [{id: $blue}]}]}) { bundle { id sections { id } } userErrors { message } } }",
        {"chart": chart, "red": made.variant_ids[0], "blue": made.variant_ids[1]},
    )["bundle"]
    first, second = (s["id"] for s in bundle["sections"])
    _map(api, "BundleSection", first, "ERP-SECTION-1")
    _map(api, "BundleSection", second, "ERP-SECTION-2")

    updated = _ok(
        api,
        "mutation($id: Int!) { updateBundle(id: $id, input: {updateBundleSections: [{bundleSection: "
        '{externalId: "ERP-SECTION-1"}, quantity: 3}], removeBundleSections: [{externalId: '
        '"ERP-SECTION-2"}]}) { bundle { sections { id quantity } } userErrors { message } } }',
        {"id": bundle["id"]},
    )["bundle"]
    unknown = api.ok(
        "mutation($id: Int!) { updateBundle(id: $id, input: {removeBundleSections: "
        '[{externalId: "nope"}]}) { userErrors { message path } } }',
        {"id": bundle["id"]},
    )["updateBundle"]

    assert updated["sections"] == [{"id": first, "quantity": 3}]
    assert unknown["userErrors"] == [
        {
            "message": 'Could not find BundleSection with externalId "nope".',
            "path": ["input", "removeBundleSections", "0"],
        }
    ]


def test_a_size_localization_by_external_id(api: Api) -> None:
    localization = _ok(
        api,
        'mutation { createSizeLocalization(input: {name: "EU"}) { sizeLocalization { id } '
        "userErrors { message } } }",
    )["sizeLocalization"]["id"]
    _map(api, "SizeLocalization", localization, "ERP-EU")

    renamed = _ok(
        api,
        'mutation { updateSizeLocalization(sizeLocalization: {externalId: "ERP-EU"}, input: '
        '{name: "Europe"}) { sizeLocalization { id name } userErrors { message } } }',
    )["sizeLocalization"]

    assert renamed == {"id": localization, "name": "Europe"}
