"""Rules and look-ups the supply use cases share: texts, quantities, currencies and amounts
in minor units, and the row lock that serialises the writes of one purchase order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import Connection, select

from mercato.db import stock_tables as supply_tables
from mercato.db import tables
from mercato.errors import PathElement, UserError, UserInputError

Path = tuple[PathElement, ...]

MAX_NAME_LENGTH = 255
MAX_NUMBER_LENGTH = 64
#: Quantities and amounts in minor units stay within a GraphQL Int.
MAX_INT = 2**31 - 1

#: An amount as given: a number of the currency's units (``12.5`` SEK), never minor units.
Amount = Decimal | float | int


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    decimal_digits: int


def valid_text(value: str, label: str, path: Path, maximum: int = MAX_NAME_LENGTH) -> str:
    """The text without surrounding blanks; a userError when empty or too long."""
    cleaned = value.strip()
    if not cleaned:
        raise UserInputError.single(f"{label} cannot be empty.", *path)
    if len(cleaned) > maximum:
        raise UserInputError.single(f"{label} has at most {maximum} characters.", *path)
    return cleaned


def check_quantity(quantity: int, path: Path, problems: list[UserError]) -> bool:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        problems.append(UserError("quantity must be a whole number.", path))
        return False
    if quantity <= 0:
        problems.append(UserError("quantity must be positive.", path))
        return False
    if quantity > MAX_INT:
        problems.append(UserError(f"quantity is at most {MAX_INT}.", path))
        return False
    return True


def currency_by_code(connection: Connection, code: str, path: Path) -> Currency:
    currencies = tables.currencies
    row = connection.execute(
        select(currencies.c.id, currencies.c.code, currencies.c.decimal_digits).where(
            currencies.c.code == code.strip().upper()
        )
    ).first()
    if row is None:
        raise UserInputError.single(f'Could not find Currency with code "{code}".', *path)
    return Currency(row.id, row.code, int(row.decimal_digits))


def base_currency(connection: Connection, path: Path) -> Currency:
    currencies = tables.currencies
    row = connection.execute(
        select(currencies.c.id, currencies.c.code, currencies.c.decimal_digits)
        .where(currencies.c.is_base.is_(True))
        .order_by(currencies.c.id)
        .limit(1)
    ).first()
    if row is None:
        raise UserInputError.single("There is no base currency: give a currency.", *path)
    return Currency(row.id, row.code, int(row.decimal_digits))


def currency_by_id(connection: Connection, currency_id: int) -> Currency:
    currencies = tables.currencies
    row = connection.execute(
        select(currencies.c.id, currencies.c.code, currencies.c.decimal_digits).where(
            currencies.c.id == currency_id
        )
    ).one()
    return Currency(row.id, row.code, int(row.decimal_digits))


def to_minor_units(
    amount: Amount | None, currency: Currency, label: str, path: Path, problems: list[UserError]
) -> int | None:
    """The amount in the currency's minor units, rounded half up to its decimal digits; None
    when not given, or (with a userError) when it cannot be a cost in this currency."""
    if amount is None:
        return None
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(repr(float(amount)))
    except (InvalidOperation, ValueError, TypeError):
        value = Decimal("NaN")
    if not value.is_finite():
        problems.append(UserError(f"{label} must be a number.", path))
        return None
    if value < 0:
        problems.append(UserError(f"{label} cannot be negative.", path))
        return None
    largest = Decimal(MAX_INT).scaleb(-currency.decimal_digits)
    if value > largest:
        problems.append(UserError(f"{label} is at most {largest} {currency.code}.", path))
        return None
    step = Decimal(1).scaleb(-currency.decimal_digits)
    return int(value.quantize(step, rounding=ROUND_HALF_UP).scaleb(currency.decimal_digits))


@dataclass(frozen=True)
class LockedPurchaseOrder:
    id: int
    number: str
    status: str
    warehouse_id: int
    currency_id: int | None


def lock_purchase_order(
    connection: Connection, purchase_order_id: int, path: Path
) -> LockedPurchaseOrder:
    """The purchase order, its row locked until the transaction ends (PostgreSQL; SQLite's
    write transactions are serial anyway): every write that depends on what is delivered of
    an order takes this lock first, so two of them never both pass a quantity check."""
    orders = supply_tables.purchase_orders
    row = connection.execute(
        select(
            orders.c.id,
            orders.c.number,
            orders.c.status,
            orders.c.warehouse_id,
            orders.c.currency_id,
        )
        .where(orders.c.id == purchase_order_id)
        .with_for_update()
    ).first()
    if row is None:
        raise UserInputError.single(
            f"Could not find PurchaseOrder with ID {purchase_order_id}.", *path
        )
    return LockedPurchaseOrder(row.id, row.number, row.status, row.warehouse_id, row.currency_id)
