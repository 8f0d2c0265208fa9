"""Uniqueness of brand, collection and category uris; the uri rules themselves are in
``mercato.uris``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, Table, select

from mercato.errors import UserInputError
from mercato.uris import first_free, uri_from_name, valid_uri

__all__ = ["unique_uri", "valid_uri"]


def unique_uri(
    connection: Connection,
    table: Table,
    name: str,
    given: str | None,
    *,
    exclude: int | None,
    clash: str,
    scope: Sequence[ColumnElement[bool]] = (),
    member: str = "uri",
) -> str:
    """The uri to store: ``given`` (already valid) unless another row within ``scope`` has it
    (a userError, ``clash``), or one generated from the name and numbered until it is free."""

    def taken(uri: str) -> bool:
        query = select(table.c.id).where(table.c.uri == uri, *scope)
        if exclude is not None:
            query = query.where(table.c.id != exclude)
        return connection.execute(query).first() is not None

    if given is None:
        return first_free(uri_from_name(name, ("input", "name")), taken)
    if taken(given):
        raise UserInputError.single(clash, "input", member)
    return given
