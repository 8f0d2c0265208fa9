"""The one place that reads the wall clock, so tests can move time."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def to_iso(value: datetime | str | None) -> str | None:
    """Render a stored timestamp as ISO 8601 with its offset (UTC).

    SQLite hands timestamps back as UTC text already in this form
    (``mercato.db.tables.utc_timestamp``); PostgreSQL hands back aware datetimes. Both come
    out as ``2026-01-02T03:04:05+00:00``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 25 and value[10] == "T" and value.endswith("+00:00"):
            return value
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
