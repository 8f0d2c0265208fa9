"""Filter members of ``where`` inputs, compiled into SQL predicates with bind parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mercato.db.dialect import SqlDialect

Predicate = tuple[str, list[object]]


@dataclass(frozen=True)
class InList:
    """``member: [X!]`` (a single value is accepted through list coercion).

    ``of``: the object type the values are ids of, when some of its objects may be hidden
    from a token (a store-scoped type, ``ObjectMap.store_scope``): the ids such a token cannot
    see are left out before filtering, so they filter like unknown ids. Needed where the rows
    filtered are not scoped themselves (products by brand, stock by market)."""

    column: str
    of: str | None = None


@dataclass(frozen=True)
class Equals:
    """``member: X`` compared for equality (booleans, single enums)."""

    column: str


@dataclass(frozen=True)
class Text:
    """``member: StringMatch`` ({equals} or {contains})."""

    column: str


@dataclass(frozen=True)
class Range:
    """``member: DateRange`` or ``IntRange`` ({from, to}, both inclusive, either optional)."""

    column: str


@dataclass(frozen=True)
class Custom:
    """Any other predicate: a function of the dialect, the table alias and the value
    (``of`` as on ``InList``, for a value that is a list of ids)."""

    build: Callable[[SqlDialect, str, Any], Predicate | None]
    of: str | None = None


Filter = InList | Equals | Text | Range | Custom


class FilterInputError(ValueError):
    """A ``where`` value that cannot be turned into a predicate."""


def build_where(
    dialect: SqlDialect,
    alias: str,
    filters: Mapping[str, Filter],
    where: Mapping[str, Any] | None,
) -> Predicate | None:
    """AND of every given member; ``negate`` inverts named members, ``notNull`` requires
    named members' columns to be set."""
    if not where:
        return None
    negated = set(where.get("negate") or ())
    unknown = negated - set(filters)
    if unknown:
        raise FilterInputError(
            f"negate names unknown filter members: {', '.join(sorted(unknown))}."
        )
    parts: list[str] = []
    parameters: list[object] = []
    for name, value in where.items():
        if name in ("negate", "notNull") or value is None:
            continue
        predicate = _predicate(dialect, alias, name, filters[name], value)
        if predicate is None:
            continue
        sql, params = predicate
        parts.append(f"NOT ({sql})" if name in negated else f"({sql})")
        parameters.extend(params)
    for name in where.get("notNull") or ():
        member = filters.get(name)
        if not isinstance(member, InList | Equals | Text | Range):
            raise FilterInputError(f"notNull names an unknown filter member: {name}.")
        parts.append(f"{alias}.{member.column} IS NOT NULL")
    if not parts:
        return None
    return " AND ".join(parts), parameters


def _predicate(
    dialect: SqlDialect, alias: str, name: str, member: Filter, value: Any
) -> Predicate | None:
    ph = dialect.placeholder
    if isinstance(member, InList):
        return dialect.in_list(f"{alias}.{member.column}", list(value))
    if isinstance(member, Equals):
        return f"{alias}.{member.column} = {ph}", [value]
    if isinstance(member, Text):
        given = {k: v for k, v in value.items() if v is not None}
        if len(given) != 1:
            raise FilterInputError(f"{name}: give exactly one of equals or contains.")
        ((kind, text),) = given.items()
        if kind == "equals":
            return f"{alias}.{member.column} = {ph}", [text]
        return dialect.like_contains(f"{alias}.{member.column}", text)
    if isinstance(member, Range):
        parts: list[str] = []
        params: list[object] = []
        for bound, operator in (("from", ">="), ("to", "<=")):
            limit = value.get(bound)
            if limit is not None:
                parts.append(f"{alias}.{member.column} {operator} {ph}")
                params.append(dialect.timestamp(limit) if isinstance(limit, datetime) else limit)
        return (" AND ".join(parts), params) if parts else None
    return member.build(dialect, alias, value)
