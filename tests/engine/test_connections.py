"""Relay connections in the engine, on a test schema that adds ``marketConnection``.

No root field of the first domain is a connection, so the convention is exercised here on
markets; the catalog's ``productConnection`` and friends use the same machinery."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.api.build import sdl_sources
from mercato.api.caller import IntegrationExternalIds, RequestServices
from mercato.api.mutations import MUTATIONS
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.auth.services import authenticate, create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.graphql.connections import CursorError, decode_cursor, decode_cursor_key, encode_cursor
from mercato.graphql.context import RequestContext
from mercato.graphql.engine import Engine
from mercato.graphql.errors import RequestRejectedError
from mercato.graphql.executor import Executor
from mercato.graphql.fieldmap import RootConnection, RootList
from mercato.graphql.limits import DocumentLimits
from mercato.graphql.schema import load_schema
from mercato.settings import Settings

CONNECTION_SDL = """
type MarketEdge { cursor: String! node: Market! }
type MarketConnection { totalCount: Int! pageInfo: PageInfo! edges: [MarketEdge!]! }
extend type Query {
  marketConnection(where: MarketFilter, sort: [MarketSort!] = [id_ASC], first: Int, after: String,
                   last: Int, before: String): MarketConnection @permission(name: "Market:read")
}
"""


@pytest.fixture
def run(database: Database) -> Any:
    settings = Settings(database_url="sqlite://", environment="test")
    markets = ROOTS["markets"]
    assert isinstance(markets, RootList)
    roots = {**ROOTS, "marketConnection": RootConnection("Market", markets.filters, markets.sorts)}
    schema = load_schema([*sdl_sources(), CONNECTION_SDL])
    engine = Engine(
        schema,
        Executor(schema, OBJECT_MAPS, roots, MUTATIONS),
        DocumentLimits(12, 30, 50),
        150_000,
        10,
    )
    token = create_token(
        Writer.system(database), name="t", permissions=["Market:read"], environment="test"
    ).token
    identity = authenticate(database, token, environment="test")

    def execute(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        prepared = engine.prepare(query, None, variables, identity.grants)
        dialect = database.sql
        context = RequestContext(
            database,
            dialect,
            identity.grants,
            IntegrationExternalIds(None, dialect.placeholder),
            services=RequestServices(identity, database, settings),
        )
        response = engine.execute(prepared, context)
        response["complexity"] = prepared.complexity
        return response

    return execute


PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  marketConnection(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name } }
  }
}"""


def _names(response: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in response["data"]["marketConnection"]["edges"]]


def test_forward_paging_walks_the_whole_list(run: Any) -> None:
    first = run(PAGE, {"first": 3})
    connection = first["data"]["marketConnection"]
    assert connection["totalCount"] == 4
    assert _names(first) == ["Sweden", "USA", "World"]
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["pageInfo"]["hasPreviousPage"] is False
    second = run(PAGE, {"first": 3, "after": connection["pageInfo"]["endCursor"]})
    assert _names(second) == ["Amazon"]
    assert second["data"]["marketConnection"]["pageInfo"]["hasNextPage"] is False
    assert second["data"]["marketConnection"]["pageInfo"]["hasPreviousPage"] is True


def test_backward_paging(run: Any) -> None:
    last = run(PAGE, {"last": 2})
    assert _names(last) == ["World", "Amazon"]
    before = run(
        PAGE, {"last": 1, "before": last["data"]["marketConnection"]["pageInfo"]["startCursor"]}
    )
    assert _names(before) == ["USA"]


def test_filters_and_sort_apply(run: Any) -> None:
    response = run(
        '{ marketConnection(where: {name: {contains: "a"}}, sort: [name_DESC]) { totalCount edges { node { name } } } }'
    )
    assert response["data"]["marketConnection"]["totalCount"] == 2
    assert _names(response) == ["USA", "Amazon"]


def test_edges_multiply_the_complexity_by_the_page_size(run: Any) -> None:
    small = run("{ marketConnection(first: 2) { edges { node { name } } } }")["complexity"]
    large = run("{ marketConnection(first: 100) { edges { node { name } } } }")["complexity"]
    assert large > small * 20


def test_bad_cursors_and_sizes_are_errors(run: Any) -> None:
    response = run('{ marketConnection(after: "bm9wZQ==") { totalCount } }')
    assert response["data"] == {"marketConnection": None}
    assert "not a cursor" in response["errors"][0]["message"]
    with pytest.raises(RequestRejectedError, match="first must be between 1 and 200"):
        run("{ marketConnection(first: 500) { totalCount } }")


def test_cursors_round_trip() -> None:
    assert decode_cursor(encode_cursor(41)) == 41


def test_cursors_of_a_list_sorted_by_its_key_carry_the_key() -> None:
    assert decode_cursor_key(encode_cursor(41, 7)) == (41, 7)
    assert decode_cursor_key(encode_cursor(41)) == (41, None)
    with pytest.raises(CursorError):
        decode_cursor_key(encode_cursor(41).rstrip("=") + "x")


def test_a_page_after_a_keyed_cursor_starts_at_the_key(run: Any) -> None:
    first = run(PAGE, {"first": 2})
    end = first["data"]["marketConnection"]["pageInfo"]["endCursor"]
    ids = [
        decode_cursor_key(edge["cursor"])[1] for edge in first["data"]["marketConnection"]["edges"]
    ]
    assert decode_cursor_key(end) == (1, ids[-1])
    keyed = run(PAGE, {"first": 2, "after": end})
    # The position-only cursor of the same row (the format given out before) pages alike.
    by_position = run(PAGE, {"first": 2, "after": encode_cursor(1)})
    assert _names(keyed) == _names(by_position) == ["World", "Amazon"]
    assert keyed["data"] == by_position["data"]
    assert keyed["data"]["marketConnection"]["pageInfo"]["hasPreviousPage"] is True


def test_a_keyed_cursor_descending(run: Any) -> None:
    query = """query($after: String) {
      marketConnection(sort: [id_DESC], first: 1, after: $after) { edges { cursor node { name } } }
    }"""
    first = run(query)
    assert _names(first) == ["Amazon"]
    second = run(query, {"after": first["data"]["marketConnection"]["edges"][0]["cursor"]})
    assert _names(second) == ["World"]


def test_cursors_of_other_sorts_are_positions(run: Any) -> None:
    response = run(
        "{ marketConnection(sort: [name_ASC], first: 2) { pageInfo { endCursor } edges { cursor node { id } } } }"
    )
    connection = response["data"]["marketConnection"]
    assert [decode_cursor_key(e["cursor"]) for e in connection["edges"]] == [(0, None), (1, None)]
    after = run(
        "query($after: String) { marketConnection(sort: [name_ASC], first: 2, after: $after) "
        "{ edges { node { name } } } }",
        {"after": connection["pageInfo"]["endCursor"]},
    )
    assert _names(after) == ["USA", "World"]


def test_has_next_page_without_a_count(run: Any, database: Database) -> None:
    statements: list[str] = []
    database.add_statement_listener(statements.append)
    try:
        page = run(
            "{ marketConnection(first: 3) { pageInfo { hasNextPage } edges { node { name } } } }"
        )
        last = run(
            "{ marketConnection(first: 4) { pageInfo { hasNextPage } edges { node { name } } } }"
        )
    finally:
        database.remove_statement_listener(statements.append)
    assert page["data"]["marketConnection"]["pageInfo"]["hasNextPage"] is True
    assert last["data"]["marketConnection"]["pageInfo"]["hasNextPage"] is False
    assert not [s for s in statements if "count(*)" in s]
