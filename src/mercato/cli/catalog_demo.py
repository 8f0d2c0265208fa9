"""``mercato demo --products N``: a realistic generated catalog, fast enough for 100,000
products in minutes (benchmarks use it).

Each product gets three colour variants with four sizes each, an active display in the retail
store shown in all its markets, a price per variant in every pricelist of the retail store,
and a material attribute. Rows are written with bulk multi-row INSERTs in chunks, with ids
assigned here (the generator must be the only writer while it runs; PostgreSQL sequences are
moved past the new ids at the end).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import orjson
from sqlalchemy import Connection, Table, func, insert, select, text

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables, tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer

CHUNK = 500
COLOURS = ("Black", "White", "Navy", "Red", "Forest", "Sand", "Grey", "Blue", "Rust", "Olive")
SIZES = ("S", "M", "L", "XL")
GARMENTS = (
    "Sweater",
    "Cardigan",
    "T-shirt",
    "Shirt",
    "Jacket",
    "Coat",
    "Trousers",
    "Skirt",
    "Dress",
    "Hoodie",
)
QUALITIES = (
    "Merino",
    "Cotton",
    "Linen",
    "Cashmere",
    "Wool",
    "Organic",
    "Recycled",
    "Heavy",
    "Light",
    "Soft",
)
MATERIALS = (
    "100% wool",
    "100% cotton",
    "80% cotton, 20% polyester",
    "100% linen",
    "70% wool, 30% cashmere",
)
GENERATED_RETAIL_STORE = 1


@dataclass
class _Ids:
    """Next free id per table, read once at the start."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: Table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


@dataclass
class _Context:
    size_chart_id: int
    size_ids: list[int]
    brand_id: int
    collection_id: int
    folder_id: int
    market_ids: list[int]
    pricelists: list[tuple[int, int]]  # (pricelist id, currency id)
    attribute_type_id: int
    start_number: int
    #: The first warehouse of the generated store's allocation rule: every size gets stock there.
    warehouse_id: int | None


def generate_catalog(
    database: Database, products: int, *, seed: int = 1, progress: TextIO | None = sys.stderr
) -> int:
    """Add ``products`` generated products; returns how many were written."""
    writer = Writer.system(database, "demo")
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    with writer.begin("Product") as work:
        connection = work.connection
        context = _prepare(connection)
        ids = _Ids({t.name: _next_id(connection, t) for t in _TABLES})
    started = time.monotonic()
    written = 0
    for first in range(0, products, CHUNK):
        count = min(CHUNK, products - first)
        rows = _chunk_rows(context, ids, rng, context.start_number + first, count)
        with writer.begin("Product") as work:
            connection = work.connection
            for table in _TABLES:
                if rows[table.name]:
                    connection.execute(insert(table), rows[table.name])
        written += count
        if progress is not None:
            _report(progress, written, products, started)
    if database.dialect == "postgresql":
        with writer.begin("Product") as work:
            connection = work.connection
            for table in _TABLES:
                if "id" in table.c:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                        )
                    )
    # Fresh statistics, so the planners pick the indexes the catalog's reads need.
    with writer.begin("Product") as work:
        connection = work.connection
        connection.execute(text("ANALYZE"))
    if progress is not None and progress.isatty():
        progress.write("\n")
    return written


_TABLES: tuple[Table, ...] = (
    catalog.products,
    catalog.product_variants,
    catalog.product_sizes,
    catalog.displays,
    catalog.display_items,
    catalog.display_markets,
    catalog.prices,
    catalog.attribute_assignments,
    stock_tables.stock,
)


def _next_id(connection: Connection, table: Table) -> int:
    if "id" not in table.c:
        return 0
    return int(connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def _report(out: TextIO, done: int, total: int, started: float) -> None:
    """A progress bar on a terminal; a line per tenth of the work in a log."""
    interactive = out.isatty()
    step = max(total // 10, 1)
    if not interactive and done != total and done // step == (done - CHUNK) // step:
        return
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 1e-9)
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} products  {rate:,.0f}/s"
    out.write(f"\r{line}" if interactive else f"{line}\n")
    out.flush()


def _prepare(connection: Connection) -> _Context:
    """The size chart, classification, pricelists and attribute type the products share."""
    now = utc_now()
    stamps = {"created_at": now, "updated_at": now}

    def one(table: Table, where: Any, values: dict[str, Any]) -> int:
        found = connection.execute(select(table.c.id).where(where)).scalar_one_or_none()
        if found is not None:
            return int(found)
        return int(
            connection.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
        )

    chart = catalog.size_charts
    size_chart_id = one(
        chart,
        chart.c.name == "Generated S-XL",
        {
            "name": "Generated S-XL",
            "horizontal_labels": orjson.dumps(list(SIZES)).decode(),
            "vertical_labels": "[]",
            "divider_symbol": "x",
            **stamps,
        },
    )
    size_ids = []
    for position, name in enumerate(SIZES):
        size_ids.append(
            one(
                catalog.sizes,
                (catalog.sizes.c.size_chart_id == size_chart_id) & (catalog.sizes.c.name == name),
                {
                    "size_chart_id": size_chart_id,
                    "name": name,
                    "horizontal_label": name,
                    "position": position,
                },
            )
        )
    brand_id = one(
        catalog.brands,
        catalog.brands.c.name == "Generated Brand",
        {"name": "Generated Brand", "uri": "generated-brand", **stamps},
    )
    collection_id = one(
        catalog.collections,
        catalog.collections.c.name == "Generated Collection",
        {
            "name": "Generated Collection",
            "status": "ACTIVE",
            "uri": "generated-collection",
            **stamps,
        },
    )
    folder_id = one(
        catalog.folders,
        catalog.folders.c.name == "Generated",
        {"name": "Generated", "custom_order": 0, **stamps},
    )
    market_ids = list(
        connection.execute(
            select(tables.markets.c.id).where(tables.markets.c.store_id == GENERATED_RETAIL_STORE)
        ).scalars()
    )
    pricelists = [
        (int(row.id), int(row.currency_id))
        for row in connection.execute(
            select(catalog.pricelists.c.id, catalog.pricelists.c.currency_id).where(
                catalog.pricelists.c.store_id == GENERATED_RETAIL_STORE
            )
        )
    ]
    if not pricelists:
        sek = connection.execute(
            select(tables.currencies.c.id).where(tables.currencies.c.code == "SEK")
        ).scalar_one_or_none()
        if sek is None:
            raise RuntimeError(
                "Load the demo data first (mercato demo): it provides the currencies."
            )
        pricelist_id = one(
            catalog.pricelists,
            catalog.pricelists.c.name == "Generated SEK",
            {
                "store_id": GENERATED_RETAIL_STORE,
                "name": "Generated SEK",
                "status": "ACTIVE",
                "currency_id": sek,
                **stamps,
            },
        )
        pricelists = [(pricelist_id, int(sek))]
    attribute_type_id = one(
        catalog.attribute_types,
        catalog.attribute_types.c.name == "material",
        {
            "name": "material",
            "description": "Material",
            "object_type": "Product",
            "is_mapped": False,
            "elements": orjson.dumps(
                [{"key": "text", "kind": "INPUT", "description": "Composition"}]
            ).decode(),
        },
    )
    start_number = (
        int(
            connection.execute(
                select(func.count())
                .select_from(catalog.products)
                .where(catalog.products.c.product_number.like("GEN-%"))
            ).scalar_one()
        )
        + 1
    )
    return _Context(
        size_chart_id,
        size_ids,
        brand_id,
        collection_id,
        folder_id,
        market_ids,
        pricelists,
        attribute_type_id,
        start_number,
        connection.execute(
            select(tables.allocation_rule_warehouses.c.warehouse_id)
            .join(
                tables.allocation_rules,
                tables.allocation_rules.c.id
                == tables.allocation_rule_warehouses.c.allocation_rule_id,
            )
            .where(tables.allocation_rules.c.store_id == GENERATED_RETAIL_STORE)
            .order_by(tables.allocation_rule_warehouses.c.priority)
            .limit(1)
        ).scalar_one_or_none(),
    )


def _chunk_rows(
    context: _Context, ids: _Ids, rng: random.Random, first_number: int, count: int
) -> dict[str, list[dict[str, Any]]]:
    now = utc_now()
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in _TABLES}
    add: Callable[[Table, dict[str, Any]], None] = lambda table, row: rows[table.name].append(row)  # noqa: E731
    for number in range(first_number, first_number + count):
        product_id = ids.take(catalog.products)
        product_number = f"GEN-{number:06d}"
        name = f"{rng.choice(QUALITIES)} {rng.choice(GARMENTS)} {number}"
        add(
            catalog.products,
            {
                "id": product_id,
                "name": name,
                "status": "ACTIVE",
                "product_number": product_number,
                "brand_id": context.brand_id,
                "collection_id": context.collection_id,
                "folder_id": context.folder_id,
                "country_of_origin_id": None,
                "harmonized_commodity_code": "6110",
                "harmonized_commodity_code_description": "Jerseys, pullovers",
                "internal_comment": None,
                "is_bundle": False,
                "is_serializable_product": False,
                "weight_value": round(rng.uniform(0.2, 1.5), 3),
                "weight_unit": "KILOGRAMS",
                "created_at": now,
                "updated_at": now,
            },
        )
        display_id = ids.take(catalog.displays)
        add(
            catalog.displays,
            {
                "id": display_id,
                "store_id": GENERATED_RETAIL_STORE,
                "product_id": product_id,
                "name": name,
                "status": "ACTIVE",
                "uri": f"{product_number.lower()}",
                "minimum_order_quantity": 1,
                "order_quantity_denominator": 1,
                "description": f"The {name.lower()}.",
                "short_description": None,
                "meta_title": name,
                "meta_description": None,
                "meta_keywords": None,
                "comment": None,
                "tags": "[]",
                "canonical_category_id": None,
                "created_at": now,
                "updated_at": now,
            },
        )
        for market_id in context.market_ids:
            add(catalog.display_markets, {"display_id": display_id, "market_id": market_id})
        add(
            catalog.attribute_assignments,
            {
                "id": ids.take(catalog.attribute_assignments),
                "object_type": "Product",
                "object_id": product_id,
                "attribute_type_id": context.attribute_type_id,
                "mapped_attribute_id": None,
                # A dynamic attribute: one row per object and type, its elements as JSON.
                "element_key": None,
                "element_value": orjson.dumps({"text": rng.choice(MATERIALS)}).decode(),
            },
        )
        base_price = rng.randrange(199, 2999) * 100
        for position, colour in enumerate(rng.sample(COLOURS, 3)):
            variant_id = ids.take(catalog.product_variants)
            variant_number = f"{position + 1:02d}"
            add(
                catalog.product_variants,
                {
                    "id": variant_id,
                    "product_id": product_id,
                    "name": colour,
                    "status": "ACTIVE",
                    "variant_number": variant_number,
                    "internal_name": f"{product_number}-{colour.lower()}",
                    "unit_cost_minor": base_price // 3,
                    "unit_cost_currency_id": context.pricelists[0][1],
                    "size_chart_id": context.size_chart_id,
                    "stock_offset": 0,
                    "position": position,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            add(
                catalog.display_items,
                {
                    "id": ids.take(catalog.display_items),
                    "display_id": display_id,
                    "product_variant_id": variant_id,
                    "custom_order": position,
                },
            )
            for index, size_id in enumerate(context.size_ids):
                size_number = f"{index + 1}"
                product_size_id = ids.take(catalog.product_sizes)
                if context.warehouse_id is not None:
                    add(
                        stock_tables.stock,
                        {
                            "warehouse_id": context.warehouse_id,
                            "product_size_id": product_size_id,
                            "physical_quantity": rng.randrange(0, 60),
                            "created_at": now,
                            "updated_at": now,
                        },
                    )
                add(
                    catalog.product_sizes,
                    {
                        "id": product_size_id,
                        "product_variant_id": variant_id,
                        "size_id": size_id,
                        "size_number": size_number,
                        "sku": f"{product_number}{variant_number}{size_number}",
                        "ean": None,
                        "upc": None,
                        "preorder": False,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
            for pricelist_id, currency_id in context.pricelists:
                add(
                    catalog.prices,
                    {
                        "id": ids.take(catalog.prices),
                        "pricelist_id": pricelist_id,
                        "product_id": product_id,
                        "product_variant_id": variant_id,
                        "currency_id": currency_id,
                        "price_minor": base_price,
                        "recommended_retail_price_minor": None,
                        "is_individual": False,
                        "updated_at": now,
                    },
                )
    return rows
