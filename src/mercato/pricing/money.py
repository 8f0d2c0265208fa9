"""Amounts given as ``{value, currencyIsoCode}`` turned into minor units of a currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from mercato.errors import MutationWarning, UserError
from mercato.pricing.common import Currency, Path

#: Amounts stay within a GraphQL Int in minor units (``MonetaryValue.valueInCents: Int!``).
MAX_MINOR_UNITS = 2**31 - 1


@dataclass(frozen=True)
class MoneyInput:
    value: float
    currency_iso_code: str


def to_minor_units(
    money: MoneyInput,
    currency: Currency,
    label: str,
    path: Path,
    problems: list[UserError],
    warnings: list[MutationWarning],
) -> int | None:
    """The amount in the currency's minor units, rounded half up to its decimal digits (with
    a warning when rounding changed it); None, with a userError, when it cannot be a price
    in this currency."""
    if money.currency_iso_code.strip().upper() != currency.code:
        problems.append(
            UserError(
                f'{label} is in "{money.currency_iso_code}", but the pricelist\'s currency is '
                f"{currency.code}.",
                (*path, "currencyIsoCode"),
            )
        )
        return None
    try:
        amount = Decimal(repr(float(money.value)))
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        problems.append(UserError(f"{label} must be a number.", (*path, "value")))
        return None
    if amount < 0:
        problems.append(UserError(f"{label} cannot be negative.", (*path, "value")))
        return None
    largest = Decimal(MAX_MINOR_UNITS).scaleb(-currency.decimal_digits)
    step = Decimal(1).scaleb(-currency.decimal_digits)
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP) if amount <= largest else amount
    if rounded > largest:
        problems.append(
            UserError(f"{label} is too large: at most {largest} {currency.code}.", (*path, "value"))
        )
        return None
    minor = int(rounded.scaleb(currency.decimal_digits))
    if rounded != amount:
        warnings.append(
            MutationWarning(
                f"{label} has been rounded to {currency.decimal_digits} decimal places", path
            )
        )
    return minor
