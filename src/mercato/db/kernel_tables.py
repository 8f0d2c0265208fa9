"""The write kernel's own tables: idempotency keys and the outbox of changes."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text, UniqueConstraint

from mercato.db.tables import metadata, utc_timestamp

#: Idempotency keys, per caller (``scope``: the token's integration name, or the token when it
#: has none). Claimed by INSERT in the transaction of the write itself, so a key and its
#: effect commit together or not at all; ``result`` (JSON) is what a retry with the same input
#: gets back. Expired keys are replaced by the next request that uses them.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", String(300), nullable=False),
    Column("key", String(255), nullable=False),
    Column("operation", String(64), nullable=False),
    #: SHA-256 of the operation's canonical input (without the key).
    Column("fingerprint", String(64), nullable=False),
    Column("result", Text, nullable=False),
    Column("created_at", utc_timestamp(), nullable=False),
    Column("expires_at", utc_timestamp(), nullable=False, index=True),
    UniqueConstraint("scope", "key"),
)

#: Every committed change, one row per object and change type of a transaction, written in
#: the transaction that made the change (a transactional outbox): a rolled-back write leaves
#: none, a committed one always has its rows. The event queue and webhooks read it.
#: ``id`` only grows (AUTOINCREMENT on SQLite: a deleted row's id is never reused).
outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    #: The GraphQL object type (``Market``, ``Product``, ``StockChange`` ...).
    Column("object_type", String(64), nullable=False),
    Column("object_id", BigInteger, nullable=False),
    #: ``CREATED``, ``UPDATED``, ``DELETED``, ``COMPLETED`` or ``DEPENDENT_DATA_CHANGED``.
    Column("change_type", String(32), nullable=False),
    #: The store the object belongs to (store-owned types), for store-restricted readers.
    Column("store_id", Integer),
    #: Who made the change (the audit trail): the token, and its integration.
    Column("token_id", Integer),
    Column("integration_name", String(255)),
    Column("created_at", utc_timestamp(), nullable=False),
    Index("ix_outbox_object_type_object_id", "object_type", "object_id"),
    sqlite_autoincrement=True,
)
