"""PostgreSQL renders ``DateTimeTz`` columns in SQL (``SqlDialect.iso_timestamp``): the
instant ``AT TIME ZONE 'UTC'``. That is right for ``timestamptz`` columns whatever the
session's time zone, and would depend on it for a column without a time zone."""

from __future__ import annotations

from graphql import GraphQLObjectType, GraphQLScalarType
from sqlalchemy import DateTime

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.db.tables import metadata
from mercato.graphql.fieldmap import Column
from mercato.graphql.schema import unwrap_list


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
