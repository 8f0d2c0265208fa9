"""The stock writes and the stock ledger: setStock, changeStock, StockChange and its lines
(field maps, root fields, mutation handlers, and Warehouse.stockChanges)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import Handler, by_name, columns, idempotency_key, ok, writer
from mercato.api.money import money
from mercato.graphql.context import RequestContext
from mercato.graphql.executor import Ref, Refs
from mercato.graphql.fieldmap import (
    Computed,
    FieldSource,
    ObjectMap,
    RootConnection,
    RootField,
    RootList,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Filter, InList, Range
from mercato.idconversion.references import Reference, SizeReference
from mercato.stock import changing, setting
from mercato.stock.writes import Annotation

# -- field maps ----------------------------------------------------------------------------

CHANGE_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "warehouseId": InList("warehouse_id"),
    "type": InList("type"),
    "createdAt": Range("created_at"),
    "externalReference": InList("external_reference"),
}
CHANGE_SORTS: Mapping[str, tuple[str, ...]] = {"id": ("id",), "createdAt": ("created_at", "id")}
LINE_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "stockChangeId": InList("stock_change_id"),
    "warehouseId": InList("warehouse_id"),
    "productSizeId": InList("product_size_id"),
}
LINE_SORTS: Mapping[str, tuple[str, ...]] = {"id": ("id",)}


def _nobody() -> None:
    return None


OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "StockChange",
        "stock_changes",
        {
            **columns(
                ("id", "id"),
                ("createdAt", "created_at"),
                ("description", "description"),
                ("comment", "description"),
                ("type", "type"),
                ("reason", "reason"),
                ("externalReference", "external_reference"),
            ),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
            "lines": ToMany(
                "StockChangeLine",
                child_key="stock_change_id",
                filters=LINE_FILTERS,
                sorts=LINE_SORTS,
                paged=True,
            ),
            "adminUser": Computed((), _nobody),
        },
    ),
    ObjectMap(
        "StockChangeLine",
        "stock_change_lines",
        {
            **columns(
                ("id", "id"),
                ("deliveredQuantity", "delivered_quantity"),
                ("freeToAllocateQuantity", "free_to_allocate_quantity"),
                ("physicalQuantity", "physical_quantity"),
                ("currencyBaseRate", "currency_base_rate"),
            ),
            "unitCost": money("unit_cost_minor", "currency_id"),
            "productSize": ToOne("ProductSize", "product_size_id"),
            "stockChange": ToOne("StockChange", "stock_change_id"),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
        },
    ),
)

# -- root fields -----------------------------------------------------------------------------

ROOTS: Mapping[str, RootField] = {
    "stockChangeConnection": RootConnection("StockChange", CHANGE_FILTERS, CHANGE_SORTS),
    "stockChangeLines": RootList("StockChangeLine", LINE_FILTERS, LINE_SORTS),
    "stockChangeLineConnection": RootConnection("StockChangeLine", LINE_FILTERS, LINE_SORTS),
}

#: The warehouses a stock change touched: the one it wrote (``stock_changes.warehouse_id``,
#: a transfer's destination) and a transfer's source (``source_warehouse_id``). Both columns
#: are indexed and a filter on the link's warehouse reaches both branches, so a warehouse's
#: page walks its own changes, not the ledger.
CHANGE_WAREHOUSES = (
    "(SELECT c.id AS stock_change_id, c.warehouse_id FROM stock_changes c"
    " UNION ALL SELECT c.id, c.source_warehouse_id FROM stock_changes c"
    " WHERE c.source_warehouse_id IS NOT NULL)"
)

#: Warehouse.stockChanges (reference 3.6): a transfer is listed under both warehouses.
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "Warehouse": {
        "stockChanges": ToMany(
            "StockChange",
            link_table=CHANGE_WAREHOUSES,
            link_parent="warehouse_id",
            link_child="stock_change_id",
            filters=CHANGE_FILTERS,
            sorts=CHANGE_SORTS,
            paged=True,
        ),
    },
}

# -- mutations -------------------------------------------------------------------------------


def _size(value: Mapping[str, Any]) -> SizeReference:
    return SizeReference(value.get("id"), value.get("externalId"), value.get("name"))


def _reference(value: Mapping[str, Any]) -> Reference:
    return Reference(value.get("id"), value.get("externalId"))


def _annotation(data: Mapping[str, Any]) -> Annotation:
    return Annotation(data.get("description"), data.get("reason"), data.get("externalReference"))


def _variant_levels(entries: list[dict[str, Any]]) -> list[setting.VariantLevels]:
    """The variants and their rows, a plain tuple per row, in one comprehension (a request
    may carry 10,000 rows; no call per variant or row)."""
    new = tuple.__new__  # VariantLevels without its Python-level __new__
    return [
        new(
            setting.VariantLevels,
            (
                Reference(
                    (variant := entry["productVariant"]).get("id"), variant.get("externalId")
                ),
                [
                    (
                        size.get("id"),
                        size.get("name"),
                        size.get("externalId"),
                        level["quantity"],
                        level.get("expectedQuantity"),
                    )
                    for level in entry["sizeStockLevels"]
                    for size in (level["size"],)
                ],
            ),
        )
        for entry in entries
    ]


def set_stock(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    result = setting.set_stock(
        writer(context),
        setting.StockSet(
            warehouse=_reference(data["warehouse"]),
            product_variants=_variant_levels(data["productVariants"]),
            quantity_type=data.get("stockQuantityType") or setting.PHYSICAL,
            annotation=_annotation(data),
            idempotency_key=idempotency_key("setStock", data),
        ),
    )
    return {
        **ok(stockChanges=Refs("StockChange", result.stock_change_ids)),
        "userWarnings": result.warnings,
    }


def _money(value: Mapping[str, Any] | None) -> changing.Money | None:
    if value is None:
        return None
    return changing.Money(value["value"], value["currencyIsoCode"])


def change_stock(context: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    data = arguments["input"]
    into = data.get("intoWarehouse")
    out = data.get("outFromWarehouse")
    result = changing.change_stock(
        writer(context),
        changing.StockChange(
            into_warehouse=_reference(into) if into is not None else None,
            out_from_warehouse=_reference(out) if out is not None else None,
            product_variants=[
                changing.VariantChanges(
                    _reference(entry["productVariant"]),
                    [
                        changing.SizeChange(
                            _size(change["size"]),
                            change["deliveredQuantity"],
                            change.get("expectedQuantity"),
                        )
                        for change in entry["sizeChanges"]
                    ],
                    _money(entry.get("unitCost")),
                )
                for entry in data["productVariants"]
            ],
            annotation=_annotation(data),
            idempotency_key=idempotency_key("changeStock", data),
        ),
    )
    change = Ref("StockChange", result.stock_change_ids[0]) if result.stock_change_ids else None
    return {**ok(stockChange=change), "userWarnings": result.warnings}


MUTATIONS: Mapping[str, Handler] = {"setStock": set_stock, "changeStock": change_stock}
