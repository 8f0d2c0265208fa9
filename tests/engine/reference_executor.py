"""A reference executor, for tests only: the API's schema with plain graphql-core resolvers
derived from the same field map (``OBJECT_MAPS``, ``ROOTS``) as the compiled engine.

It is an oracle, not an engine: every field has its own resolver, every object and every
relation is read with its own naive statement through SQLAlchemy Core (N+1 on purpose, with a
per-request memo so that big nested documents stay affordable), and pages are cut in Python
from the full ordered id list. Differential tests run the same documents through the HTTP
API and through this executor and expect identical responses.

What it shares with the engine is only what the field map declares: the columns, the
relations and their ``order_by``, the computed fields, the root filters (turned into SQL by
``mercato.graphql.filters.build_where``, which *is* the filter declaration's meaning), sorts,
paging policies, store restriction and scopes. It does not use the planner, the compiler or
the executor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    OperationType,
    default_field_resolver,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    graphql_sync,
    is_list_type,
    parse,
    value_from_ast_untyped,
)
from sqlalchemy import Connection, Table, select

from mercato.api.build import build_schema
from mercato.api.caller import Caller, IntegrationExternalIds
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.auth.services import Identity
from mercato.clock import to_iso
from mercato.db import tables
from mercato.db.database import Database
from mercato.graphql.context import Grants, RequestContext
from mercato.graphql.dialect import SqlDialect
from mercato.graphql.fieldmap import (
    Column,
    Computed,
    ObjectMap,
    RootField,
    RootList,
    RootOne,
    RootValue,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import FilterInputError, build_where
from mercato.settings import Settings

#: Paging bounds as documented for every list root: ``limit`` 1..200, ``page`` from 1, and
#: 20 items when a paging-required list gets no limit.
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20

AUTHORIZATION = "authorization"
VALIDATION = "validation"

Row = dict[str, Any]
Resolver = Callable[..., Any]
Info: TypeAlias = "GraphQLResolveInfo[ReferenceContext]"


def _to_bool(value: Any) -> bool:
    return bool(value)


def _to_float(value: Any) -> float:
    return float(value)


#: How a column value becomes a GraphQL value, by the field's named scalar type.
CONVERSIONS: Mapping[str, Callable[[Any], Any]] = {
    "Boolean": _to_bool,
    "Float": _to_float,
    "DateTimeTz": to_iso,
}


def convert(type_: GraphQLOutputType, value: Any) -> Any:
    if value is None:
        return None
    conversion = CONVERSIONS.get(get_named_type(type_).name)
    if conversion is None:
        return value
    if is_list_type(get_nullable_type(type_)):
        return [None if item is None else conversion(item) for item in value]
    return conversion(value)


def permission_of(definition: GraphQLField) -> str | None:
    """The ``@permission(name:)`` on a field definition, read from the SDL."""
    node = definition.ast_node
    for directive in (node.directives or ()) if node is not None else ():
        if directive.name.value == "permission":
            for argument in directive.arguments or ():
                if argument.name.value == "name":
                    return str(value_from_ast_untyped(argument.value))
    return None


def _error(message: str, category: str) -> GraphQLError:
    return GraphQLError(message, extensions={"category": category})


def _table(name: str) -> Table:
    return tables.metadata.tables[name]


@dataclass
class ReferenceContext:
    """What one token's requests run with; ``connection`` and the memos live per request."""

    database: Database
    dialect: SqlDialect
    grants: Grants
    integration_name: str | None
    store_id: int | None
    #: The engine's request context, handed to the field map's scopes and value resolvers.
    request: RequestContext
    connection: Connection | None = None
    rows: dict[tuple[str, Any], Row | None] = field(default_factory=dict)
    children: dict[tuple[str, str, Any], list[Row]] = field(default_factory=dict)
    statements: int = 0

    @classmethod
    def for_identity(
        cls, database: Database, identity: Identity, settings: Settings | None = None
    ) -> ReferenceContext:
        dialect = SqlDialect(database.dialect)
        settings = settings or Settings(
            database_url="sqlite://", environment="test", rate_limits_enabled=False
        )
        request = RequestContext(
            database=database,
            dialect=dialect,
            grants=identity.grants,
            external_ids=IntegrationExternalIds(identity.integration_name, dialect.placeholder),
            store_id=identity.store_id,
            services=Caller(identity, database, settings),
        )
        return cls(
            database=database,
            dialect=dialect,
            grants=identity.grants,
            integration_name=identity.integration_name,
            store_id=identity.store_id,
            request=request,
        )

    # -- naive reads ------------------------------------------------------------------

    def _connection(self) -> Connection:
        if self.connection is None:
            raise RuntimeError("The reference executor runs reads inside execute() only.")
        return self.connection

    def row(self, object_map: ObjectMap, key: Any) -> Row | None:
        """One object's row, by key (every column of its table)."""
        if key is None:
            return None
        memo_key = (object_map.table, key)
        if memo_key not in self.rows:
            table = _table(object_map.table)
            self.statements += 1
            found = (
                self._connection()
                .execute(select(table).where(table.c[object_map.key] == key))
                .mappings()
                .first()
            )
            self.rows[memo_key] = dict(found) if found is not None else None
        return self.rows[memo_key]

    def related(self, relation: ToMany, target: ObjectMap, parent_key: Any) -> list[Row]:
        """The children of one parent, in the relation's declared order."""
        memo_key = (target.table, repr(relation), parent_key)
        if memo_key not in self.children:
            table = _table(target.table)
            link: Table | None = None
            if relation.link_table is not None:
                link = _table(relation.link_table)
                statement = (
                    select(table)
                    .join(link, link.c[relation.link_child] == table.c[target.key])
                    .where(link.c[relation.link_parent] == parent_key)
                )
            else:
                assert relation.child_key is not None
                statement = select(table).where(table.c[relation.child_key] == parent_key)
            order = []
            for term in relation.order_by:
                if term.startswith("link."):
                    assert link is not None, f"{term} needs a link table"
                    order.append(link.c[term.removeprefix("link.")])
                else:
                    order.append(table.c[term])
            self.statements += 1
            found = self._connection().execute(statement.order_by(*order)).mappings().all()
            rows = [dict(r) for r in found]
            for row in rows:
                self.rows.setdefault((target.table, row[target.key]), row)
            self.children[memo_key] = rows
        return self.children[memo_key]

    def ids(self, sql: str, parameters: Sequence[object]) -> list[Any]:
        self.statements += 1
        result = self._connection().exec_driver_sql(sql, tuple(parameters))
        return [r[0] for r in result.all()]

    def internal_id(self, object_type: str, external_id: str) -> Any:
        if self.integration_name is None:
            return None
        table = _table("id_conversions")
        self.statements += 1
        return (
            self._connection()
            .execute(
                select(table.c.internal_id).where(
                    table.c.integration_name == self.integration_name,
                    table.c.object_type == object_type,
                    table.c.external_id == external_id,
                )
            )
            .scalar()
        )


def _context(info: Info) -> ReferenceContext:
    context = info.context
    assert isinstance(context, ReferenceContext)  # what execute() passes
    return context


def _guarded(permission: str | None, resolve: Resolver) -> Resolver:
    if permission is None:
        return resolve

    def guarded(parent: Any, info: Info, **arguments: Any) -> Any:
        if not _context(info).grants.allows(permission):
            raise _error(
                f"You need {permission} permission to access {info.field_name}.", AUTHORIZATION
            )
        return resolve(parent, info, **arguments)

    return guarded


def _paging_problem(field_name: str, arguments: Mapping[str, Any]) -> str | None:
    limit = arguments.get("limit")
    if limit is not None and not 1 <= limit <= MAX_PAGE_SIZE:
        return f"{field_name}: limit must be between 1 and {MAX_PAGE_SIZE}, not {limit}."
    page = arguments.get("page")
    if page is not None and page < 1:
        return f"{field_name}: page counts from 1, not {page}."
    return None


class ReferenceExecutor:
    """``execute(query, context)`` -> the formatted response ({data, errors?})."""

    def __init__(
        self,
        object_maps: Mapping[str, ObjectMap] = OBJECT_MAPS,
        roots: Mapping[str, RootField] = ROOTS,
    ) -> None:
        self.object_maps = object_maps
        self.roots = roots
        self.schema = build_schema()  # a fresh schema: resolvers are installed on it
        for type_name, graphql_type in self.schema.type_map.items():
            if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
                continue
            if graphql_type is self.schema.mutation_type:
                continue
            object_map = object_maps.get(type_name)
            for name, definition in graphql_type.fields.items():
                if graphql_type is self.schema.query_type:
                    definition.resolve = self._root_resolver(name, definition)
                    continue
                if object_map is not None:
                    resolve = self._field_resolver(object_map, name, definition)
                else:
                    resolve = default_field_resolver  # value-backed: dicts keyed by field
                definition.resolve = _guarded(permission_of(definition), resolve)

    # -- entry ------------------------------------------------------------------------

    def execute(
        self,
        query: str,
        context: ReferenceContext,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        operation = get_operation_ast(parse(query), operation_name)
        if operation is not None and operation.operation is not OperationType.QUERY:
            raise ValueError("The reference executor answers queries only.")
        with context.database.engine.connect() as connection, connection.begin():
            context.connection = connection
            context.rows.clear()
            context.children.clear()
            try:
                result = graphql_sync(
                    self.schema,
                    query,
                    context_value=context,
                    variable_values=dict(variables) if variables is not None else None,
                    operation_name=operation_name,
                )
            finally:
                context.connection = None
        return dict(result.formatted)

    # -- object fields ----------------------------------------------------------------

    def _field_resolver(
        self, object_map: ObjectMap, name: str, definition: GraphQLField
    ) -> Resolver:
        source = object_map.fields.get(name)
        if source is None:
            raise LookupError(f"{object_map.type_name}.{name} has no field-map entry.")
        return_type = definition.type
        if isinstance(source, Column):
            column = source.column

            def resolve_column(row: Row, _info: Info, **_: Any) -> Any:
                return convert(return_type, row[column])

            return resolve_column
        if isinstance(source, Computed):
            compute, columns = source.compute, source.columns

            def resolve_computed(row: Row, _info: Info, **_: Any) -> Any:
                return compute(*(row[c] for c in columns))

            return resolve_computed
        target = self.object_maps[source.target]
        if isinstance(source, ToOne):
            foreign_key = source.foreign_key

            def resolve_to_one(row: Row, info: Info, **_: Any) -> Row | None:
                return _context(info).row(target, row[foreign_key])

            return resolve_to_one
        relation: ToMany = source
        parent_key = object_map.key

        def resolve_to_many(row: Row, info: Info, **_: Any) -> list[Row]:
            return _context(info).related(relation, target, row[parent_key])

        return resolve_to_many

    # -- root fields ------------------------------------------------------------------

    def _root_resolver(self, name: str, definition: GraphQLField) -> Resolver:
        spec = self.roots.get(name)
        if spec is None:
            raise LookupError(f"Query.{name} has no root entry.")
        permission = permission_of(definition)
        pages = "limit" in definition.args or "page" in definition.args

        def resolve(_root: None, info: Info, **arguments: Any) -> Any:
            context = _context(info)
            # The paging bounds are checked before permissions: the engine refuses the whole
            # request for them, whoever asks.
            problem = _paging_problem(name, arguments) if pages else None
            if problem is not None:
                raise _error(problem, VALIDATION)
            if permission is not None and not context.grants.allows(permission):
                raise _error(f"You need {permission} permission to access {name}.", AUTHORIZATION)
            if isinstance(spec, RootList):
                return self._root_list(context, spec, arguments)
            if isinstance(spec, RootOne):
                return self._root_one(context, name, spec, arguments)
            assert isinstance(spec, RootValue)
            return spec.resolve(context.request, arguments)

        return resolve

    def _root_list(
        self, context: ReferenceContext, spec: RootList, arguments: Mapping[str, Any]
    ) -> list[Row]:
        object_map = self.object_maps[spec.type_name]
        dialect = context.dialect
        conditions: list[str] = []
        parameters: list[object] = []
        try:
            predicate = build_where(dialect, "t", spec.filters, arguments.get("where"))
        except FilterInputError as error:
            raise _error(str(error), VALIDATION) from None
        if predicate is not None:
            conditions.append(predicate[0])
            parameters.extend(predicate[1])
        if context.store_id is not None and spec.store_column is not None:
            conditions.append(f"t.{spec.store_column} = {dialect.placeholder}")
            parameters.append(context.store_id)
        if spec.scope is not None:
            scope_sql, scope_parameters = spec.scope(context.request, dialect, "t")
            conditions.append(scope_sql)
            parameters.extend(scope_parameters)
        sql = f"SELECT t.{object_map.key} FROM {object_map.table} t"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY " + ", ".join(
            f"t.{column} {direction}"
            for column, direction in _sort_terms(spec, arguments.get("sort"), object_map.key)
        )
        ids = context.ids(sql, parameters)
        limit = arguments.get("limit")
        if limit is None and spec.paging == "required":
            limit = DEFAULT_PAGE_SIZE
        if limit is not None:
            start = (max(arguments.get("page") or 1, 1) - 1) * limit
            ids = ids[start : start + limit]
        rows = [context.row(object_map, i) for i in ids]
        return [r for r in rows if r is not None]

    def _root_one(
        self, context: ReferenceContext, name: str, spec: RootOne, arguments: Mapping[str, Any]
    ) -> Row | None:
        object_map = self.object_maps[spec.type_name]
        object_id = arguments.get("id")
        external_id = arguments.get("externalId")
        if object_id is None and external_id is None:
            raise _error(f"{name} needs an id or an externalId.", VALIDATION)
        if object_id is None:
            object_id = context.internal_id(
                spec.id_conversion_type or spec.type_name, str(external_id)
            )
        row = context.row(object_map, object_id)
        column = spec.store_column
        if row is None or (
            context.store_id is not None and column is not None and row[column] != context.store_id
        ):
            return None
        return row


def _sort_terms(spec: RootList, sort: Sequence[str] | None, key: str) -> list[tuple[str, str]]:
    """Each ``field_DIRECTION`` value's columns in order, a column's first mention deciding its
    direction; the key ascending breaks ties unless a sort already named it."""
    terms: list[tuple[str, str]] = []
    for value in sort or ():
        field_name, _, direction = value.rpartition("_")
        for column in spec.sorts[field_name]:
            if all(column != seen for seen, _ in terms):
                terms.append((column, direction))
    if all(key != seen for seen, _ in terms):
        terms.append((key, "ASC"))
    return terms
