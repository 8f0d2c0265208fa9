"""Permission-matrix cases of the supplier module (suppliers, purchase orders, deliveries).

The API only reads these, so the setup makes a supplier through the service."""

from __future__ import annotations

from mercato.db.database import Database
from mercato.db.unit_of_work import Writer
from mercato.supply.suppliers import SupplierCreate, create_supplier
from tests.permission_cases import Case


def _supplier(database: Database) -> None:
    create_supplier(Writer.system(database), SupplierCreate("Matrix Supplier"))


CASES: dict[str, Case] = {
    "supplier": Case("{ supplier(id: 1) { id name } }", ("Supplier:read",), setup=(_supplier,)),
    "suppliers": Case("{ suppliers { id } }", ("Supplier:read",)),
    "purchaseOrders": Case("{ purchaseOrders { id } }", ("PurchaseOrder:read",)),
    "purchaseOrderConnection": Case(
        "{ purchaseOrderConnection(first: 5) { totalCount } }", ("PurchaseOrder:read",)
    ),
    "purchaseOrderDeliveries": Case(
        "{ purchaseOrderDeliveries(where: {status: INSERTED}) { id } }",
        ("PurchaseOrderDelivery:read",),
    ),
    "purchaseOrderDeliveryConnection": Case(
        "{ purchaseOrderDeliveryConnection(first: 5) { totalCount } }",
        ("PurchaseOrderDelivery:read",),
    ),
}
