"""``setIdConversions`` / ``unsetIdConversions``: idempotent, per integration.

The conversion table belongs to the caller's integration. A store-restricted caller maps and
unmaps only objects it can see: another store's market is "not found", its entries are left
alone, and an external id that names one cannot be taken over."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, or_, select

from mercato.db import tables
from mercato.db.unit_of_work import UnitOfWork, Writer
from mercato.errors import UserError, UserInputError
from mercato.idconversion.new_objects import MAX_EXTERNAL_ID_LENGTH
from mercato.idconversion.references import Reference, resolve, visible_ids


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


def set_id_conversions(writer: Writer, entries: Sequence[ConversionToSet]) -> list[int]:
    """Create or overwrite entries; a colliding entry (same external or internal id for the
    object type) is replaced, as the reference prescribes for the API. Returns entry ids."""
    integration = _require_integration(writer.caller.integration_name)
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
    with writer.begin("IdConversionEntry") as work:
        connection = work.connection
        for index, entry in enumerate(entries):
            if not visible_ids(work, entry.object_type, [entry.internal_id]):
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
            if writer.caller.is_store_restricted and _names_an_unseen_object(work, scope, entry):
                # Replacing it would change what the integration's other tokens, which see
                # that object, resolve: a write into another store.
                problems.append(
                    UserError(
                        f'externalId "{entry.external_id}" names a {entry.object_type} of this '
                        "integration that this token cannot change: choose another externalId.",
                        ("input", index, "externalId"),
                    )
                )
                continue
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


def _names_an_unseen_object(work: UnitOfWork, scope: Any, entry: ConversionToSet) -> bool:
    """Whether the entry's external id already names another object, one the caller does
    not see (another store's)."""
    conversions = tables.id_conversions
    named = work.connection.execute(
        select(conversions.c.internal_id).where(
            scope,
            conversions.c.external_id == entry.external_id,
            conversions.c.internal_id != entry.internal_id,
        )
    ).scalar_one_or_none()
    return named is not None and not visible_ids(work, entry.object_type, [int(named)])


def unset_id_conversions(writer: Writer, entries: Sequence[ConversionToUnset]) -> int:
    """Remove entries; removing one that does not exist is not an error (idempotent)."""
    integration = _require_integration(writer.caller.integration_name)
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
    with writer.begin("IdConversionEntry") as work:
        connection = work.connection
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
            if writer.caller.store_id is not None:
                # Only entries of objects the caller sees (others stay, unmentioned).
                found = connection.execute(
                    select(conversions.c.id, conversions.c.internal_id).where(condition)
                ).all()
                visible = visible_ids(work, entry.object_type, [row.internal_id for row in found])
                ids = [row.id for row in found if row.internal_id in visible]
                removed += connection.execute(
                    delete(conversions).where(conversions.c.id.in_(ids))
                ).rowcount
                continue
            removed += connection.execute(delete(conversions).where(condition)).rowcount
    return removed


def resolved_id(
    writer: Writer, object_type: str, reference: Reference, path: tuple[str, ...]
) -> int:
    """The id one reference names, in the caller's scope, for a use case of a layer that does
    not resolve references itself (a token's store restriction given by external id)."""
    if reference.id is not None and reference.external_id is None:
        return reference.id
    with writer.begin(object_type) as work:
        return resolve(work, object_type, reference, path)
