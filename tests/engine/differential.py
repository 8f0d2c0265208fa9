"""Running one document through the HTTP API and through the reference executor, and the
seed data that makes the lists worth comparing."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from mercato.api.roots import ROOTS
from mercato.auth.services import authenticate
from mercato.cli.catalog_demo import generate_catalog
from mercato.db import tables
from mercato.db.database import Database
from mercato.graphql.fieldmap import RootConnection, RootList, RootOne
from tests.engine.reference_executor import ReferenceContext, ReferenceExecutor
from tests.support import Api

#: Root fields backed by tables: the ones the differential tests generate queries for.
TABLE_ROOTS = (
    "stores",
    "store",
    "markets",
    "market",
    "countries",
    "continents",
    "currency",
    "currencies",
    "languages",
    "warehouse",
    "warehouses",
    "allocationRules",
    "idConversions",
    "graphQLAccess",
)

#: The other table-backed roots (catalog, pricing...; Relay connections left out).
CATALOG_ROOTS = tuple(
    name
    for name, spec in ROOTS.items()
    if isinstance(spec, RootList | RootOne)
    and not isinstance(spec, RootConnection)
    and name not in TABLE_ROOTS
)

#: Problems that refuse a whole request for its paging arguments (HTTP 400), in the engine and
#: in the reference.
PAGING_PROBLEM = re.compile(
    r"^\w+: ((limit|first|last) must be between 1 and \d+|page counts from 1), not -?\d+\.$"
)
#: Limits the reference does not implement, on which the engine answers HTTP 400: the size of
#: the document (checked first, alone) and its depth and complexity (checked with paging).
DOCUMENT_SIZE = re.compile(
    r"^The document uses \d+ (aliases|directives); at most \d+ are allowed\.$"
)
PLAN_LIMIT = re.compile(r"^The (operation is \d+ levels deep|operation's complexity is \d+)")

#: Token kinds: their permissions, integration and store restriction.
TOKENS: Mapping[str, tuple[tuple[str, ...], str | None, int | None]] = {
    "all": (("*",), "qa", None),
    "few": (("Store:read", "Market:read"), "qa", None),
    # Pre-3.7 names that grant Country:read and Market.comment:read.
    "deprecated": (
        ("Market:read", "Market.Country:read", "Market.Comment:read", "AllocationRule:read"),
        "qa",
        None,
    ),
    "wholesale": (
        (
            "Store:read",
            "Market:read",
            "Market.comment:read",
            "AllocationRule:read",
            "Warehouse:read",
            "Country:read",
            "IdConversion:read",
        ),
        "erp",
        2,
    ),
    "no-integration": (("Market:read", "Store:read", "IdConversion:read"), None, None),
}


@dataclass
class TokenContext:
    token: str
    context: ReferenceContext


@dataclass
class Outcome:
    status: int
    body: dict[str, Any]
    expected: dict[str, Any]


@dataclass
class Differential:
    api: Api
    reference: ReferenceExecutor
    callers: dict[str, TokenContext]

    def caller(self, kind: str) -> TokenContext:
        if kind not in self.callers:
            permissions, integration, store_id = TOKENS[kind]
            token = (
                self.api.qa_token
                if kind == "all"
                else self.api.token(*permissions, integration=integration, store_id=store_id)
            )
            # Authenticating here touches lastUsedAt once, before anything is compared.
            identity = authenticate(self.api.database, token, environment="test")
            self.callers[kind] = TokenContext(
                token, ReferenceContext.for_identity(self.api.database, identity)
            )
        return self.callers[kind]

    def run(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        who: str = "all",
        operation_name: str | None = None,
    ) -> Outcome:
        caller = self.caller(who)
        response = self.api.query(
            query, variables, token=caller.token, operation_name=operation_name
        )
        expected = self.reference.execute(query, caller.context, variables, operation_name)
        return Outcome(response.status, response.body, expected)

    def check(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        who: str = "all",
        operation_name: str | None = None,
    ) -> Outcome:
        """Run ``query`` both ways and assert the responses are the same."""
        outcome = self.run(query, variables, who=who, operation_name=operation_name)
        assert_same(outcome, f"{query}\nvariables: {variables}, token: {who}")
        return outcome


def assert_same(outcome: Outcome, query: str) -> None:
    body, expected = outcome.body, outcome.expected
    messages = {str(e.get("message")) for e in body.get("errors", ())}
    expected_messages = {str(e.get("message")) for e in expected.get("errors", ())}
    both = f"{outcome.status}: {body}\nreference: {expected}\n{query}"
    if outcome.status == 400 and messages and all(DOCUMENT_SIZE.match(m) for m in messages):
        return  # refused for its size before anything else was looked at
    if expected.get("data") is None and not any("path" in e for e in expected.get("errors", ())):
        # The reference refused the request (syntax, validation, variables, paging): so must
        # the engine, with the same paging problems and (some of) the same other messages (it
        # stops after fewer validation errors, and may add its own depth and complexity).
        assert outcome.status == 400, both
        assert messages, both
        assert {m for m in messages if not PLAN_LIMIT.match(m)} <= expected_messages, both
        paging = {m for m in messages if PAGING_PROBLEM.match(m)}
        assert paging == {m for m in expected_messages if PAGING_PROBLEM.match(m)}, both
        return
    if outcome.status == 400:
        # Only the limits the reference does not implement may refuse what it answers.
        assert all(PLAN_LIMIT.match(m) for m in messages), f"refused unexpectedly: {both}"
        return
    assert outcome.status == 200, both
    assert body.get("data") == expected.get("data"), (
        f"data differs at {_difference(body.get('data'), expected.get('data'))} for\n{query}"
    )
    # The same members in the same order (JSON objects are ordered by the selection).
    assert json.dumps(body.get("data")) == json.dumps(expected.get("data")), (
        f"member order differs for\n{query}"
    )
    assert errors_of(body) == errors_of(expected), f"errors differ for\n{query}"


def _difference(engine: Any, reference: Any, path: str = "data") -> str:
    """Where two values first differ, and how (for failure messages)."""
    if isinstance(engine, dict) and isinstance(reference, dict):
        for key in dict.fromkeys([*engine, *reference]):
            if engine.get(key, ...) != reference.get(key, ...):
                return _difference(engine.get(key, ...), reference.get(key, ...), f"{path}.{key}")
    if isinstance(engine, list) and isinstance(reference, list) and len(engine) == len(reference):
        for index, (mine, theirs) in enumerate(zip(engine, reference, strict=True)):
            if mine != theirs:
                return _difference(mine, theirs, f"{path}[{index}]")
    return f"{path}: engine {engine!r:.300}, reference {reference!r:.300}"


def errors_of(body: Mapping[str, Any]) -> Counter[tuple[str, str, str, str]]:
    """Each error's message, path, locations and category (as a multiset)."""
    return Counter(
        (
            str(error.get("message")),
            json.dumps(error.get("path")),
            json.dumps(error.get("locations")),
            str((error.get("extensions") or {}).get("category")),
        )
        for error in body.get("errors", ())
    )


# -- seed data ----------------------------------------------------------------------------

CREATE_MARKET = """
mutation Create($input: MarketCreateInput!) {
  createMarket(input: $input) { market { id } userErrors { message path } }
}
"""
UPDATE_MARKET = """
mutation Update($id: Int, $input: MarketUpdateInput!) {
  updateMarket(id: $id, input: $input) { market { id } userErrors { message path } }
}
"""
CREATE_WAREHOUSE = """
mutation Create($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) { warehouse { id } userErrors { message path } }
}
"""
SET_ID_CONVERSIONS = """
mutation Set($input: [IdConversionSetInput!]!) {
  setIdConversions(input: $input) { entries { id } userErrors { message path } }
}
"""


@dataclass(frozen=True)
class Seed:
    markets: dict[str, int]
    warehouses: dict[str, int]
    rules: dict[str, int]


def _created(data: Mapping[str, Any], field: str, member: str) -> int:
    payload = data[field]
    assert payload["userErrors"] == [], payload
    value: int = payload[member]["id"]
    return value


def seed(api: Api) -> Seed:
    """More markets (with and without comments and countries, on both stores), two
    warehouses (one with a state, one placed first), allocation rules whose warehouse
    priorities disagree with warehouse ids (one inactive), id conversions for two
    integrations, and a small generated catalog."""
    moved = {"Nordics": ["NO", "DK", "FI", "IS"], "DACH": ["DE", "AT", "CH"]}
    data = api.ok(
        UPDATE_MARKET,
        {"id": 3, "input": {"removeCountries": [{"code": c} for m in moved.values() for c in m]}},
    )
    _created(data, "updateMarket", "market")
    markets: dict[str, int] = {}
    for name, store, comment in (
        ("Nordics", 1, "Nordic 100% _wholesale_"),
        ("DACH", 1, None),
        ("Benelux", 2, ""),
        ("Empty", 2, "no countries"),
    ):
        data = api.ok(
            CREATE_MARKET,
            {
                "input": {
                    "name": name,
                    "store": {"id": store},
                    "comment": comment,
                    "addCountries": [{"code": c} for c in moved.get(name, [])],
                }
            },
        )
        markets[name] = _created(data, "createMarket", "market")
    warehouses: dict[str, int] = {}
    for name, extra in (
        (
            "Oakland Hub",
            {
                "status": "INACTIVE",
                "hideFromStockView": True,
                "threshold": 5,
                "stockOwnershipPolicy": "THIRD_PARTY",
                "allocationPolicy": "CHECK_FIRST",
                "warehouseLocation": {
                    "address": "1 Main St",
                    "city": "Oakland",
                    "zipCode": "94601",
                    "country": {"code": "US"},
                    "stateOrProvince": "CA",
                },
            },
        ),
        (
            "Berlin_50% Lager",
            {
                "isConsignation": True,
                "beforeWarehouse": {"id": 1},
                "stockMasterPolicy": "EXTERNAL",
                "warehouseLocation": {"country": {"code": "DE"}},
            },
        ),
    ):
        data = api.ok(CREATE_WAREHOUSE, {"input": {"name": name, **extra}})
        warehouses[name] = _created(data, "createWarehouse", "warehouse")
    rules = _seed_rules(api.database, warehouses)
    conversions = [
        ("Market", markets["Nordics"], "NORDICS"),
        ("Store", 2, "B2B"),
        ("Warehouse", warehouses["Oakland Hub"], "WH-OAK"),
        ("Currency", 2, "EURO"),
        ("AllocationRule", rules["Outlet"], "outlet"),
    ]
    api.ok(
        SET_ID_CONVERSIONS,
        {"input": [{"objectType": t, "internalId": i, "externalId": e} for t, i, e in conversions]},
    )
    erp = api.token("IdConversion:write", "IdConversion:read", integration="erp")
    api.ok(
        SET_ID_CONVERSIONS,
        {
            "input": [
                {"objectType": "Market", "internalId": markets["DACH"], "externalId": "NORDICS"},
                {"objectType": "Market", "internalId": 1, "externalId": "se"},
            ]
        },
        token=erp,
    )
    generate_catalog(api.database, 12, progress=None)
    return Seed(markets, warehouses, rules)


def _seed_rules(database: Database, warehouses: Mapping[str, int]) -> dict[str, int]:
    rules = tables.allocation_rules
    links = tables.allocation_rule_warehouses
    with database.write() as connection:
        connection.execute(
            insert(rules),
            [
                {"name": "Outlet", "store_id": 2, "is_active": False},
                {"name": "Spare", "store_id": 1, "is_active": True},
            ],
        )
        ids = dict(connection.execute(select(rules.c.name, rules.c.id)).all())
        connection.execute(
            insert(links),
            [
                {"allocation_rule_id": ids["Outlet"], "warehouse_id": 3, "priority": 1},
                {
                    "allocation_rule_id": ids["Outlet"],
                    "warehouse_id": warehouses["Oakland Hub"],
                    "priority": 2,
                },
                {"allocation_rule_id": ids["Outlet"], "warehouse_id": 1, "priority": 3},
                {
                    "allocation_rule_id": ids["Retail allocation"],
                    "warehouse_id": warehouses["Berlin_50% Lager"],
                    "priority": 0,
                },
            ],
        )
    return {str(name): int(i) for name, i in ids.items()}
