"""How ``DateTimeTz`` columns come out. PostgreSQL renders them in SQL
(``SqlDialect.iso_timestamp``): the instant ``AT TIME ZONE 'UTC'``. That is right for
``timestamptz`` columns whatever the session's time zone, and would depend on it for a column
without a time zone. SQLite's stored UTC text is sliced by the generated shaping code, which
is right only as long as every writer stores the one form checked below."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from graphql import GraphQLObjectType, GraphQLScalarType
from sqlalchemy import DateTime, update

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.classification.sizecharts import sync_size_entries
from mercato.cli.catalog_demo import generate_catalog
from mercato.cli.demo import load_catalog_demo
from mercato.db import catalog_tables
from mercato.db.database import Database
from mercato.db.tables import metadata
from mercato.db.unit_of_work import Writer
from mercato.graphql.fieldmap import Column
from mercato.graphql.schema import unwrap_list
from mercato.supply.demo import load_supply_demo
from tests.api.test_cookbook import COOKBOOK
from tests.cookbook_format import parse_cookbook
from tests.factories import make_product
from tests.support import Api


def test_every_timestamp_field_reads_a_column_with_a_time_zone() -> None:
    schema = build_schema()
    checked = 0
    for object_map in OBJECT_MAPS.values():
        # Inline value objects (no table) and subquery-backed maps are left out.
        table = metadata.tables.get(object_map.table)
        if table is None:
            continue
        graphql_type = schema.get_type(object_map.type_name)
        assert isinstance(graphql_type, GraphQLObjectType), object_map.type_name
        for name, source in object_map.fields.items():
            field = graphql_type.fields.get(name)
            if field is None or not isinstance(source, Column):
                continue
            _, named = unwrap_list(field.type)
            if isinstance(named, GraphQLScalarType) and named.name == "DateTimeTz":
                column_type = table.columns[source.column].type
                assert isinstance(column_type, DateTime), (object_map.table, source.column)
                assert column_type.timezone, f"{object_map.table}.{source.column}"
                checked += 1
    assert checked > 20


#: What SQLite holds in a timestamp column: the response's own text, UTC to the second
#: (``mercato.db.tables.utc_timestamp``). The compiler passes it through untouched, so any
#: other form would come out as it is.
STORED_TIMESTAMP = (
    "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]+00:00"
)


@pytest.mark.slow
def test_sqlite_keeps_every_timestamp_as_the_api_shows_it(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mercato.sqlite3"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    try:
        # Rows written by every kind of writer: the demo, the generated catalog and supply
        # (bulk inserts), and the cookbook's mutations through the API (services).
        load_catalog_demo(database)
        sync_size_entries(Writer.system(database))
        with Api.start(database) as api:
            for example in parse_cookbook(COOKBOOK.read_text(encoding="utf-8")):
                assert api.query(example.query, example.variables).status == 200
        generate_catalog(database, 3, progress=None)
        load_supply_demo(database)

        columns_with_values = 0
        with database.engine.connect() as connection:
            for table in metadata.sorted_tables:
                for column in table.columns:
                    if not isinstance(column.type, DateTime):
                        continue
                    stored, malformed = connection.exec_driver_sql(
                        f"SELECT COUNT({column.name}), "
                        f"SUM({column.name} NOT GLOB '{STORED_TIMESTAMP}') "
                        f"FROM {table.name}"
                    ).one()
                    assert not malformed, f"{table.name}.{column.name}"
                    columns_with_values += stored > 0
        assert columns_with_values >= 25
    finally:
        database.dispose()


def test_a_stored_fraction_of_a_second_is_cut_off_in_utc(api: Api) -> None:
    product_id = make_product(api.database).product_id
    stored = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    with api.database.write() as connection:
        connection.execute(
            update(catalog_tables.products)
            .where(catalog_tables.products.c.id == product_id)
            .values(created_at=stored, updated_at=stored.replace(microsecond=0))
        )

    response = api.query(f"{{ product(id: {product_id}) {{ createdAt updatedAt }} }}")

    assert response.data["product"] == {
        "createdAt": "2026-01-02T03:04:05+00:00",
        "updatedAt": "2026-01-02T03:04:05+00:00",
    }
