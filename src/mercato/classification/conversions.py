"""ID-conversion entries the classification services keep in step with their objects."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, union

from mercato.db import catalog_tables, tables
from mercato.errors import PathElement, UserInputError

MAX_EXTERNAL_ID_LENGTH = 255


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


def holder(
    connection: Connection, integration_name: str, object_type: str, external_id: str
) -> int | None:
    conversions = tables.id_conversions
    found: int | None = connection.execute(
        select(conversions.c.internal_id).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.external_id == external_id,
        )
    ).scalar_one_or_none()
    return found


def require_new_external_id(
    connection: Connection,
    integration_name: str | None,
    object_type: str,
    external_id: str,
    path: Sequence[PathElement],
) -> str:
    """The integration that will hold a new object's external id, after checking it is free."""
    if integration_name is None:
        raise UserInputError.single(
            "This token has no integration name, so it cannot set an externalId: "
            "use a token with an integration name.",
            *path,
        )
    if not external_id or len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise UserInputError.single(
            f"externalId must be 1 to {MAX_EXTERNAL_ID_LENGTH} characters.", *path
        )
    taken = holder(connection, integration_name, object_type, external_id)
    if taken is not None:
        raise UserInputError.single(
            f'externalId "{external_id}" already names {object_type} {taken}.', *path
        )
    return integration_name


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
