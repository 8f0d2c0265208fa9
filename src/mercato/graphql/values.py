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
    sub = plan.selection
    if sub is not None:
        if plan.is_list:
            return [shape_value(sub, item, denied) for item in raw]
        return shape_value(sub, raw, denied)
    if plan.is_list:
        return [_scalar(item) for item in raw]
    return _scalar(raw)


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
