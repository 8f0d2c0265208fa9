"""The stock part of the API (reads): ``Stock`` rows per warehouse and product size and
``StockTotals`` over them, on ProductSize, ProductVariant and Warehouse (reference 3.11).

The quantities and their formulas are stock's own read model (``mercato.stock.quantities``);
this module binds them to GraphQL names, filters and sorts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mercato.api.common import by_name
from mercato.db.dialect import SqlDialect
from mercato.graphql.fieldmap import (
    Computed,
    FieldSource,
    ObjectMap,
    RowsOverKeys,
    ToMany,
    ToOne,
    Totals,
)
from mercato.graphql.filters import Custom, Filter, InList, Predicate
from mercato.stock import quantities

#: Stock rows as costly quantities over narrower key rows: a page is cut from the keys first.
STOCK_OVER_KEYS = RowsOverKeys(quantities.STOCK_KEYS, quantities.STOCK_QUANTITIES_OVER_KEYS)

# -- filters and sorts ---------------------------------------------------------------------


def _in_markets(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    """Rows of the warehouses of the markets' allocation rules: stock as the markets see it."""
    condition, parameters = dialect.in_list("m.id", list(value))
    return (
        f"{alias}.warehouse_id IN (SELECT arw.warehouse_id FROM allocation_rule_warehouses arw"
        f" JOIN markets m ON m.allocation_rule_id = arw.allocation_rule_id WHERE {condition})",
        parameters,
    )


def _in_allocation_rules(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    condition, parameters = dialect.in_list("arw.allocation_rule_id", list(value))
    return (
        f"{alias}.warehouse_id IN (SELECT arw.warehouse_id FROM allocation_rule_warehouses arw"
        f" WHERE {condition})",
        parameters,
    )


def _of_products(dialect: SqlDialect, alias: str, value: Any) -> Predicate:
    # Through the variants, so the filter reaches the fact tables' indexes.
    condition, parameters = dialect.in_list("v.product_id", list(value))
    return (
        f"{alias}.product_variant_id IN (SELECT v.id FROM product_variants v WHERE {condition})",
        parameters,
    )


STOCK_FILTERS: Mapping[str, Filter] = {
    "warehouseId": InList("warehouse_id"),
    "productId": Custom(_of_products),
    "productVariantId": InList("product_variant_id"),
    "productSizeId": InList("product_size_id"),
    "marketId": Custom(_in_markets),
    "allocationRuleId": Custom(_in_allocation_rules),
}

STOCK_SORTS: Mapping[str, tuple[str, ...]] = {
    "productId": ("product_id",),
    "productVariantId": ("product_variant_id",),
    "productSizeSort": ("size_position", "product_size_id"),
    "warehouseId": ("warehouse_id",),
}

# -- field maps ----------------------------------------------------------------------------


_FTA = ("physical_quantity", "allocated_quantity", "bundle_quantity")

#: The quantity fields of Stock and StockTotals (totals compute them from the sums).
QUANTITIES: Mapping[str, FieldSource] = {
    "physicalQuantity": Computed(("physical_quantity",), quantities.whole),
    "allocatedQuantity": Computed(("allocated_quantity",), quantities.whole),
    "freeToAllocateQuantity": Computed(_FTA, quantities.free_to_allocate),
    "demandQuantity": Computed(("demand_quantity",), quantities.whole),
    "unshippedQuantity": Computed(("unshipped_quantity",), quantities.whole),
    "availableNowQuantity": Computed((*_FTA, "demand_quantity"), quantities.available_now),
    "incomingQuantity": Computed(("incoming_quantity",), quantities.whole),
    "linkedIncomingQuantity": Computed(("linked_quantity",), quantities.whole),
    "unlinkedIncomingQuantity": Computed(
        ("incoming_quantity", "linked_quantity"), quantities.difference
    ),
    "onDeliveryQuantity": Computed(("on_delivery_quantity",), quantities.whole),
    "availableQuantity": Computed(
        (*_FTA, "demand_quantity", "incoming_quantity"), quantities.available
    ),
}

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "Stock",
        quantities.STOCK_ROWS,
        {
            **QUANTITIES,
            "productSize": ToOne("ProductSize", "product_size_id"),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
        },
        paged_over=STOCK_OVER_KEYS,
    ),
    # Summed columns only: its key is one of them, so no column is selected for nothing.
    ObjectMap("StockTotals", quantities.STOCK_FACTS, QUANTITIES, key="physical_quantity"),
)

_ORDER = ("product_id", "product_variant_id", "size_position", "product_size_id", "warehouse_id")


def _stock(child_key: str) -> ToMany:
    return ToMany(
        "Stock",
        child_key=child_key,
        order_by=_ORDER,
        filters=STOCK_FILTERS,
        sorts=STOCK_SORTS,
        paged=True,
    )


def _totals(child_key: str) -> Totals:
    return Totals("StockTotals", child_key=child_key, filters=STOCK_FILTERS)


#: Stock where the reference shows it: per product size, per variant, per warehouse.
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "ProductSize": {
        "stock": _stock("product_size_id"),
        "stockTotals": _totals("product_size_id"),
    },
    "ProductVariant": {
        "stock": _stock("product_variant_id"),
        "stockTotals": _totals("product_variant_id"),
    },
    "Warehouse": {
        "stock": _stock("warehouse_id"),
        "stockTotals": _totals("warehouse_id"),
    },
}
