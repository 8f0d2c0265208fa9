"""From an operation to a plan: the fields each object type must produce, with fragments
merged, ``@skip``/``@include`` applied and each field's schema definition attached.

A plan depends on the document, the operation and the values of the variables used by
``@skip``/``@include``; it never depends on the data, so it is built once and cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    VariableNode,
    is_abstract_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.values import VariableValues, get_directive_values
from graphql.type.directives import GraphQLIncludeDirective, GraphQLSkipDirective

from mercato.graphql.schema import FieldMeta, field_meta, unwrap_list

NO_META = FieldMeta(None, None, None)
#: Meta fields; __schema and __type are answered by graphql-core's executor.
INTROSPECTION_FIELDS: dict[str, GraphQLField] = {
    "__typename": TypeNameMetaFieldDef,
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
}


@dataclass
class FieldPlan:
    key: str
    name: str
    parent_type: str
    definition: GraphQLField
    nodes: list[FieldNode]
    is_list: bool
    named_type: GraphQLNamedType
    nullable: bool
    meta: FieldMeta
    #: For object-typed fields: what to produce per possible concrete type.
    selections: dict[str, Selection] = field(default_factory=dict)

    @property
    def node(self) -> FieldNode:
        return self.nodes[0]

    @property
    def is_typename(self) -> bool:
        return self.name == "__typename"

    @property
    def selection(self) -> Selection | None:
        """The sub-selection when the field's type is a concrete object type."""
        if is_object_type(self.named_type):
            return self.selections.get(self.named_type.name)
        return None


@dataclass
class Selection:
    type_name: str
    fields: list[FieldPlan]


@dataclass
class OperationPlan:
    operation: OperationDefinitionNode
    root: Selection
    #: Lazily compiled executable forms of this plan, keyed by the executor.
    compiled: dict[Any, Any] = field(default_factory=dict)


class PlanBuilder:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def build(self, operation: OperationDefinitionNode) -> OperationPlan:
        root_type = (
            self.schema.mutation_type
            if operation.operation.value == "mutation"
            else self.schema.query_type
        )
        assert root_type is not None  # validation rejected operations the schema lacks
        return OperationPlan(operation, self.selection(root_type, [operation.selection_set]))

    def selection(
        self, object_type: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode]
    ) -> Selection:
        grouped: dict[str, list[FieldNode]] = {}
        # One visited set across the merged fields' selection sets, as the spec's
        # CollectSubfields does: a fragment spread in two of them is collected once.
        visited: set[str] = set()
        for selection_set in selection_sets:
            self._collect(object_type, selection_set, grouped, visited)
        fields = [self._field(object_type, key, nodes) for key, nodes in grouped.items()]
        return Selection(object_type.name, fields)

    def _collect(
        self,
        object_type: GraphQLObjectType,
        selection_set: SelectionSetNode,
        grouped: dict[str, list[FieldNode]],
        visited_fragments: set[str],
    ) -> None:
        for node in selection_set.selections:
            if not self._included(node):
                continue
            if isinstance(node, FieldNode):
                key = node.alias.value if node.alias else node.name.value
                grouped.setdefault(key, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                if self._applies(
                    node.type_condition.name.value if node.type_condition else None, object_type
                ):
                    self._collect(object_type, node.selection_set, grouped, visited_fragments)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if name in visited_fragments or fragment is None:
                    continue
                visited_fragments.add(name)
                if self._applies(fragment.type_condition.name.value, object_type):
                    self._collect(object_type, fragment.selection_set, grouped, visited_fragments)

    def _applies(self, condition: str | None, object_type: GraphQLObjectType) -> bool:
        if condition is None or condition == object_type.name:
            return True
        condition_type = self.schema.get_type(condition)
        if isinstance(condition_type, GraphQLAbstractType):
            return self.schema.is_sub_type(condition_type, object_type)
        return False

    def _included(self, node: Any) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def _field(self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> FieldPlan:
        name = nodes[0].name.value
        if name in INTROSPECTION_FIELDS:
            definition = INTROSPECTION_FIELDS[name]
            meta = NO_META
        else:
            definition = parent.fields[name]
            meta = field_meta(definition)
        is_list, named = unwrap_list(definition.type)
        plan = FieldPlan(
            key=key,
            name=name,
            parent_type=parent.name,
            definition=definition,
            nodes=nodes,
            is_list=is_list,
            named_type=named,
            nullable=not is_non_null_type(definition.type),
            meta=meta,
        )
        sub_sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if sub_sets and not name.startswith("__"):
            if is_abstract_type(named):
                assert isinstance(named, GraphQLAbstractType)
                for possible in self.schema.get_possible_types(named):
                    plan.selections[possible.name] = self.selection(possible, sub_sets)
            elif isinstance(named, GraphQLObjectType):
                plan.selections[named.name] = self.selection(named, sub_sets)
        return plan


def directive_variables(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[str, ...]:
    """Names of the variables that ``@skip``/``@include`` read: they key the plan cache."""
    names: set[str] = set()

    def visit(selection_set: SelectionSetNode | None) -> None:
        if selection_set is None:
            return
        for node in selection_set.selections:
            for directive in node.directives or ():
                if directive.name.value in ("skip", "include"):
                    for argument in directive.arguments or ():
                        value = argument.value
                        if isinstance(value, VariableNode):
                            names.add(value.name.value)
            if isinstance(node, FieldNode | InlineFragmentNode):
                visit(node.selection_set)

    visit(operation.selection_set)
    for fragment in fragments.values():
        visit(fragment.selection_set)
    return tuple(sorted(names))
