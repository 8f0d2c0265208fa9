"""Demo pricing data, created through the services: a SEK pricelist (Sweden) and a USD
pricelist (United States) for the Retail store, and a EUR pricelist for the Wholesale store.
Idempotent: nothing happens when the Retail store has a pricelist named "SEK" already."""

from __future__ import annotations

from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.pricing.pricelists import PricelistCreate, create_pricelist

RETAIL_STORE = 1
WHOLESALE_STORE = 2


def load_pricing_demo(database: Database) -> None:
    writer = Writer.system(database, "demo")
    pricelists = catalog.pricelists
    with database.read_core() as connection:
        present = connection.execute(
            select(pricelists.c.id).where(
                pricelists.c.store_id == RETAIL_STORE, pricelists.c.name == "SEK"
            )
        ).first()
    if present is not None:
        return
    retail = Reference(id=RETAIL_STORE)
    create_pricelist(
        writer,
        PricelistCreate("SEK", retail, "SEK", add_countries=(Reference(code="SE"),)),
    )
    create_pricelist(
        writer,
        PricelistCreate("USD", retail, "USD", add_countries=(Reference(code="US"),)),
    )
    create_pricelist(writer, PricelistCreate("EUR Wholesale", Reference(id=WHOLESALE_STORE), "EUR"))
