"""The write matrix: every mutation of the schema, tried by a token restricted to store 1 that
holds every permission (cases in ``write_cases.py``).

- Against store 2's objects and references (by id and by external id): refused with
  userErrors, nothing changed (a digest of every table before and after), and answered word
  for word like the same request naming an unknown object. Every input member referencing a
  store-scoped type is tried (checked from the schema).
- Against any shared type: refused by the write kernel, nothing changed.
- Beyond the token's own rights (a brand another store shows, a token outliving its maker,
  another integration, an external id naming another store's object): refused.
- In its own store: allowed, its payload reads back what it wrote, the changes it records in
  the outbox carry its store, and between the allowed cases every table of a type that is
  not shared is written.
- Every payload is read with a selection generated from the schema (``__typename`` and ``id``
  of everything below it) and shows nothing of another store.

A new mutation without a case fails ``test_every_mutation_has_a_case``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLInputObjectType, GraphQLObjectType, get_named_type, is_leaf_type

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.db.ownership import OWNERSHIP, Kind, store_scopes
from tests.store_restriction.selections import DEPTH, foreign_rows, leaks, selection
from tests.store_restriction.snapshot import changed, snapshot
from tests.store_restriction.world import RETAIL, WHOLESALE, World
from tests.store_restriction.write_cases import (
    CASES,
    UNKNOWN_EXTERNAL_ID,
    UNKNOWN_ID,
    Allowed,
    Foreign,
    Form,
    Refused,
    Shared,
)

SCHEMA = build_schema()
assert SCHEMA.mutation_type is not None
MUTATIONS = SCHEMA.mutation_type.fields

#: The write kernel's refusal of a shared type to a store-restricted token.
SHARED_REFUSAL = "This token is restricted to one store"

#: Types no mutation writes (reference data, or bookkeeping): every other type that is not
#: shared must be written by an allowed case.
NOT_WRITTEN = {"Store", "AllocationRule", "RateLimit"}


#: How deep refused writes' payloads are read: the engine answers a refused write with null
#: objects, so one level shows whatever a payload would wrongly carry; allowed writes' payloads
#: are read as deep as the read matrix reads root fields.
REFUSED_PAYLOAD_DEPTH = 1


def _document(
    mutation: str, call: str, definitions: str, depth: int = REFUSED_PAYLOAD_DEPTH
) -> str:
    payload = get_named_type(MUTATIONS[mutation].type).name
    head = f"mutation({definitions})" if definitions else "mutation"
    body = selection(SCHEMA, payload, depth)
    messages = "userErrors { message path } userWarnings { message path }"
    return f"{head} {{ {call} {body[:-1]} {messages} }} }}"


def _attempts(kind: type) -> Iterator[tuple[str, Any]]:
    for mutation, case in sorted(CASES.items()):
        for attempt in case.attempts:
            if isinstance(attempt, kind):
                yield mutation, attempt


def _forms(world: World, attempt: Foreign) -> list[tuple[Any, Any]]:
    """(the other store's object, an unknown one) in each form the attempt names its
    target."""
    target = attempt.target
    other = world.wholesale if attempt.by == RETAIL else world.retail
    object_id = getattr(other, target.attribute)
    external = other.external(target.external) if target.external else None
    if attempt.form is Form.STORE:
        return [({"id": object_id}, {"id": UNKNOWN_ID})]
    if attempt.form is Form.ID:
        return [(object_id, UNKNOWN_ID)]
    if attempt.form is Form.EXTERNAL_ID:
        assert external is not None, target
        return [(external, UNKNOWN_EXTERNAL_ID)]
    forms: list[tuple[Any, Any]] = [({"id": object_id}, {"id": UNKNOWN_ID})]
    if external is not None:
        forms.append(({"externalId": external}, {"externalId": UNKNOWN_EXTERNAL_ID}))
    return forms


def _normalized(payload: dict[str, Any], value: Any) -> list[tuple[str, str, Any]]:
    """The userErrors and userWarnings with the value naming the target replaced, to compare
    two answers."""
    names = [str(v) for v in (value.values() if isinstance(value, dict) else [value])]
    result = []
    for kind in ("userErrors", "userWarnings"):
        for message in payload[kind]:
            text = message["message"]
            for name in names:
                text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", "<target>", text)
            result.append((kind, text, message["path"]))
    return result


class Matrix:
    """Runs attempts and records what went wrong."""

    def __init__(
        self, world: World, store: int = RETAIL, state: dict[str, dict[str, str]] | None = None
    ) -> None:
        self.world = world
        self.api = world.api
        self.token = world.restricted_to(store)
        self.hidden = foreign_rows(self.api.database, store)
        #: A text only the other store's rows hold (its display's translation).
        self.foreign_text = (world.wholesale if store == RETAIL else world.retail).translation
        self.failures: list[str] = []
        #: The digest of every table after the last request (shared by matrices that write
        #: one database in turn).
        self.state: dict[str, dict[str, str]] = {} if state is None else state

    def run(self, label: str, mutation: str, document: str, variables: dict[str, Any]) -> Any:
        response = self.api.query(document, variables, token=self.token)
        if response.status != 200 or response.errors:
            self.failures.append(f"{label}: {response.status} {response.errors[:2]}")
            return None
        payload = response.data[mutation]
        shown = leaks(payload, self.hidden)
        if shown:
            self.failures.append(f"{label}: the payload shows {shown}")
        if self.foreign_text in json.dumps(payload):
            self.failures.append(f"{label}: the payload shows {self.foreign_text!r}")
        return payload

    def unchanged(
        self, label: str, mutation: str, document: str, variables: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The payload of a request that must change nothing (compared with the state after
        the previous request, so one digest per request)."""
        state = self.state
        if "digest" not in state:
            state["digest"] = snapshot(self.api.database)
        payload = self.run(label, mutation, document, variables)
        after = snapshot(self.api.database)
        if changed(state["digest"], after):
            self.failures.append(f"{label}: changed {changed(state['digest'], after)}")
            state["digest"] = after
        return payload  # type: ignore[no-any-return]

    def refused(
        self, label: str, mutation: str, document: str, variables: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        """The userErrors of a request that must be refused and change nothing."""
        payload = self.unchanged(label, mutation, document, variables)
        if payload is None:
            return None
        errors: list[dict[str, Any]] = payload["userErrors"]
        if not errors:
            self.failures.append(f"{label}: not refused")
            return None
        return errors


def _unreadable(mutation: str, payload: dict[str, Any]) -> list[str]:
    """The payload's object members that came back null."""
    payload_type = get_named_type(MUTATIONS[mutation].type)
    assert isinstance(payload_type, GraphQLObjectType)
    return [
        name
        for name, field in payload_type.fields.items()
        if name not in ("userErrors", "userWarnings")
        and not is_leaf_type(get_named_type(field.type))
        and payload[name] is None
    ]


def test_every_mutation_has_a_case() -> None:
    assert set(CASES) == set(MUTATIONS)
    for mutation, case in CASES.items():
        assert case.attempts, mutation


def _references(type_: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, type) of every member of an input naming an object of a store-scoped type or an
    access token (``<Type>Input`` of ``id``/``externalId``/``code`` members)."""
    named = get_named_type(type_)
    if not isinstance(named, GraphQLInputObjectType):
        return
    target = named.name.removesuffix("Input")
    if "id" in named.fields and set(named.fields) <= {"id", "externalId", "code"}:
        if target in store_scopes() or target == "AccessToken":
            yield path, target
        return
    for name, field in named.fields.items():
        yield from _references(field.type, (*path, name))


def test_every_reference_to_another_stores_object_is_tried() -> None:
    """Generated from the schema: in every mutation that is not refused outright (shared), each
    input member referencing a store-scoped type, and the ``id``/``externalId`` arguments naming
    the object to change, are named by a ``Foreign`` attempt (``<member>: $target``)."""
    untried = []
    for mutation, field in sorted(MUTATIONS.items()):
        attempts = [a for a in CASES[mutation].attempts if isinstance(a, Foreign)]
        if not attempts and all(isinstance(a, Shared) for a in CASES[mutation].attempts):
            continue
        members = [
            path[-1]
            for name, argument in field.args.items()
            for path, _ in _references(argument.type, (name,))
        ]
        members += [name for name in ("id", "externalId") if name in field.args]
        for member in members:
            pattern = rf"\b{member}: (\[|\{{id: )?\$target\b"
            if not any(re.search(pattern, a.call) for a in attempts):
                untried.append(f"{mutation}: {member}")
    assert not untried, f"no Foreign attempt names another store's object at {untried}"


def test_writes_naming_another_stores_objects_are_refused_like_unknown_ones(
    world: World,
) -> None:
    state: dict[str, dict[str, str]] = {}
    matrices = {store: Matrix(world, store, state) for store in (RETAIL, WHOLESALE)}
    tries = 0
    for mutation, attempt in _attempts(Foreign):
        matrix = matrices[attempt.by]
        document = _document(mutation, attempt.call, attempt.definitions)
        for foreign, unknown in _forms(world, attempt):
            tries += 1
            label = f"{mutation} naming another store's {attempt.target.type_name} {foreign}"
            foreign_answer = matrix.unchanged(
                label, mutation, document, attempt.variables(world, foreign)
            )
            unknown_answer = matrix.unchanged(
                f"{mutation} naming {unknown}",
                mutation,
                document,
                attempt.variables(world, unknown),
            )
            if foreign_answer is None or unknown_answer is None:
                continue
            if not attempt.idempotent and not foreign_answer["userErrors"]:
                matrix.failures.append(f"{label}: not refused")
            if _normalized(foreign_answer, foreign) != _normalized(unknown_answer, unknown):
                matrix.failures.append(
                    f"{label}: answered {_normalized(foreign_answer, foreign)}, an unknown "
                    f"one {_normalized(unknown_answer, unknown)}"
                )
    failures = [failure for matrix in matrices.values() for failure in matrix.failures]
    assert not failures, "\n".join(failures)
    assert tries >= len([1 for _ in _attempts(Foreign)])


def test_writes_of_shared_types_are_refused(world: World) -> None:
    matrix = Matrix(world)
    for mutation, attempt in _attempts(Shared):
        document = _document(mutation, attempt.call, attempt.definitions)
        errors = matrix.refused(mutation, mutation, document, attempt.variables(world))
        if errors is not None and not any(SHARED_REFUSAL in e["message"] for e in errors):
            matrix.failures.append(f"{mutation}: refused otherwise: {errors}")
    assert not matrix.failures, "\n".join(matrix.failures)


def test_writes_beyond_the_tokens_own_rights_are_refused(world: World) -> None:
    matrix = Matrix(world)
    for mutation, attempt in _attempts(Refused):
        document = _document(mutation, attempt.call, attempt.definitions)
        errors = matrix.refused(mutation, mutation, document, attempt.variables(world))
        if errors is not None and not any(
            attempt.says.lower() in e["message"].lower() for e in errors
        ):
            matrix.failures.append(f"{mutation}: refused otherwise: {errors}")
    assert not matrix.failures, "\n".join(matrix.failures)


def test_a_restricted_token_writes_its_own_stores_objects(world: World) -> None:
    """Store 1's token, then store 2's (price alterations belong to wholesale stores). Between
    them they write every table of a type that is not shared (``mercato.db.ownership``)."""
    written: set[str] = set()
    for store in (RETAIL, WHOLESALE):
        matrix = Matrix(world, store)
        viewer = world.api.ok("{ viewer { id } }", token=matrix.token)["viewer"]["id"]
        for mutation, attempt in _attempts(Allowed):
            if attempt.store != store:
                continue
            document = _document(mutation, attempt.call, attempt.definitions, DEPTH)
            before = snapshot(world.api.database)
            payload = matrix.run(mutation, mutation, document, attempt.variables(world))
            written.update(changed(before, snapshot(world.api.database)))
            if payload is not None and payload["userErrors"]:
                matrix.failures.append(f"{mutation}: refused {payload['userErrors']}")
            elif payload is not None and _unreadable(mutation, payload):
                # What a token writes, it can read back.
                matrix.failures.append(
                    f"{mutation}: the payload hides {_unreadable(mutation, payload)}"
                )
        assert not matrix.failures, "\n".join(matrix.failures)
        with world.api.database.read() as reader:
            changes = reader.fetch_all(
                "SELECT object_type, store_id FROM outbox WHERE token_id = "
                f"{world.api.database.sql.placeholder}",
                [int(viewer)],
            )
        elsewhere = {(t, s) for t, s in changes if s not in (store, None)}
        assert not elsewhere, f"store {store}'s token recorded changes of {elsewhere}"
    tables = {
        OBJECT_MAPS[name].table
        for name, ownership in OWNERSHIP.items()
        if (ownership.kind is not Kind.SHARED or ownership.scope is not None)
        and name not in NOT_WRITTEN
        # Value types (a migration's result, an upload's policy) have no table of their own.
        and name in OBJECT_MAPS
        and not OBJECT_MAPS[name].table.startswith("(")
    }
    assert tables - written == set(), f"no allowed case writes {sorted(tables - written)}"
