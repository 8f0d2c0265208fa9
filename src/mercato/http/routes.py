"""Routes: the GraphQL endpoint, its explorer page, and the health check."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mercato.db.database import Database
from mercato.graphql.engine import Engine
from mercato.http import media_files
from mercato.http.graphql_endpoint import GraphQLEndpoint
from mercato.settings import Settings

EXPLORER = (Path(__file__).parent / "explorer.html").read_text(encoding="utf-8")


def routes(settings: Settings, database: Database, engine: Engine) -> list[BaseRoute]:
    endpoint = GraphQLEndpoint(settings, database, engine)

    async def explorer(_request: Request) -> Response:
        # GET never executes an operation: it only serves the page that POSTs them.
        return HTMLResponse(
            EXPLORER, headers={"Content-Security-Policy": "default-src 'self' 'unsafe-inline'"}
        )

    async def health(_request: Request) -> Response:
        try:
            with database.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return [
        Route("/graphql", endpoint.handle_request, methods=["POST"]),
        Route("/graphql", explorer, methods=["GET"]),
        Route("/healthz", health, methods=["GET"]),
        *media_files.routes(settings, database),
    ]
