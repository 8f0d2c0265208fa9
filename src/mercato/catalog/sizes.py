"""Product-size use cases: ``create_product_size`` and ``update_product_size`` (no delete, as
in the reference), and the activation of sizes that ``create_product_variant`` shares.

Rules (reference 3.4, 3.10): a product size activates one size of the variant's size chart,
at most once per variant; its size number is unique among the variant's sizes (so SKUs
differ); EAN is 8 or 13 digits and UPC 12 digits, each unique among all product sizes (a
barcode names one item). The SKU is productNumber + variantNumber + sizeNumber, rewritten
whenever the size number changes. A product size may have its own weight (rounded to 3
decimals with a warning, like the product's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from mercato.catalog import skus
from mercato.catalog.rules import (
    Path,
    WeightValue,
    valid_ean,
    valid_number,
    valid_upc,
    valid_weight,
)
from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.idconversion.references import Reference, SizeReference, internal_id, resolve

#: The path of a member of the i-th activation: ``("input", "productSizes", i, member)`` in
#: createProductVariant, ``("input", member)`` in createProductSize.
PathOf = Callable[[int, str], Path]
BarcodeRule = Callable[[str | None, Path], str | None]


@dataclass(frozen=True)
class SizeActivation:
    """One size to activate on a variant (``productSizes`` of createProductVariant)."""

    size: SizeReference
    size_number: str | None = None
    ean: str | None = None
    upc: str | None = None
    preorder: bool = False
    weight: WeightValue | None = None


@dataclass(frozen=True)
class ProductSizeCreate:
    product_variant: Reference
    size: SizeReference
    size_number: str | None = None
    ean: str | None = None
    upc: str | None = None
    preorder: bool = False
    weight: WeightValue | None = None


@dataclass(frozen=True)
class ProductSizeUpdate:
    """``None`` leaves a member as it is; an empty string clears sizeNumber, EAN or UPC;
    ``clear_weight`` unsets the weight."""

    size_number: str | None = None
    ean: str | None = None
    upc: str | None = None
    preorder: bool | None = None
    weight: WeightValue | None = None
    clear_weight: bool = False


@dataclass
class ProductSizeResult:
    product_size_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass(frozen=True)
class VariantFacts:
    """What activating sizes needs to know about the variant."""

    id: int | None
    size_chart_id: int
    product_number: str
    variant_number: str | None


@dataclass(frozen=True)
class PlannedSize:
    size_id: int
    size_number: str | None
    ean: str | None
    upc: str | None
    preorder: bool
    weight: WeightValue | None = None


# -- use cases -----------------------------------------------------------------------------


def create_product_size(writer: Writer, command: ProductSizeCreate) -> ProductSizeResult:
    result = ProductSizeResult(product_size_id=0)
    activation = SizeActivation(
        command.size,
        command.size_number,
        command.ean,
        command.upc,
        command.preorder,
        command.weight,
    )
    with writer.begin("ProductSize") as work:
        connection = work.connection
        variant_id = resolve(
            work,
            "ProductVariant",
            command.product_variant,
            ("input", "productVariant"),
        )
        variant = variant_facts(connection, variant_id, ("input", "productVariant"))
        (planned,) = plan_activations(
            work,
            variant,
            [activation],
            lambda _index, member: ("input", member),
            warnings=result.warnings,
        )
        (result.product_size_id,) = insert_activations(connection, variant, [planned], utc_now())
    return result


def update_product_size(
    writer: Writer,
    product_size: Reference,
    command: ProductSizeUpdate,
) -> ProductSizeResult:
    result = ProductSizeResult(product_size_id=0)
    size_number = _size_number(command.size_number, ("input", "sizeNumber"))
    ean = _barcode_change(command.ean, valid_ean, ("input", "EAN"))
    upc = _barcode_change(command.upc, valid_upc, ("input", "UPC"))
    weight = (
        None
        if command.weight is None or command.clear_weight
        else valid_weight(
            command.weight.value, command.weight.unit, ("input", "weight"), result.warnings
        )
    )
    with writer.begin("ProductSize") as work:
        connection = work.connection
        size_id = resolve(work, "ProductSize", product_size, ())
        result.product_size_id = size_id
        sizes = catalog.product_sizes
        current = connection.execute(
            select(sizes.c.product_variant_id, sizes.c.weight_unit).where(sizes.c.id == size_id)
        ).one()
        variant_id = current.product_variant_id
        values: dict[str, object] = {}
        problems: list[UserError] = []
        if size_number is not None:
            new_number = size_number or None
            problems += _size_number_clashes(
                connection, variant_id, [(new_number, ("input", "sizeNumber"))], exclude=size_id
            )
            values["size_number"] = new_number
        for column, label, value, path in (
            ("ean", "EAN", ean, ("input", "EAN")),
            ("upc", "UPC", upc, ("input", "UPC")),
        ):
            if value is not None:
                code = value or None
                problems += _barcode_clashes(connection, column, label, [(code, path)], size_id)
                values[column] = code
        if problems:
            raise UserInputError(problems)
        if command.preorder is not None:
            values["preorder"] = command.preorder
        if command.clear_weight:
            values.update(weight_value=None, weight_unit=None)
        elif weight is not None:
            if current.weight_unit is not None and current.weight_unit != weight.unit:
                result.warnings.append(
                    MutationWarning(
                        f"Weight unit has been changed from {current.weight_unit} to {weight.unit}.",
                        ("input", "weight", "unit"),
                    )
                )
            values.update(weight_value=weight.value, weight_unit=weight.unit)
        if size_number is not None:
            variant = variant_facts(connection, variant_id, ())
            values["sku"] = skus.sku(
                variant.product_number, variant.variant_number, size_number or None
            )
        values["updated_at"] = utc_now()
        connection.execute(update(sizes).where(sizes.c.id == size_id).values(values))
    return result


# -- activation, shared with create_product_variant ------------------------------------------


def variant_facts(connection: Connection, variant_id: int, path: Path) -> VariantFacts:
    variants = catalog.product_variants
    products = catalog.products
    row = connection.execute(
        select(variants.c.size_chart_id, products.c.product_number, variants.c.variant_number)
        .join(products, products.c.id == variants.c.product_id)
        .where(variants.c.id == variant_id)
    ).one()
    if row.size_chart_id is None:
        raise UserInputError.single(
            f"Product variant {variant_id} has no size chart, so it has no sizes to activate.",
            *path,
        )
    return VariantFacts(variant_id, row.size_chart_id, row.product_number, row.variant_number)


def plan_activations(
    work: UnitOfWork,
    variant: VariantFacts,
    activations: Sequence[SizeActivation],
    path: PathOf,
    *,
    warnings: list[MutationWarning] | None = None,
) -> list[PlannedSize]:
    """Check every activation against the variant, each other and the catalog; nothing is
    written. All problems are reported together; weight rounding warnings go to
    ``warnings``."""
    connection = work.connection
    notes: list[MutationWarning] = [] if warnings is None else warnings
    problems: list[UserError] = []
    planned: list[PlannedSize] = []
    taken: dict[int, int] = {}
    for index, activation in enumerate(activations):
        try:
            size_id = _resolve_size(
                work,
                variant.size_chart_id,
                activation.size,
                path(index, "size"),
            )
            size_number = _size_number(activation.size_number, path(index, "sizeNumber")) or None
            ean = valid_ean(activation.ean, path(index, "EAN"))
            upc = valid_upc(activation.upc, path(index, "UPC"))
            weight = (
                None
                if activation.weight is None
                else valid_weight(
                    activation.weight.value, activation.weight.unit, path(index, "weight"), notes
                )
            )
        except UserInputError as failure:
            problems.extend(failure.errors)
            continue
        if size_id in taken:
            problems.append(
                UserError(
                    f"Size {activation.size.describe()} is activated twice in this request.",
                    path(index, "size"),
                )
            )
            continue
        taken[size_id] = index
        planned.append(PlannedSize(size_id, size_number, ean, upc, activation.preorder, weight))
    if variant.id is not None and taken:
        sizes = catalog.product_sizes
        active = set(
            connection.execute(
                select(sizes.c.size_id).where(
                    sizes.c.product_variant_id == variant.id, sizes.c.size_id.in_(list(taken))
                )
            ).scalars()
        )
        for size_id in sorted(active, key=lambda s: taken[s]):
            index = taken[size_id]
            problems.append(
                UserError(
                    f"Size {activations[index].size.describe()} is already active on this variant.",
                    path(index, "size"),
                )
            )
    indexes = list(taken.values())
    problems += _size_number_clashes(
        connection,
        variant.id,
        [(p.size_number, path(i, "sizeNumber")) for p, i in zip(planned, indexes, strict=True)],
        exclude=None,
    )
    problems += _barcode_clashes(
        connection,
        "ean",
        "EAN",
        [(p.ean, path(i, "EAN")) for p, i in zip(planned, indexes, strict=True)],
        None,
    )
    problems += _barcode_clashes(
        connection,
        "upc",
        "UPC",
        [(p.upc, path(i, "UPC")) for p, i in zip(planned, indexes, strict=True)],
        None,
    )
    if problems:
        raise UserInputError(sorted(problems, key=_order_of_paths))
    return planned


def insert_activations(
    connection: Connection, variant: VariantFacts, planned: Sequence[PlannedSize], now: datetime
) -> list[int]:
    assert variant.id is not None
    return [
        connection.execute(
            insert(catalog.product_sizes)
            .values(
                product_variant_id=variant.id,
                size_id=size.size_id,
                size_number=size.size_number,
                sku=skus.sku(variant.product_number, variant.variant_number, size.size_number),
                ean=size.ean,
                upc=size.upc,
                preorder=size.preorder,
                weight_value=None if size.weight is None else size.weight.value,
                weight_unit=None if size.weight is None else size.weight.unit,
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.product_sizes.c.id)
        ).scalar_one()
        for size in planned
    ]


# -- rules ---------------------------------------------------------------------------------


def _order_of_paths(error: UserError) -> tuple[str, ...]:
    return tuple(f"{p:08d}" if isinstance(p, int) else p for p in error.path)


def _size_number(value: str | None, path: Path) -> str | None:
    """The cleaned size number; ``""`` for an explicit clear, ``None`` when not given."""
    if value is None:
        return None
    return valid_number(value, "size number", path, required=False) or ""


def _barcode_change(value: str | None, check: BarcodeRule, path: Path) -> str | None:
    """The cleaned barcode; ``""`` for an explicit clear, ``None`` when not given."""
    if value is None:
        return None
    return check(value, path) or ""


def _resolve_size(
    work: UnitOfWork,
    chart_id: int,
    reference: SizeReference,
    path: Path,
) -> int:
    connection = work.connection
    given = [v for v in (reference.id, reference.external_id, reference.name) if v is not None]
    if len(given) != 1:
        raise UserInputError.single("Give exactly one of id, externalId or name of a size.", *path)
    sizes = catalog.sizes
    charts = catalog.size_charts
    found: int | None
    if reference.name is not None:
        found = connection.execute(
            select(sizes.c.id).where(
                sizes.c.size_chart_id == chart_id, sizes.c.name == reference.name
            )
        ).scalar_one_or_none()
        if found is None:
            chart = connection.execute(
                select(charts.c.name).where(charts.c.id == chart_id)
            ).scalar_one()
            raise UserInputError.single(
                f'Size chart "{chart}" has no size named "{reference.name}".', *path
            )
        return int(found)
    if reference.id is not None:
        found = reference.id
    else:
        assert reference.external_id is not None
        if work.caller.integration_name is None:
            raise UserInputError.single(
                "This token has no integration name, so it has no external ids: "
                "reference by id or name, or use a token with an integration name.",
                *path,
            )
        found = internal_id(
            work.connection, work.caller.integration_name, "Size", reference.external_id
        )
    row = (
        None
        if found is None
        else connection.execute(
            select(sizes.c.size_chart_id, sizes.c.name).where(sizes.c.id == found)
        ).first()
    )
    if found is None or row is None:
        raise UserInputError.single(f"Could not find Size with {reference.describe()}.", *path)
    if row.size_chart_id != chart_id:
        names = dict(
            connection.execute(
                select(charts.c.id, charts.c.name).where(
                    charts.c.id.in_([chart_id, row.size_chart_id])
                )
            ).all()
        )
        raise UserInputError.single(
            f'Size "{row.name}" belongs to size chart "{names[row.size_chart_id]}", not to the '
            f'variant\'s size chart "{names[chart_id]}".',
            *path,
        )
    return found


def _size_number_clashes(
    connection: Connection,
    variant_id: int | None,
    numbers: Sequence[tuple[str | None, Path]],
    exclude: int | None,
) -> list[UserError]:
    """Size numbers are unique among a variant's sizes (so its SKUs differ)."""
    problems: list[UserError] = []
    seen: set[str] = set()
    given = [(n, p) for n, p in numbers if n is not None]
    existing: set[str] = set()
    if variant_id is not None and given:
        sizes = catalog.product_sizes
        query = select(sizes.c.size_number).where(
            sizes.c.product_variant_id == variant_id,
            sizes.c.size_number.in_([n for n, _ in given]),
        )
        if exclude is not None:
            query = query.where(sizes.c.id != exclude)
        existing = set(connection.execute(query).scalars())
    for number, path in given:
        if number in existing or number in seen:
            problems.append(
                UserError(
                    f'Another size of this variant has size number "{number}": size numbers '
                    "are unique within a variant, so that SKUs are.",
                    path,
                )
            )
        seen.add(number)
    return problems


def _barcode_clashes(
    connection: Connection,
    column: str,
    label: str,
    codes: Sequence[tuple[str | None, Path]],
    exclude: int | None,
) -> list[UserError]:
    """An EAN (or UPC) names one product size."""
    given = [(c, p) for c, p in codes if c is not None]
    if not given:
        return []
    sizes = catalog.product_sizes
    query = select(sizes.c[column], sizes.c.id).where(sizes.c[column].in_([c for c, _ in given]))
    if exclude is not None:
        query = query.where(sizes.c.id != exclude)
    holders = dict(connection.execute(query).all())
    problems: list[UserError] = []
    seen: set[str] = set()
    for code, path in given:
        if code in holders:
            problems.append(
                UserError(
                    f'{label} "{code}" already belongs to product size {holders[code]}: '
                    f"{label}s are unique.",
                    path,
                )
            )
        elif code in seen:
            problems.append(UserError(f'{label} "{code}" is given twice in this request.', path))
        seen.add(code)
    return problems
