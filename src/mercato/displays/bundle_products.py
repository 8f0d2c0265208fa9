"""The product a bundle is (reference 3.13): created with the bundle, in the same
transaction, flagged ``is_bundle``, with exactly one internal variant on the given size chart
and that variant's sizes activated (a product size per size, SKU = product number + variant
number + size number, as the products service keeps it).

Rules (reference 3.8, by analogy with createProduct): the product number is unique (at most 64
characters, no blanks); brand, collection, folder and country of origin must exist; sizes
belong to the chart. When no sizes are given, every size of the chart is activated: a bundle
is nearly always one-size, and a bundle without sizes could never be sold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from mercato.db import catalog_tables as catalog
from mercato.db.unit_of_work import UnitOfWork
from mercato.displays.texts import optional_text, valid_name
from mercato.errors import MutationWarning, PathElement, UserError, UserInputError
from mercato.idconversion.references import Reference, SizeReference, resolve

PRODUCT_STATUSES = ("ACTIVE", "INACTIVE")
MAX_PRODUCT_NUMBER_LENGTH = 64
MAX_HS_CODE_LENGTH = 32
MAX_HS_DESCRIPTION_LENGTH = 255

Path = tuple[PathElement, ...]


@dataclass(frozen=True)
class BundleProduct:
    name: str
    status: str
    product_number: str
    brand: Reference | None = None
    collection: Reference | None = None
    folder: Reference | None = None
    country_of_origin: Reference | None = None
    harmonized_commodity_code: str | None = None
    harmonized_commodity_code_description: str | None = None
    is_serializable_product: bool = False


@dataclass(frozen=True)
class PlannedProduct:
    """Every value of the rows to insert, checked."""

    values: dict[str, object]
    product_number: str
    name: str
    status: str
    size_chart_id: int
    size_ids: list[int]


def checked_product(product: BundleProduct) -> dict[str, object]:
    """The product's own values (nothing read from the database)."""
    path: Path = ("input", "product")
    number = product.product_number.strip()
    if not number:
        raise UserInputError.single("A product needs a product number.", *path, "productNumber")
    if len(number) > MAX_PRODUCT_NUMBER_LENGTH:
        raise UserInputError.single(
            f"A product number has at most {MAX_PRODUCT_NUMBER_LENGTH} characters.",
            *path,
            "productNumber",
        )
    if any(character.isspace() for character in number):
        raise UserInputError.single(
            f'A product number cannot contain blanks: "{number}".', *path, "productNumber"
        )
    if product.status not in PRODUCT_STATUSES:
        raise UserInputError.single(
            f"status must be one of {', '.join(PRODUCT_STATUSES)}, got {product.status}.",
            *path,
            "status",
        )
    return {
        "name": valid_name(product.name, "product", (*path, "name")),
        "status": product.status,
        "product_number": number,
        "harmonized_commodity_code": optional_text(
            product.harmonized_commodity_code,
            (*path, "harmonizedCommodityCode"),
            MAX_HS_CODE_LENGTH,
        ),
        "harmonized_commodity_code_description": optional_text(
            product.harmonized_commodity_code_description,
            (*path, "harmonizedCommodityCodeDescription"),
            MAX_HS_DESCRIPTION_LENGTH,
        ),
        "is_serializable_product": product.is_serializable_product,
        "is_bundle": True,
    }


def plan_product(
    work: UnitOfWork,
    product: BundleProduct,
    size_chart: Reference,
    sizes: Sequence[SizeReference] | None,
    warnings: list[MutationWarning],
) -> PlannedProduct:
    connection = work.connection
    values = checked_product(product)
    path: Path = ("input", "product")
    problems: list[UserError] = []
    products = catalog.products
    taken = connection.execute(
        select(products.c.id).where(products.c.product_number == values["product_number"])
    ).scalar_one_or_none()
    if taken is not None:
        problems.append(
            UserError(
                f'Product {taken} has the product number "{values["product_number"]}" already: '
                "product numbers are unique.",
                (*path, "productNumber"),
            )
        )
    for column, object_type, member, reference in (
        ("brand_id", "Brand", "brand", product.brand),
        ("collection_id", "Collection", "collection", product.collection),
        ("folder_id", "Folder", "folder", product.folder),
        ("country_of_origin_id", "Country", "countryOfOrigin", product.country_of_origin),
    ):
        if reference is None:
            continue
        try:
            values[column] = resolve(work, object_type, reference, (*path, member))
        except UserInputError as failure:
            problems.extend(failure.errors)
    chart_id = None
    try:
        chart_id = resolve(work, "SizeChart", size_chart, ("input", "sizeChart"))
    except UserInputError as failure:
        problems.extend(failure.errors)
    size_ids: list[int] = []
    if chart_id is not None:
        size_ids = _sizes(work, chart_id, sizes, problems, warnings)
    if problems:
        raise UserInputError(problems)
    assert chart_id is not None
    return PlannedProduct(
        values,
        str(values["product_number"]),
        str(values["name"]),
        str(values["status"]),
        chart_id,
        size_ids,
    )


def insert_product(connection: Connection, planned: PlannedProduct, now: object) -> tuple[int, int]:
    """``(product id, internal variant id)`` of the new rows."""
    product_id: int = connection.execute(
        insert(catalog.products)
        .values(**planned.values, created_at=now, updated_at=now)
        .returning(catalog.products.c.id)
    ).scalar_one()
    variant_id: int = connection.execute(
        insert(catalog.product_variants)
        .values(
            product_id=product_id,
            name=planned.name,
            status=planned.status,
            size_chart_id=planned.size_chart_id,
            stock_offset=0,
            position=0,
            created_at=now,
            updated_at=now,
        )
        .returning(catalog.product_variants.c.id)
    ).scalar_one()
    if planned.size_ids:
        # SKU = product number + variant number + size number; the internal variant and its
        # sizes have no numbers of their own.
        connection.execute(
            insert(catalog.product_sizes),
            [
                {
                    "product_variant_id": variant_id,
                    "size_id": size_id,
                    "sku": planned.product_number,
                    "preorder": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for size_id in planned.size_ids
            ],
        )
    return product_id, variant_id


def _sizes(
    work: UnitOfWork,
    chart_id: int,
    sizes: Sequence[SizeReference] | None,
    problems: list[UserError],
    warnings: list[MutationWarning],
) -> list[int]:
    connection = work.connection
    table = catalog.sizes
    chart_sizes = connection.execute(
        select(table.c.id, table.c.name)
        .where(table.c.size_chart_id == chart_id)
        .order_by(table.c.position, table.c.id)
    ).all()
    if sizes is None:
        if not chart_sizes:
            problems.append(
                UserError(
                    "The size chart has no sizes: a bundle needs one.", ("input", "sizeChart")
                )
            )
        return [row.id for row in chart_sizes]
    if not sizes:
        problems.append(
            UserError("Give at least one size (or leave sizes out).", ("input", "sizes"))
        )
        return []
    by_id = {row.id: row.name for row in chart_sizes}
    by_name = {row.name: row.id for row in chart_sizes}
    chosen: list[int] = []
    for index, size in enumerate(sizes):
        path: Path = ("input", "sizes", index)
        given = [v for v in (size.id, size.external_id, size.name) if v is not None]
        if len(given) != 1:
            problems.append(
                UserError("Give exactly one of id, externalId or name of a size.", path)
            )
            continue
        size_id: int | None
        if size.name is not None:
            size_id = by_name.get(size.name)
        elif size.id is not None:
            size_id = size.id if size.id in by_id else None
        else:
            try:
                size_id = resolve(
                    work,
                    "Size",
                    Reference(external_id=size.external_id),
                    path,
                )
            except UserInputError as failure:
                problems.extend(failure.errors)
                continue
            size_id = size_id if size_id in by_id else None
        if size_id is None:
            problems.append(UserError(f"The size chart has no size with {size.describe()}.", path))
        elif size_id in chosen:
            warnings.append(MutationWarning(f"Duplicate size {size.describe()} skipped.", path))
        else:
            chosen.append(size_id)
    return chosen
