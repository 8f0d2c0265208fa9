"""Mutation handlers: GraphQL input in, a service call, the payload out.

Each handler only translates; the service validates, writes in one transaction and raises
``UserInputError`` (turned into ``userErrors`` by the engine) when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mercato.api.caller import RequestServices, services_of
from mercato.api.common import Handler, create_once, writer
from mercato.api.domains import merged
from mercato.auth import services as tokens
from mercato.classification.sizecharts import give_integration_size_entries
from mercato.db.unit_of_work import Created, Writer
from mercato.errors import UserInputError
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref, Refs
from mercato.idconversion import services as conversions
from mercato.idconversion.references import Reference
from mercato.inventory import services as inventory
from mercato.stores import services as stores


def _ok(**members: Any) -> dict[str, Any]:
    return {"userErrors": [], "userWarnings": [], **members}


def _refs(values: list[Mapping[str, Any]] | None) -> tuple[Reference, ...]:
    return tuple(r for r in (Reference.from_input(v) for v in values or ()) if r is not None)


def _target(arguments: Mapping[str, Any]) -> Reference:
    if arguments.get("id") is None and arguments.get("externalId") is None:
        raise UserInputError.single("Give id or externalId.", "id")
    if arguments.get("id") is not None:
        return Reference(id=arguments["id"])
    return Reference(external_id=arguments["externalId"])


# -- markets ---------------------------------------------------------------------------


def create_market(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    store = Reference.from_input(data["store"])
    assert store is not None  # non-null in the schema
    command = stores.MarketCreate(
        name=data["name"],
        store=store,
        comment=data.get("comment"),
        allocation_rule=Reference.from_input(data.get("allocationRule")),
        add_countries=_refs(data.get("addCountries")),
    )

    def create(writer: Writer) -> Created:
        result = stores.create_market(writer, command)
        return Created(result.market_id, result.warnings)

    created = create_once(context, "createMarket", "Market", data, create)
    return {**_ok(market=Ref("Market", created.id)), "userWarnings": created.warnings}


def update_market(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = stores.update_market(
        writer(context),
        _target(arguments),
        stores.MarketUpdate(
            name=data.get("name"),
            comment=data.get("comment"),
            allocation_rule=Reference.from_input(data.get("allocationRule")),
            add_countries=_refs(data.get("addCountries")),
            remove_countries=_refs(data.get("removeCountries")),
        ),
    )
    return {**_ok(market=Ref("Market", result.market_id)), "userWarnings": result.warnings}


def delete_market(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    stores.delete_market(writer(context), _target(arguments))
    return _ok()


# -- warehouses ------------------------------------------------------------------------


def _location(data: Mapping[str, Any] | None) -> inventory.WarehouseLocation | None:
    if data is None:
        return None
    return inventory.WarehouseLocation(
        address=data.get("address"),
        city=data.get("city"),
        zip_code=data.get("zipCode"),
        country=Reference.from_input(data.get("country")),
        state_or_province=data.get("stateOrProvince"),
    )


def create_warehouse(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    command = inventory.WarehouseCreate(
        name=data["name"],
        status=data.get("status") or "ACTIVE",
        before_warehouse=Reference.from_input(data.get("beforeWarehouse")),
        hide_from_stock_view=bool(data.get("hideFromStockView")),
        is_consignation=bool(data.get("isConsignation")),
        threshold=data.get("threshold"),
        stock_master=data.get("stockMasterPolicy") or "INTERNAL",
        stock_ownership=data.get("stockOwnershipPolicy") or "OWN",
        allocation_policy=data.get("allocationPolicy") or "DIRECT",
        location=_location(data.get("warehouseLocation")),
    )
    created = create_once(
        context,
        "createWarehouse",
        "Warehouse",
        data,
        lambda writer: Created(inventory.create_warehouse(writer, command)),
    )
    return _ok(warehouse=Ref("Warehouse", created.id))


def update_warehouse(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    warehouse_id = inventory.update_warehouse(
        writer(context),
        _target(arguments),
        inventory.WarehouseUpdate(
            name=data.get("name"),
            status=data.get("status"),
            before_warehouse=Reference.from_input(data.get("beforeWarehouse")),
            hide_from_stock_view=data.get("hideFromStockView"),
            is_consignation=data.get("isConsignation"),
            threshold=data.get("threshold"),
            stock_master=data.get("stockMasterPolicy"),
            stock_ownership=data.get("stockOwnershipPolicy"),
            allocation_policy=data.get("allocationPolicy"),
            location=_location(data.get("warehouseLocation")),
        ),
    )
    return _ok(warehouse=Ref("Warehouse", warehouse_id))


# -- id conversion ---------------------------------------------------------------------


def set_id_conversions(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    ids = conversions.set_id_conversions(
        writer(context),
        [
            conversions.ConversionToSet(e["objectType"], e["internalId"], e["externalId"])
            for e in arguments["input"]
        ],
    )
    return _ok(entries=Refs("IdConversionEntry", ids))


def unset_id_conversions(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    conversions.unset_id_conversions(
        writer(context),
        [
            conversions.ConversionToUnset(
                e["objectType"],
                entry_id=e["idConversion"].get("id"),
                internal_id=e["idConversion"].get("internalId"),
                external_id=e["idConversion"].get("externalId"),
            )
            for e in arguments["input"]
        ],
    )
    return _ok()


# -- access tokens (admin) -------------------------------------------------------------


def _environment(caller: RequestServices) -> str:
    return caller.settings.environment


def create_access_token(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    caller = services_of(context)
    data = arguments["input"]
    store = (data.get("restrictions") or {}).get("store")
    expires_at: datetime | None = data.get("expiresAt")
    created = tokens.create_token(
        caller.writer,
        name=data["name"],
        permissions=data["permissions"],
        integration_name=data.get("integrationName"),
        store_id=None
        if not store
        else conversions.resolved_id(
            caller.writer,
            "Store",
            Reference.from_input(store) or Reference(),
            ("input", "restrictions", "store"),
        ),
        expires_at=expires_at,
        environment=_environment(caller),
        # A new integration name gets its "<chart>|<size>" external ids for existing charts.
        set_up_integration=give_integration_size_entries,
    )
    return _ok(accessToken=created.token, graphQLAccess=Ref("GraphQLAccess", created.id))


def update_access_token(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    caller = services_of(context)
    data = arguments["input"]
    token_id = arguments["accessToken"]["id"]
    tokens.update_token(
        caller.writer,
        token_id,
        name=data.get("name"),
        permissions=data.get("permissions"),
        integration_name=data.get("integrationName"),
        expires_at=data.get("expiresAt"),
        environment=_environment(caller),
        set_up_integration=give_integration_size_entries,
    )
    return _ok(graphQLAccess=Ref("GraphQLAccess", token_id))


def revoke_access_token(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    caller = services_of(context)
    token_id = arguments["accessToken"]["id"]
    tokens.revoke_token(caller.writer, token_id)
    return _ok(graphQLAccess=Ref("GraphQLAccess", token_id))


_FOUNDATION: Mapping[str, Handler] = {
    "createMarket": create_market,
    "updateMarket": update_market,
    "deleteMarket": delete_market,
    "createWarehouse": create_warehouse,
    "updateWarehouse": update_warehouse,
    "setIdConversions": set_id_conversions,
    "unsetIdConversions": unset_id_conversions,
    "createAccessToken": create_access_token,
    "updateAccessToken": update_access_token,
    "revokeAccessToken": revoke_access_token,
}


#: Every mutation: the foundation's above, the domains' in their modules.
MUTATIONS: Mapping[str, Handler] = {**_FOUNDATION, **merged("MUTATIONS")}
