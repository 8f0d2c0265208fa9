"""Permission-matrix cases of the pricing root fields (pricelists, prices, alterations).

Setups create what a case needs through the API and name pricelists by external id, so the
cases hold whether or not the demo pricelists are loaded."""

from __future__ import annotations

from tests.permission_cases import Case

PRICELIST = (
    'mutation { createPricelist(input: {name: "Matrix", status: ACTIVE, store: {id: 1}, '
    'currencyIsoCode: "SEK", externalId: "matrix"}) { userErrors { message } } }'
)
WHOLESALE_PRICELIST = (
    'mutation { createPricelist(input: {name: "Matrix EUR", status: ACTIVE, store: {id: 2}, '
    'currencyIsoCode: "EUR", externalId: "matrix-eur"}) { userErrors { message } } }'
)
ALTERATION = (
    'mutation { createPriceAlteration(input: {name: "Matrix", status: ACTIVE, store: {id: 2}, '
    'startDate: "2027-03-01"}) { userErrors { message } } }'
)

CASES: dict[str, Case] = {
    "pricelist": Case(
        '{ pricelist(externalId: "matrix") { id } }', ("Pricelist:read",), setup=(PRICELIST,)
    ),
    "pricelists": Case("{ pricelists { id } }", ("Pricelist:read",)),
    "priceAlteration": Case(
        "{ priceAlteration(id: 1) { id } }", ("Price:read",), setup=(ALTERATION,)
    ),
    "priceAlterations": Case("{ priceAlterations { id } }", ("Price:read",)),
    "createPricelist": Case(PRICELIST, ("Pricelist:write",)),
    "updatePricelist": Case(
        'mutation { updatePricelist(externalId: "matrix", input: {comment: "x"}) '
        "{ userErrors { message } } }",
        ("Pricelist:write",),
        setup=(PRICELIST,),
    ),
    "deletePricelist": Case(
        'mutation { deletePricelist(externalId: "matrix") { userErrors { message } } }',
        ("Pricelist:write",),
        setup=(PRICELIST,),
    ),
    "setPrices": Case(
        'mutation { setPrices(input: {pricelist: {externalId: "matrix"}, productPrices: []}) '
        "{ userErrors { message } } }",
        ("Price:write",),
        setup=(PRICELIST,),
    ),
    "createPriceAlteration": Case(ALTERATION, ("Price:write",)),
    "updatePriceAlteration": Case(
        'mutation { updatePriceAlteration(id: 1, input: {name: "Renamed"}) '
        "{ userErrors { message } } }",
        ("Price:write",),
        setup=(ALTERATION,),
    ),
    "setAlteredPrices": Case(
        "mutation { setAlteredPrices(input: {priceAlteration: {id: 1}, "
        'pricelist: {externalId: "matrix-eur"}, productPrices: []}) { userErrors { message } } }',
        ("Price:write",),
        setup=(ALTERATION, WHOLESALE_PRICELIST),
    ),
}
