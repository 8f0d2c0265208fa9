"""Engine bugs found by the differential tests (and around them): valid requests on which the
compiled engine answered HTTP 500, parsed variables differently from literals, or reported
errors differently from graphql-core."""

from __future__ import annotations

import pytest

from mercato.cli.catalog_demo import generate_catalog
from tests.support import Api


def test_a_null_directive_variable_is_not_an_internal_error(api: Api) -> None:
    # `$skip: Boolean = false` may be used where `if: Boolean!` is expected (it has a
    # default), but an explicit null still reaches @skip: get_directive_values raises while
    # the plan is built, and nothing turns that GraphQLError into a response.
    response = api.query(
        "query($skip: Boolean = false) { stores @skip(if: $skip) { id } }", {"skip": None}
    )

    assert response.status in (200, 400), response.body
    assert any("$skip" in error["message"] for error in response.errors), response.body


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_timestamp_at_the_end_of_the_calendar_is_not_an_internal_error(
    api: Api, moment: str
) -> None:
    # DateTimeTz accepts these, and SqlDialect.timestamp overflows converting them to UTC.
    # (A literal: a variable is not parsed at all, see the last two tests.)
    response = api.query(f'{{ markets(where: {{createdAt: {{from: "{moment}"}}}}) {{ id }} }}')

    assert response.status in (200, 400), response.body


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($s: String!) { stores(where: {name: {contains: $s}}) { id } }", {"s": "a\x00"}),
        ("query($s: [String!]) { countries(where: {code: $s}) { id } }", {"s": ["S\x00"]}),
        ("query($s: String) { market(externalId: $s) { id } }", {"s": "\x00"}),
    ],
)
def test_a_nul_character_in_a_string_argument_is_not_an_internal_error(
    api: Api, query: str, variables: dict[str, object]
) -> None:
    # PostgreSQL refuses NUL in text parameters (psycopg.DataError); SQLite answers.
    response = api.query(query, variables)

    assert response.status in (200, 400), response.body


@pytest.mark.parametrize(
    "query",
    [
        '{ stores(where: {name: {contains: "a\\u{0}"}}) { id } }',
        '{ market(externalId: "\\u{00}") { id } }',
    ],
)
def test_a_nul_character_written_as_a_graphql_escape_is_not_an_internal_error(
    api: Api, query: str
) -> None:
    # The HTTP layer refuses bodies containing the JSON escape \u0000, but GraphQL strings
    # have their own braced escape, \u{0}, which reaches PostgreSQL as NUL all the same.
    response = api.query(query)

    assert response.status in (200, 400), response.body


MARKETS_CREATED_FROM = (
    "query($from: DateTimeTz) { markets(where: {createdAt: {from: $from}}) { id } }"
)


def test_a_timestamp_variable_filters_like_the_same_literal(api: Api) -> None:
    # load_schema replaces DateTimeTz.parse_value after the type was built, but graphql-core
    # 3.3 coerces variables with coerce_input_value (copied from parse_value at build time):
    # the variable reaches the filter as the raw string, which SQLite compares as text.
    created = api.ok("{ markets(limit: 1) { createdAt } }")["markets"][0]["createdAt"]
    literal = api.ok(f'{{ markets(where: {{createdAt: {{from: "{created}"}}}}) {{ id }} }}')

    assert api.ok(MARKETS_CREATED_FROM, {"from": created}) == literal


def test_an_invalid_timestamp_variable_is_refused_like_the_literal(api: Api) -> None:
    response = api.query(MARKETS_CREATED_FROM, {"from": "2026-13-01"})

    assert response.status == 400, response.body
    assert "DateTimeTz cannot represent" in response.errors[0]["message"]


def test_a_fragment_spread_in_two_merged_fields_is_collected_once(api: Api) -> None:
    # PlanBuilder.selection collects each merged node's selection set with a fresh set of
    # visited fragments, so F is collected twice and `comment` gets its node twice: the
    # denial error lists the same location twice (graphql-core shares the visited set across
    # the merged nodes, as graphql-js does).
    query = (
        "{ m: market(id: 1) { ...F } m: market(id: 1) { ...F } } fragment F on Market { comment }"
    )
    response = api.query(query, token=api.token("Market:read"))

    (error,) = response.errors
    assert error["path"] == ["m", "comment"]
    assert error["locations"] == [{"line": 1, "column": query.index("comment") + 1}]


def test_a_bad_filter_on_a_nested_list_nulls_only_that_list(api: Api) -> None:
    # Executor._fetch_children runs build_where for a nested list's `where`; its
    # FilterInputError escapes to Executor._root_field, which nulls the whole root field and
    # reports the root's path and location instead of each nested list's.
    generate_catalog(api.database, 1, progress=None)
    (variant,) = api.ok("{ productVariants(limit: 1) { id } }")["productVariants"]
    query = (
        "{ productVariants(limit: 1) { id "
        'displays(where: {name: {equals: "a", contains: "b"}}) { id } } }'
    )
    response = api.query(query)

    assert response.data == {"productVariants": [{"id": variant["id"], "displays": None}]}
    (error,) = response.errors
    assert error["message"] == "name: give exactly one of equals or contains."
    assert error["path"] == ["productVariants", 0, "displays"]
    assert error["locations"] == [{"line": 1, "column": query.index("displays") + 1}]
