"""Demo classification data, created through the services: two size charts, a brand, a
collection, a folder tree and categories of the Retail store. Idempotent: nothing happens
when the "One Size" chart exists already."""

from __future__ import annotations

from sqlalchemy import select

from mercato.classification.brands import BrandCreate, create_brand
from mercato.classification.categories import CategoryCreate, create_category
from mercato.classification.collections import CollectionCreate, create_collection
from mercato.classification.folders import FolderCreate, create_folder
from mercato.classification.sizecharts import SizeChartCreate, create_size_chart
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference

RETAIL_STORE = 1
WHOLESALE_STORE = 2


def load_classification_demo(database: Database) -> None:
    writer = Writer.system(database, "demo")
    with database.read_core() as connection:
        present = connection.execute(
            select(catalog.size_charts.c.id).where(catalog.size_charts.c.name == "One Size")
        ).first()
    if present is not None:
        return
    create_size_chart(writer, SizeChartCreate("One Size", ("One Size",)))
    create_size_chart(writer, SizeChartCreate("S-M-L", ("S", "M", "L")))
    create_brand(
        writer,
        BrandCreate(
            "Mercato Basics",
            add_to_stores=(Reference(id=RETAIL_STORE), Reference(id=WHOLESALE_STORE)),
        ),
    )
    create_collection(writer, CollectionCreate("SS27"))
    clothing = create_folder(writer, FolderCreate("Clothing"))
    create_folder(writer, FolderCreate("Tops", parent=Reference(id=clothing)))
    create_folder(writer, FolderCreate("Bottoms", parent=Reference(id=clothing)))
    retail = Reference(id=RETAIL_STORE)
    women = create_category(writer, CategoryCreate(retail, "Women"))
    create_category(writer, CategoryCreate(retail, "Knitwear", parent=Reference(id=women)))
    men = create_category(writer, CategoryCreate(retail, "Men"))
    create_category(writer, CategoryCreate(retail, "Knitwear", parent=Reference(id=men)))
