"""The one way to write: a unit of work per use case, which knows who is calling.

Every service writes through a ``Writer`` (the database and the ``Caller``)::

    def update_market(writer: Writer, market: Reference, command: MarketUpdate) -> int:
        with writer.begin("Market") as work:        # one transaction (BEGIN IMMEDIATE on SQLite)
            market_id = resolve(work, "Market", market, ())   # in the caller's store only
            work.connection.execute(...)
            work.emit("Market", market_id, Change.UPDATED, store_id=...)
        return market_id                              # committed, with its outbox rows

or, for a use case that takes an idempotency key or must be retried when a concurrent writer
inserted a row it read as missing, ``writer.run(operation, writes, effect, key, codec)``.

What the unit of work does for every write, so no service has to remember it:

- **the caller**: token, integration name, store restriction and permissions travel in
  ``work.caller``; a store-restricted caller may not write a shared type at all
  (``mercato.db.ownership``), and references resolve in its store only
  (``mercato.idconversion.references.resolve``);
- **one transaction**: a ``UserInputError`` anywhere rolls everything back; a unique
  violation that a concurrent request won is a userError (or retried by ``run``);
- **events**: ``emit`` collects changes, coalesced per object and change type, and writes
  them set-based to the ``outbox`` table just before the commit, in the same transaction;
- **idempotency**: ``run`` claims the key in the same transaction as the effect, and a retry
  with the same key and input gets the stored result back without a second effect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

import orjson
from sqlalchemy import Connection, and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError

from mercato.clock import utc_now
from mercato.db.conflicts import (
    CONFLICT_MESSAGE,
    is_unique_violation,
    unique_violations_as_user_errors,
)
from mercato.db.database import Database
from mercato.db.dialect import SqlDialect
from mercato.db.kernel_tables import idempotency_keys, outbox
from mercato.db.ownership import ownership_of
from mercato.errors import MutationWarning, UserInputError

T = TypeVar("T")

#: Attempts of one ``run`` when concurrent writers keep getting in its way.
ATTEMPTS = 3
#: How long an idempotency key is remembered.
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
#: SQLSTATEs of PostgreSQL errors that a retry of the whole transaction resolves.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


class Permissions(Protocol):
    def allows(self, permission: str) -> bool: ...


class _AllPermissions:
    def allows(self, permission: str) -> bool:
        return True


@dataclass(frozen=True)
class Caller:
    """Who is writing: the token (none for the command line and the demo loader), its
    integration name, its store restriction and its permissions."""

    token_id: int | None
    integration_name: str | None
    store_id: int | None
    permissions: Permissions = field(default_factory=_AllPermissions, compare=False)
    name: str = ""
    expires_at: datetime | None = None

    @classmethod
    def system(cls, name: str = "mercato", *, integration_name: str | None = None) -> Caller:
        """The command line, the demo loader, migrations: every permission, every store (and
        an integration's external ids, when named)."""
        return cls(token_id=None, integration_name=integration_name, store_id=None, name=name)

    @property
    def is_store_restricted(self) -> bool:
        return self.store_id is not None

    @property
    def idempotency_scope(self) -> str:
        """Whose idempotency keys these are: the integration's (its tokens share them), the
        token's, or the command line's; a store-restricted caller's are its store's within
        those, so a retry never replays (nor reveals) what another store's token did."""
        if self.integration_name is not None:
            scope = f"integration:{self.integration_name}"
        elif self.token_id is not None:
            scope = f"token:{self.token_id}"
        else:
            scope = f"system:{self.name}"
        return scope if self.store_id is None else f"{scope}:store:{self.store_id}"


class Change(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"
    COMPLETED = "COMPLETED"
    DEPENDENT_DATA_CHANGED = "DEPENDENT_DATA_CHANGED"


class ConcurrentWriteError(Exception):
    """A concurrent transaction changed what this one read (a row read as missing was
    inserted, a guarded update found another value): the whole unit of work is retried."""


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    #: SHA-256 of the operation's canonical input (``fingerprint``).
    fingerprint: str


def fingerprint(operation: str, canonical_input: Mapping[str, Any]) -> str:
    """SHA-256 of the operation and its input, keys sorted: equal inputs, equal prints."""
    text = orjson.dumps([operation, canonical_input], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(text).hexdigest()


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How a use case's result is stored with its idempotency key (as JSON) and read back."""

    encode: Callable[[T], Any]
    decode: Callable[[Any], T]


@dataclass
class Created:
    """The result of most create use cases: the new object's id and the warnings."""

    id: int
    warnings: list[MutationWarning] = field(default_factory=list)


def _encode_warnings(warnings: Iterable[MutationWarning]) -> list[dict[str, Any]]:
    return [{"message": w.message, "path": list(w.path)} for w in warnings]


def decode_warnings(stored: Iterable[Mapping[str, Any]]) -> list[MutationWarning]:
    return [MutationWarning(w["message"], tuple(w["path"])) for w in stored]


CREATED_CODEC: Codec[Created] = Codec(
    encode=lambda result: {"id": result.id, "warnings": _encode_warnings(result.warnings)},
    decode=lambda stored: Created(int(stored["id"]), decode_warnings(stored["warnings"])),
)


class UnitOfWork:
    """One open write transaction and what it knows: the caller, the dialect, the time it
    started, and the changes to record."""

    def __init__(self, connection: Connection, caller: Caller, sql: SqlDialect) -> None:
        self.connection = connection
        self.caller = caller
        self.sql = sql
        #: One clock reading per transaction: every row it stamps shows the same instant.
        self.now = utc_now()
        self._changes: dict[tuple[str, int, Change], int | None] = {}

    def emit(
        self, object_type: str, object_id: int, change: Change, *, store_id: int | None = None
    ) -> None:
        """Record that ``object_type`` ``object_id`` changed; written at commit, once per
        object and change type however often it is emitted."""
        self._changes[(object_type, object_id, change)] = store_id

    def emit_many(
        self,
        object_type: str,
        object_ids: Iterable[int],
        change: Change,
        *,
        store_id: int | None = None,
    ) -> None:
        changes = self._changes
        for object_id in object_ids:
            changes[(object_type, object_id, change)] = store_id

    @property
    def changes(self) -> list[tuple[str, int, Change, int | None]]:
        """The changes to record, coalesced: an object created in this transaction records
        only its creation (or nothing, when it was deleted again), a deleted one only its
        deletion."""
        created = {(t, i) for (t, i, c) in self._changes if c is Change.CREATED}
        deleted = {(t, i) for (t, i, c) in self._changes if c is Change.DELETED}
        kept: list[tuple[str, int, Change, int | None]] = []
        for (object_type, object_id, change), store_id in self._changes.items():
            key = (object_type, object_id)
            if key in created and key in deleted:
                continue
            if key in created and change is not Change.CREATED:
                continue
            if key in deleted and change is not Change.DELETED:
                continue
            kept.append((object_type, object_id, change, store_id))
        return kept

    def _write_outbox(self) -> None:
        changes = self.changes
        if not changes:
            return
        caller = self.caller
        now = self.sql.timestamp(self.now)
        if len(changes) == 1:
            object_type, object_id, change, store_id = changes[0]
            self.connection.execute(
                outbox.insert().values(
                    object_type=object_type,
                    object_id=object_id,
                    change_type=change.value,
                    store_id=store_id,
                    token_id=caller.token_id,
                    integration_name=caller.integration_name,
                    created_at=self.now,
                )
            )
            return
        source = self.sql.rows(
            "c",
            (
                ("object_type", "text"),
                ("object_id", "bigint"),
                ("change_type", "text"),
                ("store_id", "int"),
            ),
            [(t, i, c.value, s) for t, i, c, s in changes],
        )
        self.sql.execute(
            self.connection,
            "INSERT INTO outbox (object_type, object_id, change_type, store_id, token_id, "
            "integration_name, created_at) SELECT c.object_type, c.object_id, c.change_type, "
            f"c.store_id, ?, ?, ? FROM {source.sql}",
            [caller.token_id, caller.integration_name, now, *source.parameters],
        )

    @property
    def writer(self) -> Writer:
        """A writer whose ``begin`` and ``run`` join this unit of work instead of opening a
        transaction: a use case written for a writer then runs inside this one, e.g. a create
        under an idempotency key claimed here (``mercato.api.common.create_once``)."""
        return _JoinedWriter(self)

    # -- idempotency ------------------------------------------------------------------

    def claim(
        self, operation: str, key: IdempotencyKey, path: tuple[str, ...]
    ) -> tuple[int | None, Any]:
        """Claim ``key`` for this transaction: (its row id, None) when this request is the
        first with it, or (None, the stored result) when an earlier one with the same input
        made it. A concurrent request with the same key waits here for the first: on
        PostgreSQL the INSERT ... ON CONFLICT waits for the first transaction to end, on
        SQLite write transactions are serialized by BEGIN IMMEDIATE."""
        if not key.key or len(key.key) > MAX_KEY_LENGTH:
            raise UserInputError.single(
                f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters.", *path
            )
        scope = self.caller.idempotency_scope
        keys = idempotency_keys
        connection = self.connection
        connection.execute(
            delete(keys).where(
                and_(keys.c.scope == scope, keys.c.key == key.key, keys.c.expires_at <= self.now)
            )
        )
        dialect = postgresql if self.sql.postgresql else sqlite
        statement = (
            dialect.insert(keys)
            .values(
                scope=scope,
                key=key.key,
                operation=operation,
                fingerprint=key.fingerprint,
                result="",
                created_at=self.now,
                expires_at=self.now + KEY_LIFETIME,
            )
            .on_conflict_do_nothing(index_elements=["scope", "key"])
            .returning(keys.c.id)
        )
        claimed = connection.execute(statement).scalar_one_or_none()
        if claimed is not None:
            return int(claimed), None
        row = connection.execute(
            select(keys.c.operation, keys.c.fingerprint, keys.c.result).where(
                keys.c.scope == scope, keys.c.key == key.key
            )
        ).one()
        if row.operation != operation or row.fingerprint != key.fingerprint:
            raise UserInputError.single(
                "This idempotencyKey was used for a different request: send a new key for a "
                "new change (nothing was changed).",
                *path,
            )
        return None, orjson.loads(row.result)

    def remember(self, claimed_id: int, stored: Any) -> None:
        """Store the result of the write the key was claimed for (same transaction)."""
        self.connection.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.id == claimed_id)
            .values(result=orjson.dumps(stored).decode())
        )


class Writer:
    """What a service writes through: the database and the caller of the request."""

    def __init__(self, database: Database, caller: Caller) -> None:
        self.database = database
        self.caller = caller

    @classmethod
    def system(
        cls, database: Database, name: str = "mercato", *, integration_name: str | None = None
    ) -> Writer:
        """The command line's and the demo loader's writer (``Caller.system``)."""
        return cls(database, Caller.system(name, integration_name=integration_name))

    @property
    def sql(self) -> SqlDialect:
        return self.database.sql

    @contextmanager
    def begin(self, writes: str) -> Iterator[UnitOfWork]:
        """One transaction writing (mainly) objects of type ``writes``, committed when the
        block ends without an exception, with the changes it emitted.

        A store-restricted caller is refused before anything runs when ``writes`` is a type
        it may not write (shared by every store)."""
        self.require_writable(writes)
        with unique_violations_as_user_errors(), self.database.write() as connection:
            work = UnitOfWork(connection, self.caller, self.database.sql)
            yield work
            work._write_outbox()

    def run(
        self,
        operation: str,
        writes: str,
        effect: Callable[[UnitOfWork], T],
        *,
        key: IdempotencyKey | None = None,
        codec: Codec[T] | None = None,
        key_path: tuple[str, ...] = ("input", "idempotencyKey"),
        conflict_message: str = (
            "These objects were written concurrently; nothing was changed, send the request again."
        ),
    ) -> T:
        """``effect`` in one unit of work, under the idempotency key when given (``codec``
        stores and restores its result), run again when a concurrent writer got in its way
        (a ``ConcurrentWriteError``, a unique violation, or on PostgreSQL a serialization
        failure or deadlock), at most ``ATTEMPTS`` times."""
        if key is not None and codec is None:
            raise TypeError(f"{operation}: an idempotency key needs a codec for its result.")
        self.require_writable(writes)
        for attempt in range(ATTEMPTS):
            last = attempt == ATTEMPTS - 1
            try:
                with self.database.write() as connection:
                    work = UnitOfWork(connection, self.caller, self.database.sql)
                    claimed: int | None = None
                    if key is not None:
                        assert codec is not None
                        claimed, stored = work.claim(operation, key, key_path)
                        if stored is not None:
                            return codec.decode(stored)
                    result = effect(work)
                    if claimed is not None:
                        assert codec is not None
                        work.remember(claimed, codec.encode(result))
                    work._write_outbox()
                    return result
            except ConcurrentWriteError:
                if last:
                    raise UserInputError.single(conflict_message) from None
            except IntegrityError as error:
                if not is_unique_violation(error):
                    raise
                if last:
                    raise UserInputError.single(CONFLICT_MESSAGE) from None
            except DBAPIError as error:
                if _sqlstate(error) not in RETRYABLE_SQLSTATES or last:
                    raise
        raise AssertionError("unreachable")

    def require_writable(self, object_type: str) -> None:
        """Refuse a store-restricted caller a type shared by every store."""
        ownership = ownership_of(object_type)
        if self.caller.is_store_restricted and not ownership.writable_when_restricted:
            raise UserInputError.single(
                f"This token is restricted to one store, and {ownership.noun} are shared by "
                "every store: only a token without a store restriction can change them."
            )


class _JoinedWriter(Writer):
    """A writer inside an open unit of work: ``begin`` yields that unit of work and ``run``
    runs its effect there. Nothing is committed or retried here: the outer unit of work
    commits, writes the outbox, and retries the whole when a concurrent writer got in its
    way. The store restriction is still checked per type written."""

    def __init__(self, work: UnitOfWork) -> None:
        super().__init__(_NO_DATABASE, work.caller)
        self.work = work

    @property
    def sql(self) -> SqlDialect:
        return self.work.sql

    @contextmanager
    def begin(self, writes: str) -> Iterator[UnitOfWork]:
        self.require_writable(writes)
        yield self.work

    def run(
        self,
        operation: str,
        writes: str,
        effect: Callable[[UnitOfWork], T],
        *,
        key: IdempotencyKey | None = None,
        codec: Codec[T] | None = None,
        key_path: tuple[str, ...] = ("input", "idempotencyKey"),
        conflict_message: str = "",
    ) -> T:
        del codec, key_path, conflict_message  # the outer unit of work's concerns
        if key is not None:
            raise TypeError(f"{operation}: the outer unit of work claims the idempotency key.")
        self.require_writable(writes)
        return effect(self.work)


class _NoDatabase:
    """A joined writer's database: it has none of its own (its unit of work has the
    connection), so reaching for one is a programming error."""

    def __getattr__(self, name: str) -> Any:
        raise TypeError(
            f"A writer joined to a unit of work has no database of its own (asked for {name}): "
            "use work.connection."
        )


_NO_DATABASE: Any = _NoDatabase()


def _sqlstate(error: DBAPIError) -> str | None:
    state = getattr(error.orig, "sqlstate", None)
    return state if isinstance(state, str) else None
