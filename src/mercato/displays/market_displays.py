"""``set_market_displays`` and ``unset_market_displays``: which displays a market shows
(reference 3.2, 2.7).

Both are idempotent: linking a display that is in the market already, or unlinking one that
is not, changes nothing and says nothing; a display named twice is skipped with a warning.
Displays are in the market's store. A display whose markets change gets a new ``updatedAt``
(integrations sync displays by it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.displays import access
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve


@dataclass(frozen=True)
class MarketDisplays:
    market: Reference
    displays: Sequence[Reference]


@dataclass
class MarketDisplaysResult:
    market_id: int
    display_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


def set_market_displays(
    writer: Writer,
    command: MarketDisplays,
) -> MarketDisplaysResult:
    with writer.begin("Display") as work:
        connection = work.connection
        result = _resolve(work, command)
        links = catalog.display_markets
        present = _linked(connection, result.market_id, result.display_ids)
        new = [d for d in result.display_ids if d not in present]
        if new:
            connection.execute(
                insert(links), [{"display_id": d, "market_id": result.market_id} for d in new]
            )
            _touch(connection, new)
    return result


def unset_market_displays(
    writer: Writer,
    command: MarketDisplays,
) -> MarketDisplaysResult:
    with writer.begin("Display") as work:
        connection = work.connection
        result = _resolve(work, command)
        links = catalog.display_markets
        present = _linked(connection, result.market_id, result.display_ids)
        if present:
            connection.execute(
                delete(links).where(
                    links.c.market_id == result.market_id, links.c.display_id.in_(present)
                )
            )
            _touch(connection, present)
    return result


def _resolve(
    work: UnitOfWork,
    command: MarketDisplays,
) -> MarketDisplaysResult:
    """The market and the displays, every rule checked, every problem gathered."""
    connection = work.connection
    market_id, store_id = access.market_store(work, command.market, ("input", "market"))
    result = MarketDisplaysResult(market_id)
    problems: list[UserError] = []
    found: list[tuple[tuple[PathElement, ...], Reference, int]] = []
    for index, reference in enumerate(command.displays):
        path: tuple[PathElement, ...] = ("input", "displays", index)
        try:
            display_id = resolve(work, "Display", reference, path)
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if display_id in result.display_ids:
            result.warnings.append(
                MutationWarning(f"Duplicate display {reference.describe()} skipped.", path)
            )
            continue
        result.display_ids.append(display_id)
        found.append((path, reference, display_id))
    displays = catalog.displays
    stores = (
        dict(
            connection.execute(
                select(displays.c.id, displays.c.store_id).where(
                    displays.c.id.in_(result.display_ids)
                )
            ).all()
        )
        if result.display_ids
        else {}
    )
    for path, reference, display_id in found:
        display_store = stores[display_id]
        if display_store != store_id:
            problems.append(
                UserError(
                    f"Display {reference.describe()} belongs to store {display_store}, the "
                    f"market to store {store_id}: a market shows displays of its own store only.",
                    path,
                )
            )
    if problems:
        raise UserInputError(problems)
    return result


def _linked(connection: Connection, market_id: int, display_ids: list[int]) -> list[int]:
    if not display_ids:
        return []
    links = catalog.display_markets
    present = set(
        connection.execute(
            select(links.c.display_id).where(
                links.c.market_id == market_id, links.c.display_id.in_(display_ids)
            )
        ).scalars()
    )
    return [d for d in display_ids if d in present]


def _touch(connection: Connection, display_ids: list[int]) -> None:
    displays = catalog.displays
    connection.execute(
        update(displays).where(displays.c.id.in_(display_ids)).values(updated_at=utc_now())
    )
