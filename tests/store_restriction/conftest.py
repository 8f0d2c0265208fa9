"""One world per database (per test process), shared by the matrices: building it takes well
under a second, and the matrices write store 1's objects only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mercato.db.database import Database
from mercato.settings import Settings
from tests.conftest import BACKENDS, PROCESS_SUFFIX, _admin_connection, _postgres_url
from tests.store_restriction.world import World, build_world
from tests.support import Api

#: The generated selections are large and deep, and name many objects by alias: limits meant
#: for integrations would refuse them before they run.
SETTINGS = Settings(
    database_url="sqlite://",
    environment="test",
    rate_limits_enabled=False,
    max_complexity=10**9,
    max_depth=64,
    max_aliases=10_000,
)


@pytest.fixture(scope="session", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("world") / "world.sqlite3"
        shutil.copyfile(template, path)
        database = Database(f"sqlite:///{path}")
        with Api.start(database, SETTINGS) as api:
            yield build_world(api)
        database.dispose()
        return
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"mercato_world_{PROCESS_SUFFIX}"
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    database = Database(_postgres_url(name))
    try:
        with Api.start(database, SETTINGS) as api:
            yield build_world(api)
    finally:
        database.dispose()
        with _admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
