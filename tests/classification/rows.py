"""Rows of other domains (products, displays) written straight to the tables, so the
classification rules that depend on them can be tested before those domains' APIs exist."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.database import Database


def _stamps() -> dict[str, Any]:
    now = utc_now()
    return {"created_at": now, "updated_at": now}


def product(database: Database, number: str = "P1") -> int:
    with database.write() as connection:
        product_id: int = connection.execute(
            insert(catalog.products)
            .values(
                name=f"Product {number}",
                status="ACTIVE",
                product_number=number,
                is_bundle=False,
                is_serializable_product=False,
                **_stamps(),
            )
            .returning(catalog.products.c.id)
        ).scalar_one()
    return product_id


def variant(database: Database, product_id: int, size_chart_id: int | None) -> int:
    with database.write() as connection:
        variant_id: int = connection.execute(
            insert(catalog.product_variants)
            .values(
                product_id=product_id,
                name="Red",
                status="ACTIVE",
                size_chart_id=size_chart_id,
                position=1,
                **_stamps(),
            )
            .returning(catalog.product_variants.c.id)
        ).scalar_one()
    return variant_id


def product_size(database: Database, variant_id: int, size_id: int) -> int:
    with database.write() as connection:
        product_size_id: int = connection.execute(
            insert(catalog.product_sizes)
            .values(product_variant_id=variant_id, size_id=size_id, **_stamps())
            .returning(catalog.product_sizes.c.id)
        ).scalar_one()
    return product_size_id


def display(
    database: Database,
    product_id: int,
    *,
    store_id: int = 1,
    categories: tuple[int, ...] = (),
    canonical_category_id: int | None = None,
) -> int:
    with database.write() as connection:
        display_id: int = connection.execute(
            insert(catalog.displays)
            .values(
                store_id=store_id,
                product_id=product_id,
                name="Display",
                status="ACTIVE",
                uri=f"display-{product_id}",
                canonical_category_id=canonical_category_id,
                **_stamps(),
            )
            .returning(catalog.displays.c.id)
        ).scalar_one()
        if categories:
            connection.execute(
                insert(catalog.display_categories),
                [
                    {"display_id": display_id, "category_id": c, "custom_order": i}
                    for i, c in enumerate(categories)
                ],
            )
    return display_id


def conversions(database: Database, object_type: str) -> list[tuple[str, int, str]]:
    """Every integration's ``(integration, internal id, external id)`` for the type."""
    entries = tables.id_conversions
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(entries.c.integration_name, entries.c.internal_id, entries.c.external_id)
            .where(entries.c.object_type == object_type)
            .order_by(entries.c.integration_name, entries.c.internal_id)
        ).all()
    return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]


def count(database: Database, table_name: str) -> int:
    table = tables.metadata.tables[table_name]
    with database.engine.connect() as connection:
        found: int = connection.execute(select(func.count()).select_from(table)).scalar_one()
    return found
