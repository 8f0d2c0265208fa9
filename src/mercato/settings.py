"""Settings, read once from the environment by ``Settings.from_environment``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mercato.errors import ConfigurationError

DEFAULT_SQLITE_PATH = Path("var") / "mercato.sqlite3"
DEFAULT_MEDIA_DIRECTORY = Path("var") / "media"
ENVIRONMENTS = ("development", "test", "production")


@dataclass(frozen=True)
class RateLimitQuotas:
    """Quota of each bucket; the defaults are the reference's fresh-instance values."""

    request_count_ten_seconds: int = 20
    request_count_one_hour: int = 10_000
    query_complexity_ten_seconds: int = 150_000
    query_complexity_one_hour: int = 20_000_000
    mutation_count_ten_seconds: int = 100
    mutation_count_one_hour: int = 1_000


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    environment: str = "development"
    max_complexity: int = 150_000
    max_depth: int = 12
    max_aliases: int = 30
    max_directives: int = 50
    max_mutations_per_request: int = 10
    rate_limits_enabled: bool = True
    rate_limit_quotas: RateLimitQuotas = field(default_factory=RateLimitQuotas)
    allowed_origins: tuple[str, ...] = ()
    #: Where uploaded media files are kept (served under /media).
    media_directory: str = str(DEFAULT_MEDIA_DIRECTORY)
    #: The address clients reach this server at: upload URLs and media URLs start with it.
    public_url: str = "http://127.0.0.1:8000"

    def __post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            raise ConfigurationError(
                f"MERCATO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.environment!r}."
            )
        if not (self.database_url.startswith("sqlite") or self.database_url.startswith("postgres")):
            raise ConfigurationError(
                "MERCATO_DATABASE_URL must start with sqlite:/// or postgresql://, "
                f"not {self.database_url.split(':', 1)[0]!r}."
            )

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        quotas = RateLimitQuotas(
            **{
                name: _int(env, f"MERCATO_RATE_LIMIT_{name.upper()}", default)
                for name, default in RateLimitQuotas().__dict__.items()
            }
        )
        origins = tuple(o for o in env.get("MERCATO_ALLOWED_ORIGINS", "").split(",") if o)
        return cls(
            database_url=env.get("MERCATO_DATABASE_URL", cls.database_url),
            environment=env.get("MERCATO_ENV", cls.environment),
            max_complexity=_int(env, "MERCATO_MAX_COMPLEXITY", cls.max_complexity),
            rate_limits_enabled=env.get("MERCATO_RATE_LIMITS", "on") != "off",
            rate_limit_quotas=quotas,
            allowed_origins=origins,
            media_directory=env.get("MERCATO_MEDIA_DIRECTORY", cls.media_directory),
            public_url=env.get("MERCATO_PUBLIC_URL", cls.public_url).rstrip("/"),
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None
    if value <= 0:
        raise ConfigurationError(f"{name} must be positive, not {value}.")
    return value
