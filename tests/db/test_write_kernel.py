"""Every write goes through the write kernel: no module outside ``mercato.db`` opens a
transaction of its own, and the kernel's unit of work keeps its promises."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

import mercato
from mercato.db.database import Database
from mercato.db.kernel_tables import outbox
from mercato.db.unit_of_work import Caller, Change, ConcurrentWriteError, Writer
from mercato.errors import UserInputError

SOURCE = Path(mercato.__file__).parent


def _transaction_openers(path: Path) -> list[str]:
    """``x.write()``, ``x.engine.begin()``, ``x.engine.connect()`` and ``x.read_core()`` used
    for anything but a read: the calls that open a transaction outside the kernel."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        receiver = node.func.value
        on_engine = isinstance(receiver, ast.Attribute) and receiver.attr == "engine"
        if (name == "write" and not node.args) or (on_engine and name in ("begin", "connect")):
            found.append(f"{path.relative_to(SOURCE)}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_module_outside_the_db_layer_opens_a_transaction_of_its_own() -> None:
    offenders = [
        offender
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).parts[0] != "db"
        # The health check only pings the database (a SELECT 1 on a pooled connection).
        and path.relative_to(SOURCE).as_posix() != "http/routes.py"
        for offender in _transaction_openers(path)
    ]
    assert offenders == [], "write through mercato.db.unit_of_work.Writer instead"


def _outbox(database: Database) -> list[tuple[str, int, str, int | None, int | None]]:
    with database.read_core() as connection:
        return [
            tuple(row)  # type: ignore[misc]
            for row in connection.execute(
                select(
                    outbox.c.object_type,
                    outbox.c.object_id,
                    outbox.c.change_type,
                    outbox.c.store_id,
                    outbox.c.token_id,
                ).order_by(outbox.c.id)
            )
        ]


def test_emitted_changes_are_written_once_per_object_and_change_at_commit(
    database: Database,
) -> None:
    writer = Writer(database, Caller(token_id=7, integration_name="erp", store_id=None))
    before = _outbox(database)
    with writer.begin("Market") as work:
        work.emit("Market", 1, Change.UPDATED, store_id=1)
        work.emit("Market", 1, Change.UPDATED, store_id=1)
        work.emit_many("Product", [5, 6, 5], Change.UPDATED)
        work.emit("Product", 9, Change.CREATED)
        work.emit("Product", 9, Change.UPDATED)  # created in the same transaction: only that
        work.emit("Product", 10, Change.CREATED)
        work.emit("Product", 10, Change.DELETED)  # never seen by anyone: nothing
        work.emit("Product", 11, Change.UPDATED)
        work.emit("Product", 11, Change.DELETED)  # deleted: only that
    assert _outbox(database)[len(before) :] == [
        ("Market", 1, "UPDATED", 1, 7),
        ("Product", 5, "UPDATED", None, 7),
        ("Product", 6, "UPDATED", None, 7),
        ("Product", 9, "CREATED", None, 7),
        ("Product", 11, "DELETED", None, 7),
    ]


def _refused_after_emitting(database: Database, object_ids: range) -> None:
    with Writer.system(database).begin("Market") as work:
        work.emit_many("Market", object_ids, Change.UPDATED, store_id=1)
        raise UserInputError.single("refused")


def test_a_refused_write_records_no_change(database: Database) -> None:
    before = _outbox(database)
    with pytest.raises(UserInputError):
        _refused_after_emitting(database, range(1, 2))
    assert _outbox(database) == before


def test_a_store_restricted_caller_cannot_write_a_shared_type(database: Database) -> None:
    writer = Writer(database, Caller(token_id=1, integration_name=None, store_id=1))
    with pytest.raises(UserInputError) as refused, writer.begin("Product"):
        pytest.fail("the unit of work must not start")
    assert "products are shared by every store" in str(refused.value)
    with writer.begin("Market"):  # its store's own types are fine
        pass


def test_an_unclassified_type_is_a_programming_error(database: Database) -> None:
    with pytest.raises(KeyError, match="not classified"), Writer.system(database).begin("Nope"):
        pass


def test_run_retries_a_concurrent_write_and_then_gives_up_with_a_user_error(
    database: Database,
) -> None:
    attempts: list[int] = []

    def effect(work: object) -> int:
        attempts.append(1)
        if len(attempts) < 3:
            raise ConcurrentWriteError()
        return len(attempts)

    assert Writer.system(database).run("op", "Market", effect) == 3

    def always(work: object) -> int:
        raise ConcurrentWriteError()

    with pytest.raises(UserInputError, match="written concurrently"):
        Writer.system(database).run("op", "Market", always)


def test_the_outbox_grows_only_with_committed_writes(database: Database) -> None:
    with database.read_core() as connection:
        count = connection.execute(select(func.count()).select_from(outbox)).scalar_one()
    with pytest.raises(UserInputError):
        _refused_after_emitting(database, range(1, 100))
    with database.read_core() as connection:
        assert connection.execute(select(func.count()).select_from(outbox)).scalar_one() == count
