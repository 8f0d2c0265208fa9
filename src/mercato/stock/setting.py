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


def _path(index: int, position: int, *member: str) -> Path:
    return ("input", "productVariants", index, "sizeStockLevels", position, *member)


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
    given: list[SizeLevel] = []
    new = tuple.__new__  # named tuples without their Python-level __new__ (10,000 rows)
    for index, (entry, variant_id) in enumerate(
        zip(command.product_variants, variant_ids, strict=True)
    ):
        for position, level in enumerate(entry.size_levels):
            if level.quantity < 0:
                problems.append(
                    UserError("quantity cannot be negative.", _path(index, position, "quantity"))
                )
            if level.expected_quantity is not None and level.expected_quantity < 0:
                problems.append(
                    UserError(
                        "expectedQuantity cannot be negative.",
                        _path(index, position, "expectedQuantity"),
                    )
                )
            if variant_id is not None:
                wanted.append(new(SizeWanted, (variant_id, level.size, (index, position))))
                given.append(level)
    product_size_ids = resolve_sizes(
        connection, sql, integration_name, wanted, lambda where: _path(*where, "size"), problems
    )
    rows: list[tuple[int, SizeLevel, tuple[int, int]]] = []
    seen: set[int] = set()
    for product_size_id, level, row in zip(product_size_ids, given, wanted, strict=True):
        if product_size_id is None:
            continue
        if product_size_id in seen:
            problems.append(
                UserError(
                    f"Product size ID {product_size_id} is given twice.", _path(*row.where, "size")
                )
            )
            continue
        seen.add(product_size_id)
        rows.append((product_size_id, level, row.where))
    raise_problems(problems)
    if not rows:
        return StockWriteResult()
    keys: list[Key] = [(warehouse_id, product_size_id) for product_size_id, _, _ in rows]
    levels = read_levels(connection, sql, keys)
    free_given = command.quantity_type == FREE_TO_ALLOCATE
    targets: dict[Key, int] = {}
    lines: list[ledger.Line] = []
    for key, (product_size_id, level, where) in zip(keys, rows, strict=True):
        physical, allocated = levels[key]
        physical = physical or 0
        expected = level.expected_quantity
        if expected is not None and expected != physical:
            problems.append(conflict(_path(*where), expected, physical))
        target = level.quantity + allocated if free_given else level.quantity
        if target < allocated:
            problems.append(
                UserError(
                    f"Product size ID {product_size_id}: physical quantity {target} is below the "
                    f"{allocated} allocated to orders in this warehouse.",
                    _path(*where, "quantity"),
                )
            )
        targets[key] = target
        lines.append(
            new(
                ledger.Line,
                (key[0], key[1], target - physical, target, target - allocated, None, None, None),
            )
        )
    raise_problems(problems)
    now = utc_now()
    write_absolute(connection, sql, levels, targets, now)
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
