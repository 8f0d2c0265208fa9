"""Reference inputs (``{id}``, ``{externalId}``, ``{code}``) resolved inside a transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, select

from mercato.db import catalog_tables as catalog_tables  # registers the catalog's tables
from mercato.db import tables
from mercato.errors import PathElement, UserInputError

#: Object types that can carry external ids, and the table holding each.
OBJECT_TABLES: Mapping[str, str] = {
    "AllocationRule": "allocation_rules",
    "Attribute": "mapped_attributes",
    "Brand": "brands",
    "Bundle": "bundles",
    "Category": "categories",
    "Collection": "collections",
    "Country": "countries",
    "Currency": "currencies",
    "Display": "displays",
    "Folder": "folders",
    "Language": "languages",
    "Market": "markets",
    "PriceAlteration": "price_alterations",
    "Pricelist": "pricelists",
    "Product": "products",
    "ProductMedia": "product_media",
    "ProductSize": "product_sizes",
    "ProductVariant": "product_variants",
    "Size": "sizes",
    "SizeChart": "size_charts",
    "Store": "stores",
    "Warehouse": "warehouses",
}


class SizeReference(NamedTuple):
    """A size of a variant's size chart: by id, by the integration's external id
    (``"<chart>|<size>"``), or by name within the chart. One type for every domain that takes
    sizes (a named tuple: a stock write may carry 10,000 of them)."""

    id: int | None = None
    external_id: str | None = None
    name: str | None = None

    def describe(self) -> str:
        if self.id is not None:
            return f"ID {self.id}"
        if self.external_id is not None:
            return f'externalId "{self.external_id}"'
        return f'name "{self.name}"'


@dataclass(frozen=True)
class Reference:
    id: int | None = None
    external_id: str | None = None
    code: str | None = None

    @classmethod
    def from_input(cls, value: Mapping[str, Any] | None) -> Reference | None:
        if value is None:
            return None
        return cls(value.get("id"), value.get("externalId"), value.get("code"))

    def describe(self) -> str:
        if self.id is not None:
            return f"ID {self.id}"
        if self.external_id is not None:
            return f'externalId "{self.external_id}"'
        return f'code "{self.code}"'


def internal_id(
    connection: Connection, integration_name: str | None, object_type: str, external_id: str
) -> int | None:
    if integration_name is None:
        return None
    conversions = tables.id_conversions
    found: int | None = connection.execute(
        select(conversions.c.internal_id).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.external_id == external_id,
        )
    ).scalar_one_or_none()
    return found


def resolve(
    connection: Connection,
    integration_name: str | None,
    object_type: str,
    reference: Reference,
    path: Sequence[PathElement],
) -> int:
    """The id the reference names; a userError when it names nothing."""
    table = tables.metadata.tables[OBJECT_TABLES[object_type]]
    given = [v for v in (reference.id, reference.external_id, reference.code) if v is not None]
    if len(given) != 1:
        raise UserInputError.single(
            f"Give exactly one of id, externalId or code to reference a {object_type}.", *path
        )
    found: int | None
    if reference.id is not None:
        found = connection.execute(
            select(table.c.id).where(table.c.id == reference.id)
        ).scalar_one_or_none()
    elif reference.external_id is not None:
        if integration_name is None:
            raise UserInputError.single(
                "This token has no integration name, so it has no external ids: "
                "reference by id, or use a token with an integration name.",
                *path,
            )
        found = internal_id(connection, integration_name, object_type, reference.external_id)
    else:
        if "code" not in table.c:
            raise UserInputError.single(f"A {object_type} cannot be referenced by code.", *path)
        found = connection.execute(
            select(table.c.id).where(table.c.code == reference.code)
        ).scalar_one_or_none()
    if found is None:
        raise UserInputError.single(
            f"Could not find {object_type} with {reference.describe()}.", *path
        )
    return found
