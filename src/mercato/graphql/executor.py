"""Run a prepared operation: root fields dispatch to the field map, table-backed selections
run as node programs (one SQL statement per nesting level), mutations run their handler in
its own transaction and read the payload back through the same compiled path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from graphql import ExecutionResult, GraphQLSchema, execute
from graphql.execution.values import VariableValues
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from mercato.db.dialect import SqlDialect
from mercato.db.integers import LARGEST_INT
from mercato.errors import MutationWarning, UserError, UserInputError
from mercato.graphql import connections
from mercato.graphql.compiler import (
    FAILED_CHILDREN,
    ChildProgram,
    Compiler,
    NodeProgram,
    OutOfRange,
)
from mercato.graphql.context import Reader, RequestContext
from mercato.graphql.errors import VALIDATION, field_error
from mercato.graphql.fieldmap import (
    ObjectMap,
    RootConnection,
    RootCounts,
    RootList,
    RootOne,
    RootValue,
    ToMany,
    ToOne,
    Totals,
)
from mercato.graphql.filters import Filter, FilterInputError, build_where
from mercato.graphql.limits import DEFAULT_PAGE_SIZE
from mercato.graphql.plan import FieldPlan, OperationPlan, Selection
from mercato.graphql.values import shape_field

#: A LIMIT that limits nothing (the largest 64-bit integer; both databases accept it).
_NO_LIMIT = 9223372036854775807


@dataclass(frozen=True)
class Ref:
    """A mutation payload member that is a table-backed object, read back by id."""

    type_name: str
    id: int | None


@dataclass(frozen=True)
class Refs:
    type_name: str
    ids: Sequence[int]


MutationHandler = Callable[[RequestContext, dict[str, Any]], dict[str, Any]]
#: Loads a small table (e.g. currencies by id) through the request's read transaction.
LookupLoader = Callable[[Reader], Any]


class _Lookups(dict[str, Any]):
    """What generated code sees as ``lookups``: the request's small tables by name, each
    loaded on first use (a plain dict lookup after that)."""

    def __init__(self, loaders: Mapping[str, LookupLoader], context: RequestContext) -> None:
        super().__init__(context.lookup_cache)
        self.loaders = loaders
        self.context = context

    def __missing__(self, name: str) -> Any:
        value = self.loaders[name](_reader(self.context))
        self[name] = self.context.lookup_cache[name] = value
        return value

    def found_out_of_range(self) -> None:
        self.context.out_of_range = True


class FieldError(Exception):
    """An error that makes one field null (bad arguments), reported with its path."""

    def __init__(self, message: str, category: str = VALIDATION) -> None:
        super().__init__(message)
        self.category = category


@dataclass
class BoundOperation:
    """A plan plus what this request's variables and token make of it."""

    plan: OperationPlan
    arguments: dict[int, dict[str, Any]]
    denied: frozenset[int]
    variables: VariableValues
    raw_variables: Mapping[str, Any] | None
    operation_name: str | None
    fragments: tuple[FragmentDefinitionNode, ...] = ()


class Executor:
    def __init__(
        self,
        schema: GraphQLSchema,
        object_maps: Mapping[str, ObjectMap],
        roots: Mapping[str, RootList | RootConnection | RootOne | RootValue | RootCounts],
        mutations: Mapping[str, MutationHandler],
        lookups: Mapping[str, LookupLoader] | None = None,
    ) -> None:
        self.schema = schema
        self.lookups = dict(lookups or {})
        self.object_maps = object_maps
        self.roots = roots
        self.mutations = mutations
        self.compiler = Compiler(object_maps)

    # -- entry ------------------------------------------------------------------------

    def run(self, bound: BoundOperation, context: RequestContext) -> dict[str, Any] | None:
        root = bound.plan.root
        if bound.plan.operation.operation.value == "mutation":
            return self._run_mutations(bound, context)
        # (The HTTP endpoint pauses cyclic GC for the whole request: see CollectionPause.)
        with context.database.read() as reader:
            context.reader = reader
            try:
                data = self._run_query_fields(bound, context, root)
            finally:
                context.reader = None
        return data

    def _run_query_fields(
        self, bound: BoundOperation, context: RequestContext, root: Selection
    ) -> dict[str, Any]:
        introspection = [p for p in root.fields if p.name.startswith("__") and not p.is_typename]
        introspected = self._introspect(bound, introspection) if introspection else {}
        data: dict[str, Any] = {}
        for plan in root.fields:
            if plan.is_typename:
                data[plan.key] = root.type_name
            elif plan.key in introspected:
                data[plan.key] = introspected[plan.key]
            else:
                data[plan.key] = self._root_field(bound, context, plan)
        return data

    def _root_field(self, bound: BoundOperation, context: RequestContext, plan: FieldPlan) -> Any:
        if id(plan) in bound.denied:
            return None
        arguments = bound.arguments[id(plan)]
        spec = self.roots.get(plan.name)
        try:
            if isinstance(spec, RootConnection):
                return self._root_connection(bound, context, plan, spec, arguments)
            if isinstance(spec, RootList):
                return self._root_list(bound, context, plan, spec, arguments)
            if isinstance(spec, RootOne):
                return self._root_one(bound, context, plan, spec, arguments)
            if isinstance(spec, RootValue):
                return shape_field(plan, spec.resolve(context, arguments), bound.denied)
            if isinstance(spec, RootCounts):
                return self._root_counts(bound, context, plan, spec)
        except (FieldError, FilterInputError) as error:
            category = error.category if isinstance(error, FieldError) else VALIDATION
            context.errors.append(field_error(str(error), plan.nodes, [plan.key], category))
            return None
        raise NotImplementedError(f"Query.{plan.name} has no resolver.")

    # -- table-backed reads -----------------------------------------------------------

    def program(
        self, bound: BoundOperation, selection: Selection, dialect: SqlDialect
    ) -> NodeProgram:
        key = (id(selection), bound.denied, dialect.name)
        cached: NodeProgram | None = bound.plan.compiled.get(key)
        if cached is None:
            cached = self.compiler.compile(selection, bound.denied, dialect)
            bound.plan.compiled[key] = cached
        return cached

    def _root_list(
        self,
        bound: BoundOperation,
        context: RequestContext,
        plan: FieldPlan,
        spec: RootList,
        arguments: dict[str, Any],
    ) -> list[dict[str, Any]]:
        program = self.program(bound, _selection_of(plan), context.dialect)
        where, parameters = _where(
            context, spec, program.object_map, self._visible_where(context, spec.filters, arguments)
        )
        order = _order_by(spec, arguments.get("sort") or (), program.object_map.key)
        limit = arguments.get("limit")
        if limit is None and spec.paging == "required":
            limit = DEFAULT_PAGE_SIZE
        if limit is None:
            columns = _columns(program, context.dialect)
            sql = f"SELECT {columns} FROM {program.object_map.table} t{where} ORDER BY {order}"
        else:
            offset = (max(arguments.get("page") or 1, 1) - 1) * limit
            sql = _page_sql(context.dialect, program, where, order, offset)
            parameters.extend([limit, offset])
        rows = _reader(context).fetch_all(sql, parameters)
        return self.shape_rows(bound, context, program, rows)

    def _root_counts(
        self, bound: BoundOperation, context: RequestContext, plan: FieldPlan, spec: RootCounts
    ) -> dict[str, Any]:
        """One ``count(*)`` per counted field asked for (each alias with its own ``where``)."""
        out: dict[str, Any] = {}
        for field in _selection_of(plan).fields:
            if field.is_typename:
                out[field.key] = spec.type_name
                continue
            if id(field) in bound.denied:
                out[field.key] = None
                continue
            listed = self.roots[spec.counts[field.name]]
            assert isinstance(listed, RootList)
            object_map = self.object_maps[listed.type_name]
            where, parameters = _where(context, listed, object_map, bound.arguments[id(field)])
            sql = f"SELECT count(*) FROM {object_map.table} t{where}"
            out[field.key] = int(_reader(context).fetch_all(sql, parameters)[0][0])
        return out

    def _root_connection(
        self,
        bound: BoundOperation,
        context: RequestContext,
        plan: FieldPlan,
        spec: RootConnection,
        arguments: dict[str, Any],
    ) -> dict[str, Any]:
        try:
            page = connections.window(arguments)
        except connections.CursorError as error:
            raise FieldError(str(error)) from None
        connection = _selection_of(plan)
        wanted = {field.name for field in connection.fields}
        node_type = self.object_maps[spec.type_name]
        where, parameters = _where(
            context, spec, node_type, self._visible_where(context, spec.filters, arguments)
        )
        reader = _reader(context)
        edge_selections = [
            f for f in connection.fields if f.name == "edges" and id(f) not in bound.denied
        ]
        node_plans = [
            node
            for edges in edge_selections
            for node in _selection_of(edges).fields
            if node.name == "node" and id(node) not in bound.denied
        ]
        reads_nodes = bool(node_plans) and page.limit > 0
        total: int | None = None
        # hasNextPage alone needs no count when the page's nodes are read: one row more
        # than the page tells.
        # Without nodes, the page's size (pageInfo, or edges holding only cursors) needs it.
        sized_without_nodes = not reads_nodes and ("pageInfo" in wanted or bool(edge_selections))
        if "totalCount" in wanted or page.needs_total or sized_without_nodes:
            count_sql = f"SELECT count(*) FROM {node_type.table} t{where}"
            total = int(reader.fetch_all(count_sql, list(parameters))[0][0])
        offset, limit = page.offset, page.limit
        if page.needs_total:
            assert total is not None
            offset = max(page.offset, total - page.limit)
            limit = total - offset
        nodes: list[dict[str, Any]] = []
        keys: list[Any] = []
        more = False
        order = _order_by(spec, arguments.get("sort") or (), node_type.key)
        # Sorted by the key alone, cursors carry the key and a page after one starts there.
        keyed = order in (f"t.{node_type.key} ASC", f"t.{node_type.key} DESC")
        if node_plans and limit > 0:
            program = self.program(bound, _selection_of(node_plans[0]), context.dialect)
            extra = 1 if total is None else 0
            if keyed and page.after_key is not None and offset == page.offset:
                after = ">" if order.endswith("ASC") else "<"
                condition = f"t.{node_type.key} {after} {context.dialect.placeholder}"
                where_after = f"{where} AND {condition}" if where else f" WHERE {condition}"
                sql = _page_sql(context.dialect, program, where_after, order, 0)
                rows = reader.fetch_all(sql, [*parameters, page.after_key, limit + extra, 0])
            else:
                sql = _page_sql(context.dialect, program, where, order, offset)
                rows = reader.fetch_all(sql, [*parameters, limit + extra, offset])
            more = len(rows) > limit
            rows = rows[:limit]
            keys = [row[0] for row in rows]
            nodes = self.shape_rows(bound, context, program, rows)
        count = len(nodes) if node_plans else min(limit, max(0, (total or 0) - offset))
        if keyed and keys:
            cursors = [connections.encode_cursor(offset + i, k) for i, k in enumerate(keys)]
        else:
            cursors = [connections.encode_cursor(offset + i) for i in range(count)]
        value = {
            "totalCount": _count(total, context),
            "pageInfo": {
                "hasNextPage": more if total is None else offset + count < total,
                "hasPreviousPage": offset > 0,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            },
            "edges": (
                [{"cursor": c, "node": n} for c, n in zip(cursors, nodes, strict=True)]
                if node_plans
                else [{"cursor": c} for c in cursors]
            ),
        }
        return _shape_connection(connection, value, bound.denied)

    def _root_one(
        self,
        bound: BoundOperation,
        context: RequestContext,
        plan: FieldPlan,
        spec: RootOne,
        arguments: dict[str, Any],
    ) -> dict[str, Any] | None:
        object_id = arguments.get("id")
        external_id = arguments.get("externalId")
        if object_id is None and external_id is None:
            raise FieldError(f"{plan.name} needs an id or an externalId.")
        if object_id is None:
            conversion_type = spec.id_conversion_type or spec.type_name
            object_id = context.external_ids.internal_id(
                _reader(context), conversion_type, str(external_id)
            )
            if object_id is None:
                return None
        found = self.fetch_by_ids(bound, context, plan, [object_id], scope=spec.scope)
        return found[0] if found else None

    def fetch_by_ids(
        self,
        bound: BoundOperation,
        context: RequestContext,
        plan: FieldPlan,
        ids: Sequence[int],
        type_name: str | None = None,
        scope: Callable[[Any, Any, str], tuple[str, list[object]]] | None = None,
    ) -> list[dict[str, Any]]:
        """The objects with these ids, in the order given (missing ids are left out).

        ``type_name`` picks the concrete type when the field's type is abstract; the shaped
        objects are then remembered with their type, so denied fields inside them get their
        authorization errors."""
        selection = plan.selection
        if selection is None and type_name is not None:
            selection = plan.selections.get(type_name)
        program = self.program(bound, selection or _selection_of(plan), context.dialect)
        key = program.object_map.key
        condition, parameters = context.dialect.in_list(f"t.{key}", list(ids))
        sql = f"SELECT {_columns(program, context.dialect)} FROM {program.object_map.table} t WHERE {condition}"
        in_store = program.object_map.store_condition(
            context.store_id, "t", context.dialect.placeholder
        )
        if in_store is not None:
            sql += f" AND {in_store[0]}"
            parameters.extend(in_store[1])
        if scope is not None:
            scope_sql, scope_parameters = scope(context, context.dialect, "t")
            sql += f" AND {scope_sql}"
            parameters.extend(scope_parameters)
        rows = _reader(context).fetch_all(sql, parameters)
        by_id = {row[0]: row for row in rows}
        ordered = [by_id[i] for i in ids if i in by_id]
        shaped = self.shape_rows(bound, context, program, ordered)
        if plan.selection is None:
            for obj in shaped:
                context.concrete_types[id(obj)] = program.object_map.type_name
        return shaped

    def shape_rows(
        self,
        bound: BoundOperation,
        context: RequestContext,
        program: NodeProgram,
        rows: list[tuple[Any, ...]],
    ) -> list[dict[str, Any]]:
        if not rows:
            return []
        children = [self._fetch_children(bound, context, child, rows) for child in program.children]
        return program.shape(rows, children, _Lookups(self.lookups, context))

    def _by_parent(
        self,
        bound: BoundOperation,
        context: RequestContext,
        program: NodeProgram,
        rows: list[tuple[Any, ...]],
    ) -> dict[Any, Any]:
        """Shaped objects by key (to-one) or lists of them by parent key (to-many)."""
        if not rows:
            return {}
        children = [self._fetch_children(bound, context, child, rows) for child in program.children]
        return program.by_parent(rows, children, _Lookups(self.lookups, context))

    def _fetch_children(
        self,
        bound: BoundOperation,
        context: RequestContext,
        child: ChildProgram,
        parent_rows: list[tuple[Any, ...]],
    ) -> dict[Any, Any]:
        relation = child.relation
        program: NodeProgram = child.program
        parent_position = child.parent_index
        distinct = set(map(itemgetter(parent_position), parent_rows))
        distinct.discard(None)
        if not distinct:
            return {}
        keys = list(distinct)
        dialect = context.dialect
        target = program.object_map
        in_store = target.store_condition(context.store_id, "t", dialect.placeholder)
        if isinstance(relation, ToOne):
            condition, parameters = dialect.in_list(f"t.{target.key}", keys)
            if in_store is not None:
                condition += f" AND {in_store[0]}"
                parameters.extend(in_store[1])
            sql = f"SELECT {_columns(program, context.dialect)} FROM {target.table} t WHERE {condition}"
            found = _reader(context).fetch_all(sql, parameters)
            return self._by_parent(bound, context, program, found)
        if isinstance(relation, Totals):
            return self._fetch_totals(bound, context, child, relation, keys)
        assert isinstance(relation, ToMany)
        if relation.link_table is not None:
            group = f"l.{relation.link_parent}"
            source = (
                f"{target.table} t JOIN {relation.link_table} l "
                f"ON l.{relation.link_child} = t.{target.key}"
            )
        else:
            group = f"t.{relation.child_key}"
            source = f"{target.table} t"
        keyed = target.paged_over if relation.paged and relation.link_table is None else None
        if keyed is not None and len(keys) == 1:
            # (SQLite plans `IN json_each(?)` as if it held many parents: under ORDER BY and
            # LIMIT it would walk the whole catalog in the sort's order for a small warehouse.)
            condition, parameters = f"{group} = {dialect.placeholder}", list(keys)
        else:
            condition, parameters = dialect.in_list(group, keys)
        if in_store is not None:
            condition += f" AND {in_store[0]}"
            parameters.extend(in_store[1])
        if relation.scope is not None:
            scope_sql, scope_parameters = relation.scope(context, dialect, "t")
            condition += f" AND {scope_sql}"
            parameters.extend(scope_parameters)
        arguments = bound.arguments.get(id(child.plan), {})
        where = self._visible_where(context, relation.filters, arguments).get("where")
        filtered = _with_where(context, child, relation.filters, where, condition, parameters)
        if filtered is None:
            return FAILED_CHILDREN
        condition = filtered
        sort = arguments.get("sort")
        if sort and relation.sorts:
            order = _order_terms(relation.sorts, sort, target.key)
        else:
            order = ", ".join(
                f"l.{term[5:]}" if term.startswith("link.") else f"t.{term}"
                for term in relation.order_by
            )
        reader = _reader(context)
        # Ordered by parent first: each parent's children keep their order, and an index on
        # (parent, ...) serves the sort (SQLite: product sizes by the unique (variant, size)
        # index, 1.13 against 1.31 ms for 1,200 rows sorted in a temporary B-tree).
        plain = f"SELECT {group}, {_columns(program, context.dialect)} FROM {source} WHERE {condition} ORDER BY {group}, {order}"
        if relation.paged:
            limit = arguments.get("limit") or DEFAULT_PAGE_SIZE
            first = (max(arguments.get("page") or 1, 1) - 1) * limit
            rows: list[tuple[Any, ...]] | None = None
            ph = dialect.placeholder
            # A derived table (SQL text in parentheses) is always read numbered: SQLite does
            # not push the parent filter into a compound derived table under an outer ORDER
            # BY, and would compute every row of it.
            derived = target.table.startswith("(")
            if keyed is not None:
                # Costly columns over key rows (e.g. Stock): the page is cut from the key rows
                # (LIMIT/OFFSET for one parent, numbered for several), then only its rows'
                # costly columns are computed (a 240,000-row warehouse on SQLite: 830 -> 55 ms).
                if len(keys) == 1:
                    page = f"SELECT t.* FROM {keyed.keys} t WHERE {condition} ORDER BY {order} LIMIT {ph} OFFSET {ph}"
                    bounds = [limit, first]
                else:
                    page = (
                        f"SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY {group} "
                        f"ORDER BY {order}) AS row_number FROM {keyed.keys} t WHERE {condition}) "
                        f"numbered WHERE row_number > {ph} AND row_number <= {ph}"
                    )
                    bounds = [first, first + limit]
                rows = reader.fetch_all(
                    f"SELECT {group}, {_columns(program, context.dialect)} "
                    f"FROM {keyed.over(f'({page})')} t ORDER BY {group}, {order}",
                    [*parameters, *bounds],
                )
            elif not derived and len(keys) == 1:
                # One parent: its page is a plain LIMIT/OFFSET, exact for any page.
                rows = reader.fetch_all(
                    f"{plain} LIMIT {ph} OFFSET {ph}", [*parameters, limit, first]
                )
            elif not derived and first == 0:
                # Usually no parent has more than ``limit`` children: a plain read of at most
                # keys x limit rows (one more shows an overflow) then holds all of them, and
                # the numbered read below runs only when it overflows (one more statement).
                most = len(keys) * limit
                plain_rows = reader.fetch_all(f"{plain} LIMIT {ph}", [*parameters, most + 1])
                if len(plain_rows) <= most:
                    rows = _first_per_parent(plain_rows, limit)
            if rows is None:
                numbered = ", ".join(
                    f"{c} AS c{i}" for i, c in enumerate(program.select_list(dialect))
                )
                sql = (
                    f"SELECT * FROM (SELECT {group} AS parent_key, {numbered}, "
                    f"ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {order}) AS row_number "
                    f"FROM {source} WHERE {condition}) numbered "
                    f"WHERE row_number > {ph} AND row_number <= {ph} "
                    "ORDER BY parent_key, row_number"
                )
                rows = reader.fetch_all(sql, [*parameters, first, first + limit])
        else:
            rows = reader.fetch_all(plain, parameters)
        return self._by_parent(bound, context, program, rows)

    def _fetch_totals(
        self,
        bound: BoundOperation,
        context: RequestContext,
        child: ChildProgram,
        relation: Totals,
        keys: list[Any],
    ) -> dict[Any, Any]:
        """One statement: the sums per parent; parents without rows get sums of 0."""
        program = child.program
        dialect = context.dialect
        if len(keys) == 1:  # (as a page of key rows, see _fetch_children)
            condition, parameters = f"t.{relation.child_key} = {dialect.placeholder}", list(keys)
        else:
            condition, parameters = dialect.in_list(f"t.{relation.child_key}", keys)
        in_store = program.object_map.store_condition(context.store_id, "t", dialect.placeholder)
        if in_store is not None:
            condition += f" AND {in_store[0]}"
            parameters.extend(in_store[1])
        arguments = bound.arguments.get(id(child.plan), {})
        where = self._visible_where(context, relation.filters, arguments).get("where")
        filtered = _with_where(context, child, relation.filters, where, condition, parameters)
        if filtered is None:
            return FAILED_CHILDREN
        condition = filtered
        selected = ", ".join(f"t.{column} AS c{i}" for i, column in enumerate(program.columns))
        sums = ", ".join(f"SUM(x.c{i})" for i in range(len(program.columns)))
        # The LIMIT keeps SQLite from flattening the filtered rows into the aggregate, which
        # would stop it pushing the filter down into a derived table's union.
        sql = (
            f"SELECT x.parent_key, {sums} FROM (SELECT t.{relation.child_key} AS parent_key, "
            f"{selected} FROM {program.object_map.table} t WHERE {condition} "
            f"LIMIT {_NO_LIMIT}) x GROUP BY x.parent_key"
        )
        rows = _reader(context).fetch_all(sql, parameters)
        found = {row[0] for row in rows}
        zeros = (0,) * len(program.columns)
        rows.extend((key, *zeros) for key in keys if key not in found)
        shaped = self.shape_rows(bound, context, program, rows)
        return {row[0]: obj for row, obj in zip(rows, shaped, strict=True)}

    def _visible_where(
        self, context: RequestContext, filters: Mapping[str, Filter], arguments: dict[str, Any]
    ) -> dict[str, Any]:
        """``arguments`` with the ids a store-restricted token cannot see left out of the
        ``where`` members that name objects of a store-scoped type (``of``), so that another
        store's object filters like an unknown one. One statement per such member given (none
        for an unrestricted token)."""
        where = arguments.get("where")
        if context.store_id is None or not where:
            return arguments
        visible_where: dict[str, Any] | None = None
        for name, value in where.items():
            of = getattr(filters.get(name), "of", None)
            if of is None or not value:
                continue
            target = self.object_maps[of]
            in_store = target.store_condition(context.store_id, "t", context.dialect.placeholder)
            if in_store is None:
                continue
            ids = list(value)
            condition, parameters = context.dialect.in_list(f"t.{target.key}", ids)
            rows = _reader(context).fetch_all(
                f"SELECT t.{target.key} FROM {target.table} t WHERE {condition} AND {in_store[0]}",
                [*parameters, *in_store[1]],
            )
            visible = {row[0] for row in rows}
            visible_where = visible_where or dict(where)
            visible_where[name] = [i for i in ids if i in visible]
        if visible_where is None:
            return arguments
        return {**arguments, "where": visible_where}

    # -- mutations --------------------------------------------------------------------

    def _run_mutations(self, bound: BoundOperation, context: RequestContext) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for plan in bound.plan.root.fields:
            if plan.is_typename:
                data[plan.key] = bound.plan.root.type_name
                continue
            if id(plan) in bound.denied:
                data[plan.key] = None
                continue
            handler = self.mutations.get(plan.name)
            if handler is None:
                raise NotImplementedError(f"Mutation.{plan.name} has no handler.")
            try:
                payload = handler(context, bound.arguments[id(plan)])
            except UserInputError as failure:
                payload = {"userErrors": list(failure.errors), "userWarnings": []}
            data[plan.key] = self._shape_payload(bound, context, plan, payload)
        return data

    def _shape_payload(
        self,
        bound: BoundOperation,
        context: RequestContext,
        plan: FieldPlan,
        payload: dict[str, Any],
    ) -> dict[str, Any]:
        selection = _selection_of(plan)
        out: dict[str, Any] = {}
        # The mutation may have changed what a lookup holds (e.g. a new size's name).
        context.lookup_cache.clear()
        with context.database.read() as reader:
            context.reader = reader
            try:
                for field in selection.fields:
                    if field.is_typename:
                        out[field.key] = selection.type_name
                    elif id(field) in bound.denied:
                        out[field.key] = None
                    else:
                        out[field.key] = self._payload_member(
                            bound, context, field, payload.get(field.name)
                        )
            finally:
                context.reader = None
        return out

    def _payload_member(
        self, bound: BoundOperation, context: RequestContext, field: FieldPlan, value: Any
    ) -> Any:
        if isinstance(value, Ref):
            if value.id is None:
                return None
            found = self.fetch_by_ids(bound, context, field, [value.id], type_name=value.type_name)
            return found[0] if found else None
        if isinstance(value, Refs):
            return self.fetch_by_ids(
                bound, context, field, list(value.ids), type_name=value.type_name
            )
        if field.name in ("userErrors", "userWarnings"):
            value = [_user_message(item) for item in value or ()]
        return shape_field(field, value, bound.denied)

    # -- introspection ----------------------------------------------------------------

    def _introspect(self, bound: BoundOperation, fields: list[FieldPlan]) -> dict[str, Any]:
        """Introspection fields go through graphql-core's own executor."""
        operation = bound.plan.operation
        nodes = [node for plan in fields for node in plan.nodes]
        document = _single_operation_document(operation, nodes, bound)
        result = execute(self.schema, document, variable_values=dict(bound.raw_variables or {}))
        assert isinstance(result, ExecutionResult)  # introspection resolvers are synchronous
        assert not result.errors, result.errors  # the document passed validation
        return dict(result.data or {})


def _selection_of(plan: FieldPlan) -> Selection:
    selection = plan.selection
    if selection is None:
        raise NotImplementedError(
            f"{plan.parent_type}.{plan.name} returns no concrete object type."
        )
    return selection


def _where(
    context: RequestContext, spec: RootList, object_map: ObjectMap, arguments: dict[str, Any]
) -> tuple[str, list[object]]:
    """The WHERE clause of a root list: filters, the store restriction and the scope."""
    dialect = context.dialect
    conditions: list[str] = []
    parameters: list[object] = []
    predicate = build_where(dialect, "t", spec.filters, arguments.get("where"))
    if predicate is not None:
        conditions.append(predicate[0])
        parameters.extend(predicate[1])
    in_store = object_map.store_condition(context.store_id, "t", dialect.placeholder)
    if in_store is not None:
        conditions.append(in_store[0])
        parameters.extend(in_store[1])
    if spec.scope is not None:
        scope_sql, scope_parameters = spec.scope(context, dialect, "t")
        conditions.append(scope_sql)
        parameters.extend(scope_parameters)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), parameters


def _shape_connection(
    connection: Selection, value: dict[str, Any], denied: frozenset[int]
) -> dict[str, Any]:
    """Nodes are already shaped; the connection, page info and edges around them are values."""
    out: dict[str, Any] = {}
    for field in connection.fields:
        if field.is_typename:
            out[field.key] = connection.type_name
        elif id(field) in denied:
            out[field.key] = None
        elif field.name == "edges":
            edge_selection = _selection_of(field)
            out[field.key] = [
                {
                    f.key: (
                        edge_selection.type_name
                        if f.is_typename
                        else None
                        if id(f) in denied
                        else edge[f.name]
                    )
                    for f in edge_selection.fields
                }
                for edge in value["edges"]
            ]
        else:
            out[field.key] = shape_field(field, value[field.name], denied)
    return out


def _page_sql(
    dialect: SqlDialect, program: NodeProgram, where: str, order: str, offset: int
) -> str:
    """One page of a root list (parameters: the WHERE's, then LIMIT and OFFSET).

    Past the first page the OFFSET walk runs in a subquery that selects only the keys, and
    only the page's own rows are read whole. PostgreSQL then steps over the skipped rows in
    the primary key's index (an index-only scan) instead of the table: page 500 of 100,000
    products 12.6 -> 3.1 ms. SQLite's table is its key's B-tree, so by key order there is
    nothing narrower to walk (the join costs 8.5 -> 10.8 ms) and the plain form stays;
    by any other order the subquery sorts keys instead of whole rows (394 -> 224 ms)."""
    table, key, ph = program.object_map.table, program.object_map.key, dialect.placeholder
    columns = _columns(program, dialect)
    by_key = order in (f"t.{key} ASC", f"t.{key} DESC")
    if offset == 0 or (dialect.name == "sqlite" and by_key):
        return f"SELECT {columns} FROM {table} t{where} ORDER BY {order} LIMIT {ph} OFFSET {ph}"
    keys = f"SELECT t.{key} FROM {table} t{where} ORDER BY {order} LIMIT {ph} OFFSET {ph}"
    return (
        f"SELECT {columns} FROM {table} t JOIN ({keys}) page ON t.{key} = page.{key} "
        f"ORDER BY {order}"
    )


def _columns(program: NodeProgram, dialect: SqlDialect) -> str:
    return ", ".join(program.select_list(dialect))


def _order_by(spec: RootList, sort: Sequence[str], key: str) -> str:
    return _order_terms(spec.sorts, sort, key)


def _order_terms(sorts: Mapping[str, tuple[str, ...]], sort: Sequence[str], key: str) -> str:
    """ORDER BY terms for sort enum values like ``name_DESC``, with the key as tiebreak."""
    terms: list[str] = []
    seen: set[str] = set()
    for value in sort:
        field_name, _, direction = value.rpartition("_")
        for column in sorts.get(field_name, ()):
            if column not in seen:
                seen.add(column)
                terms.append(f"t.{column} {direction}")
    if key not in seen:
        terms.append(f"t.{key} ASC")
    return ", ".join(terms)


def _with_where(
    context: RequestContext,
    child: ChildProgram,
    filters: Mapping[str, Filter],
    where: Any,
    condition: str,
    parameters: list[object],
) -> str | None:
    """``condition`` with a nested list's ``where`` argument added (its parameters appended
    to ``parameters``); None when the ``where`` is bad: the list is then null under every
    parent, with an error at each place."""
    try:
        predicate = build_where(context.dialect, "t", filters, where)
    except FilterInputError as error:
        context.field_failures[id(child.plan)] = (str(error), VALIDATION)
        return None
    if predicate is None:
        return condition
    parameters.extend(predicate[1])
    return f"{condition} AND {predicate[0]}"


def _first_per_parent(rows: list[tuple[Any, ...]], limit: int) -> list[tuple[Any, ...]]:
    """The first ``limit`` rows of each parent (``row[0]``), in order."""
    if len(rows) <= limit or max(Counter(map(itemgetter(0), rows)).values()) <= limit:
        return rows
    counts: dict[Any, int] = {}
    kept: list[tuple[Any, ...]] = []
    for row in rows:
        seen = counts.get(row[0], 0)
        if seen < limit:
            kept.append(row)
        counts[row[0]] = seen + 1
    return kept


def _count(total: int | None, context: RequestContext) -> int | OutOfRange | None:
    """A count as an Int field's value (``OutOfRange`` past 32 bits)."""
    if total is None or total <= LARGEST_INT:
        return total
    context.out_of_range = True
    return OutOfRange(total)


def _reader(context: RequestContext) -> Reader:
    reader = context.reader
    if reader is None:
        raise RuntimeError("No read transaction is open.")
    return reader


def _user_message(item: Any) -> dict[str, Any]:
    if isinstance(item, UserError | MutationWarning):
        # A path is always a list, [] for a problem with no argument of its own (the
        # reference's examples show [] or a path into the input, never null).
        return {"message": item.message, "path": [str(p) for p in item.path]}
    return dict(item)


def _single_operation_document(
    operation: OperationDefinitionNode, nodes: list[FieldNode], bound: BoundOperation
) -> DocumentNode:
    trimmed = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=tuple(nodes)),
    )
    return DocumentNode(definitions=(trimmed, *bound.fragments))
