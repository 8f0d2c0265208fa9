"""Value objects shared by the catalog and pricing: MonetaryValue and Weight, read inline
from the row that holds them, and the per-request currency lookup that formats money."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mercato.graphql.context import Reader
from mercato.graphql.fieldmap import Column, Computed, Inline, ObjectMap, ToOne


@dataclass(frozen=True)
class CurrencyFacts:
    code: str
    decimal_digits: int
    conversion_rate: float
    #: The amounts formatted so far, by amount in minor units. The lookup is loaded once per
    #: request, so this lives as long as one request; prices repeat within one (a product's
    #: variants, its pricelists) and formatting one costs ~0.4 us against ~0.05 for a hit.
    formatted: dict[int, str] = field(default_factory=dict, compare=False, repr=False)


def load_currencies(reader: Reader) -> dict[int, CurrencyFacts]:
    rows = reader.fetch_all("SELECT id, code, decimal_digits, conversion_rate FROM currencies")
    return {row[0]: CurrencyFacts(row[1], int(row[2]), float(row[3])) for row in rows}


LOOKUPS = {"currencies": load_currencies}


def amount_value(amount: int, currency_id: int, currencies: Mapping[int, CurrencyFacts]) -> float:
    divisor: int = 10 ** currencies[currency_id].decimal_digits
    return amount / divisor


def format_amount(amount: int, currency_id: int, currencies: Mapping[int, CurrencyFacts]) -> str:
    """``1 000.00 SEK``: thousands grouped by spaces, the currency's decimals, its code."""
    currency = currencies[currency_id]
    text = currency.formatted.get(amount)
    if text is None:
        digits = currency.decimal_digits
        grouped = f"{amount / 10**digits:,.{digits}f}".replace(",", " ")
        text = currency.formatted[amount] = f"{grouped} {currency.code}"
    return text


def conversion_rate(currency_id: int, currencies: Mapping[int, CurrencyFacts]) -> float:
    return currencies[currency_id].conversion_rate


def format_weight(value: float, unit: str) -> str:
    return f"{value:.3f} {'kg' if unit == 'KILOGRAMS' else 'lb'}"


#: Read inline: columns "amount" and "currency_id" are renamed to the holder's columns.
MONETARY_VALUE = ObjectMap(
    "MonetaryValue",
    "",
    {
        "value": Computed(("amount", "currency_id"), amount_value, ("currencies",)),
        "valueInCents": Column("amount"),
        "currency": ToOne("Currency", "currency_id"),
        "formattedValue": Computed(("amount", "currency_id"), format_amount, ("currencies",)),
        "conversionRate": Computed(("currency_id",), conversion_rate, ("currencies",)),
    },
    key="amount",
)

WEIGHT = ObjectMap(
    "Weight",
    "",
    {
        "value": Column("weight_value"),
        "unit": Column("weight_unit"),
        "formattedValue": Computed(("weight_value", "weight_unit"), format_weight),
    },
    key="weight_value",
)


def money(amount_column: str, currency_column: str) -> Inline:
    """A ``MonetaryValue`` field read from two columns of the holder's row."""
    return Inline(
        "MonetaryValue", {"amount": amount_column, "currency_id": currency_column}, present="amount"
    )


def weight(value_column: str = "weight_value", unit_column: str = "weight_unit") -> Inline:
    return Inline(
        "Weight", {"weight_value": value_column, "weight_unit": unit_column}, present="weight_value"
    )


VALUE_OBJECTS: Mapping[str, ObjectMap] = {m.type_name: m for m in (MONETARY_VALUE, WEIGHT)}
