"""Every stock-read test has a product with two variants of three sizes (S, M, L)."""

from __future__ import annotations

import pytest

from mercato.db.database import Database
from tests.factories import MadeProduct, make_product


@pytest.fixture
def sweater(database: Database) -> MadeProduct:
    return make_product(database, "Sweater", variants=("Red", "Blue"), sizes=("S", "M", "L"))
