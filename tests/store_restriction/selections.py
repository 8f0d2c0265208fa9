"""Selections generated from the schema, and what a response shows of another store.

``selection(type, depth)`` selects ``__typename`` and ``id`` of every object reachable from a
type to ``depth`` relations (connections and edges do not count; abstract types through a
fragment per possible type; ``totalCount`` of connections; the texts of store-scoped rows
without an id, such as translations). ``shown(response)`` walks a response for the (type, id) of every
object in it, and ``foreign_rows`` asks the database, for every type that has a store scope
(``mercato.db.ownership``), which of its rows the scope hides from a store: a response to a
token restricted to that store must name none of them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

from mercato.api.objects import OBJECT_MAPS
from mercato.db.database import Database
from mercato.db.ownership import store_scopes

#: How many relations deep the generated selections go below the root (or payload) field.
DEPTH = 3

Edge = tuple[str, str]


def _transparent(type_name: str) -> bool:
    """Relay wrappers, which do not count as a level."""
    return type_name.endswith(("Connection", "Edge")) or type_name == "PageInfo"


def selection(
    schema: GraphQLSchema, type_name: str, depth: int = DEPTH, edges: set[Edge] | None = None
) -> str:
    """``{ __typename id <every object field { ... }> }`` down to ``depth`` relations; the
    (type, field) relations it selects are added to ``edges`` when given."""
    named = schema.type_map[type_name]
    parts = ["__typename"]
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        for possible in schema.get_possible_types(named):
            parts.append(f"... on {possible.name} {selection(schema, possible.name, depth, edges)}")
        return "{ " + " ".join(parts) + " }"
    assert isinstance(named, GraphQLObjectType), type_name
    if "id" in named.fields:
        parts.append("id")
    if "totalCount" in named.fields:
        parts.append("totalCount")
    if "id" not in named.fields and type_name in store_scopes():
        # Rows without an id (translations, display relations) are told by their texts.
        parts.extend(
            name
            for name, field in named.fields.items()
            if is_leaf_type(get_named_type(field.type)) and not field.args
        )
    for name, field in named.fields.items():
        target = get_named_type(field.type)
        if is_leaf_type(target):
            continue
        below = depth if _transparent(target.name) else depth - 1
        if below < 0:
            continue
        if edges is not None:
            edges.add((type_name, name))
        parts.append(f"{name} {selection(schema, target.name, below, edges)}")
    return "{ " + " ".join(parts) + " }"


def object_edges(schema: GraphQLSchema) -> set[Edge]:
    """Every (object type, field) of the schema whose field leads to objects, outside the
    root types."""
    roots = {schema.query_type.name, schema.mutation_type.name}  # type: ignore[union-attr]
    return {
        (name, field_name)
        for name, named in schema.type_map.items()
        if isinstance(named, GraphQLObjectType) and not name.startswith("__") and name not in roots
        for field_name, field in named.fields.items()
        if not is_leaf_type(get_named_type(field.type))
    }


def shown(value: Any) -> Iterator[tuple[str, Any]]:
    """(__typename, id) of every object in a response value that has both."""
    if isinstance(value, dict):
        if "__typename" in value and value.get("id") is not None:
            yield value["__typename"], value["id"]
        for member in value.values():
            yield from shown(member)
    elif isinstance(value, list):
        for item in value:
            yield from shown(item)


def miscounts(value: Any) -> Iterator[tuple[int, int]]:
    """(totalCount, edges) of every connection in a response whose count is not the number
    of its edges (the generated reads page nothing: the world's lists fit in one page)."""
    if isinstance(value, dict):
        edges = value.get("edges")
        if "totalCount" in value and isinstance(edges, list) and value["totalCount"] != len(edges):
            yield value["totalCount"], len(edges)
        for member in value.values():
            yield from miscounts(member)
    elif isinstance(value, list):
        for item in value:
            yield from miscounts(item)


def foreign_rows(database: Database, store_id: int) -> dict[str, set[Any]]:
    """Per type with a store scope, the keys of its rows the scope hides from ``store_id``
    (the rows a token restricted to that store must never be shown)."""
    placeholder = database.sql.placeholder
    hidden: dict[str, set[Any]] = {}
    with database.read() as reader:
        for type_name, scope in sorted(store_scopes().items()):
            object_map = OBJECT_MAPS.get(type_name)
            if object_map is None:
                continue
            predicate, _ = scope.sql("t", placeholder)
            sql = f"SELECT t.{object_map.key} FROM {object_map.table} t WHERE NOT ({predicate})"
            rows = reader.fetch_all(sql, scope.parameters(store_id))
            hidden[type_name] = {row[0] for row in rows}
    return hidden


def leaks(response: Mapping[str, Any], hidden: Mapping[str, set[Any]]) -> list[tuple[str, Any]]:
    """The (type, id) in ``response`` that belong to rows hidden from the token."""
    found = []
    for type_name, object_id in shown(response):
        rows = hidden.get(type_name)
        if rows is None:
            continue
        key = int(object_id) if isinstance(object_id, str) and object_id.isdigit() else object_id
        if key in rows:
            found.append((type_name, object_id))
    return sorted(set(found), key=repr)
