"""GraphQL error objects in the response's ``errors`` list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import FieldNode, GraphQLError

from mercato.errors import PathElement

AUTHORIZATION = "authorization"
VALIDATION = "validation"
INTERNAL = "internal"


def field_error(
    message: str, nodes: Sequence[FieldNode], path: Sequence[PathElement], category: str
) -> dict[str, Any]:
    error = GraphQLError(
        message, nodes=list(nodes), path=list(path), extensions={"category": category}
    )
    formatted: dict[str, Any] = dict(error.formatted)
    return formatted


def permission_message(permission: str, field_name: str) -> str:
    return f"You need {permission} permission to access {field_name}."


class RequestRejectedError(Exception):
    """The request cannot be executed at all (syntax, validation, limits): HTTP 400."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(e.get("message")) for e in errors))
        self.errors = errors

    @classmethod
    def message(cls, text: str, category: str = VALIDATION) -> RequestRejectedError:
        return cls([{"message": text, "extensions": {"category": category}}])
