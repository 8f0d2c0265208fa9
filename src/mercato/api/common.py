"""Small helpers every API domain module uses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import orjson

from mercato.api.caller import services_of
from mercato.db.unit_of_work import (
    CREATED_CODEC,
    Codec,
    Created,
    IdempotencyKey,
    Writer,
    fingerprint,
)
from mercato.errors import UserInputError
from mercato.graphql.context import RequestContext
from mercato.graphql.fieldmap import Column, ObjectMap
from mercato.idconversion.references import Reference

Handler = Callable[[RequestContext, dict[str, Any]], dict[str, Any]]
T = TypeVar("T")


def columns(*names: tuple[str, str]) -> dict[str, Column]:
    """``("graphqlName", "column_name")`` pairs as Column field sources."""
    return {field: Column(column) for field, column in names}


def json_strings(text: str) -> list[str]:
    """A JSON-array text column (labels, tags, permissions) as its list of strings."""
    value: list[str] = orjson.loads(text)
    return value


def by_name(*maps: ObjectMap) -> dict[str, ObjectMap]:
    return {m.type_name: m for m in maps}


def ok(**members: Any) -> dict[str, Any]:
    """A successful payload: the given members, no userErrors, no userWarnings."""
    return {"userErrors": [], "userWarnings": [], **members}


def reference(value: Mapping[str, Any] | None) -> Reference | None:
    return Reference.from_input(value)


def required_reference(value: Mapping[str, Any] | None, *path: str | int) -> Reference:
    found = Reference.from_input(value)
    if found is None:
        raise UserInputError.single("A reference is required here.", *path)
    return found


def references(values: list[Mapping[str, Any]] | None) -> tuple[Reference, ...]:
    return tuple(r for r in (Reference.from_input(v) for v in values or ()) if r is not None)


def target(arguments: Mapping[str, Any]) -> Reference:
    """The object a mutation's ``(id, externalId)`` arguments name."""
    if arguments.get("id") is None and arguments.get("externalId") is None:
        raise UserInputError.single("Give id or externalId.", "id")
    if arguments.get("id") is not None:
        return Reference(id=arguments["id"])
    return Reference(external_id=arguments["externalId"])


def idempotency_key(operation: str, data: Mapping[str, Any]) -> IdempotencyKey | None:
    """The input's ``idempotencyKey`` (a Mercato extension), with the fingerprint of the rest
    of the input: the same key with the same input replays the first answer, with another
    input it is refused. Keys belong to the caller's integration (or token)."""
    key = data.get("idempotencyKey")
    if key is None:
        return None
    canonical = _without_nulls({n: v for n, v in data.items() if n != "idempotencyKey"})
    return IdempotencyKey(key, fingerprint(operation, canonical))


def _without_nulls(value: Any) -> Any:
    """The input with null members left out: ``{reason: null}`` and no ``reason`` are the
    same request."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def writer(context: RequestContext) -> Writer:
    """What the request's mutations write through (the database and the caller)."""
    return services_of(context).writer


def create_once(
    context: RequestContext,
    operation: str,
    writes: str,
    data: Mapping[str, Any] | None,
    create: Callable[[Writer], Created],
) -> Created:
    """A create use case (``create(writer)``, the new object's id and warnings) under the
    input's ``idempotencyKey``: see ``once``."""
    return once(context, operation, writes, data, create, CREATED_CODEC)


def once(
    context: RequestContext,
    operation: str,
    writes: str,
    data: Mapping[str, Any] | None,
    use_case: Callable[[Writer], T],
    codec: Codec[T],
) -> T:
    """A use case (``use_case(writer)``) under the input's ``idempotencyKey`` (a Mercato
    extension). The key is claimed in the use case's own transaction (its writer joins the
    unit of work that claims it), so a retry with the same key and input answers with the
    first result (stored by ``codec``) and changes nothing, concurrent retries wait for the
    first, another input with the key is a userError, and a refused request stores no key.
    Without a key the use case runs as it is, in a transaction of its own."""
    key = idempotency_key(operation, data or {})
    if key is None:
        return use_case(writer(context))
    return writer(context).run(
        operation, writes, lambda work: use_case(work.writer), key=key, codec=codec
    )
