"""What the two stock writes share: the commands' common fields, one transaction with the
idempotency key claimed in it, a retry when a concurrent writer inserted a row this one read
as missing, and the checks of free text and compare-and-set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from mercato.clock import utc_now
from mercato.db.database import Database
from mercato.db.dialect import SqlDialect
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.stock import idempotency
from mercato.stock.idempotency import IdempotencyKey, StoredResult
from mercato.stock.levels import ConcurrentInsertError
from mercato.stock.references import Path

MAX_TEXT = 255
MAX_DESCRIPTION = 10_000
#: Rows (sizes) one setStock or changeStock takes.
MAX_ROWS = 10_000
#: Attempts of one write when concurrent writers keep inserting rows it read as missing.
ATTEMPTS = 3


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


Effect = Callable[[Connection, SqlDialect], StockWriteResult]


def run_write(
    database: Database, operation: str, key: IdempotencyKey | None, effect: Effect
) -> StockWriteResult:
    """Run ``effect`` in one write transaction, under the idempotency key when given."""
    for attempt in range(ATTEMPTS):
        try:
            with database.write() as connection:
                sql = SqlDialect.of(connection)
                claimed: int | None = None
                if key is not None:
                    claimed, stored = idempotency.claim(
                        connection, operation, key, utc_now(), ("input", "idempotencyKey")
                    )
                    if stored is not None:
                        return StockWriteResult(stored.stock_change_ids, stored.warnings)
                result = effect(connection, sql)
                if claimed is not None:
                    idempotency.remember(
                        connection, claimed, StoredResult(result.stock_change_ids, result.warnings)
                    )
                return result
        except ConcurrentInsertError:
            if attempt == ATTEMPTS - 1:
                raise UserInputError.single(
                    "Stock of these sizes was written concurrently; nothing was changed, "
                    "send the request again."
                ) from None
    raise AssertionError("unreachable")


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


def negative_level(quantity: int, expected: int | None, path: Path) -> list[UserError]:
    """The userErrors of a row whose quantity or expected quantity is negative."""
    problems: list[UserError] = []
    if quantity < 0:
        problems.append(UserError("quantity cannot be negative.", (*path, "quantity")))
    if expected is not None and expected < 0:
        problems.append(negative_expected(path))
    return problems


def negative_expected(path: Path) -> UserError:
    return UserError("expectedQuantity cannot be negative.", (*path, "expectedQuantity"))


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
