"""``migrateDeprecatedPermissions`` (admin): the handler and its payload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import Handler, ok, writer
from mercato.auth.permission_migration import migrate_deprecated_permissions
from mercato.graphql.context import RequestContext


def migrate(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    dry_run = bool(arguments["dryRun"])
    migrations = migrate_deprecated_permissions(writer(context), dry_run=dry_run)
    return ok(
        dryRun=dry_run,
        migrations=[
            {
                "graphQLAccessId": m.token_id,
                "deprecatedPermissions": list(m.deprecated),
                "permissions": list(m.permissions),
            }
            for m in migrations
        ],
    )


MUTATIONS: Mapping[str, Handler] = {"migrateDeprecatedPermissions": migrate}
