"""Composition root: ``create_app(settings)`` builds the database, the engine and the ASGI app.
Nothing is created at import time."""

from __future__ import annotations

from starlette.applications import Starlette

from mercato.api.build import build_engine
from mercato.db.database import Database
from mercato.http.routes import routes
from mercato.settings import Settings


def create_app(settings: Settings | None = None, database: Database | None = None) -> Starlette:
    settings = settings or Settings.from_environment()
    database = database or Database(settings.database_url)
    engine = build_engine(settings)
    app = Starlette(routes=routes(settings, database, engine))
    app.state.database = database
    app.state.engine = engine
    app.state.settings = settings
    return app


def asgi_app() -> Starlette:
    """Factory for ``uvicorn --factory mercato.app:asgi_app`` (used by ``mercato serve``)."""
    return create_app()
