"""Stock is guarded per place: a token without the nested permission gets null there and the
standard authorization error, and the rest of the answer is intact."""

from __future__ import annotations

import pytest

from tests.factories import MadeProduct, put_stock
from tests.stock_reads.support import DEFAULT_WAREHOUSE
from tests.support import Api

CASES = [
    (
        "productVariant",
        "{ productVariant(id: $id) { id stock { physicalQuantity } "
        "stockTotals { physicalQuantity } } }",
        "ProductVariant:read",
        ("ProductVariant.stock:read", "ProductVariant.stockTotals:read"),
    ),
    (
        "productSizes",
        "{ productSizes(where: {id: [$id]}) { id stock { physicalQuantity } "
        "stockTotals { physicalQuantity } } }",
        "ProductSize:read",
        ("ProductSize.stock:read", "ProductSize.stockTotals:read"),
    ),
    (
        "warehouse",
        "{ warehouse(id: $id) { id stock { physicalQuantity } stockTotals { physicalQuantity } } }",
        "Warehouse:read",
        ("Warehouse.stock:read", "Warehouse.stockTotals:read"),
    ),
]


def _document(body: str) -> str:
    return "query($id: Int!) " + body


@pytest.mark.parametrize(("root", "body", "base", "nested"), CASES)
def test_without_the_nested_permission_stock_is_null_with_an_error(
    api: Api, sweater: MadeProduct, root: str, body: str, base: str, nested: tuple[str, str]
) -> None:
    put_stock(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], 4)
    ids = {"productVariant": sweater.variant_ids[0], "productSizes": sweater.size_ids[0][0]}
    variables = {"id": ids.get(root, DEFAULT_WAREHOUSE)}

    response = api.query(_document(body), variables, token=api.token(base))
    assert response.status == 200
    value = response.data[root]
    value = value[0] if isinstance(value, list) else value
    assert value["id"] == variables["id"]
    assert value["stock"] is None
    assert value["stockTotals"] is None
    messages = sorted(error["message"] for error in response.errors)
    assert messages == sorted(
        [
            f"You need {nested[0]} permission to access stock.",
            f"You need {nested[1]} permission to access stockTotals.",
        ]
    )
    assert {error["extensions"]["category"] for error in response.errors} == {"authorization"}
    assert sorted(response.extensions["permissionsUsed"]) == sorted([base, *nested])

    allowed = api.query(_document(body), variables, token=api.token(base, *nested))
    assert not allowed.errors
    value = allowed.data[root]
    value = value[0] if isinstance(value, list) else value
    assert value["stock"] == [{"physicalQuantity": 4}]
    assert value["stockTotals"] == {"physicalQuantity": 4}


def test_the_stock_rows_links_need_their_own_permissions(api: Api, sweater: MadeProduct) -> None:
    put_stock(api.database, DEFAULT_WAREHOUSE, sweater.size_ids[0][0], 4)
    token = api.token("Warehouse:read", "Warehouse.stock:read")
    response = api.query(
        "{ warehouse(id: 1) { stock { physicalQuantity productSize { id } warehouse { id } } } }",
        token=token,
    )
    assert response.data["warehouse"]["stock"] == [
        {"physicalQuantity": 4, "productSize": None, "warehouse": {"id": 1}}
    ]
    (error,) = response.errors
    assert error["message"] == "You need ProductSize:read permission to access productSize."
    assert error["path"] == ["warehouse", "stock", 0, "productSize"]
