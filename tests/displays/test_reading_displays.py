"""Reading displays: filters, sorts and paging of displays, displayItems and
displayConnection; the store restriction; the fields displays add to products, variants and
markets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.displays.conftest import AMAZON, RETAIL, SWEDEN, USA, WHOLESALE, Catalog
from tests.displays.requests import created
from tests.factories import make_product
from tests.support import Api


@pytest.fixture
def shown(api: Api, catalog: Catalog) -> dict[str, int]:
    """Three displays: sweater (retail: Sweden and USA, both variants), chair (retail:
    Amazon, inactive), chair (wholesale: the wholesale market)."""
    sweater = created(
        api,
        store={"id": RETAIL},
        product={"id": catalog.sweater},
        name="Sweater",
        status="ACTIVE",
        comment="Best seller",
        addMarkets=[{"id": SWEDEN}, {"id": USA}],
        addProductVariants=[
            {"productVariant": {"id": catalog.blue}},
            {"productVariant": {"id": catalog.red}},
        ],
    )
    chair = created(
        api,
        store={"id": RETAIL},
        product={"id": catalog.chair},
        name="Armchair",
        status="INACTIVE",
        addMarkets=[{"id": AMAZON}],
        addProductVariants=[{"productVariant": {"id": catalog.oak}}],
    )
    wholesale = created(
        api,
        store={"id": WHOLESALE},
        product={"id": catalog.chair},
        name="Chair B2B",
        status="ACTIVE",
        addMarkets=[{"id": catalog.wholesale_market}],
        addProductVariants=[{"productVariant": {"id": catalog.oak}}],
    )
    return {"sweater": sweater["id"], "chair": chair["id"], "wholesale": wholesale["id"]}


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["id"] for row in rows]


def test_display_filters_and_sorts(api: Api, catalog: Catalog, shown: dict[str, int]) -> None:
    sweater, chair, wholesale = shown["sweater"], shown["chair"], shown["wholesale"]
    data = api.ok(
        """query($product: [Int!], $market: [Int!], $sweater: Int!) {
          all: displays { id }
          byMarket: displays(where: {marketId: $market}) { id }
          byProduct: displays(where: {productId: $product}) { id }
          byStore: displays(where: {storeId: 2}) { id }
          active: displays(where: {status: ACTIVE}) { id }
          byName: displays(where: {name: {contains: "CHAIR"}}) { id }
          exact: displays(where: {name: {equals: "Sweater"}}) { id }
          recent: displays(where: {updatedAt: {from: "2000-01-01T00:00:00+00:00"}}) { id }
          future: displays(where: {updatedAt: {from: "2999-01-01T00:00:00+00:00"}}) { id }
          byNameDesc: displays(sort: [name_DESC]) { id }
          paged: displays(limit: 2, page: 2) { id }
          one: display(id: $sweater) { id name }
          missing: display(id: 999) { id }
        }""",
        {"product": [catalog.chair], "market": [USA, AMAZON], "sweater": sweater},
    )
    assert _ids(data["all"]) == [sweater, chair, wholesale]
    assert _ids(data["byMarket"]) == [sweater, chair]
    assert _ids(data["byProduct"]) == [chair, wholesale]
    assert _ids(data["byStore"]) == [wholesale]
    assert _ids(data["active"]) == [sweater, wholesale]
    assert _ids(data["byName"]) == [chair, wholesale]
    assert _ids(data["exact"]) == [sweater]
    assert _ids(data["recent"]) == [sweater, chair, wholesale]
    assert data["future"] == []
    assert _ids(data["byNameDesc"]) == [sweater, wholesale, chair]
    assert _ids(data["paged"]) == [wholesale]
    assert data["one"] == {"id": sweater, "name": "Sweater"}
    assert data["missing"] is None


def test_display_items(api: Api, catalog: Catalog, shown: dict[str, int]) -> None:
    data = api.ok(
        """query($display: [Int!], $variant: [Int!]) {
          all: displayItems { display { id } productVariant { id } customOrder }
          ofDisplay: displayItems(where: {displayId: $display}) { productVariant { id } }
          ofVariant: displayItems(where: {productVariantId: $variant}) { display { id } }
          byIdDesc: displayItems(sort: [id_DESC], limit: 2) { productVariant { id } }
        }""",
        {"display": [shown["sweater"]], "variant": [catalog.oak]},
    )
    assert [
        (i["display"]["id"], i["productVariant"]["id"], i["customOrder"]) for i in data["all"]
    ] == [
        (shown["sweater"], catalog.blue, 1),
        (shown["sweater"], catalog.red, 2),
        (shown["chair"], catalog.oak, 1),
        (shown["wholesale"], catalog.oak, 1),
    ]
    assert data["ofDisplay"] == [
        {"productVariant": {"id": catalog.blue}},
        {"productVariant": {"id": catalog.red}},
    ]
    assert data["ofVariant"] == [
        {"display": {"id": shown["chair"]}},
        {"display": {"id": shown["wholesale"]}},
    ]
    assert data["byIdDesc"] == [{"productVariant": {"id": catalog.oak}}] * 2


def test_display_connection(api: Api, shown: dict[str, int]) -> None:
    query = """query($after: String) {
      displayConnection(first: 2, after: $after, where: {status: [ACTIVE, INACTIVE]}) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
      }
    }"""
    first = api.ok(query)["displayConnection"]
    assert first["totalCount"] == 3
    assert [e["node"]["id"] for e in first["edges"]] == [shown["sweater"], shown["chair"]]
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.ok(query, {"after": first["pageInfo"]["endCursor"]})["displayConnection"]
    assert [e["node"]["id"] for e in second["edges"]] == [shown["wholesale"]]
    assert second["pageInfo"]["hasNextPage"] is False


def test_a_store_restricted_token_sees_its_store_only(
    api: Api, catalog: Catalog, shown: dict[str, int]
) -> None:
    token = api.token("Display:read", store_id=WHOLESALE)
    data = api.ok(
        """query($retail: Int!, $wholesale: Int!) {
          displays { id }
          displayItems { id display { id } }
          displayConnection { totalCount }
          retail: display(id: $retail) { id }
          wholesale: display(id: $wholesale) { id }
        }""",
        {"retail": shown["sweater"], "wholesale": shown["wholesale"]},
        token=token,
    )
    assert _ids(data["displays"]) == [shown["wholesale"]]
    assert [i["display"]["id"] for i in data["displayItems"]] == [shown["wholesale"]]
    assert data["displayConnection"] == {"totalCount": 1}
    assert data["retail"] is None
    assert data["wholesale"] == {"id": shown["wholesale"]}


def test_guarded_display_fields(api: Api, shown: dict[str, int]) -> None:
    token = api.token("Display:read")
    response = api.query(
        "{ displays(limit: 1) { id comment store { id } product { id } markets { id } "
        "productVariants { id } categories { id } displayItems { id productVariant { id } } } }",
        token=token,
    )
    display = response.data["displays"][0]
    assert display["comment"] is None
    assert display["store"] is None
    assert display["product"] is None
    assert display["markets"] is None
    assert display["productVariants"] is None
    assert display["categories"] is None
    assert display["displayItems"][0]["productVariant"] is None
    denied = sorted({e["message"] for e in response.errors})
    assert denied == [
        "You need Category:read permission to access categories.",
        "You need Display.comment:read permission to access comment.",
        "You need Market:read permission to access markets.",
        "You need Product:read permission to access product.",
        "You need ProductVariant:read permission to access productVariant.",
        "You need ProductVariant:read permission to access productVariants.",
        "You need Store:read permission to access store.",
    ]
    allowed = api.ok(
        "{ displays(limit: 1) { comment } }",
        token=api.token("Display:read", "Display.comment:read"),
    )
    assert allowed["displays"] == [{"comment": "Best seller"}]


def test_displays_of_products_variants_and_markets(
    api: Api, catalog: Catalog, shown: dict[str, int]
) -> None:
    data = api.ok(
        """query($products: [Int!], $variants: [Int!]) {
          products(where: {id: $products}) { id displays { id } active: displays(where: {status: ACTIVE}) { id } }
          productVariants(where: {id: $variants}) { id displays(sort: [id_DESC]) { id } }
          markets(where: {id: [1, 4]}) { id displays { id } }
          paged: markets(where: {id: [1]}) { displays(limit: 1, page: 2) { id } }
        }""",
        {"products": [catalog.sweater, catalog.chair], "variants": [catalog.red, catalog.oak]},
    )
    assert data["products"] == [
        {
            "id": catalog.sweater,
            "displays": [{"id": shown["sweater"]}],
            "active": [{"id": shown["sweater"]}],
        },
        {
            "id": catalog.chair,
            "displays": [{"id": shown["chair"]}, {"id": shown["wholesale"]}],
            "active": [{"id": shown["wholesale"]}],
        },
    ]
    assert data["productVariants"] == [
        {"id": catalog.red, "displays": [{"id": shown["sweater"]}]},
        {"id": catalog.oak, "displays": [{"id": shown["wholesale"]}, {"id": shown["chair"]}]},
    ]
    assert data["markets"] == [
        {"id": SWEDEN, "displays": [{"id": shown["sweater"]}]},
        {"id": AMAZON, "displays": [{"id": shown["chair"]}]},
    ]
    assert data["paged"] == [{"displays": []}]


def test_a_new_product_has_no_display(api: Api) -> None:
    product = make_product(api.database, "Lonely", product_number="LO1").product_id
    data = api.ok("query($id: Int!) { product(id: $id) { displays { id } } }", {"id": product})
    assert data == {"product": {"displays": []}}
