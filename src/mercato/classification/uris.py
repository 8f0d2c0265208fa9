"""URIs of brands, collections and categories (reference 2.7): generated from the name when
omitted, regenerated when an update sends an empty string, validated (never sanitized) when
given."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from sqlalchemy import ColumnElement, Connection, Table, select

from mercato.errors import PathElement, UserInputError

MAX_URI_LENGTH = 255

_VALID = re.compile(r"[a-z0-9_-]*[a-z0-9][a-z0-9_-]*")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def valid_uri(uri: str, path: tuple[PathElement, ...]) -> str:
    """The given uri, or a userError saying which characters it may hold."""
    if len(uri) > MAX_URI_LENGTH:
        raise UserInputError.single(f"A uri has at most {MAX_URI_LENGTH} characters.", *path)
    if _VALID.fullmatch(uri) is None:
        raise UserInputError.single(
            f'"{uri}" is not a valid uri: use lowercase letters a-z, digits, "-" and "_" '
            "(or leave uri out to generate it from the name).",
            *path,
        )
    return uri


def uri_from_name(name: str, path: tuple[PathElement, ...]) -> str:
    """``"Tröjor & Toppar"`` -> ``"trojor-toppar"``: ascii, lowercase, words joined by dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    uri = _SEPARATORS.sub("-", ascii_name.lower()).strip("-")[:MAX_URI_LENGTH].rstrip("-")
    if not uri:
        raise UserInputError.single(
            f'No uri can be generated from the name "{name}": give a uri.', *path
        )
    return uri


def first_free(uri: str, taken: Callable[[str], bool]) -> str:
    """``uri``, or ``uri-2``, ``uri-3``... : the first one ``taken`` says is free. Only
    generated uris get a suffix; a given uri that is taken is a userError."""
    candidate = uri
    number = 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = uri[: MAX_URI_LENGTH - len(suffix)] + suffix
    return candidate


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
