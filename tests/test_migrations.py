"""The migrations build exactly the schema the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mercato.db import catalog_tables, stock_tables  # noqa: F401  (register their tables)
from mercato.db.database import Database
from mercato.db.tables import metadata


def test_migrated_database_matches_the_metadata(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [], "Write a migration for these changes (alembic autogenerate)."
