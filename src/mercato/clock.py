"""The one place that reads the wall clock, so tests can move time."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def to_iso(value: datetime | str | None) -> str | None:
    """Render a stored timestamp as ISO 8601 with its offset (UTC).

    SQLite hands timestamps back as text without an offset (they are stored in UTC);
    PostgreSQL hands back aware datetimes. Both come out as ``2026-01-02T03:04:05+00:00``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        # SQLite's stored UTC text ("2026-01-02 03:04:05.678901"): slicing it is ~10x faster
        # than parsing, and timestamps are often the most numerous fields of a page.
        if len(value) >= 19 and value[10] == " " and value[19:20] in ("", "."):
            return f"{value[:10]}T{value[11:19]}+00:00"
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
