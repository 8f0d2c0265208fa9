"""Shared fixtures: every database-backed test runs on SQLite and, when
MERCATO_TEST_POSTGRES_URL is set, on PostgreSQL too.

Each test gets its own database copied from a template that was migrated and loaded with
the demo data once per session: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import make_url

from mercato.cli.demo import load_demo
from mercato.db.database import Database
from mercato.db.migrate import upgrade
from tests.support import Api, StatementLog

# CI replays the same generated examples every run (a red CI then always means a change broke
# something); developers' runs explore new examples and keep failures in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

POSTGRES_URL = os.environ.get("MERCATO_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]
TEMPLATE_DATABASE = "mercato_template"


def _admin_connection() -> psycopg.Connection[tuple[object, ...]]:
    assert POSTGRES_URL is not None
    return psycopg.connect(POSTGRES_URL, autocommit=True)


def _postgres_url(database_name: str) -> str:
    assert POSTGRES_URL is not None
    return make_url(POSTGRES_URL).set(database=database_name).render_as_string(hide_password=False)


def _prepare(database: Database) -> None:
    # The catalog's demo (charts, classification, pricelists) is left out: catalog tests set
    # up their own, and tests/api/test_cookbook.py loads it like `make run` does.
    upgrade(database)
    load_demo(database, catalog=False)
    database.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``one_backend`` do not depend on the database engine (they are refused
    before any SQL runs): they run on SQLite only."""
    del config
    items[:] = [
        item
        for item in items
        if not (item.get_closest_marker("one_backend") and "[postgresql" in item.nodeid)
    ]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    _prepare(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


#: Databases are named per test process, so concurrent runs on one server never collide.
PROCESS_SUFFIX = f"{os.getpid()}"


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"{TEMPLATE_DATABASE}_{PROCESS_SUFFIX}"
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    _prepare(Database(_postgres_url(name)))
    yield name
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"DROP DATABASE IF EXISTS mercato_t_{PROCESS_SUFFIX} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "mercato.sqlite3"
        shutil.copyfile(template, path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"mercato_t_{PROCESS_SUFFIX}"
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    database = Database(_postgres_url(name))
    yield database
    database.dispose()


@pytest.fixture
def api(database: Database) -> Iterator[Api]:
    with Api.start(database) as client:
        yield client


@pytest.fixture
def statements(database: Database) -> Iterator[StatementLog]:
    log = StatementLog()
    database.add_statement_listener(log)
    yield log
    database.remove_statement_listener(log)
