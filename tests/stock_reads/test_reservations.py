"""The reservation service: its rules, and that a refused claim writes nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from mercato.db import stock_tables as stock
from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.errors import UserInputError
from mercato.stock.reservations import Reservation, mark_shipped, release, reserve
from tests.factories import MadeProduct, put_stock
from tests.stock_reads.support import DEFAULT_WAREHOUSE, RETAIL_WAREHOUSE, claim, purchase_order


def _claims(database: Database) -> list[tuple[object, ...]]:
    table = stock.stock_reservations
    with database.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(table).order_by(table.c.id)).all()]


def _refused(database: Database, command: Reservation, message: str) -> None:
    before = _claims(database)
    with pytest.raises(UserInputError) as raised:
        reserve(Writer.system(database), command)
    assert message in raised.value.errors[0].message
    assert _claims(database) == before


def test_an_allocation_takes_at_most_the_free_stock(
    database: Database, sweater: MadeProduct
) -> None:
    size = sweater.size_ids[0][0]
    put_stock(database, DEFAULT_WAREHOUSE, size, 5)
    claim(database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 3)
    _refused(
        database,
        Reservation(DEFAULT_WAREHOUSE, size, "ALLOCATED", 3),
        "Only 2 free to allocate in warehouse 1.",
    )
    _refused(
        database,
        Reservation(RETAIL_WAREHOUSE, size, "ALLOCATED", 1),
        "Only 0 free to allocate in warehouse 3.",
    )
    claim(database, DEFAULT_WAREHOUSE, size, "ALLOCATED", 2)
    # Demand needs no stock.
    claim(database, RETAIL_WAREHOUSE, size, "DEMAND", 4)


def test_rules_of_a_claim(database: Database, sweater: MadeProduct) -> None:
    size, other = sweater.size_ids[0][0], sweater.size_ids[0][1]
    (line,) = purchase_order(database, DEFAULT_WAREHOUSE, [(size, 5)])
    (closed,) = purchase_order(database, DEFAULT_WAREHOUSE, [(size, 5)], status="COMPLETED")
    _refused(database, Reservation(DEFAULT_WAREHOUSE, size, "HELD", 1), "Unknown")
    _refused(database, Reservation(DEFAULT_WAREHOUSE, size, "DEMAND", 0), "at least 1")
    _refused(database, Reservation(DEFAULT_WAREHOUSE, size, "LINKED", 1), "names its")
    _refused(
        database,
        Reservation(DEFAULT_WAREHOUSE, size, "DEMAND", 1, purchase_order_line_id=line),
        "names its",
    )
    for warehouse, product_size, line_id in (
        (DEFAULT_WAREHOUSE, other, line),
        (RETAIL_WAREHOUSE, size, line),
        (DEFAULT_WAREHOUSE, size, closed),
    ):
        _refused(
            database,
            Reservation(warehouse, product_size, "LINKED", 1, purchase_order_line_id=line_id),
            "same product size on an open purchase order",
        )
    _refused(database, Reservation(99, size, "DEMAND", 1), "warehouse 99 does not exist")
    _refused(database, Reservation(DEFAULT_WAREHOUSE, 999, "DEMAND", 1), "does not exist")
    claim(database, DEFAULT_WAREHOUSE, size, "LINKED", 2, line_id=line)


def test_shipping_and_releasing_a_claim(database: Database, sweater: MadeProduct) -> None:
    size = sweater.size_ids[0][0]
    reservation = claim(database, DEFAULT_WAREHOUSE, size, "DEMAND", 2)
    mark_shipped(Writer.system(database), reservation)
    table = stock.stock_reservations
    with database.engine.connect() as connection:
        shipped = connection.execute(
            select(table.c.in_shipment).where(table.c.id == reservation)
        ).scalar_one()
    assert shipped
    release(Writer.system(database), reservation)
    with database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(table)).scalar_one() == 0
    with pytest.raises(UserInputError):
        release(Writer.system(database), reservation)
    with pytest.raises(UserInputError):
        mark_shipped(Writer.system(database), reservation)


def test_concurrent_allocations_never_oversell(database: Database, sweater: MadeProduct) -> None:
    """Twenty buyers of one unit each race for ten units: exactly ten allocations succeed."""
    size = sweater.size_ids[0][0]
    put_stock(database, DEFAULT_WAREHOUSE, size, 10)
    buyers = 20
    barrier = threading.Barrier(buyers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(index: int) -> None:
        barrier.wait()
        try:
            reserve(
                Writer.system(database),
                Reservation(DEFAULT_WAREHOUSE, size, "ALLOCATED", 1, reference=f"order {index}"),
            )
            outcome = "allocated"
        except UserInputError as refused:
            outcome = refused.errors[0].message
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("allocated") == 10
    assert sorted(set(outcomes) - {"allocated"}) == ["Only 0 free to allocate in warehouse 1."]
    table = stock.stock_reservations
    with database.engine.connect() as connection:
        allocated = connection.execute(
            select(func.sum(table.c.quantity)).where(table.c.state == "ALLOCATED")
        ).scalar_one()
    assert allocated == 10
