"""Idempotency keys of stock writes.

A key is claimed by INSERT inside the transaction that makes the write's effect, so the key
and the effect commit together or not at all (a request that ends in userErrors leaves no
key). A concurrent request with the same key waits for the first: on PostgreSQL its INSERT
... ON CONFLICT waits for the first transaction to end, on SQLite the write transactions are
serialized by BEGIN IMMEDIATE. It then finds the stored key and answers with the stored
result. The same key with another input is a userError. Keys expire after 24 hours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from mercato.db import stock_tables
from mercato.errors import MutationWarning, UserInputError

LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class IdempotencyKey:
    #: Whose key it is: ``integration:<name>``, or ``token:<id>`` for a token without one.
    scope: str
    key: str
    #: SHA-256 of the canonical input (see ``fingerprint``).
    fingerprint: str


@dataclass(frozen=True)
class StoredResult:
    stock_change_ids: list[int]
    warnings: list[MutationWarning]


def fingerprint(operation: str, canonical_input: Mapping[str, Any]) -> str:
    """SHA-256 of the operation and its input, keys sorted: equal inputs, equal prints."""
    text = orjson.dumps([operation, canonical_input], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(text).hexdigest()


def claim(
    connection: Connection,
    operation: str,
    key: IdempotencyKey,
    now: datetime,
    path: tuple[str, ...],
) -> tuple[int | None, StoredResult | None]:
    """Claim the key: (its row id, None) when this request is the first to use it, or
    (None, the stored result) when an earlier request with the same input made it."""
    if not key.key or len(key.key) > MAX_KEY_LENGTH:
        raise UserInputError.single(
            f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters.", *path
        )
    keys = stock_tables.idempotency_keys
    connection.execute(
        delete(keys).where(
            and_(keys.c.scope == key.scope, keys.c.key == key.key, keys.c.expires_at <= now)
        )
    )
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(keys)
        .values(
            scope=key.scope,
            key=key.key,
            operation=operation,
            fingerprint=key.fingerprint,
            result="",
            created_at=now,
            expires_at=now + LIFETIME,
        )
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(keys.c.id)
    )
    claimed = connection.execute(statement).scalar_one_or_none()
    if claimed is not None:
        return int(claimed), None
    row = connection.execute(
        select(keys.c.operation, keys.c.fingerprint, keys.c.result).where(
            keys.c.scope == key.scope, keys.c.key == key.key
        )
    ).one()
    if row.operation != operation or row.fingerprint != key.fingerprint:
        raise UserInputError.single(
            "This idempotencyKey was used for a different request: send a new key for a new "
            "change (nothing was changed).",
            *path,
        )
    stored = orjson.loads(row.result)
    return None, StoredResult(
        [int(i) for i in stored["stockChangeIds"]],
        [MutationWarning(w["message"], tuple(w["path"])) for w in stored["warnings"]],
    )


def remember(connection: Connection, claimed_id: int, result: StoredResult) -> None:
    """Store the result of the write the key was claimed for (same transaction)."""
    keys = stock_tables.idempotency_keys
    text = orjson.dumps(
        {
            "stockChangeIds": result.stock_change_ids,
            "warnings": [{"message": w.message, "path": list(w.path)} for w in result.warnings],
        }
    ).decode()
    connection.execute(update(keys).where(keys.c.id == claimed_id).values(result=text))
