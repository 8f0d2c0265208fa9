"""The engine's front door: parse and validate once per document, plan once per operation,
then bind the plan to a request (arguments, permissions, complexity) and execute it.

    engine.prepare(query, operation_name, variables, grants)  -> Prepared   (or RequestRejectedError)
    engine.execute(prepared, context)                          -> response dict
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    validate,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

from mercato.graphql.context import Grants, RequestContext
from mercato.graphql.errors import (
    AUTHORIZATION,
    VALIDATION,
    RequestRejectedError,
    field_error,
    permission_message,
)
from mercato.graphql.executor import BoundOperation, Executor
from mercato.graphql.int_range import null_out_of_range
from mercato.graphql.limits import (
    DocumentLimits,
    connection_size,
    document_problems,
    field_cost,
    iter_fields,
    paging_problem,
    selection_depth,
)
from mercato.graphql.plan import (
    FieldPlan,
    OperationPlan,
    PlanBuilder,
    Selection,
    directive_variables,
)
from mercato.graphql.variables import VariableCoercer, compile_variables

DOCUMENT_CACHE_SIZE = 1024
#: Key in ``OperationPlan.compiled`` of a variable-free query's bound arguments.
_BOUND = "bound arguments"
#: Key in ``OperationPlan.compiled`` of its depth and guarded (permission, field) pairs.
_WALKED = "walked fields"


@dataclass
class _CachedDocument:
    document: DocumentNode
    fragments: dict[str, FragmentDefinitionNode]
    plans: dict[tuple[Any, ...], OperationPlan] = field(default_factory=dict)
    directive_variables: dict[str | None, tuple[str, ...]] = field(default_factory=dict)
    #: per operation name: its compiled variable coercer (None: graphql-core coerces)
    coercers: dict[str | None, VariableCoercer | None] = field(default_factory=dict)
    #: whether the document's own text can spell a NUL (a raw one, or a \u escape)
    may_spell_nul: bool = True


@dataclass
class Prepared:
    bound: BoundOperation
    complexity: int
    permissions_used: list[str]
    deprecated_permissions_used: list[str]
    is_mutation: bool
    mutation_count: int
    #: ``extensions.deprecatedFieldsUsed`` (reference 1.4), one entry per deprecated field.
    deprecated_fields_used: list[str] = field(default_factory=list)


class Engine:
    def __init__(
        self,
        schema: GraphQLSchema,
        executor: Executor,
        limits: DocumentLimits,
        max_complexity: int,
        max_mutations: int,
    ) -> None:
        self.schema = schema
        self.executor = executor
        self.limits = limits
        self.max_complexity = max_complexity
        self.max_mutations = max_mutations
        self._documents: OrderedDict[str, _CachedDocument] = OrderedDict()

    # -- parse and validate once ------------------------------------------------------

    def _document(self, query: str) -> _CachedDocument:
        cached = self._documents.get(query)
        if cached is not None:
            self._documents.move_to_end(query)
            return cached
        try:
            document = parse(query, max_tokens=20_000)
        except GraphQLError as error:
            raise RequestRejectedError([_formatted(error)]) from None
        problems = document_problems(document, self.limits)
        if problems:
            raise RequestRejectedError(
                [{"message": p, "extensions": {"category": VALIDATION}} for p in problems]
            )
        # Few errors per request: junk (say, a hundred unknown directives) costs little to reject.
        errors = validate(self.schema, document, max_errors=5)
        if errors:
            raise RequestRejectedError([_formatted(e) for e in errors])
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        cached = _CachedDocument(
            document, fragments, may_spell_nul="\x00" in query or "\\u" in query
        )
        self._documents[query] = cached
        if len(self._documents) > DOCUMENT_CACHE_SIZE:
            self._documents.popitem(last=False)
        return cached

    # -- bind to a request ------------------------------------------------------------

    def prepare(
        self,
        query: str,
        operation_name: str | None,
        raw_variables: Mapping[str, Any] | None,
        grants: Grants,
        *,
        variables_hold_no_nul: bool = False,
    ) -> Prepared:
        """``variables_hold_no_nul``: the caller knows that no string in ``raw_variables``
        contains NUL (say, their JSON text has no ``\\u0000``), so the NUL check need not
        walk the arguments unless the document itself spells one."""
        cached = self._document(query)
        operation = get_operation_ast(cached.document, operation_name)
        if operation is None:
            text = (
                f"Unknown operation named {operation_name!r}."
                if operation_name
                else "Must provide operation name if query contains multiple operations."
            )
            raise RequestRejectedError.message(text)
        coerced = self._variables(cached, operation, raw_variables or {})
        if isinstance(coerced, list):
            raise RequestRejectedError([_formatted(e) for e in coerced])
        try:
            plan = self._plan(cached, operation, coerced)
        except GraphQLError as error:  # e.g. null given to @skip(if:) through a variable
            raise RequestRejectedError([_formatted(error)]) from None
        is_mutation = operation.operation.value == "mutation"
        arguments: dict[int, dict[str, Any]] = {}
        problems: list[dict[str, Any]] = []
        # Without variables a query's arguments are its literals: bound once per plan.
        # (Each request gets its own copy of the per-field dicts.)
        check_nul = cached.may_spell_nul or not variables_hold_no_nul
        reusable = not operation.variable_definitions and not is_mutation
        bound_once = plan.compiled.get(_BOUND) if reusable else None
        if bound_once is None:
            complexity = self._bind(plan.root, coerced, arguments, problems, check_nul)
            if reusable:
                plan.compiled[_BOUND] = (arguments, problems, complexity)
        else:
            arguments, problems, complexity = bound_once
        arguments = {key: dict(values) for key, values in arguments.items()}
        problems = list(problems)
        if is_mutation:
            problems.extend(self._payload_problems(plan.root))
        walked = plan.compiled.get(_WALKED)
        if walked is None:
            # What only the plan decides: its depth, its guarded fields and the deprecated
            # fields it reads (walked once).
            fields = list(iter_fields(plan.root))
            guarded = tuple((f.meta.permission, f) for f in fields if f.meta.permission)
            walked = plan.compiled[_WALKED] = (
                selection_depth(plan.root) - 1,
                guarded,
                deprecated_fields(fields),
            )
        depth, guarded_fields, deprecated_fields_used = walked
        if depth > self.limits.max_depth:
            problems.append(
                _problem(
                    f"The operation is {depth} levels deep; at most {self.limits.max_depth} are allowed."
                )
            )
        if complexity > self.max_complexity:
            problems.append(
                _problem(
                    f"The operation's complexity is {complexity}, over the ceiling of "
                    f"{self.max_complexity}: ask for smaller pages or fewer nested lists."
                )
            )
        mutation_count = sum(1 for p in plan.root.fields if not p.is_typename) if is_mutation else 0
        if mutation_count > self.max_mutations:
            problems.append(
                _problem(
                    f"The document runs {mutation_count} mutations; at most {self.max_mutations} are allowed."
                )
            )
        if problems:
            raise RequestRejectedError(problems)
        used: set[str] = set()
        deprecated: list[str] = []
        denied: set[int] = set()
        for permission, plan_field in guarded_fields:
            used.add(permission)
            if not grants.allows(permission):
                denied.add(id(plan_field))
                continue
            via = grants.deprecated_grant_for(permission)
            if via is not None:
                deprecated.append(
                    f"Field: {plan_field.parent_type}.{plan_field.name}, deprecated: {via}, current: {permission}"
                )
        bound = BoundOperation(
            plan=plan,
            arguments=arguments,
            denied=frozenset(denied),
            variables=coerced,
            raw_variables=raw_variables,
            operation_name=operation_name,
            fragments=tuple(cached.fragments.values()),
        )
        return Prepared(
            bound,
            complexity,
            sorted(used),
            sorted(set(deprecated)),
            is_mutation,
            mutation_count,
            list(deprecated_fields_used),
        )

    def _variables(
        self,
        cached: _CachedDocument,
        operation: OperationDefinitionNode,
        raw_variables: Mapping[str, Any],
    ) -> VariableValues | list[GraphQLError]:
        """The coerced variables: the operation's compiled coercer for valid input, else
        (and for every error) graphql-core."""
        definitions = operation.variable_definitions or ()
        name = operation.name.value if operation.name else None
        if name in cached.coercers:
            coercer = cached.coercers[name]
        else:
            coercer = compile_variables(self.schema, definitions)
            cached.coercers[name] = coercer
        if coercer is not None:
            fast = coercer.coerce(raw_variables)
            if fast is not None:
                return fast
        return get_variable_values(self.schema, definitions, dict(raw_variables))

    def _plan(
        self, cached: _CachedDocument, operation: OperationDefinitionNode, variables: VariableValues
    ) -> OperationPlan:
        name = operation.name.value if operation.name else None
        names = cached.directive_variables.get(name)
        if names is None:
            names = directive_variables(operation, cached.fragments)
            cached.directive_variables[name] = names
        key = (name, tuple(repr(variables.coerced.get(n)) for n in names))
        plan = cached.plans.get(key)
        if plan is None:
            plan = PlanBuilder(self.schema, cached.fragments, variables).build(operation)
            cached.plans[key] = plan
        return plan

    def _bind(
        self,
        selection: Selection,
        variables: VariableValues,
        arguments: dict[int, dict[str, Any]],
        problems: list[dict[str, Any]],
        check_nul: bool,
        edges_size: int | None = None,
    ) -> int:
        """Evaluate every field's arguments once; return the selection's complexity.

        ``edges_size`` is the page size of the connection this selection belongs to: its
        ``edges`` list multiplies by it."""
        total = 0
        for plan in selection.fields:
            if plan.is_typename:
                continue
            try:
                values = get_argument_values(plan.definition, plan.node, variables)
            except GraphQLError as error:
                problems.append(_formatted(error))
                continue
            arguments[id(plan)] = values
            if check_nul and _contains_nul(values):
                # PostgreSQL cannot store NUL in text, and no value in the API needs it.
                problems.append(
                    _problem(f"{plan.name}: strings may not contain the NUL character.")
                )
            problem = paging_problem(plan, values)
            if problem is not None:
                problems.append(_problem(problem))
            size = connection_size(plan, values)
            children = max(
                (
                    self._bind(sub, variables, arguments, problems, check_nul, size)
                    for sub in plan.selections.values()
                ),
                default=0,
            )
            hint = edges_size if plan.name == "edges" else None
            total += field_cost(plan, values, children, hint)
        return total

    @staticmethod
    def _payload_problems(root: Selection) -> list[dict[str, Any]]:
        problems: list[dict[str, Any]] = []
        for plan in root.fields:
            selection = plan.selection
            if selection is None or "userErrors" not in getattr(plan.named_type, "fields", {}):
                continue
            node = plan.definition.ast_node
            if node is not None and any(
                d.name.value == "userErrorsOptional" for d in node.directives or ()
            ):
                continue
            if not any(f.name == "userErrors" for f in selection.fields):
                problems.append(
                    _problem(
                        f"Select userErrors in {plan.name}: a mutation's result cannot be "
                        "trusted without it (a non-empty list means nothing changed)."
                    )
                )
        return problems

    # -- execute ----------------------------------------------------------------------

    def execute(self, prepared: Prepared, context: RequestContext) -> dict[str, Any]:
        data = self.executor.run(prepared.bound, context)
        errors = _denial_errors(prepared.bound, data, context) + context.errors
        if context.out_of_range and data is not None:
            data, out_of_range = null_out_of_range(
                prepared.bound.plan.root, data, context.concrete_types
            )
            errors += out_of_range
        response: dict[str, Any] = {}
        if errors:
            response["errors"] = errors
        response["data"] = data
        return response


def _denial_errors(
    bound: BoundOperation, data: dict[str, Any] | None, context: RequestContext
) -> list[dict[str, Any]]:
    """One error per occurrence of a denied field (authorization) or of a nested field that
    failed as a whole (e.g. a bad ``where`` on a nested list), in execution order."""
    failures = context.field_failures
    concrete_types = context.concrete_types
    if (not bound.denied and not failures) or data is None:
        return []
    errors: list[dict[str, Any]] = []

    def walk(selection: Selection, value: dict[str, Any], path: list[str | int]) -> None:
        for plan in selection.fields:
            here = [*path, plan.key]
            if id(plan) in bound.denied:
                permission = plan.meta.permission or "?"
                errors.append(
                    field_error(
                        permission_message(permission, plan.name), plan.nodes, here, AUTHORIZATION
                    )
                )
                continue
            failure = failures.get(id(plan))
            if failure is not None and value.get(plan.key) is None:
                errors.append(field_error(failure[0], plan.nodes, here, failure[1]))
                continue
            child = value.get(plan.key)
            if child is None or not plan.selections:
                continue
            items = enumerate(child) if plan.is_list else [(None, child)]
            for index, item in items:
                if item is None:
                    continue
                sub = plan.selection or plan.selections.get(
                    concrete_types.get(id(item)) or item.get("__typename", "")
                )
                if sub is not None:
                    walk(sub, item, here if index is None else [*here, index])

    walk(bound.plan.root, data, [])
    return errors


#: What a deprecated field's entry says of its removal: Mercato has scheduled none.
NO_REMOVAL_DATE = "not scheduled"


def deprecated_fields(fields: Iterable[FieldPlan]) -> tuple[str, ...]:
    """``extensions.deprecatedFieldsUsed`` of a plan, in the reference's form (1.4):
    ``Field: Display.localized, reason: ..., date of removal: ...``; each field once."""
    found: dict[str, None] = {}
    for plan in fields:
        reason = None if plan.is_typename else plan.definition.deprecation_reason
        if reason is not None:
            entry = (
                f"Field: {plan.parent_type}.{plan.name}, reason: {reason}, "
                f"date of removal: {NO_REMOVAL_DATE}"
            )
            found[entry] = None
    return tuple(found)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


def _formatted(error: GraphQLError) -> dict[str, Any]:
    formatted = dict(error.formatted)
    formatted.setdefault("extensions", {"category": VALIDATION})
    return formatted


def _problem(message: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"category": VALIDATION}}


__all__ = ["Engine", "FieldPlan", "Prepared"]
