"""``POST /graphql``: the life of a request.

    Origin / content-type checks (CSRF)  -> 403 / 415 (same origin or MERCATO_ALLOWED_ORIGINS)
    token from Bearer header or cookie   -> 403 when missing, unknown, revoked or expired
    JSON body                            -> 400 when malformed or batched
    prepare: parse, validate, plan, bind -> 400 with errors (cached per document)
    rate limits: one shared budget/token -> 429 with Retry-After
    execute                              -> 200 {data, errors?, extensions}

Everything that touches the database runs in a worker thread; the event loop only moves bytes.
"""

from __future__ import annotations

import gc
import logging
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from mercato import __version__
from mercato.api.caller import IntegrationExternalIds, RequestServices
from mercato.auth import rate_limits
from mercato.auth.services import authenticate
from mercato.db.database import Database
from mercato.errors import AuthenticationError, RateLimitedError
from mercato.graphql.context import RequestContext
from mercato.graphql.engine import Engine, Prepared
from mercato.graphql.errors import RequestRejectedError
from mercato.http.request_log import COMPLEXITY, OPERATION, request_id_of
from mercato.settings import Settings

logger = logging.getLogger("mercato.http")
APP_VERSION = f"v{__version__}"


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] | None = None
    #: for the request log: ``query Stores``, ``mutation`` (anonymous), None when not planned
    operation: str | None = None


def extensions(
    prepared: Prepared | None, input_permissions: set[str] | None = None
) -> dict[str, Any]:
    """The envelope's ``extensions``; ``input_permissions``: those the request's input called
    for while it ran (``RequestContext.permissions_used``), besides the selection's."""
    if prepared is None:
        return {"complexity": 0, "permissionsUsed": [], "appVersion": APP_VERSION}
    used = prepared.permissions_used
    if input_permissions and not input_permissions.issubset(used):
        used = sorted(input_permissions.union(used))
    result: dict[str, Any] = {
        "complexity": prepared.complexity,
        "permissionsUsed": used,
        "appVersion": APP_VERSION,
    }
    if prepared.deprecated_permissions_used:
        result["deprecatedPermissionsUsed"] = prepared.deprecated_permissions_used
    return result


def _error(
    status: int, message: str, category: str, headers: dict[str, str] | None = None
) -> Outcome:
    body = {
        "errors": [{"message": message, "extensions": {"category": category}}],
        "extensions": extensions(None),
    }
    return Outcome(status, body, headers)


class CollectionPause:
    """No cyclic garbage collection while a request runs.

    A request allocates many containers and frees almost none of them before it ends (a
    10,000-row setStock allocates some 250,000: its variables, the command, the rows read,
    the ledger lines), so each generational pass on the way (one per 700 new containers,
    and a full pass over every live object of the process now and then) finds nothing to
    free. Reference counting still frees everything that is not in a cycle; cycles wait
    until no request runs. Requests overlap in worker threads and the switch is
    process-wide: the first request to start turns collection off, the last to end turns it
    back on (when it was on). Under a load where requests always overlap, a request that
    ends with more than ``YOUNG_LIMIT`` containers pending collects the young generations."""

    YOUNG_LIMIT = 200_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._running -= 1
            if not self._was_enabled:
                return
            if self._running == 0:
                gc.enable()
            elif gc.get_count()[0] > self.YOUNG_LIMIT:
                gc.collect(1)


#: One per process: the switch it guards is process-wide.
COLLECTION_PAUSE = CollectionPause()


class GraphQLEndpoint:
    def __init__(self, settings: Settings, database: Database, engine: Engine) -> None:
        self.settings = settings
        self.database = database
        self.engine = engine
        self.dialect = database.sql

    async def handle_request(self, request: Request) -> Response:
        refusal = self._transport_refusal(request)
        if refusal is not None:
            return _respond(refusal)
        token = _token(request)
        body = await request.body()
        outcome = await run_in_threadpool(self.handle, token, body, request_id_of(request.scope))
        log_fields = request.scope["state"]
        log_fields[OPERATION] = outcome.operation
        log_fields[COMPLEXITY] = outcome.body.get("extensions", {}).get("complexity")
        return _respond(outcome)

    def _transport_refusal(self, request: Request) -> Outcome | None:
        origin = request.headers.get("origin")
        if origin is not None and not self._origin_allowed(origin, request):
            return _error(
                403,
                f"Requests from origin {origin} are not allowed: add it to "
                "MERCATO_ALLOWED_ORIGINS to let that site call the API.",
                "forbidden",
            )
        content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            return _error(
                415, "Send the operation as a POST with Content-Type: application/json.", "request"
            )
        return None

    def _origin_allowed(self, origin: str, request: Request) -> bool:
        """The page's own origin (the explorer, wherever the server is reached: 127.0.0.1,
        localhost, a host name), or one of MERCATO_ALLOWED_ORIGINS."""
        host = request.headers.get("host")
        if host is not None and origin in (f"http://{host}", f"https://{host}"):
            return True
        allowed = self.settings.allowed_origins
        return origin in allowed or "*" in allowed

    def handle(self, token: str | None, body: bytes, request_id: str | None = None) -> Outcome:
        request_id = request_id or uuid.uuid4().hex[:16]
        try:
            with COLLECTION_PAUSE:
                return self._handle(token, body)
        except Exception:
            logger.exception("request %s failed", request_id)
            return _error(500, f"Internal server error (request id {request_id}).", "internal")

    def _handle(self, token: str | None, body: bytes) -> Outcome:
        try:
            identity = authenticate(self.database, token, environment=self.settings.environment)
        except AuthenticationError as error:
            return _error(403, str(error), "authentication")
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _error(400, "The request body is not valid JSON.", "request")
        if isinstance(payload, list):
            return _error(
                400,
                "Batched operations (a JSON array) are not supported: send one operation per request.",
                "request",
            )
        query = payload.get("query") if isinstance(payload, dict) else None
        variables = payload.get("variables") if isinstance(payload, dict) else None
        operation_name = payload.get("operationName") if isinstance(payload, dict) else None
        if not isinstance(query, str) or not query.strip():
            return _error(400, 'The request body needs a "query" string.', "request")
        if variables is not None and not isinstance(variables, dict):
            return _error(400, '"variables" must be a JSON object.', "request")
        if operation_name is not None and not isinstance(operation_name, str):
            return _error(400, '"operationName" must be a string.', "request")
        try:
            # A NUL reaches a JSON string only as the escape \u0000: without it in the body,
            # the engine need not look for NUL in every variable value.
            prepared = self.engine.prepare(
                query,
                operation_name,
                variables,
                identity.grants,
                variables_hold_no_nul=b"\\u0000" not in body,
            )
        except RequestRejectedError as rejected:
            return Outcome(400, {"errors": rejected.errors, "extensions": extensions(None)})
        if self.settings.rate_limits_enabled:
            try:
                rate_limits.consume(
                    self.database,
                    identity.token_id,
                    self.settings.rate_limit_quotas,
                    requests=1,
                    complexity=prepared.complexity,
                    mutations=prepared.mutation_count,
                )
            except RateLimitedError as limited:
                retry = formatdate(limited.retry_at_epoch, usegmt=True)
                refused = _error(429, str(limited), "rate-limit", {"Retry-After": retry})
                return Outcome(refused.status, refused.body, refused.headers, _operation(prepared))
        context = RequestContext(
            database=self.database,
            dialect=self.dialect,
            grants=identity.grants,
            external_ids=IntegrationExternalIds(
                identity.integration_name, self.dialect.placeholder
            ),
            store_id=identity.store_id,
            services=RequestServices(identity, self.database, self.settings),
        )
        response = self.engine.execute(prepared, context)
        response["extensions"] = extensions(prepared, context.permissions_used)
        return Outcome(200, response, operation=_operation(prepared))


def _operation(prepared: Prepared) -> str:
    operation = prepared.bound.plan.operation
    name = f" {operation.name.value}" if operation.name else ""
    return f"{operation.operation.value}{name}"


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return header.strip()
    return request.cookies.get("graphql-access")


def _respond(outcome: Outcome) -> Response:
    return Response(
        orjson.dumps(outcome.body),
        status_code=outcome.status,
        media_type="application/json",
        headers=outcome.headers,
    )
