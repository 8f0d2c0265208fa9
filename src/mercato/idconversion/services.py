"""``setIdConversions`` / ``unsetIdConversions``: idempotent, per integration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select

from mercato.db import tables
from mercato.db.database import Database
from mercato.errors import UserError, UserInputError
from mercato.idconversion.new_objects import MAX_EXTERNAL_ID_LENGTH
from mercato.idconversion.references import OBJECT_TABLES


@dataclass(frozen=True)
class ConversionToSet:
    object_type: str
    internal_id: int
    external_id: str


@dataclass(frozen=True)
class ConversionToUnset:
    object_type: str
    entry_id: int | None = None
    internal_id: int | None = None
    external_id: str | None = None


def _require_integration(integration_name: str | None) -> str:
    if not integration_name:
        raise UserInputError.single(
            "ID conversion needs a token with an integration name: the conversion table is "
            "per integration."
        )
    return integration_name


def set_id_conversions(
    database: Database, integration_name: str | None, entries: Sequence[ConversionToSet]
) -> list[int]:
    """Create or overwrite entries; a colliding entry (same external or internal id for the
    object type) is replaced, as the reference prescribes for the API. Returns entry ids."""
    integration = _require_integration(integration_name)
    conversions = tables.id_conversions
    problems: list[UserError] = []
    for index, entry in enumerate(entries):
        if not entry.external_id or len(entry.external_id) > MAX_EXTERNAL_ID_LENGTH:
            problems.append(
                UserError(
                    f"externalId must be 1 to {MAX_EXTERNAL_ID_LENGTH} characters.",
                    ("input", index, "externalId"),
                )
            )
    if problems:
        raise UserInputError(problems)
    ids: list[int] = []
    with database.write() as connection:
        for index, entry in enumerate(entries):
            table = tables.metadata.tables[OBJECT_TABLES[entry.object_type]]
            exists = connection.execute(
                select(table.c.id).where(table.c.id == entry.internal_id)
            ).scalar_one_or_none()
            if exists is None:
                problems.append(
                    UserError(
                        f"Could not find {entry.object_type} with ID {entry.internal_id}.",
                        ("input", index, "internalId"),
                    )
                )
                continue
            scope = (conversions.c.integration_name == integration) & (
                conversions.c.object_type == entry.object_type
            )
            connection.execute(
                delete(conversions).where(
                    scope,
                    or_(
                        conversions.c.external_id == entry.external_id,
                        conversions.c.internal_id == entry.internal_id,
                    ),
                )
            )
            new_id = connection.execute(
                insert(conversions)
                .values(
                    integration_name=integration,
                    object_type=entry.object_type,
                    internal_id=entry.internal_id,
                    external_id=entry.external_id,
                )
                .returning(conversions.c.id)
            ).scalar_one()
            ids.append(new_id)
        if problems:
            raise UserInputError(problems)
    return ids


def unset_id_conversions(
    database: Database, integration_name: str | None, entries: Sequence[ConversionToUnset]
) -> int:
    """Remove entries; removing one that does not exist is not an error (idempotent)."""
    integration = _require_integration(integration_name)
    conversions = tables.id_conversions
    problems: list[UserError] = []
    for index, entry in enumerate(entries):
        given = [v for v in (entry.entry_id, entry.internal_id, entry.external_id) if v is not None]
        if len(given) != 1:
            problems.append(
                UserError(
                    "Give exactly one of id, internalId or externalId in idConversion.",
                    ("input", index, "idConversion"),
                )
            )
    if problems:
        raise UserInputError(problems)
    removed = 0
    with database.write() as connection:
        for entry in entries:
            condition = (conversions.c.integration_name == integration) & (
                conversions.c.object_type == entry.object_type
            )
            if entry.entry_id is not None:
                condition &= conversions.c.id == entry.entry_id
            elif entry.internal_id is not None:
                condition &= conversions.c.internal_id == entry.internal_id
            else:
                condition &= conversions.c.external_id == entry.external_id
            removed += connection.execute(delete(conversions).where(condition)).rowcount
    return removed
