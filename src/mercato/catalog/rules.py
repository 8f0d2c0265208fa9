"""Input rules the catalog services share: names, numbers, statuses, barcodes, weight and
money. Pure functions: each returns the cleaned value or raises ``UserInputError`` with the
path of the offending input."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from mercato.db.integers import LARGEST_INT
from mercato.errors import MutationWarning, PathElement, UserInputError

Path = tuple[PathElement, ...]

MAX_NAME_LENGTH = 255
#: product, variant and size numbers; their concatenation (the SKU) fits the 255 of the column.
MAX_NUMBER_LENGTH = 64
MAX_HS_CODE_LENGTH = 32
MAX_HS_DESCRIPTION_LENGTH = 255
STATUSES = ("ACTIVE", "INACTIVE")
WEIGHT_UNITS = ("KILOGRAMS", "POUNDS")
WEIGHT_DECIMALS = 3
#: A bound well above any product's weight, so rounding stays exact.
MAX_WEIGHT = 1_000_000
#: Amounts in minor units are returned as ``MonetaryValue.valueInCents: Int!``.
MAX_MINOR_UNITS = LARGEST_INT
#: EAN-8 and EAN-13 (GTIN-8/13); UPC-A is GTIN-12.
EAN_LENGTHS = (8, 13)
UPC_LENGTH = 12


def valid_name(name: str, kind: str, path: Path) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single(f"A {kind} needs a name.", *path)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A {kind} name has at most {MAX_NAME_LENGTH} characters.", *path
        )
    return cleaned


def valid_number(value: str, kind: str, path: Path, *, required: bool) -> str | None:
    """A product, variant or size number without surrounding blanks; blank means none
    (a userError when the number is required)."""
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise UserInputError.single(f"A {kind} cannot be empty.", *path)
        return None
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise UserInputError.single(f"A {kind} has at most {MAX_NUMBER_LENGTH} characters.", *path)
    if any(character.isspace() for character in cleaned):
        raise UserInputError.single(f'A {kind} cannot contain blanks: "{cleaned}".', *path)
    return cleaned


def optional_text(value: str | None, max_length: int | None, label: str, path: Path) -> str | None:
    """Free text as stored: an empty (or blank) string clears the field."""
    if value is None or not value.strip():
        return None
    if max_length is not None and len(value) > max_length:
        raise UserInputError.single(f"{label} has at most {max_length} characters.", *path)
    return value


def valid_status(status: str, path: Path) -> str:
    if status not in STATUSES:
        raise UserInputError.single(
            f"status must be one of {', '.join(STATUSES)}, not {status}.", *path
        )
    return status


def valid_ean(value: str | None, path: Path) -> str | None:
    """An EAN-8 or EAN-13 of digits; blank clears it."""
    return _barcode(value, "EAN", EAN_LENGTHS, path)


def valid_upc(value: str | None, path: Path) -> str | None:
    """A 12-digit UPC-A; blank clears it."""
    return _barcode(value, "UPC", (UPC_LENGTH,), path)


def _barcode(value: str | None, kind: str, lengths: tuple[int, ...], path: Path) -> str | None:
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) not in lengths:
        digits = " or ".join(str(n) for n in lengths)
        raise UserInputError.single(f'{kind} must be {digits} digits, not "{cleaned}".', *path)
    return cleaned


@dataclass(frozen=True)
class WeightValue:
    value: float
    unit: str


def valid_weight(
    value: float, unit: str, path: Path, warnings: list[MutationWarning]
) -> WeightValue:
    """A weight rounded to 3 decimals (with a warning when that changed it)."""
    if unit not in WEIGHT_UNITS:
        raise UserInputError.single(
            f"weight unit must be one of {', '.join(WEIGHT_UNITS)}, not {unit}.", *path, "unit"
        )
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise UserInputError.single("weight must be a finite number.", *path, "value")
    if value < 0:
        raise UserInputError.single("weight cannot be negative.", *path, "value")
    if value > MAX_WEIGHT:
        raise UserInputError.single(f"weight is at most {MAX_WEIGHT}.", *path, "value")
    rounded = float(
        Decimal(repr(value)).quantize(Decimal(1).scaleb(-WEIGHT_DECIMALS), rounding=ROUND_HALF_UP)
    )
    if rounded != value:
        warnings.append(
            MutationWarning(
                f"Weight has been rounded to {WEIGHT_DECIMALS} decimal places.", (*path, "value")
            )
        )
    return WeightValue(rounded, unit)


def minor_units(
    value: float,
    decimal_digits: int,
    label: str,
    path: Path,
    warnings: list[MutationWarning],
) -> int:
    """An amount in the currency's minor unit (cents), rounded half up to its decimals (with
    a warning when that changed it); negative amounts are refused."""
    try:
        exact = Decimal(repr(value))
    except InvalidOperation:  # pragma: no cover - floats always convert
        raise UserInputError.single(f"{label} must be a number.", *path) from None
    if not exact.is_finite():
        raise UserInputError.single(f"{label} must be a finite number.", *path)
    if exact < 0:
        raise UserInputError.single(f"{label} cannot be negative.", *path)
    scaled = exact.scaleb(decimal_digits)
    if scaled > MAX_MINOR_UNITS:
        raise UserInputError.single(
            f"{label} is too large: at most {MAX_MINOR_UNITS} minor units.", *path
        )
    whole = scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole != scaled:
        warnings.append(
            MutationWarning(f"{label} has been rounded to {decimal_digits} decimal places.", path)
        )
    return int(whole)
