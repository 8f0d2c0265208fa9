"""Permission-matrix cases of the measurement-chart root fields."""

from __future__ import annotations

from tests.permission_cases import Case

CHART = (
    'mutation { createMeasurementChart(input: {name: "Matrix", horizontalLabels: ["S"], '
    'verticalLabels: ["Chest"]}) { userErrors { message } } }'
)

CASES: dict[str, Case] = {
    "measurementChart": Case(
        "{ measurementChart(id: 1) { id } }", ("MeasurementChart:read",), setup=(CHART,)
    ),
    "measurementCharts": Case("{ measurementCharts { id } }", ("MeasurementChart:read",)),
    "createMeasurementChart": Case(CHART, ("MeasurementChart:write",)),
    "updateMeasurementChart": Case(
        'mutation { updateMeasurementChart(id: 1, input: {displayUnit: "cm"}) '
        "{ userErrors { message } } }",
        ("MeasurementChart:write",),
        setup=(CHART,),
    ),
    "deleteMeasurementChart": Case(
        "mutation { deleteMeasurementChart(id: 1) { userErrors { message } } }",
        ("MeasurementChart:write",),
        setup=(CHART,),
    ),
}
