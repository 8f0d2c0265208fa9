"""Reading the supplier module: the client's delivery query verbatim, purchase orders with
their lines and deliveries, filters, sorts, connections, nested permissions and
``ProductVariant.supply``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mercato.db.unit_of_work import Writer
from mercato.idconversion.references import Reference
from mercato.supply.deliveries import accept_delivery, cancel_delivery
from mercato.supply.purchase_orders import (
    PurchaseOrderCreate,
    PurchaseOrderLineInput,
    cancel_purchase_order,
    create_purchase_order,
)
from mercato.supply.suppliers import SupplierCreate, create_supplier
from tests.supply.support import CLIENT_DELIVERIES, DEFAULT_WAREHOUSE, deliver, make_supply
from tests.support import Api


def _accepted_and_pending(api: Api) -> tuple[Any, int, int]:
    supply = make_supply(api.database)
    accepted = deliver(
        api.database, supply, 4, landed_cost=Decimal("14.25"), customs_value=Decimal("11.2")
    )
    accept_delivery(Writer.system(api.database), accepted)
    pending = deliver(api.database, supply, 1)
    return supply, accepted, pending


def test_the_clients_delivery_query_works_verbatim(api: Api) -> None:
    supply, accepted, _pending = _accepted_and_pending(api)

    data = api.ok(CLIENT_DELIVERIES, {"page": 1})

    (delivery,) = data["purchaseOrderDeliveries"]  # only the accepted one: INSERTED
    created_at = delivery.pop("createdAt")
    order_created_at = delivery["purchaseOrder"].pop("createdAt")
    assert created_at.endswith("+00:00")
    assert order_created_at.endswith("+00:00")
    product_id = supply.product.product_id
    variant_id = supply.product.variant_ids[0]
    assert delivery == {
        "id": accepted,
        "number": f"{supply.purchase_order_id}-1",
        "status": "INSERTED",
        "supplier": {"id": supply.supplier_id, "name": "Acme Knits"},
        "warehouse": {"id": DEFAULT_WAREHOUSE, "name": "Default Warehouse"},
        "purchaseOrder": {"id": supply.purchase_order_id},
        "lines": [
            {
                "quantity": 4,
                "unitCost": {"value": 12.5, "currency": {"code": "SEK"}},
                "landedCost": {"value": 14.25, "currency": {"code": "SEK"}},
                "customsValue": {"value": 11.2, "currency": {"code": "SEK"}},
                "productSize": {
                    "id": size_id,
                    "EAN": None,
                    "SKU": delivery["lines"][index]["productSize"]["SKU"],
                    "sizeNumber": str(index + 1),
                },
                "product": {"id": product_id, "name": "Acme Knits sweater"},
                "productVariant": {"id": variant_id, "name": "Red", "variantNumber": "01"},
            }
            for index, size_id in enumerate(supply.product.size_ids[0])
        ],
    }
    assert all(line["productSize"]["SKU"] for line in delivery["lines"])
    assert api.ok(CLIENT_DELIVERIES, {"page": 2}) == {"purchaseOrderDeliveries": []}


def test_purchase_orders_show_lines_deliveries_and_what_is_delivered(api: Api) -> None:
    supply, accepted, pending = _accepted_and_pending(api)
    query = """{
      purchaseOrders {
        id number status currency { code } expectedDeliveryDate
        supplier { name } warehouse { name }
        lines { quantity deliveredQuantity onDeliveryQuantity unitCost { value } currency { code }
                currencyBaseRate productSize { id } productVariant { id } product { id }
                purchaseOrder { id } }
        deliveries { id status lines { quantity purchaseOrderLine { id } } }
      }
    }"""
    (order,) = api.ok(query)["purchaseOrders"]
    assert order["number"] == str(supply.purchase_order_id)
    assert (order["status"], order["currency"], order["expectedDeliveryDate"]) == (
        "OPEN",
        {"code": "SEK"},
        None,
    )
    assert (order["supplier"], order["warehouse"]) == (
        {"name": "Acme Knits"},
        {"name": "Default Warehouse"},
    )
    assert order["lines"] == [
        {
            "quantity": 10,
            "deliveredQuantity": 4,
            "onDeliveryQuantity": 1,
            "unitCost": {"value": 12.5},
            "currency": {"code": "SEK"},
            "currencyBaseRate": 1.0,
            "productSize": {"id": size_id},
            "productVariant": {"id": supply.product.variant_ids[0]},
            "product": {"id": supply.product.product_id},
            "purchaseOrder": {"id": supply.purchase_order_id},
        }
        for size_id in supply.product.size_ids[0]
    ]
    assert order["deliveries"] == [
        {
            "id": accepted,
            "status": "INSERTED",
            "lines": [{"quantity": 4, "purchaseOrderLine": {"id": i}} for i in supply.line_ids],
        },
        {
            "id": pending,
            "status": "CREATED",
            "lines": [{"quantity": 1, "purchaseOrderLine": {"id": i}} for i in supply.line_ids],
        },
    ]


def test_costs_are_in_the_orders_currency(api: Api) -> None:
    supply = make_supply(api.database, unit_cost=Decimal("9.505"), currency="EUR")
    deliver(api.database, supply, 1, landed_cost=Decimal("10"))
    data = api.ok(
        "{ purchaseOrderDeliveries { lines { unitCost { value valueInCents formattedValue } "
        "landedCost { value } customsValue { value } currency { code } currencyBaseRate } } }"
    )
    line = data["purchaseOrderDeliveries"][0]["lines"][0]
    assert line == {
        "unitCost": {"value": 9.51, "valueInCents": 951, "formattedValue": "9.51 EUR"},
        "landedCost": {"value": 10.0},
        "customsValue": None,
        "currency": {"code": "EUR"},
        "currencyBaseRate": 11.2,
    }


def test_filters_and_sorts(api: Api) -> None:
    first = make_supply(api.database, "Acme Knits")
    second = make_supply(api.database, "Baltic Yarn")
    cancel_purchase_order(Writer.system(api.database), first.purchase_order_id)
    other_warehouse = create_purchase_order(
        Writer.system(api.database),
        PurchaseOrderCreate(
            second.supplier_id,
            [PurchaseOrderLineInput(Reference(id=second.product.size_ids[1][0]), 1)],
            number="PO-XL-7",
            warehouse=Reference(id=2),
        ),
    )
    accepted = deliver(api.database, second, 2)
    accept_delivery(Writer.system(api.database), accepted)
    cancelled = deliver(api.database, second, 1)
    cancel_delivery(Writer.system(api.database), cancelled)
    pending = deliver(api.database, second, 1)

    def ids(field: str, arguments: str = "") -> list[int]:
        data = api.ok(f"{{ {field}{arguments} {{ id }} }}")
        return [row["id"] for row in data[field]]

    orders = "purchaseOrders"
    assert ids(orders) == [other_warehouse, second.purchase_order_id, first.purchase_order_id]
    assert ids(orders, "(sort: [id_ASC])") == [
        first.purchase_order_id,
        second.purchase_order_id,
        other_warehouse,
    ]
    assert ids(orders, "(where: {status: CANCELLED})") == [first.purchase_order_id]
    assert ids(orders, "(where: {status: [OPEN, COMPLETED]})") == [
        other_warehouse,
        second.purchase_order_id,
    ]
    assert ids(orders, f"(where: {{supplierId: {first.supplier_id}}})") == [first.purchase_order_id]
    assert ids(orders, "(where: {warehouseId: 2})") == [other_warehouse]
    assert ids(orders, '(where: {number: {contains: "XL"}})') == [other_warehouse]
    assert ids(orders, '(where: {createdAt: {from: "2000-01-01T00:00:00+00:00"}})') != []
    assert ids(orders, '(where: {createdAt: {to: "2000-01-01T00:00:00+00:00"}})') == []
    assert ids(orders, "(limit: 1, page: 2)") == [second.purchase_order_id]

    deliveries = "purchaseOrderDeliveries"
    assert ids(deliveries) == [pending, cancelled, accepted]
    assert ids(deliveries, "(where: {status: [CREATED, CANCELLED]}, sort: id_ASC)") == [
        cancelled,
        pending,
    ]
    assert ids(deliveries, f"(where: {{supplierId: {first.supplier_id}}})") == []
    assert ids(deliveries, f"(where: {{purchaseOrderId: {second.purchase_order_id}}})") == [
        pending,
        cancelled,
        accepted,
    ]
    assert ids(deliveries, f"(where: {{warehouseId: {DEFAULT_WAREHOUSE}, id: {accepted}}})") == [
        accepted
    ]
    assert ids(deliveries, '(where: {number: {equals: "nope"}})') == []

    create_supplier(Writer.system(api.database), SupplierCreate("Aardvark Wool"))
    names = api.ok("{ suppliers { name } }")["suppliers"]
    assert names == [{"name": "Aardvark Wool"}, {"name": "Acme Knits"}, {"name": "Baltic Yarn"}]
    assert api.ok('{ suppliers(where: {name: {contains: "Yarn"}}) { id } }') == {
        "suppliers": [{"id": second.supplier_id}]
    }
    assert api.ok("{ suppliers(sort: name_DESC, limit: 1) { name } }") == {
        "suppliers": [{"name": "Baltic Yarn"}]
    }
    assert api.ok(f"{{ supplier(id: {first.supplier_id}) {{ name warehouse {{ id }} }} }}") == {
        "supplier": {"name": "Acme Knits", "warehouse": {"id": DEFAULT_WAREHOUSE}}
    }
    assert api.ok("{ supplier(id: 999) { name } }") == {"supplier": None}


def test_connections_count_and_page(api: Api) -> None:
    supply = make_supply(api.database)
    deliveries = [deliver(api.database, supply, 1) for _ in range(3)]
    query = """query($after: String) {
      purchaseOrderDeliveryConnection(first: 2, after: $after, sort: id_ASC) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id number } }
      }
    }"""
    first = api.ok(query)["purchaseOrderDeliveryConnection"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in first["edges"]] == deliveries[:2]
    rest = api.ok(query, {"after": first["pageInfo"]["endCursor"]})[
        "purchaseOrderDeliveryConnection"
    ]
    assert [e["node"]["id"] for e in rest["edges"]] == deliveries[2:]
    assert rest["pageInfo"]["hasNextPage"] is False
    orders = api.ok(
        "{ purchaseOrderConnection(where: {status: OPEN}) { totalCount edges { node { id } } } }"
    )
    assert orders == {
        "purchaseOrderConnection": {
            "totalCount": 1,
            "edges": [{"node": {"id": supply.purchase_order_id}}],
        }
    }


def test_sensitive_fields_need_their_nested_permissions(api: Api) -> None:
    supply = make_supply(api.database)
    query = (
        "{ purchaseOrders { id internalComment shippingAddress supplierAddress "
        "supplier { name address comment } } }"
    )
    token = api.token("PurchaseOrder:read", "Supplier:read")
    response = api.query(query, token=token)
    assert response.data == {
        "purchaseOrders": [
            {
                "id": supply.purchase_order_id,
                "internalComment": None,
                "shippingAddress": None,
                "supplierAddress": None,
                "supplier": {"name": "Acme Knits", "address": None, "comment": None},
            }
        ]
    }
    assert sorted((e["message"], tuple(e["path"])) for e in response.errors) == [
        (
            "You need PurchaseOrder.internalComment:read permission to access internalComment.",
            ("purchaseOrders", 0, "internalComment"),
        ),
        (
            "You need PurchaseOrder.shippingAddress:read permission to access shippingAddress.",
            ("purchaseOrders", 0, "shippingAddress"),
        ),
        (
            "You need PurchaseOrder.supplierAddress:read permission to access supplierAddress.",
            ("purchaseOrders", 0, "supplierAddress"),
        ),
        (
            "You need Supplier.address:read permission to access address.",
            ("purchaseOrders", 0, "supplier", "address"),
        ),
        (
            "You need Supplier.comment:read permission to access comment.",
            ("purchaseOrders", 0, "supplier", "comment"),
        ),
    ]
    assert all(e["extensions"]["category"] == "authorization" for e in response.errors)
    allowed = api.token(
        "PurchaseOrder:read",
        "Supplier:read",
        "PurchaseOrder.internalComment:read",
        "PurchaseOrder.shippingAddress:read",
        "PurchaseOrder.supplierAddress:read",
        "Supplier.address:read",
        "Supplier.comment:read",
    )
    assert api.ok(query, token=allowed)["purchaseOrders"][0] == {
        "id": supply.purchase_order_id,
        "internalComment": "Secret",
        "shippingAddress": "Default Warehouse\nStockholm\nSweden",
        "supplierAddress": "Acme Knits\nMill Street 1",
        "supplier": {
            "name": "Acme Knits",
            "address": "Acme Knits\nMill Street 1",
            "comment": "Pays late",
        },
    }


def test_related_objects_need_their_own_read_permission(api: Api) -> None:
    _accepted_and_pending(api)
    token = api.token("PurchaseOrderDelivery:read")
    response = api.query(CLIENT_DELIVERIES, {"page": 1}, token=token)
    (delivery,) = response.data["purchaseOrderDeliveries"]
    assert (delivery["supplier"], delivery["warehouse"], delivery["purchaseOrder"]) == (
        None,
        None,
        None,
    )
    assert all(
        (line["productSize"], line["product"], line["productVariant"]) == (None, None, None)
        for line in delivery["lines"]
    )
    messages = {e["message"] for e in response.errors}
    assert messages == {
        "You need Supplier:read permission to access supplier.",
        "You need Warehouse:read permission to access warehouse.",
        "You need PurchaseOrder:read permission to access purchaseOrder.",
        "You need ProductSize:read permission to access productSize.",
        "You need Product:read permission to access product.",
        "You need ProductVariant:read permission to access productVariant.",
    }
    # One error per place: 3 on the delivery, 3 on each of its 3 lines.
    assert len(response.errors) == 3 + 3 * 3


def test_a_variants_supply_lists_its_suppliers(api: Api) -> None:
    first = make_supply(api.database, "Zeta Mills")
    variant_id = first.product.variant_ids[0]
    sizes = first.product.size_ids[0]
    accept_delivery(Writer.system(api.database), deliver(api.database, first, 3))
    second_supplier = create_supplier(Writer.system(api.database), SupplierCreate("Alpha Wool"))
    create_purchase_order(
        Writer.system(api.database),
        PurchaseOrderCreate(
            second_supplier,
            [PurchaseOrderLineInput(Reference(id=sizes[0]), 7)],
            warehouse=Reference(id=2),
        ),
    )
    cancelled_supplier = create_supplier(
        Writer.system(api.database), SupplierCreate("Beta Cancelled")
    )
    cancelled = create_purchase_order(
        Writer.system(api.database),
        PurchaseOrderCreate(
            cancelled_supplier,
            [PurchaseOrderLineInput(Reference(id=sizes[1]), 5)],
            warehouse=Reference(id=2),
        ),
    )
    cancel_purchase_order(Writer.system(api.database), cancelled)
    query = """query($id: Int!, $other: Int!) {
      productVariant(id: $id) {
        supply { supplier { name } orderedQuantity deliveredQuantity purchaseOrderCount }
      }
      other: productVariant(id: $other) { supply { orderedQuantity } }
    }"""
    variables = {"id": variant_id, "other": first.product.variant_ids[1]}
    data = api.ok(query, variables)
    assert data["productVariant"]["supply"] == [
        {
            "supplier": {"name": "Alpha Wool"},
            "orderedQuantity": 7,
            "deliveredQuantity": 0,
            "purchaseOrderCount": 1,
        },
        {
            "supplier": {"name": "Zeta Mills"},
            "orderedQuantity": 30,
            "deliveredQuantity": 9,
            "purchaseOrderCount": 1,
        },
    ]
    assert data["other"] == {"supply": []}
    token = api.token("ProductVariant:read")
    response = api.query(query, variables, token=token)
    assert response.data["productVariant"] == {"supply": None}
    assert response.errors[0]["message"] == (
        "You need ProductVariantSupply:read permission to access supply."
    )
    assert response.errors[0]["path"] == ["productVariant", "supply"]
