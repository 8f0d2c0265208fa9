"""The attributes, translations and media tests run on the demo database with the demo
attribute types loaded (as the demo loader does; see mercato.catalog.attributes_demo).
Loading is idempotent, so this holds whether or not the template has them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mercato.catalog.attributes_demo import load_attributes_demo
from mercato.db.database import Database
from tests.support import Api


@pytest.fixture
def api(database: Database) -> Iterator[Api]:
    load_attributes_demo(database)
    with Api.start(database) as client:
        yield client
