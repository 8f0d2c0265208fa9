"""The token format is checked offline: prefix, length, alphabet and CRC32 checksum."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest

from mercato.auth.tokens import (
    BASE62_ALPHABET,
    RANDOM_LENGTH,
    generate_token,
    hash_secret,
    lookup_id,
    parse_token,
    secret_matches,
)

TOKEN_PATTERN = re.compile(r"mrc_[0-9A-Za-z]{36}")


def _substitute(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


def test_a_generated_token_has_the_prefix_a_base62_body_and_a_checksum() -> None:
    token = generate_token()

    assert TOKEN_PATTERN.fullmatch(token)
    assert len(token) == 40


def test_generated_tokens_carry_at_least_128_bits_of_entropy_and_differ() -> None:
    assert RANDOM_LENGTH * math.log2(len(BASE62_ALPHABET)) >= 128
    assert len({generate_token() for _ in range(1000)}) == 1000


def test_a_generated_token_parses_and_its_lookup_id_is_the_first_12_random_characters() -> None:
    token = generate_token()

    parsed = parse_token(token)

    assert parsed is not None
    assert parsed.text == token
    assert parsed.lookup_id == token[4:16] == lookup_id(token)


def test_every_single_character_change_is_caught_by_the_checksum() -> None:
    token = generate_token()

    for index in range(4, len(token)):
        assert parse_token(_substitute(token, index)) is None, index


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda t: "ghp_" + t[4:], id="other prefix"),
        pytest.param(lambda t: t[4:], id="no prefix"),
        pytest.param(lambda t: t[:-1], id="too short"),
        pytest.param(lambda t: t + "0", id="too long"),
        pytest.param(lambda t: t[:10] + "-" + t[11:], id="not base62"),
        pytest.param(lambda t: t[:10] + "é" + t[11:], id="not ascii"),
        pytest.param(lambda t: t.upper(), id="case changed"),
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: " " + t, id="padded"),
    ],
)
def test_malformed_tokens_are_rejected(mangle: Callable[[str], str]) -> None:
    token = generate_token()

    assert parse_token(mangle(token)) is None


def test_the_secret_hash_is_the_hex_sha256_of_the_whole_token() -> None:
    token = generate_token()

    digest = hash_secret(token)

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest != hash_secret(generate_token())
    assert secret_matches(token, digest)
    assert not secret_matches(_substitute(token, 20), digest)


def test_a_parsed_token_does_not_show_the_secret_in_its_repr() -> None:
    token = generate_token()
    parsed = parse_token(token)

    assert token not in repr(parsed)
