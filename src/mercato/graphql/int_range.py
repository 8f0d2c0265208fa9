"""Int values a response cannot hold: GraphQL's ``Int`` is a signed 32-bit integer, and a sum
the database computes (a stock total, a count) may be larger. The compiled shaping puts an
``OutOfRange`` in such a field's place (one comparison per value, ``compiler.in_int_range``);
this pass, which runs only when one was found, makes each such field null with an error at
its path, and, as GraphQL's rule for a null in a non-null place says, makes its parent null
when the field is non-null, up to the nearest nullable field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLList, GraphQLNonNull, is_non_null_type

from mercato.graphql.compiler import OutOfRange
from mercato.graphql.errors import INTERNAL, field_error
from mercato.graphql.plan import FieldPlan, Selection

Path = list[str | int]


def null_out_of_range(
    root: Selection, data: dict[str, Any], concrete_types: Mapping[int, str]
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """``data`` with every ``OutOfRange`` made null (and the nulls propagated), and one error
    per place where a value was out of range, in response order."""
    walk = _Walk(concrete_types)
    whole = walk.must_be_null(root, data, [])
    # Decided first, changed afterwards: a to-one object may be shared by several parents,
    # and each of its places gets its error.
    for container, key in walk.nulls:
        container[key] = None
    return (None if whole else data), walk.errors


class _Walk:
    def __init__(self, concrete_types: Mapping[int, str]) -> None:
        self.concrete_types = concrete_types
        self.errors: list[dict[str, Any]] = []
        #: The places to make null: (an object, a key) or (a list, an index).
        self.nulls: list[tuple[Any, Any]] = []

    def must_be_null(self, selection: Selection, value: dict[str, Any], path: Path) -> bool:
        """Whether ``value`` must become null: a non-null field in it does."""
        nulled = False
        for plan in selection.fields:
            member = value.get(plan.key)
            if member is None or plan.is_typename:
                continue
            here = [*path, plan.key]
            if isinstance(member, OutOfRange):
                self.errors.append(
                    field_error(
                        f"{plan.parent_type}.{plan.name} is {member.value}, which GraphQL's Int "
                        "(a 32-bit integer) cannot represent.",
                        plan.nodes,
                        here,
                        INTERNAL,
                    )
                )
            elif not (plan.selections and self._holds_null(plan, member, here)):
                continue
            self.nulls.append((value, plan.key))
            nulled = nulled or not plan.nullable
        return nulled

    def _holds_null(self, plan: FieldPlan, member: Any, path: Path) -> bool:
        """Whether the object (or list of objects) ``member`` of ``plan`` must become null; a
        list item that must, and may be null, is made null in the list."""
        if not plan.is_list:
            selection = self._selection(plan, member)
            return selection is not None and self.must_be_null(selection, member, path)
        items_nullable = not is_non_null_type(_item_type(plan))
        whole = False
        for index, item in enumerate(member):
            if item is None:
                continue
            selection = self._selection(plan, item)
            if selection is not None and self.must_be_null(selection, item, [*path, index]):
                if items_nullable:
                    self.nulls.append((member, index))
                else:
                    whole = True
        return whole

    def _selection(self, plan: FieldPlan, value: dict[str, Any]) -> Selection | None:
        return plan.selection or plan.selections.get(
            self.concrete_types.get(id(value)) or value.get("__typename", "")
        )


def _item_type(plan: FieldPlan) -> Any:
    field_type = plan.definition.type
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    assert isinstance(field_type, GraphQLList)  # plan.is_list
    return field_type.of_type
