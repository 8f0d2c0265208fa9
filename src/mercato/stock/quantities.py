"""Stock's read model: every quantity of ``Stock`` and ``StockTotals``, derived from facts.

Nothing here is stored: every quantity is derived at read time from the facts in
``mercato.db.stock_tables`` (docs/architecture.md, "Stock"). One derived table
(``STOCK_ROWS``) yields a row per (warehouse, product size) that has a fact: a stock row, an
order's reservation, an open purchase order line or an announced delivery line, and a row per
(warehouse, bundle size) where a component of the bundle has a stock row. Its columns are the
raw sums; ``free_to_allocate`` and the other differences are computed from them, so a
``StockTotals`` object (the sums of the rows) follows the same formulas.

This module is the one definition of those formulas: the API binds it to GraphQL names
(``mercato.api.stock``), and allocation (``mercato.stock.reservations``, the orders' claims)
checks free-to-allocate stock with ``free_to_allocate`` over the same facts
(``ALLOCATED_SUM``).

The derived table is written so that both databases push a parent filter (a product size,
variant or warehouse) down to the indexes of every fact table: its key sets are disjoint
``UNION ALL`` branches (SQLite flattens those, it does not push filters into ``UNION`` or
aggregates) and the quantities are correlated subqueries on each key. Reading stock costs
one statement per nesting level and time proportional to the rows read, not to the table.
"""

from __future__ import annotations

#: The reservation state that takes stock out of free-to-allocate.
ALLOCATED = "ALLOCATED"

#: What orders have allocated of a warehouse's stock of a product size: SQL over reservations
#: ``r``, with ``{warehouse}`` and ``{size}`` the expressions naming the pair.
ALLOCATED_SUM = (
    "(SELECT COALESCE(SUM(r.quantity), 0) FROM stock_reservations r WHERE r.warehouse_id ="
    " {warehouse} AND r.product_size_id = {size} AND r.state = 'ALLOCATED')"
)


def allocated_sum(warehouse: str, size: str) -> str:
    """``ALLOCATED_SUM`` for the given warehouse and product size expressions."""
    return ALLOCATED_SUM.format(warehouse=warehouse, size=size)


_NOT_BUNDLE = (
    " AND NOT EXISTS (SELECT 1 FROM bundles b WHERE b.product_variant_id = ps.product_variant_id)"
)


def _no_stock_row(warehouse: str, size: str) -> str:
    return (
        " AND NOT EXISTS (SELECT 1 FROM stock x WHERE x.warehouse_id = "
        f"{warehouse} AND x.product_size_id = {size})"
    )


def _no_reservation(warehouse: str, size: str, before: str = "") -> str:
    return (
        " AND NOT EXISTS (SELECT 1 FROM stock_reservations x WHERE x.warehouse_id = "
        f"{warehouse} AND x.product_size_id = {size}{before})"
    )


def _no_open_line(warehouse: str, size: str, before: str = "") -> str:
    return (
        " AND NOT EXISTS (SELECT 1 FROM purchase_order_lines x"
        " JOIN purchase_orders xo ON xo.id = x.purchase_order_id"
        f" WHERE x.product_size_id = {size} AND xo.warehouse_id = {warehouse}"
        f" AND xo.status = 'OPEN'{before})"
    )


_NO_BUNDLE = "CAST(NULL AS INTEGER)"

#: Bundle sizes ``ps`` of bundles ``b``, in every warehouse ``w`` where a component of the
#: bundle has a stock row. (SQLite keeps CROSS JOIN's order: the few bundles first, then their
#: sizes by index.)
_BUNDLE_KEYS = (
    " FROM bundles b CROSS JOIN product_sizes ps CROSS JOIN warehouses w"
    " WHERE ps.product_variant_id = b.product_variant_id"
    " AND EXISTS (SELECT 1 FROM bundle_sections bs"
    " JOIN bundle_section_variants bsv ON bsv.bundle_section_id = bs.id"
    " JOIN product_sizes cps ON cps.product_variant_id = bsv.product_variant_id"
    " JOIN stock s ON s.product_size_id = cps.id AND s.warehouse_id = w.id"
    " WHERE bs.bundle_id = b.id)"
)

#: (warehouse, product size) pairs, each exactly once: a branch yields a pair only when no
#: earlier branch (nor an earlier row of its own table) does.
_KEYS = (
    # Stock rows.
    "SELECT s.warehouse_id, s.product_size_id, ps.product_variant_id, ps.size_id,"
    f" {_NO_BUNDLE} AS bundle_id"
    " FROM stock s JOIN product_sizes ps ON ps.id = s.product_size_id WHERE 1 = 1"
    + _NOT_BUNDLE
    + " UNION ALL "
    # Reservations without a stock row: the first reservation of each pair.
    f"SELECT r.warehouse_id, r.product_size_id, ps.product_variant_id, ps.size_id, {_NO_BUNDLE}"
    " FROM stock_reservations r JOIN product_sizes ps ON ps.id = r.product_size_id WHERE 1 = 1"
    + _NOT_BUNDLE
    + _no_stock_row("r.warehouse_id", "r.product_size_id")
    + _no_reservation("r.warehouse_id", "r.product_size_id", " AND x.id < r.id")
    + " UNION ALL "
    # Lines of open purchase orders, expected in the order's warehouse.
    f"SELECT o.warehouse_id, l.product_size_id, ps.product_variant_id, ps.size_id, {_NO_BUNDLE}"
    " FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id"
    " JOIN product_sizes ps ON ps.id = l.product_size_id WHERE o.status = 'OPEN'"
    + _NOT_BUNDLE
    + _no_stock_row("o.warehouse_id", "l.product_size_id")
    + _no_reservation("o.warehouse_id", "l.product_size_id")
    + _no_open_line("o.warehouse_id", "l.product_size_id", " AND x.id < l.id")
    + " UNION ALL "
    # Lines of deliveries on their way, in the delivery's warehouse.
    f"SELECT d.warehouse_id, l.product_size_id, ps.product_variant_id, ps.size_id, {_NO_BUNDLE}"
    " FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
    " JOIN purchase_order_lines l ON l.id = dl.purchase_order_line_id"
    " JOIN product_sizes ps ON ps.id = l.product_size_id WHERE d.status = 'CREATED'"
    + _NOT_BUNDLE
    + _no_stock_row("d.warehouse_id", "l.product_size_id")
    + _no_reservation("d.warehouse_id", "l.product_size_id")
    + _no_open_line("d.warehouse_id", "l.product_size_id")
    + " AND NOT EXISTS (SELECT 1 FROM purchase_order_delivery_lines y"
    " JOIN purchase_order_deliveries yd ON yd.id = y.purchase_order_delivery_id"
    " JOIN purchase_order_lines yl ON yl.id = y.purchase_order_line_id"
    " WHERE yl.product_size_id = l.product_size_id AND yd.warehouse_id = d.warehouse_id"
    " AND yd.status = 'CREATED' AND y.id < dl.id)"
    " UNION ALL "
    # Bundle sizes, in every warehouse where a component has a stock row.
    "SELECT w.id, ps.id, ps.product_variant_id, ps.size_id, b.id" + _BUNDLE_KEYS
)


def _quantity(expression: str) -> str:
    """A quantity of an item's key (0 for a bundle's), as a plain integer column; 64 bits,
    since a sum may pass the 32 of an Int (the field is then an error, not the statement)."""
    return (
        f"CAST(CASE WHEN k.bundle_id IS NULL THEN COALESCE({expression}, 0) ELSE 0 END AS BIGINT)"
    )


def _reserved(condition: str) -> str:
    return _quantity(
        "(SELECT SUM(r.quantity) FROM stock_reservations r WHERE r.warehouse_id = k.warehouse_id"
        f" AND r.product_size_id = k.product_size_id AND {condition})"
    )


_ALLOCATED = _reserved("r.state = 'ALLOCATED'")
_DEMAND = _reserved("r.state = 'DEMAND'")
_LINKED = _reserved("r.state = 'LINKED'")
_UNSHIPPED = _reserved("NOT r.in_shipment")

_PHYSICAL = _quantity(
    "(SELECT s.physical_quantity FROM stock s"
    " WHERE s.warehouse_id = k.warehouse_id AND s.product_size_id = k.product_size_id)"
)

#: What one purchase order line has received: its lines in accepted deliveries.
_RECEIVED = (
    "COALESCE((SELECT SUM(dl.quantity) FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
    " WHERE dl.purchase_order_line_id = l.id AND d.status = 'INSERTED'), 0)"
)

#: What the open purchase orders of the warehouse still expect, each line at least 0.
_INCOMING = _quantity(
    f"(SELECT SUM(CASE WHEN l.quantity > {_RECEIVED} THEN l.quantity - {_RECEIVED} ELSE 0 END)"
    " FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id"
    " WHERE l.product_size_id = k.product_size_id AND o.warehouse_id = k.warehouse_id"
    " AND o.status = 'OPEN')"
)

_ON_DELIVERY = _quantity(
    "(SELECT SUM(dl.quantity) FROM purchase_order_delivery_lines dl"
    " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
    " JOIN purchase_order_lines l ON l.id = dl.purchase_order_line_id"
    " WHERE l.product_size_id = k.product_size_id AND d.warehouse_id = k.warehouse_id"
    " AND d.status = 'CREATED')"
)

#: Free to allocate of one component stock row ``s``.
_COMPONENT_FREE = (
    "s.physical_quantity - COALESCE((SELECT SUM(r.quantity) FROM stock_reservations r"
    " WHERE r.warehouse_id = s.warehouse_id AND r.product_size_id = s.product_size_id"
    " AND r.state = 'ALLOCATED'), 0)"
)

#: How many bundles the warehouse's components make: per section the best candidate item's
#: free-to-allocate divided by the section's quantity (rounded down), the least over the
#: sections; 0 when a section has no candidate with a stock row there.
_BUNDLE = (
    "CAST(CASE WHEN k.bundle_id IS NULL THEN 0 ELSE COALESCE((SELECT"
    " CASE WHEN COUNT(*) = (SELECT COUNT(*) FROM bundle_sections y WHERE y.bundle_id = k.bundle_id)"
    " THEN MIN(x.supply) ELSE 0 END FROM ("
    f"SELECT MAX(CASE WHEN {_COMPONENT_FREE} > 0 THEN ({_COMPONENT_FREE}) / bs.quantity ELSE 0 END)"
    " AS supply FROM bundle_sections bs"
    " JOIN bundle_section_variants bsv ON bsv.bundle_section_id = bs.id"
    " JOIN product_sizes cps ON cps.product_variant_id = bsv.product_variant_id"
    " JOIN stock s ON s.product_size_id = cps.id AND s.warehouse_id = k.warehouse_id"
    " WHERE bs.bundle_id = k.bundle_id GROUP BY bs.id) x), 0) END AS INTEGER)"
)

#: One row per (warehouse, product size) with stock facts, with the columns parents, filters
#: and sorts use (no quantity); ``id`` is a key made of both.
STOCK_KEYS = (
    "(SELECT k.warehouse_id * 2147483648 + k.product_size_id AS id, k.warehouse_id,"
    " k.product_size_id, k.product_variant_id, v.product_id, sz.position AS size_position,"
    f" k.bundle_id FROM ({_KEYS}) k CROSS JOIN product_variants v CROSS JOIN sizes sz"
    " WHERE v.id = k.product_variant_id AND sz.id = k.size_id)"
)

#: The quantities of key rows: SQL with ``{keys}`` where ``STOCK_KEYS`` (or one page of it)
#: goes, aliased ``k``.
STOCK_QUANTITIES_OVER_KEYS = (
    "(SELECT k.*,"
    f" {_PHYSICAL} AS physical_quantity,"
    f" {_ALLOCATED} AS allocated_quantity,"
    f" {_DEMAND} AS demand_quantity,"
    f" {_LINKED} AS linked_quantity,"
    f" {_UNSHIPPED} AS unshipped_quantity,"
    f" {_INCOMING} AS incoming_quantity,"
    f" {_ON_DELIVERY} AS on_delivery_quantity,"
    f" {_BUNDLE} AS bundle_quantity"
    " FROM {keys} k)"
)

#: One row per (warehouse, product size) with stock facts and its quantities.
STOCK_ROWS = STOCK_QUANTITIES_OVER_KEYS.replace("{keys}", STOCK_KEYS)

#: The quantities' columns, in the order the facts below give them.
_COLUMNS = (
    "physical_quantity",
    "allocated_quantity",
    "demand_quantity",
    "linked_quantity",
    "unshipped_quantity",
    "incoming_quantity",
    "on_delivery_quantity",
    "bundle_quantity",
)


def _fact(key: str, source: str, **quantities: str) -> str:
    """One kind of fact as rows of (warehouse, product size, variant) and what each adds to
    every quantity (0 to those it does not touch)."""
    values = ", ".join(
        f"CAST({quantities.get(column, '0')} AS INTEGER) AS {column}" for column in _COLUMNS
    )
    return f"SELECT {key}, {values} {source}"


def _state(state: str) -> str:
    return f"CASE WHEN r.state = '{state}' THEN r.quantity ELSE 0 END"


#: Every fact once, with what it adds to the quantities of its (warehouse, product size) row:
#: the sums of a row's facts are its quantities, so ``StockTotals`` sums facts directly, without
#: finding the rows first (the same sums, one pass over the facts and no correlated subquery).
STOCK_FACTS = (
    "("
    + _fact(
        "s.warehouse_id, s.product_size_id, ps.product_variant_id",
        "FROM stock s JOIN product_sizes ps ON ps.id = s.product_size_id WHERE 1 = 1" + _NOT_BUNDLE,
        physical_quantity="s.physical_quantity",
    )
    + " UNION ALL "
    + _fact(
        "r.warehouse_id, r.product_size_id, ps.product_variant_id",
        "FROM stock_reservations r JOIN product_sizes ps ON ps.id = r.product_size_id"
        " WHERE 1 = 1" + _NOT_BUNDLE,
        allocated_quantity=_state("ALLOCATED"),
        demand_quantity=_state("DEMAND"),
        linked_quantity=_state("LINKED"),
        unshipped_quantity="CASE WHEN r.in_shipment THEN 0 ELSE r.quantity END",
    )
    + " UNION ALL "
    + _fact(
        "o.warehouse_id, l.product_size_id, ps.product_variant_id",
        "FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id"
        " JOIN product_sizes ps ON ps.id = l.product_size_id WHERE o.status = 'OPEN'" + _NOT_BUNDLE,
        incoming_quantity=(
            f"CASE WHEN l.quantity > {_RECEIVED} THEN l.quantity - {_RECEIVED} ELSE 0 END"
        ),
    )
    + " UNION ALL "
    + _fact(
        "d.warehouse_id, l.product_size_id, ps.product_variant_id",
        "FROM purchase_order_delivery_lines dl"
        " JOIN purchase_order_deliveries d ON d.id = dl.purchase_order_delivery_id"
        " JOIN purchase_order_lines l ON l.id = dl.purchase_order_line_id"
        " JOIN product_sizes ps ON ps.id = l.product_size_id WHERE d.status = 'CREATED'"
        + _NOT_BUNDLE,
        on_delivery_quantity="dl.quantity",
    )
    + " UNION ALL "
    + _fact(
        "w.id, ps.id, ps.product_variant_id",
        _BUNDLE_KEYS.lstrip(),
        bundle_quantity=_BUNDLE.replace("k.bundle_id", "b.id").replace("k.warehouse_id", "w.id"),
    )
    + ")"
)


# -- the formulas (for one row or for the sums of rows) ----------------------------------------


def free_to_allocate(physical: int, allocated: int, bundle: int) -> int:
    return int(physical) - int(allocated) + int(bundle)


def available_now(physical: int, allocated: int, bundle: int, demand: int) -> int:
    return free_to_allocate(physical, allocated, bundle) - int(demand)


def available(physical: int, allocated: int, bundle: int, demand: int, incoming: int) -> int:
    return available_now(physical, allocated, bundle, demand) + int(incoming)


def difference(minuend: int, subtrahend: int) -> int:
    return int(minuend) - int(subtrahend)


def whole(value: int) -> int:
    return int(value)
