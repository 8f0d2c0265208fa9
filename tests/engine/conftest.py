"""Fixtures of the engine tests: the reference executor and a seeded API to compare it with."""

from __future__ import annotations

import pytest

from tests.engine.differential import Differential, Seed, seed
from tests.engine.reference_executor import ReferenceExecutor
from tests.support import Api


@pytest.fixture(scope="session")
def reference() -> ReferenceExecutor:
    return ReferenceExecutor()


@pytest.fixture
def seeded(api: Api) -> Seed:
    return seed(api)


@pytest.fixture
def differential(api: Api, reference: ReferenceExecutor, seeded: Seed) -> Differential:
    return Differential(api, reference, {})
