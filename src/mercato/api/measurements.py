"""The measurement-chart part of the API (reference 3.5): charts, their root fields and
mutations, and the product's measurement table (``Product.measurementTable``, and the
translation of ``measurementTable`` in product inputs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    json_strings,
    ok,
    writer,
)
from mercato.catalog import measurement_charts
from mercato.catalog.measurement_charts import MeasurementValue
from mercato.catalog.products import MeasurementTableInput
from mercato.db.unit_of_work import Created
from mercato.graphql.context import Reader, RequestContext
from mercato.graphql.executor import Ref
from mercato.graphql.fieldmap import (
    Column,
    Computed,
    FieldSource,
    Inline,
    ObjectMap,
    RootField,
    RootList,
    RootOne,
    ToOne,
)
from mercato.graphql.filters import InList, Text

# -- field maps ----------------------------------------------------------------------------


def load_measurement_contents(reader: Reader) -> dict[int, str]:
    """Every chart's values by id (charts are few: one per kind of garment or so)."""
    return {
        row[0]: row[1]
        for row in reader.fetch_all("SELECT id, content_json FROM measurement_charts")
    }


LOOKUPS = {"measurement_contents": load_measurement_contents}


def _table_content(
    chart_id: int, inherited: bool, own: str | None, contents: Mapping[int, str]
) -> str:
    if inherited or own is None:
        return contents.get(chart_id, "{}")
    return own


OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "MeasurementChart",
        "measurement_charts",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("displayUnit", "display_unit"),
                ("contentJSON", "content_json"),
            ),
            "horizontalLabels": Computed(("horizontal_labels",), json_strings),
            "verticalLabels": Computed(("vertical_labels",), json_strings),
        },
    ),
    # Read inline from the product's row (its measurement_* columns).
    ObjectMap(
        "MeasurementTable",
        "",
        {
            "chart": ToOne("MeasurementChart", "measurement_chart_id"),
            "inherited": Column("measurement_inherited"),
            "contentJSON": Computed(
                ("measurement_chart_id", "measurement_inherited", "measurement_content_json"),
                _table_content,
                ("measurement_contents",),
            ),
        },
        key="measurement_chart_id",
    ),
)

EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Product": {
        "measurementTable": Inline(
            "MeasurementTable",
            {
                "measurement_chart_id": "measurement_chart_id",
                "measurement_inherited": "measurement_inherited",
                "measurement_content_json": "measurement_content_json",
            },
            present="measurement_chart_id",
        ),
    },
}

# -- root fields -----------------------------------------------------------------------------

ROOTS: Mapping[str, RootField] = {
    "measurementChart": RootOne("MeasurementChart"),
    "measurementCharts": RootList(
        "MeasurementChart",
        filters={"id": InList("id"), "name": Text("name")},
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
}

# -- mutations -------------------------------------------------------------------------------


def measurement_values(
    entries: Sequence[Mapping[str, Any]] | None,
) -> list[MeasurementValue] | None:
    if entries is None:
        return None
    return [
        MeasurementValue(entry["horizontalLabel"], entry["verticalLabel"], entry["value"])
        for entry in entries
    ]


def measurement_table(data: Mapping[str, Any]) -> tuple[MeasurementTableInput | None, bool]:
    """A product input's ``measurementTable``: what to set, and whether to unassign it
    (``measurementTable: null``, or ``measurementChart: {id: null}``)."""
    if "measurementTable" not in data:
        return None, False
    given = data["measurementTable"]
    if given is None:
        return None, True
    chart = given.get("measurementChart")
    if chart is not None and chart.get("id") is None and chart.get("externalId") is None:
        return None, True
    return (
        MeasurementTableInput(
            chart_id=None if chart is None else chart.get("id"),
            chart_external_id=None if chart is None else chart.get("externalId"),
            inherited=given.get("inherited"),
            values=measurement_values(given.get("values")),
        ),
        False,
    )


def create_measurement_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = measurement_charts.MeasurementChartCreate(
        name=data["name"],
        horizontal_labels=tuple(data["horizontalLabels"]),
        vertical_labels=tuple(data["verticalLabels"]),
        display_unit=data.get("displayUnit"),
        values=measurement_values(data.get("values")) or (),
    )
    created = create_once(
        context,
        "createMeasurementChart",
        "MeasurementChart",
        data,
        lambda writer: Created(measurement_charts.create_measurement_chart(writer, command)),
    )
    return ok(measurementChart=Ref("MeasurementChart", created.id))


def update_measurement_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    labels = (data.get("horizontalLabels"), data.get("verticalLabels"))
    chart_id = measurement_charts.update_measurement_chart(
        writer(context),
        arguments["id"],
        measurement_charts.MeasurementChartUpdate(
            name=data.get("name"),
            horizontal_labels=None if labels[0] is None else tuple(labels[0]),
            vertical_labels=None if labels[1] is None else tuple(labels[1]),
            display_unit=""
            if "displayUnit" in data and data["displayUnit"] is None
            else data.get("displayUnit"),
            values=measurement_values(data.get("values")),
        ),
    )
    return ok(measurementChart=Ref("MeasurementChart", chart_id))


def delete_measurement_chart(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    measurement_charts.delete_measurement_chart(writer(context), arguments["id"])
    return ok()


MUTATIONS: Mapping[str, Handler] = {
    "createMeasurementChart": create_measurement_chart,
    "updateMeasurementChart": update_measurement_chart,
    "deleteMeasurementChart": delete_measurement_chart,
}
