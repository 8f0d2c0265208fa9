"""Set-based SQL for the stock writes, in both dialects.

Many rows travel as one bound parameter, so a statement's text never depends on how many
rows a request carries and a 10,000-row write is still one round trip per statement:
SQLite gets a JSON array (read with ``json_each``), PostgreSQL one array per column (read
with ``unnest``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection

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
class Sql:
    dialect: str

    @classmethod
    def of(cls, connection: Connection) -> Sql:
        return cls("sqlite" if connection.dialect.name == "sqlite" else "postgresql")

    @property
    def postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def placeholder(self) -> str:
        return "%s" if self.postgresql else "?"

    def rows(
        self, alias: str, columns: Sequence[tuple[str, str]], rows: Sequence[Row]
    ) -> RowsSource:
        """``rows`` as a table ``alias(column, ...)``; ``columns`` are (name, SQL type) pairs,
        the type being a PostgreSQL array element type (``int``, ``bigint``, ``float8``)."""
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

    def timestamp(self, value: datetime) -> object:
        """A UTC timestamp as SQLAlchemy stores it (SQLite: UTC text to the second,
        ``mercato.db.tables.utc_timestamp``)."""
        if self.postgresql:
            return value
        return value.astimezone(UTC).isoformat(timespec="seconds")

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
