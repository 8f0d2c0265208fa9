"""Alembic environment: runs the migrations shipped inside the package."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from mercato.db import catalog_tables, kernel_tables, stock_tables  # noqa: F401  (register their tables)
from mercato.db.tables import metadata

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Mercato runs its migrations through mercato.db.migrate.upgrade().")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
