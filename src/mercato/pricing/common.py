"""Rules and look-ups shared by pricelists, prices and price alterations: names, stores,
currencies, external ids assigned on create/update, and references resolved in batches (one
statement per object type, however many references a call carries)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, delete, insert, or_, select

from mercato.db import tables
from mercato.errors import PathElement, UserError, UserInputError
from mercato.idconversion.new_objects import MAX_EXTERNAL_ID_LENGTH
from mercato.idconversion.references import OBJECT_TABLES, Reference

MAX_NAME_LENGTH = 255

Path = tuple[PathElement, ...]


def valid_name(name: str, kind: str, path: Path) -> str:
    """The name without surrounding blanks; a userError when empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single(f"A {kind} needs a name.", *path)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A {kind} name has at most {MAX_NAME_LENGTH} characters.", *path
        )
    return cleaned


def store_type(connection: Connection, store_id: int) -> str:
    value: str = connection.execute(
        select(tables.stores.c.type).where(tables.stores.c.id == store_id)
    ).scalar_one()
    return value


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    decimal_digits: int


def currency_by_code(connection: Connection, code: str, path: Path) -> Currency:
    currencies = tables.currencies
    row = connection.execute(
        select(currencies.c.id, currencies.c.code, currencies.c.decimal_digits).where(
            currencies.c.code == code.strip().upper()
        )
    ).first()
    if row is None:
        raise UserInputError.single(f'Could not find Currency with code "{code}".', *path)
    return Currency(row.id, row.code, int(row.decimal_digits))


# -- external ids ------------------------------------------------------------------------


def check_external_id(
    integration_name: str | None, external_id: str | None, path: Path
) -> str | None:
    """The external id to assign (checked before any write), or None when none is given."""
    if external_id is None:
        return None
    if not integration_name:
        raise UserInputError.single(
            "This token has no integration name, so it cannot assign external ids.", *path
        )
    if not external_id or len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise UserInputError.single(
            f"externalId must be 1 to {MAX_EXTERNAL_ID_LENGTH} characters.", *path
        )
    return external_id


def assign_external_id(
    connection: Connection,
    integration_name: str,
    object_type: str,
    object_id: int,
    external_id: str,
) -> None:
    """Map ``external_id`` to the object for the integration, replacing any entry that maps
    either of them (as ``setIdConversions`` does)."""
    conversions = tables.id_conversions
    connection.execute(
        delete(conversions).where(
            conversions.c.integration_name == integration_name,
            conversions.c.object_type == object_type,
            or_(
                conversions.c.external_id == external_id,
                conversions.c.internal_id == object_id,
            ),
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


def forget_external_ids(connection: Connection, object_type: str, object_id: int) -> None:
    """Drop every integration's external id of a deleted object."""
    conversions = tables.id_conversions
    connection.execute(
        delete(conversions).where(
            conversions.c.object_type == object_type, conversions.c.internal_id == object_id
        )
    )


# -- references in batches -----------------------------------------------------------------


def resolve_many(
    connection: Connection,
    integration_name: str | None,
    object_type: str,
    wanted: Sequence[tuple[Reference, Path]],
    problems: list[UserError],
) -> list[int | None]:
    """The id each reference names, in order (None, with a userError added to ``problems``,
    when it names nothing). At most two statements: external ids, then existence."""
    table = tables.metadata.tables[OBJECT_TABLES[object_type]]
    external = sorted(
        {r.external_id for r, _ in wanted if r.external_id is not None and r.id is None}
    )
    converted: dict[str, int] = {}
    if external and integration_name:
        conversions = tables.id_conversions
        converted = {
            row.external_id: row.internal_id
            for row in connection.execute(
                select(conversions.c.external_id, conversions.c.internal_id).where(
                    conversions.c.integration_name == integration_name,
                    conversions.c.object_type == object_type,
                    conversions.c.external_id.in_(external),
                )
            )
        }
    candidates: list[int | None] = []
    for reference, path in wanted:
        given = [v for v in (reference.id, reference.external_id, reference.code) if v is not None]
        if len(given) != 1:
            problems.append(
                UserError(
                    f"Give exactly one of id or externalId to reference a {object_type}.", path
                )
            )
            candidates.append(None)
        elif reference.code is not None:
            problems.append(UserError(f"A {object_type} cannot be referenced by code.", path))
            candidates.append(None)
        elif reference.id is not None:
            candidates.append(reference.id)
        elif not integration_name:
            problems.append(
                UserError(
                    "This token has no integration name, so it has no external ids: "
                    "reference by id, or use a token with an integration name.",
                    path,
                )
            )
            candidates.append(None)
        else:
            candidates.append(converted.get(str(reference.external_id), -1))
    existing = _existing(connection, table, {c for c in candidates if c is not None})
    result: list[int | None] = []
    for candidate, (reference, path) in zip(candidates, wanted, strict=True):
        if candidate is None:
            result.append(None)
        elif candidate in existing:
            result.append(candidate)
        else:
            problems.append(
                UserError(f"Could not find {object_type} with {reference.describe()}.", path)
            )
            result.append(None)
    return result


def _existing(connection: Connection, table: Table, ids: Iterable[int]) -> set[int]:
    wanted = sorted(i for i in ids if i > 0)
    if not wanted:
        return set()
    return set(connection.execute(select(table.c.id).where(table.c.id.in_(wanted))).scalars())


def raise_problems(problems: Sequence[UserError]) -> None:
    if problems:
        raise UserInputError(problems)


def by_key(rows: Iterable[tuple[int, int]]) -> Mapping[int, list[int]]:
    """Group (key, value) pairs: key -> values, in row order."""
    grouped: dict[int, list[int]] = {}
    for key, value in rows:
        grouped.setdefault(key, []).append(value)
    return grouped
