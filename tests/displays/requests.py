"""The display mutations as the tests send them, and rows other domains own (media)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.support import Api

FIELDS = """
  id name status uri minimumOrderQuantity orderQuantityDenominator description shortDescription
  metaTitle metaDescription metaKeywords comment tags createdAt updatedAt
  store { id } product { id } productVariants { id } displayItems { id customOrder productVariant { id } display { id } }
  markets { id } categories { id } canonicalCategory { id }
"""

CREATE = f"""
mutation($input: DisplayCreateInput!) {{
  createDisplay(input: $input) {{
    display {{ {FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int!, $input: DisplayUpdateInput!) {{
  updateDisplay(id: $id, input: $input) {{
    display {{ {FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

EVERYTHING = f"""{{
  displays(limit: 200) {{ {FIELDS} }}
  displayItems(limit: 200) {{ id customOrder display {{ id }} productVariant {{ id }} }}
}}"""


def create(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_})["createDisplay"]
    return result


def created(api: Api, **input_: Any) -> dict[str, Any]:
    result = create(api, **input_)
    assert result["userErrors"] == [], result
    display: dict[str, Any] = result["display"]
    return display


def update(api: Api, display_id: int, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(UPDATE, {"id": display_id, "input": input_})["updateDisplay"]
    return result


def make_media(database: Database, product_id: int, count: int) -> list[int]:
    """``count`` media rows of the product, in position order."""
    with database.write() as connection:
        return [
            connection.execute(
                insert(catalog.product_media)
                .values(
                    product_id=product_id,
                    url=f"https://img.example/{product_id}-{position}.jpg",
                    media_type="IMAGE",
                    position=position,
                    created_at=utc_now(),
                )
                .returning(catalog.product_media.c.id)
            ).scalar_one()
            for position in range(1, count + 1)
        ]
