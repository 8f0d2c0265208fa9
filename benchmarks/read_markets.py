"""Read benchmark: markets with countries, warehouses and allocation rules.

    .venv/bin/python -m benchmarks.read_markets [--database sqlite|postgresql|both]
                                                [--rounds N] [--slice SECONDS]
                                                [--no-http] [--profile]

Builds a fresh database (migrations, demo data, then 40 warehouses, 10 allocation rules of
5 warehouses, 50 markets with 5 countries each over 5 extra direct-to-consumer stores), and
times one GraphQL read through each layer of the stack against the database floor:

    server     GraphQLEndpoint.handle(token, body) + orjson.dumps(body): the whole pipeline
               minus the socket (rate limits off, and on with quotas too large to bite)
    engine     engine.prepare + engine.execute (document cached, token already checked)
    floor      the same rows by hand-written batched SQL on a raw DB-API connection in one
               transaction, one statement per relation, just fetchall
    floor+dict the floor plus hand-written code building the same response dicts

Candidates run interleaved round-robin (each for ``--slice`` seconds per round, the start
rotating), so load drift on a shared host hits all of them alike. Medians and minimums of
per-call wall time and thread CPU time are reported; PostgreSQL works in another process, so
its wall time is the figure to compare there. Optionally, the same request goes through
``mercato serve`` (uvicorn) in a subprocess, measured with a keep-alive HTTP client.

PostgreSQL: MERCATO_BENCH_POSTGRES_URL or MERCATO_TEST_POSTGRES_URL names a server (default
postgresql://mercato:mercato@127.0.0.1:5432/mercato_test); the benchmark creates and drops
its own scratch database ``mercato_bench_<pid>`` there and touches no other database.

Progress goes to stderr; the result tables (Markdown) go to stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import platform
import pstats
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import psycopg
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from mercato.api.build import build_engine
from mercato.api.caller import IntegrationExternalIds, RequestServices
from mercato.auth import rate_limits
from mercato.auth.services import Identity, authenticate, create_token
from mercato.cli.demo import load_demo
from mercato.clock import to_iso
from mercato.db import tables
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.graphql.context import RequestContext
from mercato.graphql.engine import Engine
from mercato.http.graphql_endpoint import GraphQLEndpoint
from mercato.idconversion.references import Reference
from mercato.inventory.services import WarehouseCreate, WarehouseLocation, create_warehouse
from mercato.settings import RateLimitQuotas, Settings
from mercato.stores.services import MarketCreate, create_market

DEFAULT_POSTGRES_URL = "postgresql://mercato:mercato@127.0.0.1:5432/mercato_test"
ENVIRONMENT = "development"

EXTRA_STORES = 5
EXTRA_WAREHOUSES = 40
RULES_PER_STORE = 2
WAREHOUSES_PER_RULE = 5
MARKETS_PER_STORE = 10
COUNTRIES_PER_MARKET = 5

MARKET_LIMIT = 50
WAREHOUSE_LIMIT = 50
RULE_LIMIT = 20

QUERY = f"""{{
  markets(limit: {MARKET_LIMIT}) {{
    id name comment createdAt
    store {{ id name type }}
    allocationRule {{
      id name
      warehouses {{ id name status threshold country {{ code name }} }}
    }}
    assignedToCountries {{ id code name isEU continent {{ name }} }}
  }}
  warehouses(limit: {WAREHOUSE_LIMIT}) {{
    id name status stockOwnership allocationPolicy
    allocationRules {{ id name }}
  }}
  allocationRules(limit: {RULE_LIMIT}) {{
    id name isActive
    markets {{ id name }}
  }}
}}"""
BODY = orjson.dumps({"query": QUERY})

#: Large enough never to refuse a benchmark request, so the "on" variant measures the cost.
UNLIMITED = RateLimitQuotas(*(10**12 for _ in range(6)))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- databases ------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    #: The URL Mercato is given (``Settings.database_url``).
    url: str
    #: What the floor connects with: a file path (SQLite) or a libpq URL (PostgreSQL).
    raw: str
    version: str = ""


@contextmanager
def sqlite_target(directory: Path) -> Iterator[Target]:
    path = directory / "bench.sqlite3"
    yield Target("sqlite", f"sqlite:///{path}", str(path), sqlite3.sqlite_version)


def postgres_server_url() -> str:
    return (
        os.environ.get("MERCATO_BENCH_POSTGRES_URL")
        or os.environ.get("MERCATO_TEST_POSTGRES_URL")
        or DEFAULT_POSTGRES_URL
    )


@contextmanager
def postgres_target() -> Iterator[Target]:
    server = make_url(postgres_server_url()).set(drivername="postgresql")
    name = f"mercato_bench_{os.getpid()}"
    admin_url = server.render_as_string(hide_password=False)
    url = server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
        row = admin.execute("SHOW server_version").fetchone()
        version = str(row[0]) if row else "?"
    try:
        yield Target("postgresql", url, url, version)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def populate(database: Database) -> None:
    """The demo data plus enough stores, warehouses, rules and markets to read."""
    upgrade(database)
    load_demo(database)
    with database.write() as connection:
        store_ids = [
            connection.execute(
                insert(tables.stores)
                .values(name=f"Bench store {i}", type="DIRECT_TO_CONSUMER")
                .returning(tables.stores.c.id)
            ).scalar_one()
            for i in range(1, EXTRA_STORES + 1)
        ]
        codes = [
            str(code)
            for (code,) in connection.execute(
                select(tables.countries.c.code).order_by(tables.countries.c.id)
            )
        ]
    warehouse_ids = [
        create_warehouse(
            Writer.system(database),
            WarehouseCreate(
                f"Bench warehouse {i:02d}",
                status="INACTIVE" if i % 4 == 0 else "ACTIVE",
                threshold=None if i % 3 == 0 else 5 * i,
                stock_ownership=("OWN", "THIRD_PARTY")[i % 2],
                allocation_policy=("DIRECT", "CHECK_FIRST", "DIRECT_THEN_CONFIRM")[i % 3],
                location=WarehouseLocation(
                    address=f"Street {i}",
                    city=f"City {i}",
                    country=Reference(code=codes[(7 * i) % len(codes)]),
                ),
            ),
        )
        for i in range(1, EXTRA_WAREHOUSES + 1)
    ]
    rules: dict[int, list[int]] = {store_id: [] for store_id in store_ids}
    with database.write() as connection:
        for index in range(EXTRA_STORES * RULES_PER_STORE):
            store_id = store_ids[index // RULES_PER_STORE]
            rule_id = connection.execute(
                insert(tables.allocation_rules)
                .values(name=f"Bench rule {index + 1}", store_id=store_id, is_active=True)
                .returning(tables.allocation_rules.c.id)
            ).scalar_one()
            rules[store_id].append(rule_id)
            connection.execute(
                insert(tables.allocation_rule_warehouses),
                [
                    {
                        "allocation_rule_id": rule_id,
                        "warehouse_id": warehouse_ids[(4 * index + k) % len(warehouse_ids)],
                        "priority": k + 1,
                    }
                    for k in range(WAREHOUSES_PER_RULE)
                ],
            )
    for s, store_id in enumerate(store_ids):
        for m in range(MARKETS_PER_STORE):
            first = s * MARKETS_PER_STORE * COUNTRIES_PER_MARKET + m * COUNTRIES_PER_MARKET
            countries = tuple(
                Reference(code=codes[(first + k) % len(codes)]) for k in range(COUNTRIES_PER_MARKET)
            )
            create_market(
                Writer.system(database),
                MarketCreate(
                    f"Bench market {s + 1}-{m + 1}",
                    Reference(id=store_id),
                    comment=f"Bench market number {m + 1}" if m % 2 else None,
                    allocation_rule=Reference(id=rules[store_id][m % RULES_PER_STORE]),
                    add_countries=countries,
                ),
            )


# -- the database floor -----------------------------------------------------------------------


@dataclass
class FloorRows:
    markets: list[tuple[Any, ...]]
    stores: list[tuple[Any, ...]]
    rules: list[tuple[Any, ...]]
    rule_warehouses: list[tuple[Any, ...]]
    warehouse_countries: list[tuple[Any, ...]]
    market_countries: list[tuple[Any, ...]]
    continents: list[tuple[Any, ...]]
    warehouses: list[tuple[Any, ...]]
    warehouse_rules: list[tuple[Any, ...]]
    active_rules: list[tuple[Any, ...]]
    rule_markets: list[tuple[Any, ...]]


FLOOR_STATEMENTS = 11


class Floor:
    """The same rows as the engine reads, by hand: one statement per relation, the same
    columns and order, keys of each level passed to the next as an IN list (SQLite, or
    ``json_each`` as the engine does with ``json_in=True``) or ``= ANY(%s)`` (PostgreSQL)."""

    def __init__(self, target: Target, *, json_in: bool = False) -> None:
        self.sqlite = target.name == "sqlite"
        self.json_in = json_in
        self.connection: Any
        if self.sqlite:
            self.connection = sqlite3.connect(
                target.raw, isolation_level=None, check_same_thread=False
            )
            self.ph = "?"
        else:
            connection = psycopg.connect(target.raw)
            # What the engine's read transaction uses, so both see one consistent snapshot.
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            self.connection = connection
            self.ph = "%s"
        self.cursor = self.connection.cursor()

    def close(self) -> None:
        self.cursor.close()
        self.connection.close()

    def _in(self, expression: str, keys: set[Any]) -> tuple[str, list[Any]]:
        values = [key for key in keys if key is not None]
        if not self.sqlite:
            return f"{expression} = ANY(%s)", [values]
        if self.json_in:
            return f"{expression} IN (SELECT value FROM json_each(?))", [orjson.dumps(values)]
        return f"{expression} IN ({','.join('?' * len(values))})", values

    def _all(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, parameters)
        rows: list[tuple[Any, ...]] = self.cursor.fetchall()
        return rows

    def fetch(self) -> FloorRows:
        q, keyed = self._all, self._in
        if self.sqlite:
            self.cursor.execute("BEGIN")
        markets = q(
            "SELECT id, name, comment, created_at, store_id, allocation_rule_id FROM markets "
            f"ORDER BY id LIMIT {MARKET_LIMIT}"
        )
        where, p = keyed("id", {r[4] for r in markets})
        stores = q(f"SELECT id, name, type FROM stores WHERE {where}", p)
        where, p = keyed("id", {r[5] for r in markets})
        rules = q(f"SELECT id, name FROM allocation_rules WHERE {where}", p)
        where, p = keyed("l.allocation_rule_id", {r[0] for r in rules})
        rule_warehouses = q(
            "SELECT l.allocation_rule_id, w.id, w.name, w.status, w.threshold, w.country_id "
            "FROM warehouses w JOIN allocation_rule_warehouses l ON l.warehouse_id = w.id "
            f"WHERE {where} ORDER BY l.priority, w.id",
            p,
        )
        where, p = keyed("id", {r[5] for r in rule_warehouses})
        warehouse_countries = q(f"SELECT id, code, name FROM countries WHERE {where}", p)
        where, p = keyed("l.market_id", {r[0] for r in markets})
        market_countries = q(
            "SELECT l.market_id, c.id, c.code, c.name, c.is_eu, c.continent_id "
            "FROM countries c JOIN market_countries l ON l.country_id = c.id "
            f"WHERE {where} ORDER BY c.name",
            p,
        )
        where, p = keyed("id", {r[5] for r in market_countries})
        continents = q(f"SELECT id, name FROM continents WHERE {where}", p)
        warehouses = q(
            "SELECT id, name, status, stock_ownership, allocation_policy FROM warehouses "
            f"ORDER BY custom_sort, id LIMIT {WAREHOUSE_LIMIT}"
        )
        where, p = keyed("l.warehouse_id", {r[0] for r in warehouses})
        warehouse_rules = q(
            "SELECT l.warehouse_id, r.id, r.name FROM allocation_rules r "
            "JOIN allocation_rule_warehouses l ON l.allocation_rule_id = r.id "
            f"WHERE {where} ORDER BY r.id",
            p,
        )
        active_rules = q(
            "SELECT id, name, is_active FROM allocation_rules "
            f"WHERE is_active = {self.ph} ORDER BY id LIMIT {RULE_LIMIT}",
            [True],
        )
        where, p = keyed("allocation_rule_id", {r[0] for r in active_rules})
        rule_markets = q(
            f"SELECT allocation_rule_id, id, name FROM markets WHERE {where} ORDER BY id", p
        )
        self.connection.commit()
        return FloorRows(
            markets,
            stores,
            rules,
            rule_warehouses,
            warehouse_countries,
            market_countries,
            continents,
            warehouses,
            warehouse_rules,
            active_rules,
            rule_markets,
        )


def _grouped(rows: list[tuple[Any, ...]], make: Callable[[tuple[Any, ...]], Any]) -> dict[Any, Any]:
    groups: dict[Any, list[Any]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(make(row))
    return groups


def build_data(rows: FloorRows) -> dict[str, Any]:
    """The response's ``data``, built from the floor's rows by plain hand-written code."""
    stores = {r[0]: {"id": r[0], "name": r[1], "type": r[2]} for r in rows.stores}
    countries = {r[0]: {"code": r[1], "name": r[2]} for r in rows.warehouse_countries}
    rule_warehouses = _grouped(
        rows.rule_warehouses,
        lambda r: {
            "id": r[1],
            "name": r[2],
            "status": r[3],
            "threshold": r[4],
            "country": countries.get(r[5]),
        },
    )
    rules = {
        r[0]: {"id": r[0], "name": r[1], "warehouses": rule_warehouses.get(r[0]) or []}
        for r in rows.rules
    }
    continents = {r[0]: {"name": r[1]} for r in rows.continents}
    market_countries = _grouped(
        rows.market_countries,
        lambda r: {
            "id": r[1],
            "code": r[2],
            "name": r[3],
            "isEU": bool(r[4]),
            "continent": continents.get(r[5]),
        },
    )
    warehouse_rules = _grouped(rows.warehouse_rules, lambda r: {"id": r[1], "name": r[2]})
    rule_markets = _grouped(rows.rule_markets, lambda r: {"id": r[1], "name": r[2]})
    return {
        "markets": [
            {
                "id": r[0],
                "name": r[1],
                "comment": r[2],
                "createdAt": to_iso(r[3]),
                "store": stores.get(r[4]),
                "allocationRule": rules.get(r[5]),
                "assignedToCountries": market_countries.get(r[0]) or [],
            }
            for r in rows.markets
        ],
        "warehouses": [
            {
                "id": r[0],
                "name": r[1],
                "status": r[2],
                "stockOwnership": r[3],
                "allocationPolicy": r[4],
                "allocationRules": warehouse_rules.get(r[0]) or [],
            }
            for r in rows.warehouses
        ],
        "allocationRules": [
            {
                "id": r[0],
                "name": r[1],
                "isActive": bool(r[2]),
                "markets": rule_markets.get(r[0]) or [],
            }
            for r in rows.active_rules
        ],
    }


# -- harness ----------------------------------------------------------------------------------


@dataclass
class Samples:
    wall_ns: list[int] = field(default_factory=list)
    cpu_ns: list[int] = field(default_factory=list)

    def median_ms(self, cpu: bool = False) -> float:
        return statistics.median(self.cpu_ns if cpu else self.wall_ns) / 1e6

    def min_ms(self, cpu: bool = False) -> float:
        return min(self.cpu_ns if cpu else self.wall_ns) / 1e6


def run_interleaved(
    candidates: dict[str, Callable[[], object]], rounds: int, slice_seconds: float
) -> dict[str, Samples]:
    """Call each candidate for ``slice_seconds`` per round, round-robin, the start rotating."""
    perf, cpu = time.perf_counter_ns, time.thread_time_ns
    names = list(candidates)
    for name in names:  # warm-up: caches, prepared statements, the plan
        for _ in range(5):
            candidates[name]()
    samples = {name: Samples() for name in names}
    budget = int(slice_seconds * 1e9)
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            function, wall_ns, cpu_ns = (
                candidates[name],
                samples[name].wall_ns,
                samples[name].cpu_ns,
            )
            deadline = perf() + budget
            while True:
                w0, c0 = perf(), cpu()
                function()
                c1, w1 = cpu(), perf()
                wall_ns.append(w1 - w0)
                cpu_ns.append(c1 - c0)
                if w1 >= deadline:
                    break
        log(f"  round {round_index + 1}/{rounds}")
    return samples


def count_statements(database: Database, function: Callable[[], object]) -> int:
    """Statements of one warm call (the first call may create rate-limit buckets)."""
    function()
    statements: list[str] = []
    database.add_statement_listener(statements.append)
    try:
        function()
    finally:
        database.remove_statement_listener(statements.append)
    return len(statements)


# -- one database -----------------------------------------------------------------------------


@dataclass
class Line:
    variant: str
    samples: Samples
    statements: int | None


@dataclass
class Result:
    target: Target
    lines: list[Line]
    floor_name: str
    sizes: dict[str, int]
    #: HTTP figures by rate-limit setting ("on" / "off").
    http: dict[str, dict[str, float]] = field(default_factory=dict)
    profile: str = ""


def _context(database: Database, identity: Identity, settings: Settings) -> RequestContext:
    dialect = database.sql
    return RequestContext(
        database=database,
        dialect=dialect,
        grants=identity.grants,
        external_ids=IntegrationExternalIds(identity.integration_name, dialect.placeholder),
        store_id=identity.store_id,
        services=RequestServices(identity, database, settings),
    )


def _count(value: Any) -> tuple[int, int]:
    """(objects, fields) in a response value."""
    if isinstance(value, dict):
        inner = [_count(v) for v in value.values()]
        return 1 + sum(o for o, _ in inner), len(value) + sum(f for _, f in inner)
    if isinstance(value, list):
        inner = [_count(v) for v in value]
        return sum(o for o, _ in inner), sum(f for _, f in inner)
    return 0, 0


def _check_response(body: dict[str, Any], rows: FloorRows, data: dict[str, Any]) -> dict[str, int]:
    if body.get("errors"):
        raise SystemExit(f"The benchmark query failed: {body['errors']}")
    markets = body["data"]["markets"]
    countries = sum(len(m["assignedToCountries"]) for m in markets)
    if len(markets) != len(rows.markets) or countries != len(rows.market_countries):
        raise SystemExit(
            f"Mismatch: the server returned {len(markets)} markets / {countries} countries, "
            f"the floor fetched {len(rows.markets)} / {len(rows.market_countries)}."
        )
    if orjson.dumps(body["data"]) != orjson.dumps(data):
        raise SystemExit("Mismatch: the hand-built response differs from the server's data.")
    return {
        "markets": len(markets),
        "market countries": countries,
        "rule warehouses (rows)": len(rows.rule_warehouses),
        "warehouses": len(body["data"]["warehouses"]),
        "allocation rules": len(body["data"]["allocationRules"]),
        "response objects": _count(body["data"])[0],
        "response fields": _count(body["data"])[1],
        "response bytes": len(orjson.dumps(body)),
        "rows fetched": sum(len(v) for v in rows.__dict__.values()),
    }


def measure(target: Target, rounds: int, slice_seconds: float, http: bool, profile: bool) -> Result:
    log(f"[{target.name}] setting up {target.url.split('@')[-1]}")
    started = time.perf_counter()
    database = Database(target.url)
    populate(database)
    token = create_token(
        Writer.system(database),
        name="bench",
        permissions=["*"],
        integration_name="bench",
        environment=ENVIRONMENT,
    ).token
    log(f"[{target.name}] data loaded in {time.perf_counter() - started:.1f} s")

    settings_off = Settings(
        database_url=target.url, environment=ENVIRONMENT, rate_limits_enabled=False
    )
    settings_on = Settings(
        database_url=target.url,
        environment=ENVIRONMENT,
        rate_limits_enabled=True,
        **{f"rate_limit_{name}": value for name, value in UNLIMITED.__dict__.items()},
    )
    engine: Engine = build_engine(settings_off)
    endpoint_off = GraphQLEndpoint(settings_off, database, engine)
    endpoint_on = GraphQLEndpoint(settings_on, database, build_engine(settings_on))
    identity = authenticate(database, token, environment=ENVIRONMENT)
    floor = Floor(target)
    json_floor = Floor(target, json_in=True) if target.name == "sqlite" else None
    http_result: dict[str, dict[str, float]] = {}
    try:
        outcome = endpoint_off.handle(token, BODY)
        if outcome.status != 200:
            raise SystemExit(f"The benchmark query failed: {outcome.status} {outcome.body}")
        rows = floor.fetch()
        sizes = _check_response(outcome.body, rows, build_data(rows))
        log(f"[{target.name}] verified: {sizes}")
        prepared = engine.prepare(QUERY, None, None, identity.grants)
        response = engine.execute(prepared, _context(database, identity, settings_off))

        def server_off() -> bytes:
            return orjson.dumps(endpoint_off.handle(token, BODY).body)

        def server_on() -> bytes:
            return orjson.dumps(endpoint_on.handle(token, BODY).body)

        def engine_only() -> dict[str, Any]:
            bound = engine.prepare(QUERY, None, None, identity.grants)
            return engine.execute(bound, _context(database, identity, settings_off))

        def floor_dict() -> dict[str, Any]:
            return build_data(floor.fetch())

        candidates: dict[str, Callable[[], object]] = {
            "server: endpoint.handle + orjson.dumps, rate limits off": server_off,
            "server: endpoint.handle + orjson.dumps, rate limits on": server_on,
            "engine: prepare + execute": engine_only,
            "floor: batched SQL, fetchall": floor.fetch,
            "floor + hand-written dict building": floor_dict,
            "part: authenticate(token)": lambda: authenticate(
                database, token, environment=ENVIRONMENT
            ),
            "part: engine.prepare (document cached)": lambda: engine.prepare(
                QUERY, None, None, identity.grants
            ),
            "part: engine.execute": lambda: engine.execute(
                prepared, _context(database, identity, settings_off)
            ),
            "part: rate_limits.consume": lambda: rate_limits.consume(
                database, identity.token_id, UNLIMITED, requests=1, complexity=prepared.complexity
            ),
            "part: orjson.dumps(response)": lambda: orjson.dumps(response),
        }
        if json_floor is not None:
            candidates["floor: batched SQL, IN (SELECT value FROM json_each(?))"] = json_floor.fetch
        statements: dict[str, int | None] = {
            name: count_statements(database, function)
            for name, function in candidates.items()
            if not name.startswith("floor")
        }
        statements["floor: batched SQL, fetchall"] = FLOOR_STATEMENTS
        statements["floor + hand-written dict building"] = FLOOR_STATEMENTS
        if json_floor is not None:
            statements["floor: batched SQL, IN (SELECT value FROM json_each(?))"] = FLOOR_STATEMENTS
        log(f"[{target.name}] timing {len(candidates)} candidates, {rounds} rounds")
        samples = run_interleaved(candidates, rounds, slice_seconds)
        profile_text = (
            _profile("rate limits off", server_off) + _profile("rate limits on", server_on)
            if profile
            else ""
        )
        if http:
            for limits in (False, True):
                figures = http_benchmark(target, token, rate_limits_on=limits)
                if figures is not None:
                    http_result["on" if limits else "off"] = figures
    finally:
        floor.close()
        if json_floor is not None:
            json_floor.close()
        database.dispose()
    lines = [Line(name, samples[name], statements.get(name)) for name in candidates]
    return Result(target, lines, "floor: batched SQL, fetchall", sizes, http_result, profile_text)


def _profile(label: str, function: Callable[[], object], calls: int = 300) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        function()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(30)
    return f"cProfile of {calls} server calls ({label})\n{out.getvalue()}"


# -- HTTP through uvicorn ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _process_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _http_client_module() -> Any:
    """httpx2 (the project's dev dependency) or httpx: the same client API."""
    for name in ("httpx2", "httpx"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def http_benchmark(
    target: Target, token: str, *, rate_limits_on: bool, seconds: float = 5.0
) -> dict[str, float] | None:
    """``mercato serve`` in a subprocess (on a copy of the SQLite file), one keep-alive
    client sending the query back to back for ``seconds``."""
    httpx = _http_client_module()
    if httpx is None:
        log("  HTTP: neither httpx2 nor httpx is installed; skipped")
        return None
    with tempfile.TemporaryDirectory(prefix="mercato-bench-http-") as scratch:
        url = target.url
        if target.name == "sqlite":
            copy = Path(scratch) / "http.sqlite3"
            with sqlite3.connect(target.raw) as source, sqlite3.connect(copy) as destination:
                source.backup(destination)
            url = f"sqlite:///{copy}"
        port = _free_port()
        quotas = {
            f"MERCATO_RATE_LIMIT_{name.upper()}": str(value)
            for name, value in UNLIMITED.__dict__.items()
        }
        env = {
            **os.environ,
            **quotas,
            "MERCATO_DATABASE_URL": url,
            "MERCATO_ENV": ENVIRONMENT,
            "MERCATO_RATE_LIMITS": "on" if rate_limits_on else "off",
        }
        errors = Path(scratch) / "server.log"
        with errors.open("wb") as server_log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mercato.cli.main",
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    "1",
                ],
                env=env,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            with httpx.Client(base_url=base, headers=headers, timeout=10.0) as client:
                if not _wait_ready(client, server, deadline=time.monotonic() + 20):
                    log(f"  HTTP: server did not start:\n{errors.read_text()[-2000:]}")
                    return None
                for _ in range(20):
                    reply = client.post("/graphql", content=BODY)
                    if reply.status_code != 200:
                        log(f"  HTTP: status {reply.status_code}: {reply.text[:500]}")
                        return None
                latencies: list[int] = []
                cpu_before = _process_cpu_seconds(server.pid)
                started = time.perf_counter_ns()
                end = started + int(seconds * 1e9)
                while True:
                    t0 = time.perf_counter_ns()
                    reply = client.post("/graphql", content=BODY)
                    t1 = time.perf_counter_ns()
                    if reply.status_code != 200:
                        log(f"  HTTP: status {reply.status_code}")
                        return None
                    latencies.append(t1 - t0)
                    if t1 >= end:
                        break
                elapsed = (time.perf_counter_ns() - started) / 1e9
                server_cpu = _process_cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    latencies.sort()
    count = len(latencies)
    result = {
        "requests": float(count),
        "requests_per_second": count / elapsed,
        "p50_ms": latencies[count // 2] / 1e6,
        "p90_ms": latencies[int(count * 0.9)] / 1e6,
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] / 1e6,
        "server_cpu_ms_per_request": server_cpu * 1000 / count,
    }
    log(
        f"  HTTP (rate limits {'on' if rate_limits_on else 'off'}): {count} requests, "
        f"{result['requests_per_second']:.0f} req/s, "
        f"p50 {result['p50_ms']:.2f} ms"
    )
    return result


def _wait_ready(client: Any, server: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            ready = client.get("/healthz").status_code == 200
        except Exception:  # not listening yet
            ready = False
        if ready:
            return True
        time.sleep(0.1)
    return False


# -- report -----------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def report(results: list[Result], started: float, load_before: tuple[float, float, float]) -> str:
    out: list[str] = []
    load = os.getloadavg()
    servers = [f"{r.target.name} {r.target.version}" for r in results if r.target.name != "sqlite"]
    out.append(
        f"Machine: {os.cpu_count()} CPUs ({_cpu_model()}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{''.join(', ' + s for s in servers)}; "
        f"load average (1/5/15 min) {load_before[0]:.2f} / {load_before[1]:.2f} / "
        f"{load_before[2]:.2f} at the start, {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the end; "
        f"the run took {time.perf_counter() - started:.0f} s"
    )
    for result in results:
        floor = next(line for line in result.lines if line.variant == result.floor_name)
        floor_wall, floor_cpu = floor.samples.median_ms(), floor.samples.median_ms(cpu=True)
        out.append("")
        out.append(f"### {result.target.name} {result.target.version}")
        out.append("")
        out.append("Response: " + ", ".join(f"{v} {k}" for k, v in result.sizes.items()))
        out.append("")
        out.append(
            "| variant | wall median ms | wall min ms | CPU median ms | x floor (wall) "
            "| x floor (CPU) | SQL statements | calls |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for line in result.lines:
            samples = line.samples
            out.append(
                f"| {line.variant} | {samples.median_ms():.3f} | {samples.min_ms():.3f} "
                f"| {samples.median_ms(cpu=True):.3f} | {samples.median_ms() / floor_wall:.2f} "
                f"| {samples.median_ms(cpu=True) / floor_cpu:.2f} "
                f"| {'' if line.statements is None else line.statements} "
                f"| {len(samples.wall_ns)} |"
            )
        if result.http:
            out.append("")
            out.append(
                "HTTP via `mercato serve` (uvicorn, 1 worker) on "
                + ("a copy of the file" if result.target.name == "sqlite" else "the same database")
                + ", one keep-alive client sending the query back to back:"
            )
            out.append("")
            out.append(
                "| rate limits | requests | req/s | p50 ms | p90 ms | p99 ms | server CPU ms/request |"
            )
            out.append("|---|---:|---:|---:|---:|---:|---:|")
            for setting, h in result.http.items():
                out.append(
                    f"| {setting} | {h['requests']:.0f} | {h['requests_per_second']:.0f} "
                    f"| {h['p50_ms']:.2f} | {h['p90_ms']:.2f} | {h['p99_ms']:.2f} "
                    f"| {h['server_cpu_ms_per_request']:.2f} |"
                )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument(
        "--slice", type=float, default=0.1, help="seconds per candidate per round (default 0.1)"
    )
    parser.add_argument("--no-http", action="store_true", help="skip the uvicorn measurement")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of the server path"
    )
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()
    results: list[Result] = []
    scratch = Path(tempfile.mkdtemp(prefix="mercato-bench-"))
    try:
        if arguments.database in ("sqlite", "both"):
            with sqlite_target(scratch) as target:
                results.append(
                    measure(
                        target,
                        arguments.rounds,
                        arguments.slice,
                        not arguments.no_http,
                        arguments.profile,
                    )
                )
        if arguments.database in ("postgresql", "both"):
            try:
                with postgres_target() as target:
                    results.append(
                        measure(
                            target,
                            arguments.rounds,
                            arguments.slice,
                            not arguments.no_http,
                            arguments.profile,
                        )
                    )
            except psycopg.OperationalError as error:
                if arguments.database == "postgresql":
                    raise
                log(f"[postgresql] skipped, the server is not reachable: {error}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for result in results:
        if result.profile:
            log(f"\n[{result.target.name}] {result.profile}")
    print(report(results, started, load_before))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
