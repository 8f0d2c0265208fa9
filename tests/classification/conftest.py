"""The classification tests run on the demo database with the classification demo loaded
(as the demo loader does): size charts "One Size" and "S-M-L", brand "Mercato Basics",
collection "SS27", folders Clothing > Tops, Bottoms and Retail categories Women > Knitwear,
Men > Knitwear. Loading is idempotent, so this holds whether or not the template has it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mercato.classification.demo import load_classification_demo
from mercato.db.database import Database
from tests.support import Api


@pytest.fixture
def api(database: Database) -> Iterator[Api]:
    load_classification_demo(database)
    with Api.start(database) as client:
        yield client
