"""``migrateDeprecatedPermissions`` (reference 1.2): rewrite the pre-3.7 permission names that
tokens still hold into their current names.

Each deprecated name a token holds becomes the current name ``current_name`` gives it (the
same mapping that grants it on every request, so a migrated token can do exactly what it could
before); names without a certain current name are left as they are, and repeats are dropped.
With ``dry_run`` (the reference's default) nothing is written: the result says what would
change. Revoked and expired tokens are migrated too (they may be extended later). A
store-restricted administrator migrates the tokens of its own store only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, update

from mercato.auth.permissions import CURRENT_PERMISSIONS, current_name
from mercato.db.tables import access_tokens
from mercato.db.unit_of_work import Change, Writer


@dataclass(frozen=True)
class PermissionMigration:
    """One token whose permission list changes (or would)."""

    token_id: int
    #: The deprecated names it held, in its list's order.
    deprecated: tuple[str, ...]
    #: Its whole new list.
    permissions: tuple[str, ...]


def migrated_permissions(names: tuple[str, ...]) -> tuple[str, ...]:
    """The list with each deprecated name replaced by its current name, repeats dropped."""
    result: dict[str, None] = {}
    for name in names:
        current = None if name in CURRENT_PERMISSIONS else current_name(name)
        result[current or name] = None
    return tuple(result)


def migrate_deprecated_permissions(writer: Writer, *, dry_run: bool) -> list[PermissionMigration]:
    migrations: list[PermissionMigration] = []
    with writer.begin("GraphQLAccess") as work:
        connection = work.connection
        query = select(access_tokens.c.id, access_tokens.c.permissions, access_tokens.c.store_id)
        if writer.caller.store_id is not None:
            query = query.where(access_tokens.c.store_id == writer.caller.store_id)
        rows = connection.execute(query.order_by(access_tokens.c.id).with_for_update()).all()
        for row in rows:
            held = tuple(json.loads(row.permissions))
            new = migrated_permissions(held)
            if new == held:
                continue
            deprecated = tuple(
                n for n in held if n not in CURRENT_PERMISSIONS and current_name(n) is not None
            )
            migrations.append(PermissionMigration(int(row.id), deprecated, new))
            if not dry_run:
                connection.execute(
                    update(access_tokens)
                    .where(access_tokens.c.id == row.id)
                    .values(permissions=json.dumps(list(new)))
                )
                work.emit("GraphQLAccess", int(row.id), Change.UPDATED, store_id=row.store_id)
    return migrations
