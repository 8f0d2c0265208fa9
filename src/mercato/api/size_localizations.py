"""The size-localization part of the API (reference 3.4, by analogy): field maps, root fields
and mutation handlers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    ok,
    references,
    writer,
)
from mercato.catalog import size_localizations
from mercato.catalog.size_localizations import LocalizedSizeSet, SizeLocalizationReference
from mercato.db.unit_of_work import Created
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref
from mercato.graphql.fieldmap import ObjectMap, RootField, RootList, RootOne, ToMany, ToOne
from mercato.graphql.filters import InList, Text
from mercato.idconversion.references import Reference

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "SizeLocalization",
        "size_localizations",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "countries": ToMany(
                "Country",
                link_table="size_localization_countries",
                link_parent="size_localization_id",
                link_child="country_id",
                order_by=("name",),
            ),
            "localizedSizes": ToMany(
                "LocalizedSize", child_key="size_localization_id", order_by=("size_id",)
            ),
        },
    ),
    ObjectMap(
        "LocalizedSize",
        "localized_sizes",
        {**columns(("localizedName", "name")), "size": ToOne("Size", "size_id")},
    ),
)

ROOTS: Mapping[str, RootField] = {
    "sizeLocalization": RootOne("SizeLocalization"),
    "sizeLocalizations": RootList(
        "SizeLocalization",
        filters={"id": InList("id"), "name": Text("name")},
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
}


def _localization(arguments: Mapping[str, Any]) -> SizeLocalizationReference:
    given = arguments["sizeLocalization"]
    return SizeLocalizationReference(given.get("id"), given.get("name"), given.get("externalId"))


def create_size_localization(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = size_localizations.SizeLocalizationCreate(
        name=data["name"], add_countries=references(data.get("addCountries"))
    )
    created = create_once(
        context,
        "createSizeLocalization",
        "SizeLocalization",
        data,
        lambda writer: Created(size_localizations.create_size_localization(writer, command)),
    )
    return ok(sizeLocalization=Ref("SizeLocalization", created.id))


def update_size_localization(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    localization_id = size_localizations.update_size_localization(
        writer(context),
        _localization(arguments),
        size_localizations.SizeLocalizationUpdate(
            name=data.get("name"),
            add_countries=references(data.get("addCountries")),
            remove_countries=references(data.get("removeCountries")),
        ),
    )
    return ok(sizeLocalization=Ref("SizeLocalization", localization_id))


def set_localized_sizes(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    localization_id = size_localizations.set_localized_sizes(
        writer(context),
        _localization(arguments),
        [
            LocalizedSizeSet(
                size=Reference(entry["size"].get("id"), entry["size"].get("externalId")),
                localized_name=entry.get("localizedName"),
            )
            for entry in arguments["input"]
        ],
    )
    return ok(sizeLocalization=Ref("SizeLocalization", localization_id))


MUTATIONS: Mapping[str, Handler] = {
    "createSizeLocalization": create_size_localization,
    "updateSizeLocalization": update_size_localization,
    "setLocalizedSizes": set_localized_sizes,
}
