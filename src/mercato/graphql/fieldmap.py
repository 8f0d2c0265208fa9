"""Declarations of how each GraphQL type's fields come from the database.

A type is either *table-backed* (``ObjectMap``: rows of one table, fetched in batches) or
*value-backed* (no map: the root resolver or mutation returns plain dicts keyed by field name).
A table-backed field is one of:

* ``Column``   a column of the type's table (converted by its GraphQL scalar type);
* ``Computed`` a small pure function of already-fetched columns;
* ``ToOne``    a foreign key on this table pointing at another table-backed type;
* ``ToMany``   rows of another type pointing back here, directly or through a link table;
* ``Totals``   one object per parent summing the rows of another type that point back here.

Root fields are ``RootList`` (filters, sorts, paging), ``RootConnection`` (the same as a Relay
connection), ``RootOne`` (by id or external id) or ``RootValue`` (computed by a function,
e.g. ``viewer``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from mercato.db.ownership import StoreScope
from mercato.graphql.filters import Filter

PagingPolicy = Literal["required", "optional"]


@dataclass(frozen=True)
class Column:
    column: str


@dataclass(frozen=True)
class Computed:
    """``compute(*column_values, *lookup_values)``; when the field's type is an object (or a
    list of objects), the result is a dict (or list of dicts) keyed by field name, with
    ``__typename`` naming the concrete type when the field's type is abstract.

    ``lookups`` name small per-request tables the executor loads once on first use (for
    instance currencies, to format money)."""

    columns: tuple[str, ...]
    compute: Callable[..., Any]
    lookups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inline:
    """An object read from the parent's own row, e.g. ``weight: Weight`` from the product's
    ``weight_value`` and ``weight_unit`` columns. ``columns`` maps the target map's column
    names to the parent's; the object is null when the parent's ``present`` column is null."""

    target: str
    columns: Mapping[str, str]
    present: str


@dataclass(frozen=True)
class ToOne:
    target: str
    foreign_key: str


@dataclass(frozen=True)
class ToMany:
    """Children of another type; either ``child_key`` (a column on the target table naming the
    parent) or a link table (``link_table`` with ``link_parent``/``link_child`` columns)."""

    target: str
    child_key: str | None = None
    link_table: str | None = None
    link_parent: str = ""
    link_child: str = ""
    #: ORDER BY terms: target columns, or ``link.<column>`` for link-table columns.
    order_by: tuple[str, ...] = ("id",)
    #: Members of the field's ``where`` argument, if it has one.
    filters: Mapping[str, Filter] = field(default_factory=dict)
    #: Sort enum fields of its ``sort`` argument, if it has one (replacing ``order_by``).
    sorts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Whether ``limit``/``page`` apply per parent (default 20 per parent when paged).
    paged: bool = False
    #: A predicate every request adds to the children (alias ``t``), as on ``RootList``.
    #: (A store-restricted token's scope is the target type's own: ``ObjectMap.store_scope``.)
    scope: Callable[[Any, Any, str], tuple[str, list[object]]] | None = None


@dataclass(frozen=True)
class Totals:
    """One object per parent: the sums of the target's columns over its rows that point back
    here (``child_key``), after the field's optional ``where`` (``filters``). A parent without
    such rows gets sums of 0. The target map holds only ``Column`` fields (summed) and
    ``Computed`` fields over them (computed from the sums), e.g. ``StockTotals``."""

    target: str
    child_key: str
    filters: Mapping[str, Filter] = field(default_factory=dict)


FieldSource = Column | Computed | Inline | ToOne | ToMany | Totals


@dataclass(frozen=True)
class RowsOverKeys:
    """A derived table whose columns are costly, written over a narrower one (e.g. Stock's
    quantities over its (warehouse, product size) keys). ``keys`` is a derived table of the same
    rows holding the key and every column parents, filters and sorts name; ``rows`` is SQL text
    with ``{keys}`` where such a table goes, aliased ``k``, selecting ``k.*`` and the costly
    columns. A paged to-many read cuts its page from ``keys`` and computes the costly columns
    for that page's rows only."""

    keys: str
    rows: str

    def over(self, keys: str) -> str:
        return self.rows.replace("{keys}", keys)


@dataclass(frozen=True)
class ObjectMap:
    type_name: str
    table: str
    fields: Mapping[str, FieldSource]
    key: str = "id"
    #: ``table`` as costly columns over narrower key rows (``table`` is then
    #: ``paged_over.over(paged_over.keys)``), so that a paged read computes only its page.
    paged_over: RowsOverKeys | None = None
    #: What a store-restricted token sees of this type (``mercato.db.ownership``): added to
    #: every read of its rows, at the root, nested, in mutation payloads and in events.
    store_scope: StoreScope | None = None

    def store_condition(
        self, store_id: int | None, alias: str, placeholder: str
    ) -> tuple[str, list[object]] | None:
        """The predicate keeping a store-restricted token to its store's rows, if any."""
        if store_id is None or self.store_scope is None:
            return None
        sql, _ = self.store_scope.sql(alias, placeholder)
        return sql, self.store_scope.parameters(store_id)


@dataclass(frozen=True)
class Sort:
    columns: tuple[str, ...]


@dataclass(frozen=True)
class RootList:
    type_name: str
    filters: Mapping[str, Filter] = field(default_factory=dict)
    sorts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    paging: PagingPolicy = "required"
    #: A predicate every request adds (e.g. "only the caller's integration"):
    #: a function of the request context, the dialect and the table alias.
    scope: Callable[[Any, Any, str], tuple[str, list[object]]] | None = None


@dataclass(frozen=True)
class RootConnection(RootList):
    """A Relay ``...Connection`` root field: ``(where, sort, first, after, last, before)``
    returning ``{totalCount pageInfo edges {cursor node}}`` over ``type_name`` nodes."""


@dataclass(frozen=True)
class RootOne:
    type_name: str
    #: Object type name in the ID-conversion table, when ``externalId`` is accepted.
    id_conversion_type: str | None = None
    #: A predicate every request adds, as on RootList.
    scope: Callable[[Any, Any, str], tuple[str, list[object]]] | None = None


@dataclass(frozen=True)
class RootValue:
    """A root field computed by a function of the request context and the arguments.

    The function returns plain values: dicts keyed by field name for objects.
    """

    resolve: Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class RootCounts:
    """A root field whose object holds counts (``counters``): each of its fields (keyed by
    name) counts the rows another root list (named) would return for the field's own
    ``where`` argument, with that list's filters, store restriction and scope."""

    type_name: str
    counts: Mapping[str, str]


RootField = RootList | RootConnection | RootOne | RootValue | RootCounts
