"""External ids given when an object is created (``createProduct(input: {externalId})``,
``createSizeChart``...): checked before any write, recorded once the object has its id."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, or_

from mercato.db import tables
from mercato.db.unit_of_work import Caller, UnitOfWork
from mercato.errors import PathElement, UserInputError
from mercato.idconversion.references import internal_id

MAX_EXTERNAL_ID_LENGTH = 255


def claim_external_id(
    work: UnitOfWork,
    object_type: str,
    external_id: str,
    path: Sequence[PathElement],
) -> str:
    """The integration that will hold the new object's external id, after checking the id is
    free there (nothing is written)."""
    integration_name = work.caller.integration_name
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
    holder = internal_id(work.connection, integration_name, object_type, external_id)
    if holder is not None:
        raise UserInputError.single(
            f'externalId "{external_id}" already names {object_type} {holder}.', *path
        )
    return integration_name


def record_external_id(
    connection: Connection,
    integration_name: str,
    object_type: str,
    object_id: int,
    external_id: str,
) -> None:
    """The entry for a new object (replacing any stale entry of a reused id)."""
    conversions = tables.id_conversions
    connection.execute(
        delete(conversions).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            conversions.c.internal_id == object_id,
        )
    )
    connection.execute(
        insert(conversions).values(
            integration_name=integration_name,
            object_type=object_type,
            internal_id=object_id,
            external_id=external_id,
        )
    )


def checked_external_id(
    caller: Caller, external_id: str | None, path: Sequence[PathElement]
) -> str | None:
    """The external id to assign with ``assign_external_id`` (checked before any write), or
    None when none is given."""
    if external_id is None:
        return None
    if not caller.integration_name:
        raise UserInputError.single(
            "This token has no integration name, so it cannot assign external ids.", *path
        )
    if not external_id or len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise UserInputError.single(
            f"externalId must be 1 to {MAX_EXTERNAL_ID_LENGTH} characters.", *path
        )
    return external_id


def assign_external_id(
    work: UnitOfWork, object_type: str, object_id: int, external_id: str
) -> None:
    """Map ``external_id`` to the object for the caller's integration, replacing any entry that
    maps either of them (as ``setIdConversions`` does)."""
    integration_name = work.caller.integration_name
    if integration_name is None:
        raise UserInputError.single(
            "This token has no integration name, so it cannot assign external ids."
        )
    conversions = tables.id_conversions
    work.connection.execute(
        delete(conversions).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            or_(
                conversions.c.external_id == external_id,
                conversions.c.internal_id == object_id,
            ),
        )
    )
    work.connection.execute(
        insert(conversions).values(
            integration_name=integration_name,
            object_type=object_type,
            internal_id=object_id,
            external_id=external_id,
        )
    )
