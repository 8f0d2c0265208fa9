"""One log line per request with its id, operation, status, duration and complexity; the id
in the response's X-Request-Id; never a token or a cookie in the log."""

from __future__ import annotations

import json
import logging

import pytest

from mercato.http.logs import JsonFormatter, logging_config
from tests.support import Api


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "mercato.request"]


def test_a_query_is_logged_with_its_id_operation_status_and_complexity(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mercato.request")
    response = api.client.post(
        "/graphql",
        json={"query": "query Stores { stores { id } }"},
        headers={"Authorization": f"Bearer {api.qa_token}"},
    )
    [record] = _lines(caplog)
    fields = record.__dict__["request"]
    assert fields["request_id"] == response.headers["x-request-id"]
    assert fields["operation"] == "query Stores"
    assert fields["status"] == 200
    assert fields["complexity"] == response.json()["extensions"]["complexity"]
    assert fields["duration_ms"] >= 0
    assert record.getMessage().startswith(f"{fields['request_id']} POST /graphql 200 ")


@pytest.mark.one_backend
def test_no_token_or_cookie_reaches_the_log(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.client.cookies.set("graphql-access", api.qa_token)
    api.client.post("/graphql", json={"query": "{ stores { id } }"})
    api.client.post("/graphql", json={"query": "{"}, headers={"Authorization": "Bearer mrc_x"})
    api.client.get("/graphql?token=" + api.qa_token)
    api.client.cookies.clear()
    # The test client's own log (httpx) shows the URL it was given; the server's must not.
    logged = "\n".join(
        record.getMessage() + str(record.__dict__)
        for record in caplog.records
        if record.name.startswith(("mercato", "uvicorn"))
    )
    assert api.qa_token not in logged
    assert "mrc_x" not in logged
    assert len(_lines(caplog)) == 3


@pytest.mark.one_backend
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/graphql"), ("GET", "/healthz"), ("GET", "/nowhere"), ("OPTIONS", "/graphql")],
)
def test_every_response_carries_a_request_id(api: Api, method: str, path: str) -> None:
    response = api.client.request(method, path, headers={"Origin": "https://x.example"})
    assert len(response.headers["x-request-id"]) >= 16


@pytest.mark.one_backend
def test_an_error_s_message_names_the_same_request_id(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("mercato.http.graphql_endpoint.authenticate", broken)
    response = api.client.post(
        "/graphql",
        json={"query": "{ stores { id } }"},
        headers={"Authorization": f"Bearer {api.qa_token}"},
    )
    assert response.status_code == 500
    assert response.headers["x-request-id"] in response.json()["errors"][0]["message"]
    assert "boom" not in response.text


@pytest.mark.one_backend
def test_a_caller_s_own_request_id_is_kept_when_it_is_a_plain_token(api: Api) -> None:
    kept = api.client.get("/healthz", headers={"X-Request-Id": "lb-1234.abc"})
    assert kept.headers["x-request-id"] == "lb-1234.abc"
    replaced = api.client.get("/healthz", headers={"X-Request-Id": "a b\tc<script>"})
    assert replaced.headers["x-request-id"] != "a b\tc<script>"


def test_json_lines_carry_the_request_s_fields() -> None:
    record = logging.LogRecord("mercato.request", logging.INFO, __file__, 1, "line", (), None)
    record.request = {"request_id": "abc", "status": 200, "operation": "query Stores"}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "abc"
    assert entry["operation"] == "query Stores"
    assert entry["level"] == "INFO"


def test_the_server_s_logging_follows_the_setting() -> None:
    assert "JsonFormatter" in str(logging_config("json")["formatters"])
    assert "JsonFormatter" not in str(logging_config("text")["formatters"])
    assert logging_config("text")["loggers"]["uvicorn.access"]["handlers"] == []
