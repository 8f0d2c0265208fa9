"""No escalation through tokens: a token makes and changes tokens only within what it holds
itself (its permissions, its store restriction, its integration, its expiry), and a refused
request writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mercato.auth.services import create_token
from mercato.clock import to_iso, utc_now
from mercato.db.unit_of_work import Writer
from tests.store_restriction.snapshot import changed, snapshot
from tests.support import Api

CREATE = """
mutation($input: AccessTokenCreateInput!) {
  createAccessToken(input: $input) {
    accessToken
    graphQLAccess { id storeId integrationName expiresAt }
    userErrors { message path }
  }
}"""
UPDATE = """
mutation($id: Int!, $input: AccessTokenUpdateInput!) {
  updateAccessToken(accessToken: {id: $id}, input: $input) {
    graphQLAccess { id name }
    userErrors { message path }
  }
}"""
REVOKE = """
mutation($id: Int!) {
  revokeAccessToken(accessToken: {id: $id}) { graphQLAccess { id isValid } userErrors { message } }
}"""


def _create(api: Api, token: str, **members: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok(
        CREATE,
        {"input": {"name": "minted", "permissions": ["Market:read"], **members}},
        token=token,
    )["createAccessToken"]
    return result


def _refused(api: Api, document: str, variables: dict[str, Any], token: str) -> list[str]:
    """The messages of a request that must be refused without changing anything."""
    before = snapshot(api.database)
    payload = next(iter(api.ok(document, variables, token=token).values()))
    assert changed(before, snapshot(api.database)) == []
    assert payload["userErrors"], payload
    return [error["message"] for error in payload["userErrors"]]


def test_a_token_grants_only_permissions_it_holds(api: Api) -> None:
    admin = api.token("admin", "Market:read")
    (message,) = _refused(
        api, CREATE, {"input": {"name": "x", "permissions": ["Product:read"]}}, admin
    )
    assert "cannot grant Product:read" in message
    made = _create(api, admin)
    assert made["userErrors"] == []
    messages = _refused(
        api,
        UPDATE,
        {"id": made["graphQLAccess"]["id"], "input": {"permissions": ["Market:read", "*"]}},
        admin,
    )
    assert any("cannot grant *" in m for m in messages)


def test_a_token_changes_no_token_holding_more_than_it_but_may_revoke_one(api: Api) -> None:
    admin = api.token("admin", "Market:read")
    stronger = create_token(
        Writer.system(api.database), name="ERP", permissions=["Market:read", "Product:read"]
    )
    (message,) = _refused(api, UPDATE, {"id": stronger.id, "input": {"name": "mine"}}, admin)
    assert message == (
        f"This token cannot change access token {stronger.id}: it holds Product:read, which "
        "this token does not."
    )
    revoked = api.ok(REVOKE, {"id": stronger.id}, token=admin)["revokeAccessToken"]
    assert revoked == {"graphQLAccess": {"id": stronger.id, "isValid": False}, "userErrors": []}


def test_a_restricted_token_makes_tokens_of_its_store_only(api: Api) -> None:
    restricted = api.token("admin", "Market:read", store_id=1)
    made = _create(api, restricted)
    assert made["graphQLAccess"]["storeId"] == 1
    api.ok(
        'mutation { createMarket(input: {name: "Wholesale", store: {id: 2}}) { userErrors { message } } }'
    )
    everywhere = api.ok("{ markets { id } }")["markets"]
    in_store_1 = api.ok("{ markets(where: {storeId: [1]}) { id } }")["markets"]
    assert len(everywhere) > len(in_store_1)
    assert api.ok("{ markets { id } }", token=made["accessToken"])["markets"] == in_store_1
    other = _refused(
        api,
        CREATE,
        {
            "input": {
                "name": "x",
                "permissions": ["Market:read"],
                "restrictions": {"store": {"id": 2}},
            }
        },
        restricted,
    )
    unknown = _refused(
        api,
        CREATE,
        {
            "input": {
                "name": "x",
                "permissions": ["Market:read"],
                "restrictions": {"store": {"id": 9}},
            }
        },
        restricted,
    )
    assert [m.replace("2", "<store>") for m in other] == [
        m.replace("9", "<store>") for m in unknown
    ]


def test_a_restricted_token_gives_its_tokens_its_own_integration_or_none(api: Api) -> None:
    restricted = api.token("admin", "Market:read", integration="erp-1", store_id=1)
    assert _create(api, restricted, integrationName="erp-1")["userErrors"] == []
    none = _create(api, restricted)
    assert none["graphQLAccess"]["integrationName"] is None
    (message,) = _refused(
        api,
        CREATE,
        {"input": {"name": "x", "permissions": ["Market:read"], "integrationName": "erp-2"}},
        restricted,
    )
    assert 'its own integration name ("erp-1") or none' in message
    _refused(
        api,
        UPDATE,
        {"id": none["graphQLAccess"]["id"], "input": {"integrationName": "qa"}},
        restricted,
    )
    # A token without a store restriction names any integration.
    assert (
        _create(api, api.token("admin", "Market:read"), integrationName="erp-2")["userErrors"] == []
    )


def test_a_token_makes_no_token_that_outlives_it(api: Api) -> None:
    expires = utc_now().replace(microsecond=0) + timedelta(days=10)
    admin = create_token(
        Writer.system(api.database),
        name="short-lived admin",
        permissions=["admin", "Market:read"],
        integration_name="qa",
        expires_at=expires,
    ).token
    made = _create(api, admin)
    assert made["graphQLAccess"]["expiresAt"] == to_iso(expires)
    later = to_iso(expires + timedelta(days=1))
    (message,) = _refused(
        api,
        CREATE,
        {"input": {"name": "x", "permissions": ["Market:read"], "expiresAt": later}},
        admin,
    )
    assert "cannot be later than this token's own expiry" in message
    _refused(api, UPDATE, {"id": made["graphQLAccess"]["id"], "input": {"expiresAt": later}}, admin)


def test_a_new_integration_gets_its_size_ids_in_the_unit_of_work_of_its_token(api: Api) -> None:
    api.ok(
        'mutation { createSizeChart(input: {name: "Tops", horizontalLabels: ["S", "M"]}) '
        "{ userErrors { message } } }"
    )
    made = _create(api, api.qa_token, integrationName="wms")
    assert made["userErrors"] == []
    with api.database.read() as reader:
        entries = reader.fetch_all(
            "SELECT external_id FROM id_conversions WHERE integration_name = 'wms' "
            "AND object_type = 'Size' ORDER BY external_id"
        )
    assert [row[0] for row in entries] == ["Tops|M", "Tops|S"]
    # A restricted admin's token (its own integration) is one unit of work too: no refusal
    # of the size charts it does not write, and the token is there.
    restricted = api.token("admin", "Market:read", integration="wms", store_id=1)
    assert _create(api, restricted, integrationName="wms")["userErrors"] == []
