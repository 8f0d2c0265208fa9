"""The catalog the clients run against: ``mercato demo --products 20`` (the demo's size charts,
classification and pricelists, 20 generated products with variants, sizes, displays, prices
and stock) and the supplier demo (suppliers, purchase orders, one accepted delivery)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.demo import load_catalog_demo
from mercato.db.database import Database
from mercato.supply.demo import load_supply_demo
from tests.support import Api

GENERATED_PRODUCTS = 20


@pytest.fixture
def catalog_api(database: Database) -> Iterator[Api]:
    load_catalog_demo(database)
    generate_catalog(database, GENERATED_PRODUCTS, progress=None)
    assert load_supply_demo(database)
    with Api.start(database) as api:
        yield api


def sent(api: Api, document: str, variables: object = None) -> dict[str, Any]:
    """The response's data for a document sent as the client sends it: HTTP 200, no errors,
    and, for a mutation, no userErrors in any payload."""
    body: dict[str, object] = {"query": document}
    if variables is not None:
        body["variables"] = variables
    response = api.client.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {api.qa_token}"}
    )
    payload = response.json()
    assert response.status_code == 200, payload
    assert "errors" not in payload, payload["errors"]
    data: dict[str, Any] = payload["data"]
    if document.lstrip().startswith("mutation"):
        for result in data.values():
            assert isinstance(result, dict)
            assert result.get("userErrors", []) == [], result["userErrors"]
    return data
