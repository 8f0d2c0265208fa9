"""Factories that put catalog rows straight into the database, for tests of domains that
need products before the products API is involved (displays, pricing, attributes...).

Each takes explicit overrides and returns the new ids; nothing here goes through services,
so use the API in tests of the products domain itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

import orjson
from sqlalchemy import insert, select

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import stock_tables
from mercato.db.database import Database

_numbers = count(1)


@dataclass(frozen=True)
class MadeProduct:
    product_id: int
    variant_ids: list[int]
    #: product size ids per variant, in size order
    size_ids: list[list[int]]


def make_size_chart(
    database: Database, name: str | None = None, labels: Sequence[str] = ("S", "M", "L")
) -> tuple[int, list[int]]:
    """A one-dimensional chart; returns (chart id, size ids)."""
    now = utc_now()
    with database.write() as connection:
        chart_id: int = connection.execute(
            insert(catalog.size_charts)
            .values(
                name=name or f"Chart {next(_numbers)}",
                horizontal_labels=orjson.dumps(list(labels)).decode(),
                vertical_labels="[]",
                divider_symbol="x",
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.size_charts.c.id)
        ).scalar_one()
        size_ids = [
            connection.execute(
                insert(catalog.sizes)
                .values(size_chart_id=chart_id, name=label, horizontal_label=label, position=i)
                .returning(catalog.sizes.c.id)
            ).scalar_one()
            for i, label in enumerate(labels)
        ]
    return chart_id, size_ids


def make_product(
    database: Database,
    name: str = "Sweater",
    *,
    product_number: str | None = None,
    variants: Sequence[str] = ("Red", "Blue"),
    sizes: Sequence[str] = ("S", "M", "L"),
    status: str = "ACTIVE",
    size_chart_id: int | None = None,
) -> MadeProduct:
    """A product with variants, each with every size of a (new, unless given) chart active."""
    if size_chart_id is None:
        size_chart_id, size_ids = make_size_chart(database, labels=sizes)
    else:
        with database.engine.connect() as connection:
            size_ids = list(
                connection.execute(
                    select(catalog.sizes.c.id)
                    .where(catalog.sizes.c.size_chart_id == size_chart_id)
                    .order_by(catalog.sizes.c.position)
                ).scalars()
            )
    now = utc_now()
    number = product_number or f"P{next(_numbers):05d}"
    with database.write() as connection:
        product_id: int = connection.execute(
            insert(catalog.products)
            .values(
                name=name,
                status=status,
                product_number=number,
                is_bundle=False,
                is_serializable_product=False,
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.products.c.id)
        ).scalar_one()
        variant_ids: list[int] = []
        product_size_ids: list[list[int]] = []
        for position, variant in enumerate(variants):
            variant_id: int = connection.execute(
                insert(catalog.product_variants)
                .values(
                    product_id=product_id,
                    name=variant,
                    status=status,
                    variant_number=f"{position + 1:02d}",
                    size_chart_id=size_chart_id,
                    stock_offset=0,
                    position=position,
                    created_at=now,
                    updated_at=now,
                )
                .returning(catalog.product_variants.c.id)
            ).scalar_one()
            variant_ids.append(variant_id)
            product_size_ids.append(
                [
                    connection.execute(
                        insert(catalog.product_sizes)
                        .values(
                            product_variant_id=variant_id,
                            size_id=size_id,
                            size_number=f"{index + 1}",
                            sku=f"{number}{position + 1:02d}{index + 1}",
                            preorder=False,
                            created_at=now,
                            updated_at=now,
                        )
                        .returning(catalog.product_sizes.c.id)
                    ).scalar_one()
                    for index, size_id in enumerate(size_ids)
                ]
            )
    return MadeProduct(product_id, variant_ids, product_size_ids)


def put_stock(database: Database, warehouse_id: int, product_size_id: int, quantity: int) -> None:
    """A physical stock row, written directly (not through the stock services)."""
    now = utc_now()
    with database.write() as connection:
        connection.execute(
            insert(stock_tables.stock).values(
                warehouse_id=warehouse_id,
                product_size_id=product_size_id,
                physical_quantity=quantity,
                created_at=now,
                updated_at=now,
            )
        )
