"""A unit of work's writer (``UnitOfWork.writer``): a use case written for a writer runs inside
another unit of work (a create under an idempotency key claimed there) and commits, emits and
retries only with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mercato.db.database import Database
from mercato.db.kernel_tables import idempotency_keys, outbox
from mercato.db.unit_of_work import (
    CREATED_CODEC,
    Caller,
    Change,
    ConcurrentWriteError,
    Created,
    IdempotencyKey,
    UnitOfWork,
    Writer,
)
from mercato.errors import UserInputError


def _counts(database: Database) -> tuple[int, int]:
    with database.read_core() as connection:
        return (
            connection.execute(select(func.count()).select_from(outbox)).scalar_one(),
            connection.execute(select(func.count()).select_from(idempotency_keys)).scalar_one(),
        )


def _use_case(writer: Writer, fail: bool = False) -> Created:
    """Written for a writer, as every service is: its own ``begin``."""
    with writer.begin("Market") as work:
        work.emit("Market", 1, Change.UPDATED, store_id=1)
        if fail:
            raise UserInputError.single("refused")
    return Created(1)


def test_a_joined_use_case_commits_and_emits_with_the_unit_of_work(database: Database) -> None:
    outbox_rows, keys = _counts(database)
    key = IdempotencyKey("k", "print")
    writer = Writer.system(database)

    def effect(work: UnitOfWork) -> Created:
        return _use_case(work.writer)

    assert writer.run("op", "Market", effect, key=key, codec=CREATED_CODEC).id == 1
    assert _counts(database) == (outbox_rows + 1, keys + 1)
    # A replay runs nothing: no second change.
    assert writer.run("op", "Market", effect, key=key, codec=CREATED_CODEC).id == 1
    assert _counts(database) == (outbox_rows + 1, keys + 1)


def test_a_joined_use_case_refused_rolls_back_the_whole_unit_of_work(database: Database) -> None:
    before = _counts(database)

    def effect(work: UnitOfWork) -> Created:
        return _use_case(work.writer, fail=True)

    with pytest.raises(UserInputError, match="refused"):
        Writer.system(database).run(
            "op", "Market", effect, key=IdempotencyKey("k", "print"), codec=CREATED_CODEC
        )
    assert _counts(database) == before  # neither its change nor the key


def test_a_conflict_in_a_joined_use_case_retries_the_outer_unit_of_work(
    database: Database,
) -> None:
    attempts: list[int] = []

    def effect(work: UnitOfWork) -> int:
        def inner(joined: UnitOfWork) -> int:
            attempts.append(1)
            if len(attempts) < 2:
                raise ConcurrentWriteError()
            return len(attempts)

        return work.writer.run("inner", "Market", inner)

    assert Writer.system(database).run("op", "Market", effect) == 2


def test_a_joined_writer_keeps_the_store_restriction_and_has_no_database(
    database: Database,
) -> None:
    restricted = Writer(database, Caller(token_id=1, integration_name=None, store_id=1))
    with restricted.begin("Market") as work:
        joined = work.writer
        with pytest.raises(UserInputError, match="shared by every store"), joined.begin("Product"):
            pytest.fail("a restricted caller may not write a shared type")
        with pytest.raises(TypeError, match="no database of its own"):
            joined.database.write()
        with pytest.raises(TypeError, match="claims the idempotency key"):
            joined.run("op", "Market", lambda w: 1, key=IdempotencyKey("k", "p"))
