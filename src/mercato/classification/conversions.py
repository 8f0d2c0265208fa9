"""ID-conversion entries the classification services keep in step with their objects."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Connection, delete, insert, select, union

from mercato.db import catalog_tables, tables


def known_integrations(connection: Connection) -> list[str]:
    """Every integration name Mercato knows: on tokens, and in the conversion table."""
    tokens = select(tables.access_tokens.c.integration_name).where(
        tables.access_tokens.c.integration_name.is_not(None)
    )
    entries = select(tables.id_conversions.c.integration_name)
    return sorted(str(name) for (name,) in connection.execute(union(tokens, entries)))


def forget(connection: Connection, object_type: str, internal_ids: Collection[int]) -> None:
    """Remove every integration's entries for these objects (deleted, or ids reused)."""
    if internal_ids:
        conversions = tables.id_conversions
        connection.execute(
            delete(conversions).where(
                conversions.c.object_type == object_type,
                conversions.c.internal_id.in_(list(internal_ids)),
            )
        )


def forget_deleted(connection: Connection, object_type: str, internal_ids: Collection[int]) -> None:
    """Remove what other tables say about deleted objects by type and id (they hold no
    foreign key): conversion entries, translations and attribute assignments, so a reused
    id never inherits them."""
    if not internal_ids:
        return
    forget(connection, object_type, internal_ids)
    ids = list(internal_ids)
    for table in (catalog_tables.translations, catalog_tables.attribute_assignments):
        connection.execute(
            delete(table).where(table.c.object_type == object_type, table.c.object_id.in_(ids))
        )


def add(
    connection: Connection,
    object_type: str,
    entries: Iterable[tuple[str, int, str]],
) -> None:
    """Insert ``(integration_name, internal_id, external_id)`` entries."""
    rows = [
        {
            "integration_name": integration,
            "object_type": object_type,
            "internal_id": internal_id,
            "external_id": external_id,
        }
        for integration, internal_id, external_id in entries
    ]
    if rows:
        connection.execute(insert(tables.id_conversions), rows)
