"""Composition root: ``create_app(settings)`` builds the database, the engine and the ASGI app.
Nothing is created at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette

from mercato.api.build import build_engine
from mercato.db.database import Database
from mercato.http.routes import middleware, routes
from mercato.settings import Settings


@asynccontextmanager
async def _frozen_heap(_app: Starlette) -> AsyncIterator[None]:
    """Once the server has started: collect, then move every object alive now (modules, the
    schema, the engine's caches) into the permanent generation, so the full collections
    that run between requests scan only what requests left behind, not the whole heap."""
    gc.collect()
    gc.freeze()
    yield


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    freeze_heap: bool = False,
) -> Starlette:
    """``freeze_heap``: freeze the heap at startup (a server process; tests create many
    apps, and a frozen app's cycles would never be collected)."""
    settings = settings or Settings.from_environment()
    database = database or Database(settings.database_url)
    engine = build_engine(settings)
    app = Starlette(
        routes=routes(settings, database, engine),
        middleware=middleware(settings),
        lifespan=_frozen_heap if freeze_heap else None,
    )
    app.state.database = database
    app.state.engine = engine
    app.state.settings = settings
    return app


def asgi_app() -> Starlette:
    """Factory for ``uvicorn --factory mercato.app:asgi_app`` (used by ``mercato serve``)."""
    return create_app(freeze_heap=True)
