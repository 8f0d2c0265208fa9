"""Helpers of the pricing tests: GraphQL documents, bundles and currencies put straight
into the database, and snapshots of every pricing table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.database import Database
from tests.factories import MadeProduct, make_product

SEK, USD, EUR_WHOLESALE = 1, 2, 3
RETAIL, WHOLESALE = 1, 2

SET_PRICES = """
mutation($input: ProductPricesSetInput!) {
  setPrices(input: $input) {
    pricelist { id name }
    products { id }
    userErrors { message path }
    userWarnings { message path }
  }
}"""

PRICES = """
query($id: Int!) {
  pricelist(id: $id) {
    prices(limit: 200) {
      productVariant { id }
      price { value }
      recommendedRetailPrice { value }
      isIndividual
    }
  }
}"""


def snapshot(database: Database) -> dict[str, Any]:
    """Every row of the pricing tables and of the id conversions, in a stable order."""
    with database.engine.connect() as connection:
        return {
            table.name: connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in (
                catalog.pricelists,
                catalog.pricelist_countries,
                catalog.prices,
                catalog.price_alterations,
                catalog.altered_prices,
                tables.id_conversions,
            )
        }


def make_dynamic_bundle(database: Database, name: str = "Bundle") -> MadeProduct:
    """A bundle product (one internal variant) whose price is computed from its sections."""
    made = make_product(database, name, variants=("Bundle",), sizes=("One Size",))
    now = utc_now()
    with database.write() as connection:
        connection.execute(
            update(catalog.products)
            .where(catalog.products.c.id == made.product_id)
            .values(is_bundle=True)
        )
        connection.execute(
            insert(catalog.bundles).values(
                product_id=made.product_id,
                product_variant_id=made.variant_ids[0],
                type="FIXED",
                price_type="DYNAMIC",
                created_at=now,
                updated_at=now,
            )
        )
    return made


def add_currency(database: Database, code: str, digits: int, rate: float = 1.0) -> int:
    with database.write() as connection:
        currency_id: int = connection.execute(
            insert(tables.currencies)
            .values(
                code=code,
                iso_number="999",
                name=code,
                decimal_digits=digits,
                is_base=False,
                conversion_rate=rate,
            )
            .returning(tables.currencies.c.id)
        ).scalar_one()
    return currency_id


def prices_of(api: Any, pricelist_id: int) -> dict[int, tuple[float, float | None, bool]]:
    """variant id -> (price, recommended retail price, is individual)."""
    rows = api.ok(PRICES, {"id": pricelist_id})["pricelist"]["prices"]
    return {
        row["productVariant"]["id"]: (
            row["price"]["value"],
            (row["recommendedRetailPrice"] or {}).get("value"),
            row["isIndividual"],
        )
        for row in rows
    }


def money(value: float, code: str = "SEK") -> dict[str, Any]:
    return {"value": value, "currencyIsoCode": code}
