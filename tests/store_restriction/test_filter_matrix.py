"""Filters are no window into another store: a ``where`` member naming another store's object
(products by brand, stock by market or allocation rule ...) filters exactly like one naming
an unknown object, for a store-restricted token.

Generated from the field maps: every filter member of every root list and nested list whose
name names a store-scoped type must declare it (``of``, ``mercato.graphql.filters``) when the
rows it filters are not scoped themselves; each declared member is then read by store 1's
token naming store 2's object and an unknown one, and both answers must be equal (while an
unrestricted token's answers differ, so the world makes the filter matter).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, is_non_null_type

from mercato.api.build import build_schema
from mercato.api.objects import OBJECT_MAPS
from mercato.api.roots import ROOTS
from mercato.db.ownership import store_scopes
from mercato.graphql.fieldmap import RootConnection, RootList, ToMany, Totals
from mercato.graphql.filters import Filter
from tests.store_restriction.world import World
from tests.store_restriction.write_cases import UNKNOWN_ID

SCHEMA = build_schema()

#: Which object of store 2 names each store-scoped type (``World.wholesale``'s attribute).
FOREIGN = {
    "Store": "store",
    "Market": "market",
    "AllocationRule": "allocation_rule",
    "Pricelist": "pricelist",
    "PriceAlteration": "price_alteration",
    "Display": "display",
    "Category": "category",
    "Brand": "brand",
}


@dataclass(frozen=True)
class FilteredList:
    """A list with a ``where`` argument: a root field, or ``field`` of ``parent`` objects."""

    type_name: str
    filters: Mapping[str, Filter]
    root: str | None = None
    parent: str | None = None
    field: str | None = None

    @property
    def name(self) -> str:
        return self.root or f"{self.parent}.{self.field}"


def _filtered_lists() -> Iterator[FilteredList]:
    for root, spec in sorted(ROOTS.items()):
        if isinstance(spec, RootList) and spec.filters:
            yield FilteredList(spec.type_name, spec.filters, root=root)
    for parent, object_map in sorted(OBJECT_MAPS.items()):
        for field, source in sorted(object_map.fields.items()):
            if isinstance(source, ToMany | Totals) and source.filters:
                yield FilteredList(source.target, source.filters, parent=parent, field=field)


def _named_type(member: str) -> str | None:
    """The store-scoped type a member named ``<type>Id`` filters by, if any."""
    if not member.endswith("Id"):
        return None
    candidate = member[0].upper() + member[1:-2]
    return candidate if candidate in store_scopes() else None


def test_members_naming_a_store_scoped_type_declare_it() -> None:
    scoped = store_scopes()
    missing = [
        f"{listed.name}.where.{member}"
        for listed in _filtered_lists()
        if listed.type_name not in scoped
        for member, declared in listed.filters.items()
        if _named_type(member) is not None and getattr(declared, "of", None) != _named_type(member)
    ]
    assert not missing, f"declare of= on {missing}"


def _leaves(type_name: str) -> str:
    named = SCHEMA.type_map[type_name]
    assert isinstance(named, GraphQLObjectType)
    return " ".join(
        ["__typename"]
        + [
            name
            for name, field in named.fields.items()
            if is_leaf_type(get_named_type(field.type))
            and not any(is_non_null_type(a.type) for a in field.args.values())
        ]
    )


def _parent_root(parent: str) -> str:
    """A root list of ``parent`` objects needing no argument."""
    for root, spec in sorted(ROOTS.items()):
        if type(spec) is RootList and spec.type_name == parent:
            return root
    raise AssertionError(f"no root list of {parent} to reach its filtered lists from")


def _document(listed: FilteredList, member: str) -> str:
    where = f"where: {{{member}: [$id]}}"
    if listed.root is not None:
        spec = ROOTS[listed.root]
        body = (
            "{ totalCount }"
            if isinstance(spec, RootConnection)
            else f"{{ {_leaves(listed.type_name)} }}"
        )
        return f"query($id: Int!) {{ {listed.root}({where}) {body} }}"
    assert listed.parent is not None
    return (
        f"query($id: Int!) {{ {_parent_root(listed.parent)} {{ id {listed.field}({where}) "
        f"{{ {_leaves(listed.type_name)} }} }} }}"
    )


def _declared() -> list[tuple[FilteredList, str, str]]:
    return [
        (listed, member, of)
        for listed in _filtered_lists()
        for member, declared in listed.filters.items()
        if (of := getattr(declared, "of", None)) is not None
    ]


@pytest.mark.parametrize(
    "index", range(len(_declared())), ids=lambda i: _declared()[i][0].name + "." + _declared()[i][1]
)
def test_a_filter_naming_another_stores_object_filters_like_an_unknown_one(
    world: World, index: int
) -> None:
    listed, member, of = _declared()[index]
    document = _document(listed, member)
    foreign = {"id": getattr(world.wholesale, FOREIGN[of])}
    unknown = {"id": UNKNOWN_ID}
    api = world.api
    assert api.ok(document, foreign) != api.ok(document, unknown), "the world does not exercise it"
    restricted: dict[str, Any] = api.ok(document, foreign, token=world.restricted)
    assert restricted == api.ok(document, unknown, token=world.restricted)
