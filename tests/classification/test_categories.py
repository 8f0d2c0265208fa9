"""Categories: a tree per store, uris unique among siblings, deletion strategies, displays
protecting their categories, and store-restricted tokens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.classification import rows
from tests.support import Api

FIELDS = """
  id name uri status isTopCategory metaTitle metaDescription metaKeywords
  store { id } parent { id }
"""

CREATE = f"""
mutation($input: CategoryCreateInput!) {{
  createCategory(input: $input) {{
    category {{ {FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int!, $input: CategoryUpdateInput!) {{
  updateCategory(id: $id, input: $input) {{
    category {{ {FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

DELETE = """
mutation($id: Int!, $input: CategoryDeleteInput!) {
  deleteCategory(id: $id, input: $input) { userErrors { message path } }
}"""

CATEGORIES = f"{{ categories(limit: 200) {{ {FIELDS} childCategories {{ id }} }} }}"


def _create(
    api: Api, name: str, parent: int | None = None, store: int = 1, **input_: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {"store": {"id": store}, "name": name, **input_}
    if parent is not None:
        values["parent"] = {"id": parent}
    result = api.ok(CREATE, {"input": values})["createCategory"]
    assert result["userErrors"] == [], result
    category: dict[str, Any] = result["category"]
    return category


def _chain(api: Api, depth: int, store: int = 1) -> list[int]:
    ids: list[int] = []
    for level in range(1, depth + 1):
        ids.append(_create(api, f"Level {level}", ids[-1] if ids else None, store)["id"])
    return ids


def _delete(api: Api, category_id: int, strategy: str = "RESTRICT_IF_PRESENT") -> Any:
    return api.ok(DELETE, {"id": category_id, "input": {"deleteChildrenStrategy": strategy}})[
        "deleteCategory"
    ]


def _id_of(api: Api, name: str) -> int:
    found = api.ok(
        "query($name: String!) { categories(where: {name: {equals: $name}, isTopCategory: true}) "
        "{ id } }",
        {"name": name},
    )
    category_id: int = found["categories"][0]["id"]
    return category_id


# -- creating --------------------------------------------------------------------------------


def test_creating_categories(api: Api) -> None:
    sale = _create(
        api,
        "Sale & Outlet",
        metaTitle="Sale",
        metaDescription="Last chances",
        metaKeywords="sale, outlet",
    )
    dresses = _create(api, "Dresses", sale["id"], status="INACTIVE", uri="dresses_2027")

    assert sale == {
        "id": sale["id"],
        "name": "Sale & Outlet",
        "uri": "sale-outlet",
        "status": "ACTIVE",
        "isTopCategory": True,
        "metaTitle": "Sale",
        "metaDescription": "Last chances",
        "metaKeywords": "sale, outlet",
        "store": {"id": 1},
        "parent": None,
    }
    assert dresses["uri"] == "dresses_2027"
    assert dresses["status"] == "INACTIVE"
    assert dresses["isTopCategory"] is False
    assert dresses["parent"] == {"id": sale["id"]}


def test_uris_are_unique_among_siblings_only(api: Api) -> None:
    # The demo has Women > Knitwear and Men > Knitwear in the Retail store.
    women = _id_of(api, "Women")
    top = _create(api, "Knitwear")
    second = _create(api, "Knitwear!", women)
    wholesale = _create(api, "Knitwear", store=2)

    assert top["uri"] == "knitwear"
    assert second["uri"] == "knitwear-2"
    assert wholesale["uri"] == "knitwear"


def test_reading_the_tree(api: Api) -> None:
    data = api.ok(
        """{
          all: categories { name isTopCategory parent { name } childCategories { name } }
          top: categories(where: {isTopCategory: true}) { name }
          byStore: categories(where: {storeId: [2]}) { name }
          sorted: categories(sort: [name_ASC, id_DESC]) { name parent { name } }
        }"""
    )

    assert data["all"] == [
        {
            "name": "Women",
            "isTopCategory": True,
            "parent": None,
            "childCategories": [{"name": "Knitwear"}],
        },
        {
            "name": "Knitwear",
            "isTopCategory": False,
            "parent": {"name": "Women"},
            "childCategories": [],
        },
        {
            "name": "Men",
            "isTopCategory": True,
            "parent": None,
            "childCategories": [{"name": "Knitwear"}],
        },
        {
            "name": "Knitwear",
            "isTopCategory": False,
            "parent": {"name": "Men"},
            "childCategories": [],
        },
    ]
    assert data["top"] == [{"name": "Women"}, {"name": "Men"}]
    assert data["byStore"] == []
    assert data["sorted"] == [
        {"name": "Knitwear", "parent": {"name": "Men"}},
        {"name": "Knitwear", "parent": {"name": "Women"}},
        {"name": "Men", "parent": None},
        {"name": "Women", "parent": None},
    ]


def test_categories_nest_six_levels_deep(api: Api) -> None:
    levels = _chain(api, 6)
    before = api.ok(CATEGORIES)

    result = api.ok(
        CREATE, {"input": {"store": {"id": 1}, "name": "Too deep", "parent": {"id": levels[-1]}}}
    )["createCategory"]

    assert result["userErrors"] == [
        {"message": "Categories nest at most 6 levels deep.", "path": ["input", "parent"]}
    ]
    assert api.ok(CATEGORIES) == before


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": ""}, "A category needs a name", ["input", "name"]),
        ({"name": "Sale", "uri": "women"}, 'already has the uri "women"', ["input", "uri"]),
        ({"name": "Sale", "uri": "Sale!"}, "is not a valid uri", ["input", "uri"]),
        ({"name": "???"}, "No uri can be generated", ["input", "name"]),
        (
            {"name": "Sale", "store": {"id": 3}},
            "Could not find Store with ID 3",
            ["input", "store"],
        ),
        (
            {"name": "Sale", "parent": {"id": 999}},
            "Could not find Category with ID 999",
            ["input", "parent"],
        ),
        (
            {"name": "Sale", "store": {"id": 2}, "parent": {"id": "WOMEN"}},
            "belongs to another store",
            ["input", "parent"],
        ),
    ],
)
def test_bad_category_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    values = {"store": {"id": 1}, **input_}
    if values.get("parent") == {"id": "WOMEN"}:
        values["parent"] = {"id": _id_of(api, "Women")}
    before = api.ok(CATEGORIES)

    result = api.ok(CREATE, {"input": values})["createCategory"]

    assert result["category"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(CATEGORIES) == before


# -- updating ----------------------------------------------------------------------------------


def test_updating_a_category(api: Api) -> None:
    sale = _create(api, "Sale", metaTitle="Sale", uri="custom-sale")

    renamed = api.ok(UPDATE, {"id": sale["id"], "input": {"name": "Outlet", "metaTitle": ""}})
    regenerated = api.ok(
        UPDATE,
        {"id": sale["id"], "input": {"uri": "", "status": "INACTIVE", "metaKeywords": "x"}},
    )

    assert renamed["updateCategory"]["category"]["uri"] == "custom-sale"
    assert renamed["updateCategory"]["category"]["metaTitle"] is None
    assert regenerated["updateCategory"]["category"] | {"id": 0} == {
        "id": 0,
        "name": "Outlet",
        "uri": "outlet",
        "status": "INACTIVE",
        "isTopCategory": True,
        "metaTitle": None,
        "metaDescription": None,
        "metaKeywords": "x",
        "store": {"id": 1},
        "parent": None,
    }


def test_moving_a_category(api: Api) -> None:
    women = _id_of(api, "Women")
    sale = _create(api, "Sale")

    moved = api.ok(UPDATE, {"id": sale["id"], "input": {"parent": {"id": women}}})
    back = api.ok(UPDATE, {"id": sale["id"], "input": {"parent": None}})

    assert moved["updateCategory"]["category"]["parent"] == {"id": women}
    assert moved["updateCategory"]["category"]["isTopCategory"] is False
    assert back["updateCategory"]["category"]["parent"] is None


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        ("under itself", "cannot move under itself", ["input", "parent"]),
        ("under its child", "cannot move under itself", ["input", "parent"]),
        ("to another store", "belongs to another store", ["input", "parent"]),
        ("next to a sibling with its uri", 'already has the uri "knitwear"', ["input", "parent"]),
        ("to a taken uri", 'already has the uri "men"', ["input", "uri"]),
        ("too deep", "nest at most 6 levels deep", ["input", "parent"]),
        ("to a bad uri", "is not a valid uri", ["input", "uri"]),
        ("to no name", "needs a name", ["input", "name"]),
        ("with a bad status", "Variable", None),
    ],
)
def test_bad_category_updates_change_nothing(
    api: Api, change: str, message: str, path: list[str] | None
) -> None:
    women = _id_of(api, "Women")
    men = _id_of(api, "Men")
    knitwear = api.ok(f"{{ categories(where: {{parentId: [{women}]}}) {{ id }} }}")["categories"][
        0
    ]["id"]
    wholesale = _create(api, "B2B", store=2)["id"]
    deep = _chain(api, 5)
    target, input_ = {
        "under itself": (women, {"parent": {"id": women}}),
        "under its child": (women, {"parent": {"id": knitwear}}),
        "to another store": (women, {"parent": {"id": wholesale}}),
        "next to a sibling with its uri": (knitwear, {"parent": {"id": men}}),
        "to a taken uri": (women, {"uri": "men"}),
        "too deep": (women, {"parent": {"id": deep[-1]}}),
        "to a bad uri": (women, {"uri": "Women"}),
        "to no name": (women, {"name": " "}),
        "with a bad status": (women, {"status": "DELETED"}),
    }[change]
    before = api.ok(CATEGORIES)

    response = api.query(UPDATE, {"id": target, "input": input_})

    if path is None:  # refused by GraphQL validation before any service runs
        assert message in response.errors[0]["message"]
    else:
        result = response.data["updateCategory"]
        assert result["category"] is None
        (error,) = result["userErrors"]
        assert message in error["message"]
        assert error["path"] == path
    assert api.ok(CATEGORIES) == before


# -- deleting ----------------------------------------------------------------------------------


def test_deleting_categories(api: Api) -> None:
    sale = _create(api, "Sale")
    child = _create(api, "Dresses", sale["id"])
    grandchild = _create(api, "Maxi", child["id"])
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Category, internalId: $id, "
        'externalId: "CAT-MAXI"}) { userErrors { message } } }',
        {"id": grandchild["id"]},
    )
    before = api.ok(CATEGORIES)

    refused = _delete(api, sale["id"])
    assert refused["userErrors"] == [
        {
            "message": f"Category {sale['id']} has 2 subcategory(ies): delete them first, or use "
            "deleteChildrenStrategy DELETE_CHILDREN.",
            "path": ["input", "deleteChildrenStrategy"],
        }
    ]
    assert api.ok(CATEGORIES) == before

    assert _delete(api, grandchild["id"])["userErrors"] == []
    assert rows.conversions(api.database, "Category") == []
    assert _delete(api, sale["id"], "DELETE_CHILDREN")["userErrors"] == []
    remaining = {c["id"] for c in api.ok(CATEGORIES)["categories"]}
    assert remaining.isdisjoint({sale["id"], child["id"], grandchild["id"]})
    assert _delete(api, sale["id"])["userErrors"] == [
        {"message": f"Could not find Category with ID {sale['id']}.", "path": ["id"]}
    ]


def test_the_default_strategy_restricts(api: Api) -> None:
    women = _id_of(api, "Women")
    result = api.ok(f"mutation {{ deleteCategory(id: {women}) {{ userErrors {{ message }} }} }}")
    assert "has 1 subcategory" in result["deleteCategory"]["userErrors"][0]["message"]


@pytest.mark.parametrize("use", ["category", "canonical category", "subcategory"])
def test_a_category_displays_use_cannot_be_deleted(api: Api, use: str) -> None:
    sale = _create(api, "Sale")
    child = _create(api, "Dresses", sale["id"])
    product = rows.product(api.database)
    if use == "category":
        rows.display(api.database, product, categories=(sale["id"],))
    elif use == "canonical category":
        rows.display(api.database, product, canonical_category_id=sale["id"])
    else:
        rows.display(api.database, product, categories=(child["id"],))
    before = api.ok(CATEGORIES)

    result = _delete(api, sale["id"], "DELETE_CHILDREN")

    used = sale if use != "subcategory" else child
    assert result["userErrors"] == [
        {
            "message": f'Category "{used["name"]}" (ID {used["id"]}) is used by displays, so it '
            "cannot be deleted: take it off those displays first.",
            "path": [],
        }
    ]
    assert api.ok(CATEGORIES) == before


# -- store restriction -------------------------------------------------------------------------


def test_a_store_restricted_token_sees_and_changes_its_store_only(api: Api) -> None:
    b2b = _create(api, "B2B", store=2)
    women = _id_of(api, "Women")
    token = api.token("Category:read", "Category:write", "Store:read", store_id=2)
    before = api.ok(CATEGORIES)

    listed = api.ok("{ categories { name } }", token=token)
    create = api.ok(CREATE, {"input": {"store": {"id": 1}, "name": "Sneaky"}}, token=token)[
        "createCategory"
    ]
    update = api.ok(UPDATE, {"id": women, "input": {"name": "Sneaky"}}, token=token)
    delete = api.ok(DELETE, {"id": women, "input": {}}, token=token)
    parent = api.ok(
        CREATE,
        {"input": {"store": {"id": 2}, "name": "Sneaky", "parent": {"id": women}}},
        token=token,
    )["createCategory"]

    assert listed == {"categories": [{"name": "B2B"}]}
    assert create["userErrors"] == [
        {
            "message": "Could not find Store with ID 1.",
            "path": ["input", "store"],
        }
    ]
    not_found = {"message": f"Could not find Category with ID {women}.", "path": ["id"]}
    assert update["updateCategory"]["userErrors"] == [not_found]
    assert delete["deleteCategory"]["userErrors"] == [not_found]
    assert parent["userErrors"] == [{**not_found, "path": ["input", "parent"]}]
    assert api.ok(CATEGORIES) == before
    own = api.ok(UPDATE, {"id": b2b["id"], "input": {"name": "Showroom"}}, token=token)
    assert own["updateCategory"]["userErrors"] == []
