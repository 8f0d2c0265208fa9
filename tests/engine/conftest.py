"""Fixtures of the engine tests: the reference executor, and one seeded API per backend for
the differential tests of a module (they only read, so they share it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mercato.db.database import Database
from tests.conftest import BACKENDS, PROCESS_SUFFIX, _admin_connection, _postgres_url
from tests.engine.differential import Differential, seed
from tests.engine.reference_executor import ReferenceExecutor
from tests.support import Api


@pytest.fixture(scope="session")
def reference() -> ReferenceExecutor:
    return ReferenceExecutor()


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A copy of the migrated demo database (like ``database``), kept for a whole module."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("differential") / "mercato.sqlite3"
        shutil.copyfile(template, path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"mercato_d_{PROCESS_SUFFIX}"
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    database = Database(_postgres_url(name))
    yield database
    database.dispose()
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def shared_differential(
    seeded_database: Database, reference: ReferenceExecutor
) -> Iterator[Differential]:
    with Api.start(seeded_database) as api:
        seed(api)
        yield Differential(api, reference, {})


@pytest.fixture
def differential(
    shared_differential: Differential, reference: ReferenceExecutor
) -> Iterator[Differential]:
    yield shared_differential
    shared_differential.reference = reference  # a test may compare with another reference
