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

from mercato.auth.services import authenticate
from mercato.db import tables
from mercato.db.database import Database
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

#: Errors that reject a whole request for its paging arguments (HTTP 400) in the engine and
#: that the reference reports on the field.
PAGING_PROBLEM = re.compile(
    r"^\w+: (limit must be between 1 and \d+|page counts from 1), not -?\d+\.$"
)
#: Whole-document limits the reference does not implement (the engine answers HTTP 400).
DOCUMENT_LIMIT = re.compile(
    r"^The (operation is \d+ levels deep|operation's complexity is \d+|document uses \d+ (aliases|directives))"
)

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
class Caller:
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
    callers: dict[str, Caller]

    def caller(self, kind: str) -> Caller:
        if kind not in self.callers:
            permissions, integration, store_id = TOKENS[kind]
            token = (
                self.api.qa_token
                if kind == "all"
                else self.api.token(*permissions, integration=integration, store_id=store_id)
            )
            # Authenticating here touches lastUsedAt once, before anything is compared.
            identity = authenticate(self.api.database, token, environment="test")
            self.callers[kind] = Caller(
                token, ReferenceContext.for_identity(self.api.database, identity)
            )
        return self.callers[kind]

    def run(
        self, query: str, variables: Mapping[str, Any] | None = None, *, who: str = "all"
    ) -> Outcome:
        caller = self.caller(who)
        response = self.api.query(query, variables, token=caller.token)
        expected = self.reference.execute(query, caller.context, variables)
        return Outcome(response.status, response.body, expected)

    def check(
        self, query: str, variables: Mapping[str, Any] | None = None, *, who: str = "all"
    ) -> Outcome:
        """Run ``query`` both ways and assert the responses are the same."""
        outcome = self.run(query, variables, who=who)
        assert_same(outcome, query)
        return outcome


def assert_same(outcome: Outcome, query: str) -> None:
    body, expected = outcome.body, outcome.expected
    if outcome.status == 400:
        messages = [str(e.get("message")) for e in body.get("errors", [])]
        unexplained = [
            m for m in messages if not (PAGING_PROBLEM.match(m) or DOCUMENT_LIMIT.match(m))
        ]
        assert not unexplained, f"rejected for an unexpected reason: {body}\n{query}"
        paging = {m for m in messages if PAGING_PROBLEM.match(m)}
        expected_paging = {
            str(e["message"])
            for e in expected.get("errors", ())
            if PAGING_PROBLEM.match(e["message"])
        }
        assert paging == expected_paging, f"{body}\nreference: {expected}\n{query}"
        return
    assert outcome.status == 200, f"{outcome.status}: {body}\n{query}"
    assert not any(
        PAGING_PROBLEM.match(str(e.get("message"))) for e in expected.get("errors", ())
    ), f"the engine answered where it should have refused: {body}\n{expected}\n{query}"
    assert body.get("data") == expected.get("data"), f"data differs for\n{query}"
    # The same members in the same order (JSON objects are ordered by the selection).
    assert json.dumps(body.get("data")) == json.dumps(expected.get("data")), (
        f"member order differs for\n{query}"
    )
    assert errors_of(body) == errors_of(expected), f"errors differ for\n{query}"


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
    priorities disagree with warehouse ids (one inactive), and id conversions for two
    integrations."""
    moved = {"Nordics": ["NO", "DK", "FI", "IS"], "DACH": ["DE", "AT", "CH"]}
    data = api.ok(
        UPDATE_MARKET,
        {"id": 3, "input": {"removeCountries": [{"code": c} for c in sum(moved.values(), [])]}},
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
