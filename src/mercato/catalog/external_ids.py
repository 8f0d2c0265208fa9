"""External ids given on create (``createProduct(input: {externalId})``): the new object's
ID-conversion entry for the caller's integration."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from mercato.catalog.rules import Path
from mercato.db import tables
from mercato.errors import UserInputError

MAX_EXTERNAL_ID_LENGTH = 255


def claim(
    connection: Connection,
    integration_name: str | None,
    object_type: str,
    external_id: str,
    path: Path,
) -> str:
    """The integration that will hold the new object's external id, after checking the id is
    free there (nothing is written)."""
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
    conversions = tables.id_conversions
    holder = connection.execute(
        select(conversions.c.internal_id).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.external_id == external_id,
        )
    ).scalar_one_or_none()
    if holder is not None:
        raise UserInputError.single(
            f'externalId "{external_id}" already names {object_type} {holder}.', *path
        )
    return integration_name


def record(
    connection: Connection,
    integration_name: str,
    object_type: str,
    internal_id: int,
    external_id: str,
) -> None:
    """The entry for a new object (replacing any stale entry of a reused id)."""
    conversions = tables.id_conversions
    connection.execute(
        delete(conversions).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.internal_id == internal_id,
        )
    )
    connection.execute(
        insert(conversions).values(
            integration_name=integration_name,
            object_type=object_type,
            internal_id=internal_id,
            external_id=external_id,
        )
    )
