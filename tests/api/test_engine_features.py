"""The compiled engine supports the query language, not just the cookbook's shapes."""

from __future__ import annotations

from tests.support import Api, StatementLog


def test_variables_defaults_aliases_and_fragments(api: Api) -> None:
    data = api.ok(
        """
        query Markets($first: Int = 2, $withCountries: Boolean!, $skipStore: Boolean = true) {
          first: markets(limit: $first) {
            ...marketBits
            kind: __typename
            countries: assignedToCountries @include(if: $withCountries) { code }
            store @skip(if: $skipStore) { id }
          }
        }
        fragment marketBits on Market { id ... on Market { label: name } }
        """,
        {"withCountries": True},
    )
    assert data == {
        "first": [
            {"id": 1, "label": "Sweden", "kind": "Market", "countries": [{"code": "SE"}]},
            {"id": 2, "label": "USA", "kind": "Market", "countries": [{"code": "US"}]},
        ]
    }


def test_the_same_document_with_other_directive_values_gets_its_own_plan(api: Api) -> None:
    query = (
        "query($c: Boolean!) { market(id: 1) { id assignedToCountries @include(if: $c) { code } } }"
    )
    assert api.ok(query, {"c": False}) == {"market": {"id": 1}}
    assert api.ok(query, {"c": True}) == {
        "market": {"id": 1, "assignedToCountries": [{"code": "SE"}]}
    }


def test_operation_name_selects_the_operation(api: Api) -> None:
    document = "query A { stores { id } } query B { markets(limit: 1) { id } }"
    assert api.ok(document, operation_name="B") == {"markets": [{"id": 1}]}
    assert api.query(document).status == 400


def test_bad_variables_are_request_errors(api: Api) -> None:
    response = api.query("query($id: Int!) { market(id: $id) { id } }", {"id": "one"})
    assert response.status == 400
    assert "$id" in response.errors[0]["message"]


def test_a_single_object_needs_an_id_or_external_id(api: Api) -> None:
    response = api.query("{ market { id } }")
    assert response.status == 200
    assert response.data == {"market": None}
    assert response.errors[0]["message"] == "market needs an id or an externalId."
    assert response.errors[0]["path"] == ["market"]


def test_interface_fragments_on_payloads(api: Api) -> None:
    data = api.ok(
        'mutation { createMarket(input: {name: "Outlet", store: {id: 1}}) '
        "{ __typename ... on Payload { userErrors { message } } } }"
    )
    assert data == {"createMarket": {"__typename": "MarketCreatePayload", "userErrors": []}}


def test_introspection_works_beside_data(api: Api) -> None:
    data = api.ok('{ __type(name: "Market") { fields { name } } stores(limit: 1) { id } }')
    assert {"name": "assignedToCountries"} in data["__type"]["fields"]
    assert data["stores"] == [{"id": 1}]


def test_several_mutations_in_one_document_run_in_order(api: Api) -> None:
    data = api.ok(
        """mutation {
          a: createMarket(input: {name: "A", store: {id: 1}}) { market { name } userErrors { message } }
          b: createMarket(input: {name: "A", store: {id: 1}}) { market { name } userErrors { message } }
        }"""
    )
    assert data["a"] == {"market": {"name": "A"}, "userErrors": []}
    assert data["b"]["market"] is None
    assert "already has a market" in data["b"]["userErrors"][0]["message"]


def test_null_to_one_relations(api: Api) -> None:
    assert api.ok("{ warehouse(id: 1) { state { code } country { code } } }") == {
        "warehouse": {"state": None, "country": {"code": "SE"}}
    }


def test_timestamps_carry_their_offset(api: Api) -> None:
    market = api.ok("{ market(id: 1) { createdAt updatedAt } }")["market"]
    assert market["createdAt"].endswith("+00:00")


NESTED = """{
  markets {
    id store { id markets { id } }
    allocationRule { warehouses { country { code } state { code } } }
    assignedToCountries { continent { name } states { code } }
  }
}"""


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def test_list_statement_count_stays_constant_as_rows_grow(
    api: Api, statements: StatementLog
) -> None:
    few = _statements_for(api, statements, NESTED)
    for index in range(15):
        api.ok(
            "mutation($name: String!) { createMarket(input: {name: $name, store: {id: 1}}) { userErrors { message } } }",
            {"name": f"Extra {index}"},
        )
        api.ok(
            f'mutation {{ createWarehouse(input: {{name: "Extra {index}"}}) {{ userErrors {{ message }} }} }}'
        )
    many = _statements_for(api, statements, NESTED)
    # 1 authentication + at most one statement per level: markets, store, store.markets,
    # allocationRule, warehouses, country, state, countries, continent, states (a level
    # whose parents hold no keys, like the demo warehouses' states, costs nothing).
    assert few == many
    assert many <= 1 + 10


def test_statement_budgets_of_the_root_lists(api: Api, statements: StatementLog) -> None:
    budgets = {
        "{ stores { id markets { id } allocationRules { id } } }": 1 + 3,
        "{ countries { code continent { name } states { code } } }": 1 + 3,
        "{ warehouses { id allocationRules { id store { id } } } }": 1 + 3,
        "{ allocationRules { warehouses { id } markets { id } } }": 1 + 3,
        "{ idConversions { id } graphQLAccess { id } currencies { code } languages { code } continents { countries { code } } }": 1
        + 6,
    }
    for query, budget in budgets.items():
        assert _statements_for(api, statements, query) == budget, query


def test_connection_edges_with_cursors_only(api: Api) -> None:
    """Edges selected without their node still list one edge (and cursor) per row of the page.
    (Their cursors are positions: only a page read with its nodes knows the keys.)"""
    for number in range(3):
        api.ok(
            "mutation($n: String!) { createCollection(input: {name: $n}) { userErrors { message } } }",
            {"n": f"Season {number}"},
        )
    total = len(api.ok("{ collections(limit: 200) { id } }")["collections"])
    assert total >= 3
    cursors_only = api.ok(
        "{ collectionConnection(first: 2) { edges { cursor } pageInfo { hasNextPage endCursor } } }"
    )
    assert len(cursors_only["collectionConnection"]["edges"]) == 2
    assert cursors_only["collectionConnection"]["pageInfo"]["hasNextPage"] is True
    after = cursors_only["collectionConnection"]["pageInfo"]["endCursor"]
    rest = api.ok(
        "query($a: String) { collectionConnection(first: 200, after: $a) { edges { cursor } } }",
        {"a": after},
    )
    assert len(rest["collectionConnection"]["edges"]) == total - 2
    after_nodes = api.ok(
        "query($a: String) { collectionConnection(first: 200, after: $a) { edges { node { id } } } }",
        {"a": after},
    )
    everything = api.ok("{ collections(limit: 200) { id } }")["collections"]
    assert [edge["node"] for edge in after_nodes["collectionConnection"]["edges"]] == everything[2:]
