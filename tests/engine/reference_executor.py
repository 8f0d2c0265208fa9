"""A reference executor, for tests only: the API's schema with plain graphql-core resolvers
derived from the same field map (``OBJECT_MAPS``, ``ROOTS``, ``LOOKUPS``) as the compiled
engine.

It is an oracle, not an engine: every field has its own resolver, every object and every
relation is read with its own naive statement (SQLAlchemy Core on the metadata's tables, SQL
text for derived tables and filtered relations; N+1 on purpose, with a per-request memo so
that big nested documents stay affordable), and pages are cut in Python from the full
ordered id list. Differential tests run the same documents through the HTTP API and through
this executor and expect identical responses.

What it shares with the engine is only what the field map declares: columns, computed fields
(and their lookups), inline objects, relations with their ``order_by`` (and their filters,
sorts and paging), root filters (turned into SQL by ``mercato.graphql.filters.build_where``,
which *is* the filter declarations' meaning), sorts, paging policies, store restriction and
scopes. It does not use the planner, the compiler or the executor. Two engine rules it copies
on purpose: paging arguments out of bounds refuse the whole request (looked for in every
field the operation would execute, before anything runs), and a denied field is null with an
authorization error. Relay connections are not supported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeAlias

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    graphql_sync,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    parse,
    validate,
    value_from_ast_untyped,
)
from graphql.execution.values import get_argument_values, get_directive_values, get_variable_values
from graphql.type.directives import GraphQLIncludeDirective, GraphQLSkipDirective
from sqlalchemy import Connection, Table, select

from mercato.api.build import sdl_sources
from mercato.api.caller import IntegrationExternalIds, RequestServices
from mercato.api.domains import merged
from mercato.api.money import LOOKUPS
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.auth.services import Identity
from mercato.clock import to_iso
from mercato.db import tables
from mercato.db.database import Database
from mercato.db.dialect import SqlDialect
from mercato.graphql.context import Grants, RequestContext
from mercato.graphql.fieldmap import (
    Column,
    Computed,
    Inline,
    ObjectMap,
    RootConnection,
    RootField,
    RootList,
    RootOne,
    RootValue,
    ToMany,
    ToOne,
    Totals,
)
from mercato.graphql.filters import FilterInputError, build_where
from mercato.graphql.schema import load_schema
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


def _table(name: str) -> Table | None:
    """The metadata's table, or None when the field map names a derived table (SQL text)."""
    return tables.metadata.tables.get(name)


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
    visibility: dict[tuple[str, str, Any], bool] = field(default_factory=dict)
    lookups: dict[str, Any] = field(default_factory=dict)
    statements: int = 0

    @classmethod
    def for_identity(
        cls, database: Database, identity: Identity, settings: Settings | None = None
    ) -> ReferenceContext:
        dialect = database.sql
        settings = settings or Settings(
            database_url="sqlite://", environment="test", rate_limits_enabled=False
        )
        request = RequestContext(
            database=database,
            dialect=dialect,
            grants=identity.grants,
            external_ids=IntegrationExternalIds(identity.integration_name, dialect.placeholder),
            store_id=identity.store_id,
            services=RequestServices(identity, database, settings),
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

    def connected(self) -> Connection:
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
            if table is not None:
                statement = select(table).where(table.c[object_map.key] == key)
                found = self.connected().execute(statement).mappings().first()
            else:  # a derived table: SQL text in the field map
                sql = f"SELECT * FROM {object_map.table} t WHERE t.{object_map.key} = "
                found = (
                    self.connected()
                    .exec_driver_sql(sql + self.dialect.placeholder, (key,))
                    .mappings()
                    .first()
                )
            self.rows[memo_key] = dict(found) if found is not None else None
        row = self.rows[memo_key]
        if row is not None and not self.visible(object_map, key):
            return None
        return row

    def visible(self, object_map: ObjectMap, key: Any) -> bool:
        """Whether a store-restricted token sees this object: its type's store scope, asked
        of one row at a time (the engine adds it to every statement instead)."""
        if self.store_id is None or object_map.store_scope is None:
            return True
        memo_key = ("visible", object_map.table, key)
        if memo_key not in self.visibility:
            predicate, _ = object_map.store_scope.sql("t", self.dialect.placeholder)
            sql = (
                f"SELECT 1 FROM {object_map.table} t WHERE t.{object_map.key} = "
                f"{self.dialect.placeholder} AND {predicate}"
            )
            parameters = (key, *object_map.store_scope.parameters(self.store_id))
            self.statements += 1
            found = self.connected().exec_driver_sql(sql, parameters).first()
            self.visibility[memo_key] = found is not None
        return self.visibility[memo_key]

    def related(
        self,
        relation: ToMany,
        target: ObjectMap,
        parent_key: Any,
        arguments: Mapping[str, Any],
    ) -> list[Row]:
        """The children of one parent, in the relation's declared order, or filtered, sorted
        and paged by the field's arguments when the relation declares them; only the token's
        store's children when it is store-restricted and the relation names a store column."""
        memo_key = (target.table, repr((relation, sorted(arguments.items()))), parent_key)
        if memo_key not in self.children:
            derived = _table(target.table) is None or (
                relation.link_table is not None and _table(relation.link_table) is None
            )
            by_sql = derived or relation.scope is not None or arguments.get("where")
            if by_sql or (arguments.get("sort") and relation.sorts):
                rows = self._related_by_sql(relation, target, parent_key, arguments)
            else:
                rows = self._related_in_order(relation, target, parent_key)
            rows = [r for r in rows if self.visible(target, r[target.key])]
            if relation.paged:
                limit = arguments.get("limit") or DEFAULT_PAGE_SIZE
                start = (max(arguments.get("page") or 1, 1) - 1) * limit
                rows = rows[start : start + limit]
            self.children[memo_key] = rows
        return self.children[memo_key]

    def _related_in_order(self, relation: ToMany, target: ObjectMap, parent_key: Any) -> list[Row]:
        """Through SQLAlchemy Core, when both tables are in the metadata."""
        table = _table(target.table)
        assert table is not None
        link: Table | None = None
        if relation.link_table is not None:
            link = _table(relation.link_table)
            assert link is not None
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
        found = self.connected().execute(statement.order_by(*order)).mappings().all()
        rows = [dict(r) for r in found]
        for row in rows:
            self.rows.setdefault((target.table, row[target.key]), row)
        return rows

    def _related_by_sql(
        self, relation: ToMany, target: ObjectMap, parent_key: Any, arguments: Mapping[str, Any]
    ) -> list[Row]:
        ph = self.dialect.placeholder
        if relation.link_table is not None:
            source = (
                f"{target.table} t JOIN {relation.link_table} l "
                f"ON l.{relation.link_child} = t.{target.key}"
            )
            conditions = [f"l.{relation.link_parent} = {ph}"]
        else:
            source = f"{target.table} t"
            conditions = [f"t.{relation.child_key} = {ph}"]
        parameters: list[object] = [parent_key]
        try:
            predicate = build_where(self.dialect, "t", relation.filters, arguments.get("where"))
        except FilterInputError as error:
            raise _error(str(error), VALIDATION) from None
        if predicate is not None:
            conditions.append(predicate[0])
            parameters.extend(predicate[1])
        if relation.scope is not None:
            scope_sql, scope_parameters = relation.scope(self.request, self.dialect, "t")
            conditions.append(scope_sql)
            parameters.extend(scope_parameters)
        sort = arguments.get("sort")
        if sort and relation.sorts:
            order = [f"t.{c} {d}" for c, d in _sort_terms(relation.sorts, sort, target.key)]
        else:
            order = [
                f"l.{term.removeprefix('link.')}" if term.startswith("link.") else f"t.{term}"
                for term in relation.order_by
            ]
        sql = (
            f"SELECT t.{target.key} FROM {source} WHERE {' AND '.join(conditions)} "
            f"ORDER BY {', '.join(order)}"
        )
        rows = [self.row(target, i) for i in self.ids(sql, parameters)]
        return [r for r in rows if r is not None]

    def totals(
        self, relation: Totals, target: ObjectMap, parent_key: Any, arguments: Mapping[str, Any]
    ) -> Row:
        """The sums of the target's columns over one parent's (filtered) rows; 0 without rows."""
        columns = sorted(
            {s.column for s in target.fields.values() if isinstance(s, Column)}
            | {c for s in target.fields.values() if isinstance(s, Computed) for c in s.columns}
        )
        conditions = [f"t.{relation.child_key} = {self.dialect.placeholder}"]
        parameters: list[object] = [parent_key]
        try:
            predicate = build_where(self.dialect, "t", relation.filters, arguments.get("where"))
        except FilterInputError as error:
            raise _error(str(error), VALIDATION) from None
        if predicate is not None:
            conditions.append(predicate[0])
            parameters.extend(predicate[1])
        sums = ", ".join(f"COALESCE(SUM(t.{c}), 0)" for c in columns)
        sql = f"SELECT {sums} FROM {target.table} t WHERE {' AND '.join(conditions)}"
        self.statements += 1
        found = self.connected().exec_driver_sql(sql, tuple(parameters)).one()
        return {column: int(value) for column, value in zip(columns, found, strict=True)}

    def lookup(self, name: str, loaders: Mapping[str, Callable[[Any], Any]]) -> Any:
        """A small table loaded once per request (``Computed.lookups``)."""
        if name not in self.lookups:
            self.lookups[name] = loaders[name](_ConnectionReader(self))
        return self.lookups[name]

    def ids(self, sql: str, parameters: Sequence[object]) -> list[Any]:
        self.statements += 1
        result = self.connected().exec_driver_sql(sql, tuple(parameters))
        return [r[0] for r in result.all()]

    def internal_id(self, object_type: str, external_id: str) -> Any:
        if self.integration_name is None:
            return None
        table = _table("id_conversions")
        assert table is not None
        self.statements += 1
        return (
            self.connected()
            .execute(
                select(table.c.internal_id).where(
                    table.c.integration_name == self.integration_name,
                    table.c.object_type == object_type,
                    table.c.external_id == external_id,
                )
            )
            .scalar()
        )


@dataclass
class _ConnectionReader:
    """The engine's ``Reader`` protocol over the reference's connection (for lookup loaders)."""

    context: ReferenceContext

    def fetch_all(self, sql: str, parameters: Any = ()) -> list[tuple[Any, ...]]:
        self.context.statements += 1
        result = self.context.connected().exec_driver_sql(sql, tuple(parameters))
        return [tuple(row) for row in result.all()]


def _context(info: Info) -> ReferenceContext:
    context = info.context
    assert isinstance(context, ReferenceContext)  # what execute() passes
    return context


def _checked(definition: GraphQLField, resolve: Resolver) -> Resolver:
    """The field's permission first, then the resolver."""
    permission = permission_of(definition)
    if permission is None:
        return resolve

    def checked(parent: Any, info: Info, **arguments: Any) -> Any:
        if not _context(info).grants.allows(permission):
            raise _error(
                f"You need {permission} permission to access {info.field_name}.", AUTHORIZATION
            )
        return resolve(parent, info, **arguments)

    return checked


class Value(dict[str, Any]):
    """A value-backed object (a computed or root value): members keyed by field name."""


def _as_value(value: Any) -> Any:
    if isinstance(value, dict):
        return Value(value)
    if isinstance(value, list | tuple):
        return [_as_value(item) for item in value]
    return value


def _value_member(parent: Any, info: Info, **_: Any) -> Any:
    """A member of a value-backed object: datetimes and dates as ISO text, objects as values."""
    raw = (
        parent.get(info.field_name)
        if isinstance(parent, dict)
        else getattr(parent, info.field_name)
    )
    return _as_value(_leaf(raw))


def _leaf(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_leaf(item) for item in value]
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows_or_values(resolve: Resolver) -> Resolver:
    """A table-backed type's field resolver, unless the object at hand is a value."""

    def resolve_member(parent: Any, info: Info, **arguments: Any) -> Any:
        if isinstance(parent, Value):
            return _value_member(parent, info)
        return resolve(parent, info, **arguments)

    return resolve_member


def _missing(message: str) -> Resolver:
    """A resolver for a schema field the field map does not serve: an error when asked."""

    def missing(_parent: Any, _info: Info, **_: Any) -> None:
        raise NotImplementedError(message)

    return missing


def _paging_problems(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    raw_variables: Mapping[str, Any] | None,
) -> list[str]:
    """The paging problems of every field the operation would execute, whatever the data:
    fields skipped by ``@skip``/``@include`` are not looked at."""
    variables = get_variable_values(
        schema, operation.variable_definitions or (), dict(raw_variables or {})
    )
    if isinstance(variables, list):
        return []  # graphql_sync reports the variables
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    problems: list[str] = []

    def included(node: Any) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, variables)
        include = get_directive_values(GraphQLIncludeDirective, node, variables)
        return not (skip and skip["if"]) and not (include and not include["if"])

    def applies(condition: NamedTypeNode | None, parent: GraphQLObjectType) -> bool:
        if condition is None or condition.name.value == parent.name:
            return True
        named = schema.get_type(condition.name.value)
        return is_abstract_type(named) and schema.is_sub_type(named, parent)

    def walk(parent: GraphQLObjectType, selection_set: SelectionSetNode, seen: set[str]) -> None:
        for node in selection_set.selections:
            if not included(node):
                continue
            if isinstance(node, InlineFragmentNode):
                if applies(node.type_condition, parent):
                    walk(parent, node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode):
                fragment = fragments[node.name.value]
                if node.name.value not in seen and applies(fragment.type_condition, parent):
                    seen.add(node.name.value)
                    walk(parent, fragment.selection_set, seen)
            elif isinstance(node, FieldNode) and not node.name.value.startswith("__"):
                definition = parent.fields[node.name.value]
                try:
                    arguments = get_argument_values(definition, node, variables)
                except GraphQLError:
                    continue  # graphql_sync reports it on the field
                problem = _paging_problem(node.name.value, arguments)
                if problem is not None:
                    problems.append(problem)
                named = get_named_type(definition.type)
                if node.selection_set is not None:
                    for possible in (
                        schema.get_possible_types(named) if is_abstract_type(named) else [named]
                    ):
                        assert isinstance(possible, GraphQLObjectType)
                        walk(possible, node.selection_set, set())

    root = schema.query_type
    assert root is not None
    try:
        walk(root, operation.selection_set, set())
    except GraphQLError:
        return []  # e.g. a null @skip(if:) variable: graphql_sync reports it
    return problems


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
        lookups: Mapping[str, Callable[[Any], Any]] | None = None,
    ) -> None:
        self.object_maps = object_maps
        self.roots = roots
        # The same registry as build_engine's: money's lookups and the domains'.
        self.lookups = lookups if lookups is not None else {**LOOKUPS, **merged("LOOKUPS")}
        # A schema of its own, since resolvers are installed on it (build_schema's is shared).
        self.schema = load_schema(sdl_sources())
        for type_name, graphql_type in self.schema.type_map.items():
            if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
                continue
            if graphql_type is self.schema.mutation_type:
                continue
            object_map = object_maps.get(type_name)
            for name, definition in graphql_type.fields.items():
                if graphql_type is self.schema.query_type:
                    resolve = self._root_resolver(name)
                elif object_map is not None:
                    resolve = _rows_or_values(self._field_resolver(object_map, name, definition))
                else:
                    resolve = _value_member
                definition.resolve = _checked(definition, resolve)

    # -- entry ------------------------------------------------------------------------

    def execute(
        self,
        query: str,
        context: ReferenceContext,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        try:
            document = parse(query)
        except GraphQLError:
            document = None  # graphql_sync reports the syntax error
        operation = get_operation_ast(document, operation_name) if document else None
        if operation is not None and operation.operation is not OperationType.QUERY:
            raise ValueError("The reference executor answers queries only.")
        if document is not None and operation is not None and not validate(self.schema, document):
            problems = _paging_problems(self.schema, document, operation, variables)
            if problems:
                # Like the engine: paging bounds refuse the whole request, whoever asks.
                errors = [{"message": p, "extensions": {"category": VALIDATION}} for p in problems]
                return {"data": None, "errors": errors}
        with context.database.engine.connect() as connection, connection.begin():
            context.connection = connection
            context.rows.clear()
            context.children.clear()
            context.visibility.clear()
            context.lookups.clear()
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
        """How one field of a table-backed type comes from its row."""
        source = object_map.fields.get(name)
        if source is None:
            return _missing(f"{object_map.type_name}.{name} has no field-map entry.")
        return_type = definition.type
        if isinstance(source, Column):
            column = source.column

            def resolve_column(row: Row, _info: Info, **_: Any) -> Any:
                return convert(return_type, row[column])

            return resolve_column
        if isinstance(source, Computed):
            compute, columns, lookups = source.compute, source.columns, source.lookups
            is_object = not is_leaf_type(get_named_type(return_type))

            def resolve_computed(row: Row, info: Info, **_: Any) -> Any:
                context = _context(info)
                tables = [context.lookup(n, self.lookups) for n in lookups]
                value = compute(*(row[c] for c in columns), *tables)
                # Objects come back as dicts keyed by field name (value-backed).
                return _as_value(value) if is_object else value

            return resolve_computed
        if isinstance(source, Inline):
            # The target type's own resolvers read the row built here.
            renamed, present = source.columns, source.columns.get(source.present, source.present)

            def resolve_inline(row: Row, _info: Info, **_: Any) -> Row | None:
                if row[present] is None:
                    return None
                # The target's columns, read from the parent's row under their names there.
                return {**row, **{mine: row[theirs] for mine, theirs in renamed.items()}}

            return resolve_inline
        if isinstance(source, ToOne):
            target = self.object_maps[source.target]
            foreign_key = source.foreign_key

            def resolve_to_one(row: Row, info: Info, **_: Any) -> Row | None:
                return _context(info).row(target, row[foreign_key])

            return resolve_to_one
        if isinstance(source, ToMany):
            target = self.object_maps[source.target]
            relation, parent_key = source, object_map.key

            def resolve_to_many(row: Row, info: Info, **arguments: Any) -> list[Row]:
                return _context(info).related(relation, target, row[parent_key], arguments)

            return resolve_to_many
        if isinstance(source, Totals):
            totals_target, totals, own_key = self.object_maps[source.target], source, object_map.key

            def resolve_totals(row: Row, info: Info, **arguments: Any) -> Row:
                return _context(info).totals(totals, totals_target, row[own_key], arguments)

            return resolve_totals
        return _missing(f"{object_map.type_name}.{name}: no reference for {type(source).__name__}.")

    # -- root fields ------------------------------------------------------------------

    def _root_resolver(self, name: str) -> Resolver:
        spec = self.roots.get(name)
        if spec is None:
            return _missing(f"Query.{name} has no root entry.")

        def resolve(_root: None, info: Info, **arguments: Any) -> Any:
            context = _context(info)
            if isinstance(spec, RootConnection):
                raise NotImplementedError(f"{name}: the reference has no Relay connections.")
            if isinstance(spec, RootList):
                return self._root_list(context, spec, arguments)
            if isinstance(spec, RootOne):
                return self._root_one(context, name, spec, arguments)
            assert isinstance(spec, RootValue)
            return _as_value(spec.resolve(context.request, arguments))

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
        if spec.scope is not None:
            scope_sql, scope_parameters = spec.scope(context.request, dialect, "t")
            conditions.append(scope_sql)
            parameters.extend(scope_parameters)
        sql = f"SELECT t.{object_map.key} FROM {object_map.table} t"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY " + ", ".join(
            f"t.{column} {direction}"
            for column, direction in _sort_terms(spec.sorts, arguments.get("sort"), object_map.key)
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
        if row is not None and spec.scope is not None:
            scope_sql, scope_parameters = spec.scope(context.request, context.dialect, "t")
            sql = (
                f"SELECT t.{object_map.key} FROM {object_map.table} t WHERE "
                f"t.{object_map.key} = {context.dialect.placeholder} AND {scope_sql}"
            )
            if not context.ids(sql, [object_id, *scope_parameters]):
                return None
        return row


def _sort_terms(
    sorts: Mapping[str, tuple[str, ...]], sort: Sequence[str] | None, key: str
) -> list[tuple[str, str]]:
    """Each ``field_DIRECTION`` value's columns in order, a column's first mention deciding its
    direction; the key ascending breaks ties unless a sort already named it."""
    terms: list[tuple[str, str]] = []
    for value in sort or ():
        field_name, _, direction = value.rpartition("_")
        for column in sorts[field_name]:
            if all(column != seen for seen, _ in terms):
                terms.append((column, direction))
    if all(key != seen for seen, _ in terms):
        terms.append((key, "ASC"))
    return terms
