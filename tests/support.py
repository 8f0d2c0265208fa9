"""Test helpers: an API client that speaks GraphQL over HTTP, and a statement log."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from mercato.app import create_app
from mercato.auth.permissions import ALL_PERMISSIONS
from mercato.auth.services import create_token
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.settings import Settings


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    def __call__(self, sql: str) -> None:
        self.statements.append(sql)

    def reset(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)


@dataclass
class Response:
    status: int
    body: dict[str, Any]
    headers: Mapping[str, str]

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        errors: list[dict[str, Any]] = self.body.get("errors", [])
        return errors

    @property
    def extensions(self) -> dict[str, Any]:
        extensions: dict[str, Any] = self.body["extensions"]
        return extensions


@dataclass
class Api:
    client: TestClient
    database: Database
    qa_token: str

    @classmethod
    @contextmanager
    def start(cls, database: Database, settings: Settings | None = None) -> Iterator[Api]:
        settings = settings or Settings(
            database_url="sqlite://", environment="test", rate_limits_enabled=False
        )
        app = create_app(settings, database)
        token = create_token(
            Writer.system(database),
            name="QA",
            permissions=[ALL_PERMISSIONS],
            integration_name="qa",
            environment="test",
        ).token
        with TestClient(app) as client:
            yield cls(client, database, token)

    def token(
        self, *permissions: str, integration: str | None = "qa", store_id: int | None = None
    ) -> str:
        return create_token(
            Writer.system(self.database),
            name="test token",
            permissions=list(permissions),
            integration_name=integration,
            store_id=store_id,
            environment="test",
        ).token

    def query(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
        operation_name: str | None = None,
    ) -> Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        response = self.client.post(
            "/graphql", json=body, headers={"Authorization": f"Bearer {token or self.qa_token}"}
        )
        return Response(response.status_code, response.json(), response.headers)

    def ok(self, query: str, variables: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        """Data of a request that must succeed without any error."""
        response = self.query(query, variables, **kwargs)
        assert response.status == 200, response.body
        assert not response.errors, response.errors
        return response.data


def without(items: Sequence[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != key} for item in items]
