"""Permission-matrix cases of the stock writes and the stock ledger."""

from __future__ import annotations

from tests.permission_cases import Case

CASES: dict[str, Case] = {
    "stockChangeConnection": Case(
        "{ stockChangeConnection { totalCount } }", ("StockChange:read",)
    ),
    "stockChangeLines": Case("{ stockChangeLines { id } }", ("StockChange:read",)),
    "stockChangeLineConnection": Case(
        "{ stockChangeLineConnection { totalCount } }", ("StockChange:read",)
    ),
    "setStock": Case(
        "mutation { setStock(input: {warehouse: {id: 1}, productVariants: []}) "
        "{ userErrors { message } } }",
        ("StockChange:write",),
    ),
    "changeStock": Case(
        "mutation { changeStock(input: {intoWarehouse: {id: 1}, productVariants: []}) "
        "{ userErrors { message } } }",
        ("StockChange:write",),
    ),
}
