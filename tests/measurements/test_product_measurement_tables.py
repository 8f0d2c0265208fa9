"""The product's measurement table: assigned through the product inputs, inherited or with
the product's own values, unassigned by null, read through ``Product.measurementTable``."""

from __future__ import annotations

from typing import Any

from tests.factories import make_product
from tests.measurements.support import (
    CREATE_PRODUCT,
    PRODUCT,
    SHIRTS_CONTENT,
    UPDATE,
    UPDATE_PRODUCT,
    create_chart,
    snapshot,
)
from tests.support import Api, StatementLog


def _update(api: Api, product_id: int, table: Any) -> dict[str, Any]:
    payload: dict[str, Any] = api.ok(
        UPDATE_PRODUCT, {"id": product_id, "input": {"measurementTable": table}}
    )["updateProduct"]
    return payload


def test_a_product_created_with_an_inherited_table_shows_the_charts_values(api: Api) -> None:
    chart = create_chart(api)
    payload = api.ok(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Shirt",
                "productNumber": "SH-1",
                "measurementTable": {"measurementChart": {"id": chart["id"]}},
            }
        },
    )["createProduct"]
    assert payload["userErrors"] == []
    assert payload["product"]["measurementTable"] == {
        "chart": {"id": chart["id"], "name": "Shirts"},
        "inherited": True,
        "contentJSON": SHIRTS_CONTENT,
    }
    # The chart's later values show through.
    api.ok(
        UPDATE,
        {
            "id": chart["id"],
            "input": {
                "values": [{"horizontalLabel": "S", "verticalLabel": "Chest", "value": "49"}]
            },
        },
    )
    read = api.ok(PRODUCT, {"id": payload["product"]["id"]})["product"]["measurementTable"]
    assert read["contentJSON"] == '{"Chest":{"S":"49"}}'


def test_own_values_are_checked_against_the_charts_labels(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    own = _update(
        api,
        product.product_id,
        {
            "measurementChart": {"id": chart["id"]},
            "values": [{"horizontalLabel": "L", "verticalLabel": "Length", "value": "74"}],
        },
    )
    assert own["product"]["measurementTable"] == {
        "chart": {"id": chart["id"], "name": "Shirts"},
        "inherited": False,
        "contentJSON": '{"Length":{"L":"74"}}',
    }
    before = snapshot(api.database)
    for table, path in (
        (
            {"values": [{"horizontalLabel": "XXL", "verticalLabel": "Length", "value": "1"}]},
            ["input", "measurementTable", "values", "0", "horizontalLabel"],
        ),
        (
            {
                "inherited": True,
                "values": [{"horizontalLabel": "L", "verticalLabel": "Length", "value": "1"}],
            },
            ["input", "measurementTable", "values"],
        ),
        ({"measurementChart": {"id": 999}}, ["input", "measurementTable", "measurementChart"]),
    ):
        refused = _update(api, product.product_id, table)
        assert refused["product"] is None
        assert [e["path"] for e in refused["userErrors"]] == [path]
    assert snapshot(api.database) == before


def test_inherited_false_without_values_starts_from_the_charts_values(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    _update(api, product.product_id, {"measurementChart": {"id": chart["id"]}})
    copied = _update(api, product.product_id, {"inherited": False})
    assert copied["product"]["measurementTable"]["inherited"] is False
    assert copied["product"]["measurementTable"]["contentJSON"] == SHIRTS_CONTENT
    # The copy is the product's own: a later chart change does not show through.
    api.ok(UPDATE, {"id": chart["id"], "input": {"values": []}})
    read = api.ok(PRODUCT, {"id": product.product_id})["product"]["measurementTable"]
    assert read["contentJSON"] == SHIRTS_CONTENT
    back = _update(api, product.product_id, {"inherited": True})
    assert back["product"]["measurementTable"]["contentJSON"] == "{}"


def test_null_unassigns_the_table(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    _update(api, product.product_id, {"measurementChart": {"id": chart["id"]}})
    assert _update(api, product.product_id, {"measurementChart": {"id": None}})["product"] == {
        "id": product.product_id,
        "measurementTable": None,
    }
    _update(api, product.product_id, {"measurementChart": {"id": chart["id"]}})
    assert _update(api, product.product_id, None)["product"]["measurementTable"] is None


def test_a_table_needs_a_chart(api: Api) -> None:
    before = snapshot(api.database)
    payload = api.ok(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Shirt",
                "productNumber": "SH-2",
                "measurementTable": {"inherited": True},
            }
        },
    )["createProduct"]
    assert payload["userErrors"][0]["path"] == ["input", "measurementTable", "measurementChart"]
    assert snapshot(api.database) == before


def test_the_table_needs_measurement_chart_read(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    _update(api, product.product_id, {"measurementChart": {"id": chart["id"]}})
    token = api.token("Product:read")
    response = api.query(PRODUCT, {"id": product.product_id}, token=token)
    assert response.data["product"] == {"id": product.product_id, "measurementTable": None}
    assert [e["path"] for e in response.errors] == [["product", "measurementTable"]]
    legacy = api.token("Product:read", "Product.MeasurementTable:read")
    granted = api.query(PRODUCT, {"id": product.product_id}, token=legacy)
    assert granted.errors == []
    assert granted.data["product"]["measurementTable"]["inherited"] is True


def test_products_with_tables_cost_the_same_statements_however_many(
    api: Api, statements: StatementLog
) -> None:
    query = (
        "{ products(limit: 100) { id measurementTable { chart { name } inherited contentJSON } } }"
    )
    chart = create_chart(api)

    def grow(count: int) -> None:
        for _ in range(count):
            product = make_product(api.database, "Shirt", variants=("Red",), sizes=("S",))
            _update(api, product.product_id, {"measurementChart": {"id": chart["id"]}})

    grow(2)
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    grow(5)
    api.ok(query)
    statements.reset()
    api.ok(query)
    assert statements.count == few
