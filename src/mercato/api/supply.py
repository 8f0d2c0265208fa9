"""The supplier module of the API (reference 3.28): suppliers, purchase orders and their
deliveries, read-only as in the reference, and ``ProductVariant.supply``.

Lines are read from derived tables that join what a line needs from its order and its product
size (currency, product variant, product, supplier), so each level of a query stays one
statement. Costs on lines are ``MonetaryValue`` objects in the order's currency, as the
public client that reads them selects them (``unitCost { value currency { code } }``), with
the line's ``currency`` and ``currencyBaseRate`` beside them."""

from __future__ import annotations

from collections.abc import Mapping

from mercato.api.common import by_name, columns
from mercato.api.money import conversion_rate, money
from mercato.graphql.fieldmap import (
    Column,
    Computed,
    FieldSource,
    Inline,
    ObjectMap,
    RootConnection,
    RootField,
    RootList,
    RootOne,
    ToMany,
    ToOne,
)
from mercato.graphql.filters import Filter, InList, Range, Text

# -- derived tables ----------------------------------------------------------------------------

#: The base currency, for orders stored without a currency (the services always set one).
_BASE_CURRENCY = "(SELECT MIN(c.id) FROM currencies c WHERE c.is_base)"

#: Quantity of an order line (``l``) carried by its deliveries in one status.
_CARRIED = (
    "(SELECT COALESCE(SUM(dl.quantity), 0) FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
    " WHERE dl.purchase_order_line_id = l.id AND d.status = '{status}')"
)

_ORDER_LINES = (
    "(SELECT l.id, l.purchase_order_id, l.product_size_id, l.quantity, l.unit_cost_minor,"
    " l.position, ps.product_variant_id, pv.product_id, po.warehouse_id, po.supplier_id,"
    f" COALESCE(po.currency_id, {_BASE_CURRENCY}) AS currency_id,"
    f" {_CARRIED.format(status='INSERTED')} AS delivered_quantity,"
    f" {_CARRIED.format(status='CREATED')} AS on_delivery_quantity"
    " FROM purchase_order_lines l"
    " JOIN purchase_orders po ON po.id = l.purchase_order_id"
    " JOIN product_sizes ps ON ps.id = l.product_size_id"
    " JOIN product_variants pv ON pv.id = ps.product_variant_id)"
)

_DELIVERIES = (
    "(SELECT d.id, d.number, d.purchase_order_id, d.warehouse_id, d.status, d.created_at,"
    " d.updated_at, po.supplier_id"
    " FROM purchase_order_deliveries d JOIN purchase_orders po ON po.id = d.purchase_order_id)"
)

_DELIVERY_LINES = (
    "(SELECT dl.id, dl.purchase_order_delivery_id, dl.purchase_order_line_id, dl.quantity,"
    " dl.unit_cost_minor, dl.landed_cost_minor, dl.customs_value_minor, l.product_size_id,"
    " ps.product_variant_id, pv.product_id,"
    f" COALESCE(po.currency_id, {_BASE_CURRENCY}) AS currency_id"
    " FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_lines l ON l.id = dl.purchase_order_line_id"
    " JOIN purchase_orders po ON po.id = l.purchase_order_id"
    " JOIN product_sizes ps ON ps.id = l.product_size_id"
    " JOIN product_variants pv ON pv.id = ps.product_variant_id)"
)

#: Lines of orders that are not cancelled, for the same product variant (``ps``) and supplier
#: (``po``) as the row at hand.
_SAME_SUPPLY = (
    " FROM purchase_order_lines l2"
    " JOIN purchase_orders po2 ON po2.id = l2.purchase_order_id"
    " JOIN product_sizes ps2 ON ps2.id = l2.product_size_id"
    " WHERE ps2.product_variant_id = ps.product_variant_id AND po2.supplier_id = po.supplier_id"
    " AND po2.status <> 'CANCELLED'"
)

#: One row per product variant and supplier with purchase order lines (of orders that are not
#: cancelled) for the variant's sizes: the first such line stands for the pair, the figures are
#: correlated subqueries. No GROUP BY, so a filter on the variant reaches the indexes (SQLite
#: does not push an ``IN (SELECT ...)`` filter into a grouped subquery).
_VARIANT_SUPPLY = (
    "(SELECT ps.product_variant_id, po.supplier_id, s.name AS supplier_name,"
    f" (SELECT CAST(SUM(l2.quantity) AS BIGINT){_SAME_SUPPLY}) AS ordered_quantity,"
    " (SELECT CAST(COALESCE(SUM(dl.quantity), 0) AS BIGINT)"
    " FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
    " JOIN purchase_order_lines l2 ON l2.id = dl.purchase_order_line_id"
    " JOIN purchase_orders po2 ON po2.id = l2.purchase_order_id"
    " JOIN product_sizes ps2 ON ps2.id = l2.product_size_id"
    " WHERE ps2.product_variant_id = ps.product_variant_id AND po2.supplier_id = po.supplier_id"
    " AND po2.status <> 'CANCELLED' AND d.status = 'INSERTED') AS delivered_quantity,"
    f" (SELECT COUNT(DISTINCT po2.id){_SAME_SUPPLY}) AS purchase_order_count,"
    f" (SELECT MAX(po2.created_at){_SAME_SUPPLY}) AS last_ordered_at"
    " FROM purchase_order_lines l"
    " JOIN purchase_orders po ON po.id = l.purchase_order_id"
    " JOIN suppliers s ON s.id = po.supplier_id"
    " JOIN product_sizes ps ON ps.id = l.product_size_id"
    " WHERE po.status <> 'CANCELLED'"
    f" AND l.id = (SELECT MIN(l2.id){_SAME_SUPPLY}))"
)

# -- field maps --------------------------------------------------------------------------------


def cost(amount_column: str) -> Inline:
    """A cost stored in minor units, as a MonetaryValue in the line's currency (null when
    not set)."""
    return money(amount_column, "currency_id")


def _line_product_fields() -> dict[str, FieldSource]:
    return {
        "productSize": ToOne("ProductSize", "product_size_id"),
        "productVariant": ToOne("ProductVariant", "product_variant_id"),
        "product": ToOne("Product", "product_id"),
        "currency": ToOne("Currency", "currency_id"),
        "currencyBaseRate": Computed(("currency_id",), conversion_rate, ("currencies",)),
    }


PURCHASE_ORDER_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "number": Text("number"),
    "status": InList("status"),
    "supplierId": InList("supplier_id"),
    "warehouseId": InList("warehouse_id"),
    "createdAt": Range("created_at"),
    "updatedAt": Range("updated_at"),
}

PURCHASE_ORDER_SORTS: Mapping[str, tuple[str, ...]] = {
    "id": ("id",),
    "number": ("number",),
    "createdAt": ("created_at",),
    "updatedAt": ("updated_at",),
}

DELIVERY_FILTERS: Mapping[str, Filter] = {
    **PURCHASE_ORDER_FILTERS,
    "purchaseOrderId": InList("purchase_order_id"),
}

DELIVERY_SORTS = PURCHASE_ORDER_SORTS

SUPPLIER_FILTERS: Mapping[str, Filter] = {
    "id": InList("id"),
    "name": Text("name"),
    "warehouseId": InList("warehouse_id"),
}

OBJECTS: Mapping[str, ObjectMap] = by_name(
    ObjectMap(
        "Supplier",
        "suppliers",
        {
            **columns(
                ("id", "id"),
                ("name", "name"),
                ("address", "address"),
                ("comment", "comment"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
        },
    ),
    ObjectMap(
        "PurchaseOrder",
        "purchase_orders",
        {
            **columns(
                ("id", "id"),
                ("number", "number"),
                ("status", "status"),
                ("internalComment", "internal_comment"),
                ("shippingAddress", "shipping_address"),
                ("supplierAddress", "supplier_address"),
                ("expectedDeliveryDate", "expected_delivery_date"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "supplier": ToOne("Supplier", "supplier_id"),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
            "currency": ToOne("Currency", "currency_id"),
            "lines": ToMany(
                "PurchaseOrderLine", child_key="purchase_order_id", order_by=("position", "id")
            ),
            "deliveries": ToMany("PurchaseOrderDelivery", child_key="purchase_order_id"),
        },
    ),
    ObjectMap(
        "PurchaseOrderLine",
        _ORDER_LINES,
        {
            **columns(
                ("id", "id"),
                ("quantity", "quantity"),
                ("deliveredQuantity", "delivered_quantity"),
                ("onDeliveryQuantity", "on_delivery_quantity"),
            ),
            "unitCost": cost("unit_cost_minor"),
            "purchaseOrder": ToOne("PurchaseOrder", "purchase_order_id"),
            **_line_product_fields(),
        },
    ),
    ObjectMap(
        "PurchaseOrderDelivery",
        _DELIVERIES,
        {
            **columns(
                ("id", "id"),
                ("number", "number"),
                ("status", "status"),
                ("createdAt", "created_at"),
                ("updatedAt", "updated_at"),
            ),
            "supplier": ToOne("Supplier", "supplier_id"),
            "warehouse": ToOne("Warehouse", "warehouse_id"),
            "purchaseOrder": ToOne("PurchaseOrder", "purchase_order_id"),
            "lines": ToMany("PurchaseOrderDeliveryLine", child_key="purchase_order_delivery_id"),
        },
    ),
    ObjectMap(
        "PurchaseOrderDeliveryLine",
        _DELIVERY_LINES,
        {
            **columns(("id", "id"), ("quantity", "quantity")),
            "unitCost": cost("unit_cost_minor"),
            "landedCost": cost("landed_cost_minor"),
            "customsValue": cost("customs_value_minor"),
            "purchaseOrderDelivery": ToOne("PurchaseOrderDelivery", "purchase_order_delivery_id"),
            "purchaseOrderLine": ToOne("PurchaseOrderLine", "purchase_order_line_id"),
            **_line_product_fields(),
        },
    ),
    ObjectMap(
        "ProductVariantSupply",
        _VARIANT_SUPPLY,
        {
            "supplier": ToOne("Supplier", "supplier_id"),
            "orderedQuantity": Column("ordered_quantity"),
            "deliveredQuantity": Column("delivered_quantity"),
            "purchaseOrderCount": Column("purchase_order_count"),
            "lastOrderedAt": Column("last_ordered_at"),
        },
        key="supplier_id",
    ),
)

# -- root fields -------------------------------------------------------------------------------

ROOTS: Mapping[str, RootField] = {
    "supplier": RootOne("Supplier"),
    "suppliers": RootList(
        "Supplier", filters=SUPPLIER_FILTERS, sorts={"id": ("id",), "name": ("name",)}
    ),
    "purchaseOrders": RootList(
        "PurchaseOrder", filters=PURCHASE_ORDER_FILTERS, sorts=PURCHASE_ORDER_SORTS
    ),
    "purchaseOrderConnection": RootConnection(
        "PurchaseOrder", filters=PURCHASE_ORDER_FILTERS, sorts=PURCHASE_ORDER_SORTS
    ),
    "purchaseOrderDeliveries": RootList(
        "PurchaseOrderDelivery", filters=DELIVERY_FILTERS, sorts=DELIVERY_SORTS
    ),
    "purchaseOrderDeliveryConnection": RootConnection(
        "PurchaseOrderDelivery", filters=DELIVERY_FILTERS, sorts=DELIVERY_SORTS
    ),
}

#: The suppliers of a variant: one entry per supplier with purchase order lines (of orders
#: that are not cancelled) for the variant's sizes, by supplier name.
EXTENSIONS: Mapping[str, Mapping[str, FieldSource]] = {
    "ProductVariant": {
        "supply": ToMany(
            "ProductVariantSupply",
            child_key="product_variant_id",
            order_by=("supplier_name", "supplier_id"),
        ),
    },
}
