"""A fresh database per test: SQLite always, PostgreSQL too when MERCATO_TEST_POSTGRES_URL is set.

The PostgreSQL database named there is wiped (drop_all/create_all) for every test, so point
it at a database used for nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from mercato.db.database import Database
from mercato.db.tables import metadata, stores

POSTGRES_URL = os.environ.get("MERCATO_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]

STORE_ID = 1


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'auth.sqlite3'}")
    else:
        assert POSTGRES_URL is not None
        database = Database(POSTGRES_URL)
        metadata.drop_all(database.engine)
    metadata.create_all(database.engine)
    with database.write() as connection:
        connection.execute(
            insert(stores).values(id=STORE_ID, name="Retail", type="DIRECT_TO_CONSUMER")
        )
    try:
        yield database
    finally:
        database.dispose()
