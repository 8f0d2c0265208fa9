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
from typing import Any, NamedTuple

from mercato.clock import utc_now
from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import IdempotencyKey, UnitOfWork, Writer
from mercato.errors import UserError
from mercato.idconversion.references import (
    NO_INTEGRATION,
    Reference,
    SizeReference,
    converted_ids,
    resolve,
    resolve_many,
)
from mercato.stock import ledger
from mercato.stock.levels import (
    insert_new,
    read_sizes_with_levels,
    update_guarded_sqlite,
)
from mercato.stock.references import (
    SIZE_REFERENCE_SHAPE,
    Path,
    size_not_active,
)
from mercato.stock.setting_postgresql import set_levels
from mercato.stock.writes import (
    Annotation,
    SizeLevel,
    StockWriteResult,
    below_allocated,
    check_annotation,
    check_size,
    conflict,
    free_past_largest,
    given_twice,
    level_out_of_range,
    level_path,
    raise_problems,
    run_write,
)

PHYSICAL = "PHYSICAL"
FREE_TO_ALLOCATE = "FREE_TO_ALLOCATE"


class VariantLevels(NamedTuple):
    """A variant's rows (a named tuple: a request may carry thousands of variants)."""

    product_variant: Reference
    size_levels: Sequence[SizeLevel]


@dataclass(frozen=True)
class StockSet:
    warehouse: Reference
    product_variants: Sequence[VariantLevels]
    quantity_type: str = PHYSICAL
    annotation: Annotation = field(default_factory=Annotation)
    idempotency_key: IdempotencyKey | None = None


def set_stock(writer: Writer, command: StockSet) -> StockWriteResult:
    return run_write(writer, "setStock", command.idempotency_key, lambda work: _set(work, command))


def _set(work: UnitOfWork, command: StockSet) -> StockWriteResult:
    sql = work.sql
    check_size("setStock", sum(len(entry.size_levels) for entry in command.product_variants))
    problems: list[UserError] = []
    check_annotation(command.annotation, problems)
    warehouse_id = resolve(work, "Warehouse", command.warehouse, ("input", "warehouse"))
    if not sql.postgresql:
        return _set_sqlite(work, command, warehouse_id, problems)
    variant_paths: list[Path] = [
        ("input", "productVariants", index, "productVariant")
        for index in range(len(command.product_variants))
    ]
    variant_ids = resolve_many(
        work,
        "ProductVariant",
        [
            (entry.product_variant, path)
            for entry, path in zip(command.product_variants, variant_paths, strict=True)
        ],
        problems,
    )
    return set_levels(
        work,
        warehouse_id,
        [entry.size_levels for entry in command.product_variants],
        variant_ids,
        command.quantity_type == FREE_TO_ALLOCATE,
        command.annotation,
        problems,
    )


def _set_sqlite(
    work: UnitOfWork,
    command: StockSet,
    warehouse_id: int,
    problems: list[UserError],
) -> StockWriteResult:
    """SQLite (writers are serialized): the variants' sizes with their levels and allocations
    read in one statement, then one loop over the rows checking every rule; the same
    userErrors, in the same order, as the general path."""
    connection, sql, integration_name = work.connection, work.sql, work.caller.integration_name
    found: list[Sequence[Any]] = []
    # One table per variant: size name -> the row read (no key tuple per row); by (variant,
    # size id) only when a row names its size otherwise.
    tables: dict[int, dict[str, Sequence[Any]]] = {}

    def read(variant_ids: list[int]) -> set[int]:
        """The sizes of the candidate variants read; those with a size exist (a product
        size's variant is a foreign key), only the others are looked up."""
        found.extend(read_sizes_with_levels(connection, sql, warehouse_id, variant_ids))
        for row in found:
            table = tables.get(row[0])
            if table is None:
                table = tables[row[0]] = {}
            table[row[1]] = row
        return set(tables)

    variant_ids = resolve_many(
        work,
        "ProductVariant",
        [
            (entry.product_variant, ("input", "productVariants", index, "productVariant"))
            for index, entry in enumerate(command.product_variants)
        ],
        problems,
        known=read,
    )
    # The sizes named by external id, converted when the loop meets the first (most
    # requests name none: no pass over the rows for them).
    converted: dict[str, int] | None = None
    by_size: dict[tuple[int, int], Sequence[Any]] | None = None
    no_sizes: dict[str, Sequence[Any]] = {}
    free_given = command.quantity_type == FREE_TO_ALLOCATE
    negatives: list[UserError] = []
    sized: list[UserError] = []
    duplicates: list[UserError] = []
    rules: list[UserError] = []
    seen: set[int] = set()
    if not any(entry.size_levels for entry in command.product_variants):
        raise_problems(problems)
        return StockWriteResult()
    # The change first (rolled back with everything else on a userError), so that the
    # parameter rows of the level updates and the ledger lines are built once, here.
    annotation = command.annotation
    now = utc_now()
    stamp = sql.timestamp(now)
    change_id = ledger.record_change_sqlite(
        connection,
        sql,
        ledger.ChangeHeader(
            ledger.SET,
            warehouse_id,
            annotation.description,
            annotation.reason,
            annotation.external_reference,
        ),
        stamp,
    )
    updates: list[tuple[int, object, int, int]] = []
    inserts: list[tuple[int, int, int]] = []
    lines: list[tuple[int, int, int, int, int, int]] = []
    for index, (entry, variant_id) in enumerate(
        zip(command.product_variants, variant_ids, strict=True)
    ):
        table = no_sizes if variant_id is None else tables.get(variant_id, no_sizes)
        for position, level in enumerate(entry.size_levels):
            size_id, name, external_id, quantity, expected = level
            if not 0 <= quantity <= LARGEST_INT or (
                expected is not None and not 0 <= expected <= LARGEST_INT
            ):
                negatives.extend(
                    level_out_of_range(quantity, expected, level_path(index, position))
                )
            if variant_id is None:
                continue
            if size_id is None and external_id is None and name is not None:
                level_read = table.get(name)
            elif (size_id is not None) + (name is not None) + (external_id is not None) != 1:
                sized.append(UserError(SIZE_REFERENCE_SHAPE, level_path(index, position, "size")))
                continue
            elif external_id is not None and not integration_name:
                sized.append(UserError(NO_INTEGRATION, level_path(index, position, "size")))
                continue
            else:
                if by_size is None:
                    by_size = {(row[0], row[3]): row for row in found}
                if size_id is None:
                    if converted is None:
                        external = {
                            level[2]
                            for entry in command.product_variants
                            for level in entry.size_levels
                            if level[2] is not None
                        }
                        converted = converted_ids(work, "Size", sorted(external))
                    size_id = converted.get(str(external_id))
                level_read = by_size.get((variant_id, size_id)) if size_id is not None else None
            if level_read is None:
                sized.append(
                    size_not_active(
                        SizeReference(level[0], level[2], level[1]),
                        variant_id,
                        level_path(index, position, "size"),
                    )
                )
                continue
            _, _, product_size_id, _, physical, allocated, rowid = level_read
            if product_size_id in seen:
                duplicates.append(given_twice(product_size_id, level_path(index, position)))
                continue
            seen.add(product_size_id)
            allocated = allocated or 0
            stored = physical or 0
            if expected is not None and expected != stored:
                rules.append(conflict(level_path(index, position), expected, stored))
            target = quantity + allocated if free_given else quantity
            if target > LARGEST_INT:
                rules.append(
                    free_past_largest(
                        product_size_id, quantity, allocated, level_path(index, position)
                    )
                )
            elif target < allocated:
                rules.append(
                    below_allocated(product_size_id, target, allocated, level_path(index, position))
                )
            if physical is None:
                inserts.append((warehouse_id, product_size_id, target))
            elif physical != target:
                updates.append((target, stamp, rowid, physical))
            lines.append(
                (
                    change_id,
                    warehouse_id,
                    product_size_id,
                    target - stored,
                    target,
                    target - allocated,
                )
            )
    problems.extend(negatives)
    problems.extend(sized)
    problems.extend(duplicates)
    raise_problems(problems)  # every row skipped above made a problem: rows remain
    raise_problems(rules)
    # Request order: writers are serialized on SQLite, so no lock order to keep.
    update_guarded_sqlite(connection, sql, updates)
    insert_new(connection, sql, inserts, now)
    ledger.insert_lines_without_costs(connection, sql, lines)
    return StockWriteResult([change_id])
