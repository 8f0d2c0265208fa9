"""Deep pages of a large catalog: the products listing of ``read_products`` read as page 1 and
page 500 of a catalog, by ``products(limit: 100, page: N)`` and by ``productConnection(first:
100, after: <cursor>)``, against the floor's products statement (LIMIT/OFFSET) and the floor.

    .venv/bin/python -m benchmarks.read_product_pages --sqlite FILE [--postgresql URL]
                                                      [--rounds N] [--slice SECONDS]

It reads existing catalogs (``mercato demo --products 100000``, or ``generate_catalog``) and
writes nothing: a SQLite file and/or a PostgreSQL database URL. For the connection it runs
the page twice: after the keyed cursor the previous page gave out (``offset:<n>:key:<id>``)
and after a position-only cursor (``offset:<n>``, the form given out before keyed cursors).
Candidates run interleaved round-robin as in ``read_products``; SQLite figures are CPU
medians, PostgreSQL figures wall medians. Markdown goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from benchmarks.read_markets import ENVIRONMENT, Target, _context, log, run_interleaved
from benchmarks.read_products import (
    DISPLAY_FIELDS,
    PAGE_SIZE,
    PRODUCT_FIELDS,
    SIZE_FIELDS,
    VARIANT_FIELDS,
    Catalog,
    Floor,
    make_pipeline,
)
from mercato.auth.services import authenticate, create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.graphql.connections import encode_cursor

PAGES = (1, 500)
NODE = f"""{PRODUCT_FIELDS}
    displays {{{DISPLAY_FIELDS}
    }}
    variants {{{VARIANT_FIELDS}
      productSizes {{{SIZE_FIELDS}
      }}
    }}"""


def list_query(page: int) -> str:
    return f"{{ products(limit: {PAGE_SIZE}, page: {page}) {{{NODE}\n  }}\n}}"


CONNECTION_QUERY = f"""query($after: String) {{
  productConnection(first: {PAGE_SIZE}, after: $after) {{
    pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{{NODE}
    }} }}
  }}
}}"""


def candidates(target: Target) -> dict[str, Callable[[], object]]:
    database = Database(target.url)
    token = create_token(
        Writer.system(database),
        name="pages",
        permissions=["*"],
        integration_name="pages",
        environment=ENVIRONMENT,
    ).token
    catalog = Catalog(0, target, database, token, 0.0, statistics=True)
    pipeline = make_pipeline(catalog)
    engine, settings = pipeline.engine, pipeline.settings
    identity = authenticate(database, token, environment=ENVIRONMENT)

    def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        prepared = engine.prepare(query, None, variables, identity.grants)
        response = engine.execute(prepared, _context(database, identity, settings))
        if "errors" in response:
            raise SystemExit(orjson.dumps(response["errors"]).decode())
        return response

    found: dict[str, Callable[[], object]] = {}
    for page in PAGES:
        offset = (page - 1) * PAGE_SIZE
        query = list_query(page)
        listed = run(query)["data"]["products"]
        keyed_cursor = None
        if page > 1:
            before = run(CONNECTION_QUERY, {"after": encode_cursor(offset - PAGE_SIZE - 1)})
            keyed_cursor = before["data"]["productConnection"]["pageInfo"]["endCursor"]
        keyed = run(CONNECTION_QUERY, {"after": keyed_cursor})["data"]["productConnection"]
        if [edge["node"] for edge in keyed["edges"]] != listed:
            raise SystemExit(f"page {page}: the connection and the list disagree")
        floor = Floor(target, page)
        found[f"page {page}: products(limit, page)"] = lambda q=query: run(q)
        found[f"page {page}: productConnection, keyed cursor"] = lambda c=keyed_cursor: run(
            CONNECTION_QUERY, {"after": c}
        )
        if page > 1:
            position = encode_cursor(offset - 1)
            found[f"page {page}: productConnection, position cursor"] = lambda c=position: run(
                CONNECTION_QUERY, {"after": c}
            )
        found[f"page {page}: floor"] = floor.fetch
        found[f"page {page}: floor, products statement alone"] = floor.fetch_products
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", help="a catalog's SQLite file")
    parser.add_argument("--postgresql", help="a catalog's PostgreSQL URL")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--slice", type=float, default=0.2)
    arguments = parser.parse_args(argv)
    targets = []
    if arguments.sqlite:
        path = arguments.sqlite
        targets.append(Target("sqlite", f"sqlite:///{path}", path, ""))
    if arguments.postgresql:
        url = arguments.postgresql
        targets.append(Target("postgresql", url, url.replace("+psycopg", ""), ""))
    for target in targets:
        log(f"[{target.name}] preparing")
        found = candidates(target)
        samples = run_interleaved(found, arguments.rounds, arguments.slice)
        cpu = target.name == "sqlite"
        page_one = samples["page 1: products(limit, page)"].median_ms(cpu=cpu)
        print(f"\n### {target.name} ({'CPU' if cpu else 'wall'} medians)\n")
        print("| page, variant | ms | x page 1 of products(limit, page) | calls |")
        print("|---|---:|---:|---:|")
        for name, sample in samples.items():
            median = sample.median_ms(cpu=cpu)
            print(f"| {name} | {median:.2f} | {median / page_one:.2f} | {len(sample.wall_ns)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
