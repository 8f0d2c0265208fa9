"""Who is calling, and the application objects root resolvers and mutations may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mercato.auth.services import Identity
from mercato.db.database import Database
from mercato.graphql.context import Reader, RequestContext
from mercato.settings import Settings


@dataclass(frozen=True)
class Caller:
    identity: Identity
    database: Database
    settings: Settings


def caller_of(context: RequestContext) -> Caller:
    caller = context.services
    if not isinstance(caller, Caller):
        raise TypeError("The request context carries no Caller.")
    return caller


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
