"""Relay connections in the engine, on a test schema that adds ``marketConnection``.

No root field of the first domain is a connection, so the convention is exercised here on
markets; the catalog's ``productConnection`` and friends use the same machinery."""

from __future__ import annotations

from typing import Any

import pytest

from mercato.api.build import sdl_sources
from mercato.api.caller import Caller, IntegrationExternalIds
from mercato.api.mutations import MUTATIONS
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.auth.services import authenticate, create_token
from mercato.db.database import Database
from mercato.graphql.connections import decode_cursor, encode_cursor
from mercato.graphql.context import RequestContext
from mercato.graphql.dialect import SqlDialect
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
    token = create_token(database, name="t", permissions=["Market:read"], environment="test").token
    identity = authenticate(database, token, environment="test")

    def execute(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        prepared = engine.prepare(query, None, variables, identity.grants)
        dialect = SqlDialect(database.dialect)
        context = RequestContext(
            database,
            dialect,
            identity.grants,
            IntegrationExternalIds(None, dialect.placeholder),
            services=Caller(identity, database, settings),
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
