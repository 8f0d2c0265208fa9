"""Demo attribute types and mapped attributes. In the reference attribute types are configured
outside the API, so an instance gets its types from here (or from ``create_attribute_type``).
Idempotent: nothing happens when the type "pr_long_name" exists already.

    pr_long_name   Product         dynamic  text (INPUT)
    pr_eco         Product         dynamic  eco (BOOLEAN)
    pr_materials   Product         mapped   text (INPUT): Wood, Steel, Plastic
    var_fit        ProductVariant  dynamic  fit (SELECT: slim, regular, loose)
    var_care       ProductVariant  dynamic  text (TEXTAREA), label (FILE)
    sh_swatch      ProductVariant  mapped   desc (INPUT), hex (INPUT), image (IMAGE): Blue, Red
    media_alt      ProductMedia    dynamic  text (INPUT)
"""

from __future__ import annotations

from sqlalchemy import select

from mercato.catalog.attributes_mapped import AttributeCreate, ElementValue, create_attribute
from mercato.catalog.attributes_types import (
    AttributeTypeCreate,
    ChoiceOption,
    ElementDefinition,
    create_attribute_type,
)
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer

DEMO_TYPES = (
    AttributeTypeCreate(
        "pr_long_name",
        "Product",
        is_mapped=False,
        description="Long External Product Name",
        elements=(ElementDefinition("text", "INPUT", "Long External Product Name"),),
    ),
    AttributeTypeCreate(
        "pr_eco",
        "Product",
        is_mapped=False,
        description="Eco-labelled",
        elements=(ElementDefinition("eco", "BOOLEAN", "Eco-labelled"),),
    ),
    AttributeTypeCreate(
        "pr_materials",
        "Product",
        is_mapped=True,
        description="Product materials",
        elements=(ElementDefinition("text", "INPUT", "Material description"),),
    ),
    AttributeTypeCreate(
        "var_fit",
        "ProductVariant",
        is_mapped=False,
        description="Fit",
        elements=(
            ElementDefinition(
                "fit",
                "SELECT",
                "Fit",
                options=(
                    ChoiceOption("slim", "Slim fit"),
                    ChoiceOption("regular", "Regular fit"),
                    ChoiceOption("loose", "Loose fit"),
                ),
            ),
        ),
    ),
    AttributeTypeCreate(
        "var_care",
        "ProductVariant",
        is_mapped=False,
        description="Care instructions",
        elements=(
            ElementDefinition("text", "TEXTAREA", "Instructions"),
            ElementDefinition("label", "FILE", "Care label"),
        ),
    ),
    AttributeTypeCreate(
        "sh_swatch",
        "ProductVariant",
        is_mapped=True,
        description="Showroom Color Swatch",
        elements=(
            ElementDefinition("desc", "INPUT", "Color"),
            ElementDefinition("hex", "INPUT", "Hex"),
            ElementDefinition("image", "IMAGE", "Image"),
        ),
    ),
    AttributeTypeCreate(
        "media_alt",
        "ProductMedia",
        is_mapped=False,
        description="Alternative text",
        elements=(ElementDefinition("text", "INPUT", "Alternative text"),),
    ),
)

DEMO_ATTRIBUTES = (
    AttributeCreate("Wood", "pr_materials", (ElementValue("text", "Wood"),)),
    AttributeCreate("Steel", "pr_materials", (ElementValue("text", "Steel"),)),
    AttributeCreate("Plastic", "pr_materials", (ElementValue("text", "Plastic"),)),
    AttributeCreate(
        "Blue",
        "sh_swatch",
        (
            ElementValue("desc", "Blue"),
            ElementValue("hex", "#0000FF"),
            ElementValue("image", "https://media.example.com/swatches/blue.png"),
        ),
    ),
    AttributeCreate(
        "Red", "sh_swatch", (ElementValue("desc", "Red"), ElementValue("hex", "#FF0000"))
    ),
)


def load_attributes_demo(database: Database) -> None:
    writer = Writer.system(database, "demo")
    types = catalog.attribute_types
    with database.read_core() as connection:
        present = connection.execute(
            select(types.c.id).where(types.c.name == "pr_long_name")
        ).first()
    if present is not None:
        return
    for attribute_type in DEMO_TYPES:
        create_attribute_type(writer, attribute_type)
    for attribute in DEMO_ATTRIBUTES:
        create_attribute(writer, attribute)
