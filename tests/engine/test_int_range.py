"""A count past GraphQL's Int: a connection's totalCount. No test database holds 2^31 rows,
so the bound is lowered to 1 for the count: the same code path as a real overflow."""

from __future__ import annotations

import pytest

from mercato.graphql import executor
from tests.factories import make_product
from tests.support import Api


def test_a_count_past_the_largest_int_is_an_error_on_its_field(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("First", "Second"):
        make_product(api.database, name)
    query = "{ productConnection { totalCount } products(limit: 1) { id } }"
    assert api.ok(query)["productConnection"]["totalCount"] == 2
    monkeypatch.setattr(executor, "LARGEST_INT", 1)
    response = api.query(query)
    assert response.status == 200, response.body
    # totalCount is an Int!: the (nullable) connection is null, the other root field intact.
    assert response.data["productConnection"] is None
    assert len(response.data["products"]) == 1
    assert [(e["path"], e["extensions"]["category"]) for e in response.errors] == [
        (["productConnection", "totalCount"], "internal")
    ]
    assert "ProductConnection.totalCount is 2" in response.errors[0]["message"]
