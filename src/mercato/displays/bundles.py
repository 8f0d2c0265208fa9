"""Bundle use cases: ``create_bundle`` and ``update_bundle`` (reference 3.13, 4.6).

A bundle is a product (created here, see ``bundle_products``) with one internal variant, a
type (FIXED: the customer picks one variant per section, in the section's fixed quantity;
FLEXIBLE: section quantities may vary in the storefront), a price type (STATIC: priced by
pricelists; DYNAMIC: the sum of the chosen components) and ordered sections. A section has a
quantity of at least 1 and at least one candidate variant; candidates must exist and must not
be bundle variants themselves (bundles do not nest); a variant named twice in one section is
skipped with a warning. The bundle's variant is shown in a store by activating it on a
display, like any variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, func, insert, select, update

from mercato.clock import utc_now
from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.displays.bundle_products import (
    BundleProduct,
    insert_product,
    plan_product,
)
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, SizeReference, converted_ids, resolve

TYPES = ("FIXED", "FLEXIBLE")
PRICE_TYPES = ("STATIC", "DYNAMIC")

Path = tuple[PathElement, ...]


@dataclass(frozen=True)
class SectionAdd:
    quantity: int
    product_variants: Sequence[Reference]


@dataclass(frozen=True)
class SectionChange:
    section: Reference
    quantity: int


@dataclass(frozen=True)
class BundleCreate:
    product: BundleProduct
    type: str
    price_type: str
    size_chart: Reference
    #: ``None``: every size of the chart.
    sizes: Sequence[SizeReference] | None = None
    add_sections: Sequence[SectionAdd] = ()


@dataclass(frozen=True)
class BundleUpdate:
    type: str | None = None
    price_type: str | None = None
    add_sections: Sequence[SectionAdd] = ()
    remove_sections: Sequence[Reference] = ()
    change_sections: Sequence[SectionChange] = ()


@dataclass
class BundleResult:
    bundle_id: int
    warnings: list[MutationWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _PlannedSection:
    quantity: int
    variant_ids: list[int]


def create_bundle(writer: Writer, command: BundleCreate) -> BundleResult:
    result = BundleResult(bundle_id=0)
    bundle_type = _one_of(command.type, TYPES, "type")
    price_type = _one_of(command.price_type, PRICE_TYPES, "priceType")
    with writer.begin("Bundle") as work:
        connection = work.connection
        problems: list[UserError] = []
        try:
            product = plan_product(
                work,
                command.product,
                command.size_chart,
                command.sizes,
                result.warnings,
            )
        except UserInputError as failure:
            problems.extend(failure.errors)
        sections = _plan_sections(work, command.add_sections, problems, result.warnings)
        if problems:
            raise UserInputError(problems)
        now = utc_now()
        product_id, variant_id = insert_product(connection, product, now)
        result.bundle_id = connection.execute(
            insert(catalog.bundles)
            .values(
                product_id=product_id,
                product_variant_id=variant_id,
                type=bundle_type,
                price_type=price_type,
                created_at=now,
                updated_at=now,
            )
            .returning(catalog.bundles.c.id)
        ).scalar_one()
        _insert_sections(connection, result.bundle_id, sections)
    return result


def update_bundle(writer: Writer, bundle: Reference, command: BundleUpdate) -> BundleResult:
    result = BundleResult(bundle_id=0)
    values: dict[str, object] = {}
    if command.type is not None:
        values["type"] = _one_of(command.type, TYPES, "type")
    if command.price_type is not None:
        values["price_type"] = _one_of(command.price_type, PRICE_TYPES, "priceType")
    with writer.begin("Bundle") as work:
        connection = work.connection
        result.bundle_id = resolve(work, "Bundle", bundle, ())
        problems: list[UserError] = []
        sections = catalog.bundle_sections
        remove_ids = _section_ids(
            work,
            [
                (r, ("input", "removeBundleSections", i))
                for i, r in enumerate(command.remove_sections)
            ],
            problems,
        )
        change_ids = _section_ids(
            work,
            [
                (c.section, ("input", "updateBundleSections", i, "bundleSection"))
                for i, c in enumerate(command.change_sections)
            ],
            problems,
        )
        owners = dict(
            connection.execute(
                select(sections.c.id, sections.c.bundle_id).where(
                    sections.c.id.in_(sorted({i for i in (*remove_ids, *change_ids) if i}))
                )
            ).all()
        )
        removed = _removed_sections(result, remove_ids, owners, problems)
        changes = _section_changes(
            result,
            [
                (section_id, change.quantity)
                for section_id, change in zip(change_ids, command.change_sections, strict=True)
            ],
            removed,
            owners,
            problems,
        )
        added = _plan_sections(work, command.add_sections, problems, result.warnings)
        if problems:
            raise UserInputError(problems)
        if removed:
            links = catalog.bundle_section_variants
            connection.execute(delete(links).where(links.c.bundle_section_id.in_(removed)))
            connection.execute(delete(sections).where(sections.c.id.in_(removed)))
        for section_id, quantity in changes.items():
            connection.execute(
                update(sections).where(sections.c.id == section_id).values(quantity=quantity)
            )
        _insert_sections(connection, result.bundle_id, added)
        connection.execute(
            update(catalog.bundles)
            .where(catalog.bundles.c.id == result.bundle_id)
            .values(**values, updated_at=utc_now())
        )
    return result


# -- rules -------------------------------------------------------------------------------


def _one_of(value: str, allowed: tuple[str, ...], member: str) -> str:
    if value not in allowed:
        raise UserInputError.single(
            f"{member} must be one of {', '.join(allowed)}, got {value}.", "input", member
        )
    return value


def _section_ids(
    work: UnitOfWork, wanted: Sequence[tuple[Reference, Path]], problems: list[UserError]
) -> list[int | None]:
    """Each section reference's id: ids as given, external ids through the caller's ID
    conversions (None, with a userError, when there is no such entry)."""
    external = [r.external_id for r, _ in wanted if r.id is None and r.external_id is not None]
    converted = converted_ids(work, "BundleSection", external)
    ids: list[int | None] = []
    for reference, path in wanted:
        found = reference.id
        if found is None and reference.external_id is not None:
            found = converted.get(reference.external_id)
        if found is None:
            problems.append(
                UserError(f"Could not find BundleSection with {reference.describe()}.", path)
            )
        ids.append(found)
    return ids


def _removed_sections(
    result: BundleResult,
    section_ids: Sequence[int | None],
    owners: dict[int, int],
    problems: list[UserError],
) -> list[int]:
    removed: list[int] = []
    for index, section_id in enumerate(section_ids):
        path: Path = ("input", "removeBundleSections", index)
        if section_id is None:
            continue
        problem = _section_problem(result.bundle_id, section_id, owners)
        if problem is not None:
            problems.append(UserError(problem, path))
        elif section_id in removed:
            result.warnings.append(
                MutationWarning(f"Duplicate bundle section ID {section_id} skipped.", path)
            )
        else:
            removed.append(section_id)
    return removed


def _section_changes(
    result: BundleResult,
    changes: Sequence[tuple[int | None, int]],
    removed: list[int],
    owners: dict[int, int],
    problems: list[UserError],
) -> dict[int, int]:
    planned: dict[int, int] = {}
    for index, (section_id, quantity) in enumerate(changes):
        path: Path = ("input", "updateBundleSections", index)
        if section_id is None:
            continue
        problem = _section_problem(result.bundle_id, section_id, owners)
        if problem is not None:
            problems.append(UserError(problem, (*path, "bundleSection")))
        elif section_id in removed:
            problems.append(
                UserError(
                    f"Bundle section ID {section_id} is removed in the same request.",
                    (*path, "bundleSection"),
                )
            )
        elif section_id in planned:
            problems.append(
                UserError(
                    f"Bundle section ID {section_id} is changed twice in one request.",
                    (*path, "bundleSection"),
                )
            )
        elif quantity < 1:
            problems.append(
                UserError(
                    f"A section's quantity is at least 1, got {quantity}.",
                    (*path, "quantity"),
                )
            )
        else:
            planned[section_id] = quantity
    return planned


def _section_problem(bundle_id: int, section_id: int, owners: dict[int, int]) -> str | None:
    owner = owners.get(section_id)
    if owner is None:
        return f"Could not find BundleSection with ID {section_id}."
    if owner != bundle_id:
        return f"Bundle section ID {section_id} belongs to bundle {owner}, not to this bundle."
    return None


def _plan_sections(
    work: UnitOfWork,
    additions: Sequence[SectionAdd],
    problems: list[UserError],
    warnings: list[MutationWarning],
) -> list[_PlannedSection]:
    connection = work.connection
    planned: list[_PlannedSection] = []
    found: list[tuple[Path, Reference, int]] = []
    for index, addition in enumerate(additions):
        path: Path = ("input", "addBundleSections", index)
        if addition.quantity < 1:
            problems.append(
                UserError(
                    f"A section's quantity is at least 1, got {addition.quantity}.",
                    (*path, "quantity"),
                )
            )
        if not addition.product_variants:
            problems.append(
                UserError(
                    "A section needs at least one product variant to choose from.",
                    (*path, "productVariants"),
                )
            )
        variant_ids: list[int] = []
        for position, reference in enumerate(addition.product_variants):
            variant_path: Path = (*path, "productVariants", position)
            try:
                variant_id = resolve(work, "ProductVariant", reference, variant_path)
            except UserInputError as failure:
                problems.extend(failure.errors)
                continue
            if variant_id in variant_ids:
                warnings.append(
                    MutationWarning(
                        f"Duplicate product variant {reference.describe()} skipped.", variant_path
                    )
                )
                continue
            variant_ids.append(variant_id)
            found.append((variant_path, reference, variant_id))
        planned.append(_PlannedSection(addition.quantity, variant_ids))
    bundled = _bundle_variants(connection, [variant_id for _, _, variant_id in found])
    for path, reference, variant_id in found:
        if variant_id in bundled:
            problems.append(
                UserError(
                    f"Product variant {reference.describe()} is a bundle's variant: a bundle "
                    "cannot contain bundles.",
                    path,
                )
            )
    return planned


def _bundle_variants(connection: Connection, variant_ids: list[int]) -> set[int]:
    if not variant_ids:
        return set()
    variants = catalog.product_variants
    products = catalog.products
    return set(
        connection.execute(
            select(variants.c.id)
            .join(products, products.c.id == variants.c.product_id)
            .where(variants.c.id.in_(sorted(set(variant_ids))), products.c.is_bundle.is_(True))
        ).scalars()
    )


def _insert_sections(
    connection: Connection, bundle_id: int, sections: list[_PlannedSection]
) -> None:
    if not sections:
        return
    table = catalog.bundle_sections
    last = connection.execute(
        select(func.coalesce(func.max(table.c.position), 0)).where(table.c.bundle_id == bundle_id)
    ).scalar_one()
    for position, section in enumerate(sections, start=last + 1):
        section_id = connection.execute(
            insert(table)
            .values(bundle_id=bundle_id, quantity=section.quantity, position=position)
            .returning(table.c.id)
        ).scalar_one()
        connection.execute(
            insert(catalog.bundle_section_variants),
            [
                {"bundle_section_id": section_id, "product_variant_id": variant_id}
                for variant_id in section.variant_ids
            ],
        )
