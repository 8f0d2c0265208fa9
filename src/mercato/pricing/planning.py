"""``productPrices`` input checked and resolved in batches, shared by ``setPrices`` and
``setAlteredPrices``: what each product and variant should cost, before anything is written.

Checks (reference 1.5, 1.6, 3.18): at most ``MAX_PRODUCT_PRICES`` entries per call; every
product and variant reference resolves; amounts are in the pricelist's currency, not
negative, rounded to the currency's decimal digits (with a warning). Skipped with a warning:
a product given twice ("Duplicate product ID X skipped"), a bundle with a dynamic price
type, a variant of another product, a variant given twice for one product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import MutationWarning, UserError
from mercato.idconversion.references import Reference, resolve_many
from mercato.pricing.common import Currency, Path, by_key
from mercato.pricing.money import MoneyInput, to_minor_units

MAX_PRODUCT_PRICES = 100


@dataclass(frozen=True)
class VariantPriceInput:
    product_variant: Reference
    price: MoneyInput | None = None
    recommended_retail_price: MoneyInput | None = None


@dataclass(frozen=True)
class ProductPriceInput:
    product: Reference
    price: MoneyInput | None = None
    recommended_retail_price: MoneyInput | None = None
    override_individual_variant_prices: bool = False
    individual_variant_prices: Sequence[VariantPriceInput] = ()


@dataclass(frozen=True)
class Amounts:
    """What to store for one variant; ``rrp_given`` False keeps the stored RRP."""

    price_minor: int
    rrp_minor: int | None = None
    rrp_given: bool = False


@dataclass
class PlannedProduct:
    product_id: int
    #: Every variant of the product, in id order.
    variant_ids: list[int]
    #: The product price, for the variants that are not individual; None when not given.
    product_amounts: Amounts | None
    override: bool
    #: Variants priced individually in this call.
    individual: dict[int, Amounts] = field(default_factory=dict)


@dataclass
class Plan:
    products: list[PlannedProduct] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)

    @property
    def product_ids(self) -> list[int]:
        return [p.product_id for p in self.products]

    @property
    def variant_ids(self) -> list[int]:
        return [v for p in self.products for v in p.variant_ids]


def plan_prices(
    work: UnitOfWork,
    entries: Sequence[ProductPriceInput],
    currency: Currency,
    *,
    accepts_rrp: bool,
    rrp_refusal: str,
) -> tuple[Plan, list[UserError]]:
    """The plan and the problems found (all of them, not only the first)."""
    connection = work.connection
    plan = Plan()
    problems: list[UserError] = []
    if len(entries) > MAX_PRODUCT_PRICES:
        problems.append(
            UserError(
                f"At most {MAX_PRODUCT_PRICES} product prices per call, not {len(entries)}: "
                "split the request.",
                ("input", "productPrices"),
            )
        )
        return plan, problems
    base: Path = ("input", "productPrices")
    product_ids = resolve_many(
        work,
        "Product",
        [(e.product, (*base, i, "product")) for i, e in enumerate(entries)],
        problems,
    )
    wanted_variants = [
        (v.product_variant, (*base, i, "individualVariantPrices", j, "productVariant"))
        for i, e in enumerate(entries)
        for j, v in enumerate(e.individual_variant_prices)
    ]
    variant_refs = iter(resolve_many(work, "ProductVariant", wanted_variants, problems))
    found = sorted({p for p in product_ids if p is not None})
    variants_of = _variants_of(connection, found)
    dynamic = _dynamic_bundles(connection, found)
    seen: set[int] = set()
    for index, (entry, product_id) in enumerate(zip(entries, product_ids, strict=True)):
        path: Path = (*base, index)
        variant_ids = [next(variant_refs) for _ in entry.individual_variant_prices]
        if product_id is None:
            continue
        if product_id in seen:
            plan.warnings.append(
                MutationWarning(f"Duplicate product ID {product_id} skipped", path)
            )
            continue
        seen.add(product_id)
        if product_id in dynamic:
            plan.warnings.append(
                MutationWarning(
                    f"Product ID {product_id} is a bundle with dynamic price type, changing its "
                    "prices has no effect, skipped",
                    path,
                )
            )
            continue
        planned = PlannedProduct(
            product_id,
            variants_of.get(product_id, []),
            _amounts(
                entry.price,
                entry.recommended_retail_price,
                currency,
                path,
                problems,
                plan.warnings,
                accepts_rrp=accepts_rrp,
                rrp_refusal=rrp_refusal,
            ),
            entry.override_individual_variant_prices,
        )
        if entry.price is None:
            if entry.override_individual_variant_prices:
                problems.append(
                    UserError(
                        "overrideIndividualVariantPrices resets every variant to the product "
                        "price: give price.",
                        (*path, "price"),
                    )
                )
            if entry.recommended_retail_price is not None:
                problems.append(
                    UserError(
                        "recommendedRetailPrice is set together with price.",
                        (*path, "recommendedRetailPrice"),
                    )
                )
            if not entry.individual_variant_prices:
                plan.warnings.append(
                    MutationWarning(
                        f"No price given for product ID {product_id}: nothing set", path
                    )
                )
        for position, (variant, variant_id) in enumerate(
            zip(entry.individual_variant_prices, variant_ids, strict=True)
        ):
            variant_path: Path = (*path, "individualVariantPrices", position)
            if variant_id is None:
                continue
            if variant_id not in planned.variant_ids:
                plan.warnings.append(
                    MutationWarning(
                        f"Product variant with id {variant_id} not assigned to product "
                        f"{product_id}",
                        (*variant_path, "productVariant"),
                    )
                )
                continue
            if variant_id in planned.individual:
                plan.warnings.append(
                    MutationWarning(f"Duplicate variant ID {variant_id} skipped", variant_path)
                )
                continue
            if variant.price is None:
                problems.append(
                    UserError("An individual variant price needs price.", (*variant_path, "price"))
                )
                continue
            amounts = _amounts(
                variant.price,
                variant.recommended_retail_price,
                currency,
                variant_path,
                problems,
                plan.warnings,
                accepts_rrp=accepts_rrp,
                rrp_refusal=rrp_refusal,
            )
            if amounts is not None:
                planned.individual[variant_id] = amounts
        plan.products.append(planned)
    return plan, problems


def _amounts(
    price: MoneyInput | None,
    rrp: MoneyInput | None,
    currency: Currency,
    path: Path,
    problems: list[UserError],
    warnings: list[MutationWarning],
    *,
    accepts_rrp: bool,
    rrp_refusal: str,
) -> Amounts | None:
    if price is None:
        return None
    price_minor = to_minor_units(price, currency, "Price", (*path, "price"), problems, warnings)
    rrp_minor: int | None = None
    rrp_given = False
    if rrp is not None and not accepts_rrp:
        warnings.append(MutationWarning(rrp_refusal, (*path, "recommendedRetailPrice")))
    elif rrp is not None:
        rrp_given = True
        rrp_minor = to_minor_units(
            rrp,
            currency,
            "Recommended retail price",
            (*path, "recommendedRetailPrice"),
            problems,
            warnings,
        )
    if price_minor is None or (rrp_given and rrp_minor is None):
        return None
    return Amounts(price_minor, rrp_minor, rrp_given)


def _variants_of(connection: Connection, product_ids: Sequence[int]) -> dict[int, list[int]]:
    if not product_ids:
        return {}
    variants = catalog.product_variants
    rows = connection.execute(
        select(variants.c.product_id, variants.c.id)
        .where(variants.c.product_id.in_(product_ids))
        .order_by(variants.c.product_id, variants.c.id)
    )
    return dict(by_key((row.product_id, row.id) for row in rows))


def _dynamic_bundles(connection: Connection, product_ids: Sequence[int]) -> set[int]:
    if not product_ids:
        return set()
    products = catalog.products
    bundles = catalog.bundles
    return set(
        connection.execute(
            select(products.c.id)
            .join(bundles, bundles.c.product_id == products.c.id)
            .where(
                products.c.id.in_(product_ids),
                products.c.is_bundle.is_(True),
                bundles.c.price_type == "DYNAMIC",
            )
        ).scalars()
    )
