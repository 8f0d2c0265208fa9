"""The guards under the service rules: a setStock whose read went stale (a concurrent writer
changed or inserted a row between the read and the write) is retried instead of
overwriting, and the database refuses negative stock whatever the code does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from mercato.db import stock_tables
from mercato.stock import setting
from mercato.stock.levels import Key, Level, read_levels, read_sizes_with_levels
from tests.factories import MadeProduct
from tests.stock_writes.support import DEFAULT_WAREHOUSE, SET_STOCK, levels, physical
from tests.support import Api


def _stale_once(monkeypatch: pytest.MonkeyPatch, stale: Level) -> list[int]:
    """The first read of levels reports ``stale`` for every row, as if another writer
    changed them right after; later reads are true. Returns the list of calls."""
    calls: list[int] = []

    def reading(connection: object, sql: object, keys: Sequence[Key]) -> dict[Key, Level]:
        found = read_levels(connection, sql, keys)  # type: ignore[arg-type]
        calls.append(len(keys))
        return dict.fromkeys(found, stale) if len(calls) == 1 else found

    def reading_sqlite(
        connection: object, sql: object, warehouse_id: int, variant_ids: Sequence[int]
    ) -> list[Sequence[Any]]:
        # SQLite reads the variants' sizes with their levels in one statement.
        found = read_sizes_with_levels(connection, sql, warehouse_id, variant_ids)  # type: ignore[arg-type]
        calls.append(len(variant_ids))
        return found if len(calls) > 1 else [(*row[:4], *stale, *row[6:]) for row in found]

    monkeypatch.setattr(setting, "read_levels", reading)
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
