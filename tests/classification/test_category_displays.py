"""A category's displays: setCategoryDisplays, unsetCategoryDisplays, sortCategoryDisplays,
Category.displays in the category's order, and collectionConnection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from mercato.db import catalog_tables as catalog
from tests.classification import rows
from tests.support import Api, StatementLog

PAYLOAD = """
    category { id displays { id } }
    displays { id }
    userErrors { message path }
    userWarnings { message path }
"""

SET = f"""mutation($input: CategoryDisplaysSetInput!) {{
  setCategoryDisplays(input: $input) {{ {PAYLOAD} }}
}}"""

UNSET = f"""mutation($input: CategoryDisplaysUnsetInput!) {{
  unsetCategoryDisplays(input: $input) {{ {PAYLOAD} }}
}}"""

SORT = f"""mutation($input: CategoryDisplaysSortInput!) {{
  sortCategoryDisplays(input: $input) {{ {PAYLOAD} }}
}}"""

MUTATIONS = {
    "set": (SET, "setCategoryDisplays"),
    "unset": (UNSET, "unsetCategoryDisplays"),
    "sort": (SORT, "sortCategoryDisplays"),
}


def _category(api: Api, name: str, store: int = 1) -> int:
    result = api.ok(
        "mutation($input: CategoryCreateInput!) { createCategory(input: $input) "
        "{ category { id } userErrors { message } } }",
        {"input": {"store": {"id": store}, "name": name}},
    )["createCategory"]
    assert result["userErrors"] == []
    category_id: int = result["category"]["id"]
    return category_id


_numbers = iter(range(1, 10_000))


def _display(
    api: Api, store: int = 1, categories: tuple[int, ...] = (), canonical: int | None = None
) -> int:
    product = rows.product(api.database, f"CD{next(_numbers)}")
    return rows.display(
        api.database,
        product,
        store_id=store,
        categories=categories,
        canonical_category_id=canonical,
    )


def _call(api: Api, kind: str, category: int, displays: list[int], **kwargs: Any) -> Any:
    document, name = MUTATIONS[kind]
    variables = {"input": {"category": {"id": category}, "displays": [{"id": d} for d in displays]}}
    return api.ok(document, variables, **kwargs)[name]


def _displays_of(api: Api, category: int) -> list[int]:
    found = api.ok(
        "query($id: Int!) { categories(where: {id: [$id]}) { displays { id } } }", {"id": category}
    )["categories"][0]["displays"]
    return [d["id"] for d in found]


def _state(api: Api) -> Any:
    """Everything the mutations could change."""
    links = catalog.display_categories
    displays = catalog.displays
    with api.database.engine.connect() as connection:
        return (
            connection.execute(
                select(links).order_by(links.c.category_id, links.c.display_id)
            ).all(),
            connection.execute(
                select(
                    displays.c.id, displays.c.canonical_category_id, displays.c.updated_at
                ).order_by(displays.c.id)
            ).all(),
        )


# -- setting -------------------------------------------------------------------------------


def test_setting_adds_displays_last_in_the_given_order(api: Api) -> None:
    shelf = _category(api, "Shelf")
    first, second, third = (_display(api) for _ in range(3))

    result = _call(api, "set", shelf, [second, first])

    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    assert result["category"] == {"id": shelf, "displays": [{"id": second}, {"id": first}]}
    assert result["displays"] == [{"id": second}, {"id": first}]
    _call(api, "set", shelf, [third])
    assert _displays_of(api, shelf) == [second, first, third]


def test_setting_is_idempotent_with_warnings(api: Api) -> None:
    shelf = _category(api, "Shelf")
    first, second = _display(api), _display(api)
    _call(api, "set", shelf, [first])

    result = _call(api, "set", shelf, [first, second, second])

    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {"message": f"Duplicate display ID {second} skipped.", "path": ["input", "displays", "2"]},
        {
            "message": f"Display ID {first} is in the category already; skipped.",
            "path": ["input", "displays", "0"],
        },
    ]
    assert result["displays"] == [{"id": first}, {"id": second}]
    assert _displays_of(api, shelf) == [first, second]


def test_setting_changes_the_display_s_categories_and_updated_at(api: Api) -> None:
    shelf = _category(api, "Shelf")
    display = _display(api)
    with api.database.write() as connection:  # long ago: a touch within the second shows too
        connection.execute(
            update(catalog.displays)
            .where(catalog.displays.c.id == display)
            .values(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
        )
    before = _state(api)[1]

    _call(api, "set", shelf, [display])

    found = api.ok("query($id: Int!) { display(id: $id) { categories { id } } }", {"id": display})[
        "display"
    ]
    assert found["categories"] == [{"id": shelf}]
    assert _state(api)[1] != before


# -- unsetting -----------------------------------------------------------------------------


def test_unsetting_removes_displays_and_warns_about_absent_ones(api: Api) -> None:
    shelf = _category(api, "Shelf")
    first, second, outsider = (_display(api) for _ in range(3))
    _call(api, "set", shelf, [first, second])

    result = _call(api, "unset", shelf, [first, outsider])

    assert result["userErrors"] == []
    assert result["userWarnings"] == [
        {
            "message": f"Display ID {outsider} is not in the category; skipped.",
            "path": ["input", "displays", "1"],
        }
    ]
    assert result["category"]["displays"] == [{"id": second}]
    assert _displays_of(api, shelf) == [second]


def test_unsetting_the_canonical_category_is_refused_and_changes_nothing(api: Api) -> None:
    shelf = _category(api, "Shelf")
    plain = _display(api, categories=(shelf,))
    canonical = _display(api, categories=(shelf,), canonical=shelf)
    before = _state(api)

    result = _call(api, "unset", shelf, [plain, canonical])

    assert result["userErrors"] == [
        {
            "message": f"Category {shelf} is the canonical category of display ID "
            f"{canonical}: give the display another canonical category first.",
            "path": ["input", "displays", "1"],
        }
    ]
    assert result["category"] is None
    assert _state(api) == before


# -- sorting -------------------------------------------------------------------------------


def test_sorting_sets_the_category_s_display_order(api: Api) -> None:
    shelf = _category(api, "Shelf")
    first, second, third = (_display(api) for _ in range(3))
    _call(api, "set", shelf, [first, second, third])

    result = _call(api, "sort", shelf, [third, first, second])

    assert result["userErrors"] == []
    assert result["userWarnings"] == []
    assert result["displays"] == [{"id": third}, {"id": first}, {"id": second}]
    assert _displays_of(api, shelf) == [third, first, second]
    # Another category's order is its own.
    other = _category(api, "Other shelf")
    _call(api, "set", other, [second, third])
    assert _displays_of(api, other) == [second, third]
    assert _displays_of(api, shelf) == [third, first, second]


def test_sorting_an_empty_category_with_an_empty_list(api: Api) -> None:
    shelf = _category(api, "Shelf")
    result = _call(api, "sort", shelf, [])
    assert result["userErrors"] == []
    assert result["displays"] == []


# -- every userError changes nothing ---------------------------------------------------------


def _cases(api: Api) -> dict[str, tuple[str, int, list[int], list[dict[str, Any]]]]:
    shelf = _category(api, "Shelf")
    first, second, third = (_display(api) for _ in range(3))
    _call(api, "set", shelf, [first, second])
    wholesale = _display(api, store=2)
    return {
        "set an unknown display": (
            "set",
            shelf,
            [third, 9999],
            [
                {
                    "message": "Could not find Display with ID 9999.",
                    "path": ["input", "displays", "1"],
                }
            ],
        ),
        "set another store's display": (
            "set",
            shelf,
            [third, wholesale],
            [
                {
                    "message": f"Display ID {wholesale} belongs to store 2, the category to "
                    "store 1: a category holds displays of its own store only.",
                    "path": ["input", "displays", "1"],
                }
            ],
        ),
        "set into an unknown category": (
            "set",
            9999,
            [third],
            [{"message": "Could not find Category with ID 9999.", "path": ["input", "category"]}],
        ),
        "unset an unknown display": (
            "unset",
            shelf,
            [first, 9999],
            [
                {
                    "message": "Could not find Display with ID 9999.",
                    "path": ["input", "displays", "1"],
                }
            ],
        ),
        "unset another store's display": (
            "unset",
            shelf,
            [first, wholesale],
            [
                {
                    "message": f"Display ID {wholesale} belongs to store 2, the category to "
                    "store 1: a category holds displays of its own store only.",
                    "path": ["input", "displays", "1"],
                }
            ],
        ),
        "sort missing a display": (
            "sort",
            shelf,
            [second],
            [
                {
                    "message": "Name every display of the category, in its new order; missing: "
                    f"ID {first}.",
                    "path": ["input", "displays"],
                }
            ],
        ),
        "sort naming a display not in the category": (
            "sort",
            shelf,
            [second, first, third],
            [
                {
                    "message": f"Display ID {third} is not in the category.",
                    "path": ["input", "displays", "2"],
                }
            ],
        ),
        "sort naming a display twice": (
            "sort",
            shelf,
            [second, first, second],
            [
                {
                    "message": f"Display ID {second} is named twice.",
                    "path": ["input", "displays", "2"],
                }
            ],
        ),
    }


CASE_NAMES = [
    "set an unknown display",
    "set another store's display",
    "set into an unknown category",
    "unset an unknown display",
    "unset another store's display",
    "sort missing a display",
    "sort naming a display not in the category",
    "sort naming a display twice",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_user_error_changes_nothing(api: Api, name: str) -> None:
    cases = _cases(api)
    assert sorted(cases) == sorted(CASE_NAMES)
    kind, category, displays, errors = cases[name]
    before = _state(api)
    shown = _displays_of(api, category) if category != 9999 else None

    result = _call(api, kind, category, displays)

    assert result["userErrors"] == errors
    assert result["category"] is None
    assert result["displays"] is None
    assert _state(api) == before
    if shown is not None:
        assert _displays_of(api, category) == shown


def test_a_store_restricted_token_changes_its_store_s_categories_only(api: Api) -> None:
    retail = _category(api, "Retail shelf")
    wholesale = _category(api, "Wholesale shelf", store=2)
    display = _display(api, store=2)
    token = api.token("Category:read", "Category:write", "Display:read", store_id=1)
    before = _state(api)

    result = _call(api, "set", wholesale, [display], token=token)

    assert result["userErrors"] == [
        {"message": f"Could not find Category with ID {wholesale}.", "path": ["input", "category"]}
    ]
    assert _state(api) == before
    result = _call(api, "set", retail, [display], token=token)
    assert result["userErrors"] == [
        {
            "message": f"Could not find Display with ID {display}.",
            "path": ["input", "displays", "0"],
        }
    ]
    assert _state(api) == before


def test_category_displays_need_display_read(api: Api) -> None:
    shelf = _category(api, "Shelf")
    _call(api, "set", shelf, [_display(api)])
    token = api.token("Category:read")

    response = api.query(
        "query($id: Int!) { categories(where: {id: [$id]}) { id displays { id } } }",
        {"id": shelf},
        token=token,
    )

    assert response.data == {"categories": [{"id": shelf, "displays": None}]}
    assert "Display:read" in response.errors[0]["message"]


# -- statements ----------------------------------------------------------------------------


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query)
    statements.reset()
    api.ok(query)
    return statements.count


def test_category_displays_cost_one_statement_however_many_rows(
    api: Api, statements: StatementLog
) -> None:
    query = "{ categories(limit: 200) { id displays { id name store { id } } } }"
    shelf = _category(api, "Shelf")
    _call(api, "set", shelf, [_display(api)])
    few = _statements_for(api, statements, query)
    for index in range(6):
        category = _category(api, f"Shelf {index}")
        _call(api, "set", category, [_display(api), _display(api)])
        _call(api, "set", shelf, [_display(api)])
    many = _statements_for(api, statements, query)

    # authentication, categories, their displays, the displays' stores
    assert few == many == 1 + 3


# -- collectionConnection --------------------------------------------------------------------

PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  collectionConnection(first: $first, after: $after, last: $last, before: $before,
                       where: {name: {contains: "Page"}}) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name } }
  }
}"""


def _names(data: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in data["collectionConnection"]["edges"]]


def test_collection_connection_pages_both_ways(api: Api) -> None:
    for index in range(5):
        api.ok(
            "mutation($name: String!) { createCollection(input: {name: $name}) "
            "{ userErrors { message } } }",
            {"name": f"Page {index}"},
        )

    first = api.ok(PAGE, {"first": 3})
    connection = first["collectionConnection"]
    assert connection["totalCount"] == 5
    assert _names(first) == ["Page 0", "Page 1", "Page 2"]
    assert connection["pageInfo"]["hasNextPage"] is True
    second = api.ok(PAGE, {"first": 3, "after": connection["pageInfo"]["endCursor"]})
    assert _names(second) == ["Page 3", "Page 4"]
    assert second["collectionConnection"]["pageInfo"]["hasNextPage"] is False
    last = api.ok(PAGE, {"last": 2})
    assert _names(last) == ["Page 3", "Page 4"]
    sorted_ = api.ok(
        '{ collectionConnection(where: {name: {contains: "Page"}}, sort: [name_DESC], first: 2) '
        "{ edges { node { name } } } }"
    )
    assert _names(sorted_) == ["Page 4", "Page 3"]
