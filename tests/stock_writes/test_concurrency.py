"""Concurrent writers against a real server (``mercato serve``, two worker processes, every
client thread with its own HTTP connection), on SQLite and PostgreSQL:

- 20 concurrent ``changeStock +1`` on one row end at exactly +20;
- concurrent compare-and-set writers with one expected value: exactly one wins, the others
  get a conflict userError with the current value;
- 10 concurrent retries of one idempotency key: one effect, identical response bodies;
- a server killed (SIGKILL) during a 10,000-row setStock leaves all of it or none of it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg
import pytest
from sqlalchemy import func, select

from mercato.cli.catalog_demo import generate_catalog
from mercato.db import catalog_tables, stock_tables
from mercato.db.database import Database
from tests.factories import MadeProduct
from tests.servers import all_at_once, load_token, running_server
from tests.stock_writes.support import CHANGE_STOCK, DEFAULT_WAREHOUSE, SET_STOCK, physical

pytestmark = pytest.mark.slow


def test_concurrent_writers(database: Database, product: MadeProduct, tmp_path: Path) -> None:
    red, small, medium = product.variant_ids[0], product.size_ids[0][0], product.size_ids[0][1]
    token = load_token(database)
    headers = {"Authorization": f"Bearer {token}"}
    with running_server(database, tmp_path, workers=2) as (base, _):

        def post(client: httpx.Client, query: str, variables: dict[str, Any]) -> dict[str, Any]:
            response = client.post(
                f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            assert "errors" not in body, body
            return body

        def plus_one(client: httpx.Client) -> dict[str, Any]:
            return post(
                client,
                CHANGE_STOCK,
                {
                    "input": {
                        "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                        "productVariants": [
                            {
                                "productVariant": {"id": red},
                                "sizeChanges": [{"size": {"name": "S"}, "deliveredQuantity": 1}],
                            }
                        ],
                    }
                },
            )

        # 20 concurrent +1 on one row (which does not exist yet): exactly +20.
        bodies = all_at_once(20, plus_one)
        assert all(b["data"]["changeStock"]["userErrors"] == [] for b in bodies)
        assert physical(database, DEFAULT_WAREHOUSE, small) == 20
        assert len({b["data"]["changeStock"]["stockChange"]["id"] for b in bodies}) == 20

        # Compare-and-set: 8 writers expect 20 and set different values; one wins.
        def compare_and_set(index: int) -> Callable[[httpx.Client], dict[str, Any]]:
            def request(client: httpx.Client) -> dict[str, Any]:
                level = {"size": {"name": "S"}, "quantity": 100 + index, "expectedQuantity": 20}
                return post(
                    client,
                    SET_STOCK,
                    {
                        "input": {
                            "warehouse": {"id": DEFAULT_WAREHOUSE},
                            "productVariants": [
                                {"productVariant": {"id": red}, "sizeStockLevels": [level]}
                            ],
                        }
                    },
                )

            return request

        counter = iter(range(8))
        lock = threading.Lock()

        def next_writer(client: httpx.Client) -> dict[str, Any]:
            with lock:
                index = next(counter)
            return compare_and_set(index)(client)

        payloads = [b["data"]["setStock"] for b in all_at_once(8, next_writer)]
        winners = [p for p in payloads if not p["userErrors"]]
        assert len(winners) == 1
        won = physical(database, DEFAULT_WAREHOUSE, small)
        assert 100 <= won < 108
        for loser in (p for p in payloads if p["userErrors"]):
            assert loser["stockChanges"] is None
            assert loser["userErrors"] == [
                {
                    "message": f"Expected physical quantity 20, but it is {won} now: nothing was "
                    "changed.",
                    "path": [
                        "input",
                        "productVariants",
                        "0",
                        "sizeStockLevels",
                        "0",
                        "expectedQuantity",
                    ],
                }
            ]

        # 10 concurrent retries of one idempotency key: one effect, identical bodies.
        def retry(client: httpx.Client) -> bytes:
            response = client.post(
                f"{base}/graphql",
                json={
                    "query": CHANGE_STOCK,
                    "variables": {
                        "input": {
                            "intoWarehouse": {"id": DEFAULT_WAREHOUSE},
                            "idempotencyKey": "delivery-42",
                            "productVariants": [
                                {
                                    "productVariant": {"id": red},
                                    "sizeChanges": [
                                        {"size": {"name": "M"}, "deliveredQuantity": 5}
                                    ],
                                }
                            ],
                        }
                    },
                },
                headers=headers,
            )
            assert response.status_code == 200
            return response.content

        answers = all_at_once(10, retry)
        assert len(set(answers)) == 1, answers
        assert b'"userErrors":[]' in answers[0]
        assert physical(database, DEFAULT_WAREHOUSE, medium) == 5


ROWS = 10_000


def _ledger_counts(database: Database) -> tuple[int, int]:
    with database.engine.connect() as connection:
        return (
            connection.execute(
                select(func.count()).select_from(stock_tables.stock_changes)
            ).scalar_one(),
            connection.execute(
                select(func.count()).select_from(stock_tables.stock_change_lines)
            ).scalar_one(),
        )


def _levels(database: Database, product_size_ids: set[int]) -> dict[int, int]:
    """Physical stock of these sizes in the default warehouse (a generated catalog stocks
    every size it makes, also those the test does not write)."""
    stock = stock_tables.stock
    with database.engine.connect() as connection:
        return {
            int(size): int(quantity)
            for size, quantity in connection.execute(
                select(stock.c.product_size_id, stock.c.physical_quantity).where(
                    stock.c.warehouse_id == DEFAULT_WAREHOUSE
                )
            )
            if int(size) in product_size_ids
        }


def test_a_killed_server_leaves_all_or_nothing(database: Database, tmp_path: Path) -> None:
    generate_catalog(database, ROWS // 12 + 1, progress=None)
    sizes, names = catalog_tables.product_sizes, catalog_tables.sizes
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(sizes.c.id, sizes.c.product_variant_id, names.c.name)
            .join(names, names.c.id == sizes.c.size_id)
            .order_by(sizes.c.id)
            .limit(ROWS)
        ).all()
    assert len(rows) == ROWS
    written = {int(row[0]) for row in rows}

    def body(quantity: int) -> dict[str, Any]:
        variants: dict[int, list[dict[str, Any]]] = {}
        for _, variant, name in rows:
            variants.setdefault(variant, []).append({"size": {"name": name}, "quantity": quantity})
        return {
            "query": SET_STOCK,
            "variables": {
                "input": {
                    "warehouse": {"id": DEFAULT_WAREHOUSE},
                    "productVariants": [
                        {"productVariant": {"id": v}, "sizeStockLevels": s}
                        for v, s in variants.items()
                    ],
                }
            },
        }

    token = load_token(database)
    headers = {"Authorization": f"Bearer {token}"}
    with running_server(database, tmp_path, workers=1) as (base, _):
        started = time.monotonic()
        first = httpx.post(f"{base}/graphql", json=body(1), headers=headers, timeout=120)
        duration = time.monotonic() - started
        assert first.status_code == 200
        assert '"userErrors":[]' in first.text, first.text[:500]
    assert set(_levels(database, written).values()) == {1}
    assert _ledger_counts(database) == (1, ROWS)

    interrupted, committed = 0, 1
    for attempt, delay in enumerate((0.15, 0.05, 0.3, 0.1, 0.0)):
        quantity = attempt + 2
        with running_server(database, tmp_path, workers=1) as (base, server):
            outcome: dict[str, Any] = {}

            def send(
                quantity: int = quantity, outcome: dict[str, Any] = outcome, base: str = base
            ) -> None:
                try:
                    outcome["response"] = httpx.post(
                        f"{base}/graphql", json=body(quantity), headers=headers, timeout=120
                    )
                except httpx.TransportError as error:
                    outcome["error"] = error

            thread = threading.Thread(target=send)
            thread.start()
            writing = _wait_for_a_writer(database, deadline=time.monotonic() + 10 * duration + 5)
            time.sleep(delay)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            thread.join()
        changes_before = _ledger_counts(database)[0]
        database.dispose()  # fresh connections see the database as recovered after the kill
        values = set(_levels(database, written).values())
        changes, lines = _ledger_counts(database)
        assert len(values) == 1, f"a partial write survived: {sorted(values)[:10]}"
        [value] = values
        assert value in (committed, quantity)
        assert lines == changes * ROWS
        assert changes == changes_before
        committed = value
        if writing and "error" in outcome:
            interrupted += 1
            if interrupted >= 2:
                break
    assert interrupted >= 1, "no kill hit an open write transaction"


def _wait_for_a_writer(database: Database, deadline: float) -> bool:
    """Wait until another connection holds an open write transaction: on PostgreSQL a
    backend with a transaction id (it has written), on SQLite the write lock (BEGIN
    IMMEDIATE taken). False when none showed up before the deadline."""
    url = database.engine.url
    if database.dialect == "postgresql":
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(plain, autocommit=True) as connection:
            while time.monotonic() < deadline:
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                ).fetchone()
                if row and row[0]:
                    return True
                time.sleep(0.002)
        return False
    probe = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
    try:
        while time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            probe.execute("ROLLBACK")
            time.sleep(0.002)
        return False
    finally:
        probe.close()
