"""The SKU of a product size: productNumber + variantNumber + sizeNumber, concatenated
(reference 3.8). It is read-only in the API and stored on the size row (``product_sizes.sku``)
so lists of sizes read it without joining variants and products; the services rewrite it in
the same transaction whenever one of the three numbers changes."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, String, func, literal, select, update

from mercato.db import catalog_tables as catalog


def sku(product_number: str, variant_number: str | None, size_number: str | None) -> str:
    return f"{product_number}{variant_number or ''}{size_number or ''}"


def refresh_variant(
    connection: Connection, variant_id: int, product_number: str, variant_number: str | None
) -> None:
    """Rewrite the SKUs of one variant's sizes (after its number or its product's changed)."""
    sizes = catalog.product_sizes
    prefix = literal(sku(product_number, variant_number, None), String)
    connection.execute(
        update(sizes)
        .where(sizes.c.product_variant_id == variant_id)
        .values(sku=prefix + _number(sizes.c.size_number))
    )


def refresh_product(connection: Connection, product_id: int, product_number: str) -> None:
    """Rewrite the SKUs of every size of a product, in one statement."""
    sizes = catalog.product_sizes
    variants = catalog.product_variants
    variant_number = (
        select(variants.c.variant_number)
        .where(variants.c.id == sizes.c.product_variant_id)
        .scalar_subquery()
    )
    connection.execute(
        update(sizes)
        .where(
            sizes.c.product_variant_id.in_(
                select(variants.c.id).where(variants.c.product_id == product_id)
            )
        )
        .values(
            sku=literal(product_number, String)
            + _number(variant_number)
            + _number(sizes.c.size_number)
        )
    )


def _number(column: ColumnElement[str]) -> ColumnElement[str]:
    return func.coalesce(column, literal("", String))
