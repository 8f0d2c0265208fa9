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
    few = {q: _statements_for(api, statements, q) for q in (VARIANTS, WAREHOUSES)}
    _grow(api, 12, 1)
    many = {q: _statements_for(api, statements, q) for q in (VARIANTS, WAREHOUSES)}
    assert few == many
    # 1 authentication + variants, their stock, its sizes, its warehouses, the variants'
    # totals, product sizes, the sizes' stock, the sizes' totals, the size names lookup.
    assert many[VARIANTS] == 1 + 8
    # 1 authentication + warehouses, stock, its sizes, totals, the size names lookup.
    assert many[WAREHOUSES] == 1 + 4


#: Plan lines of a full scan of a fact table (by its alias in mercato.api.stock) or of a
#: derived table SQLite computed whole.
FULL_SCAN = re.compile(r"^(MATERIALIZE|SCAN (s|r|o|l|dl|d|ps|cps|bs|bsv)\b)")


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
