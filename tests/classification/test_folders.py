"""Folders: a tree at most six levels deep, without cycles, sibling names distinct."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api

CREATE = """
mutation($input: FolderCreateInput) {
  createFolder(input: $input) {
    folder { id name isTopFolder parent { id } }
    userErrors { message path }
  }
}"""

UPDATE = """
mutation($id: Int, $externalId: String, $input: FolderUpdateInput) {
  updateFolder(id: $id, externalId: $externalId, input: $input) {
    folder { id name isTopFolder parent { id } }
    userErrors { message path }
  }
}"""

FOLDERS = "{ folders(limit: 200) { id name parent { id } childFolders { id } } }"


def _create(api: Api, name: str, parent: int | None = None) -> int:
    input_: dict[str, Any] = {"name": name}
    if parent is not None:
        input_["parent"] = {"id": parent}
    result = api.ok(CREATE, {"input": input_})["createFolder"]
    assert result["userErrors"] == [], result
    folder_id: int = result["folder"]["id"]
    return folder_id


def _chain(api: Api, depth: int, prefix: str = "Level") -> list[int]:
    ids: list[int] = []
    for level in range(1, depth + 1):
        ids.append(_create(api, f"{prefix} {level}", ids[-1] if ids else None))
    return ids


def test_a_folder_tree(api: Api) -> None:
    apparel = _create(api, "Apparel")
    shirts = _create(api, "Shirts", apparel)
    trousers = _create(api, "Trousers", apparel)
    footwear = _create(api, "Footwear")
    mine = [apparel, shirts, trousers, footwear]

    data = api.ok(
        """query($mine: [Int!], $apparel: Int!, $shirts: Int!) {
          all: folders(where: {id: $mine}) { name isTopFolder }
          top: folders(where: {id: $mine, isTopFolder: true}) {
            name childFolders { name parent { name } }
          }
          nested: folders(where: {id: $mine, isTopFolder: false}) { name }
          children: folders(where: {parentId: [$apparel]}, sort: [name_ASC]) { id }
          one: folder(id: $shirts) { name parent { name isTopFolder } }
          demo: folders(where: {name: {equals: "Clothing"}}) {
            name childFolders { name }
          }
        }""",
        {"mine": mine, "apparel": apparel, "shirts": shirts},
    )

    assert data["all"] == [
        {"name": "Apparel", "isTopFolder": True},
        {"name": "Shirts", "isTopFolder": False},
        {"name": "Trousers", "isTopFolder": False},
        {"name": "Footwear", "isTopFolder": True},
    ]
    assert data["top"] == [
        {
            "name": "Apparel",
            "childFolders": [
                {"name": "Shirts", "parent": {"name": "Apparel"}},
                {"name": "Trousers", "parent": {"name": "Apparel"}},
            ],
        },
        {"name": "Footwear", "childFolders": []},
    ]
    assert data["nested"] == [{"name": "Shirts"}, {"name": "Trousers"}]
    assert data["children"] == [{"id": shirts}, {"id": trousers}]
    assert data["one"] == {"name": "Shirts", "parent": {"name": "Apparel", "isTopFolder": True}}
    assert data["demo"] == [
        {"name": "Clothing", "childFolders": [{"name": "Tops"}, {"name": "Bottoms"}]}
    ]


def test_moving_folders(api: Api) -> None:
    clothing = _create(api, "Apparel")
    tops = _create(api, "Shirts", clothing)
    shoes = _create(api, "Footwear")
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Folder, internalId: $id, "
        'externalId: "F-TOPS"}) { userErrors { message } } }',
        {"id": tops},
    )

    under_shoes = api.ok(UPDATE, {"externalId": "F-TOPS", "input": {"parent": {"id": shoes}}})
    to_top = api.ok(UPDATE, {"id": tops, "input": {"parent": None, "name": "T-shirts"}})
    renamed_only = api.ok(UPDATE, {"id": clothing, "input": {"name": "Apparel"}})

    assert under_shoes["updateFolder"]["folder"]["parent"] == {"id": shoes}
    assert to_top["updateFolder"]["folder"] == {
        "id": tops,
        "name": "T-shirts",
        "isTopFolder": True,
        "parent": None,
    }
    assert renamed_only["updateFolder"]["folder"]["isTopFolder"] is True


def test_folders_nest_six_levels_deep(api: Api) -> None:
    levels = _chain(api, 6)
    before = api.ok(FOLDERS)

    result = api.ok(CREATE, {"input": {"name": "Level 7", "parent": {"id": levels[-1]}}})

    assert result["createFolder"]["userErrors"] == [
        {"message": "Folders nest at most 6 levels deep.", "path": ["input", "parent"]}
    ]
    assert api.ok(FOLDERS) == before


def test_a_subtree_cannot_move_where_it_would_go_too_deep(api: Api) -> None:
    deep = _chain(api, 4, "Deep")
    branch = _chain(api, 3, "Branch")
    before = api.ok(FOLDERS)

    result = api.ok(UPDATE, {"id": branch[0], "input": {"parent": {"id": deep[-1]}}})

    assert "nest at most 6 levels" in result["updateFolder"]["userErrors"][0]["message"]
    assert api.ok(FOLDERS) == before
    fits = api.ok(UPDATE, {"id": branch[0], "input": {"parent": {"id": deep[2]}}})
    assert fits["updateFolder"]["userErrors"] == []


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_a_folder_cannot_move_under_itself(api: Api, target: str) -> None:
    top, child, grandchild = _chain(api, 3)
    parent = {"self": top, "child": child, "grandchild": grandchild}[target]
    before = api.ok(FOLDERS)

    result = api.ok(UPDATE, {"id": top, "input": {"parent": {"id": parent}}})

    assert result["updateFolder"]["userErrors"] == [
        {
            "message": "A folder cannot move under itself or one of its own subfolders.",
            "path": ["input", "parent"],
        }
    ]
    assert api.ok(FOLDERS) == before


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        (
            {"name": "Tops", "parent": {"id": 1}},
            'A folder named "Tops" already exists',
            ["input", "name"],
        ),
        ({"name": "Clothing"}, 'A folder named "Clothing" already exists', ["input", "name"]),
        ({"name": ""}, "A folder needs a name", ["input", "name"]),
        (None, "A folder needs a name", ["input", "name"]),
        (
            {"name": "X", "parent": {"id": 99}},
            "Could not find Folder with ID 99",
            ["input", "parent"],
        ),
        (
            {"name": "X", "parent": {"externalId": "nope"}},
            'Could not find Folder with externalId "nope"',
            ["input", "parent"],
        ),
    ],
)
def test_bad_folder_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any] | None, message: str | None, path: list[str] | None
) -> None:
    apparel = _create(api, "Apparel")
    _create(api, "Shirts", apparel)
    if input_ is not None and input_.get("parent") == {"id": 0}:
        input_ = {**input_, "parent": {"id": apparel}}
    before = api.ok(FOLDERS)

    result = api.ok(CREATE, {"input": input_})["createFolder"]

    if message is None:  # the same name in another place is fine
        assert result["userErrors"] == []
        return
    assert result["folder"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(FOLDERS) == before


def test_a_folder_cannot_move_next_to_a_sibling_of_the_same_name(api: Api) -> None:
    women = _create(api, "Women")
    men = _create(api, "Men")
    _create(api, "Tops", women)
    mens_tops = _create(api, "Tops", men)
    before = api.ok(FOLDERS)

    result = api.ok(UPDATE, {"id": mens_tops, "input": {"parent": {"id": women}}})
    renamed = api.ok(UPDATE, {"id": men, "input": {"name": "Women"}})

    assert result["updateFolder"]["userErrors"][0]["path"] == ["input", "parent"]
    assert renamed["updateFolder"]["userErrors"][0]["path"] == ["input", "name"]
    assert api.ok(FOLDERS) == before


def test_folders_sort_by_custom_order_by_default(api: Api) -> None:
    for name in ("C", "A", "B"):
        _create(api, name)
    data = api.ok(
        """{
          folders(where: {isTopFolder: true}) { name }
          byName: folders(where: {isTopFolder: true}, sort: [name_DESC]) { name }
          paged: folders(limit: 2, page: 2) { name }
        }"""
    )
    assert data == {
        "folders": [{"name": n} for n in ("Clothing", "C", "A", "B")],
        "byName": [{"name": n} for n in ("Clothing", "C", "B", "A")],
        "paged": [{"name": "Bottoms"}, {"name": "C"}],
    }
