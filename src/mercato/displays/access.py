"""Finding displays, markets and stores for a write, within a token's store restriction.

A store-restricted token sees only its store's displays and markets (``Display:read`` and
``Market:read`` are store-restricted), so for it another store's object does not exist: the
same "Could not find" userError as for an unknown id, and nothing about the object leaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.errors import PathElement, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class DisplayRow:
    id: int
    store_id: int
    product_id: int
    name: str
    uri: str
    canonical_category_id: int | None


def store(
    connection: Connection,
    integration_name: str | None,
    reference: Reference,
    path: Sequence[PathElement],
    store_restriction: int | None,
) -> int:
    store_id = resolve(connection, integration_name, "Store", reference, path)
    if store_restriction is not None and store_id != store_restriction:
        raise UserInputError.single(
            f"This token is restricted to store {store_restriction}: it cannot create "
            f"displays in store {store_id}.",
            *path,
        )
    return store_id


def display(
    connection: Connection,
    integration_name: str | None,
    reference: Reference,
    path: Sequence[PathElement],
    store_restriction: int | None,
) -> DisplayRow:
    display_id = resolve(connection, integration_name, "Display", reference, path)
    displays = catalog.displays
    row = connection.execute(
        select(
            displays.c.id,
            displays.c.store_id,
            displays.c.product_id,
            displays.c.name,
            displays.c.uri,
            displays.c.canonical_category_id,
        ).where(displays.c.id == display_id)
    ).one()
    if store_restriction is not None and row.store_id != store_restriction:
        raise UserInputError.single(f"Could not find Display with {reference.describe()}.", *path)
    return DisplayRow(*row)


def market_store(
    connection: Connection,
    integration_name: str | None,
    reference: Reference,
    path: Sequence[PathElement],
    store_restriction: int | None,
) -> tuple[int, int]:
    """``(market id, its store id)``."""
    market_id = resolve(connection, integration_name, "Market", reference, path)
    store_id: int = connection.execute(
        select(tables.markets.c.store_id).where(tables.markets.c.id == market_id)
    ).scalar_one()
    if store_restriction is not None and store_id != store_restriction:
        raise UserInputError.single(f"Could not find Market with {reference.describe()}.", *path)
    return market_id, store_id
