"""Price alterations (wholesale only): ``create_price_alteration``,
``update_price_alteration`` and ``set_altered_prices``.

Rules (reference 3.18, 4.5): price alterations exist in wholesale stores only, one active per
store; from their ``startDate`` they override the prices of the store's pricelists. Altered
prices are set like prices (``productPrices`` of the same shape): the product price applies
to every variant of the product, except the variants given individually in the same entry.

By analogy: names are unique per store; an alteration moves to another store only while it
has no altered prices (they belong to pricelists of its store); the pricelist of
``setAlteredPrices`` must belong to the alteration's store.

Not stored (the table has no column for them): recommended retail prices and whether an
altered variant price is individual, so ``recommendedRetailPrice`` is ignored with a warning
and ``overrideIndividualVariantPrices`` changes nothing beyond the product price itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import Writer
from mercato.errors import MutationWarning, UserInputError
from mercato.idconversion.references import Reference, resolve
from mercato.pricing.common import raise_problems, store_type, valid_name
from mercato.pricing.planning import ProductPriceInput, plan_prices
from mercato.pricing.prices import pricelist_facts

OBJECT_TYPE = "PriceAlteration"
RRP_NOT_ALTERED = (
    "Price alterations have no recommended retail prices: recommendedRetailPrice ignored"
)


@dataclass(frozen=True)
class PriceAlterationCreate:
    name: str
    store: Reference
    start_date: date
    status: str = "ACTIVE"


@dataclass(frozen=True)
class PriceAlterationUpdate:
    """``None`` leaves a member as it is."""

    name: str | None = None
    status: str | None = None
    store: Reference | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class AlteredPricesSet:
    price_alteration: Reference
    pricelist: Reference
    product_prices: Sequence[ProductPriceInput]


@dataclass
class AlteredPricesSetResult:
    price_alteration_id: int
    pricelist_id: int
    product_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


def create_price_alteration(writer: Writer, command: PriceAlterationCreate) -> int:
    name = valid_name(command.name, "price alteration", ("input", "name"))
    with writer.begin("PriceAlteration") as work:
        connection = work.connection
        store_id = resolve(work, "Store", command.store, ("input", "store"))
        _require_wholesale(connection, store_id)
        _require_unique_name(connection, store_id, name, exclude=None)
        if command.status == "ACTIVE":
            _require_no_other_active(connection, store_id, exclude=None)
        now = utc_now()
        alterations = catalog.price_alterations
        alteration_id: int = connection.execute(
            insert(alterations)
            .values(
                store_id=store_id,
                name=name,
                status=command.status,
                start_date=command.start_date,
                created_at=now,
                updated_at=now,
            )
            .returning(alterations.c.id)
        ).scalar_one()
    return alteration_id


def update_price_alteration(
    writer: Writer,
    alteration: Reference,
    command: PriceAlterationUpdate,
) -> int:
    name = (
        None
        if command.name is None
        else valid_name(command.name, "price alteration", ("input", "name"))
    )
    with writer.begin("PriceAlteration") as work:
        connection = work.connection
        alteration_id = resolve(work, OBJECT_TYPE, alteration, ())
        alterations = catalog.price_alterations
        current = connection.execute(
            select(alterations.c.name, alterations.c.status, alterations.c.store_id).where(
                alterations.c.id == alteration_id
            )
        ).one()
        store_id: int = current.store_id
        values: dict[str, object] = {"updated_at": utc_now()}
        if command.store is not None:
            new_store = resolve(work, "Store", command.store, ("input", "store"))
            if new_store != store_id:
                _require_wholesale(connection, new_store)
                _require_no_altered_prices(connection, alteration_id)
                store_id = new_store
                values["store_id"] = new_store
        new_name = name if name is not None else current.name
        if new_name != current.name or store_id != current.store_id:
            _require_unique_name(connection, store_id, new_name, exclude=alteration_id)
            values["name"] = new_name
        status = command.status or current.status
        if status == "ACTIVE" and (current.status != "ACTIVE" or store_id != current.store_id):
            _require_no_other_active(connection, store_id, exclude=alteration_id)
        values["status"] = status
        if command.start_date is not None:
            values["start_date"] = command.start_date
        connection.execute(
            update(alterations).where(alterations.c.id == alteration_id).values(**values)
        )
    return alteration_id


def set_altered_prices(writer: Writer, command: AlteredPricesSet) -> AlteredPricesSetResult:
    with writer.begin("AlteredPrice") as work:
        connection = work.connection
        alteration_id = resolve(
            work,
            OBJECT_TYPE,
            command.price_alteration,
            ("input", "priceAlteration"),
        )
        pricelist = pricelist_facts(
            connection,
            resolve(work, "Pricelist", command.pricelist, ("input", "pricelist")),
        )
        alterations = catalog.price_alterations
        alteration_store = connection.execute(
            select(alterations.c.store_id).where(alterations.c.id == alteration_id)
        ).scalar_one()
        if pricelist.store_id != alteration_store:
            raise UserInputError.single(
                f'Pricelist "{pricelist.name}" belongs to another store than the price alteration.',
                "input",
                "pricelist",
            )
        plan, problems = plan_prices(
            work,
            command.product_prices,
            pricelist.currency,
            accepts_rrp=False,
            rrp_refusal=RRP_NOT_ALTERED,
        )
        raise_problems(problems)
        stored = _stored_altered_prices(connection, alteration_id, pricelist.id, plan.variant_ids)
        now = utc_now()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for product in plan.products:
            for variant_id in product.variant_ids:
                amounts = product.individual.get(variant_id) or product.product_amounts
                if amounts is None:
                    continue
                row_id = stored.get(variant_id)
                if row_id is None:
                    inserts.append(
                        {
                            "price_alteration_id": alteration_id,
                            "pricelist_id": pricelist.id,
                            "product_id": product.product_id,
                            "product_variant_id": variant_id,
                            "currency_id": pricelist.currency.id,
                            "price_minor": amounts.price_minor,
                            "updated_at": now,
                        }
                    )
                else:
                    updates.append(
                        {
                            "b_id": row_id,
                            "b_currency": pricelist.currency.id,
                            "b_price": amounts.price_minor,
                            "b_now": now,
                        }
                    )
        altered = catalog.altered_prices
        if inserts:
            connection.execute(insert(altered), inserts)
        if updates:
            connection.execute(
                update(altered)
                .where(altered.c.id == bindparam("b_id"))
                .values(
                    currency_id=bindparam("b_currency"),
                    price_minor=bindparam("b_price"),
                    updated_at=bindparam("b_now"),
                ),
                updates,
            )
    return AlteredPricesSetResult(alteration_id, pricelist.id, plan.product_ids, plan.warnings)


# -- rules -------------------------------------------------------------------------------


def _require_wholesale(connection: Connection, store_id: int) -> None:
    if store_type(connection, store_id) != "WHOLESALE":
        raise UserInputError.single(
            "Price alterations exist in wholesale stores only.", "input", "store"
        )


def _require_unique_name(
    connection: Connection, store_id: int, name: str, exclude: int | None
) -> None:
    alterations = catalog.price_alterations
    query = select(alterations.c.id).where(
        alterations.c.store_id == store_id, alterations.c.name == name
    )
    if exclude is not None:
        query = query.where(alterations.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(
            f'The store already has a price alteration named "{name}": names are unique per store.',
            "input",
            "name",
        )


def _require_no_other_active(connection: Connection, store_id: int, exclude: int | None) -> None:
    alterations = catalog.price_alterations
    query = select(alterations.c.name).where(
        alterations.c.store_id == store_id, alterations.c.status == "ACTIVE"
    )
    if exclude is not None:
        query = query.where(alterations.c.id != exclude)
    other = connection.execute(query.limit(1)).scalar_one_or_none()
    if other is not None:
        raise UserInputError.single(
            f'Price alteration "{other}" is already active in this store: a store has one '
            "active price alteration, deactivate that one first.",
            "input",
            "status",
        )


def _require_no_altered_prices(connection: Connection, alteration_id: int) -> None:
    altered = catalog.altered_prices
    count = connection.execute(
        select(func.count())
        .select_from(altered)
        .where(altered.c.price_alteration_id == alteration_id)
    ).scalar_one()
    if count:
        raise UserInputError.single(
            "A price alteration with altered prices cannot move to another store: its prices "
            "belong to pricelists of its store.",
            "input",
            "store",
        )


def _stored_altered_prices(
    connection: Connection, alteration_id: int, pricelist_id: int, variant_ids: Sequence[int]
) -> dict[int, int]:
    if not variant_ids:
        return {}
    altered = catalog.altered_prices
    rows = connection.execute(
        select(altered.c.product_variant_id, altered.c.id).where(
            altered.c.price_alteration_id == alteration_id,
            altered.c.pricelist_id == pricelist_id,
            altered.c.product_variant_id.in_(variant_ids),
        )
    )
    return {row.product_variant_id: row.id for row in rows}
