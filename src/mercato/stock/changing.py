"""``change_stock``: relative changes of physical stock.

- ``into`` only: a delivery (positive quantities) or a correction (negative ones);
- ``out_from`` only: stock leaves the warehouse (positive quantities are what leaves);
- both: a transfer of the given quantities from ``out_from`` into ``into``.

Stock never goes below what orders have allocated, nor below zero: a decrease, a removal or
a transfer is limited to the free-to-allocate quantity of the warehouse it takes from (the
reference: "moving stock only up to the FTA in the source warehouse"), with a userWarning
saying what was moved instead. ``expectedQuantity`` (compare-and-set) is checked against the
physical quantity of the warehouse stock is taken from (``out_from`` when given, else
``into``). Physical stock changes by ``physical_quantity + delta`` in SQL, never by a value
computed from an earlier read. One StockChange records a line per warehouse and size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from sqlalchemy import Connection, select

from mercato.clock import utc_now
from mercato.db import tables
from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import IdempotencyKey, UnitOfWork, Writer
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.idconversion.references import Reference, SizeReference, resolve, resolve_many
from mercato.stock import ledger
from mercato.stock.levels import Key, Level, read_levels, write_deltas
from mercato.stock.references import (
    Path,
    SizeWanted,
    resolve_sizes,
)
from mercato.stock.writes import (
    Annotation,
    StockWriteResult,
    check_annotation,
    check_size,
    conflict,
    given_twice,
    negative_expected,
    raise_problems,
    run_write,
)

#: Unit costs stay within a GraphQL Int in minor units.
MAX_MINOR_UNITS = 2**31 - 1


@dataclass(frozen=True)
class Money:
    value: float
    currency_iso_code: str


class SizeChange(NamedTuple):
    size: SizeReference
    delivered_quantity: int
    expected_quantity: int | None = None


@dataclass(frozen=True)
class VariantChanges:
    product_variant: Reference
    size_changes: Sequence[SizeChange]
    unit_cost: Money | None = None


@dataclass(frozen=True)
class StockChange:
    into_warehouse: Reference | None
    out_from_warehouse: Reference | None
    product_variants: Sequence[VariantChanges]
    annotation: Annotation = field(default_factory=Annotation)
    idempotency_key: IdempotencyKey | None = None


@dataclass(frozen=True)
class _Cost:
    minor: int
    currency_id: int
    base_rate: float


@dataclass(frozen=True)
class _Row:
    product_size_id: int
    quantity: int
    expected: int | None
    cost: _Cost | None
    path: Path


def change_stock(writer: Writer, command: StockChange) -> StockWriteResult:
    return run_write(
        writer, "changeStock", command.idempotency_key, lambda work: _change(work, command)
    )


def _warehouses(work: UnitOfWork, command: StockChange) -> tuple[int | None, int | None]:
    if command.into_warehouse is None and command.out_from_warehouse is None:
        raise UserInputError.single(
            "Give intoWarehouse, outFromWarehouse or both (a transfer).", "input"
        )
    into = (
        resolve(
            work,
            "Warehouse",
            command.into_warehouse,
            ("input", "intoWarehouse"),
        )
        if command.into_warehouse is not None
        else None
    )
    out = (
        resolve(
            work,
            "Warehouse",
            command.out_from_warehouse,
            ("input", "outFromWarehouse"),
        )
        if command.out_from_warehouse is not None
        else None
    )
    if into is not None and into == out:
        raise UserInputError.single(
            "A transfer needs two different warehouses.", "input", "outFromWarehouse"
        )
    return into, out


def _change(work: UnitOfWork, command: StockChange) -> StockWriteResult:
    connection, sql = work.connection, work.sql
    check_size("changeStock", sum(len(entry.size_changes) for entry in command.product_variants))
    problems: list[UserError] = []
    check_annotation(command.annotation, problems)
    into, out = _warehouses(work, command)
    variant_ids = resolve_many(
        work,
        "ProductVariant",
        [
            (entry.product_variant, ("input", "productVariants", index, "productVariant"))
            for index, entry in enumerate(command.product_variants)
        ],
        problems,
    )
    costs = _costs(connection, command.product_variants, problems)
    wanted: list[SizeWanted] = []
    given: list[tuple[SizeChange, _Cost | None, Path]] = []
    for index, (entry, variant_id) in enumerate(
        zip(command.product_variants, variant_ids, strict=True)
    ):
        for position, change in enumerate(entry.size_changes):
            path: Path = ("input", "productVariants", index, "sizeChanges", position)
            if out is not None and change.delivered_quantity < 0:
                problems.append(
                    UserError(
                        "deliveredQuantity is what leaves outFromWarehouse: it cannot be negative.",
                        (*path, "deliveredQuantity"),
                    )
                )
            if change.expected_quantity is not None and change.expected_quantity < 0:
                problems.append(negative_expected(path))
            if variant_id is not None:
                wanted.append(SizeWanted(variant_id, change.size, (index, position)))
                given.append((change, costs[index], path))
    product_size_ids = resolve_sizes(
        work,
        wanted,
        lambda where: ("input", "productVariants", where[0], "sizeChanges", where[1], "size"),
        problems,
    )
    rows: list[_Row] = []
    seen: set[int] = set()
    for product_size_id, (change, cost, path) in zip(product_size_ids, given, strict=True):
        if product_size_id is None:
            continue
        if product_size_id in seen:
            problems.append(given_twice(product_size_id, path))
            continue
        seen.add(product_size_id)
        rows.append(
            _Row(product_size_id, change.delivered_quantity, change.expected_quantity, cost, path)
        )
    raise_problems(problems)
    if not rows:
        return StockWriteResult()
    source = out if out is not None else into
    assert source is not None  # one of them is given
    keys: list[Key] = [
        (w, row.product_size_id) for row in rows for w in (into, out) if w is not None
    ]
    levels = read_levels(connection, sql, keys)
    for row in rows:
        current = levels[(source, row.product_size_id)].physical_quantity
        if row.expected is not None and row.expected != current:
            problems.append(conflict(row.path, row.expected, current))
    raise_problems(problems)
    deltas: dict[Key, int] = {}
    warnings: list[MutationWarning] = []
    costs_by_key: dict[Key, _Cost | None] = {}
    for row in rows:
        taken = row.quantity if out is not None else -row.quantity  # what leaves the source
        if taken > 0:
            free = max(levels[(source, row.product_size_id)].free_to_allocate, 0)
            if taken > free:
                warnings.append(
                    MutationWarning(
                        f"Only {free} of {taken} could be taken: the rest is allocated to orders "
                        "or not in stock.",
                        (*row.path, "deliveredQuantity"),
                    )
                )
                taken = free
        if out is not None:
            deltas[(out, row.product_size_id)] = -taken
            if into is not None:
                deltas[(into, row.product_size_id)] = taken
                costs_by_key[(into, row.product_size_id)] = row.cost
        else:
            assert into is not None
            deltas[(into, row.product_size_id)] = -taken
            costs_by_key[(into, row.product_size_id)] = row.cost
    if into is not None:
        raise_problems(_past_largest(rows, into, deltas, levels))
    now = utc_now()
    write_deltas(connection, sql, deltas, now)
    lines: list[ledger.Line] = []
    for row in rows:
        for warehouse_id in (out, into):
            if warehouse_id is None:
                continue
            key = (warehouse_id, row.product_size_id)
            level = levels[key]
            physical = level.physical_quantity + deltas[key]
            cost = costs_by_key.get(key)
            lines.append(
                ledger.Line(
                    warehouse_id=warehouse_id,
                    product_size_id=row.product_size_id,
                    delivered_quantity=deltas[key],
                    physical_quantity=physical,
                    free_to_allocate_quantity=physical - level.allocated,
                    unit_cost_minor=cost.minor if cost else None,
                    currency_id=cost.currency_id if cost else None,
                    currency_base_rate=cost.base_rate if cost else None,
                )
            )
    if into is not None and out is not None:
        kind = ledger.TRANSFER
    elif into is not None and all(row.quantity >= 0 for row in rows):
        kind = ledger.DELIVERY
    else:
        kind = ledger.CORRECTION
    annotation = command.annotation
    change_id = ledger.record(
        connection,
        sql,
        ledger.ChangeHeader(
            kind,
            into if into is not None else source,
            annotation.description,
            annotation.reason,
            annotation.external_reference,
            source_warehouse_id=source if kind == ledger.TRANSFER else None,
        ),
        lines,
        now,
    )
    return StockWriteResult([change_id], warnings)


def _past_largest(
    rows: Sequence[_Row], into: int, deltas: dict[Key, int], levels: dict[Key, Level]
) -> list[UserError]:
    """The rows that would take physical stock of ``into`` past the largest quantity the API
    can hold (the levels were read under lock; ``write_deltas`` guards it again in SQL)."""
    problems: list[UserError] = []
    for row in rows:
        key = (into, row.product_size_id)
        delta = deltas[key]
        if delta > 0 and levels[key].physical_quantity > LARGEST_INT - delta:
            problems.append(
                UserError(
                    f"Product size ID {row.product_size_id}: physical stock in warehouse {into} "
                    f"would be {levels[key].physical_quantity + delta}, more than the largest "
                    f"quantity, {LARGEST_INT}; nothing was changed.",
                    (*row.path, "deliveredQuantity"),
                )
            )
    return problems


def _costs(
    connection: Connection, entries: Sequence[VariantChanges], problems: list[UserError]
) -> list[_Cost | None]:
    """Each entry's unit cost in minor units of its currency (one statement for all)."""
    codes = sorted({e.unit_cost.currency_iso_code.strip().upper() for e in entries if e.unit_cost})
    currencies = tables.currencies
    known = (
        {
            row.code: row
            for row in connection.execute(
                select(
                    currencies.c.id,
                    currencies.c.code,
                    currencies.c.decimal_digits,
                    currencies.c.conversion_rate,
                ).where(currencies.c.code.in_(codes))
            )
        }
        if codes
        else {}
    )
    result: list[_Cost | None] = []
    for index, entry in enumerate(entries):
        money = entry.unit_cost
        path: Path = ("input", "productVariants", index, "unitCost")
        if money is None:
            result.append(None)
            continue
        currency = known.get(money.currency_iso_code.strip().upper())
        if currency is None:
            problems.append(
                UserError(
                    f'Could not find Currency with code "{money.currency_iso_code}".',
                    (*path, "currencyIsoCode"),
                )
            )
            result.append(None)
            continue
        try:
            amount = Decimal(repr(float(money.value)))
        except (InvalidOperation, ValueError):
            amount = Decimal("NaN")
        digits = int(currency.decimal_digits)
        minor = (
            amount.scaleb(digits).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if amount.is_finite()
            else None
        )
        if minor is None or minor < 0 or minor > MAX_MINOR_UNITS:
            problems.append(
                UserError(
                    f"unitCost must be a number from 0 to {MAX_MINOR_UNITS} minor units.",
                    (*path, "value"),
                )
            )
            result.append(None)
            continue
        result.append(_Cost(int(minor), int(currency.id), float(currency.conversion_rate)))
    return result
