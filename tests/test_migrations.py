"""The migrations build exactly the schema the code declares."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mercato.db import catalog_tables, kernel_tables, stock_tables  # noqa: F401  (register their tables)
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


def test_transfers_recorded_before_0007_get_their_source_warehouse(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(database, "0006")
        with database.engine.begin() as connection:
            # Warehouses 1 and 2, as they stood at 0006 (today's demo loader writes tables
            # that came later).
            connection.exec_driver_sql(
                "INSERT INTO warehouses (id, name, status, stock_ownership, allocation_policy,"
                " stock_master, is_hidden_from_stock_view, is_consignation, custom_sort,"
                " created_at, updated_at) VALUES"
                " (1, 'One', 'ACTIVE', 'OWN', 'DIRECT', 'INTERNAL', 0, 0, 1,"
                " '2026-01-02T03:04:05+00:00', '2026-01-02T03:04:05+00:00'),"
                " (2, 'Two', 'ACTIVE', 'OWN', 'DIRECT', 'INTERNAL', 0, 0, 2,"
                " '2026-01-02T03:04:05+00:00', '2026-01-02T03:04:05+00:00')"
            )
            connection.exec_driver_sql(
                "INSERT INTO stock_changes (id, type, warehouse_id, created_at) VALUES"
                " (901, 'TRANSFER', 2, '2026-01-02T03:04:05+00:00'),"
                " (902, 'DELIVERY', 2, '2026-01-02T03:04:05+00:00')"
            )
            connection.exec_driver_sql(
                "INSERT INTO stock_change_lines (stock_change_id, warehouse_id, product_size_id,"
                " delivered_quantity, physical_quantity, free_to_allocate_quantity) VALUES"
                " (901, 1, 7, -3, 0, 0), (901, 2, 7, 3, 3, 3), (902, 2, 7, 3, 6, 6)"
            )

        upgrade(database)

        with database.engine.connect() as connection:
            sources = connection.exec_driver_sql(
                "SELECT id, source_warehouse_id FROM stock_changes"
                " WHERE id IN (901, 902) ORDER BY id"
            ).all()
        assert [tuple(row) for row in sources] == [(901, 1), (902, None)]
    finally:
        database.dispose()
