"""SQLite timestamps as the API shows them

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 00:00:00

SQLite keeps every timestamp as UTC text to the second, in the form the API shows
(``2026-01-02T03:04:05+00:00``), instead of SQLAlchemy's default
(``2026-01-02 03:04:05.678901``): a read then passes the stored text through (see
``mercato.db.tables.utc_timestamp``). The API never showed fractions of a second, so nothing
a client could see changes. PostgreSQL keeps ``timestamptz``: nothing to do there.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: Every timestamp column at this revision.
TIMESTAMP_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("access_tokens", ("created_at", "expires_at", "revoked_at", "last_used_at")),
    ("markets", ("created_at", "updated_at")),
    ("warehouses", ("created_at", "updated_at")),
    ("brands", ("created_at", "updated_at")),
    ("collections", ("created_at", "updated_at")),
    ("folders", ("created_at", "updated_at")),
    ("categories", ("created_at", "updated_at")),
    ("size_charts", ("created_at", "updated_at")),
    ("measurement_charts", ("created_at", "updated_at")),
    ("size_localizations", ("created_at", "updated_at")),
    ("products", ("created_at", "updated_at")),
    ("product_variants", ("created_at", "updated_at")),
    ("product_sizes", ("created_at", "updated_at")),
    ("product_media", ("created_at",)),
    ("displays", ("created_at", "updated_at")),
    ("display_relations", ("created_at",)),
    ("bundles", ("created_at", "updated_at")),
    ("pricelists", ("created_at", "updated_at")),
    ("prices", ("updated_at",)),
    ("price_alterations", ("created_at", "updated_at")),
    ("altered_prices", ("updated_at",)),
    ("stock", ("created_at", "updated_at")),
    ("stock_reservations", ("created_at", "updated_at")),
    ("stock_changes", ("created_at",)),
    ("idempotency_keys", ("created_at", "expires_at")),
    ("suppliers", ("created_at", "updated_at")),
    ("purchase_orders", ("expected_delivery_date", "created_at", "updated_at")),
    ("purchase_order_deliveries", ("created_at", "updated_at")),
)


def _rewrite(expression: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in TIMESTAMP_COLUMNS:
        for column in columns:
            op.execute(
                f"UPDATE {table} SET {column} = {expression.format(column=column)} "
                f"WHERE {column} IS NOT NULL"
            )


def upgrade() -> None:
    _rewrite("strftime('%Y-%m-%dT%H:%M:%S+00:00', {column})")


def downgrade() -> None:
    _rewrite("strftime('%Y-%m-%d %H:%M:%f', {column})")
