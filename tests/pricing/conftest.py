"""Every pricing test starts from the pricing demo: pricelists "SEK" (Sweden) and "USD"
(United States) of the Retail store, "EUR Wholesale" of the Wholesale store."""

from __future__ import annotations

import pytest

from mercato.db.database import Database
from mercato.pricing.demo import load_pricing_demo


@pytest.fixture(autouse=True)
def pricing_demo(database: Database) -> None:
    load_pricing_demo(database)
