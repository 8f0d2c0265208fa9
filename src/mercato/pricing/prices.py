"""``set_prices``: product and variant prices of one pricelist, set in one transaction.

Semantics (reference 3.18): prices are per variant. The product price applies to every
variant of the product that is not individual (variants without a price get one);
``overrideIndividualVariantPrices`` resets every variant to the product price; variants
given in ``individualVariantPrices`` become individual with their own price. Variants that
get no price keep none. Prices can be set on inactive products. Recommended retail prices
exist on wholesale pricelists only (elsewhere they are ignored with a warning); when not
given, a variant keeps the one it has.

Writes are set-based: the stored rows of every variant concerned are read in one statement,
then one INSERT (executemany) for new prices and one UPDATE (executemany) for changed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import Writer
from mercato.errors import MutationWarning
from mercato.idconversion.references import Reference, resolve
from mercato.pricing.common import Currency, raise_problems
from mercato.pricing.planning import Amounts, PlannedProduct, ProductPriceInput, plan_prices

RRP_ON_RETAIL = (
    "Recommended retail prices exist on wholesale pricelists only: recommendedRetailPrice ignored"
)


@dataclass(frozen=True)
class PricesSet:
    pricelist: Reference
    product_prices: Sequence[ProductPriceInput]


@dataclass
class PricesSetResult:
    pricelist_id: int
    #: The products whose prices were set (skipped ones left out), in input order.
    product_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass(frozen=True)
class PricelistFacts:
    id: int
    name: str
    store_id: int
    store_type: str
    currency: Currency


@dataclass(frozen=True)
class _Stored:
    id: int
    is_individual: bool
    rrp_minor: int | None


def set_prices(writer: Writer, command: PricesSet) -> PricesSetResult:
    with writer.begin("Price") as work:
        connection = work.connection
        pricelist = pricelist_facts(
            connection,
            resolve(work, "Pricelist", command.pricelist, ("input", "pricelist")),
        )
        plan, problems = plan_prices(
            work,
            command.product_prices,
            pricelist.currency,
            accepts_rrp=pricelist.store_type == "WHOLESALE",
            rrp_refusal=RRP_ON_RETAIL,
        )
        raise_problems(problems)
        stored = _stored_prices(connection, pricelist.id, plan.variant_ids)
        now = utc_now()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for product in plan.products:
            for variant_id in product.variant_ids:
                row = stored.get(variant_id)
                target = _target(product, variant_id, row)
                if target is None:
                    continue
                amounts, individual = target
                rrp = amounts.rrp_minor if amounts.rrp_given else (row.rrp_minor if row else None)
                if row is None:
                    inserts.append(
                        {
                            "pricelist_id": pricelist.id,
                            "product_id": product.product_id,
                            "product_variant_id": variant_id,
                            "currency_id": pricelist.currency.id,
                            "price_minor": amounts.price_minor,
                            "recommended_retail_price_minor": rrp,
                            "is_individual": individual,
                            "updated_at": now,
                        }
                    )
                else:
                    updates.append(
                        {
                            "b_id": row.id,
                            "b_currency": pricelist.currency.id,
                            "b_price": amounts.price_minor,
                            "b_rrp": rrp,
                            "b_individual": individual,
                            "b_now": now,
                        }
                    )
        prices = catalog.prices
        if inserts:
            connection.execute(insert(prices), inserts)
        if updates:
            connection.execute(
                update(prices)
                .where(prices.c.id == bindparam("b_id"))
                .values(
                    currency_id=bindparam("b_currency"),
                    price_minor=bindparam("b_price"),
                    recommended_retail_price_minor=bindparam("b_rrp"),
                    is_individual=bindparam("b_individual"),
                    updated_at=bindparam("b_now"),
                ),
                updates,
            )
    return PricesSetResult(pricelist.id, plan.product_ids, plan.warnings)


def pricelist_facts(connection: Connection, pricelist_id: int) -> PricelistFacts:
    pricelists = catalog.pricelists
    currencies = tables.currencies
    stores = tables.stores
    row = connection.execute(
        select(
            pricelists.c.id,
            pricelists.c.name,
            pricelists.c.store_id,
            stores.c.type,
            currencies.c.id.label("currency_id"),
            currencies.c.code,
            currencies.c.decimal_digits,
        )
        .join(stores, stores.c.id == pricelists.c.store_id)
        .join(currencies, currencies.c.id == pricelists.c.currency_id)
        .where(pricelists.c.id == pricelist_id)
    ).one()
    return PricelistFacts(
        row.id,
        row.name,
        row.store_id,
        row.type,
        Currency(row.currency_id, row.code, int(row.decimal_digits)),
    )


def _stored_prices(
    connection: Connection, pricelist_id: int, variant_ids: Sequence[int]
) -> dict[int, _Stored]:
    if not variant_ids:
        return {}
    prices = catalog.prices
    rows = connection.execute(
        select(
            prices.c.id,
            prices.c.product_variant_id,
            prices.c.is_individual,
            prices.c.recommended_retail_price_minor,
        ).where(prices.c.pricelist_id == pricelist_id, prices.c.product_variant_id.in_(variant_ids))
    )
    return {
        row.product_variant_id: _Stored(row.id, bool(row.is_individual), row[3]) for row in rows
    }


def _target(
    product: PlannedProduct, variant_id: int, stored: _Stored | None
) -> tuple[Amounts, bool] | None:
    """The amounts to store for the variant and whether it is individual; None: leave it."""
    individual = product.individual.get(variant_id)
    if individual is not None:
        return individual, True
    if product.product_amounts is None:
        return None
    if stored is not None and stored.is_individual and not product.override:
        return None
    return product.product_amounts, False
