"""Name rules shared by the classification objects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, Table, select

from mercato.errors import PathElement, UserInputError

MAX_NAME_LENGTH = 255
#: The ``Status`` enum of collections and categories.
STATUSES = ("ACTIVE", "INACTIVE")


def valid_name(name: str, kind: str, path: tuple[PathElement, ...]) -> str:
    """The name without surrounding blanks; a userError when empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise UserInputError.single(f"A {kind} needs a name.", *path)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserInputError.single(
            f"A {kind} name has at most {MAX_NAME_LENGTH} characters.", *path
        )
    return cleaned


def optional_text(value: str | None) -> str | None:
    """Free text as stored: an empty (or blank) string clears the field."""
    if value is None or not value.strip():
        return None
    return value


def require_unique_name(
    connection: Connection,
    table: Table,
    name: str,
    *,
    exclude: int | None,
    message: str,
    scope: Sequence[ColumnElement[bool]] = (),
    member: str = "name",
) -> None:
    """A userError (``message``) when another row of the table, within ``scope``, has the
    name."""
    query = select(table.c.id).where(table.c.name == name, *scope)
    if exclude is not None:
        query = query.where(table.c.id != exclude)
    if connection.execute(query).first() is not None:
        raise UserInputError.single(message, "input", member)


def valid_status(status: str) -> str:
    if status not in STATUSES:
        raise UserInputError.single(
            f"status must be one of {', '.join(STATUSES)}, got {status}.", "input", "status"
        )
    return status
