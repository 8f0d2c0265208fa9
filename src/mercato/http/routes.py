"""Routes (the GraphQL endpoint, the explorer, the health check) and the middleware around
them: the request log outermost, so that every response carries its request id, then CORS."""

from __future__ import annotations

from sqlalchemy import text
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mercato.db.database import Database
from mercato.graphql.engine import Engine
from mercato.http import explorer_page
from mercato.http.graphql_endpoint import GraphQLEndpoint
from mercato.http.request_log import REQUEST_ID_HEADER, RequestLog
from mercato.settings import Settings


def routes(settings: Settings, database: Database, engine: Engine) -> list[BaseRoute]:
    endpoint = GraphQLEndpoint(settings, database, engine)

    async def health(_request: Request) -> Response:
        try:
            with database.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return [
        Route("/graphql", endpoint.handle_request, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
        *explorer_page.routes(),
    ]


def middleware(settings: Settings) -> list[Middleware]:
    """CORS for the origins of ``MERCATO_ALLOWED_ORIGINS`` only. Without credentials: a page
    of another site must send its own token (``Authorization``); the browser never attaches
    the ``graphql-access`` cookie to its requests, so an allowed site cannot act with the
    cookie of someone who uses the explorer."""
    return [
        Middleware(RequestLog),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.allowed_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
            allow_credentials=False,
            max_age=600,
        ),
    ]
