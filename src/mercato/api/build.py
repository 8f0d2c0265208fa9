"""Assemble the API's engine from its SDL, field map, roots and mutation handlers."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLSchema, print_schema

from mercato.api.mutations import MUTATIONS
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.graphql.engine import Engine
from mercato.graphql.executor import Executor
from mercato.graphql.limits import DocumentLimits
from mercato.graphql.schema import load_schema
from mercato.settings import Settings

SCHEMA_DIRECTORY = Path(__file__).parent / "schema"


def sdl_sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SCHEMA_DIRECTORY.glob("*.graphql"))]


def build_schema() -> GraphQLSchema:
    return load_schema(sdl_sources())


def build_engine(settings: Settings, schema: GraphQLSchema | None = None) -> Engine:
    schema = schema or build_schema()
    executor = Executor(schema, OBJECT_MAPS, ROOTS, MUTATIONS)
    return Engine(
        schema,
        executor,
        DocumentLimits(settings.max_depth, settings.max_aliases, settings.max_directives),
        max_complexity=settings.max_complexity,
        max_mutations=settings.max_mutations_per_request,
    )


def export_schema() -> str:
    """The schema as one SDL document (``mercato schema export``), directives included."""
    return print_schema(build_schema()) + "\n"
