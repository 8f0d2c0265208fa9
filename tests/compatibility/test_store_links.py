"""Issue 17: the store's links to its pricelists, categories and brands (reference 3.1)."""

from __future__ import annotations

from mercato.cli.demo import load_catalog_demo
from tests.support import Api, StatementLog

QUERY = "{ stores { id pricelists { id } categories { id } brands { id } } }"


def test_a_store_lists_its_pricelists_categories_and_brands(
    api: Api, statements: StatementLog
) -> None:
    load_catalog_demo(api.database)
    expected = api.ok(
        "{ pricelists { id store { id } } categories(limit: 200) { id store { id } } "
        "brands { id stores { id } } }"
    )
    api.ok(QUERY)
    statements.reset()

    stores = api.ok(QUERY)["stores"]

    # 1 authentication + stores, pricelists, categories, brands.
    assert statements.count == 1 + 4
    for store in stores:
        assert [p["id"] for p in store["pricelists"]] == [
            p["id"] for p in expected["pricelists"] if p["store"]["id"] == store["id"]
        ]
        assert {c["id"] for c in store["categories"]} == {
            c["id"] for c in expected["categories"] if c["store"]["id"] == store["id"]
        }
        assert [b["id"] for b in store["brands"]] == [
            b["id"] for b in expected["brands"] if {"id": store["id"]} in b["stores"]
        ]
    assert stores[0]["pricelists"]
    assert stores[0]["categories"]


def test_each_link_needs_its_targets_permission(api: Api) -> None:
    response = api.query(QUERY, token=api.token("Store:read", "Pricelist:read"))

    assert response.data["stores"][0]["categories"] is None
    assert {e["message"] for e in response.errors} == {
        "You need Category:read permission to access categories.",
        "You need Brand:read permission to access brands.",
    }
