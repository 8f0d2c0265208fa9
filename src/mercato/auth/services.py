"""Access-token use cases: create, update, revoke, list, and authenticate a request.

Each write function owns one unit of work (``Writer.begin``): it validates first and raises
``UserInputError`` with every problem found, so nothing is written for bad input. The token
itself is returned once by ``create_token`` and never stored: the row holds the non-secret
``lookup_id`` (to find it) and the SHA-256 of the token (to check it).

``authenticate`` is on every request's path, so it reads in a read transaction and writes
only when ``last_used_at`` is more than a minute old: on SQLite a write takes the database's
single write lock, which must not happen per request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from mercato.auth.permissions import TokenGrants
from mercato.auth.tokens import (
    PREFIX,
    generate_token,
    hash_secret,
    lookup_id,
    parse_token,
    secret_matches,
)
from mercato.auth.validation import (
    PRODUCTION,
    expiry_errors,
    input_error,
    integration_name_errors,
    name_errors,
    permission_errors,
)
from mercato.clock import to_iso, utc_now
from mercato.db.database import Database
from mercato.db.ownership import ownership_of
from mercato.db.tables import access_tokens, stores
from mercato.db.unit_of_work import Caller, Change, UnitOfWork, Writer
from mercato.errors import AuthenticationError, UserError, UserInputError

DEFAULT_LIFETIME = timedelta(days=30)
#: ``last_used_at`` is this precise at best; in exchange, at most one write per token per period.
LAST_USED_RESOLUTION = timedelta(minutes=1)
#: Who writes ``last_used_at``.
AUTHENTICATION = Caller.system("authentication")

MESSAGE_MISSING = (
    "No access token: send Authorization: Bearer <token> or the graphql-access cookie."
)
MESSAGE_MALFORMED = "The access token is malformed."
MESSAGE_UNKNOWN = "The access token is not known."
MESSAGE_REVOKED = "The access token has been revoked."
MESSAGE_ALL_PERMISSIONS_REFUSED = (
    "This access token grants every permission, and all-permission tokens are only for "
    "development/QA; production refuses them. Create a token with only the permissions the "
    "integration uses (every response lists them in permissionsUsed)."
)


@dataclass(frozen=True)
class CreatedToken:
    id: int
    #: The secret: show it to the creator once; it cannot be recovered later.
    token: str = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    """An access token as an administrator sees it: everything except the secret."""

    id: int
    name: str
    integration_name: str | None
    store_id: int | None
    permissions: tuple[str, ...]
    token_prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    is_valid: bool


@dataclass(frozen=True)
class Identity:
    """The authenticated caller of one request."""

    token_id: int
    name: str
    integration_name: str | None
    store_id: int | None
    permissions: tuple[str, ...]
    grants: TokenGrants
    expires_at: datetime

    @property
    def caller(self) -> Caller:
        """The caller as the write kernel knows it."""
        return Caller(
            token_id=self.token_id,
            integration_name=self.integration_name,
            store_id=self.store_id,
            permissions=self.grants,
            name=self.name,
            expires_at=self.expires_at,
        )


# -- write use cases --------------------------------------------------------------------


#: More writes of a token's unit of work, given its integration name: what a new integration
#: needs (the generated external ids of the sizes, ``mercato.classification``), written in the
#: same transaction as the token.
IntegrationSetUp = Callable[[UnitOfWork, str], None]


def create_token(
    writer: Writer,
    *,
    name: str,
    permissions: Sequence[str],
    integration_name: str | None = None,
    store_id: int | None = None,
    expires_at: datetime | None = None,
    environment: str = "development",
    now: datetime | None = None,
    set_up_integration: IntegrationSetUp | None = None,
) -> CreatedToken:
    """Create a token and return it; the only time the token text exists outside a client.

    A token creates tokens only within what it holds itself: its permissions, its store
    restriction (a restricted caller's new token is restricted to the same store), its
    integration (a restricted caller's new token has its integration name or none) and its
    expiry (the default lifetime is cut to the caller's own expiry)."""
    caller = writer.caller
    now = _as_utc(now or utc_now())
    if expires_at is not None:
        expires_at = _as_utc(expires_at)
    else:
        expires_at = now + DEFAULT_LIFETIME
        if caller.expires_at is not None:
            expires_at = min(expires_at, _as_utc(caller.expires_at))
    if caller.store_id is not None and store_id is None:
        store_id = caller.store_id
    errors: list[UserError] = []
    errors += name_errors(name)
    errors += permission_errors(permissions, environment)
    errors += _escalation_errors(caller, permissions, expires_at)
    errors += integration_name_errors(integration_name)
    errors += _integration_escalation_errors(caller, integration_name)
    errors += expiry_errors(expires_at, now)
    token = generate_token()
    with writer.begin("GraphQLAccess") as work:
        connection = work.connection
        if store_id is not None and not _store_visible(caller, connection, store_id):
            errors.append(input_error(f"Store {store_id} does not exist.", "restrictions", "store"))
        if errors:
            raise UserInputError(tuple(errors))
        # A lookup_id collision (12 base62 characters, ~71 bits) is not handled: at a million
        # tokens its probability is about 1e-10, and the unique index would refuse it anyway.
        token_id: int = connection.execute(
            insert(access_tokens)
            .values(
                name=name.strip(),
                lookup_id=lookup_id(token),
                secret_hash=hash_secret(token),
                integration_name=_clean(integration_name),
                store_id=store_id,
                permissions=_encode_permissions(permissions),
                created_at=now,
                expires_at=expires_at,
            )
            .returning(access_tokens.c.id)
        ).scalar_one()
        work.emit("GraphQLAccess", token_id, Change.CREATED, store_id=store_id)
        if integration_name is not None and set_up_integration is not None:
            set_up_integration(work, _clean(integration_name) or "")
    return CreatedToken(id=token_id, token=token, expires_at=expires_at)


def update_token(
    writer: Writer,
    token_id: int,
    *,
    name: str | None = None,
    permissions: Sequence[str] | None = None,
    integration_name: str | None = None,
    expires_at: datetime | None = None,
    environment: str,
    now: datetime | None = None,
    set_up_integration: IntegrationSetUp | None = None,
) -> TokenInfo:
    """Change what is given (None leaves a field as it is); the secret never changes. The
    limits of ``create_token`` apply to what is changed, and only a token holding everything
    the changed one holds may change it."""
    now = _as_utc(now or utc_now())
    errors: list[UserError] = []
    values: dict[str, object] = {}
    if name is not None:
        errors += name_errors(name)
        values["name"] = name.strip()
    if permissions is not None:
        errors += permission_errors(permissions, environment)
        errors += _escalation_errors(writer.caller, permissions, None)
        values["permissions"] = _encode_permissions(permissions)
    if integration_name is not None:
        errors += integration_name_errors(integration_name)
        errors += _integration_escalation_errors(writer.caller, integration_name)
        values["integration_name"] = _clean(integration_name)
    if expires_at is not None:
        expires_at = _as_utc(expires_at)
        errors += expiry_errors(expires_at, now)
        errors += _escalation_errors(writer.caller, (), expires_at)
        values["expires_at"] = expires_at
    with writer.begin("GraphQLAccess") as work:
        connection = work.connection
        row = connection.execute(
            select(
                access_tokens.c.revoked_at, access_tokens.c.store_id, access_tokens.c.permissions
            )
            .where(access_tokens.c.id == token_id)
            .with_for_update()
        ).first()
        if row is None or not _in_callers_store(writer.caller, row.store_id):
            raise UserInputError.single(_no_such_token(token_id), "accessToken", "id")
        errors += _stronger_token_errors(writer.caller, token_id, row.permissions)
        if row.revoked_at is not None:
            errors.insert(
                0,
                UserError(
                    f"Access token {token_id} has been revoked and cannot be changed; "
                    "create a new token instead.",
                    ("accessToken", "id"),
                ),
            )
        if errors:
            raise UserInputError(tuple(errors))
        if values:
            connection.execute(
                update(access_tokens).where(access_tokens.c.id == token_id).values(**values)
            )
            work.emit("GraphQLAccess", token_id, Change.UPDATED, store_id=row.store_id)
        if integration_name is not None and set_up_integration is not None:
            set_up_integration(work, _clean(integration_name) or "")
        return _token_info(connection, token_id, now)


def revoke_token(writer: Writer, token_id: int, *, now: datetime | None = None) -> TokenInfo:
    """Revoke a token from the next request on. Revoking it again changes nothing."""
    now = _as_utc(now or utc_now())
    with writer.begin("GraphQLAccess") as work:
        connection = work.connection
        row = connection.execute(
            select(access_tokens.c.revoked_at, access_tokens.c.expires_at, access_tokens.c.store_id)
            .where(access_tokens.c.id == token_id)
            .with_for_update()
        ).first()
        if row is None or not _in_callers_store(writer.caller, row.store_id):
            raise UserInputError.single(_no_such_token(token_id), "accessToken", "id")
        if row.revoked_at is None:
            # Like the reference, revocation also moves the expiry, so anything that only
            # looks at expires_at (reports, list filters) sees the token as over too.
            connection.execute(
                update(access_tokens)
                .where(access_tokens.c.id == token_id)
                .values(revoked_at=now, expires_at=min(_as_utc(row.expires_at), now))
            )
            work.emit("GraphQLAccess", token_id, Change.UPDATED, store_id=row.store_id)
        return _token_info(connection, token_id, now)


# -- reads ------------------------------------------------------------------------------

_INFO_COLUMNS = (
    "id",
    "name",
    "integration_name",
    "store_id",
    "permissions",
    "lookup_id",
    "created_at",
    "expires_at",
    "revoked_at",
    "last_used_at",
)
_INFO_SQL = f"SELECT {', '.join(_INFO_COLUMNS)} FROM {access_tokens.name}"


def list_tokens(database: Database, *, now: datetime | None = None) -> list[TokenInfo]:
    """Every token, oldest first, without secrets."""
    now = _as_utc(now or utc_now())
    with database.read() as reader:
        rows = reader.fetch_all(f"{_INFO_SQL} ORDER BY id")
    return [_info_from_row(row, now) for row in rows]


def integration_names(database: Database, store_id: int | None = None) -> list[str]:
    """The distinct integration names on tokens, sorted; for a caller restricted to
    ``store_id``, those on the tokens it sees (``mercato.db.ownership``: its store's)."""
    condition, parameters = "", []
    scope = ownership_of("GraphQLAccess").scope
    if store_id is not None and scope is not None:
        predicate, _ = scope.sql("t", database.sql.placeholder)
        condition, parameters = f" AND {predicate}", scope.parameters(store_id)
    with database.read() as reader:
        rows = reader.fetch_all(
            f"SELECT DISTINCT t.integration_name FROM {access_tokens.name} t "
            f"WHERE t.integration_name IS NOT NULL{condition} ORDER BY t.integration_name",
            parameters,
        )
    return [str(row[0]) for row in rows]


def authenticate(
    database: Database,
    token_text: str | None,
    now: datetime | None = None,
    *,
    environment: str = "development",
) -> Identity:
    """The identity behind a request's token, or ``AuthenticationError`` saying what is wrong.

    The checks run cheapest first: a missing or malformed token is refused without a query.
    Revocation and expiry are only revealed to someone holding the whole token, never to
    someone who merely guessed a lookup id.
    """
    if token_text is None or not token_text.strip():
        raise AuthenticationError(MESSAGE_MISSING)
    parsed = parse_token(token_text.strip())
    if parsed is None:
        raise AuthenticationError(MESSAGE_MALFORMED)
    now = _as_utc(now or utc_now())
    placeholder = database.sql.placeholder
    with database.read() as reader:
        rows = reader.fetch_all(
            f"SELECT {', '.join(_INFO_COLUMNS)}, secret_hash FROM {access_tokens.name} "
            f"WHERE lookup_id = {placeholder}",
            (parsed.lookup_id,),
        )
    if not rows or not secret_matches(parsed.text, str(rows[0][-1])):
        raise AuthenticationError(MESSAGE_UNKNOWN)
    info = _info_from_row(rows[0][:-1], now)
    if info.revoked_at is not None:
        raise AuthenticationError(MESSAGE_REVOKED)
    if info.expires_at <= now:
        raise AuthenticationError(f"The access token expired at {to_iso(info.expires_at)}.")
    grants = TokenGrants(info.permissions)
    if environment == PRODUCTION and grants.grants_everything:
        raise AuthenticationError(MESSAGE_ALL_PERMISSIONS_REFUSED)
    if info.last_used_at is None or info.last_used_at <= now - LAST_USED_RESOLUTION:
        _touch(database, info.id, now)
    return Identity(
        token_id=info.id,
        name=info.name,
        integration_name=info.integration_name,
        store_id=info.store_id,
        permissions=info.permissions,
        grants=grants,
        expires_at=info.expires_at,
    )


def _touch(database: Database, token_id: int, now: datetime) -> None:
    # Conditional, so that concurrent requests that all saw a stale value write it once.
    # Bookkeeping, not a change of the token: nothing is emitted.
    with Writer(database, AUTHENTICATION).begin("GraphQLAccess") as work:
        work.connection.execute(
            update(access_tokens)
            .where(
                access_tokens.c.id == token_id,
                or_(
                    access_tokens.c.last_used_at.is_(None),
                    access_tokens.c.last_used_at <= now - LAST_USED_RESOLUTION,
                ),
            )
            .values(last_used_at=now)
        )


# -- helpers ----------------------------------------------------------------------------


def _store_visible(caller: Caller, connection: Connection, store_id: int) -> bool:
    """Whether the store exists and the caller sees it (a store-restricted caller sees only
    its own: another store is answered like an unknown one)."""
    if caller.store_id is not None and store_id != caller.store_id:
        return False
    found = connection.execute(select(stores.c.id).where(stores.c.id == store_id)).first()
    return found is not None


def _in_callers_store(caller: Caller, store_id: int | None) -> bool:
    """A store-restricted caller administers only tokens restricted to its own store."""
    return caller.store_id is None or store_id == caller.store_id


def _escalation_errors(
    caller: Caller, permissions: Sequence[str], expires_at: datetime | None
) -> list[UserError]:
    """A token grants nothing it does not hold, and nothing that outlives it."""
    errors: list[UserError] = []
    for name in dict.fromkeys(permissions):
        if not caller.permissions.allows(name):
            errors.append(
                input_error(
                    f"This token cannot grant {name}: a token grants only permissions it holds "
                    "itself.",
                    "permissions",
                )
            )
    if (
        expires_at is not None
        and caller.expires_at is not None
        and expires_at > _as_utc(caller.expires_at)
    ):
        errors.append(
            input_error(
                f"expiresAt cannot be later than this token's own expiry "
                f"({to_iso(_as_utc(caller.expires_at))}).",
                "expiresAt",
            )
        )
    return errors


def _stronger_token_errors(caller: Caller, token_id: int, stored: str) -> list[UserError]:
    """A token changes only tokens that hold nothing it does not hold itself (it may still
    revoke them): otherwise it could keep a stronger token alive longer, or move it to another
    integration."""
    beyond = [name for name in _decode_permissions(stored) if not caller.permissions.allows(name)]
    if not beyond:
        return []
    return [
        UserError(
            f"This token cannot change access token {token_id}: it holds "
            f"{', '.join(beyond)}, which this token does not.",
            ("accessToken", "id"),
        )
    ]


def _integration_escalation_errors(caller: Caller, integration_name: str | None) -> list[UserError]:
    """A store-restricted token gives the tokens it makes its own integration name or none:
    an integration's conversion table, idempotency keys and events are shared by all its
    tokens, whichever stores they see, so joining another one would reach past the store."""
    if caller.store_id is None or integration_name is None:
        return []
    wanted = _clean(integration_name)
    if not wanted or wanted == caller.integration_name:
        return []
    own = (
        f'its own integration name ("{caller.integration_name}") or none'
        if caller.integration_name
        else "no integration name, as it has none"
    )
    return [
        input_error(
            f"A token restricted to one store gives the tokens it makes {own}: an "
            "integration's ID conversions, idempotency keys and events are shared by all its "
            "tokens, whichever stores they see.",
            "integrationName",
        )
    ]


def _no_such_token(token_id: int) -> str:
    return f"Access token {token_id} does not exist."


def _token_info(connection: Connection, token_id: int, now: datetime) -> TokenInfo:
    columns = [access_tokens.c[name] for name in _INFO_COLUMNS]
    row = connection.execute(select(*columns).where(access_tokens.c.id == token_id)).one()
    return _info_from_row(tuple(row), now)


def _info_from_row(row: Sequence[Any], now: datetime) -> TokenInfo:
    id_, name, integration, store_id, permissions, lookup, created, expires, revoked, used = row
    expires_at = _as_utc(expires)
    revoked_at = _as_utc(revoked) if revoked is not None else None
    return TokenInfo(
        id=int(id_),
        name=str(name),
        integration_name=integration,
        store_id=int(store_id) if store_id is not None else None,
        permissions=_decode_permissions(str(permissions)),
        token_prefix=f"{PREFIX}{str(lookup)[:4]}…",
        created_at=_as_utc(created),
        expires_at=expires_at,
        revoked_at=revoked_at,
        last_used_at=_as_utc(used) if used is not None else None,
        is_valid=revoked_at is None and expires_at > now,
    )


def _encode_permissions(permissions: Iterable[str]) -> str:
    return json.dumps(list(dict.fromkeys(permissions)))


def _decode_permissions(text: str) -> tuple[str, ...]:
    value = json.loads(text)
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValueError(f"access_tokens.permissions must be a JSON array of strings: {text!r}")
    return tuple(value)


def _clean(text: str | None) -> str | None:
    return text.strip() if text is not None else None


def _as_utc(value: datetime | str) -> datetime:
    """An aware UTC datetime from an input or a stored value.

    SQLite keeps timestamps as offset-less text (written in UTC), PostgreSQL returns aware
    datetimes; an offset-less input is taken to be UTC as well. Values are converted to UTC
    before they are written, because SQLite's storage format would drop the offset.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
