"""``mercato demo --products N`` generates a consistent catalog."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from mercato.cli.catalog_demo import generate_catalog
from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables
from mercato.db.database import Database
from tests.support import Api


def _count(database: Database, table: object) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_generated_products_have_variants_sizes_displays_and_prices(database: Database) -> None:
    progress = io.StringIO()

    assert generate_catalog(database, 30, progress=progress) == 30
    assert generate_catalog(database, 5, progress=None) == 5

    assert _count(database, catalog.products) == 35
    assert _count(database, catalog.product_variants) == 35 * 3
    assert _count(database, catalog.product_sizes) == 35 * 3 * 4
    assert _count(database, catalog.displays) == 35
    assert _count(database, catalog.display_items) == 35 * 3
    assert _count(database, catalog.prices) == 35 * 3
    # Every size has physical stock in the first warehouse of the retail allocation rule.
    assert _count(database, stock_tables.stock) == 35 * 3 * 4
    assert "30/30 products" in progress.getvalue()
    with database.engine.connect() as connection:
        numbers = list(
            connection.execute(
                select(catalog.products.c.product_number).order_by(catalog.products.c.id)
            ).scalars()
        )
        sku = connection.execute(
            select(catalog.product_sizes.c.sku).order_by(catalog.product_sizes.c.id).limit(1)
        ).scalar_one()
    assert numbers[0] == "GEN-000001"
    assert numbers[-1] == "GEN-000035"
    assert sku == "GEN-000001011"


def test_generated_attributes_read_through_the_api(database: Database) -> None:

    generate_catalog(database, 2, progress=None)
    with Api.start(database) as api:
        products = api.ok(
            "{ products { attributes { type { name } elements { key ... on AttributeStringElement { value } } } } }"
        )["products"]
    assert all(p["attributes"][0]["type"]["name"] == "material" for p in products)
    assert all(p["attributes"][0]["elements"][0]["value"] for p in products)
