"""Permission-matrix cases of the displays root fields (displays, display items, market
displays, bundles).

Objects a case needs are created by its ``setup``: the size chart and the product are named
by the external ids the setup gives them; displays and bundles have no external id at
creation, so the single-object cases use ID 1, which the setup's display or bundle gets (the
demo database holds none)."""

from __future__ import annotations

from tests.permission_cases import Case


def _mutation(field: str, arguments: str) -> str:
    return f"mutation {{ {field}({arguments}) {{ userErrors {{ message }} }} }}"


CHART = _mutation(
    "createSizeChart",
    'input: {name: "Display matrix chart", horizontalLabels: ["One Size"], '
    'externalId: "display-matrix-chart"}',
)
PRODUCT = _mutation(
    "createProduct",
    'input: {name: "Display matrix", productNumber: "DM1", externalId: "display-matrix"}',
)
DISPLAY = _mutation(
    "createDisplay",
    'input: {store: {id: 1}, product: {externalId: "display-matrix"}, name: "Matrix", '
    "status: ACTIVE}",
)
BUNDLE_INPUT = (
    'input: {product: {name: "Matrix bundle", productNumber: "BM1"}, type: FIXED, '
    'priceType: STATIC, sizeChart: {externalId: "display-matrix-chart"}}'
)
BUNDLE = _mutation("createBundle", BUNDLE_INPUT)
MARKET_DISPLAYS = "input: {market: {id: 1}, displays: [{id: 1}]}"

CASES: dict[str, Case] = {
    "display": Case("{ display(id: 1) { id } }", ("Display:read",), setup=(PRODUCT, DISPLAY)),
    "displays": Case("{ displays { id } }", ("Display:read",)),
    "displayConnection": Case("{ displayConnection { totalCount } }", ("Display:read",)),
    "displayItems": Case("{ displayItems { id } }", ("Display:read",)),
    "createDisplay": Case(DISPLAY, ("Display:write",), setup=(PRODUCT,)),
    "updateDisplay": Case(
        _mutation("updateDisplay", 'id: 1, input: {name: "Renamed"}'),
        ("Display:write",),
        setup=(PRODUCT, DISPLAY),
    ),
    "setMarketDisplays": Case(
        _mutation("setMarketDisplays", MARKET_DISPLAYS),
        ("Display:write",),
        setup=(PRODUCT, DISPLAY),
    ),
    "unsetMarketDisplays": Case(
        _mutation("unsetMarketDisplays", MARKET_DISPLAYS),
        ("Display:write",),
        setup=(PRODUCT, DISPLAY, _mutation("setMarketDisplays", MARKET_DISPLAYS)),
    ),
    "bundle": Case("{ bundle(id: 1) { id } }", ("Bundle:read",), setup=(CHART, BUNDLE)),
    "bundles": Case("{ bundles { id } }", ("Bundle:read",)),
    "bundleConnection": Case("{ bundleConnection { totalCount } }", ("Bundle:read",)),
    "createBundle": Case(BUNDLE, ("Bundle:write",), setup=(CHART,)),
    "updateBundle": Case(
        _mutation("updateBundle", "id: 1, input: {type: FLEXIBLE}"),
        ("Bundle:write",),
        setup=(CHART, BUNDLE),
    ),
}
