"""What the engine needs from the request around it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from mercato.db.dialect import SqlDialect


class Reader(Protocol):
    def fetch_all(self, sql: str, parameters: Any = ()) -> list[tuple[Any, ...]]: ...


class ReadSource(Protocol):
    def read(self) -> AbstractContextManager[Reader]: ...


class Grants(Protocol):
    """The calling token's permissions."""

    def allows(self, permission: str) -> bool: ...

    def deprecated_grant_for(self, permission: str) -> str | None:
        """The deprecated permission name through which ``permission`` is granted, if the
        current name itself is not granted."""
        ...


class ExternalIds(Protocol):
    def internal_id(self, reader: Reader, object_type: str, external_id: str) -> int | None: ...


@dataclass
class RequestContext:
    database: ReadSource
    dialect: SqlDialect
    grants: Grants
    external_ids: ExternalIds
    store_id: int | None = None
    #: Application objects for RootValue resolvers and mutation handlers (token, settings...).
    services: Any = None
    #: Set while an operation runs.
    reader: Reader | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: Small tables loaded once per request on first use (see Computed.lookups).
    lookup_cache: dict[str, Any] = field(default_factory=dict)
    #: Concrete type of objects shaped for abstract fields, by ``id()`` of the shaped dict.
    concrete_types: dict[int, str] = field(default_factory=dict)
    #: Nested fields that failed as a whole (message, category), by ``id()`` of their plan.
    field_failures: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: Permissions the input rather than the selection called for (for instance
    #: ``Product.attributes:write`` for attributes inside a product's input), reported in
    #: ``permissionsUsed`` with the plan's own.
    permissions_used: set[str] = field(default_factory=set)
    #: Whether some Int field's value was out of range (``compiler.OutOfRange``): the engine
    #: then makes those fields null, each with an error.
    out_of_range: bool = False

    def iter_errors(self) -> Iterator[dict[str, Any]]:
        return iter(self.errors)
