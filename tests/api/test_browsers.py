"""What browsers see: the explorer's page and files, its same-origin POSTs, and CORS for the
origins of MERCATO_ALLOWED_ORIGINS only (no credentials, so never the cookie)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mercato.db.database import Database
from mercato.http import explorer_page
from mercato.settings import Settings
from tests.support import Api

ERP = "https://erp.example.com"
QUERY = {"query": "{ stores { id } }"}


@pytest.fixture
def erp_api(database: Database) -> Iterator[Api]:
    settings = Settings(environment="test", rate_limits_enabled=False, allowed_origins=(ERP,))
    with Api.start(database, settings) as api:
        yield api


def _post(api: Api, **headers: str) -> tuple[int, dict[str, str]]:
    response = api.client.post(
        "/graphql", json=QUERY, headers={"Authorization": f"Bearer {api.qa_token}", **headers}
    )
    return response.status_code, dict(response.headers)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "mercato.internal"])
def test_the_explorer_s_own_origin_may_post_without_any_setting(api: Api, host: str) -> None:
    status, _ = _post(api, Origin=f"http://{host}", Host=host)
    assert status == 200


@pytest.mark.one_backend
def test_another_site_is_refused_and_told_which_setting_would_allow_it(api: Api) -> None:
    response = api.client.post(
        "/graphql",
        json=QUERY,
        headers={
            "Authorization": f"Bearer {api.qa_token}",
            "Origin": "http://127.0.0.1:8000.evil.example",
            "Host": "127.0.0.1:8000",
        },
    )
    assert response.status_code == 403
    assert "MERCATO_ALLOWED_ORIGINS" in response.json()["errors"][0]["message"]
    assert "access-control-allow-origin" not in response.headers


def test_an_allowed_origin_gets_the_answer_and_its_cors_header(erp_api: Api) -> None:
    status, headers = _post(erp_api, Origin=ERP)
    assert status == 200
    assert headers["access-control-allow-origin"] == ERP
    assert "x-request-id" in headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in headers


@pytest.mark.one_backend
def test_an_origin_not_allowed_gets_no_cors_header(erp_api: Api) -> None:
    status, headers = _post(erp_api, Origin="https://evil.example")
    assert status == 403
    assert "access-control-allow-origin" not in headers


@pytest.mark.one_backend
def test_the_preflight_of_an_allowed_origin_is_answered(erp_api: Api) -> None:
    response = erp_api.client.options(
        "/graphql",
        headers={
            "Origin": ERP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ERP
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.one_backend
def test_the_preflight_of_another_origin_is_refused(erp_api: Api) -> None:
    response = erp_api.client.options(
        "/graphql",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.one_backend
def test_the_explorer_is_graphiql_under_a_self_only_policy(api: Api) -> None:
    response = api.client.get("/graphql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    page = response.text
    assert "<script>" not in page  # every script is a file of this server
    for name in explorer_page.VENDOR_FILES:
        assert f"/explorer/vendor/{name}" in page
    assert "/explorer/explorer.js" in page


@pytest.mark.one_backend
@pytest.mark.parametrize(
    "path",
    [
        "/explorer/explorer.js",
        "/explorer/explorer.css",
        *(f"/explorer/vendor/{name}" for name in explorer_page.VENDOR_FILES),
    ],
)
def test_the_explorer_s_files_are_served_by_the_server_itself(api: Api, path: str) -> None:
    response = api.client.get(path)
    assert response.status_code == 200, "run `make install` (scripts/explorer_assets.py)"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert len(response.content) > 100


@pytest.mark.one_backend
def test_the_home_page_leads_to_the_explorer(api: Api) -> None:
    response = api.client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/graphql"


@pytest.mark.one_backend
def test_without_its_files_the_explorer_says_how_to_install_them(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explorer_page, "installed", lambda: False)
    response = api.client.get("/graphql")
    assert response.status_code == 503
    assert "make install" in response.text


@pytest.mark.one_backend
def test_a_wildcard_lets_every_site_call_with_its_own_token_but_never_the_cookie(
    database: Database,
) -> None:
    settings = Settings(environment="test", rate_limits_enabled=False, allowed_origins=("*",))
    with Api.start(database, settings) as api:
        status, headers = _post(api, Origin="https://anywhere.example")
        preflight = api.client.options(
            "/graphql",
            headers={"Origin": "https://anywhere.example", "Access-Control-Request-Method": "POST"},
        )
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert preflight.status_code == 200
    assert "access-control-allow-credentials" not in preflight.headers
