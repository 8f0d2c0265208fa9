"""A small catalog every display and bundle test starts from, on the demo database (Retail
store 1 with markets Sweden 1, USA 2, World 3, Amazon 4; Wholesale store 2).

Products are written straight to the tables (tests/factories.py); categories and the
wholesale market go through the API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import make_product
from tests.support import Api

RETAIL = 1
WHOLESALE = 2
SWEDEN, USA, WORLD, AMAZON = 1, 2, 3, 4


@dataclass(frozen=True)
class Catalog:
    sweater: int
    red: int
    blue: int
    chair: int
    oak: int
    #: Retail categories, and one of the wholesale store.
    women: int
    men: int
    wholesale_category: int
    wholesale_market: int


def _category(api: Api, store: int, name: str) -> int:
    result = api.ok(
        "mutation($input: CategoryCreateInput!) { createCategory(input: $input) "
        "{ category { id } userErrors { message } } }",
        {"input": {"store": {"id": store}, "name": name}},
    )["createCategory"]
    assert result["userErrors"] == [], result
    category_id: int = result["category"]["id"]
    return category_id


@pytest.fixture
def catalog(api: Api) -> Catalog:
    sweater = make_product(api.database, "Sweater", product_number="SW1", variants=("Red", "Blue"))
    chair = make_product(api.database, "Chair", product_number="CH1", variants=("Oak",))
    market = api.ok(
        'mutation { createMarket(input: {name: "Wholesale EU", store: {id: 2}}) '
        "{ market { id } userErrors { message } } }"
    )["createMarket"]["market"]["id"]
    return Catalog(
        sweater=sweater.product_id,
        red=sweater.variant_ids[0],
        blue=sweater.variant_ids[1],
        chair=chair.product_id,
        oak=chair.variant_ids[0],
        women=_category(api, RETAIL, "Women"),
        men=_category(api, RETAIL, "Men"),
        wholesale_category=_category(api, WHOLESALE, "Wholesale"),
        wholesale_market=market,
    )
