"""Display relations (reference 3.12): ``Display.related`` and the add/remove mutations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import (
    Handler,
    by_name,
    columns,
    ok,
    references,
    required_reference,
    writer,
)
from mercato.displays import relations
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref
from mercato.graphql.fieldmap import FieldSource, ObjectMap, ToMany, ToOne

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "DisplayRelation",
        "display_relations",
        {
            **columns(("relationType", "relation_type")),
            "display": ToOne("Display", "related_display_id"),
        },
    ),
)

EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Display": {
        "related": ToMany("DisplayRelation", child_key="display_id", order_by=("id",)),
    },
}


def _change(arguments: Mapping[str, Any]) -> relations.DisplayRelationChange:
    data = arguments["input"]
    return relations.DisplayRelationChange(
        display=required_reference(data["display"], "input", "display"),
        related_displays=references(data["relatedDisplays"]),
        relation_type=data["relationType"],
    )


def add_display_relation(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    display_id = relations.add_display_relations(
        writer(context),
        _change(arguments),
    )
    return ok(display=Ref("Display", display_id))


def remove_display_relation(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    display_id = relations.remove_display_relations(
        writer(context),
        _change(arguments),
    )
    return ok(display=Ref("Display", display_id))


MUTATIONS: Mapping[str, Handler] = {
    "addDisplayRelation": add_display_relation,
    "removeDisplayRelation": remove_display_relation,
}
