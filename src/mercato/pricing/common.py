"""Rules and look-ups shared by pricelists, prices and price alterations: names, stores,
currencies, external ids assigned on create/update, and references resolved in batches (one
statement per object type, however many references a call carries)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from mercato.db import tables
from mercato.errors import PathElement, UserError, UserInputError

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


def forget_external_ids(connection: Connection, object_type: str, object_id: int) -> None:
    """Drop every integration's external id of a deleted object."""
    conversions = tables.id_conversions
    connection.execute(
        delete(conversions).where(
            conversions.c.object_type == object_type, conversions.c.internal_id == object_id
        )
    )


# -- references in batches -----------------------------------------------------------------


def raise_problems(problems: Sequence[UserError]) -> None:
    if problems:
        raise UserInputError(problems)


def by_key(rows: Iterable[tuple[int, int]]) -> Mapping[int, list[int]]:
    """Group (key, value) pairs: key -> values, in row order."""
    grouped: dict[int, list[int]] = {}
    for key, value in rows:
        grouped.setdefault(key, []).append(value)
    return grouped
