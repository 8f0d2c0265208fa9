"""Creating, changing, revoking and authenticating access tokens against a real database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from mercato.auth.permissions import CURRENT_PERMISSIONS
from mercato.auth.services import (
    CreatedToken,
    authenticate,
    create_token,
    integration_names,
    list_tokens,
    revoke_token,
    update_token,
)
from mercato.auth.tokens import _checksum, generate_token, hash_secret, lookup_id
from mercato.db.database import Database
from mercato.db.tables import access_tokens, metadata
from mercato.db.unit_of_work import Writer
from mercato.errors import AuthenticationError, UserInputError

from .conftest import STORE_ID

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ONLY_FOR_DEVELOPMENT = "only for development/QA"


def _create(database: Database, **overrides: object) -> CreatedToken:
    arguments: dict[str, object] = {
        "name": "ERP stock sync",
        "permissions": ["Warehouse:read", "Market:read"],
        "integration_name": "erp",
        "now": NOW,
    }
    arguments.update(overrides)
    return create_token(Writer.system(database), **arguments)  # type: ignore[arg-type]


def _dump(database: Database) -> str:
    """Every stored value as text; on SQLite the file's SQL dump as well."""
    parts: list[str] = []
    with database.engine.connect() as connection:
        for table in metadata.sorted_tables:
            parts.extend(repr(tuple(row)) for row in connection.execute(select(table)))
    if database.dialect == "sqlite":
        path = database.engine.url.database
        assert path is not None
        with sqlite3.connect(path) as raw:
            parts.extend(raw.iterdump())
        raw.close()
    return "\n".join(parts)


def _with_lookup_id(token: str, lookup: str) -> str:
    """A well-formed token (valid checksum) whose lookup id is ``lookup``."""
    body = token[:4] + lookup + token[16:34]
    return body + _checksum(body)


def _messages(error: UserInputError) -> list[str]:
    return [e.message for e in error.errors]


# -- creation -----------------------------------------------------------------------------


def test_a_created_token_authenticates_as_its_identity(database: Database) -> None:
    created = _create(database, store_id=STORE_ID)

    identity = authenticate(database, created.token, NOW + timedelta(minutes=5))

    assert identity.token_id == created.id
    assert identity.name == "ERP stock sync"
    assert identity.integration_name == "erp"
    assert identity.store_id == STORE_ID
    assert identity.permissions == ("Warehouse:read", "Market:read")
    assert identity.grants.allows("Warehouse:read")
    assert not identity.grants.allows("Warehouse:write")
    assert identity.expires_at == created.expires_at


def test_a_token_expires_after_30_days_by_default(database: Database) -> None:
    created = _create(database)

    assert created.expires_at == NOW + timedelta(days=30)


def test_only_the_hash_of_a_token_is_stored(database: Database) -> None:
    created = _create(database)
    _create(database, name="second")

    dump = _dump(database)

    assert created.token not in dump
    assert created.token[4:] not in dump
    assert "mrc_" not in dump
    assert hash_secret(created.token) in dump
    assert lookup_id(created.token) in dump
    assert created.token not in repr(created)
    assert created.token not in repr(list_tokens(database, now=NOW))


def test_the_listing_shows_a_recognisable_prefix_and_validity(database: Database) -> None:
    created = _create(database, store_id=STORE_ID)

    [info] = list_tokens(database, now=NOW)

    assert info.id == created.id
    assert info.token_prefix == created.token[:8] + "…"
    assert info.store_id == STORE_ID
    assert info.permissions == ("Warehouse:read", "Market:read")
    assert info.created_at == NOW
    assert info.expires_at == created.expires_at
    assert info.revoked_at is None
    assert info.last_used_at is None
    assert info.is_valid


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "A token needs a name that says who or what uses it."),
        ({"name": "x" * 256}, "The name may be at most 255 characters, not 256."),
        ({"permissions": []}, "Grant at least one permission."),
        (
            {"permissions": ["Order:read", "Foo:read"]},
            "Unknown permission 'Foo:read'. See permissionNames for the list.",
        ),
        ({"integration_name": ""}, "integrationName must not be blank; leave it out instead."),
        ({"expires_at": NOW}, "expiresAt must be in the future, not 2026-03-01T12:00:00+00:00."),
        ({"expires_at": NOW + timedelta(days=367)}, "expiresAt may be at most 366 days ahead"),
        ({"store_id": 999}, "Store 999 does not exist."),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_written(
    database: Database, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(UserInputError) as raised:
        _create(database, **overrides)

    assert _messages(raised.value)[0].startswith(message)
    assert list_tokens(database, now=NOW) == []


def test_every_problem_is_reported_at_once_with_its_input_path(database: Database) -> None:
    with pytest.raises(UserInputError) as raised:
        _create(database, name="", permissions=["Foo:read"], store_id=999)

    assert [e.path for e in raised.value.errors] == [
        ("input", "name"),
        ("input", "permissions", 0),
        ("input", "restrictions", "store"),
    ]


def test_an_expiry_366_days_ahead_is_accepted(database: Database) -> None:
    created = _create(database, expires_at=NOW + timedelta(days=366))

    assert created.expires_at == NOW + timedelta(days=366)


def test_deprecated_permission_names_may_be_granted(database: Database) -> None:
    created = _create(database, permissions=["Market:read", "Market.Comment:read"])

    identity = authenticate(database, created.token, NOW)

    assert identity.grants.allows("Market.comment:read")
    assert identity.grants.deprecated_grant_for("Market.comment:read") == "Market.Comment:read"


@pytest.mark.parametrize(
    "permissions", [["*"], sorted(CURRENT_PERMISSIONS)], ids=["marker", "full list"]
)
def test_production_refuses_to_create_all_permission_tokens(
    database: Database, permissions: list[str]
) -> None:
    with pytest.raises(UserInputError) as raised:
        _create(database, permissions=permissions, environment="production")

    assert ONLY_FOR_DEVELOPMENT in _messages(raised.value)[0]
    assert list_tokens(database, now=NOW) == []


@pytest.mark.parametrize("environment", ["development", "test"])
def test_development_and_qa_may_create_all_permission_tokens(
    database: Database, environment: str
) -> None:
    created = _create(database, permissions=["*"], environment=environment)

    identity = authenticate(database, created.token, NOW, environment=environment)

    assert identity.grants.allows("admin")
    assert identity.grants.allows("Order.isLocked:write")


def test_production_refuses_to_authenticate_an_all_permission_token(database: Database) -> None:
    created = _create(database, permissions=["*"])

    with pytest.raises(AuthenticationError, match=ONLY_FOR_DEVELOPMENT):
        authenticate(database, created.token, NOW, environment="production")


# -- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_a_request_without_a_token_is_refused(database: Database, missing: str | None) -> None:
    with pytest.raises(AuthenticationError) as raised:
        authenticate(database, missing, NOW)

    assert str(raised.value) == (
        "No access token: send Authorization: Bearer <token> or the graphql-access cookie."
    )


def test_a_malformed_token_is_refused_without_a_database_query(database: Database) -> None:
    created = _create(database)
    flipped = created.token[:-1] + ("A" if created.token[-1] != "A" else "B")
    statements: list[str] = []
    database.add_statement_listener(statements.append)

    with pytest.raises(AuthenticationError, match=r"^The access token is malformed\.$"):
        authenticate(database, flipped, NOW)

    assert statements == []


def test_a_well_formed_but_unknown_token_is_refused(database: Database) -> None:
    _create(database)

    with pytest.raises(AuthenticationError, match=r"^The access token is not known\.$"):
        authenticate(database, generate_token(), NOW)


def test_a_token_sharing_only_the_lookup_id_is_not_known(database: Database) -> None:
    created = _create(database)
    forged = _with_lookup_id(generate_token(), lookup_id(created.token))

    with pytest.raises(AuthenticationError, match=r"^The access token is not known\.$"):
        authenticate(database, forged, NOW)


def test_revocation_is_effective_on_the_next_request(database: Database) -> None:
    created = _create(database)
    authenticate(database, created.token, NOW)

    revoke_token(Writer.system(database), created.id, now=NOW + timedelta(seconds=1))

    with pytest.raises(AuthenticationError, match=r"^The access token has been revoked\.$"):
        authenticate(database, created.token, NOW + timedelta(seconds=2))


def test_an_expired_token_is_refused_with_its_expiry_time(database: Database) -> None:
    created = _create(database, expires_at=NOW + timedelta(hours=1))
    authenticate(database, created.token, NOW + timedelta(minutes=59))

    with pytest.raises(AuthenticationError) as raised:
        authenticate(database, created.token, NOW + timedelta(hours=1))

    assert str(raised.value) == "The access token expired at 2026-03-01T13:00:00+00:00."


def test_last_used_is_written_at_most_once_a_minute(database: Database) -> None:
    created = _create(database)
    updates: list[str] = []
    database.add_statement_listener(
        lambda sql: updates.append(sql) if sql.startswith("UPDATE") else None
    )

    authenticate(database, created.token, NOW)
    authenticate(database, created.token, NOW + timedelta(seconds=30))
    authenticate(database, created.token, NOW + timedelta(seconds=59))
    first = list_tokens(database, now=NOW)[0].last_used_at
    authenticate(database, created.token, NOW + timedelta(seconds=61))
    second = list_tokens(database, now=NOW)[0].last_used_at

    assert len(updates) == 2
    assert first == NOW
    assert second == NOW + timedelta(seconds=61)


def test_last_used_is_not_moved_back_by_a_stale_request(database: Database) -> None:
    created = _create(database)
    authenticate(database, created.token, NOW + timedelta(minutes=5))

    # A worker that read the row long ago decides to touch it: the conditional update is a no-op.
    authenticate(database, created.token, NOW)

    assert list_tokens(database, now=NOW)[0].last_used_at == NOW + timedelta(minutes=5)


# -- revocation and updates ----------------------------------------------------------------


def test_revoking_moves_the_expiry_to_now_and_is_idempotent(database: Database) -> None:
    created = _create(database)
    revoked_at = NOW + timedelta(hours=1)

    first = revoke_token(Writer.system(database), created.id, now=revoked_at)
    second = revoke_token(Writer.system(database), created.id, now=revoked_at + timedelta(hours=1))

    assert first.revoked_at == revoked_at
    assert first.expires_at == revoked_at
    assert not first.is_valid
    assert second == first


def test_revoking_an_unknown_token_is_a_user_error(database: Database) -> None:
    with pytest.raises(UserInputError) as raised:
        revoke_token(Writer.system(database), 999, now=NOW)

    assert _messages(raised.value) == ["Access token 999 does not exist."]
    assert raised.value.errors[0].path == ("accessToken", "id")


def test_an_update_changes_only_what_is_given(database: Database) -> None:
    created = _create(database)

    info = update_token(
        Writer.system(database),
        created.id,
        permissions=["Store:read"],
        expires_at=NOW + timedelta(days=90),
        environment="production",
        now=NOW,
    )

    assert info.name == "ERP stock sync"
    assert info.integration_name == "erp"
    assert info.permissions == ("Store:read",)
    assert info.expires_at == NOW + timedelta(days=90)
    identity = authenticate(database, created.token, NOW + timedelta(days=60))
    assert identity.grants.allows("Store:read")
    assert not identity.grants.allows("Warehouse:read")


def test_an_update_is_validated_like_a_creation(database: Database) -> None:
    created = _create(database)

    with pytest.raises(UserInputError) as raised:
        update_token(
            Writer.system(database),
            created.id,
            name="",
            permissions=["*"],
            expires_at=NOW - timedelta(days=1),
            environment="production",
            now=NOW,
        )

    assert [e.path for e in raised.value.errors] == [
        ("input", "name"),
        ("input", "permissions"),
        ("input", "expiresAt"),
    ]
    assert ONLY_FOR_DEVELOPMENT in _messages(raised.value)[1]
    assert list_tokens(database, now=NOW)[0].name == "ERP stock sync"


def test_updating_an_unknown_or_revoked_token_is_a_user_error(database: Database) -> None:
    created = _create(database)
    revoke_token(Writer.system(database), created.id, now=NOW)

    with pytest.raises(UserInputError, match=r"Access token 999 does not exist\."):
        update_token(Writer.system(database), 999, name="x", environment="development", now=NOW)
    with pytest.raises(UserInputError, match="has been revoked and cannot be changed"):
        update_token(
            Writer.system(database),
            created.id,
            expires_at=NOW + timedelta(days=1),
            environment="development",
            now=NOW,
        )


def test_integration_names_are_distinct_and_sorted(database: Database) -> None:
    _create(database, integration_name="wms")
    _create(database, integration_name="erp")
    _create(database, integration_name="erp")
    _create(database, integration_name=None)

    assert integration_names(database) == ["erp", "wms"]


def test_timestamps_read_back_in_utc_whatever_offset_they_were_given_in(
    database: Database,
) -> None:
    stockholm = datetime(2026, 3, 10, 13, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Stockholm"))
    created = _create(database, expires_at=stockholm)

    [info] = list_tokens(database, now=NOW)

    assert info.expires_at == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert info.expires_at.tzinfo == UTC
    assert created.expires_at == info.expires_at


def test_a_stored_expiry_in_the_past_is_refused(database: Database) -> None:
    created = _create(database)
    with database.write() as connection:
        connection.execute(update(access_tokens).values(expires_at=NOW - timedelta(seconds=1)))

    with pytest.raises(AuthenticationError, match="expired at 2026-03-01T11:59:59"):
        authenticate(database, created.token, NOW)
