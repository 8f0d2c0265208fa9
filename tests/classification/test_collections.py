"""Collections: unique names and uris, status, generated uris."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api

CREATE = """
mutation($input: CollectionCreateInput!) {
  createCollection(input: $input) {
    collection { id name status uri }
    userErrors { message path }
  }
}"""

UPDATE = """
mutation($id: Int, $externalId: String, $input: CollectionUpdateInput!) {
  updateCollection(id: $id, externalId: $externalId, input: $input) {
    collection { id name status uri }
    userErrors { message path }
  }
}"""

COLLECTIONS = "{ collections(limit: 200) { id name status uri } }"


def _create(api: Api, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(CREATE, {"input": input_})["createCollection"]
    assert result["userErrors"] == [], result
    collection: dict[str, Any] = result["collection"]
    return collection


def test_creating_collections(api: Api) -> None:
    spring = _create(api, name="SS28")
    autumn = _create(api, name="AW27", status="INACTIVE", uri="aw-27")

    assert spring == {"id": spring["id"], "name": "SS28", "status": "ACTIVE", "uri": "ss28"}
    assert autumn == {"id": autumn["id"], "name": "AW27", "status": "INACTIVE", "uri": "aw-27"}
    assert api.ok(
        """{
          active: collections(where: {status: ACTIVE}) { name }
          byName: collections(where: {name: {equals: "AW27"}}) { uri status }
          sorted: collections(sort: [name_ASC]) { name }
        }"""
    ) == {
        "active": [{"name": "SS27"}, {"name": "SS28"}],  # SS27: the demo's
        "byName": [{"uri": "aw-27", "status": "INACTIVE"}],
        "sorted": [{"name": "AW27"}, {"name": "SS27"}, {"name": "SS28"}],
    }


@pytest.mark.parametrize(
    ("input_", "message", "path"),
    [
        ({"name": "SS27"}, 'A collection named "SS27" already exists', ["input", "name"]),
        ({"name": ""}, "A collection needs a name", ["input", "name"]),
        (
            {"name": "AW27", "uri": "ss27"},
            'Another collection has the uri "ss27"',
            ["input", "uri"],
        ),
        ({"name": "AW27", "uri": "aw/27"}, "is not a valid uri", ["input", "uri"]),
        ({"name": "AW27", "uri": "x" * 256}, "at most 255 characters", ["input", "uri"]),
    ],
)
def test_bad_collection_input_gives_user_errors_and_changes_nothing(
    api: Api, input_: dict[str, Any], message: str, path: list[str]
) -> None:
    before = api.ok(COLLECTIONS)  # holds the demo's SS27

    result = api.ok(CREATE, {"input": input_})["createCollection"]

    assert result["collection"] is None
    (error,) = result["userErrors"]
    assert message in error["message"]
    assert error["path"] == path
    assert api.ok(COLLECTIONS) == before


def test_updating_a_collection(api: Api) -> None:
    collection = _create(api, name="SS28", uri="spring")
    api.ok(
        "mutation($id: Int!) { setIdConversions(input: {objectType: Collection, internalId: $id, "
        'externalId: "C-SS28"}) { userErrors { message } } }',
        {"id": collection["id"]},
    )

    renamed = api.ok(UPDATE, {"externalId": "C-SS28", "input": {"name": "SS 2028"}})
    regenerated = api.ok(
        UPDATE, {"id": collection["id"], "input": {"uri": "", "status": "INACTIVE"}}
    )

    assert renamed["updateCollection"]["collection"]["uri"] == "spring"
    assert regenerated["updateCollection"]["collection"] == {
        "id": collection["id"],
        "name": "SS 2028",
        "status": "INACTIVE",
        "uri": "ss-2028",
    }
    assert api.ok('{ collection(externalId: "C-SS28") { name } }') == {
        "collection": {"name": "SS 2028"}
    }


@pytest.mark.parametrize(
    ("input_", "message"),
    [
        ({"name": "AW27"}, 'A collection named "AW27" already exists'),
        ({"uri": "aw27"}, 'Another collection has the uri "aw27"'),
        ({"uri": "AW27"}, "is not a valid uri"),
        ({"name": "   "}, "needs a name"),
    ],
)
def test_bad_collection_updates_change_nothing(
    api: Api, input_: dict[str, Any], message: str
) -> None:
    collection = _create(api, name="SS28")
    _create(api, name="AW27")
    before = api.ok(COLLECTIONS)

    result = api.ok(UPDATE, {"id": collection["id"], "input": input_})["updateCollection"]

    assert result["collection"] is None
    assert message in result["userErrors"][0]["message"]
    assert api.ok(COLLECTIONS) == before
