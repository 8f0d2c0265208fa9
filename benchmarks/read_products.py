"""Read benchmark: the products listing (100 products, their variants, sizes, displays and
prices) against the database floor, on a small and on a 100,000-product catalog.

    .venv/bin/python -m benchmarks.read_products [--database sqlite|postgresql|both]
                                                 [--catalog 100|100000] [--rounds N]
                                                 [--slice SECONDS] [--no-http] [--profile]

For each database it builds the catalogs (migrations, demo data, then
``generate_catalog``: each product has 3 variants x 4 sizes, a display in the retail store
shown in its 4 markets, one price per variant in each of the store's 2 pricelists), and
times one GraphQL request reading a page of 100 products:

    server     GraphQLEndpoint.handle(token, body) + orjson.dumps(body): the whole pipeline
               minus the socket, rate limits off
    engine     engine.prepare + engine.execute (document cached, token already checked)
    floor      the same rows by hand-written batched SQL on a raw DB-API connection in one
               transaction, one statement per level, just fetchall
    floor+dict the floor plus hand-written code building the same response (checked equal to
               the server's data, byte for byte after orjson.dumps)
    products   the floor's first statement alone (the page by LIMIT/OFFSET)

for page 1 of the 100-product catalog and pages 1, 500 (the middle) and 1000 (the last) of
the 100,000-product catalog. All candidates of one database, over both catalogs, run
interleaved round-robin (each for ``--slice`` seconds per round, the start rotating), so
load drift on a shared host hits all of them alike. Then, unless ``--no-http``, the middle
page goes through ``mercato serve`` (uvicorn) in a subprocess, with a keep-alive client.

Planner statistics: Mercato never runs ANALYZE. PostgreSQL's autovacuum does, shortly after a
bulk load, so the benchmark runs it right after generating. SQLite never gets statistics by
itself, so its catalogs are read twice: as generated ("no ANALYZE": page 1 of the small
catalog, page 500 of the large one) and from a copy after ANALYZE (every page).

Prices: the schema has no ``prices`` on Product, ProductVariant or Display yet (the reference
has them), so the page's prices come from the same request's ``pricelists(where: {storeId:
[1]})`` root field, as ``prices(where: {productId: [the page's ids]})``. A nested ``prices``
list is capped at 200 per pricelist and a page has 300 per pricelist, so the request asks for
it in two aliased halves of 50 products each; the floor reads them with one statement.

PostgreSQL: MERCATO_BENCH_POSTGRES_URL or MERCATO_TEST_POSTGRES_URL names a server (default
postgresql://mercato:mercato@127.0.0.1:5432/mercato_test); the benchmark creates its own
scratch databases ``mercato_bench_products_<pid>_<catalog size>`` there, drops them at the
end and touches no other database. SQLite catalogs are files in a scratch directory under
the system's temporary directory, removed at the end.

Progress goes to stderr; the result tables (Markdown) go to stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from benchmarks.read_markets import (
    ENVIRONMENT,
    Samples,
    Target,
    _context,
    _count,
    _cpu_model,
    _free_port,
    _http_client_module,
    _process_cpu_seconds,
    _wait_ready,
    count_statements,
    log,
    postgres_server_url,
    run_interleaved,
)
from mercato.api.build import build_engine
from mercato.api.money import CurrencyFacts, amount_value, format_amount, format_weight
from mercato.auth.services import authenticate, create_token
from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.demo import load_demo
from mercato.clock import to_iso
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.unit_of_work import Writer
from mercato.graphql.engine import Engine
from mercato.http.graphql_endpoint import COLLECTION_PAUSE, GraphQLEndpoint
from mercato.settings import Settings

PAGE_SIZE = 100
VARIANTS = ("server", "engine", "floor", "floor + dicts", "floor: the products statement alone")
PRODUCTS_ONLY = VARIANTS[-1]
SERVE = (sys.executable, "-m", "mercato.cli.main", "serve")
#: The store generate_catalog puts displays and prices in.
RETAIL_STORE = 1
#: Pages read on each catalog size (the 100,000 catalog: first, middle, last).
PAGES: Mapping[int, tuple[int, ...]] = {100: (1,), 100_000: (1, 500, 1000)}
#: Pages read on SQLite catalogs as the application leaves them, without planner statistics.
PAGES_WITHOUT_STATISTICS: Mapping[int, tuple[int, ...]] = {100: (1,), 100_000: (500,)}
#: Products per aliased ``prices`` half: 50 products x 3 variants = 150 <= the cap of 200.
PRICE_HALF = PAGE_SIZE // 2

PRODUCT_FIELDS = """
    id name status productNumber harmonizedCommodityCode harmonizedCommodityCodeDescription
    internalComment isBundle isSerializableProduct createdAt updatedAt
    weight { value unit formattedValue }
    brand { name uri }
    collection { name status }
    folder { name }
    countryOfOrigin { code }"""
DISPLAY_FIELDS = """
      id name status uri minimumOrderQuantity orderQuantityDenominator description
      shortDescription metaTitle metaDescription metaKeywords comment tags createdAt updatedAt
      store { id name }
      markets { id name }"""
VARIANT_FIELDS = """
      id name status variantNumber internalName stockOffset createdAt updatedAt
      unitCost { value valueInCents formattedValue conversionRate currency { code name } }
      sizeChart { id name }"""
SIZE_FIELDS = """
        id description sizeNumber SKU EAN UPC preorder createdAt updatedAt
        size { id name }"""
PRICE_FIELDS = """
      id isIndividual updatedAt
      price { value valueInCents formattedValue currency { code } }
      recommendedRetailPrice { value formattedValue }
      productVariant { id variantNumber }"""


def build_query(page: int, product_ids: Sequence[int]) -> str:
    """The listing of one page; ``product_ids`` (the page's, in order) select its prices."""
    first, second = list(product_ids[:PRICE_HALF]), list(product_ids[PRICE_HALF:])
    return f"""{{
  products(limit: {PAGE_SIZE}, page: {page}) {{{PRODUCT_FIELDS}
    displays {{{DISPLAY_FIELDS}
    }}
    variants {{{VARIANT_FIELDS}
      productSizes {{{SIZE_FIELDS}
      }}
    }}
  }}
  pricelists(where: {{storeId: [{RETAIL_STORE}]}}) {{
    id name status
    currency {{ code }}
    first: prices(where: {{productId: {first}}}, limit: 200) {{{PRICE_FIELDS}
    }}
    second: prices(where: {{productId: {second}}}, limit: 200) {{{PRICE_FIELDS}
    }}
  }}
}}"""


# -- databases ------------------------------------------------------------------------------


@dataclass
class Catalog:
    """One generated catalog in one database."""

    products: int
    target: Target
    database: Database
    token: str
    #: Seconds generate_catalog took.
    generated_in: float
    #: Whether ANALYZE has run since the data was loaded.
    statistics: bool

    @property
    def label(self) -> str:
        return f"{self.products:,} products" + ("" if self.statistics else ", no ANALYZE")


def _admin_url() -> str:
    server = make_url(postgres_server_url()).set(drivername="postgresql")
    return server.render_as_string(hide_password=False)


@contextmanager
def postgres_scratch(products: int) -> Iterator[Target]:
    server = make_url(postgres_server_url()).set(drivername="postgresql")
    name = f"mercato_bench_products_{os.getpid()}_{products}"
    admin_url = _admin_url()
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


def build_catalog(target: Target, products: int) -> Catalog:
    log(f"[{target.name}] building a {products:,}-product catalog")
    database = Database(target.url)
    upgrade(database)
    load_demo(database)
    started = time.perf_counter()
    generate_catalog(database, products, progress=None)
    generated_in = time.perf_counter() - started
    analyzed = database.dialect == "postgresql"
    if analyzed:
        # What autovacuum does shortly after a bulk load; done here so plans are stable.
        with database.write() as connection:
            connection.execute(text("ANALYZE"))
    token = create_token(
        Writer.system(database),
        name="bench",
        permissions=["*"],
        integration_name="bench",
        environment=ENVIRONMENT,
    ).token
    log(f"[{target.name}] {products:,} products generated in {generated_in:.1f} s")
    return Catalog(products, target, database, token, generated_in, analyzed)


def analyzed_copy(catalog: Catalog, path: Path) -> Catalog:
    """A copy of a SQLite catalog with planner statistics (``ANALYZE``): Mercato itself never
    runs ANALYZE, so without this SQLite plans every statement without statistics."""
    with sqlite3.connect(catalog.target.raw) as source, sqlite3.connect(path) as destination:
        source.backup(destination)
        destination.execute("ANALYZE")
    target = Target("sqlite", f"sqlite:///{path}", str(path), sqlite3.sqlite_version)
    return Catalog(
        catalog.products,
        target,
        Database(target.url),
        catalog.token,
        catalog.generated_in,
        statistics=True,
    )


# -- the database floor -----------------------------------------------------------------------

Rows = list[tuple[Any, ...]]


@dataclass
class FloorRows:
    products: Rows
    brands: Rows
    collections: Rows
    folders: Rows
    countries: Rows
    displays: Rows
    display_stores: Rows
    display_markets: Rows
    variants: Rows
    size_charts: Rows
    product_sizes: Rows
    sizes: Rows
    pricelists: Rows
    prices: Rows
    price_variants: Rows
    currencies: Rows
    #: Statements run (a to-one level whose keys are all null runs none).
    statements: int = 0


class Floor:
    """The rows the response shows, by hand: one statement per level (the same columns, the
    parent keys of each level passed to the next as ``IN (?, ...)`` on SQLite or
    ``= ANY(%s)`` on PostgreSQL), on a raw DB-API connection in one transaction."""

    def __init__(self, target: Target, page: int) -> None:
        self.sqlite = target.name == "sqlite"
        self.offset = (page - 1) * PAGE_SIZE
        self.connection: Any
        if self.sqlite:
            self.connection = sqlite3.connect(
                target.raw, isolation_level=None, check_same_thread=False
            )
            self.ph = "?"
        else:
            connection = psycopg.connect(target.raw)
            # What the engine's read transaction uses.
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            self.connection = connection
            self.ph = "%s"
        self.cursor = self.connection.cursor()

    def close(self) -> None:
        self.cursor.close()
        self.connection.close()

    def _in(self, expression: str, keys: set[Any]) -> tuple[str, list[Any]]:
        if not self.sqlite:
            return f"{expression} = ANY(%s)", [list(keys)]
        return f"{expression} IN ({','.join('?' * len(keys))})", list(keys)

    def _products_sql(self) -> str:
        return (
            "SELECT id, name, status, product_number, harmonized_commodity_code, "
            "harmonized_commodity_code_description, internal_comment, is_bundle, "
            "is_serializable_product, created_at, updated_at, weight_value, weight_unit, "
            "brand_id, collection_id, folder_id, country_of_origin_id FROM products "
            f"ORDER BY id LIMIT {PAGE_SIZE} OFFSET {self.offset}"
        )

    def fetch_products(self) -> Rows:
        """The first level alone (the page of products, by LIMIT/OFFSET), in a transaction."""
        if self.sqlite:
            self.cursor.execute("BEGIN")
        self.cursor.execute(self._products_sql())
        rows: Rows = self.cursor.fetchall()
        self.connection.commit()
        return rows

    def fetch(self) -> FloorRows:
        cursor, keyed = self.cursor, self._in
        statements = 0

        def q(sql: str, parameters: Sequence[Any] = ()) -> Rows:
            nonlocal statements
            statements += 1
            cursor.execute(sql, parameters)
            rows: Rows = cursor.fetchall()
            return rows

        def by_id(columns: str, table: str, keys: set[Any]) -> Rows:
            keys.discard(None)
            if not keys:
                return []
            where, p = keyed("id", keys)
            return q(f"SELECT {columns} FROM {table} WHERE {where}", p)

        if self.sqlite:
            cursor.execute("BEGIN")
        products = q(self._products_sql())
        brands = by_id("id, name, uri", "brands", {r[13] for r in products})
        collections = by_id("id, name, status", "collections", {r[14] for r in products})
        folders = by_id("id, name", "folders", {r[15] for r in products})
        countries = by_id("id, code", "countries", {r[16] for r in products})
        product_ids = {r[0] for r in products}
        where, p = keyed("product_id", product_ids)
        displays = q(
            "SELECT product_id, id, name, status, uri, minimum_order_quantity, "
            "order_quantity_denominator, description, short_description, meta_title, "
            "meta_description, meta_keywords, comment, tags, created_at, updated_at, store_id "
            f"FROM displays WHERE {where} ORDER BY id",
            p,
        )
        display_stores = by_id("id, name", "stores", {r[16] for r in displays})
        where, p = keyed("l.display_id", {r[1] for r in displays})
        display_markets = q(
            "SELECT l.display_id, m.id, m.name FROM markets m "
            f"JOIN display_markets l ON l.market_id = m.id WHERE {where} ORDER BY m.id",
            p,
        )
        where, p = keyed("product_id", product_ids)
        variants = q(
            "SELECT product_id, id, name, status, variant_number, internal_name, stock_offset, "
            "created_at, updated_at, unit_cost_minor, unit_cost_currency_id, size_chart_id "
            f"FROM product_variants WHERE {where} ORDER BY product_id, position, id",
            p,
        )
        size_charts = by_id("id, name", "size_charts", {r[11] for r in variants})
        where, p = keyed("product_variant_id", {r[1] for r in variants})
        product_sizes = q(
            "SELECT product_variant_id, id, size_id, size_number, sku, ean, upc, preorder, "
            f"created_at, updated_at FROM product_sizes WHERE {where} ORDER BY id",
            p,
        )
        sizes = by_id("id, name", "sizes", {r[2] for r in product_sizes})
        pricelists = q(
            "SELECT id, name, status, currency_id FROM pricelists "
            f"WHERE store_id = {self.ph} ORDER BY id",
            [RETAIL_STORE],
        )
        where, p = keyed("pricelist_id", {r[0] for r in pricelists})
        where_products, p_products = keyed("product_id", product_ids)
        prices = q(
            "SELECT pricelist_id, product_id, id, is_individual, updated_at, price_minor, "
            "currency_id, recommended_retail_price_minor, product_variant_id FROM prices "
            f"WHERE {where} AND {where_products} "
            "ORDER BY pricelist_id, product_id, product_variant_id, id",
            p + p_products,
        )
        price_variants = by_id("id, variant_number", "product_variants", {r[8] for r in prices})
        currencies = by_id(
            "id, code, name, decimal_digits, conversion_rate",
            "currencies",
            {r[10] for r in variants} | {r[3] for r in pricelists} | {r[6] for r in prices},
        )
        self.connection.commit()
        return FloorRows(
            products,
            brands,
            collections,
            folders,
            countries,
            displays,
            display_stores,
            display_markets,
            variants,
            size_charts,
            product_sizes,
            sizes,
            pricelists,
            prices,
            price_variants,
            currencies,
            statements,
        )


def _grouped(rows: Rows, make: Callable[[tuple[Any, ...]], Any]) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(make(row))
    return groups


def build_data(rows: FloorRows) -> dict[str, Any]:
    """The response's ``data``, built from the floor's rows by plain hand-written code."""
    facts = {r[0]: CurrencyFacts(r[1], int(r[3]), float(r[4])) for r in rows.currencies}
    currency_names = {r[0]: r[2] for r in rows.currencies}

    def money(amount: int | None, currency_id: int) -> dict[str, Any] | None:
        if amount is None:
            return None
        return {
            "value": amount_value(amount, currency_id, facts),
            "valueInCents": amount,
            "formattedValue": format_amount(amount, currency_id, facts),
            "conversionRate": facts[currency_id].conversion_rate,
            "currency": {"code": facts[currency_id].code, "name": currency_names[currency_id]},
        }

    def price_money(amount: int | None, currency_id: int) -> dict[str, Any] | None:
        if amount is None:
            return None
        return {
            "value": amount_value(amount, currency_id, facts),
            "valueInCents": amount,
            "formattedValue": format_amount(amount, currency_id, facts),
            "currency": {"code": facts[currency_id].code},
        }

    def short_money(amount: int | None, currency_id: int) -> dict[str, Any] | None:
        if amount is None:
            return None
        return {
            "value": amount_value(amount, currency_id, facts),
            "formattedValue": format_amount(amount, currency_id, facts),
        }

    brands = {r[0]: {"name": r[1], "uri": r[2]} for r in rows.brands}
    collections = {r[0]: {"name": r[1], "status": r[2]} for r in rows.collections}
    folders = {r[0]: {"name": r[1]} for r in rows.folders}
    countries = {r[0]: {"code": r[1]} for r in rows.countries}
    stores = {r[0]: {"id": r[0], "name": r[1]} for r in rows.display_stores}
    markets = _grouped(rows.display_markets, lambda r: {"id": r[1], "name": r[2]})
    displays = _grouped(
        rows.displays,
        lambda r: {
            "id": r[1],
            "name": r[2],
            "status": r[3],
            "uri": r[4],
            "minimumOrderQuantity": r[5],
            "orderQuantityDenominator": r[6],
            "description": r[7],
            "shortDescription": r[8],
            "metaTitle": r[9],
            "metaDescription": r[10],
            "metaKeywords": r[11],
            "comment": r[12],
            "tags": orjson.loads(r[13]),
            "createdAt": to_iso(r[14]),
            "updatedAt": to_iso(r[15]),
            "store": stores.get(r[16]),
            "markets": markets.get(r[1]) or [],
        },
    )
    size_names = {r[0]: r[1] for r in rows.sizes}
    product_sizes = _grouped(
        rows.product_sizes,
        lambda r: {
            "id": r[1],
            "description": size_names[r[2]],
            "sizeNumber": r[3],
            "SKU": r[4],
            "EAN": r[5],
            "UPC": r[6],
            "preorder": bool(r[7]),
            "createdAt": to_iso(r[8]),
            "updatedAt": to_iso(r[9]),
            "size": {"id": r[2], "name": size_names[r[2]]},
        },
    )
    size_charts = {r[0]: {"id": r[0], "name": r[1]} for r in rows.size_charts}
    variants = _grouped(
        rows.variants,
        lambda r: {
            "id": r[1],
            "name": r[2],
            "status": r[3],
            "variantNumber": r[4],
            "internalName": r[5],
            "stockOffset": r[6],
            "createdAt": to_iso(r[7]),
            "updatedAt": to_iso(r[8]),
            "unitCost": money(r[9], r[10]),
            "sizeChart": size_charts.get(r[11]),
            "productSizes": product_sizes.get(r[1]) or [],
        },
    )
    variant_numbers = {r[0]: {"id": r[0], "variantNumber": r[1]} for r in rows.price_variants}
    first_half = {r[0] for r in rows.products[:PRICE_HALF]}
    halves: dict[tuple[Any, bool], list[dict[str, Any]]] = {}
    for r in rows.prices:
        halves.setdefault((r[0], r[1] in first_half), []).append(
            {
                "id": r[2],
                "isIndividual": bool(r[3]),
                "updatedAt": to_iso(r[4]),
                "price": price_money(r[5], r[6]),
                "recommendedRetailPrice": short_money(r[7], r[6]),
                "productVariant": variant_numbers.get(r[8]),
            }
        )
    return {
        "products": [
            {
                "id": r[0],
                "name": r[1],
                "status": r[2],
                "productNumber": r[3],
                "harmonizedCommodityCode": r[4],
                "harmonizedCommodityCodeDescription": r[5],
                "internalComment": r[6],
                "isBundle": bool(r[7]),
                "isSerializableProduct": bool(r[8]),
                "createdAt": to_iso(r[9]),
                "updatedAt": to_iso(r[10]),
                "weight": None
                if r[11] is None
                else {"value": r[11], "unit": r[12], "formattedValue": format_weight(r[11], r[12])},
                "brand": brands.get(r[13]),
                "collection": collections.get(r[14]),
                "folder": folders.get(r[15]),
                "countryOfOrigin": countries.get(r[16]),
                "displays": displays.get(r[0]) or [],
                "variants": variants.get(r[0]) or [],
            }
            for r in rows.products
        ],
        "pricelists": [
            {
                "id": r[0],
                "name": r[1],
                "status": r[2],
                "currency": {"code": facts[r[3]].code},
                "first": halves.get((r[0], True)) or [],
                "second": halves.get((r[0], False)) or [],
            }
            for r in rows.pricelists
        ],
    }


# -- one scenario: a page of a catalog --------------------------------------------------------


@dataclass
class Scenario:
    catalog: Catalog
    page: int
    query: str
    body: bytes
    floor: Floor
    sizes: dict[str, int] = field(default_factory=dict)
    statements: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.catalog.label}, page {self.page}"


def _page_ids(database: Database, page: int) -> list[int]:
    with database.read() as reader:
        rows = reader.fetch_all(
            f"SELECT id FROM products ORDER BY id LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
        )
    return [int(row[0]) for row in rows]


def _check(body: dict[str, Any], rows: FloorRows, data: dict[str, Any]) -> dict[str, int]:
    if body.get("errors"):
        raise SystemExit(f"The benchmark query failed: {orjson.dumps(body['errors']).decode()}")
    products = body["data"]["products"]
    variants = [v for p in products for v in p["variants"]]
    sizes = sum(len(v["productSizes"]) for v in variants)
    prices = sum(len(pl["first"]) + len(pl["second"]) for pl in body["data"]["pricelists"])
    if (len(products), len(variants), sizes, prices) != (
        len(rows.products),
        len(rows.variants),
        len(rows.product_sizes),
        len(rows.prices),
    ):
        raise SystemExit("Mismatch: the server and the floor read different numbers of rows.")
    if orjson.dumps(body["data"]) != orjson.dumps(data):
        raise SystemExit("Mismatch: the hand-built response differs from the server's data.")
    objects, fields = _count(body["data"])
    return {
        "products": len(products),
        "variants": len(variants),
        "product sizes": sizes,
        "displays": sum(len(p["displays"]) for p in products),
        "display markets": sum(len(d["markets"]) for p in products for d in p["displays"]),
        "prices": prices,
        "response objects": objects,
        "response fields": fields,
        "response bytes": len(orjson.dumps(body)),
        "rows fetched by the floor": sum(
            len(v) for k, v in rows.__dict__.items() if k != "statements"
        ),
    }


@dataclass
class Pipeline:
    """The server and engine of one catalog."""

    catalog: Catalog
    settings: Settings
    engine: Engine
    endpoint: GraphQLEndpoint


def make_pipeline(catalog: Catalog) -> Pipeline:
    settings = Settings(
        database_url=catalog.target.url, environment=ENVIRONMENT, rate_limits_enabled=False
    )
    engine = build_engine(settings)
    return Pipeline(catalog, settings, engine, GraphQLEndpoint(settings, catalog.database, engine))


def scenario_candidates(
    pipeline: Pipeline, page: int
) -> tuple[Scenario, dict[str, Callable[[], object]]]:
    catalog = pipeline.catalog
    database, token = catalog.database, catalog.token
    query = build_query(page, _page_ids(database, page))
    body = orjson.dumps({"query": query})
    scenario = Scenario(catalog, page, query, body, Floor(catalog.target, page))
    outcome = pipeline.endpoint.handle(token, body)
    if outcome.status != 200:
        raise SystemExit(f"The benchmark query failed: {outcome.status} {outcome.body!r}")
    rows = scenario.floor.fetch()
    scenario.sizes = _check(outcome.body, rows, build_data(rows))
    identity = authenticate(database, token, environment=ENVIRONMENT)
    engine, settings, endpoint, floor = (
        pipeline.engine,
        pipeline.settings,
        pipeline.endpoint,
        scenario.floor,
    )

    def server() -> bytes:
        return orjson.dumps(endpoint.handle(token, body).body)

    def engine_only() -> dict[str, Any]:
        # Under the request's GC pause, as the endpoint runs it.
        with COLLECTION_PAUSE:
            bound = engine.prepare(query, None, None, identity.grants)
            return engine.execute(bound, _context(database, identity, settings))

    def floor_dict() -> dict[str, Any]:
        return build_data(floor.fetch())

    label = scenario.label
    candidates: dict[str, Callable[[], object]] = {
        f"{label}: server": server,
        f"{label}: engine": engine_only,
        f"{label}: floor": floor.fetch,
        f"{label}: floor + dicts": floor_dict,
        f"{label}: {PRODUCTS_ONLY}": floor.fetch_products,
    }
    scenario.statements = {
        "server": count_statements(database, server),
        "engine": count_statements(database, engine_only),
        "floor": rows.statements,
        "floor + dicts": rows.statements,
        PRODUCTS_ONLY: 1,
    }
    log(f"[{catalog.target.name}] {label}: verified, {scenario.sizes}")
    return scenario, candidates


# -- one database -----------------------------------------------------------------------------


@dataclass
class Result:
    database: str
    version: str
    scenarios: list[Scenario]
    samples: dict[str, Samples]
    generated_in: dict[int, float]
    #: HTTP figures by scenario label.
    http: dict[str, dict[str, float]] = field(default_factory=dict)
    profile: str = ""


def measure(
    database_name: str,
    catalogs: Sequence[int],
    rounds: int,
    slice_seconds: float,
    profile: bool,
    scratch: Path,
    http: bool,
) -> Result:
    with ExitStack() as stack:
        pipelines: list[tuple[Pipeline, tuple[int, ...]]] = []
        for products in catalogs:
            if database_name == "sqlite":
                path = scratch / f"products-{products}.sqlite3"
                target = Target("sqlite", f"sqlite:///{path}", str(path), sqlite3.sqlite_version)
            else:
                target = stack.enter_context(postgres_scratch(products))
            catalog = build_catalog(target, products)
            stack.callback(catalog.database.dispose)
            if catalog.statistics:
                pipelines.append((make_pipeline(catalog), PAGES[products]))
                continue
            analyzed = analyzed_copy(catalog, scratch / f"products-{products}-analyzed.sqlite3")
            stack.callback(analyzed.database.dispose)
            pipelines.append((make_pipeline(catalog), PAGES_WITHOUT_STATISTICS[products]))
            pipelines.append((make_pipeline(analyzed), PAGES[products]))
        pipelines.sort(key=lambda item: (item[0].catalog.products, item[0].catalog.statistics))
        scenarios: list[Scenario] = []
        candidates: dict[str, Callable[[], object]] = {}
        for pipeline, pages in pipelines:
            for page in pages:
                scenario, functions = scenario_candidates(pipeline, page)
                stack.callback(scenario.floor.close)
                scenarios.append(scenario)
                candidates.update(functions)
        log(f"[{database_name}] timing {len(candidates)} candidates, {rounds} rounds")
        samples = run_interleaved(candidates, rounds, slice_seconds)
        profile_text = ""
        if profile:
            for scenario in scenarios:
                name = f"{scenario.label}: server"
                profile_text += _profile(name, candidates[name])
        http_figures: dict[str, dict[str, float]] = {}
        if http:
            # The middle page of the largest catalog with statistics (or the last scenario).
            scenario = next(
                (s for s in reversed(scenarios) if s.catalog.statistics and s.page == 500),
                scenarios[-1],
            )
            figures = http_benchmark(scenario)
            if figures is not None:
                http_figures[scenario.label] = figures
        version = pipelines[0][0].catalog.target.version
        generated = {p.catalog.products: p.catalog.generated_in for p, _ in pipelines}
    return Result(database_name, version, scenarios, samples, generated, http_figures, profile_text)


def http_benchmark(scenario: Scenario, seconds: float = 4.0) -> dict[str, float] | None:
    """``mercato serve --workers 1`` in a subprocess on the scenario's database (rate limits
    off), one keep-alive client posting the page back to back for ``seconds``."""
    httpx = _http_client_module()
    if httpx is None:
        log("  HTTP: neither httpx2 nor httpx is installed; skipped")
        return None
    port = _free_port()
    env = {
        **os.environ,
        "MERCATO_DATABASE_URL": scenario.catalog.target.url,
        "MERCATO_ENV": ENVIRONMENT,
        "MERCATO_RATE_LIMITS": "off",
    }
    with tempfile.TemporaryFile() as server_log:
        server = subprocess.Popen(
            [*SERVE, "--port", str(port), "--workers", "1"],
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            headers = {
                "Authorization": f"Bearer {scenario.catalog.token}",
                "Content-Type": "application/json",
            }
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30.0
            ) as client:
                if not _wait_ready(client, server, deadline=time.monotonic() + 30):
                    server_log.seek(0)
                    log(f"  HTTP: server did not start:\n{server_log.read()[-2000:]!r}")
                    return None
                for _ in range(10):
                    reply = client.post("/graphql", content=scenario.body)
                    if reply.status_code != 200 or b'"errors"' in reply.content:
                        log(f"  HTTP: status {reply.status_code}: {reply.text[:500]}")
                        return None
                size = len(reply.content)
                latencies: list[int] = []
                cpu_before = _process_cpu_seconds(server.pid)
                started = time.perf_counter_ns()
                end = started + int(seconds * 1e9)
                while True:
                    t0 = time.perf_counter_ns()
                    reply = client.post("/graphql", content=scenario.body)
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
        "max_ms": latencies[-1] / 1e6,
        "server_cpu_ms_per_request": server_cpu * 1000 / count,
        "response_bytes": float(size),
    }
    log(
        f"  HTTP {scenario.label}: {count} requests, {result['requests_per_second']:.0f} req/s, "
        f"p50 {result['p50_ms']:.2f} ms"
    )
    return result


def _profile(label: str, function: Callable[[], object], calls: int = 50) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        function()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return f"cProfile of {calls} calls of {label}\n{out.getvalue()}\n"


# -- report -----------------------------------------------------------------------------------


def report(results: list[Result], started: float, load_before: tuple[float, float, float]) -> str:
    out: list[str] = []
    load = os.getloadavg()
    servers = [f"{r.database} {r.version}" for r in results if r.database != "sqlite"]
    out.append(
        f"Machine: {os.cpu_count()} CPUs ({_cpu_model()}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{''.join(', ' + s for s in servers)}; "
        f"load average (1/5/15 min) {load_before[0]:.2f} / {load_before[1]:.2f} / "
        f"{load_before[2]:.2f} at the start, {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        f"at the end; the run took {time.perf_counter() - started:.0f} s"
    )
    for result in results:
        out.append("")
        out.append(f"### {result.database} {result.version}")
        out.append("")
        out.append(
            "Catalogs generated in "
            + ", ".join(f"{s:.1f} s ({n:,} products)" for n, s in result.generated_in.items())
            + "."
        )
        for scenario in result.scenarios:
            out.append("")
            out.append(
                f"{scenario.label}: "
                + ", ".join(f"{v:,} {k}" for k, v in scenario.sizes.items())
                + "."
            )
        out.append("")
        out.append(
            "| catalog, page | variant | wall median ms | wall min ms | CPU median ms "
            "| x floor (wall) | x floor (CPU) | SQL statements | calls |"
        )
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for scenario in result.scenarios:
            floor = result.samples[f"{scenario.label}: floor"]
            floor_wall, floor_cpu = floor.median_ms(), floor.median_ms(cpu=True)
            for variant in VARIANTS:
                samples = result.samples[f"{scenario.label}: {variant}"]
                out.append(
                    f"| {scenario.label} | {variant} | {samples.median_ms():.2f} "
                    f"| {samples.min_ms():.2f} | {samples.median_ms(cpu=True):.2f} "
                    f"| {samples.median_ms() / floor_wall:.2f} "
                    f"| {samples.median_ms(cpu=True) / floor_cpu:.2f} "
                    f"| {scenario.statements[variant]} | {len(samples.wall_ns)} |"
                )
        for label, h in result.http.items():
            out.append("")
            out.append(
                f"HTTP via `mercato serve` (uvicorn, 1 worker, rate limits off), {label}, one "
                "keep-alive client posting the page back to back:"
            )
            out.append("")
            out.append(
                "| requests | req/s | p50 ms | p90 ms | max ms | server CPU ms/request "
                "| response bytes |"
            )
            out.append("|---:|---:|---:|---:|---:|---:|---:|")
            out.append(
                f"| {h['requests']:.0f} | {h['requests_per_second']:.1f} | {h['p50_ms']:.2f} "
                f"| {h['p90_ms']:.2f} | {h['max_ms']:.2f} "
                f"| {h['server_cpu_ms_per_request']:.2f} | {h['response_bytes']:,.0f} |"
            )
        base = next(s for s in result.scenarios if s.catalog.statistics)
        out.append("")
        out.append(f"Page cost: wall medians in ms, and in brackets relative to {base.label}:")
        out.append("")
        out.append("| catalog, page | server | engine | floor | the products statement alone |")
        out.append("|---|---:|---:|---:|---:|")
        for scenario in result.scenarios:
            cells = []
            for variant in ("server", "engine", "floor", PRODUCTS_ONLY):
                median = result.samples[f"{scenario.label}: {variant}"].median_ms()
                relative = median / result.samples[f"{base.label}: {variant}"].median_ms()
                cells.append(f"{median:.2f} ({relative:.2f}x)")
            out.append(f"| {scenario.label} | " + " | ".join(cells) + " |")
    out.append("")
    out.append(
        "**Ratios to the floor** (the target is at most 2x; SQLite by CPU, PostgreSQL by wall "
        "time, where the database works in another process):"
    )
    out.append("")
    out.append("| database | catalog, page | engine x floor | server x floor |")
    out.append("|---|---|---:|---:|")
    for result in results:
        cpu = result.database == "sqlite"
        for scenario in result.scenarios:
            if not scenario.catalog.statistics:
                continue
            floor = result.samples[f"{scenario.label}: floor"].median_ms(cpu=cpu)
            ratios = [
                result.samples[f"{scenario.label}: {variant}"].median_ms(cpu=cpu) / floor
                for variant in ("engine", "server")
            ]
            out.append(
                f"| {result.database} | {scenario.label} | {ratios[0]:.2f} | {ratios[1]:.2f} |"
            )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--catalog",
        type=int,
        choices=sorted(PAGES),
        action="append",
        help="catalog size to read (repeatable; default both)",
    )
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument(
        "--slice", type=float, default=0.2, help="seconds per candidate per round (default 0.2)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of each page's server calls"
    )
    parser.add_argument("--no-http", action="store_true", help="skip the uvicorn measurement")
    arguments = parser.parse_args(argv)
    catalogs: list[int] = sorted(set(arguments.catalog or PAGES))
    started = time.perf_counter()
    load_before = os.getloadavg()
    results: list[Result] = []
    scratch = Path(tempfile.mkdtemp(prefix="mercato-bench-products-"))
    try:
        if arguments.database in ("sqlite", "both"):
            results.append(
                measure(
                    "sqlite",
                    catalogs,
                    arguments.rounds,
                    arguments.slice,
                    arguments.profile,
                    scratch,
                    not arguments.no_http,
                )
            )
        if arguments.database in ("postgresql", "both"):
            try:
                results.append(
                    measure(
                        "postgresql",
                        catalogs,
                        arguments.rounds,
                        arguments.slice,
                        arguments.profile,
                        scratch,
                        not arguments.no_http,
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
            log(f"\n[{result.database}] {result.profile}")
    print(report(results, started, load_before))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
