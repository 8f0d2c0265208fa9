"""Who is calling, and the application objects root resolvers and mutations may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mercato.auth.services import Identity
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.graphql.context import Reader, RequestContext
from mercato.settings import Settings


@dataclass(frozen=True)
class RequestServices:
    """The request's caller and the application objects (``RequestContext.services``)."""

    identity: Identity
    database: Database
    settings: Settings
    #: What mutation handlers hand to services: every write goes through it.
    writer: Writer = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "writer", Writer(self.database, self.identity.caller))


def services_of(context: RequestContext) -> RequestServices:
    services = context.services
    if not isinstance(services, RequestServices):
        raise TypeError("The request context carries no RequestServices.")
    return services


@dataclass(frozen=True)
class IntegrationExternalIds:
    """External ids as the calling token's integration knows them."""

    integration_name: str | None
    placeholder: str

    def internal_id(self, reader: Reader, object_type: str, external_id: str) -> int | None:
        if self.integration_name is None:
            return None
        ph = self.placeholder
        rows: list[tuple[Any, ...]] = reader.fetch_all(
            "SELECT internal_id FROM id_conversions WHERE integration_name = "
            f"{ph} AND object_type = {ph} AND external_id = {ph}",
            (self.integration_name, object_type, external_id),
        )
        return int(rows[0][0]) if rows else None
