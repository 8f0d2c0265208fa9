"""Token administration through the API (admin only) and the viewer."""

from __future__ import annotations

from tests.support import Api

CREATE = """
mutation($input: AccessTokenCreateInput!) {
  createAccessToken(input: $input) {
    accessToken
    graphQLAccess { id name integrationName permissions storeId isValid tokenPrefix }
    userErrors { message path }
  }
}"""


def test_an_admin_creates_a_least_privilege_token_that_works_at_once(api: Api) -> None:
    created = api.ok(
        CREATE,
        {
            "input": {
                "name": "ERP stock sync",
                "integrationName": "erp",
                "permissions": ["Warehouse:read"],
                "restrictions": {"store": {"id": 1}},
            }
        },
    )["createAccessToken"]
    assert created["userErrors"] == []
    token = created["accessToken"]
    assert token.startswith("mrc_")
    access = created["graphQLAccess"]
    assert access["permissions"] == ["Warehouse:read"]
    assert access["storeId"] == 1
    assert access["isValid"] is True
    assert token not in access["tokenPrefix"]
    viewer = api.ok(
        "{ viewer { name integrationName permissions restrictions { storeId } } }", token=token
    )
    assert viewer == {
        "viewer": {
            "name": "ERP stock sync",
            "integrationName": "erp",
            "permissions": ["Warehouse:read"],
            "restrictions": {"storeId": 1},
        }
    }
    assert api.query("{ stores { id } }", token=token).errors[0]["message"] == (
        "You need Store:read permission to access stores."
    )


def test_unknown_permission_names_are_user_errors(api: Api) -> None:
    created = api.ok(CREATE, {"input": {"name": "x", "permissions": ["Nope:read"]}})[
        "createAccessToken"
    ]
    assert created["accessToken"] is None
    assert "Unknown permission 'Nope:read'" in created["userErrors"][0]["message"]


def test_the_token_list_never_shows_secrets(api: Api) -> None:
    data = api.ok(
        "{ graphQLAccess { id name tokenPrefix permissions } integrationNames permissionNames }"
    )
    assert api.qa_token not in str(data)
    assert "qa" in data["integrationNames"]
    assert "Market:read" in data["permissionNames"]
    assert "admin" in data["permissionNames"]


def test_update_changes_permissions_immediately(api: Api) -> None:
    created = api.ok(CREATE, {"input": {"name": "x", "permissions": ["Store:read"]}})[
        "createAccessToken"
    ]
    token, token_id = created["accessToken"], created["graphQLAccess"]["id"]
    api.ok(
        'mutation($id: Int!) { updateAccessToken(accessToken: {id: $id}, input: {permissions: ["Market:read"]}) '
        "{ userErrors { message } } }",
        {"id": token_id},
    )
    assert api.query("{ stores { id } }", token=token).data == {"stores": None}
    assert api.ok("{ markets { id } }", token=token)["markets"]


def test_tokens_are_stored_only_as_hashes(api: Api) -> None:
    with api.database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM access_tokens").all()
    assert api.qa_token not in repr(rows)
    assert api.qa_token[4:] not in repr(rows)
