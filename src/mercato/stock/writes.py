"""What the two stock writes share: the commands' common fields, one unit of work with the
idempotency key claimed in it (retried when a concurrent writer inserted a row this one read
as missing), and the checks of free text and compare-and-set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from mercato.db.integers import LARGEST_INT
from mercato.db.unit_of_work import (
    Change,
    Codec,
    IdempotencyKey,
    UnitOfWork,
    Writer,
    decode_warnings,
)
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.idconversion.references import SizeReference
from mercato.stock.references import Path

MAX_TEXT = 255
MAX_DESCRIPTION = 10_000
#: Rows (sizes) one setStock or changeStock takes.
MAX_ROWS = 10_000


#: One row of a variant: (size id, size name, size external id, quantity, expected quantity
#: or None), the size given by exactly one of the three. A plain tuple: a request may carry
#: 10,000 rows, made in one step from the request's (``size_level`` names the members).
SizeLevel: TypeAlias = tuple[int | None, str | None, str | None, int, int | None]


def size_level(
    size: SizeReference, quantity: int, expected_quantity: int | None = None
) -> SizeLevel:
    return (size.id, size.name, size.external_id, quantity, expected_quantity)


@dataclass(frozen=True)
class Annotation:
    """Free text of a stock change: the reference's description, and Mercato's reason and
    external reference (e.g. the ERP's document number)."""

    description: str | None = None
    reason: str | None = None
    external_reference: str | None = None


@dataclass
class StockWriteResult:
    stock_change_ids: list[int] = field(default_factory=list)
    warnings: list[MutationWarning] = field(default_factory=list)


Effect = Callable[[UnitOfWork], StockWriteResult]

#: How a stock write's result is stored with its idempotency key.
RESULT_CODEC: Codec[StockWriteResult] = Codec(
    encode=lambda result: {
        "stockChangeIds": result.stock_change_ids,
        "warnings": [{"message": w.message, "path": list(w.path)} for w in result.warnings],
    },
    decode=lambda stored: StockWriteResult(
        [int(i) for i in stored["stockChangeIds"]], decode_warnings(stored["warnings"])
    ),
)


def run_write(
    writer: Writer, operation: str, key: IdempotencyKey | None, effect: Effect
) -> StockWriteResult:
    """Run ``effect`` in one unit of work, under the idempotency key when given; a stock write
    records its stock changes (``StockChange`` ``CREATED``). Retried when a concurrent writer
    inserted a stock row this one read as missing."""

    def effect_in(work: UnitOfWork) -> StockWriteResult:
        result = effect(work)
        work.emit_many("StockChange", result.stock_change_ids, Change.CREATED)
        return result

    return writer.run(
        operation,
        "StockChange",
        effect_in,
        key=key,
        codec=RESULT_CODEC,
        conflict_message=(
            "Stock of these sizes was written concurrently; nothing was changed, "
            "send the request again."
        ),
    )


def check_size(operation: str, rows: int) -> None:
    """Refuse a request over ``MAX_ROWS`` before any statement runs."""
    if rows > MAX_ROWS:
        raise UserInputError.single(
            f"{operation} takes at most {MAX_ROWS} rows; this request has {rows}.", "input"
        )


def check_annotation(annotation: Annotation, problems: list[UserError]) -> None:
    if annotation.description is not None and len(annotation.description) > MAX_DESCRIPTION:
        problems.append(
            UserError(
                f"description has at most {MAX_DESCRIPTION} characters.", ("input", "description")
            )
        )
    for name, value in (
        ("reason", annotation.reason),
        ("externalReference", annotation.external_reference),
    ):
        if value is not None and len(value) > MAX_TEXT:
            problems.append(
                UserError(f"{name} has at most {MAX_TEXT} characters.", ("input", name))
            )


def level_path(index: int, position: int, *member: str) -> Path:
    """Where a setStock row was given: its variant's index and its position there."""
    return ("input", "productVariants", index, "sizeStockLevels", position, *member)


def level_out_of_range(quantity: int, expected: int | None, path: Path) -> list[UserError]:
    """The userErrors of a row whose quantity or expected quantity is negative or past the
    largest quantity."""
    problems: list[UserError] = []
    if quantity < 0:
        problems.append(UserError("quantity cannot be negative.", (*path, "quantity")))
    elif quantity > LARGEST_INT:
        problems.append(past_largest("quantity", (*path, "quantity")))
    if expected is not None and expected < 0:
        problems.append(negative_expected(path))
    elif expected is not None and expected > LARGEST_INT:
        problems.append(past_largest("expectedQuantity", (*path, "expectedQuantity")))
    return problems


def negative_expected(path: Path) -> UserError:
    return UserError("expectedQuantity cannot be negative.", (*path, "expectedQuantity"))


def past_largest(name: str, path: Path) -> UserError:
    return UserError(f"{name} is at most {LARGEST_INT}.", path)


def free_past_largest(product_size_id: int, quantity: int, allocated: int, path: Path) -> UserError:
    """A FREE_TO_ALLOCATE level whose physical quantity (it plus the allocated) would pass
    the largest quantity."""
    return UserError(
        f"Product size ID {product_size_id}: {quantity} free to allocate and {allocated} "
        f"allocated make a physical quantity above the largest, {LARGEST_INT}.",
        (*path, "quantity"),
    )


def given_twice(product_size_id: int, path: Path) -> UserError:
    return UserError(f"Product size ID {product_size_id} is given twice.", (*path, "size"))


def below_allocated(product_size_id: int, target: int, allocated: int, path: Path) -> UserError:
    return UserError(
        f"Product size ID {product_size_id}: physical quantity {target} is below the "
        f"{allocated} allocated to orders in this warehouse.",
        (*path, "quantity"),
    )


def conflict(path: Path, expected: int, current: int) -> UserError:
    return UserError(
        f"Expected physical quantity {expected}, but it is {current} now: nothing was changed.",
        (*path, "expectedQuantity"),
    )


def raise_problems(problems: list[UserError]) -> None:
    if problems:
        raise UserInputError(problems)
