"""A digest of every table, in one statement: what "nothing changed" is checked against."""

from __future__ import annotations

from sqlalchemy import Table

from mercato.db import catalog_tables as catalog_tables  # registers the catalog's tables
from mercato.db import kernel_tables as kernel_tables  # registers the kernel's tables
from mercato.db import stock_tables as stock_tables  # registers the stock tables
from mercato.db import tables
from mercato.db.database import Database

#: Columns a request writes whatever it does (authentication's bookkeeping), and tables that
#: change with every request (rate limits; off in the matrices anyway).
IGNORED_COLUMNS = {("access_tokens", "last_used_at")}
IGNORED_TABLES = {"rate_limit_buckets"}


def _table_digest_sql(table: Table, postgresql: bool) -> str:
    columns = [c.name for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
    order = ", ".join(c.name for c in table.primary_key.columns)
    if postgresql:
        row = f"ROW({', '.join(columns)})::text"
        text = f"coalesce(string_agg({row}, '|' ORDER BY {order}), '')"
        return f"SELECT '{table.name}', md5({text}) FROM {table.name}"
    row = " || ',' || ".join(f"quote({c})" for c in columns)
    ordered = f"(SELECT {row} AS r FROM {table.name} ORDER BY {order})"
    return f"SELECT '{table.name}', coalesce(group_concat(r, '|'), '') FROM {ordered}"


def snapshot(database: Database) -> dict[str, str]:
    """Per table, a text that changes whenever any row of it does."""
    postgresql = database.dialect == "postgresql"
    sql = " UNION ALL ".join(
        _table_digest_sql(table, postgresql)
        for table in tables.metadata.sorted_tables
        if table.name not in IGNORED_TABLES
    )
    with database.read() as reader:
        return {str(name): str(digest) for name, digest in reader.fetch_all(sql)}


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))
