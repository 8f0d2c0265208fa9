"""``set_stock``: absolute physical levels of many product sizes in one warehouse.

Every row is checked before anything is written, and all problems are reported together:
unknown warehouse or variant, a size not active on the variant, a negative quantity, the
same product size twice, a level below what orders have allocated, and compare-and-set
conflicts (``expectedQuantity`` differs from the physical quantity now). With
``FREE_TO_ALLOCATE`` the given quantity is what is free: physical becomes it plus the
allocated quantity. One StockChange of type SET records a line per given row.

Statements are set-based and their number does not depend on the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Connection

from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.errors import UserError
from mercato.idconversion.references import Reference, resolve
from mercato.stock import ledger
from mercato.stock.idempotency import IdempotencyKey
from mercato.stock.levels import Key, read_levels, write_absolute
from mercato.stock.references import (
    Path,
    SizeReference,
    SizeWanted,
    resolve_sizes,
    resolve_variants,
)
from mercato.stock.sql import Sql
from mercato.stock.writes import (
    Annotation,
    StockWriteResult,
    check_annotation,
    check_size,
    conflict,
    raise_problems,
    run_write,
)

PHYSICAL = "PHYSICAL"
FREE_TO_ALLOCATE = "FREE_TO_ALLOCATE"


class SizeLevel(NamedTuple):
    size: SizeReference
    quantity: int
    expected_quantity: int | None = None


@dataclass(frozen=True)
class VariantLevels:
    product_variant: Reference
    size_levels: Sequence[SizeLevel]


@dataclass(frozen=True)
class StockSet:
    warehouse: Reference
    product_variants: Sequence[VariantLevels]
    quantity_type: str = PHYSICAL
    annotation: Annotation = field(default_factory=Annotation)
    idempotency_key: IdempotencyKey | None = None


def set_stock(
    database: Database, integration_name: str | None, command: StockSet
) -> StockWriteResult:
    def effect(connection: Connection, sql: Sql) -> StockWriteResult:
        return _set(connection, sql, integration_name, command)

    return run_write(database, "setStock", command.idempotency_key, effect)


def _set(
    connection: Connection, sql: Sql, integration_name: str | None, command: StockSet
) -> StockWriteResult:
    check_size("setStock", sum(len(entry.size_levels) for entry in command.product_variants))
    problems: list[UserError] = []
    check_annotation(command.annotation, problems)
    warehouse_id = resolve(
        connection, integration_name, "Warehouse", command.warehouse, ("input", "warehouse")
    )
    variant_paths: list[Path] = [
        ("input", "productVariants", index, "productVariant")
        for index in range(len(command.product_variants))
    ]
    variant_ids = resolve_variants(
        connection,
        sql,
        integration_name,
        [
            (entry.product_variant, path)
            for entry, path in zip(command.product_variants, variant_paths, strict=True)
        ],
        problems,
    )
    wanted: list[SizeWanted] = []
    levels_given: list[tuple[SizeLevel, Path]] = []
    for index, (entry, variant_id) in enumerate(
        zip(command.product_variants, variant_ids, strict=True)
    ):
        for position, level in enumerate(entry.size_levels):
            path: Path = ("input", "productVariants", index, "sizeStockLevels", position)
            if level.quantity < 0:
                problems.append(UserError("quantity cannot be negative.", (*path, "quantity")))
            if level.expected_quantity is not None and level.expected_quantity < 0:
                problems.append(
                    UserError("expectedQuantity cannot be negative.", (*path, "expectedQuantity"))
                )
            if variant_id is not None:
                wanted.append(SizeWanted(variant_id, level.size, (*path, "size")))
                levels_given.append((level, path))
    product_size_ids = resolve_sizes(connection, sql, integration_name, wanted, problems)
    rows: list[tuple[int, SizeLevel, Path]] = []
    seen: set[int] = set()
    for product_size_id, (level, path) in zip(product_size_ids, levels_given, strict=True):
        if product_size_id is None:
            continue
        if product_size_id in seen:
            problems.append(
                UserError(f"Product size ID {product_size_id} is given twice.", (*path, "size"))
            )
            continue
        seen.add(product_size_id)
        rows.append((product_size_id, level, path))
    raise_problems(problems)
    if not rows:
        return StockWriteResult()
    keys: list[Key] = [(warehouse_id, product_size_id) for product_size_id, _, _ in rows]
    levels = read_levels(connection, sql, keys)
    targets: dict[Key, int] = {}
    for key, (product_size_id, level, path) in zip(keys, rows, strict=True):
        stored = levels[key]
        if (
            level.expected_quantity is not None
            and level.expected_quantity != stored.physical_quantity
        ):
            problems.append(conflict(path, level.expected_quantity, stored.physical_quantity))
        target = level.quantity
        if command.quantity_type == FREE_TO_ALLOCATE:
            target += stored.allocated
        elif target < stored.allocated:
            problems.append(
                UserError(
                    f"Product size ID {product_size_id}: physical quantity {target} is below the "
                    f"{stored.allocated} allocated to orders in this warehouse.",
                    (*path, "quantity"),
                )
            )
        targets[key] = target
    raise_problems(problems)
    now = utc_now()
    write_absolute(connection, sql, levels, targets, now)
    lines = [
        ledger.Line(
            warehouse_id=key[0],
            product_size_id=key[1],
            delivered_quantity=targets[key] - levels[key].physical_quantity,
            physical_quantity=targets[key],
            free_to_allocate_quantity=targets[key] - levels[key].allocated,
        )
        for key in keys
    ]
    annotation = command.annotation
    change_id = ledger.record(
        connection,
        sql,
        ledger.ChangeHeader(
            ledger.SET,
            warehouse_id,
            annotation.description,
            annotation.reason,
            annotation.external_reference,
        ),
        lines,
        now,
    )
    return StockWriteResult([change_id])
