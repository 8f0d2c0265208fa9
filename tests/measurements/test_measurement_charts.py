"""Measurement charts: create, read, update and delete, and the rules each enforces."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_product
from tests.measurements.support import (
    CREATE,
    DELETE,
    SHIRTS,
    SHIRTS_CONTENT,
    UPDATE,
    UPDATE_PRODUCT,
    create_chart,
    snapshot,
)
from tests.support import Api, StatementLog


def test_a_created_chart_reads_back_with_its_values_in_label_order(api: Api) -> None:
    chart = create_chart(api)
    assert chart == {
        "id": chart["id"],
        "name": "Shirts",
        "horizontalLabels": ["S", "M", "L"],
        "verticalLabels": ["Chest", "Length"],
        "displayUnit": "cm",
        "contentJSON": SHIRTS_CONTENT,
    }
    one = api.ok(
        "query($id: Int!) { measurementChart(id: $id) { name contentJSON } }", {"id": chart["id"]}
    )
    assert one["measurementChart"] == {"name": "Shirts", "contentJSON": SHIRTS_CONTENT}


def test_charts_list_with_filters_sorts_and_paging(api: Api) -> None:
    create_chart(api, name="Shirts")
    create_chart(api, name="Trousers")
    create_chart(api, name="Jackets")
    names = api.ok("{ measurementCharts { name } }")["measurementCharts"]
    assert [c["name"] for c in names] == ["Shirts", "Trousers", "Jackets"]
    sorted_ = api.ok("{ measurementCharts(sort: [name_DESC], limit: 2, page: 1) { name } }")
    assert [c["name"] for c in sorted_["measurementCharts"]] == ["Trousers", "Shirts"]
    filtered = api.ok('{ measurementCharts(where: {name: {contains: "ack"}}) { name } }')
    assert filtered["measurementCharts"] == [{"name": "Jackets"}]
    assert api.ok("{ measurementChart(id: 999) { id } }")["measurementChart"] is None


@pytest.mark.parametrize(
    ("changes", "path", "fragment"),
    [
        ({"name": " "}, ["input", "name"], "needs a name"),
        ({"horizontalLabels": []}, ["input", "horizontalLabels"], "at least one label"),
        ({"verticalLabels": ["A", "A"]}, ["input", "verticalLabels", "1"], "given twice"),
        (
            {"values": [{"horizontalLabel": "XL", "verticalLabel": "Chest", "value": "1"}]},
            ["input", "values", "0", "horizontalLabel"],
            "not a horizontal label",
        ),
        (
            {"values": [{"horizontalLabel": "S", "verticalLabel": "Waist", "value": "1"}]},
            ["input", "values", "0", "verticalLabel"],
            "not a vertical label",
        ),
        (
            {
                "values": [
                    {"horizontalLabel": "S", "verticalLabel": "Chest", "value": "1"},
                    {"horizontalLabel": "S", "verticalLabel": "Chest", "value": "2"},
                ]
            },
            ["input", "values", "1"],
            "given twice",
        ),
        (
            {"values": [{"horizontalLabel": "S", "verticalLabel": "Chest", "value": " "}]},
            ["input", "values", "0", "value"],
            "1 to 64 characters",
        ),
        ({"displayUnit": "x" * 33}, ["input", "displayUnit"], "at most 32"),
    ],
)
def test_bad_charts_are_refused_and_nothing_is_written(
    api: Api, changes: dict[str, Any], path: list[Any], fragment: str
) -> None:
    before = snapshot(api.database)
    payload = api.ok(CREATE, {"input": {**SHIRTS, **changes}})["createMeasurementChart"]
    assert payload["measurementChart"] is None
    assert [e["path"] for e in payload["userErrors"]] == [path]
    assert fragment in payload["userErrors"][0]["message"]
    assert snapshot(api.database) == before


def test_names_are_unique(api: Api) -> None:
    create_chart(api)
    before = snapshot(api.database)
    payload = api.ok(CREATE, {"input": SHIRTS})["createMeasurementChart"]
    assert "already exists" in payload["userErrors"][0]["message"]
    other = create_chart(api, name="Other")
    renamed = api.ok(UPDATE, {"id": other["id"], "input": {"name": "Shirts"}})
    assert "already exists" in renamed["updateMeasurementChart"]["userErrors"][0]["message"]
    assert snapshot(api.database)["charts"][0] == before["charts"][0]


def test_update_keeps_the_values_of_remaining_labels(api: Api) -> None:
    chart = create_chart(api)
    payload = api.ok(
        UPDATE,
        {
            "id": chart["id"],
            "input": {"horizontalLabels": ["L", "M", "XL"], "displayUnit": None, "name": "Tops"},
        },
    )["updateMeasurementChart"]
    assert payload["userErrors"] == []
    assert payload["measurementChart"] == {
        "id": chart["id"],
        "name": "Tops",
        "horizontalLabels": ["L", "M", "XL"],
        "verticalLabels": ["Chest", "Length"],
        "displayUnit": None,
        "contentJSON": '{"Chest":{"L":"54","M":"52"}}',
    }


def test_update_values_replace_all_values(api: Api) -> None:
    chart = create_chart(api)
    payload = api.ok(
        UPDATE,
        {
            "id": chart["id"],
            "input": {
                "verticalLabels": ["Waist"],
                "values": [{"horizontalLabel": "M", "verticalLabel": "Waist", "value": "80"}],
            },
        },
    )["updateMeasurementChart"]
    assert payload["measurementChart"]["contentJSON"] == '{"Waist":{"M":"80"}}'


def test_bad_updates_change_nothing(api: Api) -> None:
    chart = create_chart(api)
    before = snapshot(api.database)
    for input_ in (
        {"values": [{"horizontalLabel": "XS", "verticalLabel": "Chest", "value": "1"}]},
        {"horizontalLabels": []},
        # values are checked against the new labels
        {
            "horizontalLabels": ["XS"],
            "values": [{"horizontalLabel": "S", "verticalLabel": "Chest", "value": "1"}],
        },
    ):
        payload = api.ok(UPDATE, {"id": chart["id"], "input": input_})["updateMeasurementChart"]
        assert payload["userErrors"]
        assert payload["measurementChart"] is None
    unknown = api.ok(UPDATE, {"id": 999, "input": {"name": "X"}})["updateMeasurementChart"]
    assert "Could not find MeasurementChart" in unknown["userErrors"][0]["message"]
    assert snapshot(api.database) == before


def test_a_label_a_products_own_values_use_cannot_be_removed(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    own = [{"horizontalLabel": "M", "verticalLabel": "Length", "value": "72"}]
    api.ok(
        UPDATE_PRODUCT,
        {
            "id": product.product_id,
            "input": {
                "measurementTable": {
                    "measurementChart": {"id": chart["id"]},
                    "inherited": False,
                    "values": own,
                }
            },
        },
    )
    before = snapshot(api.database)
    payload = api.ok(UPDATE, {"id": chart["id"], "input": {"horizontalLabels": ["S", "L"]}})
    errors = payload["updateMeasurementChart"]["userErrors"]
    assert [e["path"] for e in errors] == [["input", "horizontalLabels"]]
    assert f"product {product.product_id}" in errors[0]["message"]
    assert snapshot(api.database) == before
    # A label only the chart's values use can go.
    assert (
        api.ok(UPDATE, {"id": chart["id"], "input": {"horizontalLabels": ["M", "L"]}})[
            "updateMeasurementChart"
        ]["userErrors"]
        == []
    )


def test_only_unused_charts_can_be_deleted(api: Api) -> None:
    chart = create_chart(api)
    product = make_product(api.database, "Shirt")
    api.ok(
        UPDATE_PRODUCT,
        {
            "id": product.product_id,
            "input": {"measurementTable": {"measurementChart": {"id": chart["id"]}}},
        },
    )
    before = snapshot(api.database)
    refused = api.ok(DELETE, {"id": chart["id"]})["deleteMeasurementChart"]
    assert "is used by 1 product(s)" in refused["userErrors"][0]["message"]
    assert snapshot(api.database) == before
    api.ok(UPDATE_PRODUCT, {"id": product.product_id, "input": {"measurementTable": None}})
    assert api.ok(DELETE, {"id": chart["id"]})["deleteMeasurementChart"]["userErrors"] == []
    assert api.ok("{ measurementCharts { id } }")["measurementCharts"] == []
    missing = api.ok(DELETE, {"id": chart["id"]})["deleteMeasurementChart"]
    assert "Could not find MeasurementChart" in missing["userErrors"][0]["message"]


def test_the_chart_list_costs_one_statement_however_many_charts(
    api: Api, statements: StatementLog
) -> None:
    query = "{ measurementCharts { id name horizontalLabels verticalLabels contentJSON } }"
    create_chart(api, name="A")
    api.ok(query)
    statements.reset()
    api.ok(query)
    few = statements.count
    for index in range(5):
        create_chart(api, name=f"More {index}")
    api.ok(query)
    statements.reset()
    assert len(api.ok(query)["measurementCharts"]) == 6
    assert statements.count == few
