"""Issue 17: ``counters`` (reference 2.2) and ``migrateDeprecatedPermissions`` (1.2)."""

from __future__ import annotations

from tests.factories import make_product
from tests.support import Api, StatementLog


def test_counters_count_what_the_lists_filters_select(api: Api, statements: StatementLog) -> None:
    for name in ("Sweater", "Cardigan", "Scarf"):
        make_product(api.database, name)
    query = """{
      counters {
        all: products
        cardigans: products(where: {name: {contains: "cardigan"}})
        tokens: graphQLAccess(where: {isValid: true})
      }
    }"""
    api.ok(query)
    statements.reset()

    counted = api.ok(query)["counters"]

    assert counted == {"all": 3, "cardigans": 1, "tokens": 1}
    # 1 authentication + one count per member.
    assert statements.count == 1 + 3


def test_each_counter_needs_its_lists_permission(api: Api) -> None:
    response = api.query("{ counters { products graphQLAccess } }", token=api.token("Product:read"))

    assert response.data == {"counters": {"products": 0, "graphQLAccess": None}}
    assert [e["message"] for e in response.errors] == [
        "You need admin permission to access graphQLAccess."
    ]


MIGRATE = """mutation($dryRun: Boolean!) {
  migrateDeprecatedPermissions(dryRun: $dryRun) {
    dryRun
    migrations { graphQLAccessId deprecatedPermissions permissions }
    userErrors { message }
  }
}"""


def _permissions(api: Api) -> dict[int, list[str]]:
    tokens = api.ok("{ graphQLAccess(limit: 200) { id permissions } }")["graphQLAccess"]
    return {t["id"]: t["permissions"] for t in tokens}


def test_deprecated_names_are_migrated_to_the_names_that_grant_the_same(api: Api) -> None:
    old = api.token("Product.Brand:read", "Brand:read", "Market.Comment:read", "Product:read")
    before = _permissions(api)
    old_id = max(before)
    reads = "{ markets { comment } products { brand { id } } }"
    granted_before = api.query(reads, token=old)

    dry = api.ok(MIGRATE, {"dryRun": True})["migrateDeprecatedPermissions"]
    unchanged = _permissions(api)
    done = api.ok(MIGRATE, {"dryRun": False})["migrateDeprecatedPermissions"]
    again = api.ok(MIGRATE, {"dryRun": False})["migrateDeprecatedPermissions"]
    granted_after = api.query(reads, token=old)

    expected = [
        {
            "graphQLAccessId": old_id,
            "deprecatedPermissions": ["Product.Brand:read", "Market.Comment:read"],
            "permissions": ["Brand:read", "Market.comment:read", "Product:read"],
        }
    ]
    assert dry == {"dryRun": True, "migrations": expected, "userErrors": []}
    assert unchanged == before
    assert done == {"dryRun": False, "migrations": expected, "userErrors": []}
    assert _permissions(api)[old_id] == expected[0]["permissions"]
    assert again["migrations"] == []
    assert granted_after.data == granted_before.data
    assert "deprecatedPermissionsUsed" in granted_before.extensions
    assert "deprecatedPermissionsUsed" not in granted_after.extensions


def test_the_dry_run_is_the_default(api: Api) -> None:
    api.token("Product.Brand:read")
    before = _permissions(api)

    result = api.ok(
        "mutation { migrateDeprecatedPermissions { dryRun migrations { graphQLAccessId } "
        "userErrors { message } } }"
    )["migrateDeprecatedPermissions"]

    assert result["dryRun"] is True
    assert len(result["migrations"]) == 1
    assert _permissions(api) == before
