"""Read benchmark: a warehouse's stock, page by page, on an existing large database.

    MERCATO_DATABASE_URL=sqlite:////tmp/wh/demo.sqlite3 .venv/bin/mercato demo --products 20000
    .venv/bin/python -m benchmarks.read_warehouse_stock --url sqlite:////tmp/wh/demo.sqlite3
                                                        [--seconds S] [--dump FILE]

Times, through the engine (``engine.prepare`` + ``engine.execute``, token already checked),
``Warehouse.stock`` pages and ``Warehouse.stockTotals`` of the database's largest warehouse,
and for comparison about as many stock rows read through ``productVariants { stock }``.
Each read runs for ``--seconds`` after a warm-up; the median and minimum wall times are
printed (Markdown). ``--dump`` writes every response to a JSON file, so two runs (e.g. before
and after a change) can be compared for identical results. Besides one token created for
the run, the database is only read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import orjson

from mercato.api.build import build_engine
from mercato.api.caller import IntegrationExternalIds, RequestServices
from mercato.auth.services import authenticate, create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.graphql.context import RequestContext
from mercato.settings import Settings

ENVIRONMENT = "development"

QUANTITIES = (
    "freeToAllocateQuantity physicalQuantity allocatedQuantity demandQuantity "
    "unshippedQuantity availableNowQuantity incomingQuantity linkedIncomingQuantity "
    "unlinkedIncomingQuantity onDeliveryQuantity availableQuantity"
)


def _reads(warehouse_id: int, smallest_id: int) -> dict[str, str]:
    one = f"warehouses(where: {{id: [{warehouse_id}]}})"
    small = f"warehouses(where: {{id: [{smallest_id}]}})"
    row = f"{{ {QUANTITIES} productSize {{ id }} }}"
    return {
        "Warehouse.stock(limit: 100), page 1": f"{{ {one} {{ stock(limit: 100) {row} }} }}",
        "Warehouse.stock(limit: 100), page 100": (
            f"{{ {one} {{ stock(limit: 100, page: 100) {row} }} }}"
        ),
        "Warehouse.stock(limit: 100, sort: productSizeSort_DESC), page 2": (
            f"{{ {one} {{ stock(limit: 100, page: 2, sort: [productSizeSort_DESC]) {row} }} }}"
        ),
        "Warehouse.stock(limit: 100, where: productId), page 1": (
            f"{{ {one} {{ stock(limit: 100, where: {{productId: [1, 2, 3, 500, 19000]}}) "
            f"{row} }} }}"
        ),
        "all warehouses: stock(limit: 100)": f"{{ warehouses {{ id stock(limit: 100) {row} }} }}",
        "Warehouse.stockTotals": f"{{ {one} {{ stockTotals {{ {QUANTITIES} }} }} }}",
        "smallest warehouse: stock(limit: 100)": f"{{ {small} {{ stock(limit: 100) {row} }} }}",
        "productVariants(limit: 25) { stock } (about 100 rows)": (
            f"{{ productVariants(limit: 25) {{ stock(limit: 100) {row} }} }}"
        ),
    }


def _warehouses(database: Database) -> tuple[int, int]:
    """The warehouses with the most and the fewest stock rows."""
    with database.read() as reader:
        rows = reader.fetch_all(
            "SELECT w.id, (SELECT count(*) FROM stock s WHERE s.warehouse_id = w.id)"
            " FROM warehouses w ORDER BY 2 DESC, w.id",
            [],
        )
    if not rows or not rows[0][1]:
        raise SystemExit("The database has no stock.")
    for warehouse_id, count in (rows[0], rows[-1]):
        print(f"warehouse {warehouse_id}: {count:,} stock rows", file=sys.stderr)
    return int(rows[0][0]), int(rows[-1][0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the database (e.g. sqlite:////tmp/x)")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--dump", help="write every response to this JSON file")
    options = parser.parse_args(argv)
    settings = Settings(
        database_url=options.url, environment=ENVIRONMENT, rate_limits_enabled=False
    )
    database = Database(options.url)
    engine = build_engine(settings)
    created = create_token(
        Writer.system(database), name="bench-stock", permissions=["*"], environment=ENVIRONMENT
    )
    identity = authenticate(database, created.token, environment=ENVIRONMENT)
    dialect = database.sql

    def run(query: str) -> dict[str, Any]:
        context = RequestContext(
            database=database,
            dialect=dialect,
            grants=identity.grants,
            external_ids=IntegrationExternalIds(None, dialect.placeholder),
            store_id=identity.store_id,
            services=RequestServices(identity, database, settings),
        )
        response: dict[str, Any] = engine.execute(
            engine.prepare(query, None, None, identity.grants), context
        )
        return response

    dumped: dict[str, Any] = {}
    print(f"| read ({database.dialect}) | rows | median ms | min ms | calls |")
    print("|---|---:|---:|---:|---:|")
    for name, query in _reads(*_warehouses(database)).items():
        response = run(query)
        if response.get("errors"):
            raise SystemExit(f"{name}: {response['errors']}")
        dumped[name] = response
        rows = orjson.dumps(response).count(b'"productSize"')
        times: list[float] = []
        deadline = time.perf_counter() + options.seconds
        while time.perf_counter() < deadline or len(times) < 5:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
        median, least = statistics.median(times), min(times)
        print(f"| {name} | {rows} | {median:.1f} | {least:.1f} | {len(times)} |")
    if options.dump:
        with open(options.dump, "wb") as file:
            file.write(orjson.dumps(dumped, option=orjson.OPT_INDENT_2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
