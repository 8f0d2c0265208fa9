"""Finding displays, markets and stores for a write.

References resolve in the caller's scope (``mercato.idconversion.references.resolve``): for a
store-restricted token another store's object does not exist, the same "Could not find"
userError as for an unknown id, and nothing about the object leaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import PathElement
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
    work: UnitOfWork,
    reference: Reference,
    path: Sequence[PathElement],
) -> int:
    return resolve(work, "Store", reference, path)


def display(
    work: UnitOfWork,
    reference: Reference,
    path: Sequence[PathElement],
) -> DisplayRow:
    connection = work.connection
    display_id = resolve(work, "Display", reference, path)
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
    return DisplayRow(*row)


def market_store(
    work: UnitOfWork,
    reference: Reference,
    path: Sequence[PathElement],
) -> tuple[int, int]:
    """``(market id, its store id)``."""
    connection = work.connection
    market_id = resolve(work, "Market", reference, path)
    store_id: int = connection.execute(
        select(tables.markets.c.store_id).where(tables.markets.c.id == market_id)
    ).scalar_one()
    return market_id, store_id
