"""ID conversion: per-integration external ids, overwrite on collision, idempotent unset."""

from __future__ import annotations

from tests.support import Api

SET = """
mutation($input: [IdConversionSetInput!]!) {
  setIdConversions(input: $input) {
    entries { objectType internalId externalId integrationName }
    userErrors { message path }
  }
}"""
UNSET = """
mutation($input: [IdConversionUnsetInput!]!) {
  unsetIdConversions(input: $input) { userErrors { message path } }
}"""
LIST = "{ idConversions { objectType internalId externalId } }"


def test_set_list_and_resolve(api: Api) -> None:
    result = api.ok(
        SET, {"input": [{"objectType": "Warehouse", "internalId": 1, "externalId": "WH-1"}]}
    )
    assert result["setIdConversions"]["entries"] == [
        {"objectType": "Warehouse", "internalId": 1, "externalId": "WH-1", "integrationName": "qa"}
    ]
    assert api.ok('{ warehouse(externalId: "WH-1") { name } }') == {
        "warehouse": {"name": "Default Warehouse"}
    }


def test_a_single_object_is_accepted_as_a_list(api: Api) -> None:
    result = api.ok(
        'mutation { setIdConversions(input: {objectType: Store, internalId: 2, externalId: "B2B"}) '
        "{ entries { internalId } userErrors { message } } }"
    )
    assert result["setIdConversions"]["entries"] == [{"internalId": 2}]


def test_a_colliding_entry_overwrites_the_old_one(api: Api) -> None:
    api.ok(SET, {"input": [{"objectType": "Market", "internalId": 1, "externalId": "M"}]})
    api.ok(SET, {"input": [{"objectType": "Market", "internalId": 2, "externalId": "M"}]})
    assert api.ok(LIST) == {
        "idConversions": [{"objectType": "Market", "internalId": 2, "externalId": "M"}]
    }


def test_integrations_do_not_see_each_others_tables(api: Api) -> None:
    api.ok(SET, {"input": [{"objectType": "Market", "internalId": 1, "externalId": "M"}]})
    other = api.token("IdConversion:read", "Market:read", integration="other-erp")
    assert api.ok(LIST, token=other) == {"idConversions": []}
    assert api.ok('{ market(externalId: "M") { id } }', token=other) == {"market": None}


def test_unknown_internal_ids_are_user_errors_and_nothing_is_written(api: Api) -> None:
    result = api.ok(
        SET,
        {
            "input": [
                {"objectType": "Market", "internalId": 1, "externalId": "ok"},
                {"objectType": "Market", "internalId": 999, "externalId": "bad"},
            ]
        },
    )["setIdConversions"]
    assert result["entries"] is None
    assert result["userErrors"] == [
        {"message": "Could not find Market with ID 999.", "path": ["input", "1", "internalId"]}
    ]
    assert api.ok(LIST) == {"idConversions": []}


def test_unset_is_idempotent(api: Api) -> None:
    api.ok(SET, {"input": [{"objectType": "Market", "internalId": 1, "externalId": "M"}]})
    for _ in range(2):
        result = api.ok(
            UNSET, {"input": [{"objectType": "Market", "idConversion": {"externalId": "M"}}]}
        )
        assert result["unsetIdConversions"]["userErrors"] == []
    assert api.ok(LIST) == {"idConversions": []}


def test_a_token_without_integration_name_gets_a_clear_error(api: Api) -> None:
    token = api.token("IdConversion:write", "IdConversion:read", integration=None)
    result = api.ok(
        SET, {"input": [{"objectType": "Market", "internalId": 1, "externalId": "M"}]}, token=token
    )
    assert "integration name" in result["setIdConversions"]["userErrors"][0]["message"]
