"""Statement budgets: every supply list costs one statement per level, however many rows
there are."""

from __future__ import annotations

from mercato.db.unit_of_work import Writer
from mercato.supply.deliveries import accept_delivery
from tests.supply.support import CLIENT_DELIVERIES, deliver, make_supply
from tests.support import Api, StatementLog

PURCHASE_ORDERS = """{
  purchaseOrders(limit: 200) {
    id number status currency { code } supplier { name warehouse { id } } warehouse { name }
    lines { quantity deliveredQuantity unitCost { value } currency { code } productSize { id }
            productVariant { id } product { id } }
    deliveries { id lines { quantity landedCost { value } purchaseOrderLine { id } } }
  }
}"""

CONNECTIONS = """{
  purchaseOrderConnection(first: 100) { totalCount edges { node { id lines { quantity } } } }
  purchaseOrderDeliveryConnection(first: 100) {
    totalCount edges { node { id supplier { name } lines { quantity } } }
  }
}"""

SUPPLIERS = "{ suppliers(limit: 200) { id name address comment warehouse { name } } }"

VARIANT_SUPPLY = """{
  productVariants(limit: 200) { id supply { supplier { name } orderedQuantity } }
}"""

QUERIES = (CLIENT_DELIVERIES, PURCHASE_ORDERS, CONNECTIONS, SUPPLIERS, VARIANT_SUPPLY)


def _statements_for(api: Api, statements: StatementLog, query: str) -> int:
    api.ok(query, {"page": 1} if query is CLIENT_DELIVERIES else None)  # warm
    statements.reset()
    api.ok(query, {"page": 1} if query is CLIENT_DELIVERIES else None)
    return statements.count


def _grow(api: Api, count: int, first: int) -> None:
    """``count`` more suppliers, each with an order, an accepted and a pending delivery."""
    for index in range(first, first + count):
        supply = make_supply(api.database, f"Supplier {index}")
        accept_delivery(
            Writer.system(api.database), deliver(api.database, supply, 2, landed_cost=3)
        )
        deliver(api.database, supply, 1)


def test_supply_lists_cost_one_statement_per_level(api: Api, statements: StatementLog) -> None:
    _grow(api, 1, 0)
    few = {query: _statements_for(api, statements, query) for query in QUERIES}
    _grow(api, 8, 1)
    many = {query: _statements_for(api, statements, query) for query in QUERIES}
    assert few == many
    # 1 authentication + deliveries, supplier, warehouse, purchase order, lines, the
    # currencies lookup of the costs, product size, product, variant, and the currency of
    # each of the three costs (one statement each, whatever the number of lines).
    assert many[CLIENT_DELIVERIES] == 1 + 9 + 3
    # 1 authentication + orders, currency, supplier, its warehouse, warehouse, lines,
    # lookup, line currency, size, variant, product, deliveries, their lines, order line.
    assert many[PURCHASE_ORDERS] == 1 + 14
    # 1 authentication + per connection: count, nodes, lines (+ the deliveries' supplier).
    assert many[CONNECTIONS] == 1 + 3 + 4
    # 1 authentication + suppliers, warehouse.
    assert many[SUPPLIERS] == 1 + 2
    # 1 authentication + variants, supply, supplier.
    assert many[VARIANT_SUPPLY] == 1 + 3
