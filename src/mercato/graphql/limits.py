"""Bounds checked before execution: size of the document, paging arguments, complexity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, visit
from graphql.language import Visitor

from mercato.graphql.plan import FieldPlan, Selection

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 20
DEFAULT_LIST_SIZE = 20


@dataclass(frozen=True)
class DocumentLimits:
    max_depth: int
    max_aliases: int
    max_directives: int


class _Counter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.aliases = 0
        self.directives = 0

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.alias is not None:
            self.aliases += 1

    def enter_directive(self, *_: Any) -> None:
        self.directives += 1


def document_problems(document: DocumentNode, limits: DocumentLimits) -> list[str]:
    """Cheap structural limits, checked before full validation so junk costs little."""
    counter = _Counter()
    visit(document, counter)
    problems: list[str] = []
    if counter.aliases > limits.max_aliases:
        problems.append(
            f"The document uses {counter.aliases} aliases; at most {limits.max_aliases} are allowed."
        )
    if counter.directives > limits.max_directives:
        problems.append(
            f"The document uses {counter.directives} directives; at most {limits.max_directives} are allowed."
        )
    return problems


def selection_depth(selection: Selection) -> int:
    deepest = 0
    for plan in selection.fields:
        for sub in plan.selections.values():
            deepest = max(deepest, selection_depth(sub))
    return deepest + 1


def paging_problem(plan: FieldPlan, arguments: dict[str, Any]) -> str | None:
    for argument in ("first", "last"):
        value = arguments.get(argument)
        if value is not None and not 1 <= value <= MAX_PAGE_SIZE:
            return f"{plan.name}: {argument} must be between 1 and {MAX_PAGE_SIZE}, not {value}."
    limit = arguments.get("limit")
    if limit is not None and not 1 <= limit <= MAX_PAGE_SIZE:
        return f"{plan.name}: limit must be between 1 and {MAX_PAGE_SIZE}, not {limit}."
    page = arguments.get("page")
    if page is not None and page < 1:
        return f"{plan.name}: page counts from 1, not {page}."
    return None


def connection_size(plan: FieldPlan, arguments: dict[str, Any]) -> int | None:
    """The page size of a Relay connection field (its ``edges`` multiply by it)."""
    if "first" not in plan.definition.args:
        return None
    size = arguments.get("first") or arguments.get("last") or DEFAULT_PAGE_SIZE
    return int(size)


def field_cost(
    plan: FieldPlan, arguments: dict[str, Any], children_cost: int, size_hint: int | None = None
) -> int:
    """Every object costs 1 plus its children, scalars 0 (unless @cost says otherwise); a list
    multiplies the cost of one item by its effective size (the limit asked for, the default
    page size, or the field's declared listSize when the list returns everything)."""
    weight = plan.meta.weight
    if not plan.selections:
        return weight if weight is not None else 0
    own = weight if weight is not None else 1
    if not plan.is_list:
        return own + children_cost
    size = arguments.get("limit") if size_hint is None else size_hint
    if size is None:
        if "limit" in plan.definition.args and plan.meta.list_size is None:
            size = DEFAULT_PAGE_SIZE
        else:
            size = plan.meta.list_size or DEFAULT_LIST_SIZE
    return own + size * (1 + children_cost)


def iter_fields(selection: Selection) -> Iterator[FieldPlan]:
    for plan in selection.fields:
        yield plan
        for sub in plan.selections.values():
            yield from iter_fields(sub)
