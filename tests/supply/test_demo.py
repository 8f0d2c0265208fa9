"""The supply demo: suppliers, purchase orders and deliveries against the catalog."""

from __future__ import annotations

from mercato.db.database import Database
from mercato.supply.demo import load_supply_demo
from tests.factories import make_product
from tests.supply.support import DEFAULT_WAREHOUSE, physical, snapshot
from tests.support import Api


def test_the_demo_orders_the_first_variants_and_delivers_some(database: Database) -> None:
    first = make_product(database, "Sweater", variants=("Red", "Blue"))
    make_product(database, "Cardigan")

    assert load_supply_demo(database) is True

    tables = snapshot(database)
    assert [s.name for s in tables["suppliers"]] == ["Nordic Knitwear AB", "Atlantic Cotton Ltd"]
    assert [(o.number, o.status, o.warehouse_id) for o in tables["purchase_orders"]] == [
        ("PO-1001", "OPEN", DEFAULT_WAREHOUSE),
        ("PO-1002", "OPEN", DEFAULT_WAREHOUSE),
    ]
    assert [(d.number, d.status) for d in tables["purchase_order_deliveries"]] == [
        ("PO-1001-1", "INSERTED"),
        ("PO-1001-2", "CREATED"),
    ]
    ordered = {
        (line.purchase_order_id, line.product_size_id): line.quantity
        for line in tables["purchase_order_lines"]
    }
    red, blue = first.size_ids
    assert ordered == {
        **{(1, size): 20 for size in red},
        **{(2, size): 12 for size in blue},
    }
    assert physical(database) == {(DEFAULT_WAREHOUSE, size): 10 for size in red}

    assert load_supply_demo(database) is False  # idempotent
    assert snapshot(database) == tables


def test_without_products_the_demo_makes_only_the_suppliers(database: Database) -> None:
    assert load_supply_demo(database) is True
    tables = snapshot(database)
    assert len(tables["suppliers"]) == 2
    assert tables["purchase_orders"] == []


def test_the_demo_reads_through_the_api(api: Api) -> None:
    make_product(api.database, "Sweater")
    load_supply_demo(api.database)
    data = api.ok(
        "{ purchaseOrders(sort: number_ASC) { number currency { code } "
        "lines { unitCost { value } } } purchaseOrderDeliveries(where: {status: INSERTED}) "
        "{ number lines { landedCost { value } customsValue { value } } } }"
    )
    assert [
        (o["number"], o["currency"]["code"], o["lines"][0]["unitCost"]["value"])
        for o in data["purchaseOrders"]
    ] == [("PO-1001", "SEK", 150.0), ("PO-1002", "EUR", 9.5)]
    (delivery,) = data["purchaseOrderDeliveries"]
    assert delivery["number"] == "PO-1001-1"
    assert delivery["lines"][0] == {
        "landedCost": {"value": 172.5},
        "customsValue": {"value": 150.0},
    }
