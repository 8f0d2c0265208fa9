"""Every stock-write test gets a product with two variants (Red, Blue) of sizes S, M, L."""

from __future__ import annotations

import pytest

from mercato.db.database import Database
from tests.factories import MadeProduct, make_product


@pytest.fixture
def product(database: Database) -> MadeProduct:
    return make_product(database, variants=("Red", "Blue"), sizes=("S", "M", "L"))
