"""GraphQL documents and small helpers the attributes, translations and media tests share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.support import Api

ELEMENTS = """
  key description kind
  ... on AttributeStringElement { value }
  ... on AttributeChoiceElement { isMulti selectedValue selectedValueName }
  ... on AttributeFileElement { url }
  ... on AttributeImageElement { url width height mimeType }
"""

ATTRIBUTES = f"type {{ name isMapped }} description objectType elements {{ {ELEMENTS} }}"

ASSIGN = """
mutation($input: AttributesAssignGenericInput!) {
  assignAttributes(input: $input) { userErrors { message path } userWarnings { message path } }
}"""

UNASSIGN = """
mutation($input: AttributesUnassignGenericInput!) {
  unassignAttributes(input: $input) { userErrors { message path } userWarnings { message path } }
}"""

SET_TRANSLATIONS = """
mutation($input: TranslationsSetInput!) {
  setTranslations(input: $input) { userErrors { message path } userWarnings { message path } }
}"""

TRANSLATIONS = "translations { language { code } fields { field value } }"

CREATE_BATCH = """
mutation($input: MediaBatchCreateInput!) {
  createMediaBatch(input: $input) { queueId userErrors { message path } }
}"""

MEDIA = "id position metaDataJSON source { mediaSize { name } url mimeType type }"


def product_attributes(api: Api, product_id: int) -> list[dict[str, Any]]:
    data = api.ok(
        f"query($id: Int) {{ product(id: $id) {{ attributes {{ {ATTRIBUTES} }} }} }}",
        {"id": product_id},
    )
    result: list[dict[str, Any]] = data["product"]["attributes"]
    return result


def variant_attributes(api: Api, variant_id: int) -> list[dict[str, Any]]:
    data = api.ok(
        f"query($id: Int) {{ productVariant(id: $id) {{ attributes {{ {ATTRIBUTES} }} }} }}",
        {"id": variant_id},
    )
    result: list[dict[str, Any]] = data["productVariant"]["attributes"]
    return result


def mapped_id(database: Database, name: str) -> int:
    """The id of a demo mapped attribute (Wood, Steel, Plastic, Blue, Red)."""
    table = catalog.mapped_attributes
    with database.engine.connect() as connection:
        found: int = connection.execute(select(table.c.id).where(table.c.name == name)).scalar_one()
    return found


def assign(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(ASSIGN, {"input": input_})["assignAttributes"]
    return result


def unassign(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(UNASSIGN, {"input": input_})["unassignAttributes"]
    return result


def set_translations(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(SET_TRANSLATIONS, {"input": input_})["setTranslations"]
    return result


def create_batch(api: Api, *items: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE_BATCH, {"input": {"productMedia": list(items)}})[
        "createMediaBatch"
    ]
    return result


def make_display(database: Database, product_id: int, name: str = "Sweater") -> int:
    """A display of the product in the Retail store, inserted directly."""
    now = utc_now()
    with database.write() as connection:
        display_id: int = connection.execute(
            insert(catalog.displays)
            .values(
                store_id=1,
                product_id=product_id,
                name=name,
                status="ACTIVE",
                uri=f"display-{product_id}",
                tags="[]",
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.displays.c.id)
        ).scalar_one()
    return display_id
