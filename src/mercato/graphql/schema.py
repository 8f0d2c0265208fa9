"""Build the executable schema from SDL and read each field's permission and cost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    ValueNode,
    build_schema,
    is_list_type,
    is_non_null_type,
    value_from_ast_untyped,
)
from graphql.language import StringValueNode


@dataclass(frozen=True)
class FieldMeta:
    """What the SDL's directives say about one field."""

    permission: str | None
    weight: int | None
    list_size: int | None


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError("DateTimeTz must be a string such as 2026-11-26T18:00:00+00:00.")
    text = value.strip().replace(" ", "T", 1) if " " in value.strip() else value.strip()
    try:
        parsed = datetime.fromisoformat(text)
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        # Reject moments that exist only in their own offset (year 1 or 9999 at the edge).
        parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise TypeError(
            f"DateTimeTz cannot represent {value!r}: use ISO 8601, e.g. 2026-11-26T18:00:00+01:00."
        ) from None
    return parsed


def _parse_datetime_literal(node: ValueNode, _variables: Any = None) -> datetime:
    if not isinstance(node, StringValueNode):
        raise TypeError("DateTimeTz literals must be strings.")
    return _parse_datetime(node.value)


def _parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError("Date must be a string such as 2026-11-26.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TypeError(f"Date cannot represent {value!r}: use YYYY-MM-DD.") from None


def _parse_date_literal(node: ValueNode, _variables: Any = None) -> date:
    if not isinstance(node, StringValueNode):
        raise TypeError("Date literals must be strings.")
    return _parse_date(node.value)


def _serialize_passthrough(value: Any) -> Any:
    # Values are rendered as ISO strings by the field map before they reach GraphQL.
    return value.isoformat() if isinstance(value, datetime | date) else value


def load_schema(sdl_sources: Iterable[str]) -> GraphQLSchema:
    schema = build_schema("\n".join(sdl_sources))
    date_time = schema.type_map["DateTimeTz"]
    date_type = schema.type_map["Date"]
    assert isinstance(date_time, GraphQLScalarType)
    assert isinstance(date_type, GraphQLScalarType)
    # graphql-core copies parse_value/serialize into coerce_input_value/coerce_output_value
    # when a scalar is built, so both names are set here.
    for scalar, parse_value, parse_literal in (
        (date_time, _parse_datetime, _parse_datetime_literal),
        (date_type, _parse_date, _parse_date_literal),
    ):
        scalar.parse_value = parse_value  # type: ignore[method-assign]
        scalar.coerce_input_value = parse_value
        scalar.parse_literal = parse_literal  # type: ignore[method-assign,assignment]
        scalar.serialize = _serialize_passthrough  # type: ignore[method-assign]
        scalar.coerce_output_value = _serialize_passthrough
    return schema


def field_meta(field: GraphQLField) -> FieldMeta:
    permission: str | None = None
    weight: int | None = None
    list_size: int | None = None
    node = field.ast_node
    for directive in (node.directives or ()) if node is not None else ():
        arguments = {
            a.name.value: value_from_ast_untyped(a.value) for a in directive.arguments or ()
        }
        if directive.name.value == "permission":
            permission = str(arguments["name"])
        elif directive.name.value == "cost":
            weight = arguments.get("weight")
            list_size = arguments.get("listSize")
    return FieldMeta(permission, weight, list_size)


def field_metas(schema: GraphQLSchema) -> dict[tuple[str, str], FieldMeta]:
    """Every object field's metadata, keyed by (type name, field name)."""
    metas: dict[tuple[str, str], FieldMeta] = {}
    for type_name, graphql_type in schema.type_map.items():
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__"):
            for name, field in graphql_type.fields.items():
                metas[type_name, name] = field_meta(field)
    return metas


def unwrap_list(type_: Any) -> tuple[bool, Any]:
    """(is it a list, the type inside the list and non-null wrappers)."""
    inner = type_.of_type if is_non_null_type(type_) else type_
    if is_list_type(inner):
        item = inner.of_type
        return True, item.of_type if is_non_null_type(item) else item
    return False, inner
