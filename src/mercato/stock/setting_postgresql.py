"""``set_stock`` on PostgreSQL, after the warehouse and the variants are resolved: the sizes,
the levels read under lock, the rules, and every write in one statement.

Statements, however many rows: the variants' sizes (plus one for sizes named by external
id), the stored rows of the request's sizes locked ``FOR UPDATE`` in size order (the order
reservations and the other writers lock in, so no deadlock), the allocated sums, and ONE
data-modifying statement writing the levels (updates guarded by the values read under the
lock, inserts of the rows read as missing), the stock change and its lines from the same
``unnest`` of one array per column.

The allocated sums are read by a statement of their own, after the lock: under READ
COMMITTED a statement reads one snapshot, taken when it starts, so a sum read by the
locking statement itself would miss an allocation committed while that statement waited
for the lock (and the level could be set below it). Once the rows are locked, no allocation
of them can commit before this transaction ends (an allocation locks its row first).

Every rule is checked in Python between the reads and the write, with the same userErrors,
in the same order, as on SQLite (``mercato.stock.setting``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from mercato.clock import utc_now
from mercato.db.dialect import integer_array
from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import UnitOfWork
from mercato.errors import UserError
from mercato.idconversion.references import NO_INTEGRATION, SizeReference, converted_ids
from mercato.stock.levels import ConcurrentInsertError
from mercato.stock.references import (
    SIZE_REFERENCE_SHAPE,
    size_not_active,
)
from mercato.stock.writes import (
    Annotation,
    SizeLevel,
    StockWriteResult,
    below_allocated,
    conflict,
    free_past_largest,
    given_twice,
    level_out_of_range,
    level_path,
    raise_problems,
)

SIZES = (
    "SELECT ps.product_variant_id, s.name, ps.id, ps.size_id FROM product_sizes ps "
    "JOIN unnest(%s::int[]) AS wanted(id) ON ps.product_variant_id = wanted.id "
    "JOIN sizes s ON s.id = ps.size_id"
)

LOCK = (
    "SELECT s.product_size_id, s.physical_quantity FROM stock s "
    "WHERE s.warehouse_id = %s AND s.product_size_id = ANY(%s::int[]) "
    "ORDER BY s.product_size_id FOR UPDATE"
)

ALLOCATED = (
    "SELECT r.product_size_id, SUM(r.quantity) FROM stock_reservations r "
    "WHERE r.warehouse_id = %s AND r.product_size_id = ANY(%s::int[]) "
    "AND r.state = 'ALLOCATED' GROUP BY r.product_size_id"
)

#: The levels, the stock change and its lines, from one row per size in request order:
#: (product size, physical read under lock or NULL without a stored row, target, allocated).
#: Stored rows are updated only where the target differs, guarded by the value read; new
#: rows are inserted in size order. The lines follow ``unnest``'s order (request order, as the
#: ids of the lines), which the cross join with the one change row keeps: no sort (sorting
#: on an ordinality column cost 2 to 6 ms per 10,000 lines). The counts tell the caller
#: whether every guarded row was written (a row inserted meanwhile by another writer makes
#: the write retry).
WRITE = (
    "WITH t AS MATERIALIZED (SELECT * FROM unnest(%(sizes)s::int[], %(physical)s::int[], "
    "%(targets)s::int[], %(allocated)s::int[]) "
    "AS t(product_size_id, physical, target, allocated)), "
    "updated AS (UPDATE stock SET physical_quantity = t.target, updated_at = %(now)s FROM t "
    "WHERE stock.warehouse_id = %(warehouse)s AND stock.product_size_id = t.product_size_id "
    "AND t.physical <> t.target AND stock.physical_quantity = t.physical RETURNING 1), "
    "inserted AS (INSERT INTO stock (warehouse_id, product_size_id, physical_quantity, "
    "created_at, updated_at) SELECT %(warehouse)s, t.product_size_id, t.target, %(now)s, "
    "%(now)s FROM t WHERE t.physical IS NULL ORDER BY t.product_size_id "
    "ON CONFLICT (warehouse_id, product_size_id) DO NOTHING RETURNING 1), "
    "change AS (INSERT INTO stock_changes (type, warehouse_id, description, reason, "
    "external_reference, created_at) VALUES ('SET', %(warehouse)s, %(description)s, "
    "%(reason)s, %(external_reference)s, %(now)s) RETURNING id), "
    "lines AS (INSERT INTO stock_change_lines (stock_change_id, warehouse_id, "
    "product_size_id, delivered_quantity, physical_quantity, free_to_allocate_quantity) "
    "SELECT change.id, %(warehouse)s, t.product_size_id, t.target - COALESCE(t.physical, 0), "
    "t.target, t.target - t.allocated FROM change CROSS JOIN t) "
    "SELECT (SELECT id FROM change), (SELECT count(*) FROM updated), "
    "(SELECT count(*) FROM inserted)"
)


def _fetch(
    connection: Connection, statement: str, parameters: Sequence[Any] | Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """Every row as a plain tuple, straight from psycopg (``%s`` or ``%(name)s`` marks)."""
    cursor: Any = connection.exec_driver_sql(
        statement, parameters if isinstance(parameters, Mapping) else tuple(parameters)
    ).cursor
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def lock_physical(
    connection: Connection, warehouse_id: int, product_size_ids: Sequence[int]
) -> dict[int, int]:
    """Lock the warehouse's stored rows of the sizes ``FOR UPDATE``, in size order; their
    physical quantities (sizes without a row are absent)."""
    ordered = integer_array(sorted(product_size_ids))
    return {row[0]: row[1] for row in _fetch(connection, LOCK, [warehouse_id, ordered])}


def allocated_sums(
    connection: Connection, warehouse_id: int, product_size_ids: Sequence[int]
) -> dict[int, int]:
    """What orders have allocated of each size in the warehouse (sizes without, absent);
    read after ``lock_physical``, by a statement of its own (see the module's docstring)."""
    ordered = integer_array(sorted(product_size_ids))
    return {row[0]: int(row[1]) for row in _fetch(connection, ALLOCATED, [warehouse_id, ordered])}


def set_levels(
    work: UnitOfWork,
    warehouse_id: int,
    entries: Sequence[Sequence[SizeLevel]],
    variant_ids: Sequence[int | None],
    free_given: bool,
    annotation: Annotation,
    problems: list[UserError],
) -> StockWriteResult:
    """Check and write the rows of ``entries`` (each variant's size levels, ``variant_ids``
    their resolved variants, None where a userError was already reported)."""
    connection, integration_name = work.connection, work.caller.integration_name
    external = sorted({level[2] for levels in entries for level in levels if level[2] is not None})
    converted = converted_ids(work, "Size", external)
    wanted_variants = sorted({v for v in variant_ids if v is not None})
    found = _fetch(connection, SIZES, [integer_array(wanted_variants)]) if wanted_variants else []
    # (variant, size name) -> product size; by (variant, size id) only when needed
    by_name = {(row[0], row[1]): row[2] for row in found}
    by_size: dict[tuple[int, int], int] | None = None
    negatives: list[UserError] = []
    sized: list[UserError] = []
    duplicates: list[UserError] = []
    seen: set[int] = set()
    # The rows to write, in request order: product size, quantity, expected, where.
    sizes: list[int] = []
    rows: list[tuple[int, int | None, int, int]] = []
    for index, (levels, variant_id) in enumerate(zip(entries, variant_ids, strict=True)):
        for position, level in enumerate(levels):
            size_id, name, external_id, quantity, expected = level
            if not 0 <= quantity <= LARGEST_INT or (
                expected is not None and not 0 <= expected <= LARGEST_INT
            ):
                negatives.extend(
                    level_out_of_range(quantity, expected, level_path(index, position))
                )
            if variant_id is None:
                continue
            product_size_id: int | None
            if size_id is None and external_id is None and name is not None:
                product_size_id = by_name.get((variant_id, name))
            elif (size_id is not None) + (name is not None) + (external_id is not None) != 1:
                sized.append(UserError(SIZE_REFERENCE_SHAPE, level_path(index, position, "size")))
                continue
            elif external_id is not None and not integration_name:
                sized.append(UserError(NO_INTEGRATION, level_path(index, position, "size")))
                continue
            else:
                if by_size is None:
                    by_size = {(row[0], row[3]): row[2] for row in found}
                if size_id is None:
                    size_id = converted.get(str(external_id))
                product_size_id = (
                    by_size.get((variant_id, size_id)) if size_id is not None else None
                )
            if product_size_id is None:
                sized.append(
                    size_not_active(
                        SizeReference(level[0], level[2], level[1]),
                        variant_id,
                        level_path(index, position, "size"),
                    )
                )
                continue
            if product_size_id in seen:
                duplicates.append(given_twice(product_size_id, level_path(index, position)))
                continue
            seen.add(product_size_id)
            sizes.append(product_size_id)
            rows.append((quantity, expected, index, position))
    problems.extend(negatives)
    problems.extend(sized)
    problems.extend(duplicates)
    raise_problems(problems)
    if not sizes:
        return StockWriteResult()
    physical_read = lock_physical(connection, warehouse_id, sizes)
    allocated_read = allocated_sums(connection, warehouse_id, sizes)
    rules: list[UserError] = []
    physicals: list[int | None] = []
    targets: list[int] = []
    allocations: list[int] = []
    updates = inserts = 0
    for product_size_id, (quantity, expected, index, position) in zip(sizes, rows, strict=True):
        physical = physical_read.get(product_size_id)
        allocated = allocated_read.get(product_size_id, 0)
        stored = physical or 0
        if expected is not None and expected != stored:
            rules.append(conflict(level_path(index, position), expected, stored))
        target = quantity + allocated if free_given else quantity
        if target > LARGEST_INT:
            rules.append(
                free_past_largest(product_size_id, quantity, allocated, level_path(index, position))
            )
        elif target < allocated:
            rules.append(
                below_allocated(product_size_id, target, allocated, level_path(index, position))
            )
        if physical is None:
            inserts += 1
        elif physical != target:
            updates += 1
        physicals.append(physical)
        targets.append(target)
        allocations.append(allocated)
    raise_problems(rules)
    row = _fetch(
        connection,
        WRITE,
        {
            "sizes": integer_array(sizes),
            "physical": integer_array(physicals),
            "targets": integer_array(targets),
            "allocated": integer_array(allocations),
            "warehouse": warehouse_id,
            "now": utc_now(),
            "description": annotation.description,
            "reason": annotation.reason,
            "external_reference": annotation.external_reference,
        },
    )[0]
    if row[1] != updates or row[2] != inserts:
        raise ConcurrentInsertError()
    return StockWriteResult([int(row[0])])
