"""The migrations build exactly the schema the code declares."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mercato.db import catalog_tables, stock_tables  # noqa: F401  (register their tables)
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from mercato.db.tables import metadata


def test_migrated_database_matches_the_metadata(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [], "Write a migration for these changes (alembic autogenerate)."


def test_sqlite_timestamps_written_before_0006_are_rewritten_as_the_api_shows_them(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(database, "0005")
        with database.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO brands (name, uri, created_at, updated_at) VALUES"
                " ('Old', 'old', '2026-01-02 03:04:05.678901', '2026-01-02 03:04:05')"
            )

        upgrade(database)

        with database.engine.connect() as connection:
            stored = connection.exec_driver_sql(
                "SELECT created_at, updated_at FROM brands WHERE name = 'Old'"
            ).one()
        assert tuple(stored) == ("2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05+00:00")
    finally:
        database.dispose()
