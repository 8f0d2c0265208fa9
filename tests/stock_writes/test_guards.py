"""The guards under the service rules: a setStock whose read went stale (a concurrent writer
changed or inserted a row between the read and the write) is retried instead of
overwriting, and the database refuses negative stock whatever the code does."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from mercato.clock import utc_now
from mercato.db import stock_tables
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.idconversion.references import Reference, SizeReference
from mercato.stock import setting, setting_postgresql, writes
from mercato.stock.levels import Level, read_sizes_with_levels
from mercato.stock.setting_postgresql import lock_physical
from tests.factories import MadeProduct
from tests.stock_writes.support import DEFAULT_WAREHOUSE, SET_STOCK, levels, physical
from tests.support import Api


def _stale_once(monkeypatch: pytest.MonkeyPatch, stale: Level) -> list[int]:
    """The first read of levels reports ``stale`` for every row, as if another writer
    changed them right after; later reads are true. Returns the list of calls."""
    calls: list[int] = []

    def locking(
        connection: object, warehouse_id: int, product_size_ids: Sequence[int]
    ) -> dict[int, int]:
        # PostgreSQL locks the stored rows and reads their physical quantities.
        found = lock_physical(connection, warehouse_id, product_size_ids)  # type: ignore[arg-type]
        calls.append(len(product_size_ids))
        if len(calls) > 1:
            return found
        return {} if stale.physical is None else dict.fromkeys(product_size_ids, stale.physical)

    def reading_sqlite(
        connection: object, sql: object, warehouse_id: int, variant_ids: Sequence[int]
    ) -> list[Sequence[Any]]:
        # SQLite reads the variants' sizes with their levels in one statement.
        found = read_sizes_with_levels(connection, sql, warehouse_id, variant_ids)  # type: ignore[arg-type]
        calls.append(len(variant_ids))
        return found if len(calls) > 1 else [(*row[:4], *stale, *row[6:]) for row in found]

    monkeypatch.setattr(setting_postgresql, "lock_physical", locking)
    monkeypatch.setattr(setting, "read_sizes_with_levels", reading_sqlite)
    return calls


@pytest.mark.parametrize("stale", [Level(None, 0), Level(7, 0)], ids=["missing", "changed"])
def test_a_stale_read_is_retried_not_overwritten(
    api: Api, product: MadeProduct, monkeypatch: pytest.MonkeyPatch, stale: Level
) -> None:
    red, small = product.variant_ids[0], product.size_ids[0][0]
    variables = {
        "input": {
            "warehouse": {"id": DEFAULT_WAREHOUSE},
            "productVariants": [levels(red, ("S", 5))],
        }
    }
    api.ok(SET_STOCK, variables)
    calls = _stale_once(monkeypatch, stale)
    variables["input"]["productVariants"] = [levels(red, ("S", 9))]
    result = api.ok(SET_STOCK, variables)["setStock"]
    assert result["userErrors"] == []
    assert len(calls) == 2  # the guarded write failed on the stale read, the retry succeeded
    [line] = result["stockChanges"][0]["lines"]
    assert (line["deliveredQuantity"], line["physicalQuantity"]) == (4, 9)
    assert physical(api.database, DEFAULT_WAREHOUSE, small) == 9


def _wait_for_a_lock_wait(database: Database) -> None:
    """PostgreSQL: until some session of this database waits for a lock (the writer queued
    behind the held row). SQLite's writer waits in BEGIN IMMEDIATE, before it reads anything,
    so there is nothing to watch: a short pause lets it get there."""
    if database.dialect != "postgresql":
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 30
    with database.engine.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            watcher.rollback()
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the writer never waited for the locked row")


def test_an_allocation_committed_while_set_stock_waits_is_counted(
    database: Database, product: MadeProduct
) -> None:
    """setStock reads the allocated sums after it holds the row locks: an allocation that
    held the row while setStock waited, and committed, is counted (no oversell)."""
    red, small = product.variant_ids[0], product.size_ids[0][0]

    def command(quantity: int) -> setting.StockSet:
        return setting.StockSet(
            Reference(id=DEFAULT_WAREHOUSE),
            [
                setting.VariantLevels(
                    Reference(id=red), [writes.size_level(SizeReference(name="S"), quantity)]
                )
            ],
        )

    setting.set_stock(Writer.system(database), command(10))
    outcome: list[BaseException | None] = []

    def write() -> None:
        try:
            setting.set_stock(Writer.system(database), command(3))
            outcome.append(None)
        except BaseException as error:  # reported to the test's thread
            outcome.append(error)

    stock, claims = stock_tables.stock, stock_tables.stock_reservations
    now = utc_now()
    with database.write() as connection:
        # What an allocation does (mercato.stock.reservations): lock the row, then claim.
        connection.execute(
            select(stock.c.physical_quantity)
            .where(stock.c.warehouse_id == DEFAULT_WAREHOUSE, stock.c.product_size_id == small)
            .with_for_update()
        )
        connection.execute(
            insert(claims).values(
                warehouse_id=DEFAULT_WAREHOUSE,
                product_size_id=small,
                state="ALLOCATED",
                quantity=4,
                created_at=now,
                updated_at=now,
            )
        )
        writer = threading.Thread(target=write)
        writer.start()
        _wait_for_a_lock_wait(database)
    writer.join(60)
    [error] = outcome
    assert isinstance(error, UserInputError)
    assert [problem.message for problem in error.errors] == [
        f"Product size ID {small}: physical quantity 3 is below the 4 allocated to orders in "
        "this warehouse."
    ]
    assert physical(database, DEFAULT_WAREHOUSE, small) == 10


def test_the_database_refuses_negative_stock(api: Api, product: MadeProduct) -> None:
    red = product.variant_ids[0]
    api.ok(
        SET_STOCK,
        {
            "input": {
                "warehouse": {"id": DEFAULT_WAREHOUSE},
                "productVariants": [levels(red, ("S", 1))],
            }
        },
    )
    stock = stock_tables.stock
    with pytest.raises(IntegrityError), api.database.write() as connection:
        connection.execute(update(stock).values(physical_quantity=stock.c.physical_quantity - 2))
    assert physical(api.database, DEFAULT_WAREHOUSE, product.size_ids[0][0]) == 1
