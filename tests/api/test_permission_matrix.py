"""Every root field, three ways: no token (403), a token lacking the field's permission
(null plus an authorization error, nothing changed), and a token with exactly the
permissions the field needs (works, and permissionsUsed names them)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from graphql import GraphQLObjectType
from sqlalchemy import func, select

from mercato.api.build import build_schema
from mercato.db import tables
from mercato.db.database import Database
from tests import permission_cases
from tests.permission_cases import Case
from tests.support import Api

QUERIES: dict[str, Case] = {
    "viewer": Case("{ viewer { name } }", ()),
    "rateLimits": Case("{ rateLimits { type quota } }", ()),
    "store": Case("{ store(id: 1) { id name } }", ("Store:read",)),
    "stores": Case("{ stores { id } }", ("Store:read",)),
    "market": Case("{ market(id: 1) { id } }", ("Market:read",)),
    "markets": Case("{ markets { id } }", ("Market:read",)),
    "countries": Case('{ countries(where: {code: "SE"}) { code } }', ("Country:read",)),
    "continents": Case("{ continents { code } }", ("Country:read",)),
    "currency": Case("{ currency(id: 1) { code } }", ("Currency:read",)),
    "currencies": Case("{ currencies { code } }", ("Currency:read",)),
    "languages": Case("{ languages { code } }", ("Language:read",)),
    "warehouse": Case("{ warehouse(id: 1) { id } }", ("Warehouse:read",)),
    "warehouses": Case("{ warehouses { id } }", ("Warehouse:read",)),
    "allocationRules": Case("{ allocationRules { id } }", ("AllocationRule:read",)),
    "idConversions": Case("{ idConversions { id } }", ("IdConversion:read",)),
    "graphQLAccess": Case("{ graphQLAccess { id } }", ("admin",)),
    "integrationNames": Case("{ integrationNames }", ("admin",)),
    "permissionNames": Case("{ permissionNames }", ("admin",)),
}

MUTATIONS: dict[str, Case] = {
    "createMarket": Case(
        'mutation { createMarket(input: {name: "Outlet", store: {id: 1}}) { userErrors { message } } }',
        ("Market:write",),
    ),
    "updateMarket": Case(
        'mutation { updateMarket(id: 1, input: {comment: "x"}) { userErrors { message } } }',
        ("Market:write",),
    ),
    "deleteMarket": Case(
        "mutation { deleteMarket(id: 4) { userErrors { message } } }", ("Market:write",)
    ),
    "createWarehouse": Case(
        'mutation { createWarehouse(input: {name: "New"}) { userErrors { message } } }',
        ("Warehouse:write",),
    ),
    "updateWarehouse": Case(
        "mutation { updateWarehouse(id: 1, input: {threshold: 5}) { userErrors { message } } }",
        ("Warehouse:write",),
    ),
    "setIdConversions": Case(
        "mutation { setIdConversions(input: {objectType: Market, internalId: 1, externalId: "
        '"SE-1"}) { userErrors { message } } }',
        ("IdConversion:write",),
    ),
    "unsetIdConversions": Case(
        "mutation { unsetIdConversions(input: {objectType: Market, idConversion: {internalId: 1}}) "
        "{ userErrors { message } } }",
        ("IdConversion:write",),
    ),
    "createAccessToken": Case(
        'mutation { createAccessToken(input: {name: "n", permissions: ["admin"]}) '
        "{ userErrors { message } } }",
        ("admin",),
    ),
    # Token 2 (made by the setup; 1 is the QA token, which grants everything: a token changes
    # only tokens holding nothing more than it).
    "updateAccessToken": Case(
        'mutation { updateAccessToken(accessToken: {id: 2}, input: {name: "renamed"}) '
        "{ userErrors { message } } }",
        ("admin",),
        setup=(
            'mutation { createAccessToken(input: {name: "Matrix", permissions: ["admin"]}) '
            "{ userErrors { message } } }",
        ),
    ),
    "revokeAccessToken": Case(
        "mutation { revokeAccessToken(accessToken: {id: 1}) { userErrors { message } } }",
        ("admin",),
    ),
}


def _domain_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for module_info in pkgutil.iter_modules(permission_cases.__path__):
        module = importlib.import_module(f"tests.permission_cases.{module_info.name}")
        cases.update(module.CASES)
    return cases


ALL_CASES = {**QUERIES, **MUTATIONS, **_domain_cases()}
MUTATION_NAMES = set(build_schema().mutation_type.fields)  # type: ignore[union-attr]


def _snapshot(database: Database) -> dict[str, Any]:
    """Row counts plus a digest of the mutable tables: anything a denied call could change."""
    with database.engine.connect() as connection:
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in tables.metadata.sorted_tables
            if table.name not in ("rate_limit_buckets", "access_tokens")
        }
        markets = connection.execute(select(tables.markets).order_by(tables.markets.c.id)).all()
        warehouses = connection.execute(
            select(tables.warehouses).order_by(tables.warehouses.c.id)
        ).all()
        tokens = connection.execute(
            select(
                tables.access_tokens.c.id,
                tables.access_tokens.c.name,
                tables.access_tokens.c.revoked_at,
            )
        ).all()
    return {"counts": counts, "markets": markets, "warehouses": warehouses, "tokens": tokens}


def _set_up(api: Api, case: Case) -> None:
    for setup in case.setup:
        if isinstance(setup, str):
            api.ok(setup)
        else:
            setup(api.database)


def test_every_root_field_has_a_matrix_case() -> None:
    schema = build_schema()
    roots: set[str] = set()
    for root in (schema.query_type, schema.mutation_type):
        assert isinstance(root, GraphQLObjectType)
        roots.update(root.fields)
    assert roots == set(ALL_CASES)


@pytest.mark.one_backend
@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_without_a_token_the_request_is_refused(api: Api, name: str) -> None:
    case = ALL_CASES[name]
    response = api.client.post("/graphql", json={"query": case.document})
    assert response.status_code == 403
    assert "No access token" in response.json()["errors"][0]["message"]


@pytest.mark.one_backend
@pytest.mark.parametrize("name", sorted(name for name, c in ALL_CASES.items() if c.permissions))
def test_lacking_the_permission_yields_null_and_an_error_and_changes_nothing(
    api: Api, name: str
) -> None:
    case = ALL_CASES[name]
    _set_up(api, case)
    token = api.token("Warehouse.stock:read")  # an unrelated permission
    before = _snapshot(api.database)

    response = api.query(case.document, case.variables, token=token)

    assert response.status == 200
    assert response.data == {name: None}
    (error,) = response.errors
    assert error["message"] == f"You need {case.permissions[0]} permission to access {name}."
    assert error["extensions"]["category"] == "authorization"
    assert error["path"] == [name]
    assert case.permissions[0] in response.extensions["permissionsUsed"]
    assert _snapshot(api.database) == before


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_the_named_permission_is_enough(api: Api, name: str) -> None:
    case = ALL_CASES[name]
    _set_up(api, case)
    token = api.token(*case.permissions) if case.permissions else api.token("Warehouse.stock:read")

    response = api.query(case.document, case.variables, token=token)

    assert response.status == 200, response.body
    assert not response.errors, response.errors
    assert response.data[name] is not None
    assert set(case.permissions) <= set(response.extensions["permissionsUsed"])
    if name in MUTATION_NAMES:
        assert response.data[name]["userErrors"] == [], response.data
