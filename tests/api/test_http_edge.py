"""The HTTP edge: transport rules, authentication answers, the envelope, request limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from mercato.clock import utc_now
from mercato.db import tables
from mercato.db.database import Database
from mercato.settings import Settings
from tests.support import Api


def test_the_cookie_carries_the_token_too(api: Api) -> None:
    api.client.cookies.set("graphql-access", api.qa_token)
    response = api.client.post("/graphql", json={"query": "{ stores { id } }"})
    api.client.cookies.clear()
    assert response.status_code == 200
    assert response.json()["data"]["stores"][0]["id"] == 1


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("nonsense", "malformed"),
        ("mrc_" + "A" * 36, "malformed"),
    ],
)
def test_bad_tokens_are_refused_with_a_reason(api: Api, token: str, message: str) -> None:
    response = api.query("{ stores { id } }", token=token)
    assert response.status == 403
    assert message in response.errors[0]["message"]
    assert response.extensions["permissionsUsed"] == []


def test_a_revoked_token_fails_on_the_very_next_request(api: Api) -> None:
    token = api.token("Store:read")
    assert api.query("{ stores { id } }", token=token).status == 200
    token_id = api.ok("{ graphQLAccess(sort: [id_DESC], limit: 1) { id } }")["graphQLAccess"][0][
        "id"
    ]
    api.ok(
        "mutation($id: Int!) { revokeAccessToken(accessToken: {id: $id}) "
        "{ graphQLAccess { isValid revokedAt } userErrors { message } } }",
        {"id": token_id},
    )
    response = api.query("{ stores { id } }", token=token)
    assert response.status == 403
    assert "revoked" in response.errors[0]["message"]


def test_an_expired_token_is_refused(api: Api, database: Database) -> None:
    token = api.token("Store:read")
    with database.write() as connection:
        connection.execute(
            update(tables.access_tokens)
            .where(tables.access_tokens.c.name == "test token")
            .values(expires_at=utc_now() - timedelta(minutes=1))
        )
    response = api.query("{ stores { id } }", token=token)
    assert response.status == 403
    assert "expired" in response.errors[0]["message"]


def test_only_json_posts_execute(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.qa_token}"}
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = api.client.post(
            "/graphql",
            content=b'{"query": "mutation { deleteMarket(id: 4) { userErrors { message } } }"}',
            headers={**headers, "Content-Type": content_type},
        )
        assert response.status_code == 415
    assert len(api.ok("{ markets { id } }")["markets"]) == 4


def test_get_serves_the_explorer_and_never_executes(api: Api) -> None:
    response = api.client.get("/graphql", params={"query": "{ stores { id } }"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Mercato" in response.text
    assert '"stores"' not in response.text


def test_a_foreign_origin_is_refused(api: Api) -> None:
    response = api.client.post(
        "/graphql",
        json={"query": "{ stores { id } }"},
        headers={"Authorization": f"Bearer {api.qa_token}", "Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'[{"query": "{ stores { id } }"}]', "Batched operations"),
        (b'{"variables": {}}', '"query" string'),
        (b'{"query": "{ stores { id } }", "variables": [1]}', '"variables" must be'),
    ],
)
def test_malformed_bodies_get_400(api: Api, body: bytes, message: str) -> None:
    response = api.client.post(
        "/graphql",
        content=body,
        headers={"Authorization": f"Bearer {api.qa_token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert response.json()["extensions"]["complexity"] == 0


def test_syntax_and_validation_errors_get_400_with_locations(api: Api) -> None:
    syntax = api.query("{ stores { id }")
    assert syntax.status == 400
    assert syntax.errors[0]["locations"]
    unknown = api.query("{ stores { nope } }")
    assert unknown.status == 400
    assert "nope" in unknown.errors[0]["message"]


def test_out_of_range_paging_is_an_error_not_a_clamp(api: Api) -> None:
    for arguments in ("limit: 0", "limit: 201", "page: 0"):
        response = api.query(f"{{ warehouses({arguments}) {{ id }} }}")
        assert response.status == 400, arguments
        assert "warehouses" in response.errors[0]["message"]


def test_complexity_over_the_ceiling_is_refused_before_execution(database: Database) -> None:
    settings = Settings(
        database_url="sqlite://", environment="test", rate_limits_enabled=False, max_complexity=50
    )
    with Api.start(database, settings) as api:
        response = api.query("{ markets { id assignedToCountries { code } } }")
    assert response.status == 400
    assert "complexity" in response.errors[0]["message"]
    assert "50" in response.errors[0]["message"]


def test_too_many_aliases_are_refused(api: Api) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    response = api.query(f"{{ {aliases} }}")
    assert response.status == 400
    assert "aliases" in response.errors[0]["message"]


def test_a_mutation_without_user_errors_in_its_selection_is_refused(api: Api) -> None:
    response = api.query(
        'mutation { createMarket(input: {name: "X", store: {id: 1}}) { market { id } } }'
    )
    assert response.status == 400
    assert "userErrors" in response.errors[0]["message"]
    assert len(api.ok("{ markets { id } }")["markets"]) == 4


def test_a_missing_nested_permission_nulls_only_that_field(api: Api) -> None:
    token = api.token("Market:read")

    response = api.query("{ markets(where: {id: [1, 2]}) { id name comment } }", token=token)

    assert response.status == 200
    assert response.data == {
        "markets": [
            {"id": 1, "name": "Sweden", "comment": None},
            {"id": 2, "name": "USA", "comment": None},
        ]
    }
    assert [e["path"] for e in response.errors] == [
        ["markets", 0, "comment"],
        ["markets", 1, "comment"],
    ]
    assert (
        response.errors[0]["message"]
        == "You need Market.comment:read permission to access comment."
    )
    assert response.extensions["permissionsUsed"] == ["Market.comment:read", "Market:read"]


def test_deprecated_permission_names_work_and_are_reported(api: Api) -> None:
    token = api.token("Market:read", "Market.Country:read")

    response = api.query(
        "{ markets(where: {id: 1}) { assignedToCountries { code } } }", token=token
    )

    assert response.status == 200
    assert response.data == {"markets": [{"assignedToCountries": [{"code": "SE"}]}]}
    assert response.extensions["deprecatedPermissionsUsed"] == [
        "Field: Market.assignedToCountries, deprecated: Market.Country:read, current: Country:read"
    ]


def test_rate_limited_requests_get_429_with_retry_after(database: Database) -> None:
    settings = Settings(database_url="sqlite://", environment="test")
    with Api.start(database, settings) as api:
        token = api.token("Store:read")
        statuses = [api.query("{ stores { id } }", token=token).status for _ in range(21)]
        limited = api.query("{ stores { id } }", token=token)
    assert statuses[:20] == [200] * 20
    assert limited.status == 429
    assert limited.headers["retry-after"].endswith("GMT")
    assert (
        "REQUEST_COUNT" in limited.errors[0]["message"]
        or "request" in limited.errors[0]["message"].lower()
    )


def test_rate_limits_report_the_buckets(database: Database) -> None:
    settings = Settings(database_url="sqlite://", environment="test")
    with Api.start(database, settings) as api:
        data = api.ok("{ rateLimits { type intervalSeconds quota usedQuota remainingQuota } }")
    buckets = {(b["type"], b["intervalSeconds"]): b for b in data["rateLimits"]}
    assert len(buckets) == 6
    request_count = buckets["REQUEST_COUNT", "TEN_SECONDS"]
    assert request_count["quota"] == 20
    assert request_count["usedQuota"] == 1
    assert request_count["usedQuota"] + request_count["remainingQuota"] == request_count["quota"]


def test_health_check(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}


def test_internal_errors_do_not_leak_details(api: Api, database: Database) -> None:
    with database.write() as connection:
        connection.exec_driver_sql("DROP TABLE market_countries")
    response = api.query("{ markets { id assignedToCountries { code } } }")
    assert response.status == 500
    message = response.errors[0]["message"]
    assert message.startswith("Internal server error (request id ")
    assert "market_countries" not in str(response.body)
    assert "Traceback" not in str(response.body)


def test_too_deep_operations_are_refused(database: Database) -> None:
    settings = Settings(
        database_url="sqlite://", environment="test", rate_limits_enabled=False, max_depth=3
    )
    with Api.start(database, settings) as api:
        shallow = api.query("{ markets { store { markets { id } } } }")
        deep = api.query("{ markets { store { markets { store { id } } } } }")
    assert shallow.status == 200
    assert deep.status == 400
    assert "levels deep" in deep.errors[0]["message"]


def test_junk_directives_cost_one_short_answer(api: Api) -> None:
    directives = " ".join("@aa" for _ in range(10))
    response = api.query(f"{{ stores {directives} {{ id }} }}")
    assert response.status == 400
    assert len(response.errors) <= 6
