"""The catalog's input rules and helpers, without the API: rounding, barcodes, SKUs and the
translation of a lost uniqueness race into a userError."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

from mercato.catalog import rules, skus
from mercato.db.conflicts import unique_violations_as_user_errors
from mercato.errors import MutationWarning, UserInputError


@pytest.mark.parametrize(
    ("value", "rounded", "warned"),
    [(1.0, 1.0, False), (1.2345, 1.235, True), (0.0005, 0.001, True), (2.125, 2.125, False)],
)
def test_weight_rounds_half_up_to_three_decimals(
    value: float, rounded: float, warned: bool
) -> None:
    warnings: list[MutationWarning] = []
    weight = rules.valid_weight(value, "KILOGRAMS", ("input", "weight"), warnings)
    assert weight == rules.WeightValue(rounded, "KILOGRAMS")
    assert bool(warnings) is warned


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -0.001, 1e300])
def test_weight_refuses_what_is_no_weight(value: float) -> None:
    with pytest.raises(UserInputError):
        rules.valid_weight(value, "KILOGRAMS", (), [])


@pytest.mark.parametrize(
    ("value", "digits", "minor", "warned"),
    [
        (12.5, 2, 1250, False),
        (0.1 + 0.2, 2, 30, True),
        (9.995, 2, 1000, True),
        (100, 0, 100, False),
    ],
)
def test_money_in_minor_units(value: float, digits: int, minor: int, warned: bool) -> None:
    warnings: list[MutationWarning] = []
    assert rules.minor_units(value, digits, "Unit cost", (), warnings) == minor
    assert bool(warnings) is warned


@pytest.mark.parametrize("value", [1e30, 1e300, 2.0**63, 2.0**31, 21474836.48e2])
def test_money_that_does_not_fit_is_refused(value: float) -> None:
    """Amounts are returned as ``MonetaryValue.valueInCents: Int!``: at most 2^31 - 1."""
    with pytest.raises(UserInputError, match="too large: at most 2147483647 minor units"):
        rules.minor_units(value, 0, "Unit cost", (), [])


def test_the_largest_amount_that_fits_is_taken() -> None:
    assert rules.minor_units(21474836.47, 2, "Unit cost", (), []) == 2**31 - 1


@pytest.mark.parametrize(
    ("ean", "valid"),
    [
        ("12345670", True),
        ("7350000000011", True),
        (" 7350000000011 ", True),
        ("123456789012", False),
        ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", False),  # full-width digits
        ("1234567a", False),
    ],
)
def test_ean_format(ean: str, valid: bool) -> None:
    if valid:
        assert rules.valid_ean(ean, ()) == ean.strip()
    else:
        with pytest.raises(UserInputError):
            rules.valid_ean(ean, ())


def test_blank_barcodes_and_numbers_mean_none() -> None:
    assert rules.valid_ean("  ", ()) is None
    assert rules.valid_upc(None, ()) is None
    assert rules.valid_number(" ", "size number", (), required=False) is None


def test_sku_concatenates_the_numbers() -> None:
    assert skus.sku("Prod123", "Var123", "789S") == "Prod123Var123789S"
    assert skus.sku("CH1", None, None) == "CH1"


def test_a_lost_uniqueness_race_is_a_user_error() -> None:
    lost = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: x"))
    with (
        pytest.raises(UserInputError, match="concurrent change"),
        unique_violations_as_user_errors(),
    ):
        raise lost
    other = IntegrityError("INSERT", {}, sqlite3.IntegrityError("NOT NULL constraint failed: x"))
    with pytest.raises(IntegrityError), unique_violations_as_user_errors():
        raise other
