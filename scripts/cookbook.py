"""Writes docs/cookbook.md: the ERP cookbook as Mercato answers it.

Every request below is run, in order, against a fresh database with the demo data, and the
response Mercato gives is written under it. tests/api/test_cookbook.py runs the documents
from the written file again and fails when a response no longer matches, so the cookbook
cannot drift from the server.

    .venv/bin/python scripts/cookbook.py > docs/cookbook.md
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.cookbook_format import render_response
from tests.support import Api

from mercato.cli.demo import load_demo
from mercato.db.database import Database
from mercato.db.migrate import upgrade


@dataclass
class Example:
    heading: str
    prose: str
    query: str
    variables: dict[str, Any] | None = None
    curl: bool = False
    after: str = ""


@dataclass
class Section:
    title: str
    intro: str
    examples: list[Example] = field(default_factory=list)


SECTIONS = [
    Section(
        "Connection test - fetch Stores",
        "Start with an all-permission QA token (`make run` prints one; never use such a token "
        "in production). Fetching the stores is read-only: nothing can go wrong.",
        [
            Example(
                "Request",
                "",
                "{ stores{ id name } }",
                curl=True,
                after="Every response lists the permissions it used in `extensions.permissionsUsed`: "
                "collect them while testing, then create the production token with exactly those "
                "(see docs/tokens.md).",
            )
        ],
    ),
    Section(
        "Markets - read and create",
        "Markets decide which products are visible to a customer, which campaigns apply and "
        "which warehouses' stock is sold. Reading markets needs `Market:read`; their countries "
        "need `Country:read` as well.",
        [
            Example(
                "Fetching Markets",
                "",
                "{ markets { id name assignedToCountries { code name isEU } } }",
                curl=True,
                after="Lists longer than six entries are cut in this document after four, with a "
                "note of how many more there are; the server returns them all.",
            ),
            Example(
                "Creating new Markets",
                "A country geo-locates to at most one market per store, so adding Norway to a new "
                "market fails while the demo's *World* market holds it. Nothing is changed when "
                "`userErrors` is not empty.",
                """mutation createMarket($input: MarketCreateInput!) {
  createMarket(input: $input) {
    market {
      id
      name
      store { id name }
      allocationRule { id name }
      assignedToCountries { code name }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {"input": {"name": "Norway", "store": {"id": 1}, "addCountries": [{"code": "NO"}]}},
            ),
            Example(
                "Moving a country between markets",
                "Remove Norway from *World* first (`updateMarket` with `removeCountries`)...",
                """mutation removeNorwayFromWorld {
  updateMarket(id: 3, input: { removeCountries: [{ code: "NO" }] }) {
    market { id name }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
            ),
            Example(
                "",
                "...then the same `createMarket` succeeds. The market gets the store's first "
                "active allocation rule unless `allocationRule` is given.",
                """mutation createMarket($input: MarketCreateInput!) {
  createMarket(input: $input) {
    market {
      id
      name
      store { id name }
      allocationRule { id name }
      assignedToCountries { code name }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {"input": {"name": "Norway", "store": {"id": 1}, "addCountries": [{"code": "NO"}]}},
            ),
        ],
    ),
    Section(
        "Warehouses - read and create",
        "Warehouses hold stock per product size; allocation rules group them in priority "
        "order for the markets that sell from them.",
        [
            Example(
                "Fetching existing warehouses",
                "The cookbook's request, with its missing opening brace restored. See "
                "`WarehouseFilter` in docs/api-reference.md for the other filters.",
                """{
  warehouses(where: {name: {contains: "Default Warehouse"}}, sort: [id_ASC]) {
    ...warehouseCustomDetails
  }
}

fragment warehouseCustomDetails on Warehouse {
  id
  name
  status
}""",
                curl=True,
            ),
            Example(
                "Creating a new warehouse",
                "`beforeWarehouse` places the new warehouse before another one in the priority "
                "order (by default it goes last); `stateOrProvince` is matched by name or code "
                "within the country, case-insensitively.",
                """mutation createWarehouse($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) {
    warehouse {
      id
      name
      status
      stockOwnership
      stockMaster
      allocationPolicy
      isHiddenFromStockView
      threshold
      city
      country { code name }
      state { code name }
      customSort
    }
    userErrors { message path }
    userWarnings { message path }
  }
}""",
                {
                    "input": {
                        "name": "US East",
                        "beforeWarehouse": {"id": 3},
                        "threshold": 2,
                        "stockMasterPolicy": "EXTERNAL",
                        "stockOwnershipPolicy": "THIRD_PARTY",
                        "allocationPolicy": "CHECK_FIRST",
                        "warehouseLocation": {
                            "address": "1 Harbor Road",
                            "city": "Newark",
                            "zipCode": "07102",
                            "country": {"code": "US"},
                            "stateOrProvince": "new jersey",
                        },
                    }
                },
            ),
        ],
    ),
]

HEADER = """# The ERP integration cookbook, as Mercato answers it

This is the cookbook Mercato was created from (`shared/spec/erp-integration-cookbook.md`),
with every example run against Mercato: each request below was sent, in order, to a fresh
`make run` database, and the response shown is the one Mercato gave.
`tests/api/test_cookbook.py` sends them again and fails when an answer changes, and
`scripts/cookbook.py` regenerates this file.

To follow along: run `make run`, copy the QA token it prints, and

```sh
export BASE_URL=http://127.0.0.1:8000
export ACCESS_TOKEN=<the token>
```

The token goes in the `graphql-access` cookie (as below) or in `Authorization: Bearer`.
`extensions.appVersion` is the server's version and `complexity` is the cost counted
against the token's QUERY_COMPLEXITY rate limit.
"""


def _curl(query: str) -> str:
    body = json.dumps({"query": query})
    return (
        '```sh\ncurl "${BASE_URL}/graphql" \\\n'
        "    -X POST \\\n"
        '    -H "Cookie: graphql-access=${ACCESS_TOKEN}" \\\n'
        '    -H "Content-Type: application/json" \\\n'
        f"    -d '{body}'\n```\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{directory}/cookbook.sqlite3")
        upgrade(database)
        load_demo(database)
        out = [HEADER]
        with Api.start(database) as api:
            for section in SECTIONS:
                out.append(f"\n## {section.title}\n\n{section.intro}\n")
                for example in section.examples:
                    if example.heading:
                        out.append(f"\n### {example.heading}\n")
                    if example.prose:
                        out.append(f"\n{example.prose}\n")
                    out.append("\n#### Request\n\n")
                    if example.curl:
                        out.append(_curl(example.query) + "\nPretty:\n\n")
                    out.append(f"```graphql\n{example.query}\n```\n")
                    if example.variables is not None:
                        variables = json.dumps(example.variables, indent=2)
                        out.append(f"\nVariables:\n\n```json variables\n{variables}\n```\n")
                    response = api.query(example.query, example.variables)
                    if response.status != 200:
                        raise SystemExit(
                            f"{example.query!r} answered {response.status}: {response.body}"
                        )
                    out.append(
                        f"\n#### Response\n\n```json response\n{render_response(response.body)}\n```\n"
                    )
                    if example.after:
                        out.append(f"\n{example.after}\n")
        database.dispose()
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
