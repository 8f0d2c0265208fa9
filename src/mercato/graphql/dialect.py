"""The few places where SQLite and PostgreSQL need different SQL text or parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import orjson


@dataclass(frozen=True)
class SqlDialect:
    name: Literal["sqlite", "postgresql"]

    @property
    def placeholder(self) -> str:
        return "?" if self.name == "sqlite" else "%s"

    def in_list(self, expression: str, values: list[object]) -> tuple[str, list[object]]:
        """``expression IN values`` with SQL text that does not depend on how many values
        there are, so one statement text (and one prepared plan) serves every batch."""
        if self.name == "sqlite":
            return f"{expression} IN (SELECT value FROM json_each(?))", [orjson.dumps(values)]
        return f"{expression} = ANY(%s)", [values]

    @property
    def renders_timestamps(self) -> bool:
        """Whether SELECT lists render timestamps as the response's text in SQL
        (``iso_timestamp``). On PostgreSQL that costs the server less than psycopg's
        datetimes cost Python to format (~0.4 against ~1.8 us a value); SQLite stores the
        response's text itself (``mercato.db.tables.utc_timestamp``)."""
        return self.name == "postgresql"

    def iso_timestamp(self, expression: str) -> str:
        """SQL rendering a timestamp as ``clock.to_iso`` does: ``2026-01-02T03:04:05+00:00``
        (the instant in UTC, whatever the session's time zone; whole seconds, truncated).
        The columns are ``timestamptz`` (tests/engine/test_timestamps.py checks it): for a
        column without a time zone the result would depend on the session's."""
        return f"to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"

    def timestamp(self, value: datetime) -> object:
        """A timestamp parameter comparable with stored timestamps (on SQLite, UTC text to
        the second: ``mercato.db.tables.utc_timestamp``)."""
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        if self.name == "sqlite":
            return utc.isoformat(timespec="seconds")
        return utc

    def like_contains(self, expression: str, text: str) -> tuple[str, list[object]]:
        """Case-insensitive substring match, with LIKE wildcards in ``text`` taken literally."""
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return (
            f"lower({expression}) LIKE lower({self.placeholder}) ESCAPE '\\'",
            [f"%{escaped}%"],
        )
