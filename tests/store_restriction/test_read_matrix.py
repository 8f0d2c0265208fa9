"""The read matrix: every root field of the schema, read by a token restricted to one store
holding every permission, shows no row of another store.

Each root field is queried with a selection generated from the schema (``__typename`` and
``id`` of every object reachable below it, abstract types through fragments): lists three
relations deep, single-object root fields one level deep once per row of their type and once
per external id. The response is walked, and any (type, id) that the type's store scope
(``mercato.db.ownership``) hides from the token's store fails the test, as does a connection
whose ``totalCount`` counts more than it lists. Store 1's token reads three levels deep, store
2's two (the other direction, and a wholesale store's price alterations, which store 1 cannot
have); each must reach its own store's rows of every scoped type, so an unscoped path would
have shown the other store's. A new root field is covered as it comes; one needing an argument
the generator cannot supply, or returning leaves, fails until it gets an entry below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from graphql import GraphQLSchema, get_named_type, is_leaf_type, is_non_null_type

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.catalog.media import encode_queue_id
from mercato.db.ownership import ownership_of, store_scopes
from mercato.graphql.fieldmap import RootOne
from tests.store_restriction.selections import (
    DEPTH,
    foreign_rows,
    leaks,
    miscounts,
    object_edges,
    selection,
    shown,
)
from tests.store_restriction.world import RETAIL, WHOLESALE, World

SCHEMA = build_schema()
#: Single-object roots read each row of their type; what lies below them is the same relation
#: reads the lists go through three levels deep, so one level is enough there.
SINGLE_OBJECT_DEPTH = 1

#: Arguments the generator cannot derive (it derives ``id`` and ``externalId``).
ROOT_ARGUMENTS: dict[str, Callable[[World], list[dict[str, Any]]]] = {
    "mediaBatch": lambda world: [{"queueId": encode_queue_id([world.media])}],
}


def _integration_names_of_other_stores(world: World, store: int, names: list[str]) -> list[str]:
    """Those of ``names`` that no token of ``store`` has."""
    with world.api.database.read() as reader:
        rows = reader.fetch_all(
            f"SELECT integration_name FROM access_tokens WHERE store_id = {store}"
        )
    return sorted(set(names) - {row[0] for row in rows})


#: Root fields returning leaves, and what shows another store's data in their answer.
LEAF_ROOTS: dict[str, Callable[[World, int, Any], list[Any]]] = {
    "integrationNames": _integration_names_of_other_stores,
    "permissionNames": lambda _world, _store, _names: [],  # the permission vocabulary, store-free
}


def _object_roots(schema: GraphQLSchema) -> dict[str, str]:
    """Root fields returning objects, and their (named) type."""
    assert schema.query_type is not None
    return {
        name: get_named_type(field.type).name
        for name, field in schema.query_type.fields.items()
        if not is_leaf_type(get_named_type(field.type))
    }


def _argument_sets(world: World, root: str, type_name: str) -> list[dict[str, Any]]:
    """The arguments each read of ``root`` takes: none for a list; for a single object, each
    row of its type by id and each external id of the world's integration."""
    field = SCHEMA.query_type.fields[root]  # type: ignore[union-attr]
    if root in ROOT_ARGUMENTS:
        return ROOT_ARGUMENTS[root](world)
    sets: list[dict[str, Any]] = []
    with world.api.database.read() as reader:
        if "id" in field.args:
            object_map = OBJECT_MAPS[type_name]
            rows = reader.fetch_all(f"SELECT t.{object_map.key} FROM {object_map.table} t")
            sets += [{"id": row[0]} for row in rows]
        if "externalId" in field.args:
            spec = ROOTS[root]
            assert isinstance(spec, RootOne), root
            rows = reader.fetch_all(
                "SELECT external_id FROM id_conversions WHERE integration_name = 'qa' "
                f"AND object_type = '{spec.id_conversion_type or spec.type_name}'"
            )
            sets += [{"externalId": row[0]} for row in rows]
    if "id" in field.args or "externalId" in field.args:
        assert sets, f"the world has no {type_name} to read by {root}"
    return sets or [{}]


def _depth(root: str, depth: int = DEPTH) -> int:
    arguments = SCHEMA.query_type.fields[root].args  # type: ignore[union-attr]
    return SINGLE_OBJECT_DEPTH if "id" in arguments or root in ROOT_ARGUMENTS else depth


def _document(root: str, type_name: str, depth: int) -> str:
    field = SCHEMA.query_type.fields[root]  # type: ignore[union-attr]
    definitions = ", ".join(f"${name}: {argument.type}" for name, argument in field.args.items())
    arguments = ", ".join(f"{name}: ${name}" for name in field.args)
    head = f"query({definitions})" if definitions else "query"
    call = f"{root}({arguments})" if arguments else root
    return f"{head} {{ {call} {selection(SCHEMA, type_name, _depth(root, depth))} }}"


def _reads(world: World, depth: int) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for root, type_name in sorted(_object_roots(SCHEMA).items()):
        document = _document(root, type_name, depth)
        for arguments in _argument_sets(world, root, type_name):
            yield root, document, arguments


def test_every_root_field_is_read_by_the_matrix() -> None:
    """Root fields returning leaves need an entry in LEAF_ROOTS; required arguments other
    than id and externalId one in ROOT_ARGUMENTS."""
    assert SCHEMA.query_type is not None
    leaves = {n for n in SCHEMA.query_type.fields if n not in _object_roots(SCHEMA)}
    assert leaves == set(LEAF_ROOTS)
    for name, field in SCHEMA.query_type.fields.items():
        required = {a for a, argument in field.args.items() if is_non_null_type(argument.type)} - {
            "id"
        }
        assert not required or name in ROOT_ARGUMENTS, f"{name} needs ROOT_ARGUMENTS"


def test_the_generated_selections_reach_every_relation() -> None:
    """Every (type, field) leading to objects is selected under some root field (payload
    types' fields under some mutation, test_write_matrix.py)."""
    reached: set[tuple[str, str]] = set()
    for root, type_name in _object_roots(SCHEMA).items():
        selection(SCHEMA, type_name, _depth(root), reached)
    payloads = {
        get_named_type(field.type).name
        for field in SCHEMA.mutation_type.fields.values()  # type: ignore[union-attr]
    }
    reached_types = {type_name for type_name, _ in reached}
    edges = object_edges(SCHEMA)
    # What only payloads lead to (an upload's policy): the write matrix reads those.
    only_in_payloads = set(payloads)
    grew = True
    while grew:
        targets = {
            get_named_type(SCHEMA.get_type(t).fields[f].type).name  # type: ignore[union-attr]
            for t, f in edges
            if t in only_in_payloads
        } - reached_types
        grew = not targets <= only_in_payloads
        only_in_payloads |= targets
    assert {e for e in edges if e[0] not in only_in_payloads} <= reached


def test_the_world_gives_store_2_a_row_of_every_scoped_type(world: World) -> None:
    hidden = foreign_rows(world.api.database, RETAIL)
    empty = sorted(name for name, rows in hidden.items() if not rows)
    assert not empty, f"the world has no row of another store for {empty}"
    for name in hidden:
        assert ownership_of(name).scope is not None


#: Store 1's token reads three levels deep; store 2's (the other direction, and the check that
#: the reads reach a wholesale store's price alterations, which store 1 cannot have) two.
READERS = [(RETAIL, DEPTH), (WHOLESALE, DEPTH - 1)]


@pytest.mark.parametrize(("store", "depth"), READERS)
def test_no_root_field_shows_a_row_of_another_store(world: World, store: int, depth: int) -> None:
    api = world.api
    token = world.restricted_to(store)
    hidden = foreign_rows(api.database, store)
    own, other = (
        (world.retail, world.wholesale) if store == RETAIL else (world.wholesale, world.retail)
    )
    failures: list[str] = []
    reached: set[str] = set()
    texts = False
    for root, document, arguments in _reads(world, depth):
        response = api.query(document, arguments, token=token)
        if response.status != 200 or response.errors:
            failures.append(f"{root}({arguments}): {response.status} {response.errors[:2]}")
            continue
        found = leaks(response.data, hidden)
        if found:
            failures.append(f"{root}({arguments}) shows {found}")
        text = json.dumps(response.data)
        if other.translation in text:
            failures.append(f"{root}({arguments}) shows the other store's display's translation")
        texts = texts or own.translation in text
        counted = list(miscounts(response.data))
        if counted:
            failures.append(f"{root}({arguments}) counts (totalCount, edges) {counted}")
        reached.update(type_name for type_name, _ in shown(response.data))
    for root, check in sorted(LEAF_ROOTS.items()):
        response = api.query(f"{{ {root} }}", token=token)
        assert response.status == 200, response.body
        assert not response.errors, response.errors
        found = check(world, store, response.data[root])
        if found:
            failures.append(f"{root} shows {found}")
    assert not failures, "\n".join(failures)
    # The reads reach the store's own rows of every scoped type it has: the world gives the
    # other store the same objects in the same places, so an unscoped path would show them.
    assert _owned_types(world, store) - reached == set()
    assert texts, "the reads never reach the store's own display's translations"


def _owned_types(world: World, store: int) -> set[str]:
    """Scoped types with an id field of which ``store`` sees a row."""
    visible = set()
    with world.api.database.read() as reader:
        for type_name, scope in store_scopes().items():
            named = SCHEMA.type_map.get(type_name)
            if type_name not in OBJECT_MAPS or "id" not in getattr(named, "fields", {}):
                continue
            object_map = OBJECT_MAPS[type_name]
            predicate, _ = scope.sql("t", world.api.database.sql.placeholder)
            rows = reader.fetch_all(
                f"SELECT 1 FROM {object_map.table} t WHERE {predicate}", scope.parameters(store)
            )
            if rows:
                visible.add(type_name)
    return visible


def test_the_walk_finds_another_stores_rows_when_they_are_shown(world: World) -> None:
    """The matrix's own check, on what an unrestricted token sees."""
    hidden = foreign_rows(world.api.database, RETAIL)
    data = world.api.ok("{ displays { __typename id prices { __typename id } } }")
    assert ("Display", world.wholesale.display) in leaks(data, hidden)
    assert any(type_name == "Price" for type_name, _ in leaks(data, hidden))
