"""Product-variant use cases: ``create_product_variant`` (optionally activating sizes in the
same call) and ``update_product_variant`` (no delete, as in the reference).

Rules (reference 3.4, 3.9, 3.13): every variant has a size chart, given on create and fixed
once assigned; its variant number is unique within its product (it is part of every SKU of
the variant, so changing it rewrites them); the unit cost is a non-negative amount in a known
currency, rounded to the currency's decimals; a bundle's one variant belongs to the bundle,
so no variant can be added to a bundle product. Sizes given on create follow the product-size
rules (``mercato.catalog.sizes``). An ``externalId`` given on create becomes the caller's
integration's ID-conversion entry.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, insert, select, update

from mercato.catalog import skus
from mercato.catalog.attributes import (
    NO_ATTRIBUTE_CHANGES,
    AttributeChanges,
    apply_changes,
    plan_changes,
    warnings_of,
)
from mercato.catalog.rules import (
    MAX_NAME_LENGTH,
    Path,
    minor_units,
    optional_text,
    valid_name,
    valid_number,
    valid_status,
)
from mercato.catalog.sizes import (
    SizeActivation,
    VariantFacts,
    insert_activations,
    plan_activations,
)
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db import tables
from mercato.db.unit_of_work import Writer
from mercato.errors import MutationWarning, UserInputError
from mercato.idconversion.new_objects import claim_external_id, record_external_id
from mercato.idconversion.references import Reference, resolve

#: Members of ``ProductVariantUpdate.clear``: what an explicit null unsets.
CLEARABLE = frozenset({"unit_cost"})


@dataclass(frozen=True)
class MoneyInput:
    value: float
    currency_iso_code: str


@dataclass(frozen=True)
class ProductVariantCreate:
    product: Reference
    name: str
    #: Required (a userError when missing): every variant has a size chart.
    size_chart: Reference | None
    status: str = "ACTIVE"
    variant_number: str | None = None
    internal_name: str | None = None
    unit_cost: MoneyInput | None = None
    #: Stock held back from sale in every warehouse (reference 3.6); never negative.
    stock_offset: int = 0
    product_sizes: Sequence[SizeActivation] = ()
    external_id: str | None = None
    attributes: AttributeChanges = NO_ATTRIBUTE_CHANGES


@dataclass(frozen=True)
class ProductVariantUpdate:
    """``None`` leaves a member as it is; an empty string clears variantNumber or
    internalName; ``clear`` names what to unset (``unit_cost``). ``size_chart`` may only
    name the chart the variant already has (or assign one to a variant without)."""

    name: str | None = None
    status: str | None = None
    variant_number: str | None = None
    internal_name: str | None = None
    unit_cost: MoneyInput | None = None
    stock_offset: int | None = None
    size_chart: Reference | None = None
    clear: Set[str] = frozenset()
    attributes: AttributeChanges = NO_ATTRIBUTE_CHANGES


@dataclass
class VariantResult:
    variant_id: int
    size_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


def create_product_variant(writer: Writer, command: ProductVariantCreate) -> VariantResult:
    result = VariantResult(variant_id=0)
    name = valid_name(command.name, "product variant", ("input", "name"))
    status = valid_status(command.status, ("input", "status"))
    number = _variant_number(command.variant_number)
    internal_name = _internal_name(command.internal_name)
    stock_offset = _stock_offset(command.stock_offset)
    if command.size_chart is None:
        raise UserInputError.single(
            "A product variant needs a size chart (one-size products use a one-size chart).",
            "input",
            "sizeChart",
        )
    with writer.begin("ProductVariant") as work:
        connection = work.connection
        product_id = resolve(work, "Product", command.product, ("input", "product"))
        if connection.execute(
            select(catalog.products.c.is_bundle).where(catalog.products.c.id == product_id)
        ).scalar_one():
            raise UserInputError.single(
                f"Product {product_id} is a bundle: its one variant belongs to the bundle.",
                "input",
                "product",
            )
        chart_id = resolve(work, "SizeChart", command.size_chart, ("input", "sizeChart"))
        if number:
            _require_unique_number(connection, product_id, number, exclude=None)
        unit_cost = (
            None
            if command.unit_cost is None
            else _unit_cost(connection, command.unit_cost, result.warnings)
        )
        holder = None
        if command.external_id is not None:
            holder = claim_external_id(
                work,
                "ProductVariant",
                command.external_id,
                ("input", "externalId"),
            )
        product_number: str = connection.execute(
            select(catalog.products.c.product_number).where(catalog.products.c.id == product_id)
        ).scalar_one()
        facts = VariantFacts(None, chart_id, product_number, number or None)
        planned = plan_activations(
            work,
            facts,
            command.product_sizes,
            lambda index, member: ("input", "productSizes", index, member),
            warnings=result.warnings,
        )
        attribute_plans = plan_changes(connection, "ProductVariant", None, command.attributes)
        variants = catalog.product_variants
        position: int = connection.execute(
            select(func.coalesce(func.max(variants.c.position) + 1, 0)).where(
                variants.c.product_id == product_id
            )
        ).scalar_one()
        now = utc_now()
        result.variant_id = connection.execute(
            insert(variants)
            .values(
                product_id=product_id,
                name=name,
                status=status,
                variant_number=number or None,
                internal_name=internal_name or None,
                unit_cost_minor=None if unit_cost is None else unit_cost[0],
                unit_cost_currency_id=None if unit_cost is None else unit_cost[1],
                size_chart_id=chart_id,
                stock_offset=stock_offset,
                position=position,
                created_at=now,
                updated_at=now,
            )
            .returning(variants.c.id)
        ).scalar_one()
        if holder is not None and command.external_id is not None:
            record_external_id(
                connection, holder, "ProductVariant", result.variant_id, command.external_id
            )
        facts = VariantFacts(result.variant_id, chart_id, product_number, number or None)
        result.size_ids = insert_activations(connection, facts, planned, now)
        apply_changes(connection, attribute_plans, result.variant_id)
        result.warnings.extend(warnings_of(attribute_plans))
    return result


def update_product_variant(
    writer: Writer,
    variant: Reference,
    command: ProductVariantUpdate,
) -> VariantResult:
    unknown = set(command.clear) - CLEARABLE
    if unknown:
        raise ValueError(f"Cannot clear {', '.join(sorted(unknown))}.")
    result = VariantResult(variant_id=0)
    values: dict[str, object] = {}
    if command.name is not None:
        values["name"] = valid_name(command.name, "product variant", ("input", "name"))
    if command.status is not None:
        values["status"] = valid_status(command.status, ("input", "status"))
    number = _variant_number(command.variant_number)
    if command.internal_name is not None:
        values["internal_name"] = _internal_name(command.internal_name) or None
    if command.stock_offset is not None:
        values["stock_offset"] = _stock_offset(command.stock_offset)
    with writer.begin("ProductVariant") as work:
        connection = work.connection
        result.variant_id = resolve(work, "ProductVariant", variant, ())
        variants = catalog.product_variants
        current = connection.execute(
            select(
                variants.c.product_id,
                variants.c.variant_number,
                variants.c.size_chart_id,
                catalog.products.c.product_number,
            )
            .join(catalog.products, catalog.products.c.id == variants.c.product_id)
            .where(variants.c.id == result.variant_id)
        ).one()
        renumbered = number is not None and (number or None) != current.variant_number
        if renumbered:
            if number:
                _require_unique_number(
                    connection, current.product_id, number, exclude=result.variant_id
                )
            values["variant_number"] = number or None
        if command.size_chart is not None:
            chart_id = resolve(
                work,
                "SizeChart",
                command.size_chart,
                ("input", "sizeChart"),
            )
            if current.size_chart_id is None:
                values["size_chart_id"] = chart_id
            elif chart_id != current.size_chart_id:
                raise UserInputError.single(
                    "A variant's size chart cannot change once it is assigned: create a new "
                    "variant for the other chart.",
                    "input",
                    "sizeChart",
                )
        if "unit_cost" in command.clear:
            values.update(unit_cost_minor=None, unit_cost_currency_id=None)
        elif command.unit_cost is not None:
            amount, currency_id = _unit_cost(connection, command.unit_cost, result.warnings)
            values.update(unit_cost_minor=amount, unit_cost_currency_id=currency_id)
        attribute_plans = plan_changes(
            connection, "ProductVariant", result.variant_id, command.attributes
        )
        values["updated_at"] = utc_now()
        connection.execute(
            update(variants).where(variants.c.id == result.variant_id).values(values)
        )
        if renumbered:
            skus.refresh_variant(
                connection, result.variant_id, current.product_number, number or None
            )
        apply_changes(connection, attribute_plans, result.variant_id)
        result.warnings.extend(warnings_of(attribute_plans))
    return result


# -- rules -------------------------------------------------------------------------------


def _variant_number(value: str | None) -> str | None:
    """The cleaned variant number; ``""`` for an explicit clear, ``None`` when not given."""
    if value is None:
        return None
    return valid_number(value, "variant number", ("input", "variantNumber"), required=False) or ""


def _stock_offset(value: int) -> int:
    if value < 0:
        raise UserInputError.single(
            f"stockOffset cannot be negative, got {value}.", "input", "stockOffset"
        )
    return value


def _internal_name(value: str | None) -> str | None:
    return optional_text(value, MAX_NAME_LENGTH, "internalName", ("input", "internalName"))


def _require_unique_number(
    connection: Connection, product_id: int, number: str, exclude: int | None
) -> None:
    variants = catalog.product_variants
    query = select(variants.c.id).where(
        variants.c.product_id == product_id, variants.c.variant_number == number
    )
    if exclude is not None:
        query = query.where(variants.c.id != exclude)
    holder = connection.execute(query).scalar_one_or_none()
    if holder is not None:
        raise UserInputError.single(
            f'Variant {holder} of this product already has variant number "{number}": variant '
            "numbers are unique within a product.",
            "input",
            "variantNumber",
        )


def _unit_cost(
    connection: Connection, money: MoneyInput, warnings: list[MutationWarning]
) -> tuple[int, int]:
    """(amount in minor units, currency id)."""
    path: Path = ("input", "unitCost")
    currencies = tables.currencies
    currency = connection.execute(
        select(currencies.c.id, currencies.c.decimal_digits).where(
            currencies.c.code == money.currency_iso_code
        )
    ).first()
    if currency is None:
        raise UserInputError.single(
            f'Could not find Currency with code "{money.currency_iso_code}".',
            *path,
            "currencyIsoCode",
        )
    amount = minor_units(
        money.value, int(currency.decimal_digits), "Unit cost", (*path, "value"), warnings
    )
    return amount, int(currency.id)
