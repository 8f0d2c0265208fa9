"""The explorer: GraphiQL at ``GET /graphql``, its files under ``/explorer/``.

The page and its glue (``explorer/index.html``, ``explorer.js``, ``explorer.css``) are ours;
GraphiQL and React are installed into ``explorer/vendor/`` by ``scripts/explorer_assets.py``
(``make install``) and served from there, so the page needs no other site, works offline, and
runs under a policy that allows nothing but this server (no inline script; the only
``data:`` URLs are the fonts and images inside GraphiQL's stylesheet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

FILES = Path(__file__).parent / "explorer"
VENDOR_FILES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
NOT_INSTALLED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mercato explorer</title></head>
<body><h1>The explorer's files are not installed</h1>
<p>GraphiQL is installed with the project: run <code>make install</code> (or
<code>.venv/bin/python scripts/explorer_assets.py</code>) in the repository, then reload.
The API itself works: <code>POST /graphql</code>.</p></body></html>
"""


class _Files(StaticFiles):
    """The explorer's files, each with the page's headers (a file opened on its own, such as
    ``/explorer/index.html``, runs under the same policy)."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(_PAGE_HEADERS)
        return response


def installed() -> bool:
    return all((FILES / "vendor" / name).exists() for name in VENDOR_FILES)


async def explorer(_request: Request) -> Response:
    # GET never executes an operation: it only serves the page that POSTs them.
    if not installed():
        return HTMLResponse(NOT_INSTALLED, status_code=503, headers=_PAGE_HEADERS)
    page = (FILES / "index.html").read_bytes()
    return HTMLResponse(page, headers=_PAGE_HEADERS)


async def home(_request: Request) -> Response:
    return RedirectResponse("/graphql", status_code=307)


def routes() -> list[BaseRoute]:
    return [
        Route("/", home, methods=["GET"]),
        Route("/graphql", explorer, methods=["GET"]),
        Mount("/explorer", _Files(directory=FILES, check_dir=False), name="explorer"),
    ]
