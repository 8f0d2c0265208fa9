"""Write benchmark: ``setStock`` of 10,000 rows (2,500 variants x 4 sizes, sizes by name) in
one warehouse, against the database floor.

    .venv/bin/python -m benchmarks.set_stock [--database sqlite|postgresql|both]
                                             [--rows N] [--rounds N] [--slice SECONDS]
                                             [--profile] [--statement-times]

Candidates, interleaved round-robin as in benchmarks/read_products.py:

    server   GraphQLEndpoint.handle(token, body) + orjson.dumps(body): the whole pipeline
             minus the socket (JSON body, parse, variable coercion, the service, the payload),
             rate limits off; the payload selects the stock change's id and type
    service  mercato.stock.setting.set_stock with the command built in advance
    floor (levels)  one set-based upsert writing the same stock levels (by product size
             id) on a raw DB-API connection, in one transaction (BEGIN IMMEDIATE on SQLite)
    floor (levels + ledger)  the same rows setStock writes: the levels, one stock change and
             a ledger line per size, set-based on a raw DB-API connection in one
             transaction: on PostgreSQL ONE statement (a data-modifying CTE), on SQLite the
             upsert, the change and one executemany of the lines (cheaper there than an
             INSERT ... SELECT from json_each)

Every call sets every row to a value different from the one stored (the quantities alternate
between two sets), so every candidate writes all rows each time. The server and the service
also resolve the sizes by name, read the levels and allocations, and write the ledger: one
StockChange and 10,000 lines.

PostgreSQL: MERCATO_BENCH_POSTGRES_URL or MERCATO_TEST_POSTGRES_URL names a server; the
benchmark creates and drops its own scratch database. Results (Markdown) go to stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import psycopg
from sqlalchemy import event

from benchmarks.read_markets import (
    ENVIRONMENT,
    Samples,
    Target,
    _cpu_model,
    count_statements,
    log,
    postgres_target,
    run_interleaved,
    sqlite_target,
)
from mercato.api.build import build_engine
from mercato.auth.services import create_token
from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.demo import load_demo
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.http.graphql_endpoint import COLLECTION_PAUSE, GraphQLEndpoint
from mercato.idconversion.references import Reference, SizeReference
from mercato.settings import Settings
from mercato.stock import setting, writes

WAREHOUSE = 1
SAUSAGE = 4  # sizes per variant in generate_catalog
MUTATION = """mutation Set($input: StockSetInput!) {
  setStock(input: $input) { stockChanges { id type } userErrors { message path } }
}"""
SALEOR_MS_PER_1000 = 168.0
LEVELS_SQLITE = (
    "INSERT INTO stock (warehouse_id, product_size_id, physical_quantity, created_at, "
    "updated_at) SELECT 1, value ->> 0, value ->> 1, ?, ? FROM json_each(?) WHERE true "
    "ON CONFLICT (warehouse_id, product_size_id) DO UPDATE SET "
    "physical_quantity = excluded.physical_quantity, updated_at = excluded.updated_at"
)
FLOOR = "floor (levels): one upsert statement"
FLOOR_LEDGER = "floor (levels + ledger): set-based"


@dataclass(frozen=True)
class Rows:
    #: (variant id, size name, product size id) of every row, in request order
    rows: list[tuple[int, str, int]]


def _rows(database: Database, count: int) -> Rows:
    with database.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT ps.product_variant_id, s.name, ps.id FROM product_sizes ps "
            "JOIN sizes s ON s.id = ps.size_id ORDER BY ps.id"
        ).all()
    if len(found) < count:
        raise SystemExit(f"Only {len(found)} product sizes; {count} wanted.")
    return Rows([(int(v), str(n), int(i)) for v, n, i in found[:count]])


def _quantity(product_size_id: int, flip: int) -> int:
    return 10 + (product_size_id % 7) + flip


def _body(rows: Rows, flip: int) -> bytes:
    variants: dict[int, list[dict[str, Any]]] = {}
    for variant_id, size_name, product_size_id in rows.rows:
        variants.setdefault(variant_id, []).append(
            {"size": {"name": size_name}, "quantity": _quantity(product_size_id, flip)}
        )
    entries = [
        {"productVariant": {"id": v}, "sizeStockLevels": levels} for v, levels in variants.items()
    ]
    variables = {"input": {"warehouse": {"id": WAREHOUSE}, "productVariants": entries}}
    return orjson.dumps({"query": MUTATION, "variables": variables})


def _command(rows: Rows, flip: int) -> setting.StockSet:
    variants: dict[int, list[writes.SizeLevel]] = {}
    for variant_id, size_name, product_size_id in rows.rows:
        variants.setdefault(variant_id, []).append(
            writes.size_level(SizeReference(name=size_name), _quantity(product_size_id, flip))
        )
    return setting.StockSet(
        warehouse=Reference(id=WAREHOUSE),
        product_variants=[
            setting.VariantLevels(Reference(id=v), levels) for v, levels in variants.items()
        ],
    )


class Floor:
    """One set-based upsert of the same levels by product size id, in one transaction."""

    def __init__(self, target: Target, rows: Rows) -> None:
        self.target = target
        self.sqlite = target.name == "sqlite"
        if self.sqlite:
            self.connection: Any = sqlite3.connect(target.raw, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
        else:
            self.connection = psycopg.connect(target.raw)
        ids = [product_size_id for _, _, product_size_id in rows.rows]
        self.parameters = [self._parameters(ids, flip) for flip in (2, 3)]
        #: the ledger lines as rows (product size, delivered, physical, free), per flip
        self.lines = [
            [(i, _quantity(i, flip), _quantity(i, flip), _quantity(i, flip)) for i in ids]
            for flip in (2, 3)
        ]
        self.flip = 0
        self.flips = itertools.cycle((0, 1))

    def _parameters(self, ids: list[int], flip: int) -> tuple[Any, ...]:
        quantities = [_quantity(i, flip) for i in ids]
        stamp = "2026-11-26 12:00:00.000000"
        if self.sqlite:
            return (
                stamp,
                stamp,
                orjson.dumps([list(p) for p in zip(ids, quantities, strict=True)]).decode(),
            )
        return (stamp, stamp, ids, quantities)

    def write_with_ledger(self) -> None:
        """The levels and the ledger (a stock change and a line per size), set-based."""
        self.flip = next(self.flips)
        parameters = self.parameters[self.flip]
        if self.sqlite:
            stamp = parameters[0]
            lines = self.lines[self.flip]
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(LEVELS_SQLITE, parameters)
            change_id = self.connection.execute(
                "INSERT INTO stock_changes (type, warehouse_id, created_at) "
                "VALUES ('SET', 1, ?) RETURNING id",
                (stamp,),
            ).fetchone()[0]
            # executemany of a prepared INSERT: on SQLite cheaper than INSERT ... SELECT
            # from json_each (13 vs 20 ms for 10,000 lines), so the lower floor.
            self.connection.executemany(
                "INSERT INTO stock_change_lines (stock_change_id, warehouse_id, product_size_id, "
                "delivered_quantity, physical_quantity, free_to_allocate_quantity) "
                "VALUES (?, 1, ?, ?, ?, ?)",
                [(change_id, *line) for line in lines],
            )
            self.connection.execute("COMMIT")
            return
        stamp, _, ids, quantities = parameters
        with self.connection.transaction():
            self.connection.execute(
                "WITH t AS (SELECT * FROM unnest(%(ids)s::int[], %(quantities)s::int[]) AS t(id, q)), "
                "levels AS (INSERT INTO stock (warehouse_id, product_size_id, physical_quantity, "
                "created_at, updated_at) SELECT 1, t.id, t.q, %(stamp)s, %(stamp)s FROM t "
                "ON CONFLICT (warehouse_id, product_size_id) DO UPDATE SET "
                "physical_quantity = excluded.physical_quantity, updated_at = excluded.updated_at "
                "RETURNING 1), "
                "change AS (INSERT INTO stock_changes (type, warehouse_id, created_at) "
                "VALUES ('SET', 1, %(stamp)s) RETURNING id), "
                "lines AS (INSERT INTO stock_change_lines (stock_change_id, warehouse_id, "
                "product_size_id, delivered_quantity, physical_quantity, free_to_allocate_quantity) "
                "SELECT change.id, 1, t.id, t.q, t.q, t.q FROM t, change RETURNING 1) "
                "SELECT (SELECT count(*) FROM levels), (SELECT count(*) FROM lines)",
                {"ids": ids, "quantities": quantities, "stamp": stamp},
            ).fetchone()

    def write(self) -> None:
        parameters = self.parameters[next(self.flips)]
        if self.sqlite:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(LEVELS_SQLITE, parameters)
            self.connection.execute("COMMIT")
            return
        with self.connection.transaction():
            self.connection.execute(
                "INSERT INTO stock (warehouse_id, product_size_id, physical_quantity, created_at, "
                "updated_at) SELECT 1, t.id, t.q, %s, %s FROM unnest(%s::int[], %s::int[]) AS t(id, q) "
                "ON CONFLICT (warehouse_id, product_size_id) DO UPDATE SET "
                "physical_quantity = excluded.physical_quantity, updated_at = excluded.updated_at",
                parameters,
            )

    def close(self) -> None:
        self.connection.close()


@dataclass
class Result:
    target: Target
    rows: int
    samples: dict[str, Samples]
    statements: dict[str, int | None]
    profile: str = ""


def statement_times(database: Database, function: Callable[[], object], calls: int = 10) -> str:
    """Wall time of each statement of ``calls`` calls (from the cursor call to its return,
    so the client's work on parameters and rows included), medians, as text."""
    times: dict[str, list[float]] = {}
    started: list[float] = []

    def before(*_: object) -> None:
        started.append(time.perf_counter())

    def after(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        key = " ".join(statement.split())[:100]
        times.setdefault(key, []).append((time.perf_counter() - started.pop()) * 1000)

    event.listen(database.engine, "before_cursor_execute", before)
    event.listen(database.engine, "after_cursor_execute", after)
    walls: list[float] = []
    try:
        for _ in range(calls):
            begun = time.perf_counter()
            function()
            walls.append((time.perf_counter() - begun) * 1000)
    finally:
        event.remove(database.engine, "before_cursor_execute", before)
        event.remove(database.engine, "after_cursor_execute", after)
    lines = [f"statement wall ms, medians of {calls} server calls:"]
    total = 0.0
    for statement, values in times.items():
        median = statistics.median(values)
        total += median
        lines.append(f"  {median:7.1f}  x{len(values) // calls}  {statement}")
    lines.append(f"  {total:7.1f}  all statements; the call: {statistics.median(walls):.1f}")
    return "\n".join(lines)


def measure(
    target: Target,
    count: int,
    rounds: int,
    slice_seconds: float,
    profile: bool,
    freeze: bool,
    timed_statements: bool = False,
) -> Result:
    log(f"[{target.name}] setting up")
    database = Database(target.url)
    upgrade(database)
    load_demo(database, catalog=False)
    generate_catalog(database, (count + 11) // 12, progress=None)
    rows = _rows(database, count)
    token = create_token(
        Writer.system(database),
        name="bench",
        permissions=["*"],
        integration_name="bench",
        environment=ENVIRONMENT,
    ).token
    settings = Settings(database_url=target.url, environment=ENVIRONMENT, rate_limits_enabled=False)
    endpoint = GraphQLEndpoint(settings, database, build_engine(settings))
    bodies = [_body(rows, flip) for flip in (0, 1)]
    commands = [_command(rows, flip) for flip in (4, 5)]
    server_flips, service_flips = itertools.cycle((0, 1)), itertools.cycle((0, 1))

    def server() -> bytes:
        outcome = endpoint.handle(token, bodies[next(server_flips)])
        body = orjson.dumps(outcome.body)
        if outcome.status != 200 or outcome.body["data"]["setStock"]["userErrors"]:
            raise SystemExit(f"setStock failed: {body[:500]!r}")
        return body

    writer = Writer.system(database, "bench", integration_name="bench")

    def service() -> object:
        with COLLECTION_PAUSE:  # as the endpoint runs it
            return setting.set_stock(writer, commands[next(service_flips)])

    floor = Floor(target, rows)
    if freeze:
        # As `mercato serve` does once started (mercato.app): full collections skip the
        # long-lived heap (modules, schema, engine).
        gc.collect()
        gc.freeze()
    try:
        candidates: dict[str, Callable[[], object]] = {
            "server: endpoint.handle + orjson.dumps": server,
            "service: set_stock": service,
            FLOOR: floor.write,
            FLOOR_LEDGER: floor.write_with_ledger,
        }
        statements: dict[str, int | None] = {
            "server: endpoint.handle + orjson.dumps": count_statements(database, server),
            "service: set_stock": count_statements(database, service),
            FLOOR: 1,
            FLOOR_LEDGER: 1 if target.name != "sqlite" else 3,
        }
        samples = run_interleaved(candidates, rounds, slice_seconds)
        text = ""
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                server()
            profiler.disable()
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(25)
            text = stream.getvalue()
        if timed_statements:
            text += statement_times(database, server)
    finally:
        if freeze:
            gc.unfreeze()
        floor.close()
        database.dispose()
    return Result(target, count, samples, statements, text)


def report(results: list[Result], started: float, load_before: tuple[float, float, float]) -> str:
    load = os.getloadavg()
    servers = [f"{r.target.name} {r.target.version}" for r in results if r.target.name != "sqlite"]
    out = [
        f"Machine: {os.cpu_count()} CPUs ({_cpu_model()}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{''.join(', ' + s for s in servers)}; load average "
        f"{load_before[0]:.2f} at the start, {load[0]:.2f} at the end; "
        f"the run took {time.perf_counter() - started:.0f} s"
    ]
    for result in results:
        floor = result.samples[FLOOR]
        ledger = result.samples[FLOOR_LEDGER]
        out += [
            "",
            f"### {result.target.name} {result.target.version}: {result.rows:,} rows",
            "",
            "| variant | wall median ms | wall min ms | CPU median ms | x floor levels (wall) "
            "| x floor levels+ledger (wall) | x floor levels (CPU) | x floor levels+ledger (CPU) "
            "| ms per 1,000 rows | SQL statements | calls |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, samples in result.samples.items():
            wall = samples.median_ms()
            cpu = samples.median_ms(cpu=True)
            statements = result.statements.get(name)
            out.append(
                f"| {name} | {wall:.1f} | {samples.min_ms():.1f} | {cpu:.1f} "
                f"| {wall / floor.median_ms():.2f} | {wall / ledger.median_ms():.2f} "
                f"| {cpu / floor.median_ms(cpu=True):.2f} | {cpu / ledger.median_ms(cpu=True):.2f} "
                f"| {wall * 1000 / result.rows:.1f} "
                f"| {'' if statements is None else statements} | {len(samples.wall_ns)} |"
            )
        out.append(
            f"| Saleor stockBulkUpdate (research, 1,000 rows) | | | | | | | "
            f"| {SALEOR_MS_PER_1000:.0f} | | |"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--slice", type=float, default=1.0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--statement-times",
        action="store_true",
        help="after the rounds, time each SQL statement of 10 server calls (to stderr)",
    )
    parser.add_argument(
        "--no-freeze", action="store_true", help="do not gc.freeze() the heap after setting up"
    )
    arguments = parser.parse_args(argv)
    started, load_before = time.perf_counter(), os.getloadavg()
    results: list[Result] = []
    scratch = Path(tempfile.mkdtemp(prefix="mercato-bench-stock-"))
    try:
        if arguments.database in ("sqlite", "both"):
            with sqlite_target(scratch) as target:
                results.append(
                    measure(
                        target,
                        arguments.rows,
                        arguments.rounds,
                        arguments.slice,
                        arguments.profile,
                        not arguments.no_freeze,
                        arguments.statement_times,
                    )
                )
        if arguments.database in ("postgresql", "both"):
            with postgres_target() as target:
                results.append(
                    measure(
                        target,
                        arguments.rows,
                        arguments.rounds,
                        arguments.slice,
                        arguments.profile,
                        not arguments.no_freeze,
                        arguments.statement_times,
                    )
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for result in results:
        if result.profile:
            log(f"\n[{result.target.name}] {result.profile}")
    print(report(results, started, load_before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
