"""One log line per request, and its request id on every response (``X-Request-Id``).

The id is the caller's own ``X-Request-Id`` when it is a plain token (a proxy's id, so one id
follows the request through both logs), else a new one. The GraphQL endpoint adds what it
knows (operation, complexity) to the request's state; the line is written when the response
has gone. It holds no header, cookie, query string or body: a token can never reach the log.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("mercato.request")

REQUEST_ID_HEADER = "X-Request-Id"
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
#: Keys of ``scope["state"]`` the endpoint fills for the log line.
OPERATION = "graphql_operation"
COMPLEXITY = "graphql_complexity"


def request_id_of(scope: Scope) -> str:
    request_id: str = scope["state"]["request_id"]
    return request_id


class RequestLog:
    """Pure ASGI middleware (it must see every response, preflights and 404s included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _given_id(scope) or uuid.uuid4().hex[:16]
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "request_id": request_id,
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": duration_ms,
                "operation": state.get(OPERATION),
                "complexity": state.get(COMPLEXITY),
            }
            logger.info(_line(fields), extra={"request": fields})


def _given_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _GIVEN_ID.match(text) else None
    return None


def _line(fields: dict[str, Any]) -> str:
    line = (
        f"{fields['request_id']} {fields['method']} {fields['path']} {fields['status']} "
        f"{fields['duration_ms']} ms"
    )
    if fields["operation"] is not None:
        line += f" {fields['operation']} complexity={fields['complexity']}"
    return line
