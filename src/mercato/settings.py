"""Settings: every ``MERCATO_*`` variable, declared once as a field of ``Settings``.

A field's name gives its variable (``max_complexity`` is ``MERCATO_MAX_COMPLEXITY``) unless it
names one (``validation_alias``); its type says how the value is parsed (pydantic: booleans
take true/false, 1/0, yes/no, on/off in any case, anything else is an error naming the
variable); its description is the help. ``mercato settings`` and the README's table are
generated from these declarations, so adding a setting is adding a field.

``Settings(...)`` is exactly what it is given (tests, benchmarks); ``Settings.from_environment()``
reads the process environment.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, PositiveInt, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from mercato.errors import ConfigurationError

PREFIX = "MERCATO_"
DEFAULT_SQLITE_PATH = Path("var") / "mercato.sqlite3"
DEFAULT_MEDIA_DIRECTORY = Path("var") / "media"
#: Variables of the test suite (scripts/run-tests.sh, tests/conftest.py), not of the server.
TEST_SUITE_PREFIX = "MERCATO_TEST_"


@dataclass(frozen=True)
class RateLimitQuotas:
    """Quota of each bucket; the defaults are the reference's fresh-instance values."""

    request_count_ten_seconds: int = 20
    request_count_one_hour: int = 10_000
    query_complexity_ten_seconds: int = 150_000
    query_complexity_one_hour: int = 20_000_000
    mutation_count_ten_seconds: int = 100
    mutation_count_one_hour: int = 1_000


_QUOTAS = RateLimitQuotas()
_BUCKET = "quota of the rate-limit bucket {} per token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
    )

    database_url: str = Field(
        f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="`sqlite:///path` or `postgresql://user:password@host/name`",
    )
    environment: Literal["development", "test", "production"] = Field(
        "development",
        validation_alias="MERCATO_ENV",
        description="`development`, `test` or `production` (refuses all-permission tokens)",
    )
    max_complexity: PositiveInt = Field(
        150_000, description="operations above this cost are refused before execution"
    )
    max_depth: PositiveInt = Field(12, description="deepest selection nesting allowed")
    max_aliases: PositiveInt = Field(30, description="most aliases in one document")
    max_directives: PositiveInt = Field(50, description="most directives in one document")
    max_mutations_per_request: PositiveInt = Field(
        10, description="most mutation fields in one operation"
    )
    rate_limits_enabled: bool = Field(
        True,
        validation_alias="MERCATO_RATE_LIMITS",
        description="`false` (or `0`, `no`, `off`) disables rate limiting: tests, benchmarks",
    )
    rate_limit_request_count_ten_seconds: PositiveInt = Field(
        _QUOTAS.request_count_ten_seconds, description=_BUCKET.format("REQUEST_COUNT_TEN_SECONDS")
    )
    rate_limit_request_count_one_hour: PositiveInt = Field(
        _QUOTAS.request_count_one_hour, description=_BUCKET.format("REQUEST_COUNT_ONE_HOUR")
    )
    rate_limit_query_complexity_ten_seconds: PositiveInt = Field(
        _QUOTAS.query_complexity_ten_seconds,
        description=_BUCKET.format("QUERY_COMPLEXITY_TEN_SECONDS"),
    )
    rate_limit_query_complexity_one_hour: PositiveInt = Field(
        _QUOTAS.query_complexity_one_hour, description=_BUCKET.format("QUERY_COMPLEXITY_ONE_HOUR")
    )
    rate_limit_mutation_count_ten_seconds: PositiveInt = Field(
        _QUOTAS.mutation_count_ten_seconds,
        description=_BUCKET.format("MUTATION_COUNT_TEN_SECONDS"),
    )
    rate_limit_mutation_count_one_hour: PositiveInt = Field(
        _QUOTAS.mutation_count_one_hour, description=_BUCKET.format("MUTATION_COUNT_ONE_HOUR")
    )
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="comma-separated browser origins of other sites allowed to call the API "
        "(CORS, without cookies), e.g. `https://erp.example.com`, or `*`; the explorer's own "
        "origin needs none",
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="request log lines: `text` for people, `json` for log collectors"
    )
    media_directory: str = Field(
        str(DEFAULT_MEDIA_DIRECTORY),
        description="where uploaded media files are kept (served under `/media`)",
    )
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="the address clients reach the server at: media upload and media file "
        "URLs start with it",
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite", "postgres")):
            raise ValueError(
                f"must start with sqlite:/// or postgresql://, not {url.split(':', 1)[0]!r}"
            )
        return url

    @field_validator("public_url")
    @classmethod
    def _without_trailing_slash(cls, url: str) -> str:
        return url.rstrip("/")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(
                origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()
            )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``Settings(...)`` reads nothing else; ``from_environment`` passes the environment."""
        del settings_cls, env_settings, dotenv_settings, file_secret_settings
        return (init_settings,)

    @classmethod
    def from_environment(cls) -> Settings:
        """The process's ``MERCATO_*`` variables over the defaults; a value that does not parse
        raises ``ConfigurationError`` naming the variable."""
        values = EnvSettingsSource(cls)()
        try:
            return cls(**values)
        except ValidationError as invalid:
            raise ConfigurationError(_explain(invalid)) from None

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def rate_limit_quotas(self) -> RateLimitQuotas:
        return RateLimitQuotas(
            request_count_ten_seconds=self.rate_limit_request_count_ten_seconds,
            request_count_one_hour=self.rate_limit_request_count_one_hour,
            query_complexity_ten_seconds=self.rate_limit_query_complexity_ten_seconds,
            query_complexity_one_hour=self.rate_limit_query_complexity_one_hour,
            mutation_count_ten_seconds=self.rate_limit_mutation_count_ten_seconds,
            mutation_count_one_hour=self.rate_limit_mutation_count_one_hour,
        )


def variable(field_name: str) -> str:
    """The environment variable of a field of ``Settings``."""
    alias = Settings.model_fields[field_name].validation_alias
    return alias if isinstance(alias, str) else PREFIX + field_name.upper()


#: pydantic's error types, said for someone setting an environment variable
_MESSAGES = {
    "bool_parsing": "must be true or false (or 1/0, yes/no, on/off)",
    "int_parsing": "must be a whole number",
    "greater_than": "must be positive",
}


def _explain(invalid: ValidationError) -> str:
    names = {variable(name): name for name in Settings.model_fields}
    problems = []
    for error in invalid.errors():
        located = str(error["loc"][0]) if error["loc"] else ""
        name = located if located in names else variable(located) if located else "settings"
        message = _MESSAGES.get(error["type"], error["msg"].removeprefix("Value error, "))
        problems.append(f"{name} {message}, not {error['input']!r}.")
    return " ".join(problems)


@dataclass(frozen=True)
class SettingRow:
    """One line of ``mercato settings``: the variable, its value as shown, where it came from."""

    variable: str
    value: str
    default: str
    source: Literal["environment", "default"]
    description: str


def markdown_table() -> str:
    """The settings as the README shows them: variable, default, meaning."""
    lines = ["| setting | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = _shown(field.default)
        lines.append(f"| `{variable(name)}` | `{default}` | {field.description} |")
    return "\n".join(lines) + "\n"


def describe(settings: Settings, environ: Mapping[str, str] | None = None) -> list[SettingRow]:
    """Every setting with its value (secrets masked) and its source."""
    env = os.environ if environ is None else environ
    rows = []
    for name, field in Settings.model_fields.items():
        name_of_variable = variable(name)
        rows.append(
            SettingRow(
                variable=name_of_variable,
                value=_shown(getattr(settings, name)),
                default=_shown(field.default),
                source="environment" if name_of_variable in env else "default",
                description=field.description or "",
            )
        )
    return rows


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """``MERCATO_*`` variables that are no setting, each with a suggestion when one is close."""
    env = os.environ if environ is None else environ
    known = [variable(name) for name in Settings.model_fields]
    warnings = []
    for name in sorted(env):
        if not name.startswith(PREFIX) or name in known or name.startswith(TEST_SUITE_PREFIX):
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"{name} is not a Mercato setting and is ignored{hint}.")
    return warnings


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value) if value else "(none)"
    if isinstance(value, str):
        return _without_password(value)
    return str(value)


def _without_password(text: str) -> str:
    """A URL's password replaced by ``***``; other text unchanged."""
    parts = urlsplit(text)
    if not parts.scheme or parts.password is None:
        return text
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
