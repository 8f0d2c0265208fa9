"""The cookbook's first request, end to end over HTTP."""

from __future__ import annotations

from tests.support import Api


def test_stores_are_listed_with_the_envelope(api: Api) -> None:
    response = api.query("{ stores { id name } }")

    assert response.status == 200
    assert response.data == {
        "stores": [{"id": 1, "name": "Retail Store"}, {"id": 2, "name": "Wholesale"}]
    }
    assert response.extensions["permissionsUsed"] == ["Store:read"]
    assert response.extensions["complexity"] > 0
    assert response.extensions["appVersion"].startswith("v")
