"""The few places where SQLite and PostgreSQL need different SQL text or parameters.

One helper for every layer: the engine's reads (placeholders, ``IN`` lists whose text does
not depend on how many values there are, timestamps rendered in SQL) and the services'
set-based writes (many rows as one bound parameter: a JSON array read with ``json_each`` on
SQLite, one array per column read with ``unnest`` on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from sqlalchemy import Connection

DialectName = Literal["sqlite", "postgresql"]
Row = Sequence[Any]

#: Element types whose arrays travel as one text literal (``{1,2,NULL}``) built by orjson:
#: psycopg adapts a list element by element (about 3 ms per 10,000 integers), the literal
#: takes some 0.05 ms, and the ``::int[]`` cast parses it on the server.
LITERAL_KINDS = frozenset({"int", "bigint"})


def integer_array(values: Sequence[int | None]) -> str:
    """A PostgreSQL array literal of integers (None as ``null``, which the array parser
    reads as NULL): orjson's JSON array with its brackets turned into braces."""
    text = orjson.dumps(values)
    return "{" + text[1:-1].decode() + "}"


@dataclass(frozen=True)
class RowsSource:
    """A FROM item yielding the given rows as columns ``names``, and its parameters."""

    sql: str
    parameters: list[Any]


@dataclass(frozen=True)
class SqlDialect:
    name: DialectName

    @classmethod
    def of(cls, connection: Connection) -> SqlDialect:
        return cls("sqlite" if connection.dialect.name == "sqlite" else "postgresql")

    @property
    def postgresql(self) -> bool:
        return self.name == "postgresql"

    @property
    def placeholder(self) -> str:
        """The positional bind placeholder of the DB-API driver."""
        return "?" if self.name == "sqlite" else "%s"

    # -- reads --------------------------------------------------------------------------

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

    # -- set-based writes ---------------------------------------------------------------

    def rows(
        self, alias: str, columns: Sequence[tuple[str, str]], rows: Sequence[Row]
    ) -> RowsSource:
        """``rows`` as a table ``alias(column, ...)``; ``columns`` are (name, SQL type) pairs,
        the type being a PostgreSQL array element type (``int``, ``bigint``, ``float8``,
        ``text``). The SQL is written with ``?`` placeholders (see ``execute``)."""
        if self.postgresql:
            arrays: list[Any] = (
                [
                    integer_array(column) if kind in LITERAL_KINDS else list(column)
                    for column, (_, kind) in zip(zip(*rows, strict=True), columns, strict=True)
                ]
                if rows
                else [[] for _ in columns]
            )
            unnest = ", ".join(f"?::{kind}[]" for _, kind in columns)
            names = ", ".join(name for name, _ in columns)
            return RowsSource(f"unnest({unnest}) AS {alias}({names})", list(arrays))
        members = ", ".join(
            f"value ->> {index} AS {name}" for index, (name, _) in enumerate(columns)
        )
        return RowsSource(
            f"(SELECT {members} FROM json_each(?)) AS {alias}",
            [orjson.dumps(rows, option=orjson.OPT_PASSTHROUGH_SUBCLASS, default=tuple).decode()],
        )

    def fetch_all(
        self, connection: Connection, sql: str, parameters: Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """``execute`` and every row as a plain tuple, straight from the DB-API cursor."""
        rows: list[tuple[Any, ...]] = self.execute(connection, sql, parameters).cursor.fetchall()
        return rows

    def execute_many(self, connection: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        """One statement for many parameter rows (DB-API ``executemany``, one round trip)."""
        if self.postgresql:
            sql = sql.replace("?", "%s")
        return connection.exec_driver_sql(sql, list(rows))

    def execute(self, connection: Connection, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """Run dialect SQL written with ``?`` placeholders (rewritten for psycopg)."""
        if self.postgresql:
            sql = sql.replace("?", "%s")
        return connection.exec_driver_sql(sql, tuple(parameters))
