"""Pricelist use cases: ``create_pricelist``, ``update_pricelist``, ``delete_pricelist``.

Rules (reference 3.18, 4.5): a pricelist belongs to one store and has one currency (several
pricelists may share it); names are unique per store; countries are added to pricelists of
direct-to-consumer stores only, and a country geo-locates to at most one pricelist per
store. A pricelist is deleted only when unused: no prices and no altered prices.

By analogy (not in the reference): the first pricelist of a store in a currency is that
currency's default (``isDefaultForCurrency``); when the default is deleted or changes
currency, the oldest remaining pricelist of the store in that currency takes over. The
currency can change only while the pricelist has no prices (they are in its currency).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, func, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.idconversion.new_objects import assign_external_id, checked_external_id
from mercato.idconversion.references import Reference, resolve
from mercato.pricing.common import (
    Currency,
    currency_by_code,
    forget_external_ids,
    store_type,
    valid_name,
)

OBJECT_TYPE = "Pricelist"


@dataclass(frozen=True)
class PricelistCreate:
    name: str
    store: Reference
    currency_iso_code: str
    status: str = "ACTIVE"
    comment: str | None = None
    add_countries: Sequence[Reference] = ()
    external_id: str | None = None


@dataclass(frozen=True)
class PricelistUpdate:
    """``None`` (or an empty sequence) leaves a member as it is."""

    name: str | None = None
    status: str | None = None
    comment: str | None = None
    currency_iso_code: str | None = None
    add_countries: Sequence[Reference] = ()
    remove_countries: Sequence[Reference] = ()
    external_id: str | None = None


@dataclass
class PricelistResult:
    pricelist_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _Pricelist:
    id: int
    name: str
    store_id: int
    currency_id: int
    is_default: bool


def create_pricelist(writer: Writer, command: PricelistCreate) -> PricelistResult:
    name = valid_name(command.name, "pricelist", ("input", "name"))
    external_id = checked_external_id(writer.caller, command.external_id, ("input", "externalId"))
    with writer.begin("Pricelist") as work:
        connection = work.connection
        store_id = resolve(work, "Store", command.store, ("input", "store"))
        _require_unique_name(connection, store_id, name, exclude=None)
        currency = currency_by_code(
            connection, command.currency_iso_code, ("input", "currencyIsoCode")
        )
        result = PricelistResult(pricelist_id=0)
        countries = _countries_to_add(work, None, store_id, command.add_countries, (), result)
        # Every rule is checked above: nothing is written (no sequence value consumed) when
        # the request is refused.
        now = utc_now()
        pricelists = catalog.pricelists
        result.pricelist_id = connection.execute(
            insert(pricelists)
            .values(
                store_id=store_id,
                name=name,
                status=command.status,
                currency_id=currency.id,
                comment=command.comment,
                is_default_for_currency=not _has_pricelist_in(connection, store_id, currency),
                created_at=now,
                updated_at=now,
            )
            .returning(pricelists.c.id)
        ).scalar_one()
        _link_countries(connection, result.pricelist_id, store_id, countries)
        if external_id is not None:
            assign_external_id(work, OBJECT_TYPE, result.pricelist_id, external_id)
    return result


def update_pricelist(
    writer: Writer, pricelist: Reference, command: PricelistUpdate
) -> PricelistResult:
    name = (
        None if command.name is None else valid_name(command.name, "pricelist", ("input", "name"))
    )
    external_id = checked_external_id(writer.caller, command.external_id, ("input", "externalId"))
    with writer.begin("Pricelist") as work:
        connection = work.connection
        current = _load(connection, resolve(work, OBJECT_TYPE, pricelist, ()))
        result = PricelistResult(current.id)
        values: dict[str, object] = {"updated_at": utc_now()}
        if name is not None and name != current.name:
            _require_unique_name(connection, current.store_id, name, exclude=current.id)
            values["name"] = name
        if command.status is not None:
            values["status"] = command.status
        if command.comment is not None:
            values["comment"] = command.comment
        new_currency: Currency | None = None
        if command.currency_iso_code is not None:
            new_currency = currency_by_code(
                connection, command.currency_iso_code, ("input", "currencyIsoCode")
            )
            if new_currency.id == current.currency_id:
                new_currency = None
            else:
                _require_no_prices(connection, current, "change its currency")
        removed = _countries_to_remove(work, current.id, command.remove_countries, result)
        added = _countries_to_add(
            work,
            current.id,
            current.store_id,
            command.add_countries,
            removed,
            result,
        )
        # Every rule is checked above; the writes follow.
        if new_currency is not None:
            values["currency_id"] = new_currency.id
            values["is_default_for_currency"] = not _has_pricelist_in(
                connection, current.store_id, new_currency
            )
        connection.execute(
            update(catalog.pricelists).where(catalog.pricelists.c.id == current.id).values(**values)
        )
        if new_currency is not None and current.is_default:
            _promote_default(connection, current.store_id, current.currency_id)
        links = catalog.pricelist_countries
        if removed:
            connection.execute(
                delete(links).where(
                    links.c.pricelist_id == current.id, links.c.country_id.in_(removed)
                )
            )
        _link_countries(connection, current.id, current.store_id, added)
        if external_id is not None:
            assign_external_id(work, OBJECT_TYPE, current.id, external_id)
    return result


def delete_pricelist(writer: Writer, pricelist: Reference) -> None:
    with writer.begin("Pricelist") as work:
        connection = work.connection
        current = _load(connection, resolve(work, OBJECT_TYPE, pricelist, ()))
        _require_no_prices(connection, current, "be deleted")
        connection.execute(
            delete(catalog.pricelist_countries).where(
                catalog.pricelist_countries.c.pricelist_id == current.id
            )
        )
        connection.execute(delete(catalog.pricelists).where(catalog.pricelists.c.id == current.id))
        forget_external_ids(connection, OBJECT_TYPE, current.id)
        if current.is_default:
            _promote_default(connection, current.store_id, current.currency_id)


# -- rules -------------------------------------------------------------------------------


def _load(connection: Connection, pricelist_id: int) -> _Pricelist:
    pricelists = catalog.pricelists
    row = connection.execute(
        select(
            pricelists.c.id,
            pricelists.c.name,
            pricelists.c.store_id,
            pricelists.c.currency_id,
            pricelists.c.is_default_for_currency,
        ).where(pricelists.c.id == pricelist_id)
    ).one()
    return _Pricelist(row.id, row.name, row.store_id, row.currency_id, bool(row[4]))


def _require_unique_name(
    connection: Connection, store_id: int, name: str, exclude: int | None
) -> None:
    pricelists = catalog.pricelists
    query = select(pricelists.c.id).where(
        pricelists.c.store_id == store_id, pricelists.c.name == name
    )
    if exclude is not None:
        query = query.where(pricelists.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'The store already has a pricelist named "{name}": pricelist names are unique '
            "per store.",
            "input",
            "name",
        )


def _has_pricelist_in(connection: Connection, store_id: int, currency: Currency) -> bool:
    pricelists = catalog.pricelists
    return (
        connection.execute(
            select(pricelists.c.id)
            .where(pricelists.c.store_id == store_id, pricelists.c.currency_id == currency.id)
            .limit(1)
        ).first()
        is not None
    )


def _promote_default(connection: Connection, store_id: int, currency_id: int) -> None:
    """Make the store's oldest pricelist in the currency its default, if it has any left."""
    pricelists = catalog.pricelists
    successor = connection.execute(
        select(func.min(pricelists.c.id)).where(
            pricelists.c.store_id == store_id, pricelists.c.currency_id == currency_id
        )
    ).scalar_one_or_none()
    if successor is not None:
        connection.execute(
            update(pricelists)
            .where(pricelists.c.id == successor)
            .values(is_default_for_currency=True)
        )


def _require_no_prices(connection: Connection, pricelist: _Pricelist, action: str) -> None:
    prices = catalog.prices
    altered = catalog.altered_prices
    priced = connection.execute(
        select(func.count()).select_from(prices).where(prices.c.pricelist_id == pricelist.id)
    ).scalar_one()
    altered_count = connection.execute(
        select(func.count()).select_from(altered).where(altered.c.pricelist_id == pricelist.id)
    ).scalar_one()
    if priced or altered_count:
        what = []
        if priced:
            what.append(f"prices for {priced} product variant{'s' if priced != 1 else ''}")
        if altered_count:
            what.append(
                f"{altered_count} altered price{'s' if altered_count != 1 else ''} of price "
                "alterations"
            )
        raise UserInputError.single(
            f'Pricelist "{pricelist.name}" is in use ({" and ".join(what)}), so it cannot {action}.'
        )


def _countries_to_remove(
    work: UnitOfWork,
    pricelist_id: int,
    references: Sequence[Reference],
    result: PricelistResult,
) -> list[int]:
    connection = work.connection
    if not references:
        return []
    links = catalog.pricelist_countries
    present = set(
        connection.execute(
            select(links.c.country_id).where(links.c.pricelist_id == pricelist_id)
        ).scalars()
    )
    to_remove: list[int] = []
    for index, reference in enumerate(references):
        path = ("input", "removeCountries", index)
        country_id = resolve(work, "Country", reference, path)
        if country_id not in present:
            result.warnings.append(
                MutationWarning(f"Country {reference.describe()} was not in this pricelist.", path)
            )
        elif country_id not in to_remove:
            to_remove.append(country_id)
    return to_remove


def _countries_to_add(
    work: UnitOfWork,
    pricelist_id: int | None,
    store_id: int,
    references: Sequence[Reference],
    removed: Sequence[int],
    result: PricelistResult,
) -> list[int]:
    """The ids of the countries to link, after checking every rule (nothing is written)."""
    connection = work.connection
    if not references:
        return []
    if store_type(connection, store_id) != "DIRECT_TO_CONSUMER":
        raise UserInputError.single(
            "Countries can be added to pricelists of direct-to-consumer stores only.",
            "input",
            "addCountries",
        )
    links = catalog.pricelist_countries
    pricelists = catalog.pricelists
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
            select(links.c.pricelist_id, pricelists.c.name)
            .join(pricelists, pricelists.c.id == links.c.pricelist_id)
            .where(links.c.store_id == store_id, links.c.country_id == country_id)
        ).first()
        if holder is not None and holder.pricelist_id == pricelist_id:
            if country_id not in removed:
                result.warnings.append(
                    MutationWarning(
                        f"Country {reference.describe()} is already in this pricelist.", path
                    )
                )
                continue
        elif holder is not None:
            problems.append(
                UserError(
                    f'Country {reference.describe()} already belongs to pricelist "{holder.name}" '
                    "of this store: a country has one pricelist per store, remove it there first.",
                    path,
                )
            )
            continue
        to_add.append(country_id)
    if problems:
        raise UserInputError(problems)
    return to_add


def _link_countries(
    connection: Connection, pricelist_id: int, store_id: int, country_ids: Sequence[int]
) -> None:
    if country_ids:
        connection.execute(
            insert(catalog.pricelist_countries),
            [
                {"pricelist_id": pricelist_id, "country_id": c, "store_id": store_id}
                for c in country_ids
            ],
        )
