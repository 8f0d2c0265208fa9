"""Store plugins (reference 3.1) and brick-and-mortar shops (3.6): field maps, root fields,
``Warehouse.brickAndMortar``, and the handlers of the Mercato extensions that record them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import (
    Handler,
    by_name,
    columns,
    create_once,
    ok,
    reference,
    references,
    writer,
)
from mercato.db.unit_of_work import Created, Writer
from mercato.errors import UserInputError
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref
from mercato.graphql.fieldmap import FieldSource, ObjectMap, RootField, RootList, ToMany, ToOne
from mercato.graphql.filters import Equals, InList, Text
from mercato.idconversion.references import Reference
from mercato.inventory import brick_and_mortars as shops
from mercato.stores import plugins

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "StorePlugin",
        "store_plugins",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("type", "type"),
                ("status", "status"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "store": ToOne("Store", "store_id"),
        },
    ),
    ObjectMap(
        "BrickAndMortar",
        "brick_and_mortars",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("status", "status"),
                ("address", "address"),
                ("city", "city"),
                ("zipCode", "zip_code"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "country": ToOne("Country", "country_id"),
            "warehouses": ToMany("Warehouse", child_key="brick_and_mortar_id"),
        },
    ),
)

EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Warehouse": {"brickAndMortar": ToOne("BrickAndMortar", "brick_and_mortar_id")},
}

ROOTS: Mapping[str, RootField] = {
    "storePlugins": RootList(
        "StorePlugin",
        filters={
            "id": InList("id"),
            "storeId": InList("store_id"),
            "type": InList("type"),
            "status": Equals("status"),
            "name": Text("name"),
        },
        sorts={"id": ("id",), "name": ("name",)},
        paging="optional",
    ),
    "brickAndMortars": RootList(
        "BrickAndMortar",
        filters={"id": InList("id"), "name": Text("name"), "status": Equals("status")},
        sorts={"id": ("id",), "name": ("name",)},
    ),
}


def _required(value: Any, *path: str) -> Reference:
    found = reference(value)
    if found is None:
        raise UserInputError.single("A reference is required here.", *path)
    return found


def create_store_plugin(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = plugins.StorePluginCreate(
        store=_required(data["store"], "input", "store"),
        name=data["name"],
        type=data["type"],
        status=data.get("status") or "ACTIVE",
    )
    created = create_once(
        context,
        "createStorePlugin",
        "StorePlugin",
        data,
        lambda writer: Created(plugins.create_store_plugin(writer, command)),
    )
    return ok(storePlugin=Ref("StorePlugin", created.id))


def update_store_plugin(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    plugin_id = plugins.update_store_plugin(
        writer(context),
        Reference(id=arguments["id"]),
        plugins.StorePluginUpdate(
            name=data.get("name"), type=data.get("type"), status=data.get("status")
        ),
    )
    return ok(storePlugin=Ref("StorePlugin", plugin_id))


def _address(data: Mapping[str, Any]) -> shops.ShopAddress:
    return shops.ShopAddress(
        address=data.get("address"),
        city=data.get("city"),
        zip_code=data.get("zipCode"),
        country=reference(data.get("country")),
    )


def create_brick_and_mortar(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = shops.BrickAndMortarCreate(
        name=data["name"],
        status=data.get("status") or "ACTIVE",
        location=_address(data),
        add_warehouses=references(data.get("addWarehouses")),
    )

    def create(writer: Writer) -> Created:
        result = shops.create_brick_and_mortar(writer, command)
        return Created(result.shop_id, result.warnings)

    created = create_once(context, "createBrickAndMortar", "BrickAndMortar", data, create)
    return ok(brickAndMortar=Ref("BrickAndMortar", created.id), userWarnings=created.warnings)


def update_brick_and_mortar(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = shops.update_brick_and_mortar(
        writer(context),
        Reference(id=arguments["id"]),
        shops.BrickAndMortarUpdate(
            name=data.get("name"),
            status=data.get("status"),
            location=_address(data),
            add_warehouses=references(data.get("addWarehouses")),
            remove_warehouses=references(data.get("removeWarehouses")),
        ),
    )
    return ok(brickAndMortar=Ref("BrickAndMortar", result.shop_id), userWarnings=result.warnings)


MUTATIONS: Mapping[str, Handler] = {
    "createStorePlugin": create_store_plugin,
    "updateStorePlugin": update_store_plugin,
    "createBrickAndMortar": create_brick_and_mortar,
    "updateBrickAndMortar": update_brick_and_mortar,
}
