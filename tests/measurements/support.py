"""GraphQL documents and snapshots of the measurement-chart tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mercato.db import catalog_tables as catalog
from mercato.db.database import Database
from tests.support import Api

CHART_FIELDS = "id name horizontalLabels verticalLabels displayUnit contentJSON"

CREATE = f"""
mutation($input: MeasurementChartCreateInput!) {{
  createMeasurementChart(input: $input) {{
    measurementChart {{ {CHART_FIELDS} }}
    userErrors {{ message path }}
    userWarnings {{ message path }}
  }}
}}"""

UPDATE = f"""
mutation($id: Int!, $input: MeasurementChartUpdateInput!) {{
  updateMeasurementChart(id: $id, input: $input) {{
    measurementChart {{ {CHART_FIELDS} }}
    userErrors {{ message path }}
  }}
}}"""

DELETE = """
mutation($id: Int!) {
  deleteMeasurementChart(id: $id) { userErrors { message path } userWarnings { message } }
}"""

TABLE = "measurementTable { chart { id name } inherited contentJSON }"

CREATE_PRODUCT = f"""
mutation($input: ProductCreateInput!) {{
  createProduct(input: $input) {{
    product {{ id {TABLE} }}
    userErrors {{ message path }}
  }}
}}"""

UPDATE_PRODUCT = f"""
mutation($id: Int!, $input: ProductUpdateInput!) {{
  updateProduct(id: $id, input: $input) {{
    product {{ id {TABLE} }}
    userErrors {{ message path }}
  }}
}}"""

PRODUCT = f"query($id: Int!) {{ product(id: $id) {{ id {TABLE} }} }}"

SHIRTS: dict[str, Any] = {
    "name": "Shirts",
    "horizontalLabels": ["S", "M", "L"],
    "verticalLabels": ["Chest", "Length"],
    "displayUnit": "cm",
    "values": [
        {"horizontalLabel": "S", "verticalLabel": "Chest", "value": "50"},
        {"horizontalLabel": "M", "verticalLabel": "Chest", "value": "52"},
        {"horizontalLabel": "L", "verticalLabel": "Chest", "value": "54"},
        {"horizontalLabel": "S", "verticalLabel": "Length", "value": "70"},
    ],
}

SHIRTS_CONTENT = '{"Chest":{"S":"50","M":"52","L":"54"},"Length":{"S":"70"}}'


def create_chart(api: Api, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = api.ok(CREATE, {"input": {**SHIRTS, **changes}})[
        "createMeasurementChart"
    ]
    assert payload["userErrors"] == [], payload["userErrors"]
    chart: dict[str, Any] = payload["measurementChart"]
    return chart


def snapshot(database: Database) -> dict[str, Any]:
    """The chart rows and every product's measurement columns."""
    products = catalog.products
    with database.engine.connect() as connection:
        return {
            "charts": connection.execute(
                select(catalog.measurement_charts).order_by(catalog.measurement_charts.c.id)
            ).all(),
            "products": connection.execute(
                select(
                    products.c.id,
                    products.c.measurement_chart_id,
                    products.c.measurement_inherited,
                    products.c.measurement_content_json,
                ).order_by(products.c.id)
            ).all(),
        }
