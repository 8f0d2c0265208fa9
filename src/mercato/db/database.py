"""The database handle: one engine, a read API for compiled plans, a write API for services.

Reads run pre-built SQL text (positional placeholders of the dialect) straight on the DB-API
cursor inside one transaction, so a multi-statement plan sees one snapshot and pays no ORM
or SQLAlchemy execution overhead. Writes use SQLAlchemy Core inside one transaction per
service call; on SQLite that transaction starts with ``BEGIN IMMEDIATE`` so two writers
queue on the lock instead of failing half-way with SQLITE_BUSY.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine

from mercato.db.dialect import DialectName, SqlDialect

Dialect = DialectName
StatementListener = Callable[[str], None]


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and pick the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass
class Reader:
    """A read-only transaction on a raw DB-API connection."""

    _cursor: Any
    _notify: Callable[[str], None]

    def fetch_all(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        self._notify(sql)
        self._cursor.execute(sql, parameters)
        rows: list[tuple[Any, ...]] = self._cursor.fetchall()
        return rows


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        url = normalise_url(url)
        self.dialect: Dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        #: The dialect helper (placeholders, IN lists, set-based row sources, timestamps).
        self.sql = SqlDialect(self.dialect)
        self._listeners: list[StatementListener] = []
        if self.dialect == "sqlite":
            _ensure_sqlite_directory(url)
            self.engine: Engine = create_engine(
                url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
            )
            _configure_sqlite(self.engine)
        else:
            self.engine = create_engine(
                url, echo=echo, pool_size=8, max_overflow=8, pool_pre_ping=True
            )
        event.listen(self.engine, "before_cursor_execute", self._on_cursor_execute)

    # -- observation (tests count statements) ----------------------------------------

    def add_statement_listener(self, listener: StatementListener) -> None:
        self._listeners.append(listener)

    def remove_statement_listener(self, listener: StatementListener) -> None:
        self._listeners.remove(listener)

    def _notify(self, sql: str) -> None:
        for listener in self._listeners:
            listener(sql)

    def _on_cursor_execute(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "PRAGMA", "SET TRANSACTION")):
            self._notify(statement)

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """One read transaction: all statements of a plan see the same snapshot."""
        options: dict[str, Any] = {}
        if self.dialect == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
            options["postgresql_readonly"] = True
        with (
            self.engine.connect().execution_options(**options) as connection,
            connection.begin(),
        ):
            raw = connection.connection.dbapi_connection
            assert raw is not None  # an open Connection always has one
            cursor = raw.cursor()
            try:
                yield Reader(cursor, self._notify)
            finally:
                cursor.close()

    @contextmanager
    def read_core(self) -> Iterator[Connection]:
        """One read-only transaction through SQLAlchemy Core, for the command line, the demo
        loaders and checks (request paths use ``read``, which skips SQLAlchemy)."""
        options: dict[str, Any] = {}
        if self.dialect == "postgresql":
            options["postgresql_readonly"] = True
        with (
            self.engine.connect().execution_options(**options) as connection,
            connection.begin(),
        ):
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, committed when the block ends without an exception. Only the
        write kernel (``mercato.db.unit_of_work``) and tests' fixtures open one: services write
        through a ``Writer``, which knows the caller and records the changes."""
        with (
            self.engine.connect().execution_options(sqlite_immediate=True) as connection,
            connection.begin(),
        ):
            yield connection

    def dispose(self) -> None:
        self.engine.dispose()


def _ensure_sqlite_directory(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and transactions Mercato begins itself."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN, instead of pysqlite's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
