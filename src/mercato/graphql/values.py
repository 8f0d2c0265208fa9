"""Shaping of value-backed results (viewer, rate limits, mutation payload scalars): plain
Python values walked once along the selection. These results are small, so a simple
interpreter is enough; table-backed lists go through the compiler instead."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mercato.clock import to_iso
from mercato.graphql.plan import FieldPlan, Selection


def shape_value(selection: Selection, value: Any, denied: frozenset[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for plan in selection.fields:
        if plan.is_typename:
            out[plan.key] = selection.type_name
        elif id(plan) in denied:
            out[plan.key] = None
        else:
            raw = value.get(plan.name) if isinstance(value, dict) else getattr(value, plan.name)
            out[plan.key] = shape_field(plan, raw, denied)
    return out


def shape_field(plan: FieldPlan, raw: Any, denied: frozenset[int]) -> Any:
    if raw is None:
        return None
    if plan.selections:
        if plan.is_list:
            return [_shape_object(plan, item, denied) for item in raw]
        return _shape_object(plan, raw, denied)
    if plan.is_list:
        return [_scalar(item) for item in raw]
    return _scalar(raw)


def _shape_object(plan: FieldPlan, value: Any, denied: frozenset[int]) -> dict[str, Any] | None:
    if value is None:
        return None
    selection = plan.selection
    if selection is None:
        # An abstract type: the value names its concrete type.
        type_name = value.get("__typename") if isinstance(value, dict) else None
        selection = plan.selections.get(str(type_name))
        if selection is None:
            raise TypeError(f"{plan.parent_type}.{plan.name}: a value without a known __typename.")
    return shape_value(selection, value, denied)


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
