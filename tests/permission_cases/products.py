"""Permission-matrix cases of the products root fields (products, variants, product sizes).

Objects a case needs are created by its ``setup`` and named by the external ids it gives
them (the tokens of the matrix share the setup's integration); ``updateProductSize`` takes
only an id, and ID 1 exists once the setup has activated a size.
"""

from __future__ import annotations

from tests.permission_cases import Case


def _mutation(field: str, arguments: str) -> str:
    return f"mutation {{ {field}({arguments}) {{ userErrors {{ message }} }} }}"


CHART = _mutation(
    "createSizeChart",
    'input: {name: "Matrix sizes", horizontalLabels: ["S", "M"], externalId: "matrix-sizes"}',
)
PRODUCT = _mutation(
    "createProduct", 'input: {name: "Matrix product", productNumber: "MX1", externalId: "mx1"}'
)
VARIANT = _mutation(
    "createProductVariant",
    'input: {product: {externalId: "mx1"}, name: "Matrix variant", externalId: "mx1-v", '
    'sizeChart: {externalId: "matrix-sizes"}, productSizes: [{size: {name: "M"}}]}',
)
SETUP = (CHART, PRODUCT, VARIANT)

CASES: dict[str, Case] = {
    "product": Case('{ product(externalId: "mx1") { id } }', ("Product:read",), setup=SETUP),
    "products": Case("{ products { id } }", ("Product:read",)),
    "productConnection": Case("{ productConnection { totalCount } }", ("Product:read",)),
    "productVariant": Case(
        '{ productVariant(externalId: "mx1-v") { id } }', ("ProductVariant:read",), setup=SETUP
    ),
    "productVariants": Case("{ productVariants { id } }", ("ProductVariant:read",)),
    "productVariantConnection": Case(
        "{ productVariantConnection { totalCount } }", ("ProductVariant:read",)
    ),
    "productSizes": Case("{ productSizes { id } }", ("ProductSize:read",)),
    "productSizeConnection": Case(
        "{ productSizeConnection(first: 5) { edges { cursor } } }", ("ProductSize:read",)
    ),
    "createProduct": Case(
        _mutation("createProduct", 'input: {name: "New product", productNumber: "NEW1"}'),
        ("Product:write",),
    ),
    "updateProduct": Case(
        _mutation("updateProduct", 'externalId: "mx1", input: {status: INACTIVE}'),
        ("Product:write",),
        setup=SETUP,
    ),
    "createProductVariant": Case(
        _mutation(
            "createProductVariant",
            'input: {product: {externalId: "mx1"}, name: "Second", '
            'sizeChart: {externalId: "matrix-sizes"}, productSizes: [{size: {name: "S"}}]}',
        ),
        ("ProductVariant:write",),
        setup=SETUP,
    ),
    "updateProductVariant": Case(
        _mutation("updateProductVariant", 'externalId: "mx1-v", input: {name: "Renamed"}'),
        ("ProductVariant:write",),
        setup=SETUP,
    ),
    "createProductSize": Case(
        _mutation(
            "createProductSize",
            'input: {productVariant: {externalId: "mx1-v"}, size: {name: "S"}, sizeNumber: "1"}',
        ),
        ("ProductVariant:write",),
        setup=SETUP,
    ),
    "updateProductSize": Case(
        _mutation("updateProductSize", "id: 1, input: {preorder: true}"),
        ("ProductVariant:write",),
        setup=SETUP,
    ),
}
