"""What the command line says about a database it cannot use: one line, never a traceback.

``require_current`` runs before a command that needs the tables (``serve``, ``token``): it
refuses an unmigrated or outdated database with the command that fixes it.
``explain`` turns what SQLAlchemy and the drivers raise (a URL it cannot read, a server it
cannot reach, a table that is not there) into that one line.
"""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from mercato.db.database import Database
from mercato.db.migrate import alembic_config

UPGRADE = "run `mercato db upgrade`"
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
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        raise DatabaseNotReadyError(f"The database {shown_url(url)} has no tables yet: {UPGRADE}.")
    if current != head:
        raise DatabaseNotReadyError(
            f"The database {shown_url(url)} is at migration {current}, this version of Mercato "
            f"needs {head}: {UPGRADE}."
        )


def explain(error: SQLAlchemyError, url: str) -> str:
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return f"MERCATO_DATABASE_URL is not a database URL Mercato can use ({error})."
    if isinstance(error, DBAPIError):
        detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if any(marker in f"{type(error.orig).__name__} {detail}".lower() for marker in _MISSING_TABLE):
            return f"The database {shown_url(url)} is not migrated ({detail}): {UPGRADE}."
        return f"Cannot use the database {shown_url(url)}: {detail}"
    return f"Database error on {shown_url(url)}: {str(error).splitlines()[0]}"
