"""Every classification list costs one statement per level, however many rows it returns."""

from __future__ import annotations

import pytest

from tests.support import Api, StatementLog

#: Query -> statements: 1 for authentication, then one per level of the selection.
BUDGETS = {
    "{ sizeCharts { id name verticalLabels sizes { id name sizeChart { id name } } } }": 1 + 3,
    "{ brands { id uri stores { id markets { id } } } }": 1 + 3,
    "{ collections { id name status uri } }": 1 + 1,
    "{ folders { id isTopFolder parent { id } childFolders { id childFolders { id } } } }": 1 + 4,
    "{ categories { id store { id } parent { id } childCategories { childCategories { id } } } }": 1
    + 5,
}


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)  # warm: plans compiled, token last-used stamp written
    statements.reset()
    api.ok(query)
    return statements.count


def _grow(api: Api, index: int) -> None:
    api.ok(
        """mutation($name: String!, $parent: String!) {
          a: createSizeChart(input: {name: $name, horizontalLabels: ["S", "M", "L"], verticalLabels: ["1", "2"]}) {
            userErrors { message }
          }
          b: createBrand(input: {name: $name, addToStores: [{id: 1}, {id: 2}]}) { userErrors { message } }
          c: createCollection(input: {name: $name}) { userErrors { message } }
          d: createFolder(input: {name: $name, parent: {id: 1}}) { userErrors { message } }
          e: createFolder(input: {name: $parent}) { userErrors { message } }
          f: createCategory(input: {store: {id: 1}, name: $name, parent: {id: 1}}) { userErrors { message } }
          g: createCategory(input: {store: {id: 1}, name: $parent}) { userErrors { message } }
        }""",
        {"name": f"Extra {index}", "parent": f"Top {index}"},
    )


@pytest.mark.parametrize("query", sorted(BUDGETS))
def test_list_statements_stay_constant_as_rows_grow(
    api: Api, statements: StatementLog, query: str
) -> None:
    few = _statements_for(api, statements, query)
    for index in range(8):
        _grow(api, index)
    many = _statements_for(api, statements, query)

    assert few == many == BUDGETS[query]
