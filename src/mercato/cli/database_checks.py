"""What the command line says about a database it cannot use: one line, never a traceback.

``require_current`` runs before a command that needs the tables (``serve``, ``token``): it
refuses an unmigrated or outdated database with the command that fixes it.
``explain`` turns what SQLAlchemy and the drivers raise (a URL it cannot read, a server it
cannot reach, a table that is not there) into that one line.
"""

from __future__ import annotations

import sqlite3

import psycopg
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from mercato.db.database import Database
from mercato.db.migrate import alembic_config

UPGRADE = "run `mercato db upgrade`"
#: What a database can raise: SQLAlchemy's errors, and the drivers' own from the read path
#: (compiled plans run on the DB-API cursor).
DATABASE_ERRORS = (SQLAlchemyError, sqlite3.Error, psycopg.Error)
_MISSING_TABLE = ("no such table", "does not exist", "undefinedtable")


class DatabaseNotReadyError(Exception):
    """The database cannot serve this version of Mercato (yet); the message says why."""


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def require_current(database: Database, url: str) -> None:
    """Refuse a database whose migrations are not those of this version."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with database.read_core() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        raise DatabaseNotReadyError(f"The database {shown_url(url)} has no tables yet: {UPGRADE}.")
    if current != head:
        raise DatabaseNotReadyError(
            f"The database {shown_url(url)} is at migration {current}, this version of Mercato "
            f"needs {head}: {UPGRADE}."
        )


def explain(error: Exception, url: str) -> str:
    """One line for one of ``DATABASE_ERRORS``."""
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return f"MERCATO_DATABASE_URL is not a database URL Mercato can use ({error})."
    driver_error = error.orig if isinstance(error, DBAPIError) and error.orig else error
    text = str(driver_error).strip()
    detail = text.splitlines()[0] if text else type(driver_error).__name__
    if any(
        marker in f"{type(driver_error).__name__} {detail}".lower() for marker in _MISSING_TABLE
    ):
        return f"The database {shown_url(url)} is not migrated ({detail}): {UPGRADE}."
    return f"Cannot use the database {shown_url(url)}: {detail}"
