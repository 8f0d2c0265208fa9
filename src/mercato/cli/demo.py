"""Demo data: the cookbook's stores, markets, warehouses and allocation rules (idempotent)."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from mercato.catalog.attributes_demo import load_attributes_demo
from mercato.classification.demo import load_classification_demo
from mercato.db import tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.inventory.services import WarehouseCreate, WarehouseLocation, create_warehouse
from mercato.pricing.demo import load_pricing_demo
from mercato.stores.services import MarketCreate, create_market

RETAIL_STORE = 1
WHOLESALE_STORE = 2


def demo_present(database: Database) -> bool:
    with database.read_core() as connection:
        return bool(
            connection.execute(select(func.count()).select_from(tables.warehouses)).scalar_one()
        )


def load_demo(database: Database, *, catalog: bool = True) -> bool:
    """Load the demo data unless it is there already; True when it was loaded now.

    ``catalog=False`` leaves out the catalog's demo (size charts, classification, pricelists),
    for tests that set up their own; the attribute types, which no API creates, stay in."""
    if demo_present(database):
        return False
    writer = Writer.system(database, "demo")
    with writer.begin("Currency") as work:
        connection = work.connection
        connection.execute(
            insert(tables.currencies),
            [
                {
                    "code": "SEK",
                    "iso_number": "752",
                    "name": "Swedish krona",
                    "decimal_digits": 2,
                    "is_base": True,
                    "conversion_rate": 1.0,
                },
                {
                    "code": "EUR",
                    "iso_number": "978",
                    "name": "Euro",
                    "decimal_digits": 2,
                    "is_base": False,
                    "conversion_rate": 11.2,
                },
                {
                    "code": "USD",
                    "iso_number": "840",
                    "name": "US dollar",
                    "decimal_digits": 2,
                    "is_base": False,
                    "conversion_rate": 10.5,
                },
            ],
        )
        connection.execute(
            insert(tables.languages),
            [
                {
                    "code": "en",
                    "name": "English",
                    "language_code": "en",
                    "country_code": None,
                    "is_active": True,
                },
                {
                    "code": "sv",
                    "name": "Swedish",
                    "language_code": "sv",
                    "country_code": "SE",
                    "is_active": True,
                },
                {
                    "code": "de",
                    "name": "German",
                    "language_code": "de",
                    "country_code": "DE",
                    "is_active": False,
                },
            ],
        )
        connection.execute(
            insert(tables.allocation_rules),
            [
                {"name": "Retail allocation", "store_id": RETAIL_STORE, "is_active": True},
                {"name": "Wholesale allocation", "store_id": WHOLESALE_STORE, "is_active": True},
            ],
        )
    sweden = WarehouseLocation(city="Stockholm", country=Reference(code="SE"))
    default_id = create_warehouse(writer, WarehouseCreate("Default Warehouse", location=sweden))
    wholesale_id = create_warehouse(writer, WarehouseCreate("Wholesale Warehouse", location=sweden))
    retail_id = create_warehouse(
        writer, WarehouseCreate("Retail", stock_ownership="THIRD_PARTY", location=sweden)
    )
    with writer.begin("AllocationRule") as work:
        connection = work.connection
        rules = dict(
            connection.execute(
                select(tables.allocation_rules.c.name, tables.allocation_rules.c.id)
            ).all()
        )
        connection.execute(
            insert(tables.allocation_rule_warehouses),
            [
                {
                    "allocation_rule_id": rules["Retail allocation"],
                    "warehouse_id": default_id,
                    "priority": 1,
                },
                {
                    "allocation_rule_id": rules["Retail allocation"],
                    "warehouse_id": retail_id,
                    "priority": 2,
                },
                {
                    "allocation_rule_id": rules["Wholesale allocation"],
                    "warehouse_id": wholesale_id,
                    "priority": 1,
                },
            ],
        )
        world = [
            code
            for (code,) in connection.execute(
                select(tables.countries.c.code).order_by(tables.countries.c.name)
            )
            if code not in ("SE", "US")
        ]
    store = Reference(id=RETAIL_STORE)
    create_market(writer, MarketCreate("Sweden", store, add_countries=(Reference(code="SE"),)))
    create_market(writer, MarketCreate("USA", store, add_countries=(Reference(code="US"),)))
    create_market(
        writer,
        MarketCreate("World", store, add_countries=tuple(Reference(code=c) for c in world)),
    )
    create_market(
        writer,
        MarketCreate("Amazon", store, comment="Marketplace orders, no geo-location."),
    )
    load_attributes_demo(database)
    if catalog:
        load_catalog_demo(database)
    return True


def load_catalog_demo(database: Database) -> None:
    """Size charts (one-size and S-M-L), a brand, a collection, folders, categories and the
    retail and wholesale pricelists."""
    load_classification_demo(database)
    load_pricing_demo(database)
