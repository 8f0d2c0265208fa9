"""Settings are parsed strictly from MERCATO_* variables, explained when wrong, and listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mercato.errors import ConfigurationError
from mercato.settings import Settings, describe, markdown_table, unknown_variables

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("MERCATO_"):
            monkeypatch.delenv(name)


@pytest.mark.parametrize("spelling", ["false", "0", "no", "off", "OFF", "False", "N"])
def test_every_usual_spelling_of_false_turns_rate_limits_off(
    monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.setenv("MERCATO_RATE_LIMITS", spelling)
    assert Settings.from_environment().rate_limits_enabled is False


@pytest.mark.parametrize("spelling", ["true", "1", "yes", "on", "ON"])
def test_every_usual_spelling_of_true_keeps_them_on(
    monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.setenv("MERCATO_RATE_LIMITS", spelling)
    assert Settings.from_environment().rate_limits_enabled is True


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MERCATO_RATE_LIMITS", "maybe", "MERCATO_RATE_LIMITS must be true or false"),
        ("MERCATO_MAX_COMPLEXITY", "lots", "MERCATO_MAX_COMPLEXITY must be a whole number"),
        ("MERCATO_MAX_COMPLEXITY", "0", "MERCATO_MAX_COMPLEXITY must be positive"),
        ("MERCATO_RATE_LIMIT_REQUEST_COUNT_ONE_HOUR", "-5", "must be positive"),
        ("MERCATO_ENV", "staging", "MERCATO_ENV"),
        ("MERCATO_DATABASE_URL", "mysql://x", "MERCATO_DATABASE_URL must start with sqlite"),
        ("MERCATO_LOG_FORMAT", "xml", "MERCATO_LOG_FORMAT"),
    ],
)
def test_a_value_that_does_not_parse_is_an_error_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_environment()
    assert message in str(refused.value)
    assert repr(value) in str(refused.value)


def test_origins_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERCATO_ALLOWED_ORIGINS", "https://erp.example.com/, http://localhost:3000")
    assert Settings.from_environment().allowed_origins == (
        "https://erp.example.com",
        "http://localhost:3000",
    )


def test_rate_limit_quotas_come_from_their_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERCATO_RATE_LIMIT_REQUEST_COUNT_TEN_SECONDS", "50")
    quotas = Settings.from_environment().rate_limit_quotas
    assert quotas.request_count_ten_seconds == 50
    assert quotas.request_count_one_hour == 10_000


def test_settings_built_in_code_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERCATO_RATE_LIMITS", "off")
    assert Settings(environment="test").rate_limits_enabled is True


def test_an_unknown_variable_is_warned_about_with_the_likely_one() -> None:
    warnings = unknown_variables(
        {"MERCATO_RATE_LIMIT": "off", "MERCATO_TEST_POSTGRES_URL": "x", "MERCATO_ENV": "test"}
    )
    assert warnings == [
        "MERCATO_RATE_LIMIT is not a Mercato setting and is ignored "
        "(did you mean MERCATO_RATE_LIMITS?)."
    ]


def test_describe_tells_where_each_value_came_from_and_masks_passwords() -> None:
    environ = {"MERCATO_DATABASE_URL": "postgresql://erp:s3cret@db.example/mercato"}
    settings = Settings(database_url=environ["MERCATO_DATABASE_URL"])
    rows = {row.variable: row for row in describe(settings, environ)}
    assert rows["MERCATO_DATABASE_URL"].value == "postgresql://erp:***@db.example/mercato"
    assert rows["MERCATO_DATABASE_URL"].source == "environment"
    assert rows["MERCATO_ENV"].source == "default"
    assert all(row.description for row in rows.values())
    assert "s3cret" not in str(rows)


def test_the_readme_shows_the_table_the_declarations_make() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8"), (
        "README.md's settings table is stale: run `make schema`"
    )
