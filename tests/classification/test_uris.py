"""Uris: generated from names, validated (never sanitized) when given."""

from __future__ import annotations

import pytest

from mercato.errors import UserInputError
from mercato.uris import first_free, uri_from_name, valid_uri


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        ("Knitwear", "knitwear"),
        ("Tröjor & Toppar", "trojor-toppar"),
        ("  T-shirts / Tanks  ", "t-shirts-tanks"),
        ("SS27", "ss27"),
        ("Crème brûlée_2", "creme-brulee-2"),
        ("A" * 300, "a" * 255),
    ],
)
def test_a_uri_is_generated_from_the_name(name: str, uri: str) -> None:
    assert uri_from_name(name, ("input", "name")) == uri


def test_a_name_without_latin_letters_or_digits_gives_no_uri() -> None:
    with pytest.raises(UserInputError) as raised:
        uri_from_name("スニーカー", ("input", "name"))
    assert raised.value.errors[0].path == ("input", "name")


@pytest.mark.parametrize("uri", ["knitwear", "ss-27", "a_b", "2027", "-x-"])
def test_valid_uris_are_kept_as_given(uri: str) -> None:
    assert valid_uri(uri, ("input", "uri")) == uri


@pytest.mark.parametrize(
    "uri", ["Knitwear", "knit wear", "knit/wear", "übersize", "---", "a" * 256]
)
def test_invalid_uris_are_refused_not_sanitized(uri: str) -> None:
    with pytest.raises(UserInputError) as raised:
        valid_uri(uri, ("input", "uri"))
    assert raised.value.errors[0].path == ("input", "uri")


def test_a_taken_generated_uri_gets_the_first_free_number() -> None:
    taken = {"sale", "sale-2", "sale-3"}
    assert first_free("sale", taken.__contains__) == "sale-4"
    assert first_free("new", taken.__contains__) == "new"
    assert len(first_free("x" * 255, {"x" * 255}.__contains__)) == 255
