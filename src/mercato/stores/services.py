"""Market use cases: ``create_market``, ``update_market``, ``delete_market``.

Rules (reference 3.2): a market's name is unique in its store; a market has exactly one
allocation rule, of its own store; countries can be added only in direct-to-consumer stores,
and a country geo-locates to at most one market per store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from mercato.clock import utc_now
from mercato.db import tables
from mercato.db.unit_of_work import Change, UnitOfWork, Writer
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, resolve

MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class MarketCreate:
    name: str
    store: Reference
    comment: str | None = None
    allocation_rule: Reference | None = None
    add_countries: Sequence[Reference] = ()


@dataclass(frozen=True)
class MarketUpdate:
    name: str | None = None
    comment: str | None = None
    allocation_rule: Reference | None = None
    add_countries: Sequence[Reference] = ()
    remove_countries: Sequence[Reference] = ()


@dataclass
class MarketResult:
    market_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


def create_market(writer: Writer, command: MarketCreate) -> MarketResult:
    name = _valid_name(command.name, ("input", "name"))
    with writer.begin("Market") as work:
        connection = work.connection
        store_id = resolve(work, "Store", command.store, ("input", "store"))
        _require_unique_name(connection, store_id, name, exclude_market=None)
        rule_id = _allocation_rule(work, store_id, command.allocation_rule)
        result = MarketResult(market_id=0)
        # Every rule is checked before the first write, so a refused request leaves no
        # trace at all (not even a consumed PostgreSQL sequence value).
        countries = _countries_to_add(work, None, store_id, command.add_countries, result)
        now = utc_now()
        result.market_id = connection.execute(
            insert(tables.markets)
            .values(
                name=name,
                comment=command.comment,
                store_id=store_id,
                allocation_rule_id=rule_id,
                created_at=now,
                updated_at=now,
            )
            .returning(tables.markets.c.id)
        ).scalar_one()
        _link_countries(connection, result.market_id, store_id, countries)
        work.emit("Market", result.market_id, Change.CREATED, store_id=store_id)
    return result


def update_market(writer: Writer, market: Reference, command: MarketUpdate) -> MarketResult:
    name = None if command.name is None else _valid_name(command.name, ("input", "name"))
    with writer.begin("Market") as work:
        connection = work.connection
        market_id = resolve(work, "Market", market, ())
        store_id = connection.execute(
            select(tables.markets.c.store_id).where(tables.markets.c.id == market_id)
        ).scalar_one()
        values: dict[str, object] = {"updated_at": utc_now()}
        if name is not None:
            _require_unique_name(connection, store_id, name, exclude_market=market_id)
            values["name"] = name
        if command.comment is not None:
            values["comment"] = command.comment
        if command.allocation_rule is not None:
            values["allocation_rule_id"] = _allocation_rule(work, store_id, command.allocation_rule)
        connection.execute(
            update(tables.markets).where(tables.markets.c.id == market_id).values(**values)
        )
        result = MarketResult(market_id)
        _remove_countries(work, market_id, command.remove_countries, result)
        countries = _countries_to_add(work, market_id, store_id, command.add_countries, result)
        _link_countries(connection, market_id, store_id, countries)
        work.emit("Market", market_id, Change.UPDATED, store_id=store_id)
    return result


def delete_market(writer: Writer, market: Reference) -> None:
    with writer.begin("Market") as work:
        connection = work.connection
        market_id = resolve(work, "Market", market, ())
        store_id = connection.execute(
            select(tables.markets.c.store_id).where(tables.markets.c.id == market_id)
        ).scalar_one()
        connection.execute(
            delete(tables.market_countries).where(tables.market_countries.c.market_id == market_id)
        )
        connection.execute(delete(tables.markets).where(tables.markets.c.id == market_id))
        work.emit("Market", market_id, Change.DELETED, store_id=store_id)


# -- rules -------------------------------------------------------------------------------


def _valid_name(name: str, path: tuple[PathElement, ...]) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single("A market needs a name.", *path)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A market name has at most {MAX_NAME_LENGTH} characters.", *path
        )
    return cleaned


def _require_unique_name(
    connection: Connection, store_id: int, name: str, exclude_market: int | None
) -> None:
    markets = tables.markets
    query = select(markets.c.id).where(markets.c.store_id == store_id, markets.c.name == name)
    if exclude_market is not None:
        query = query.where(markets.c.id != exclude_market)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'The store already has a market named "{name}": market names are unique per store.',
            "input",
            "name",
        )


def _allocation_rule(work: UnitOfWork, store_id: int, reference: Reference | None) -> int:
    connection = work.connection
    rules = tables.allocation_rules
    if reference is None:
        found: int | None = connection.execute(
            select(rules.c.id)
            .where(rules.c.store_id == store_id, rules.c.is_active.is_(True))
            .order_by(rules.c.id)
            .limit(1)
        ).scalar_one_or_none()
        if found is None:
            raise UserInputError.single(
                "The store has no active allocation rule: give allocationRule.",
                "input",
                "allocationRule",
            )
        return found
    rule_id = resolve(work, "AllocationRule", reference, ("input", "allocationRule"))
    rule_store = connection.execute(
        select(rules.c.store_id).where(rules.c.id == rule_id)
    ).scalar_one()
    if rule_store != store_id:
        raise UserInputError.single(
            f"Allocation rule {rule_id} belongs to another store than the market.",
            "input",
            "allocationRule",
        )
    return rule_id


def _countries_to_add(
    work: UnitOfWork,
    market_id: int | None,
    store_id: int,
    references: Sequence[Reference],
    result: MarketResult,
) -> list[int]:
    """The ids of the countries to link, after checking every rule (nothing is written)."""
    connection = work.connection
    if not references:
        return []
    store_type = connection.execute(
        select(tables.stores.c.type).where(tables.stores.c.id == store_id)
    ).scalar_one()
    if store_type != "DIRECT_TO_CONSUMER":
        raise UserInputError.single(
            "Countries can be added to markets of direct-to-consumer stores only.",
            "input",
            "addCountries",
        )
    links = tables.market_countries
    problems: list[UserError] = []
    to_add: list[int] = []
    for index, reference in enumerate(references):
        path = ("input", "addCountries", index)
        country_id = resolve(work, "Country", reference, path)
        if country_id in to_add:
            result.warnings.append(
                MutationWarning(f"Duplicate country {reference.describe()} skipped.", path)
            )
            continue
        holder = connection.execute(
            select(links.c.market_id, tables.markets.c.name)
            .join(tables.markets, tables.markets.c.id == links.c.market_id)
            .where(links.c.store_id == store_id, links.c.country_id == country_id)
        ).first()
        if holder is not None and holder.market_id == market_id:
            result.warnings.append(
                MutationWarning(f"Country {reference.describe()} is already in this market.", path)
            )
            continue
        if holder is not None:
            problems.append(
                UserError(
                    f'Country {reference.describe()} already belongs to market "{holder.name}" '
                    "of this store: remove it there first.",
                    path,
                )
            )
            continue
        to_add.append(country_id)
    if problems:
        raise UserInputError(problems)
    return to_add


def _link_countries(
    connection: Connection, market_id: int, store_id: int, country_ids: Sequence[int]
) -> None:
    if country_ids:
        connection.execute(
            insert(tables.market_countries),
            [{"market_id": market_id, "country_id": c, "store_id": store_id} for c in country_ids],
        )


def _remove_countries(
    work: UnitOfWork,
    market_id: int,
    references: Sequence[Reference],
    result: MarketResult,
) -> None:
    connection = work.connection
    links = tables.market_countries
    for index, reference in enumerate(references):
        path = ("input", "removeCountries", index)
        country_id = resolve(work, "Country", reference, path)
        removed = connection.execute(
            delete(links).where(links.c.market_id == market_id, links.c.country_id == country_id)
        ).rowcount
        if not removed:
            result.warnings.append(
                MutationWarning(f"Country {reference.describe()} was not in this market.", path)
            )
