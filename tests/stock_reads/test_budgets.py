"""Reading stock costs one statement per nesting level, however many sizes there are."""

from __future__ import annotations

import re

import pytest

from mercato.db.database import Database
from tests.factories import make_product, put_stock
from tests.stock_reads.support import (
    DEFAULT_WAREHOUSE,
    QUANTITIES,
    RETAIL_WAREHOUSE,
    claim,
    purchase_order,
)
from tests.support import Api, StatementLog

VARIANTS = f"""{{
  productVariants(limit: 50) {{
    id
    stock(limit: 50) {{ {QUANTITIES} productSize {{ id }} warehouse {{ id }} }}
    stockTotals {{ {QUANTITIES} }}
    productSizes {{ id stock {{ freeToAllocateQuantity }} stockTotals {{ availableQuantity }} }}
  }}
}}"""

WAREHOUSES = f"""{{
  warehouses {{
    id
    stock(limit: 200) {{ {QUANTITIES} productSize {{ id }} }}
    stockTotals(where: {{marketId: [1]}}) {{ {QUANTITIES} }}
  }}
}}"""


#: One warehouse's page past the first, in another sort, and its totals: the page is cut from
#: the warehouse's keys, then only its rows' quantities are computed; totals sum the facts.
ONE_WAREHOUSE = f"""{{
  warehouse(id: 1) {{
    stock(limit: 5, page: 2, sort: [productSizeSort_DESC]) {{ {QUANTITIES} productSize {{ id }} }}
    stockTotals {{ {QUANTITIES} }}
    retail: stockTotals(where: {{marketId: [1]}}) {{ {QUANTITIES} }}
  }}
}}"""


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def _grow(api: Api, products: int, first: int) -> None:
    """Products of 2 variants x 4 sizes, with stock, claims and supply in two warehouses."""
    for index in range(products):
        made = make_product(
            api.database,
            f"Product {first + index}",
            variants=("Red", "Blue"),
            sizes=("S", "M", "L", "XL"),
        )
        sizes = [size for variant in made.size_ids for size in variant]
        for size in sizes:
            put_stock(api.database, DEFAULT_WAREHOUSE, size, 10)
            claim(api.database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 2)
            claim(api.database, RETAIL_WAREHOUSE, size, "DEMAND", 1)
        purchase_order(api.database, RETAIL_WAREHOUSE, [(size, 5) for size in sizes])


def test_stock_statement_counts_stay_constant_as_sizes_grow(
    api: Api, statements: StatementLog
) -> None:
    _grow(api, 1, 0)
    queries = (VARIANTS, WAREHOUSES, ONE_WAREHOUSE)
    few = {q: _statements_for(api, statements, q) for q in queries}
    _grow(api, 12, 1)
    many = {q: _statements_for(api, statements, q) for q in queries}
    assert few == many
    # 1 authentication + variants, their stock, its sizes, its warehouses, the variants'
    # totals, product sizes, the sizes' stock, the sizes' totals, the size names lookup.
    assert many[VARIANTS] == 1 + 8
    # 1 authentication + warehouses, stock, its sizes, totals, the size names lookup.
    assert many[WAREHOUSES] == 1 + 4
    # 1 authentication + the warehouse, its page of stock, its sizes, each totals.
    assert many[ONE_WAREHOUSE] == 1 + 5


#: Plan lines of a full scan of a fact table (by its alias in mercato.api.stock) or of a
#: derived table SQLite computed whole.
FULL_SCAN = re.compile(r"^(MATERIALIZE|SCAN (s|r|o|l|dl|d|ps|cps|bs|bsv)\b)")
#: A walk over every variant or size of the catalog (in a sort's order, looking for the
#: warehouse's rows) instead of reading the warehouse's facts.
CATALOG_WALK = re.compile(r"^SCAN (v|sz)\b")


def test_sqlite_reads_stock_through_the_indexes(
    api: Api, statements: StatementLog, database: Database
) -> None:
    """SQLite pushes the parent filter into every branch of the stock rows: reading a few
    sizes' stock and totals touches only their facts, however big the tables are."""
    if database.dialect != "sqlite":
        pytest.skip("the plan is SQLite's; PostgreSQL pushes filters down by itself")
    _grow(api, 2, 0)
    api.ok(VARIANTS)
    api.ok(WAREHOUSES)
    stock_statements = [s for s in statements.statements if "stock_reservations" in s]
    assert len(stock_statements) >= 5
    with database.engine.connect() as connection:
        for sql in stock_statements:
            parameters = tuple("[1]" for _ in range(sql.count("?")))
            plan = [
                row[3]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)
            ]
            assert not [line for line in plan if FULL_SCAN.match(line)], "\n".join(plan)


def test_sqlite_pages_a_warehouse_from_its_facts(
    api: Api, statements: StatementLog, database: Database
) -> None:
    """A page of one warehouse reads the keys of the warehouse's facts through the indexes,
    never the whole catalog in the sort's order, and computes the quantities of the page's
    rows only; its totals read its facts. Pages of several warehouses never walk the catalog
    either (asked for every warehouse, reading the whole stock table is right)."""
    if database.dialect != "sqlite":
        pytest.skip("the plan is SQLite's; PostgreSQL pushes filters down by itself")
    _grow(api, 2, 0)

    def stock_statements_of(query: str) -> list[str]:
        statements.reset()
        api.ok(query)
        return [s for s in statements.statements if "stock_reservations" in s]

    one = stock_statements_of(ONE_WAREHOUSE)
    every = stock_statements_of(WAREHOUSES)
    assert (len(one), len(every)) == (3, 2)  # page and totals; each totals has its statement
    with database.engine.connect() as connection:
        # Plan as for a large catalog (the statistics ANALYZE leaves in `mercato demo
        # --products 20000`, with the stock spread over three warehouses): there a list of
        # one warehouse made SQLite walk the catalog in the sort's order (77 ms for an empty
        # warehouse).
        connection.exec_driver_sql("ANALYZE sizes")  # creates sqlite_stat1
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")
        for table, index, stat in LARGE_CATALOG_STATISTICS:
            connection.exec_driver_sql(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (table, index, stat)
            )
        connection.exec_driver_sql("ANALYZE sqlite_schema")  # loads them
        for sql in one + every:
            parameters = tuple("[1]" for _ in range(sql.count("?")))
            plan = [
                row[3]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)
            ]
            wrong = [
                line
                for line in plan
                if CATALOG_WALK.match(line) or (sql in one and FULL_SCAN.match(line))
            ]
            assert not wrong, "\n".join(plan)
        connection.rollback()


LARGE_CATALOG_STATISTICS = (
    ("stock", "ix_stock_product_size_id", "240000 1"),
    ("stock", "sqlite_autoindex_stock_1", "240000 80000 1"),
    ("product_sizes", "ix_product_sizes_size_id", "240000 60000"),
    ("product_sizes", "ix_product_sizes_product_variant_id", "240000 4"),
    ("product_sizes", "sqlite_autoindex_product_sizes_1", "240000 4 1"),
    ("warehouses", "sqlite_autoindex_warehouses_1", "3 1"),
    ("sizes", "ix_sizes_size_chart_id", "8 3"),
    ("sizes", "sqlite_autoindex_sizes_1", "8 3 1"),
    ("product_variants", "ix_product_variants_product_id", "60000 3"),
    ("product_variants", "sqlite_autoindex_product_variants_1", "60000 3 1"),
)
