"""The relational schema, as SQLAlchemy Core metadata.

One module holds every table so that migrations, services and the GraphQL field map all
name the same columns. Column names are the domain's words, spelled out.
Timestamps are stored in UTC (``utc_timestamp``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class _SqliteUtcText(sqlite.DATETIME):
    """SQLite's timestamps: the instant in UTC as the API shows it, to the second
    (``2026-01-02T03:04:05+00:00``, ``clock.to_iso``), so a read passes the stored text
    through untouched; an aware value is converted to UTC before it is written."""

    def __init__(self) -> None:
        super().__init__(  # type: ignore[no-untyped-call]
            storage_format=(
                "%(year)04d-%(month)02d-%(day)02dT%(hour)02d:%(minute)02d:%(second)02d+00:00"
            ),
            # Also reads the earlier form ("2026-01-02 03:04:05.678901", before migration 0006).
            regexp=r"(\d+)-(\d+)-(\d+)[T ](\d+):(\d+):(\d+)",
        )

    def bind_processor(self, dialect: Dialect) -> Any:
        process = super().bind_processor(dialect)
        assert process is not None  # SQLite's DATETIME always formats what it binds

        def bind(value: Any) -> Any:
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(UTC)
            return process(value)

        return bind


def utc_timestamp() -> DateTime:
    """A timestamp column's type: ``timestamptz`` on PostgreSQL (microseconds); on SQLite UTC
    text to the second, the form the API shows (``_SqliteUtcText``)."""
    return DateTime(timezone=True).with_variant(_SqliteUtcText(), "sqlite")


def timestamps() -> tuple[Column[object], Column[object]]:
    """``created_at`` and ``updated_at``, both required, in UTC."""
    return (
        Column("created_at", utc_timestamp(), nullable=False),
        Column("updated_at", utc_timestamp(), nullable=False),
    )


# --- geography -------------------------------------------------------------------------

continents = Table(
    "continents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(2), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
)

countries = Table(
    "countries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(2), nullable=False, unique=True),
    Column("code3", String(3), nullable=False),
    Column("numeric_code", String(3), nullable=False),
    Column("name", String(128), nullable=False),
    Column("continent_id", ForeignKey("continents.id"), nullable=False, index=True),
    Column("is_eu", Boolean, nullable=False),
)

country_states = Table(
    "country_states",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("country_id", ForeignKey("countries.id"), nullable=False, index=True),
    Column("code", String(8), nullable=False),
    Column("name", String(128), nullable=False),
    UniqueConstraint("country_id", "code"),
)

currencies = Table(
    "currencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(3), nullable=False, unique=True),
    Column("iso_number", String(3), nullable=False),
    Column("name", String(64), nullable=False),
    Column("decimal_digits", Integer, nullable=False),
    Column("is_base", Boolean, nullable=False),
    #: Value of one unit in the base currency (MonetaryValue.conversionRate).
    Column("conversion_rate", Float, nullable=False, server_default="1"),
)

languages = Table(
    "languages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(64), nullable=False),
    Column("language_code", String(8), nullable=False),
    Column("country_code", String(2)),
    Column("is_active", Boolean, nullable=False),
)

# --- stores, markets, warehouses ------------------------------------------------------

stores = Table(
    "stores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("type", String(32), nullable=False),
    CheckConstraint("type IN ('DIRECT_TO_CONSUMER', 'WHOLESALE')", name="type"),
)

allocation_rules = Table(
    "allocation_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("is_active", Boolean, nullable=False),
)

warehouses = Table(
    "warehouses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("stock_ownership", String(32), nullable=False),
    Column("allocation_policy", String(32), nullable=False),
    Column("stock_master", String(32), nullable=False),
    Column("is_hidden_from_stock_view", Boolean, nullable=False),
    Column("is_consignation", Boolean, nullable=False),
    Column("threshold", Integer),
    Column("address", String(255)),
    Column("city", String(255)),
    Column("zip_code", String(32)),
    Column("country_id", ForeignKey("countries.id"), index=True),
    Column("state_id", ForeignKey("country_states.id")),
    Column("custom_sort", Integer, nullable=False),
    *timestamps(),
    # The brick-and-mortar shop the warehouse serves (db/outlet_tables.py, issue 17).
    Column("brick_and_mortar_id", ForeignKey("brick_and_mortars.id"), index=True),
    CheckConstraint("threshold IS NULL OR threshold >= 0", name="threshold"),
)

allocation_rule_warehouses = Table(
    "allocation_rule_warehouses",
    metadata,
    Column("allocation_rule_id", ForeignKey("allocation_rules.id"), primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), primary_key=True, index=True),
    Column("priority", Integer, nullable=False),
)

markets = Table(
    "markets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("comment", Text),
    Column("store_id", ForeignKey("stores.id"), nullable=False, index=True),
    Column("allocation_rule_id", ForeignKey("allocation_rules.id"), nullable=False, index=True),
    *timestamps(),
    UniqueConstraint("store_id", "name"),
)

# A country geo-locates to at most one market per store: the unique key enforces it.
market_countries = Table(
    "market_countries",
    metadata,
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True),
    Column("country_id", ForeignKey("countries.id"), primary_key=True, index=True),
    Column("store_id", ForeignKey("stores.id"), nullable=False),
    UniqueConstraint("store_id", "country_id"),
)

# --- access -----------------------------------------------------------------------------

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("lookup_id", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("integration_name", String(255)),
    Column("store_id", ForeignKey("stores.id")),
    Column("permissions", Text, nullable=False),
    Column("created_at", utc_timestamp(), nullable=False),
    Column("expires_at", utc_timestamp(), nullable=False),
    Column("revoked_at", utc_timestamp()),
    Column("last_used_at", utc_timestamp()),
)

rate_limit_buckets = Table(
    "rate_limit_buckets",
    metadata,
    Column("token_id", ForeignKey("access_tokens.id", ondelete="CASCADE"), primary_key=True),
    Column("bucket", String(40), primary_key=True),
    Column("level", Float, nullable=False),
    Column("refreshed_at", Float, nullable=False),
)

id_conversions = Table(
    "id_conversions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("integration_name", String(255), nullable=False),
    Column("object_type", String(64), nullable=False),
    Column("internal_id", Integer, nullable=False),
    Column("external_id", String(255), nullable=False),
    UniqueConstraint("integration_name", "object_type", "external_id"),
    UniqueConstraint("integration_name", "object_type", "internal_id"),
)
Index("ix_id_conversions_object", id_conversions.c.object_type, id_conversions.c.internal_id)


# warehouses.brick_and_mortar_id points into outlet_tables: registered with this metadata
# whenever the foundation's tables are.
from mercato.db import outlet_tables as _outlet_tables  # noqa: E402, F401
