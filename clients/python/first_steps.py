"""The cookbook's first steps (docs/cookbook.md) through the generated, typed client.

    make client && make run            # in another terminal
    PYTHONPATH=build/client .venv/bin/python clients/python/first_steps.py URL TOKEN

tests/client runs ``first_steps`` against a live server, and mypy checks it against the
generated package: a schema change that breaks it fails the suite.
"""

from __future__ import annotations

import sys
from typing import Any

from mercato_client import CountryInput, MarketCreateInput, MercatoClient, StoreInput

NORWAY = MarketCreateInput(name="Norway", store=StoreInput(id=1), addCountries=[CountryInput(code="NO")])


def first_steps(client: MercatoClient) -> list[dict[str, Any]]:
    """Each step's data, as the cookbook shows it."""
    stores = client.stores()
    markets = client.markets()
    refused = client.create_market(input=NORWAY)  # the World market still holds Norway
    moved = client.remove_countries_from_market(id=3, countries=[CountryInput(code="NO")])
    created = client.create_market(input=NORWAY)
    warehouses = client.warehouses(name="Default Warehouse")
    return [
        answer.model_dump(by_alias=True, mode="json")
        for answer in (stores, markets, refused, moved, created, warehouses)
    ]


def main() -> None:
    url, token = sys.argv[1:3]
    with MercatoClient(url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        for data in first_steps(client):
            print(data)
        # Answers are typed models: a field the schema lacks is a mypy error, not a KeyError.
        for market in client.markets().markets or ():
            print(market.id, market.name, [country.code for country in market.assigned_to_countries or ()])


if __name__ == "__main__":
    main()
